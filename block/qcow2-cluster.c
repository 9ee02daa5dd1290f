/*
 * qcow2 guest-to-host mapping: the L1 table (in memory), an LRU cache of
 * L2 tables written back at flush, and the read, write, compressed write
 * and discard paths built on them.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qcow2.h"

#include <zlib.h>

static int qcow2_l2_write(BlockDriverState *bs, Qcow2L2Entry *e)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t n = qcow2_l2_entries(s);
    uint64_t *be = qcow2_blockalign(s->cluster_size);
    int ret;

    for (uint64_t i = 0; i < n; i++) {
        be[i] = GUINT64_TO_BE(e->table[i]);
    }
    ret = qcow2_file_pwrite(bs, e->offset, be, s->cluster_size);
    g_aligned_free(be);
    if (ret == 0) {
        e->dirty = false;
    }
    return ret;
}

/* A free cache slot, writing back the least recently used one if dirty. */
static int qcow2_l2_slot(BlockDriverState *bs, Qcow2L2Entry **out)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2L2Entry *victim = &s->l2_cache[0];
    int ret;

    for (int i = 0; i < QCOW2_L2_CACHE_SIZE; i++) {
        Qcow2L2Entry *e = &s->l2_cache[i];

        if (!e->offset) {
            victim = e;
            break;
        }
        if (e->last_use < victim->last_use) {
            victim = e;
        }
    }
    if (victim->offset && victim->dirty) {
        /* Data and refcounts the table points to must be on disk first. */
        ret = qcow2_barrier(bs);
        if (ret == 0) {
            ret = qcow2_l2_write(bs, victim);
        }
        if (ret < 0) {
            return ret;
        }
    }
    if (!victim->table) {
        victim->table = qcow2_blockalign(s->cluster_size);
    }
    victim->offset = 0;
    victim->last_use = ++s->l2_clock;
    *out = victim;
    return 0;
}

static int qcow2_l2_load(BlockDriverState *bs, uint64_t off,
                         Qcow2L2Entry **out)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2L2Entry *e;
    int ret;

    for (int i = 0; i < QCOW2_L2_CACHE_SIZE; i++) {
        if (s->l2_cache[i].offset == off) {
            s->l2_cache[i].last_use = ++s->l2_clock;
            *out = &s->l2_cache[i];
            return 0;
        }
    }
    if (off < s->cluster_size || off >= s->next_free) {
        return qcow2_signal_corruption(bs, "L2 table offset %#" PRIx64
                                       " is outside the image", off);
    }
    ret = qcow2_l2_slot(bs, &e);
    if (ret < 0) {
        return ret;
    }
    ret = qcow2_file_pread(bs, off, e->table, s->cluster_size);
    if (ret < 0) {
        return ret;
    }
    for (uint64_t i = 0; i < qcow2_l2_entries(s); i++) {
        e->table[i] = GUINT64_FROM_BE(e->table[i]);
    }
    e->offset = off;
    *out = e;
    return 0;
}

void qcow2_l2_cache_drop(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    for (int i = 0; i < QCOW2_L2_CACHE_SIZE; i++) {
        g_aligned_free(s->l2_cache[i].table);
        s->l2_cache[i] = (Qcow2L2Entry){ 0 };
    }
}

/* The L2 table offset for guest_off, 0 when unallocated. */
static int qcow2_l2_offset(BlockDriverState *bs, uint64_t guest_off,
                           uint64_t *l2_off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = guest_off >> (s->cluster_bits + s->l2_bits);
    uint64_t e;

    *l2_off = 0;
    if (l1_index >= s->l1_size) {
        return 0;
    }
    e = s->l1[l1_index];
    if ((e & L1E_OFFSET_MASK) & (s->cluster_size - 1)) {
        return qcow2_signal_corruption(bs, "L2 table offset %#" PRIx64
                                       " unaligned (L1 index: %#" PRIx64
                                       ")", (uint64_t)(e & L1E_OFFSET_MASK), l1_index);
    }
    *l2_off = e & L1E_OFFSET_MASK;
    return 0;
}

static uint64_t qcow2_l2_index(BDRVQcow2State *s, uint64_t guest_off)
{
    return (guest_off >> s->cluster_bits) & (qcow2_l2_entries(s) - 1);
}

