/*
 * The generic half of the block layer: format lookup and probing,
 * opening an image with its backing chain, and the bdrv_* calls that
 * check a request and hand it to the driver.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"

#include <fcntl.h>
#include <unistd.h>

static const BlockDriver *const block_drivers[] = { &bdrv_qcow2, &bdrv_raw };

const BlockDriver *bdrv_find_format(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        if (!strcmp(block_drivers[i]->format_name, name)) {
            return block_drivers[i];
        }
    }
    return NULL;
}

const BlockDriver *bdrv_probe_format(const char *filename, Error **errp)
{
    uint8_t buf[512] = { 0 };
    const BlockDriver *best = &bdrv_raw;
    int best_score = 0;
    ssize_t len;
    int fd = open(filename, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return NULL;
    }
    len = pread(fd, buf, sizeof(buf), 0);
    close(fd);
    if (len < 0) {
        error_setg_errno(errp, errno, "Could not read '%s'", filename);
        return NULL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        const BlockDriver *drv = block_drivers[i];
        int score = drv->probe ? drv->probe(buf, len, filename) : 0;

        if (score > best_score) {
            best = drv;
            best_score = score;
        }
    }
    return best;
}

bool bdrv_parse_cache_mode(const char *str, BlockCacheMode *mode)
{
    static const char *const names[] = {
        [BDRV_CACHE_WRITEBACK] = "writeback",
        [BDRV_CACHE_WRITETHROUGH] = "writethrough",
        [BDRV_CACHE_NONE] = "none",
        [BDRV_CACHE_DIRECTSYNC] = "directsync",
        [BDRV_CACHE_UNSAFE] = "unsafe",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!strcmp(str, names[i])) {
            *mode = i;
            return true;
        }
    }
    return false;
}

/* The backing file name resolved against the directory of the overlay. */
static char *bdrv_backing_path(BlockDriverState *bs)
{
    g_autofree char *dir = NULL;

    if (g_path_is_absolute(bs->backing_file)) {
        return g_strdup(bs->backing_file);
    }
    dir = g_path_get_dirname(bs->filename);
    return g_build_filename(dir, bs->backing_file, NULL);
}

static BlockDriverState *bdrv_open_chain(const char *filename,
                                         const char *fmt, int flags,
                                         BlockCacheMode cache,
                                         GPtrArray *chain, Error **errp);

static bool bdrv_open_backing(BlockDriverState *bs, GPtrArray *chain,
                              Error **errp)
{
    g_autofree char *path = bdrv_backing_path(bs);
    int flags = (bs->open_flags & BDRV_O_NO_LOCK);

    if (chain->len >= BDRV_MAX_BACKING_DEPTH) {
        error_setg(errp, "Could not open backing file '%s' of '%s': backing "
                   "chain deeper than %d images (a loop?)", path,
                   bs->filename, BDRV_MAX_BACKING_DEPTH);
        return false;
    }
    bs->backing = bdrv_open_chain(path, bs->backing_format, flags,
                                  bs->cache, chain, errp);
    if (!bs->backing) {
        error_prepend(errp, "Could not open backing file of '%s': ",
                      bs->filename);
        return false;
    }
    return true;
}

/* Refuse a file that is already in the chain above it. */
static bool bdrv_chain_add(GPtrArray *chain, const char *filename,
                           Error **errp)
{
    g_autofree char *real = realpath(filename, NULL);

    if (!real) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return false;
    }
    for (guint i = 0; i < chain->len; i++) {
        if (!strcmp(chain->pdata[i], real)) {
            error_setg(errp, "Backing file loop: '%s' is its own backing "
                       "file (directly or through others)", filename);
            return false;
        }
    }
    g_ptr_array_add(chain, g_steal_pointer(&real));
    return true;
}

static BlockDriverState *bdrv_open_chain(const char *filename,
                                         const char *fmt, int flags,
                                         BlockCacheMode cache,
                                         GPtrArray *chain, Error **errp)
{
    const BlockDriver *drv;
    BlockDriverState *bs;
    int ret;

    if (!bdrv_chain_add(chain, filename, errp)) {
        return NULL;
    }
    if (fmt) {
        drv = bdrv_find_format(fmt);
        if (!drv) {
            error_setg(errp, "Unknown driver '%s'", fmt);
            return NULL;
        }
    } else {
        drv = bdrv_probe_format(filename, errp);
        if (!drv) {
            return NULL;
        }
        if (drv == &bdrv_raw) {
            warn_report("Image format was not specified for '%s' and probing "
                        "guessed raw. Automatically detecting the format is "
                        "dangerous for raw images, write operations on block "
                        "0 will be restricted. Specify the 'raw' format "
                        "explicitly to remove the restrictions.", filename);
        }
    }
    bs = g_new0(BlockDriverState, 1);
    bs->drv = drv;
    bs->opaque = g_malloc0(drv->instance_size);
    bs->filename = g_strdup(filename);
    bs->open_flags = flags;
    bs->cache = cache;
    bs->read_only = !(flags & BDRV_O_RDWR);
    bs->probed_raw = !fmt && drv == &bdrv_raw;
    ret = drv->open(bs, flags, errp);
    if (ret < 0) {
        g_free(bs->opaque);
        g_free(bs->filename);
        g_free(bs);
        return NULL;
    }
    if (bs->backing_file && !(flags & BDRV_O_NO_BACKING) &&
        !bdrv_open_backing(bs, chain, errp)) {
        bdrv_close(bs);
        return NULL;
    }
    return bs;
}

BlockDriverState *bdrv_open(const char *filename, const char *fmt,
                            int flags, BlockCacheMode cache, Error **errp)
{
    g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func(g_free);

    return bdrv_open_chain(filename, fmt, flags, cache, chain, errp);
}

