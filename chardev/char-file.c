/*
 * file backend: path= (required), append=on|off (default off: truncate).
 * Output only.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "util/keyval.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct FileChardev {
    Chardev parent;
    char *path;
    bool append;
    int fd;
} FileChardev;

static bool file_parse(Chardev *chr, Keyval *kv, Error **errp)
{
    FileChardev *f = container_of(chr, FileChardev, parent);
    const char *path = keyval_get(kv, "path");

    if (!path || !*path) {
        error_setg(errp, "%s: file: 'path' is required", chr->opt_name);
        return false;
    }
    f->path = g_strdup(path);
    f->fd = -1;
    return keyval_get_bool(kv, "append", &f->append, errp);
}

static bool file_open(Chardev *chr, Error **errp)
{
    FileChardev *f = container_of(chr, FileChardev, parent);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC |
                (f->append ? O_APPEND : O_TRUNC);

    f->fd = open(f->path, flags, 0666);
    if (f->fd < 0) {
        error_setg_errno(errp, errno, "%s: cannot open '%s'", chr->opt_name,
                         f->path);
        return false;
    }
    chr->filename = g_strdup_printf("file:%s", f->path);
    chr->be_open = true;
    return true;
}

static int file_write(Chardev *chr, const uint8_t *buf, int len)
{
    FileChardev *f = container_of(chr, FileChardev, parent);
    int n = chardev_write_fd(chr, f->fd, false, buf, len);

    return MAX(n, 0);
}

static void file_close(Chardev *chr)
{
    FileChardev *f = container_of(chr, FileChardev, parent);

    close(f->fd);
}

static void file_finalize(Chardev *chr)
{
    g_free(container_of(chr, FileChardev, parent)->path);
}

const ChardevClass chardev_file_class = {
    .name = "file",
    .instance_size = sizeof(FileChardev),
    .parse = file_parse,
    .open = file_open,
    .write = file_write,
    .close = file_close,
    .finalize = file_finalize,
};