int qcow2_get_l2_entry(BlockDriverState *bs, uint64_t guest_off,
                       uint64_t *entry)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2L2Entry *l2;
    uint64_t l2_off;
    int ret = qcow2_l2_offset(bs, guest_off, &l2_off);

    *entry = 0;
    if (ret < 0 || !l2_off) {
        return ret;
    }
    ret = qcow2_l2_load(bs, l2_off, &l2);
    if (ret == 0) {
        *entry = l2->table[qcow2_l2_index(s, guest_off)];
    }
    return ret;
}

/* The L2 table for guest_off, allocating it when there is none. */
static int qcow2_l2_for_write(BlockDriverState *bs, uint64_t guest_off,
                              Qcow2L2Entry **out)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = guest_off >> (s->cluster_bits + s->l2_bits);
    uint64_t l2_off;
    int64_t new_off;
    int ret;

    if (l1_index >= s->l1_size) {
        return qcow2_signal_corruption(bs, "L1 table too small for guest "
                                       "offset %#" PRIx64, guest_off);
    }
    ret = qcow2_l2_offset(bs, guest_off, &l2_off);
    if (ret < 0) {
        return ret;
    }
    if (l2_off) {
        if (!(s->l1[l1_index] & QCOW_OFLAG_COPIED)) {
            /* Refcount 1 is all this driver makes; note it as QEMU does. */
            uint16_t rc;

            ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
            if (ret < 0) {
                return ret;
            }
            if (rc != 1) {
                return -ENOTSUP;
            }
            s->l1[l1_index] |= QCOW_OFLAG_COPIED;
            s->l1_dirty = true;
        }
        return qcow2_l2_load(bs, l2_off, out);
    }
    new_off = qcow2_alloc_clusters(bs, 1);
    if (new_off < 0) {
        return new_off;
    }
    ret = qcow2_l2_slot(bs, out);
    if (ret < 0) {
        return ret;
    }
    memset((*out)->table, 0, s->cluster_size);
    (*out)->offset = new_off;
    (*out)->dirty = true;
    s->l1[l1_index] = new_off | QCOW_OFLAG_COPIED;
    s->l1_dirty = true;
    return 0;
}

void qcow2_compressed_range(BDRVQcow2State *s, uint64_t entry,
                            uint64_t *off, uint64_t *bytes)
{
    int x = 62 - (s->cluster_bits - 8);
    uint64_t sectors = ((entry >> x) & ((1ULL << (s->cluster_bits - 8)) - 1))
                       + 1;

    *off = entry & ((1ULL << x) - 1);
    *bytes = sectors * 512 - (*off & 511);
}

/* Inflate the compressed cluster of entry into s->zcache. */
static int qcow2_decompress(BlockDriverState *bs, uint64_t entry)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *in = NULL;
    uint64_t off, bytes;
    z_stream z = { 0 };
    int ret;

    if (s->zcache_desc == entry) {
        return 0;
    }
    s->zcache_desc = 0;
    qcow2_compressed_range(s, entry, &off, &bytes);
    if (off >= s->next_free || off < s->cluster_size) {
        return qcow2_signal_corruption(bs, "Compressed cluster at %#" PRIx64
                                       " is outside the image", off);
    }
    in = g_malloc(bytes);
    ret = qcow2_file_pread(bs, off, in, bytes);
    if (ret < 0) {
        return ret;
    }
    if (inflateInit2(&z, -12) != Z_OK) {
        return -ENOMEM;
    }
    z.next_in = in;
    z.avail_in = bytes;
    z.next_out = s->zcache;
    z.avail_out = s->cluster_size;
    ret = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    /* The last sector may hold the start of other data: a full output
     * buffer is success even without the end-of-stream marker. */
    if ((ret != Z_STREAM_END && ret != Z_BUF_ERROR) || z.avail_out) {
        return qcow2_signal_corruption(bs, "Compressed cluster at %#" PRIx64
                                       " does not decompress", off);
    }
    s->zcache_desc = entry;
    return 0;
}