void bdrv_close(BlockDriverState *bs)
{
    if (!bs) {
        return;
    }
    bs->drv->close(bs);
    bdrv_close(bs->backing);
    g_free(bs->backing_file);
    g_free(bs->backing_format);
    g_free(bs->opaque);
    g_free(bs->filename);
    g_free(bs);
}

bool bdrv_create(const char *fmt, const char *filename,
                 const BlockCreateOptions *opts, Error **errp)
{
    const BlockDriver *drv = bdrv_find_format(fmt);

    if (!drv) {
        error_setg(errp, "Unknown file format '%s'", fmt);
        return false;
    }
    return drv->create(filename, opts, errp);
}

static bool bdrv_range_ok(BlockDriverState *bs, uint64_t offset,
                          uint64_t bytes)
{
    int64_t len = bdrv_getlength(bs);

    return len >= 0 && range_fits(offset, bytes, len);
}

int bdrv_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                struct iovec *iov, int iovcnt)
{
    if (!bdrv_range_ok(bs, offset, bytes)) {
        return -EIO;
    }
    return bs->drv->preadv(bs, offset, bytes, iov, iovcnt);
}

/* A probed raw image must not turn itself into another format. */
static bool bdrv_write_changes_format(BlockDriverState *bs, uint64_t offset,
                                      struct iovec *iov, int iovcnt,
                                      uint64_t bytes)
{
    uint8_t head[512] = { 0 };

    if (!bs->probed_raw || offset > 0) {
        return false;
    }
    iov_to_buf(iov, iovcnt, 0, head, MIN(bytes, sizeof(head)));
    return bdrv_qcow2.probe(head, sizeof(head), bs->filename) > 0;
}

int bdrv_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                 struct iovec *iov, int iovcnt)
{
    if (bs->read_only) {
        return -EACCES;
    }
    if (!bdrv_range_ok(bs, offset, bytes)) {
        return -EIO;
    }
    if (bdrv_write_changes_format(bs, offset, iov, iovcnt, bytes)) {
        return -EPERM;
    }
    return bs->drv->pwritev(bs, offset, bytes, iov, iovcnt);
}

bool bdrv_set_aio(BlockDriverState *bs, BlockAioMode mode, Error **errp)
{
    return !bs->drv->set_aio || bs->drv->set_aio(bs, mode, errp);
}

bool bdrv_aio_rw(BlockDriverState *bs, BdrvAioOp op, uint64_t offset,
                 struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                 void *opaque)
{
    uint64_t bytes = iov_size(iov, iovcnt);

    /* Anything to refuse is refused by the blocking path. */
    if (!bs->drv->aio_rw || (op != BDRV_AIO_READ && bs->read_only)) {
        return false;
    }
    if (op != BDRV_AIO_FLUSH && !bdrv_range_ok(bs, offset, bytes)) {
        return false;
    }
    if (op == BDRV_AIO_WRITE &&
        bdrv_write_changes_format(bs, offset, iov, iovcnt, bytes)) {
        return false;
    }
    return bs->drv->aio_rw(bs, op, offset, iov, iovcnt, cb, opaque);
}

int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf,
               uint64_t bytes)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };

    return bdrv_preadv(bs, offset, bytes, &iov, 1);
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf,
                uint64_t bytes)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = bytes };

    return bdrv_pwritev(bs, offset, bytes, &iov, 1);
}

int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t offset,
                           const void *buf, uint64_t bytes)
{
    if (!bs->drv->pwrite_compressed) {
        return -ENOTSUP;
    }
    if (bs->read_only) {
        return -EACCES;
    }
    if (!bdrv_range_ok(bs, offset, bytes)) {
        return -EIO;
    }
    return bs->drv->pwrite_compressed(bs, offset, buf, bytes);
}

int bdrv_flush(BlockDriverState *bs)
{
    if (bs->read_only || !bs->drv->flush) {
        return 0;
    }
    return bs->drv->flush(bs);
}

int bdrv_discard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    if (bs->read_only) {
        return -EACCES;
    }
    if (!bdrv_range_ok(bs, offset, bytes)) {
        return -EIO;
    }
    return bs->drv->discard ? bs->drv->discard(bs, offset, bytes) : 0;
}

bool bdrv_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    if (bs->read_only) {
        error_setg(errp, "'%s' is read-only", bs->filename);
        return false;
    }
    if (!bs->drv->truncate) {
        error_setg(errp, "Format '%s' cannot be resized",
                   bs->drv->format_name);
        return false;
    }
    return bs->drv->truncate(bs, size, errp) == 0;
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    return bs->drv->get_length(bs);
}

int64_t bdrv_get_allocated_size(BlockDriverState *bs)
{
    return bs->drv->get_allocated_size(bs);
}

int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      uint64_t *pnum, bool *allocated)
{
    if (!bs->drv->block_status) {
        *pnum = bytes;
        *allocated = true;
        return 0;
    }
    return bs->drv->block_status(bs, offset, bytes, pnum, allocated);
}

void bdrv_get_info(BlockDriverState *bs, BlockInfo *info)
{
    memset(info, 0, sizeof(*info));
    info->format = bs->drv->format_name;
    info->virtual_size = bdrv_getlength(bs);
    info->backing_file = g_strdup(bs->backing_file);
    info->backing_format = g_strdup(bs->backing_format);
    if (bs->drv->get_info) {
        bs->drv->get_info(bs, info);
    }
}

void block_info_clear(BlockInfo *info)
{
    g_free(info->backing_file);
    g_free(info->backing_format);
    memset(info, 0, sizeof(*info));
}

int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, BdrvCheckMode fix)
{
    memset(res, 0, sizeof(*res));
    if (!bs->drv->check) {
        return -ENOTSUP;
    }
    return bs->drv->check(bs, res, fix);
}
