/*
 * The block layer's driver side: a BlockDriver is a format (raw, qcow2);
 * a BlockDriverState (BDS) is one open image, with an optional backing
 * image below it.  Devices never use this header: they use BlockBackend
 * (block/block-backend.h).  A BDS is not thread-safe; BlockBackend
 * serialises the requests it sends down.
 *
 * Offsets and lengths are bytes.  Driver functions return 0 or a negative
 * errno; functions that can fail for a reason worth telling a user take an
 * Error **errp.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "kemu/error.h"
#include "kemu/iov.h"

#define BDRV_SECTOR_SIZE 512

#ifndef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#endif
#ifndef ROUND_UP
#define ROUND_UP(n, d) (DIV_ROUND_UP(n, d) * (d))
#endif
/* A backing chain deeper than this is refused (and catches loops). */
#define BDRV_MAX_BACKING_DEPTH 16

typedef struct BlockDriver BlockDriver;
typedef struct BlockDriverState BlockDriverState;

/* Cache modes as QEMU documents them for -drive cache=. */
typedef enum BlockCacheMode {
    BDRV_CACHE_WRITEBACK,    /* host page cache; flush on guest request */
    BDRV_CACHE_WRITETHROUGH, /* every write is flushed before completing */
    BDRV_CACHE_NONE,         /* O_DIRECT; flush on guest request */
    BDRV_CACHE_DIRECTSYNC,   /* O_DIRECT and flushed on every write */
    BDRV_CACHE_UNSAFE,       /* flushes are ignored */
} BlockCacheMode;

/* -drive aio=: how asynchronous requests reach the host. */
typedef enum BlockAioMode {
    BDRV_AIO_THREADS,         /* blocking calls on the I/O thread pool */
    BDRV_AIO_IO_URING,        /* Linux io_uring (raw images) */
} BlockAioMode;

typedef enum BdrvAioOp {
    BDRV_AIO_READ,
    BDRV_AIO_WRITE,
    BDRV_AIO_FLUSH,
} BdrvAioOp;

/* ret is 0 or a negative errno; runs on the main loop. */
typedef void BdrvAioCompletion(void *opaque, int ret);

/* Open flags. */
#define BDRV_O_RDWR        (1 << 0)
#define BDRV_O_NO_BACKING  (1 << 1) /* do not open the backing file */
#define BDRV_O_NO_LOCK     (1 << 2) /* take no image lock (force-share) */
#define BDRV_O_CHECK       (1 << 3) /* opened to check/repair: allow dirty */

/* What `kemu-img info` shows. */
typedef struct BlockInfo {
    const char *format;
    uint64_t virtual_size;
    uint64_t cluster_size;    /* 0: not a clustered format */
    char *backing_file;       /* NULL: none */
    char *backing_format;     /* NULL: not recorded */
    /* qcow2 only */
    int qcow2_version;
    int refcount_bits;
    bool corrupt;
    bool dirty;
    bool lazy_refcounts;
} BlockInfo;

typedef enum BdrvCheckMode {
    BDRV_CHECK_ONLY = 0,
    BDRV_FIX_LEAKS = 1,
    BDRV_FIX_ERRORS = 2,
} BdrvCheckMode;

typedef struct BdrvCheckResult {
    int corruptions;          /* remaining after repair */
    int leaks;
    int corruptions_fixed;
    int leaks_fixed;
    int check_errors;         /* the check itself could not finish */
    uint64_t image_end_offset;
    uint64_t allocated_clusters;
    uint64_t total_clusters;
    uint64_t compressed_clusters;
    uint64_t fragmented_clusters;
} BdrvCheckResult;

/* Options for creating an image. */
typedef struct BlockCreateOptions {
    uint64_t size;
    uint64_t cluster_size;    /* 0: the format's default */
    const char *backing_file; /* NULL: none */
    const char *backing_fmt;  /* NULL: probe the backing file */
    int qcow2_version;        /* 0: 3 */
} BlockCreateOptions;