/* Where a standard entry's data lives, checking it for corruption. */
static int qcow2_entry_host(BlockDriverState *bs, uint64_t entry,
                            uint64_t *host)
{
    BDRVQcow2State *s = bs->opaque;

    *host = entry & L2E_OFFSET_MASK;
    if ((*host & (s->cluster_size - 1)) ||
        (entry & L2E_STD_RESERVED_MASK & ~(s->version >= 3 ? 0 : 1ULL))) {
        return qcow2_signal_corruption(bs, "Cluster allocation offset %#"
                                       PRIx64 " unaligned or reserved bits "
                                       "set (L2 entry %#" PRIx64 ")",
                                       *host, entry);
    }
    if (*host && *host < s->cluster_size) {
        return qcow2_signal_corruption(bs, "Data cluster at %#" PRIx64
                                       " overlaps the header", *host);
    }
    return 0;
}

static bool qcow2_entry_is_zero(BDRVQcow2State *s, uint64_t entry)
{
    return s->version >= 3 && !(entry & QCOW_OFLAG_COMPRESSED) &&
           (entry & QCOW_OFLAG_ZERO);
}

/*
 * Can entry sit k clusters after first in one run: the same flags and,
 * for clusters with data, the host cluster k clusters further on?
 */
static bool qcow2_same_run(BDRVQcow2State *s, uint64_t first, uint64_t entry,
                           uint64_t k)
{
    uint64_t host0 = first & L2E_OFFSET_MASK;

    if ((entry & ~L2E_OFFSET_MASK) != (first & ~L2E_OFFSET_MASK) ||
        (entry & QCOW_OFLAG_COMPRESSED)) {
        return false;
    }
    return (entry & L2E_OFFSET_MASK) ==
           (host0 ? host0 + (k << s->cluster_bits) : 0);
}

/*
 * Map guest bytes [off, off+max): *entry is the L2 entry of the first
 * cluster and *bytes how far from off the clusters map alike (contiguous
 * host data, zeros, unallocated), within one L2 table; a compressed
 * cluster is a run of its own.
 */
static int qcow2_map_run(BlockDriverState *bs, uint64_t off, uint64_t max,
                         uint64_t *entry, uint64_t *bytes)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t idx = qcow2_l2_index(s, off);
    uint64_t l2_left = (qcow2_l2_entries(s) - idx) << s->cluster_bits;
    uint64_t l2_off;
    Qcow2L2Entry *l2;
    int ret = qcow2_l2_offset(bs, off, &l2_off);

    *entry = 0;
    *bytes = MIN(l2_left - (off & (s->cluster_size - 1)), max);
    if (ret < 0 || !l2_off) {
        return ret;
    }
    ret = qcow2_l2_load(bs, l2_off, &l2);
    if (ret < 0) {
        return ret;
    }
    *entry = l2->table[idx];
    for (uint64_t k = 1; idx + k < qcow2_l2_entries(s); k++) {
        uint64_t end = ((off >> s->cluster_bits) + k) << s->cluster_bits;

        if (end - off >= *bytes ||
            (*entry & QCOW_OFLAG_COMPRESSED) ||
            !qcow2_same_run(s, *entry, l2->table[idx + k], k)) {
            *bytes = MIN(*bytes, end - off);
            break;
        }
    }
    return 0;
}

/* File or backing I/O on bytes [iov_off, iov_off+n) of iov. */
static int qcow2_io_slice(BlockDriverState *bs, bool write, uint64_t off,
                          uint64_t n, struct iovec *iov, int iovcnt,
                          size_t iov_off)
{
    g_autofree struct iovec *sub = g_new(struct iovec, iovcnt);
    int cnt = iov_slice(iov, iovcnt, iov_off, n, sub, iovcnt);

    if (write) {
        return bs->read_only ? -EACCES
                             : bs->drv->pwritev(bs, off, n, sub, cnt);
    }
    return bs->drv->preadv(bs, off, n, sub, cnt);
}

/* Read an unallocated run: the backing file's data, zeros past its end. */
static int qcow2_read_backing(BlockDriverState *bs, uint64_t off, uint64_t n,
                              struct iovec *iov, int iovcnt, size_t iov_off)
{
    int64_t blen = bs->backing ? bdrv_getlength(bs->backing) : 0;
    uint64_t avail = blen > (int64_t)off ? MIN(n, blen - off) : 0;
    int ret = 0;

