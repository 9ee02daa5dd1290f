/*
 * -drive: parse the option string, open the image into a BlockBackend and
 * register it by id for the device that will use it.
 *
 * snapshot=on puts a temporary qcow2 overlay on top of the image: the
 * image itself is opened read-only as its backing file, and the overlay
 * file is unlinked as soon as it is open, so it disappears at exit even
 * after a crash.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block-backend.h"
#include "block-backend-int.h"
#include "util/keyval.h"

#include <unistd.h>

static GPtrArray *drives;

BlockBackend *blk_by_name(const char *id)
{
    for (guint i = 0; drives && i < drives->len; i++) {
        BlockBackend *blk = drives->pdata[i];

        if (!strcmp(blk->name, id)) {
            return blk;
        }
    }
    return NULL;
}

GPtrArray *blk_list(void)
{
    GPtrArray *list = g_ptr_array_new();

    for (guint i = 0; drives && i < drives->len; i++) {
        g_ptr_array_add(list, drives->pdata[i]);
    }
    return list;
}

void blockdev_forget(BlockBackend *blk)
{
    if (drives) {
        g_ptr_array_remove(drives, blk);
    }
}

void blockdev_close_all(void)
{
    while (drives && drives->len) {
        blk_unref(drives->pdata[drives->len - 1]);
    }
}

/* The first free "virtio<N>" / "none<N>". */
static char *blockdev_default_id(BlockInterfaceType iftype)
{
    const char *prefix = iftype == IF_VIRTIO ? "virtio" : "none";

    for (int n = 0;; n++) {
        g_autofree char *id = g_strdup_printf("%s%d", prefix, n);

        if (!blk_by_name(id)) {
            return g_steal_pointer(&id);
        }
    }
}

/* A temporary qcow2 overlay whose backing file is filename. */
static BlockDriverState *blockdev_snapshot_open(const char *filename,
                                                const char *fmt,
                                                BlockCacheMode cache,
                                                Error **errp)
{
    g_autofree char *base = realpath(filename, NULL);
    g_autofree char *tmp = NULL;
    const BlockDriver *drv;
    BlockDriverState *bs;
    BlockCreateOptions opts = { 0 };
    int fd;

    if (!base) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return NULL;
    }
    drv = fmt ? bdrv_find_format(fmt) : bdrv_probe_format(base, errp);
    if (!drv) {
        return NULL;
    }
    bs = bdrv_open(base, drv->format_name, BDRV_O_NO_BACKING, cache, errp);
    if (!bs) {
        return NULL;
    }
    opts.size = bdrv_getlength(bs);
    bdrv_close(bs);
    opts.backing_file = base;
    opts.backing_fmt = drv->format_name;
    fd = g_file_open_tmp("kemu-snapshot-XXXXXX.qcow2", &tmp, NULL);
    if (fd < 0) {
        error_setg(errp, "snapshot=on: could not create a temporary file");
        return NULL;
    }
    close(fd);
    bs = NULL;
    if (bdrv_create("qcow2", tmp, &opts, errp)) {
        bs = bdrv_open(tmp, "qcow2", BDRV_O_RDWR, cache, errp);
    }
    unlink(tmp);
    return bs;
}

typedef struct DriveOpts {
    const char *file;
    const char *format;
    const char *id;
    BlockInterfaceType iftype;
    BlockCacheMode cache;
    BlockAioMode aio;
    bool readonly;
    bool snapshot;
} DriveOpts;

static bool drive_parse(Keyval *kv, DriveOpts *o, Error **errp)
{
    const char *v;

    o->file = keyval_get(kv, "file");
    o->format = keyval_get(kv, "format");
    o->id = keyval_get(kv, "id");
    if (!o->file || !*o->file) {
        error_setg(errp, "-drive: parameter 'file' is missing");
        return false;
    }
    if (o->format && !bdrv_find_format(o->format)) {
        error_setg(errp, "-drive: format: unknown format '%s' (known: raw, "
                   "qcow2)", o->format);
        return false;
    }
    v = keyval_get(kv, "if");
    if (v && strcmp(v, "none") && strcmp(v, "virtio")) {
        error_setg(errp, "-drive: if: unsupported interface '%s' (use none "
                   "or virtio)", v);
        return false;
    }
    o->iftype = v && !strcmp(v, "virtio") ? IF_VIRTIO : IF_NONE;
    v = keyval_get(kv, "cache");
    o->cache = BDRV_CACHE_WRITEBACK;
    if (v && !bdrv_parse_cache_mode(v, &o->cache)) {
        error_setg(errp, "-drive: cache: invalid mode '%s' (writeback, "
                   "writethrough, none, directsync, unsafe)", v);
        return false;
    }
    v = keyval_get(kv, "aio");
    o->aio = v && !strcmp(v, "io_uring") ? BDRV_AIO_IO_URING
                                         : BDRV_AIO_THREADS;
    if (v && strcmp(v, "threads") && strcmp(v, "io_uring")) {
        error_setg(errp, "-drive: aio: invalid mode '%s' (threads, "
                   "io_uring)", v);
        return false;
    }
#ifndef CONFIG_LINUX_IO_URING
    if (o->aio == BDRV_AIO_IO_URING) {
        error_setg(errp, "-drive: aio=io_uring: this Kemu was built without "
                   "io_uring support (configure found no liburing-dev)");
        return false;
    }
#endif
    if (!keyval_get_bool(kv, "readonly", &o->readonly, errp) ||
        !keyval_get_bool(kv, "snapshot", &o->snapshot, errp)) {
        return false;
    }
    keyval_mark_used(kv, "media");
    return keyval_check_unused(kv, errp);
}

BlockBackend *blockdev_drive_new(const char *optstr, Error **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(optstr, NULL, errp);
    DriveOpts o = { 0 };
    BlockDriverState *bs;
    BlockBackend *blk;

    if (!kv) {
        error_prepend(errp, "-drive: ");
        return NULL;
    }
    keyval_set_option_name(kv, "-drive");
    if (!drive_parse(kv, &o, errp)) {
        return NULL;
    }
    if (o.id && blk_by_name(o.id)) {
        error_setg(errp, "-drive: id: a drive named '%s' already exists",
                   o.id);
        return NULL;
    }
    if (o.snapshot && !o.readonly) {
        bs = blockdev_snapshot_open(o.file, o.format, o.cache, errp);
    } else {
        bs = bdrv_open(o.file, o.format, o.readonly ? 0 : BDRV_O_RDWR,
                       o.cache, errp);
    }
    if (bs && !bdrv_set_aio(bs, o.aio, errp)) {
        bdrv_close(bs);
        bs = NULL;
    }
    if (!bs) {
        error_prepend(errp, "-drive file=%s: ", o.file);
        return NULL;
    }
    blk = blk_new_with_bs(bs, o.cache);
    blk->iftype = o.iftype;
    blk->name = o.id ? g_strdup(o.id) : blockdev_default_id(o.iftype);
    if (!drives) {
        drives = g_ptr_array_new();
    }
    g_ptr_array_add(drives, blk);
    return blk;
}
