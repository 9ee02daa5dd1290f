/*
 * The raw format: the image is a plain host file.  cache=none and
 * directsync open it with O_DIRECT; requests that are not aligned for
 * O_DIRECT go through an aligned bounce buffer (read-modify-write for
 * writes).  Flush is fdatasync, except under cache=unsafe.
 *
 * The driver is thread-safe: requests from several I/O threads run at
 * once, except that a read-modify-write through the bounce buffer runs
 * alone (a parallel write to the same aligned block would be undone).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"
#ifdef CONFIG_LINUX_IO_URING
#include "io-uring.h"
#endif

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_MEM_ALIGN 4096

typedef struct BDRVRawState {
    int fd;
    bool direct;
    size_t align;             /* request alignment under O_DIRECT */
    size_t mem_align;         /* buffer alignment under O_DIRECT */
    GRWLock rmw_lock;         /* writers: bounce writes; readers: others */
#ifdef CONFIG_LINUX_IO_URING
    LuringState *ring;        /* aio=io_uring */
#endif
} BDRVRawState;

static const size_t raw_align_sizes[] = { 512, 1024, 2048, 4096 };

/* Find the smallest request alignment O_DIRECT accepts on this file. */
static size_t raw_probe_alignment(int fd, void *buf)
{
    for (size_t i = 0; i < G_N_ELEMENTS(raw_align_sizes); i++) {
        if (pread(fd, buf, raw_align_sizes[i], 0) >= 0 || errno != EINVAL) {
            return raw_align_sizes[i];
        }
    }
    return RAW_MEM_ALIGN;
}

/* The smallest buffer alignment it accepts for requests of align bytes. */
static size_t raw_probe_mem_alignment(int fd, size_t align, uint8_t *buf)
{
    for (size_t i = 0; i < G_N_ELEMENTS(raw_align_sizes); i++) {
        size_t a = raw_align_sizes[i];

        if (pread(fd, buf + a, align, 0) >= 0 || errno != EINVAL) {
            return a;
        }
    }
    return RAW_MEM_ALIGN;
}

static void raw_probe_alignments(BDRVRawState *s)
{
    void *buf;

    s->align = s->mem_align = RAW_MEM_ALIGN;
    if (posix_memalign(&buf, RAW_MEM_ALIGN, 2 * RAW_MEM_ALIGN)) {
        return;
    }
    s->align = raw_probe_alignment(s->fd, buf);
    s->mem_align = raw_probe_mem_alignment(s->fd, s->align, buf);
    free(buf);
}

static int raw_open(BlockDriverState *bs, int flags, Error **errp)
{
    BDRVRawState *s = bs->opaque;
    int oflags = O_CLOEXEC | ((flags & BDRV_O_RDWR) ? O_RDWR : O_RDONLY);

    s->direct = bs->cache == BDRV_CACHE_NONE ||
                bs->cache == BDRV_CACHE_DIRECTSYNC;
    if (s->direct) {
        oflags |= O_DIRECT;
    }
    s->fd = open(bs->filename, oflags);
    if (s->fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", bs->filename);
        return -errno;
    }
    if (!(flags & BDRV_O_NO_LOCK) &&
        !bdrv_lock_image(s->fd, bs->filename, flags & BDRV_O_RDWR, errp)) {
        error_prepend(errp, "Could not open '%s': ", bs->filename);
        close(s->fd);
        return -EAGAIN;
    }
    s->align = s->mem_align = 1;
    if (s->direct) {
        raw_probe_alignments(s);
    }
    g_rw_lock_init(&s->rmw_lock);
    return 0;
}

static void raw_close(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

#ifdef CONFIG_LINUX_IO_URING
    luring_free(s->ring);
#endif
    close(s->fd);
    g_rw_lock_clear(&s->rmw_lock);
}

/*
 * Plain positioned I/O on the fd, one system call for the whole request
 * when it fits in IOV_MAX pieces: short reads past EOF read as zeros.
 */
