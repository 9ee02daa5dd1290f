/*
 * Linux io_uring for the raw driver (-drive aio=io_uring): requests go to
 * a ring without a thread; the ring's eventfd is watched by the main
 * loop, so completions run on the main thread with the big lock held, as
 * thread-pool completions do.  Every call is made under the big lock.
 */
#ifndef BLOCK_IO_URING_H
#define BLOCK_IO_URING_H

#include "block/block.h"

typedef struct LuringState LuringState;

/* A ring of its own and its main-loop watch; NULL when the kernel has
 * no io_uring (or refuses it). */
LuringState *luring_new(Error **errp);
/* Requests in flight complete first. */
void luring_free(LuringState *s);
/*
 * Start op on fd (a flush is fdatasync); cb(opaque, 0 or -errno) runs
 * later from the main
 * loop, never from inside this call.  A short read stops at the end of
 * the file and reads zeros beyond it; a short write goes on.  The iovec
 * array must stay valid until cb runs.
 */
void luring_submit(LuringState *s, int fd, BdrvAioOp op, uint64_t offset,
                   struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                   void *opaque);

#endif