struct BlockDriver {
    const char *format_name;
    size_t instance_size;
    /* preadv, pwritev, flush and discard may run on several threads at
     * once (BlockBackend then takes no lock around them). */
    bool thread_safe;
    /* Score how likely buf (the first bytes of the file) is this format. */
    int (*probe)(const uint8_t *buf, size_t len, const char *filename);
    int (*open)(BlockDriverState *bs, int flags, Error **errp);
    void (*close)(BlockDriverState *bs);
    int (*preadv)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                  struct iovec *iov, int iovcnt);
    int (*pwritev)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                   struct iovec *iov, int iovcnt);
    /* Write one whole cluster compressed (optional; convert -c). */
    int (*pwrite_compressed)(BlockDriverState *bs, uint64_t offset,
                             const void *buf, uint64_t bytes);
    int (*flush)(BlockDriverState *bs);
    int (*discard)(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
    int (*truncate)(BlockDriverState *bs, uint64_t size, Error **errp);
    int64_t (*get_length)(BlockDriverState *bs);
    /* Bytes the image occupies on the host (st_blocks). */
    int64_t (*get_allocated_size)(BlockDriverState *bs);
    /* Is [offset, offset+bytes) allocated in this image (not a hole)?
     * Sets *pnum to the length of the run with the same answer. */
    int (*block_status)(BlockDriverState *bs, uint64_t offset,
                        uint64_t bytes, uint64_t *pnum, bool *allocated);
    void (*get_info)(BlockDriverState *bs, BlockInfo *info);
    int (*check)(BlockDriverState *bs, BdrvCheckResult *res,
                 BdrvCheckMode fix);
    bool (*create)(const char *filename, const BlockCreateOptions *opts,
                   Error **errp);
    /* Optional: switch to another aio mode (without: threads only). */
    bool (*set_aio)(BlockDriverState *bs, BlockAioMode mode, Error **errp);
    /*
     * Optional: start a request without blocking (aio=io_uring); false
     * when this one cannot go that way and takes the thread pool.
     */
    bool (*aio_rw)(BlockDriverState *bs, BdrvAioOp op, uint64_t offset,
                   struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                   void *opaque);
};

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;             /* the driver's state, instance_size bytes */
    char *filename;
    int open_flags;
    BlockCacheMode cache;
    bool read_only;
    BlockDriverState *backing;
    char *backing_file;       /* as written in the image */
    char *backing_format;
    BlockDriverState *file;   /* the raw file under a format driver */
    bool probed_raw;          /* raw by probing: block 0 is guarded */
};

extern const BlockDriver bdrv_raw;
extern const BlockDriver bdrv_qcow2;

const BlockDriver *bdrv_find_format(const char *name);
/* Guess the format from the file's first bytes; raw when nothing matches. */
const BlockDriver *bdrv_probe_format(const char *filename, Error **errp);

/*
 * Open filename with driver fmt (NULL: probe; probing to raw prints QEMU's
 * warning unless quiet).  Opens the backing chain unless BDRV_O_NO_BACKING.
 */
BlockDriverState *bdrv_open(const char *filename, const char *fmt,
                            int flags, BlockCacheMode cache, Error **errp);
void bdrv_close(BlockDriverState *bs);
bool bdrv_create(const char *fmt, const char *filename,
                 const BlockCreateOptions *opts, Error **errp);

int bdrv_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                struct iovec *iov, int iovcnt);
int bdrv_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                 struct iovec *iov, int iovcnt);
int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf,
               uint64_t bytes);
int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf,
                uint64_t bytes);
int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t offset,
                           const void *buf, uint64_t bytes);
/*
 * aio=io_uring on a format that has no asynchronous path (qcow2) leaves
 * its requests on the thread pool; an error when io_uring cannot work.
 */
bool bdrv_set_aio(BlockDriverState *bs, BlockAioMode mode, Error **errp);
/*
 * Start a request of bs without blocking when its driver can (checks as
 * bdrv_preadv/bdrv_pwritev/bdrv_flush do); cb runs later from the main
 * loop.  False: nothing started, use the blocking calls instead.
 */
bool bdrv_aio_rw(BlockDriverState *bs, BdrvAioOp op, uint64_t offset,
                 struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                 void *opaque);
/* Flushes down the chain; a no-op for cache=unsafe (except at close). */
int bdrv_flush(BlockDriverState *bs);
int bdrv_discard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
bool bdrv_truncate(BlockDriverState *bs, uint64_t size, Error **errp);
int64_t bdrv_getlength(BlockDriverState *bs);
int64_t bdrv_get_allocated_size(BlockDriverState *bs);
int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      uint64_t *pnum, bool *allocated);
void bdrv_get_info(BlockDriverState *bs, BlockInfo *info);
void block_info_clear(BlockInfo *info);
/* -ENOTSUP when the format has no consistency check. */
int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, BdrvCheckMode fix);

/* Parse "writeback|writethrough|none|directsync|unsafe". */
bool bdrv_parse_cache_mode(const char *str, BlockCacheMode *mode);

/* Image locking (block/file-lock.c): QEMU's byte-range OFD protocol. */
bool bdrv_lock_image(int fd, const char *filename, bool write, Error **errp);

#endif