    if (avail) {
        ret = qcow2_io_slice(bs->backing, false, off, avail, iov, iovcnt,
                             iov_off);
    }
    if (ret == 0 && avail < n) {
        iov_memset(iov, iovcnt, iov_off + avail, 0, n - avail);
    }
    return ret;
}

/*
 * Read the run of guest bytes [off, off+n) mapped by entry, or, with
 * data_host, leave a run of data clusters to the caller: *data_host is
 * where its bytes are in the image file (0 when this function read it).
 */
static int qcow2_read_run(BlockDriverState *bs, uint64_t off, uint64_t n,
                          uint64_t entry, struct iovec *iov, int iovcnt,
                          size_t iov_off, uint64_t *data_host)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t in = off & (s->cluster_size - 1);
    uint64_t host;
    int ret;

    if (entry & QCOW_OFLAG_COMPRESSED) {
        ret = qcow2_decompress(bs, entry);
        if (ret == 0) {
            iov_from_buf(iov, iovcnt, iov_off, s->zcache + in, n);
        }
        return ret;
    }
    if (qcow2_entry_is_zero(s, entry)) {
        iov_memset(iov, iovcnt, iov_off, 0, n);
        return 0;
    }
    ret = qcow2_entry_host(bs, entry, &host);
    if (ret < 0) {
        return ret;
    }
    if (!host) {
        return qcow2_read_backing(bs, off, n, iov, iovcnt, iov_off);
    }
    if (data_host) {
        *data_host = host + in;
        return 0;
    }
    return qcow2_io_slice(bs->file, false, host + in, n, iov, iovcnt,
                          iov_off);
}

/* Read with s->lock held throughout (inside a write). */
static int qcow2_read_locked(BlockDriverState *bs, uint64_t offset,
                             uint64_t bytes, struct iovec *iov, int iovcnt)
{
    for (uint64_t done = 0; done < bytes;) {
        uint64_t entry, n;
        int ret = qcow2_map_run(bs, offset + done, bytes - done, &entry, &n);

        if (ret == 0) {
            ret = qcow2_read_run(bs, offset + done, n, entry, iov, iovcnt,
                                 done, NULL);
        }
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    return 0;
}

/*
 * Map each run under s->lock, but read guest data clusters from the file
 * without it, so the requests of a sequential reader (and of the pool's
 * other threads) reach the disk together instead of one by one.  Data
 * clusters are rewritten in place; one is freed only by a discard of
 * those very bytes (the guest racing itself) and reused only after the
 * next flush (qcow2_free_later), so a read never sees another image's
 * data.
 */
int qcow2_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                 struct iovec *iov, int iovcnt)
{
    BDRVQcow2State *s = bs->opaque;

    for (uint64_t done = 0; done < bytes;) {
        uint64_t entry, n, host = 0;
        int ret;

        g_mutex_lock(&s->lock);
        ret = qcow2_map_run(bs, offset + done, bytes - done, &entry, &n);
        if (ret == 0) {
            ret = qcow2_read_run(bs, offset + done, n, entry, iov, iovcnt,
                                 done, &host);
        }
        g_mutex_unlock(&s->lock);
        if (ret == 0 && host) {
            ret = qcow2_io_slice(bs->file, false, host, n, iov, iovcnt, done);
        }
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    return 0;
}

/* Drop the old mapping of an entry being replaced, after the next flush. */
static void qcow2_release_entry(BlockDriverState *bs, uint64_t entry)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off, bytes;

    if (entry & QCOW_OFLAG_COMPRESSED) {
        qcow2_compressed_range(s, entry, &off, &bytes);
        qcow2_free_later(bs, off, bytes);
    } else if (entry & L2E_OFFSET_MASK) {
        qcow2_free_later(bs, entry & L2E_OFFSET_MASK, s->cluster_size);
    }
}

static int qcow2_check_data_write(BlockDriverState *bs, uint64_t host,
                                  uint64_t bytes)
{
    const char *what;

    if (qcow2_overlaps_metadata(bs, host, bytes, &what)) {
        return qcow2_signal_corruption(bs, "Preventing invalid write on "
                                       "metadata (overlaps with %s)", what);
    }
    return 0;
}