static int raw_io(BDRVRawState *s, bool write, uint64_t offset,
                  struct iovec *iov, int iovcnt, uint64_t bytes)
{
    g_autofree struct iovec *rest = NULL;
    uint64_t done = 0;

    while (done < bytes) {
        struct iovec *v = iov;
        int n = iovcnt;
        ssize_t r;

        if (done) {             /* a short transfer: go on after it */
            rest = rest ? rest : g_new(struct iovec, iovcnt);
            n = iov_slice(iov, iovcnt, done, bytes - done, rest, iovcnt);
            v = rest;
        }
        n = MIN(n, IOV_MAX);
        r = write ? pwritev(s->fd, v, n, offset + done)
                  : preadv(s->fd, v, n, offset + done);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (r == 0) {
            if (write) {
                return -EIO;
            }
            iov_memset(iov, iovcnt, done, 0, bytes - done);
            return 0;
        }
        done += r;
    }
    return 0;
}

static bool raw_iov_aligned(BDRVRawState *s, uint64_t offset, uint64_t bytes,
                            struct iovec *iov, int iovcnt)
{
    if (offset % s->align || bytes % s->align) {
        return false;
    }
    for (int i = 0; i < iovcnt; i++) {
        if ((uintptr_t)iov[i].iov_base % s->mem_align ||
            iov[i].iov_len % s->align) {
            return false;
        }
    }
    return true;
}

/* O_DIRECT slow path: do the aligned superset through a bounce buffer. */
static int raw_bounce(BDRVRawState *s, bool write, uint64_t offset,
                      uint64_t bytes, struct iovec *iov, int iovcnt)
{
    uint64_t start = offset - offset % s->align;
    uint64_t end = ROUND_UP(offset + bytes, s->align);
    struct iovec biov;
    void *buf;
    int ret;

    if (posix_memalign(&buf, RAW_MEM_ALIGN, end - start)) {
        return -ENOMEM;
    }
    biov = (struct iovec){ .iov_base = buf, .iov_len = end - start };
    ret = raw_io(s, false, start, &biov, 1, end - start);
    if (ret == 0 && write) {
        iov_to_buf(iov, iovcnt, 0, (uint8_t *)buf + (offset - start), bytes);
        ret = raw_io(s, true, start, &biov, 1, end - start);
    } else if (ret == 0) {
        iov_from_buf(iov, iovcnt, 0, (uint8_t *)buf + (offset - start),
                     bytes);
    }
    free(buf);
    return ret;
}

static int raw_rw(BlockDriverState *bs, bool write, uint64_t offset,
                  uint64_t bytes, struct iovec *iov, int iovcnt)
{
    BDRVRawState *s = bs->opaque;
    bool bounce = s->direct && !raw_iov_aligned(s, offset, bytes, iov, iovcnt);
    int ret;

    if (!write) {
        return bounce ? raw_bounce(s, false, offset, bytes, iov, iovcnt)
                      : raw_io(s, false, offset, iov, iovcnt, bytes);
    }
    if (bounce) {
        g_rw_lock_writer_lock(&s->rmw_lock);
        ret = raw_bounce(s, true, offset, bytes, iov, iovcnt);
        g_rw_lock_writer_unlock(&s->rmw_lock);
    } else {
        g_rw_lock_reader_lock(&s->rmw_lock);
        ret = raw_io(s, true, offset, iov, iovcnt, bytes);
        g_rw_lock_reader_unlock(&s->rmw_lock);
    }
    return ret;
}

static int raw_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      struct iovec *iov, int iovcnt)
{
    return raw_rw(bs, false, offset, bytes, iov, iovcnt);
}

static int raw_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                       struct iovec *iov, int iovcnt)
{
    return raw_rw(bs, true, offset, bytes, iov, iovcnt);
}

#ifdef CONFIG_LINUX_IO_URING
static bool raw_set_aio(BlockDriverState *bs, BlockAioMode mode,
                        Error **errp)
{
    BDRVRawState *s = bs->opaque;

    if (mode == BDRV_AIO_IO_URING && !s->ring) {
        s->ring = luring_new(errp);
        return s->ring != NULL;
    }
    return true;
}

