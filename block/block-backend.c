/*
 * BlockBackend: the device-facing handle of an image.  A mutex
 * serialises requests to the driver state (synchronous callers and pool
 * workers alike) unless the driver is thread-safe (raw), whose requests
 * run in parallel; cache=writethrough/directsync flush after every write.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block-backend.h"
#include "block/thread-pool.h"
#include "block-backend-int.h"
#include "system/main-loop.h"

BlockBackend *blk_new_with_bs(BlockDriverState *bs, BlockCacheMode cache)
{
    BlockBackend *blk = g_new0(BlockBackend, 1);

    blk->bs = bs;
    blk->cache = cache;
    blk->read_only = bs->read_only;
    blk->length = bdrv_getlength(bs);
    g_mutex_init(&blk->lock);
    return blk;
}

BlockBackend *blk_new_open(const char *filename, const char *fmt,
                           int flags, BlockCacheMode cache, Error **errp)
{
    BlockDriverState *bs = bdrv_open(filename, fmt, flags, cache, errp);

    return bs ? blk_new_with_bs(bs, cache) : NULL;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_drain(blk);
    blockdev_forget(blk);
    bdrv_close(blk->bs);
    g_mutex_clear(&blk->lock);
    g_free(blk->name);
    g_free(blk);
}

static void blk_lock(BlockBackend *blk)
{
    if (!blk->bs->drv->thread_safe) {
        g_mutex_lock(&blk->lock);
    }
}

static void blk_unlock(BlockBackend *blk)
{
    if (!blk->bs->drv->thread_safe) {
        g_mutex_unlock(&blk->lock);
    }
}

static bool blk_writes_through(BlockBackend *blk)
{
    return blk->cache == BDRV_CACHE_WRITETHROUGH ||
           blk->cache == BDRV_CACHE_DIRECTSYNC;
}

int blk_preadv(BlockBackend *blk, uint64_t offset, struct iovec *iov,
               int iovcnt)
{
    int ret;

    blk_lock(blk);
    ret = bdrv_preadv(blk->bs, offset, iov_size(iov, iovcnt), iov, iovcnt);
    blk_unlock(blk);
    return ret;
}

int blk_pwritev(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                int iovcnt)
{
    int ret;

    if (blk->read_only) {
        return -EACCES;
    }
    blk_lock(blk);
    ret = bdrv_pwritev(blk->bs, offset, iov_size(iov, iovcnt), iov, iovcnt);
    if (ret == 0 && blk_writes_through(blk)) {
        ret = bdrv_flush(blk->bs);
    }
    blk_unlock(blk);
    return ret;
}

int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, uint64_t bytes)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };

    return blk_preadv(blk, offset, &iov, 1);
}

int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               uint64_t bytes)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = bytes };

    return blk_pwritev(blk, offset, &iov, 1);
}

int blk_flush(BlockBackend *blk)
{
    int ret;

    blk_lock(blk);
    ret = bdrv_flush(blk->bs);
    blk_unlock(blk);
    return ret;
}

int blk_discard(BlockBackend *blk, uint64_t offset, uint64_t bytes)
{
    int ret;

    if (blk->read_only) {
        return -EACCES;
    }
    blk_lock(blk);
    ret = bdrv_discard(blk->bs, offset, bytes);
    blk_unlock(blk);
    return ret;
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->length;
}

bool blk_is_read_only(BlockBackend *blk)
{
    return blk->read_only;
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->bs;
}

const char *blk_name(BlockBackend *blk)
{
    return blk->name ? blk->name : "";
}

BlockInterfaceType blk_interface(BlockBackend *blk)
{
    return blk->iftype;
}

typedef enum BlkAioType {
    BLK_AIO_READ,
    BLK_AIO_WRITE,
    BLK_AIO_FLUSH,
    BLK_AIO_DISCARD,
} BlkAioType;

typedef struct BlkAioReq {
    BlockBackend *blk;
    BlkAioType type;
    uint64_t offset;
    uint64_t bytes;
    struct iovec *iov;
    int iovcnt;
    BlockCompletionFunc *cb;
    void *opaque;
} BlkAioReq;

static int blk_aio_work(void *opaque)
{
    BlkAioReq *req = opaque;

    switch (req->type) {
    case BLK_AIO_READ:
        return blk_preadv(req->blk, req->offset, req->iov, req->iovcnt);
    case BLK_AIO_WRITE:
        return blk_pwritev(req->blk, req->offset, req->iov, req->iovcnt);
    case BLK_AIO_FLUSH:
        return blk_flush(req->blk);
    case BLK_AIO_DISCARD:
        return blk_discard(req->blk, req->offset, req->bytes);
    }
    return -EINVAL;
}

static void blk_aio_done(void *opaque, int ret)
{
    BlkAioReq *req = opaque;

    req->blk->in_flight--;
    req->cb(req->opaque, ret);
    g_free(req);
}

/* Hand req to the driver's own asynchronous path (aio=io_uring) if it
 * takes it; writes that must be flushed at once stay on the pool. */
static bool blk_aio_direct(BlkAioReq *req)
{
    static const BdrvAioOp ops[] = {
        [BLK_AIO_READ] = BDRV_AIO_READ,
        [BLK_AIO_WRITE] = BDRV_AIO_WRITE,
        [BLK_AIO_FLUSH] = BDRV_AIO_FLUSH,
    };
    BlockBackend *blk = req->blk;

    if (req->type == BLK_AIO_DISCARD ||
        (req->type == BLK_AIO_WRITE &&
         (blk->read_only || blk_writes_through(blk)))) {
        return false;
    }
    return bdrv_aio_rw(blk->bs, ops[req->type], req->offset, req->iov,
                       req->iovcnt, blk_aio_done, req);
}

static void blk_aio_submit(BlockBackend *blk, BlkAioType type,
                           uint64_t offset, uint64_t bytes,
                           struct iovec *iov, int iovcnt,
                           BlockCompletionFunc *cb, void *opaque)
{
    BlkAioReq *req = g_new0(BlkAioReq, 1);

    *req = (BlkAioReq){ blk, type, offset, bytes, iov, iovcnt, cb, opaque };
    blk->in_flight++;
    if (!blk_aio_direct(req)) {
        thread_pool_submit(blk_aio_work, blk_aio_done, req);
    }
}

void blk_aio_preadv(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                    int iovcnt, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio_submit(blk, BLK_AIO_READ, offset, 0, iov, iovcnt, cb, opaque);
}

void blk_aio_pwritev(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                     int iovcnt, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio_submit(blk, BLK_AIO_WRITE, offset, 0, iov, iovcnt, cb, opaque);
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio_submit(blk, BLK_AIO_FLUSH, 0, 0, NULL, 0, cb, opaque);
}

void blk_aio_discard(BlockBackend *blk, uint64_t offset, uint64_t bytes,
                     BlockCompletionFunc *cb, void *opaque)
{
    blk_aio_submit(blk, BLK_AIO_DISCARD, offset, bytes, NULL, 0, cb, opaque);
}

void blk_drain(BlockBackend *blk)
{
    while (blk->in_flight > 0) {
        main_loop_wait_once(100);
    }
}
