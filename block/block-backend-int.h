/* BlockBackend internals shared by block-backend.c and blockdev.c. */
#ifndef BLOCK_BLOCK_BACKEND_INT_H
#define BLOCK_BLOCK_BACKEND_INT_H

#include "block/block-backend.h"

struct BlockBackend {
    char *name;               /* -drive id, NULL when not registered */
    BlockDriverState *bs;
    GMutex lock;              /* serialises requests to a bs whose
                                 driver is not thread_safe */
    int64_t length;           /* of bs, read once: nothing resizes it */
    BlockCacheMode cache;
    bool read_only;
    BlockInterfaceType iftype;
    int in_flight;            /* asynchronous requests; main thread only */
};

BlockBackend *blk_new_with_bs(BlockDriverState *bs, BlockCacheMode cache);
/* Drop blk from the -drive registry (if it is there). */
void blockdev_forget(BlockBackend *blk);

#endif