/*
 * Reads, writes and fdatasync go to the ring, except the requests that
 * need the bounce buffer (unaligned under O_DIRECT) and flushes that
 * cache=unsafe ignores: those take the thread pool.  (A bounce write
 * there is not ordered against a ring write to the same block.)
 */
static bool raw_aio_rw(BlockDriverState *bs, BdrvAioOp op, uint64_t offset,
                       struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                       void *opaque)
{
    BDRVRawState *s = bs->opaque;

    if (!s->ring) {
        return false;
    }
    if (op == BDRV_AIO_FLUSH ? bs->cache == BDRV_CACHE_UNSAFE
        : s->direct && !raw_iov_aligned(s, offset, iov_size(iov, iovcnt),
                                        iov, iovcnt)) {
        return false;
    }
    luring_submit(s->ring, s->fd, op, offset, iov, iovcnt, cb, opaque);
    return true;
}
#endif

static int raw_flush(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    if (bs->cache == BDRV_CACHE_UNSAFE) {
        return 0;
    }
    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int raw_discard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    BDRVRawState *s = bs->opaque;

    /* Advisory: a file system without hole punching keeps the data. */
    if (fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) < 0 && errno != EOPNOTSUPP) {
        return -errno;
    }
    return 0;
}

static int raw_truncate(BlockDriverState *bs, uint64_t size, Error **errp)
{
    BDRVRawState *s = bs->opaque;

    if (ftruncate(s->fd, size) < 0) {
        error_setg_errno(errp, errno, "Could not resize '%s'", bs->filename);
        return -errno;
    }
    return 0;
}

static int64_t raw_get_length(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return st.st_size;
}

static int64_t raw_get_allocated_size(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return (int64_t)st.st_blocks * 512;
}

/* Holes (SEEK_HOLE) are unallocated; anything else counts as data. */
static int raw_block_status(BlockDriverState *bs, uint64_t offset,
                            uint64_t bytes, uint64_t *pnum, bool *allocated)
{
    BDRVRawState *s = bs->opaque;
    off_t data = lseek(s->fd, offset, SEEK_DATA);
    off_t hole;

    if (data < 0 || (uint64_t)data > offset) {
        *allocated = false;
        *pnum = data < 0 ? bytes : MIN(bytes, (uint64_t)data - offset);
        return 0;
    }
    hole = lseek(s->fd, offset, SEEK_HOLE);
    *allocated = true;
    *pnum = hole < 0 ? bytes : MIN(bytes, (uint64_t)hole - offset);
    return 0;
}

static bool raw_create(const char *filename, const BlockCreateOptions *opts,
                       Error **errp)
{
    int fd;

    if (opts->backing_file) {
        error_setg(errp, "Format 'raw' does not support backing files");
        return false;
    }
    /* Truncate only once the lock shows nobody else is using it. */
    fd = open(filename, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'", filename);
        return false;
    }
    if (!bdrv_lock_image(fd, filename, true, errp)) {
        close(fd);
        return false;
    }
    if (ftruncate(fd, 0) < 0 || ftruncate(fd, opts->size) < 0) {
        error_setg_errno(errp, errno, "Could not resize '%s'", filename);
        close(fd);
        return false;
    }
    close(fd);
    return true;
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .instance_size = sizeof(BDRVRawState),
    .thread_safe = true,
    .open = raw_open,
    .close = raw_close,
    .preadv = raw_preadv,
    .pwritev = raw_pwritev,
    .flush = raw_flush,
    .discard = raw_discard,
    .truncate = raw_truncate,
    .get_length = raw_get_length,
    .get_allocated_size = raw_get_allocated_size,
    .block_status = raw_block_status,
    .create = raw_create,
#ifdef CONFIG_LINUX_IO_URING
    .set_aio = raw_set_aio,
    .aio_rw = raw_aio_rw,
#endif
};
