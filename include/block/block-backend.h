/*
 * BlockBackend: what a device uses to reach its image.  It owns the top
 * BlockDriverState, serialises requests to it (unless its driver is
 * thread-safe), applies read-only and the cache mode, and offers a
 * synchronous API (tools, tests, device set-up) and an asynchronous one
 * whose requests run on the I/O thread pool (or io_uring, aio=io_uring)
 * and whose completion callbacks run on the main loop (with the big lock
 * held, as every main-loop handler does).
 *
 * -drive creates BlockBackends by id; devices find theirs with
 * blk_by_name().
 */
#ifndef BLOCK_BLOCK_BACKEND_H
#define BLOCK_BLOCK_BACKEND_H

#include "block/block.h"

typedef struct BlockBackend BlockBackend;

/* ret is 0 or a negative errno; runs on the main loop. */
typedef void BlockCompletionFunc(void *opaque, int ret);

/* The interface a -drive was declared for (if=). */
typedef enum BlockInterfaceType {
    IF_NONE,
    IF_VIRTIO,
} BlockInterfaceType;

/* Open an image as a new, unnamed BlockBackend. */
BlockBackend *blk_new_open(const char *filename, const char *fmt,
                           int flags, BlockCacheMode cache, Error **errp);
/* Drain outstanding requests, flush, close, and drop from the registry. */
void blk_unref(BlockBackend *blk);

int blk_pread(BlockBackend *blk, uint64_t offset, void *buf, uint64_t bytes);
int blk_pwrite(BlockBackend *blk, uint64_t offset, const void *buf,
               uint64_t bytes);
int blk_preadv(BlockBackend *blk, uint64_t offset, struct iovec *iov,
               int iovcnt);
int blk_pwritev(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                int iovcnt);
int blk_flush(BlockBackend *blk);
int blk_discard(BlockBackend *blk, uint64_t offset, uint64_t bytes);
int64_t blk_getlength(BlockBackend *blk);
bool blk_is_read_only(BlockBackend *blk);
BlockDriverState *blk_bs(BlockBackend *blk);
const char *blk_name(BlockBackend *blk);
BlockInterfaceType blk_interface(BlockBackend *blk);

/*
 * Asynchronous requests.  The iovec array (not only the buffers) must stay
 * valid until cb runs.  cb always runs later from the main loop, never
 * from inside these calls.
 */
void blk_aio_preadv(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                    int iovcnt, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwritev(BlockBackend *blk, uint64_t offset, struct iovec *iov,
                     int iovcnt, BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);
void blk_aio_discard(BlockBackend *blk, uint64_t offset, uint64_t bytes,
                     BlockCompletionFunc *cb, void *opaque);
/* Run the main loop until every request of blk completed.  Main thread. */
void blk_drain(BlockBackend *blk);

/*
 * -drive: "file=F,format=raw|qcow2,if=none|virtio,id=ID,cache=MODE,
 * readonly=on,snapshot=on,aio=threads|io_uring".  Without id= the drive is named
 * "virtio0", "virtio1"... for if=virtio and "none0"... for if=none.
 */
BlockBackend *blockdev_drive_new(const char *optstr, Error **errp);
BlockBackend *blk_by_name(const char *id);
/* Every registered BlockBackend in creation order (for "info block"). */
GPtrArray *blk_list(void);
/* Close every -drive (flushes; deletes snapshot=on overlays).  At exit. */
void blockdev_close_all(void);

#endif
