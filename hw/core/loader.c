/*
 * Image loading: bounded file reads, gzip inflation, raw images, and the
 * guest-write helpers the ELF loader shares.
 */
#include "kemu/osdep.h"
#include "hw/loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

bool loader_check_range(const LoaderTarget *target, uint64_t addr,
                        uint64_t len, Error **errp)
{
    if (len == 0) {
        return true;
    }
    if (addr > UINT64_MAX - (len - 1)) {
        error_setg(errp, "0x%" PRIx64 "+0x%" PRIx64
                   " wraps around the address space", addr, len);
        return false;
    }
    if (target->ram_size &&
        (addr < target->ram_base ||
         !range_fits(addr - target->ram_base, len, target->ram_size))) {
        error_setg(errp, "0x%" PRIx64 "-0x%" PRIx64
                   " is outside guest RAM 0x%" PRIx64 "-0x%" PRIx64,
                   addr, addr + (len - 1), target->ram_base,
                   target->ram_base + (target->ram_size - 1));
        return false;
    }
    return true;
}

bool loader_write(const LoaderTarget *target, uint64_t addr, const void *buf,
                  uint64_t len, Error **errp)
{
    static const uint8_t zeros[64 * 1024];

    if (!loader_check_range(target, addr, len, errp)) {
        return false;
    }
    if (buf) {
        return len == 0 || target->write(target->opaque, addr, buf, len, errp);
    }
    while (len) {
        size_t chunk = MIN(len, sizeof(zeros));

        if (!target->write(target->opaque, addr, zeros, chunk, errp)) {
            return false;
        }
        addr += chunk;
        len -= chunk;
    }
    return true;
}

static void error_too_large(Error **errp, const char *path, uint64_t size,
                            size_t limit)
{
    error_setg(errp, "'%s' is too large (%" PRIu64 " bytes, limit %zu bytes)",
               path, size, limit);
}

/*
 * Read fd to the end into a buffer of at most cap bytes.  size_hint is the
 * file size when known (0 otherwise); shown_limit is the limit error
 * messages quote.
 */
static uint8_t *read_fd(int fd, const char *path, size_t cap,
                        size_t size_hint, size_t shown_limit, size_t *len,
                        Error **errp)
{
    size_t alloc = MIN(size_hint ? size_hint : 64 * 1024, cap) + 1;
    g_autofree uint8_t *buf = g_malloc(alloc);
    size_t used = 0;

    for (;;) {
        ssize_t n;

        if (used == alloc) {
            alloc = MIN(alloc * 2, cap + 1);
            buf = g_realloc(buf, alloc);
        }
        n = read(fd, buf + used, alloc - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_setg_errno(errp, errno, "could not read '%s'", path);
            return NULL;
        }
        if (n == 0) {
            break;
        }
        used += n;
        if (used > cap) {
            error_setg(errp, "'%s' is larger than the limit of %zu bytes",
                       path, shown_limit);
            return NULL;
        }
    }
    *len = used;
    return g_steal_pointer(&buf);
}

static uint8_t *read_file_capped(const char *path, size_t cap,
                                 size_t shown_limit, size_t *len,
                                 Error **errp)
{
    struct stat st;
    uint8_t *buf;
    int fd;

    cap = MIN(cap, SIZE_MAX / 2);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "could not open '%s'", path);
        return NULL;
    }
    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "could not stat '%s'", path);
        close(fd);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > cap) {
        error_too_large(errp, path, st.st_size, shown_limit);
        close(fd);
        return NULL;
    }
    buf = read_fd(fd, path, cap, S_ISREG(st.st_mode) ? st.st_size : 0,
                  shown_limit, len, errp);
    close(fd);
    return buf;
}

uint8_t *loader_read_file(const char *path, size_t max_size, size_t *len,
                          Error **errp)
{
    return read_file_capped(path, max_size, max_size, len, errp);
}

bool loader_is_gzip(const uint8_t *buf, size_t len)
{
    return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
}