/* Can the run mapped by entry be written where it is? */
static bool qcow2_writable_in_place(BDRVQcow2State *s, uint64_t entry)
{
    return (entry & QCOW_OFLAG_COPIED) && (entry & L2E_OFFSET_MASK) &&
           !(entry & QCOW_OFLAG_COMPRESSED) && !qcow2_entry_is_zero(s, entry);
}

/*
 * Give the k whole guest clusters from off fresh contiguous host clusters
 * and write them from iov at iov_off in one request; the old mappings go
 * after the next flush.
 */
static int qcow2_alloc_write(BlockDriverState *bs, uint64_t off, uint64_t k,
                             struct iovec *iov, int iovcnt, size_t iov_off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t idx = qcow2_l2_index(s, off);
    uint64_t bytes = k << s->cluster_bits;
    Qcow2L2Entry *l2;
    int64_t host;
    int ret = qcow2_l2_for_write(bs, off, &l2);

    if (ret < 0) {
        return ret;
    }
    host = qcow2_alloc_clusters(bs, k);
    if (host < 0) {
        return host;
    }
    ret = qcow2_check_data_write(bs, host, bytes);
    if (ret == 0) {
        ret = qcow2_io_slice(bs->file, true, host, bytes, iov, iovcnt,
                             iov_off);
    }
    if (ret < 0) {
        return ret;
    }
    for (uint64_t i = 0; i < k; i++) {
        uint64_t old = l2->table[idx + i];

        l2->table[idx + i] = (host + (i << s->cluster_bits)) |
                             QCOW_OFLAG_COPIED;
        qcow2_release_entry(bs, old);
    }
    l2->dirty = true;
    s->zcache_desc = 0;
    return 0;
}

/*
 * Write [off, off+n), inside one cluster, to a fresh host cluster that
 * holds the cluster's old contents (from the backing file, a compressed
 * cluster or zeros) merged with the new bytes from iov at iov_off.
 */
static int qcow2_cow_write(BlockDriverState *bs, uint64_t off, uint64_t n,
                           struct iovec *iov, int iovcnt, size_t iov_off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t in = off & (s->cluster_size - 1);
    uint64_t cluster_off = off - in;
    uint64_t valid = MIN(s->cluster_size, s->size - cluster_off);
    uint8_t *data = qcow2_blockalign(s->cluster_size);
    struct iovec old = { .iov_base = data, .iov_len = valid };
    struct iovec all = { .iov_base = data, .iov_len = s->cluster_size };
    int ret = 0;

    memset(data, 0, s->cluster_size);
    if (n < valid) {
        ret = qcow2_read_locked(bs, cluster_off, valid, &old, 1);
    }
    if (ret == 0) {
        iov_to_buf(iov, iovcnt, iov_off, data + in, n);
        ret = qcow2_alloc_write(bs, cluster_off, 1, &all, 1, 0);
    }
    g_aligned_free(data);
    return ret;
}

/* Write the run of guest bytes [off, off+*n) mapped by entry; *n may
 * shrink to what one step could do. */
static int qcow2_write_run(BlockDriverState *bs, uint64_t off, uint64_t *n,
                           uint64_t entry, struct iovec *iov, int iovcnt,
                           size_t iov_off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t in = off & (s->cluster_size - 1);
    uint64_t host;
    int ret;

    if (qcow2_writable_in_place(s, entry)) {
        ret = qcow2_entry_host(bs, entry, &host);
        if (ret == 0) {
            ret = qcow2_check_data_write(bs, host + in, *n);
        }
        return ret ? ret : qcow2_io_slice(bs->file, true, host + in, *n,
                                          iov, iovcnt, iov_off);
    }
    if (!in && *n >= s->cluster_size) {
        *n &= ~(s->cluster_size - 1);
        return qcow2_alloc_write(bs, off, *n >> s->cluster_bits, iov,
                                 iovcnt, iov_off);
    }
    *n = MIN(*n, s->cluster_size - in);
    return qcow2_cow_write(bs, off, *n, iov, iovcnt, iov_off);
}

