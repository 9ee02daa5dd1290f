/*
 * stdio backend: input from fd 0, output to fd 1.  A terminal is put in
 * raw mode while Kemu runs (signal=on keeps Ctrl-C as SIGINT, which the
 * main loop turns into a clean quit) and restored on every way out: close,
 * exit() via atexit, and fatal signals.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "system/main-loop.h"
#include "util/keyval.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

typedef struct StdioChardev {
    Chardev parent;
    bool allow_signals;
} StdioChardev;

static struct termios saved_tio;
static int saved_fd = -1;
static bool stdio_in_use;

void chardev_term_restore(void)
{
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSANOW, &saved_tio);
        saved_fd = -1;
    }
}

/* Restore the terminal, then die of the signal as we would have. */
static void term_fatal_signal(int sig)
{
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSANOW, &saved_tio);
    }
    raise(sig);
}

static void term_install_exit_hooks(void)
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
    static bool done;
    struct sigaction sa = {
        .sa_handler = term_fatal_signal,
        .sa_flags = SA_RESETHAND,
    };

    if (done) {
        return;
    }
    done = true;
    atexit(chardev_term_restore);
    for (size_t i = 0; i < G_N_ELEMENTS(fatal); i++) {
        sigaction(fatal[i], &sa, NULL);
    }
}

bool chardev_term_enter_raw(int fd, bool allow_signals)
{
    struct termios tio;

    if (!isatty(fd) || tcgetattr(fd, &tio) < 0) {
        return false;
    }
    if (saved_fd < 0) {
        saved_tio = tio;
        saved_fd = fd;
    }
    term_install_exit_hooks();
    /* Every byte straight through, but keep "\n" -> "\r\n" on output. */
    tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tio.c_oflag |= OPOST;
    tio.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals) {
        tio.c_lflag &= ~ISIG;
    }
    tio.c_cflag &= ~(CSIZE | PARENB);
    tio.c_cflag |= CS8;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &tio);
    return true;
}

static bool stdio_parse(Chardev *chr, Keyval *kv, Error **errp)
{
    StdioChardev *s = container_of(chr, StdioChardev, parent);

    s->allow_signals = true;
    return keyval_get_bool(kv, "signal", &s->allow_signals, errp);
}

static bool stdio_open(Chardev *chr, Error **errp)
{
    StdioChardev *s = container_of(chr, StdioChardev, parent);

    if (stdio_in_use) {
        error_setg(errp, "%s: stdio is already used by another chardev",
                   chr->opt_name);
        return false;
    }
    stdio_in_use = true;
    if (chardev_term_enter_raw(STDIN_FILENO, s->allow_signals)) {
        main_loop_install_signal_handlers();
    }
    chardev_input_start(chr, STDIN_FILENO);
    chr->be_open = true;
    return true;
}

static int stdio_write(Chardev *chr, const uint8_t *buf, int len)
{
    int n = chardev_write_fd(chr, STDOUT_FILENO, false, buf, len);

    return MAX(n, 0);
}

static void stdio_close(Chardev *chr)
{
    chardev_term_restore();
    stdio_in_use = false;
}

const ChardevClass chardev_stdio_class = {
    .name = "stdio",
    .instance_size = sizeof(StdioChardev),
    .parse = stdio_parse,
    .open = stdio_open,
    .write = stdio_write,
    .close = stdio_close,
};
