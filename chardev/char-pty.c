/*
 * pty backend: a pseudo-terminal whose slave side (/dev/pts/N) the user
 * opens with screen, minicom, ...  Kemu keeps a slave fd open itself, so
 * the master never sees a hang-up between user sessions; output that nobody
 * reads fills the pty and is then dropped (see chardev_write_fd).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

typedef struct PtyChardev {
    Chardev parent;
    int master;
    int slave;
} PtyChardev;

static bool pty_open(Chardev *chr, Error **errp)
{
    PtyChardev *p = container_of(chr, PtyChardev, parent);
    char name[64];
    struct termios tio;

    if (openpty(&p->master, &p->slave, name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "%s: pty: openpty failed",
                         chr->opt_name);
        return false;
    }
    /* A serial line, not a line editor. */
    if (tcgetattr(p->slave, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(p->slave, TCSANOW, &tio);
    }
    fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
    fcntl(p->master, F_SETFD, FD_CLOEXEC);
    fcntl(p->slave, F_SETFD, FD_CLOEXEC);
    chr->filename = g_strdup_printf("pty:%s", name);
    fprintf(stderr, "char device redirected to %s (label %s)\n", name,
            chr->id);
    chardev_input_start(chr, p->master);
    chr->be_open = true;
    return true;
}

static int pty_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *p = container_of(chr, PtyChardev, parent);
    int n = chardev_write_fd(chr, p->master, false, buf, len);

    return MAX(n, 0);
}

static void pty_close(Chardev *chr)
{
    PtyChardev *p = container_of(chr, PtyChardev, parent);

    close(p->master);
    close(p->slave);
}

const ChardevClass chardev_pty_class = {
    .name = "pty",
    .instance_size = sizeof(PtyChardev),
    .open = pty_open,
    .write = pty_write,
    .close = pty_close,
};