static int qcow2_write_locked(BlockDriverState *bs, uint64_t offset,
                              uint64_t bytes, struct iovec *iov, int iovcnt)
{
    for (uint64_t done = 0; done < bytes;) {
        uint64_t entry, n;
        int ret = qcow2_map_run(bs, offset + done, bytes - done, &entry, &n);

        if (ret == 0) {
            ret = qcow2_write_run(bs, offset + done, &n, entry, iov, iovcnt,
                                  done);
        }
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    return 0;
}

int qcow2_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                  struct iovec *iov, int iovcnt)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    g_mutex_lock(&s->lock);
    ret = qcow2_write_locked(bs, offset, bytes, iov, iovcnt);
    g_mutex_unlock(&s->lock);
    return ret;
}

/* Deflate src into dst; returns the length, or 0 when it does not fit. */
static size_t qcow2_deflate(const uint8_t *src, size_t len, uint8_t *dst,
                            size_t room)
{
    z_stream z = { 0 };
    size_t out = 0;

    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return 0;
    }
    z.next_in = (uint8_t *)src;
    z.avail_in = len;
    z.next_out = dst;
    z.avail_out = room;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
        out = room - z.avail_out;
    }
    deflateEnd(&z);
    return out;
}

/* Host bytes for compressed data: packed after the previous compressed
 * cluster when it fits in the same host cluster, else fresh clusters. */
static int64_t qcow2_alloc_compressed(BlockDriverState *bs, uint64_t len)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cur = s->compress_cursor;
    int64_t off;
    int ret;

    if (cur && (cur & (s->cluster_size - 1)) &&
        (cur & (s->cluster_size - 1)) + len <= s->cluster_size) {
        ret = qcow2_update_refcounts(bs, cur, len, 1);
        off = ret < 0 ? ret : (int64_t)cur;
    } else {
        off = qcow2_alloc_clusters(bs, DIV_ROUND_UP(len, s->cluster_size));
    }
    if (off >= 0) {
        s->compress_cursor = off + len;
    }
    return off;
}

static int qcow2_compressed_locked(BlockDriverState *bs, uint64_t offset,
                                   const void *buf, uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint8_t *full = g_malloc0(s->cluster_size);
    g_autofree uint8_t *z = g_malloc(s->cluster_size);
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = bytes };
    int x = 62 - (s->cluster_bits - 8);
    Qcow2L2Entry *l2;
    uint64_t idx = qcow2_l2_index(s, offset), old;
    size_t len;
    int64_t host;
    int ret;

    if ((offset & (s->cluster_size - 1)) ||
        (bytes != s->cluster_size && offset + bytes != s->size)) {
        return -EINVAL;
    }
    memcpy(full, buf, bytes);
    len = qcow2_deflate(full, s->cluster_size, z, s->cluster_size - 512);
    if (!len) {
        return qcow2_write_locked(bs, offset, bytes, &iov, 1);
    }
    ret = qcow2_l2_for_write(bs, offset, &l2);
    if (ret < 0) {
        return ret;
    }
    host = qcow2_alloc_compressed(bs, len);
    if (host < 0) {
        return host;
    }
    ret = qcow2_file_pwrite(bs, host, z, len);
    if (ret < 0) {
        return ret;
    }
    old = l2->table[idx];
    l2->table[idx] = QCOW_OFLAG_COMPRESSED | host |
        ((uint64_t)((host + len - 1) / 512 - host / 512) << x);
    l2->dirty = true;
    s->zcache_desc = 0;
    qcow2_release_entry(bs, old);
    return 0;
}

/* Whole clusters in the range lose their data (read as zeros). */
int qcow2_pwrite_compressed(BlockDriverState *bs, uint64_t offset,
                            const void *buf, uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    g_mutex_lock(&s->lock);
    ret = qcow2_compressed_locked(bs, offset, buf, bytes);
    g_mutex_unlock(&s->lock);
    return ret;
}