/* One inflate() step: at most UINT_MAX bytes in and out (uInt fields). */
static int inflate_step(z_stream *zs, const uint8_t *in, size_t in_len,
                        size_t *in_pos, uint8_t *out, size_t out_room)
{
    int ret;

    zs->next_in = (Bytef *)in + *in_pos;
    zs->avail_in = MIN(in_len - *in_pos, (size_t)UINT_MAX);
    zs->next_out = out;
    zs->avail_out = MIN(out_room, (size_t)UINT_MAX);
    ret = inflate(zs, Z_NO_FLUSH);
    *in_pos = zs->next_in - (const Bytef *)in;
    return ret;
}

uint8_t *loader_gunzip(const char *name, const uint8_t *buf, size_t len,
                       size_t max_size, size_t *out_len, Error **errp)
{
    z_stream zs = { 0 };
    size_t guess, alloc, used = 0, in_pos = 0;
    g_autofree uint8_t *out = NULL;
    const char *zmsg;
    int ret;

    max_size = MIN(max_size, SIZE_MAX / 2);
    guess = len <= max_size / 4 ? len * 4 : max_size;
    alloc = MIN(MAX(guess, (size_t)64 * 1024), max_size);
    out = g_malloc(alloc + 1);

    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        error_setg(errp, "%s: could not initialise zlib", name);
        return NULL;
    }
    do {
        if (used >= alloc && alloc < max_size) {
            alloc = alloc > max_size / 2 ? max_size : alloc * 2;
            out = g_realloc(out, alloc + 1);
        }
        /* The spare byte past max_size tells a bomb from an exact fit. */
        ret = inflate_step(&zs, buf, len, &in_pos, out + used,
                           alloc + 1 - used);
        used = zs.next_out - out;
    } while (ret == Z_OK && used <= max_size);
    zmsg = zs.msg ? zs.msg : zError(ret);
    inflateEnd(&zs);

    if (used > max_size) {
        error_setg(errp, "%s: decompressed data exceeds the limit of %zu bytes",
                   name, max_size);
        return NULL;
    }
    if (ret == Z_BUF_ERROR) {
        error_setg(errp, "%s: truncated gzip data", name);
        return NULL;
    }
    if (ret != Z_STREAM_END) {
        error_setg(errp, "%s: corrupt gzip data (%s)", name, zmsg);
        return NULL;
    }
    *out_len = used;
    return g_steal_pointer(&out);
}

uint8_t *read_file_maybe_gunzip(const char *path, size_t max_size,
                                size_t *len, Error **errp)
{
    /* Compressed data may be slightly larger than what it inflates to. */
    size_t slack = max_size < SIZE_MAX / 4 ? max_size / 64 + 4096 : 0;
    g_autofree uint8_t *buf = NULL;
    size_t raw_len;

    buf = read_file_capped(path, max_size + slack, max_size, &raw_len, errp);
    if (!buf) {
        return NULL;
    }
    if (loader_is_gzip(buf, raw_len)) {
        return loader_gunzip(path, buf, raw_len, max_size, len, errp);
    }
    if (raw_len > max_size) {
        error_too_large(errp, path, raw_len, max_size);
        return NULL;
    }
    *len = raw_len;
    return g_steal_pointer(&buf);
}

static int64_t load_buffer(const char *path, const uint8_t *buf, size_t len,
                           uint64_t addr, const LoaderTarget *target,
                           Error **errp)
{
    if (!loader_write(target, addr, buf, len, errp)) {
        error_prepend(errp, "%s: ", path);
        return -1;
    }
    return len;
}

int64_t load_image_raw(const char *path, uint64_t addr, size_t max_size,
                       const LoaderTarget *target, Error **errp)
{
    size_t len;
    g_autofree uint8_t *buf = loader_read_file(path, max_size, &len, errp);

    return buf ? load_buffer(path, buf, len, addr, target, errp) : -1;
}

int64_t load_image_gzipped(const char *path, uint64_t addr, size_t max_size,
                           const LoaderTarget *target, Error **errp)
{
    size_t len;
    g_autofree uint8_t *buf = read_file_maybe_gunzip(path, max_size, &len,
                                                     errp);

    return buf ? load_buffer(path, buf, len, addr, target, errp) : -1;
}