static int qcow2_discard_locked(BlockDriverState *bs, uint64_t offset,
                                uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t start = ROUND_UP(offset, s->cluster_size);
    uint64_t end = offset + bytes == s->size ? s->size
                   : (offset + bytes) & ~(s->cluster_size - 1);

    for (uint64_t off = start; off < end; off += s->cluster_size) {
        uint64_t entry, l2_off, repl;
        Qcow2L2Entry *l2;
        int ret = qcow2_l2_offset(bs, off, &l2_off);

        if (ret < 0) {
            return ret;
        }
        if (!l2_off && !bs->backing_file) {
            continue;
        }
        ret = qcow2_get_l2_entry(bs, off, &entry);
        if (ret < 0) {
            return ret;
        }
        /* With a backing file only the zero flag (v3) hides its data. */
        repl = bs->backing_file ? (s->version >= 3 ? QCOW_OFLAG_ZERO : entry)
                                : 0;
        if (repl == entry) {
            continue;
        }
        ret = qcow2_l2_for_write(bs, off, &l2);
        if (ret < 0) {
            return ret;
        }
        l2->table[qcow2_l2_index(s, off)] = repl;
        l2->dirty = true;
        qcow2_release_entry(bs, entry);
    }
    s->zcache_desc = 0;
    return 0;
}

int qcow2_discard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    g_mutex_lock(&s->lock);
    ret = qcow2_discard_locked(bs, offset, bytes);
    g_mutex_unlock(&s->lock);
    return ret;
}

int qcow2_flush_metadata(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    bool dirty = s->l1_dirty || s->pending_frees->len;
    int ret;

    for (int i = 0; i < QCOW2_L2_CACHE_SIZE; i++) {
        dirty |= s->l2_cache[i].offset && s->l2_cache[i].dirty;
    }
    if (!dirty) {
        return 0;
    }
    ret = qcow2_barrier(bs);
    for (int i = 0; i < QCOW2_L2_CACHE_SIZE && ret == 0; i++) {
        if (s->l2_cache[i].offset && s->l2_cache[i].dirty) {
            ret = qcow2_l2_write(bs, &s->l2_cache[i]);
        }
    }
    if (ret == 0 && s->l1_dirty) {
        g_autofree uint64_t *be = g_new(uint64_t, s->l1_size);

        for (uint32_t i = 0; i < s->l1_size; i++) {
            be[i] = GUINT64_TO_BE(s->l1[i]);
        }
        ret = qcow2_barrier(bs);
        if (ret == 0) {
            ret = qcow2_file_pwrite(bs, s->l1_offset, be, s->l1_size * 8);
        }
        s->l1_dirty = ret < 0;
    }
    if (ret == 0 && s->pending_frees->len) {
        ret = qcow2_barrier(bs);
        if (ret == 0) {
            ret = qcow2_apply_pending_frees(bs);
        }
    }
    return ret;
}

int qcow2_grow_l1(BlockDriverState *bs, uint64_t min_size)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t old_off = s->l1_offset, old_bytes = s->l1_size * 8ULL;
    uint64_t bytes = min_size * 8;
    g_autofree uint64_t *be = NULL;
    uint8_t hdr[12];
    uint32_t be_size = GUINT32_TO_BE(min_size);
    uint64_t be_off;
    int64_t off;
    int ret;

    if (bytes > QCOW2_MAX_L1_BYTES) {
        return -EFBIG;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        return ret;
    }
    off = qcow2_alloc_clusters(bs, DIV_ROUND_UP(bytes, s->cluster_size));
    if (off < 0) {
        return off;
    }
    s->l1 = g_renew(uint64_t, s->l1, min_size);
    memset(s->l1 + s->l1_size, 0, bytes - old_bytes);
    be = g_new0(uint64_t, min_size);
    for (uint64_t i = 0; i < min_size; i++) {
        be[i] = GUINT64_TO_BE(s->l1[i]);
    }
    ret = qcow2_file_pwrite(bs, off, be, bytes);
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret < 0) {
        return ret;
    }
    be_off = GUINT64_TO_BE((uint64_t)off);
    memcpy(hdr, &be_size, 4);
    memcpy(hdr + 4, &be_off, 8);
    ret = qcow2_write_header_field(bs, QCOW2_HDR_L1_SIZE, hdr, sizeof(hdr));
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret < 0) {
        return ret;
    }
    s->l1_offset = off;
    s->l1_size = min_size;
    return old_bytes ? qcow2_update_refcounts(bs, old_off, old_bytes, -1) : 0;
}
