/*
 * qcow2 refcounts (16-bit only) and cluster allocation.  New clusters are
 * appended at the end of the file; freed clusters are punched out of the
 * file but not reused.  Refcount blocks and table entries are written
 * through at once: a refcount is always on disk before the L2/L1 entry
 * that points at the cluster is.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qcow2.h"

static uint64_t rb_entries(BDRVQcow2State *s)
{
    return s->cluster_size / 2;
}

/* Make rb_cache hold the refcount block at off. */
static int qcow2_load_refblock(BlockDriverState *bs, uint64_t off)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (s->rb_cache_offset == off) {
        return 0;
    }
    s->rb_cache_offset = 0;
    ret = qcow2_file_pread(bs, off, s->rb_cache, s->cluster_size);
    if (ret < 0) {
        return ret;
    }
    for (uint64_t i = 0; i < rb_entries(s); i++) {
        s->rb_cache[i] = GUINT16_FROM_BE(s->rb_cache[i]);
    }
    s->rb_cache_offset = off;
    return 0;
}

/* The refcount block for rt_index: its offset, or 0 when not allocated. */
static int qcow2_refblock_offset(BlockDriverState *bs, uint64_t rt_index,
                                 uint64_t *off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t e;

    *off = 0;
    if (rt_index >= s->rt_entries) {
        return 0;
    }
    e = s->rt[rt_index];
    if ((e & REFT_RESERVED_MASK) || (e & (s->cluster_size - 1))) {
        return qcow2_signal_corruption(bs, "Refblock offset %#" PRIx64
                                       " unaligned (reftable index: %#"
                                       PRIx64 ")", e, rt_index);
    }
    if (e && e < s->cluster_size) {
        return qcow2_signal_corruption(bs, "Refblock at offset %#" PRIx64
                                       " overlaps the header", e);
    }
    *off = e & REFT_OFFSET_MASK;
    return 0;
}

int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint16_t *refcount)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t rt_index = cluster_index / rb_entries(s);
    uint64_t off;
    int ret = qcow2_refblock_offset(bs, rt_index, &off);

    *refcount = 0;
    if (ret < 0 || !off) {
        return ret;
    }
    ret = qcow2_load_refblock(bs, off);
    if (ret < 0) {
        return ret;
    }
    *refcount = s->rb_cache[cluster_index % rb_entries(s)];
    return 0;
}

static int qcow2_write_rt_entry(BlockDriverState *bs, uint64_t rt_index)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t be = GUINT64_TO_BE(s->rt[rt_index]);

    return qcow2_file_pwrite(bs, s->rt_offset + rt_index * 8, &be, 8);
}

/* Move the refcount table to a bigger place at the end of the file. */
static int qcow2_grow_reftable(BlockDriverState *bs, uint64_t min_entries)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t entries = MAX(min_entries, s->rt_entries * 2);
    uint64_t clusters = DIV_ROUND_UP(entries * 8, s->cluster_size);
    uint64_t old_off = s->rt_offset, old_clusters = s->rt_clusters;
    g_autofree uint64_t *be = NULL;
    uint8_t hdr[12];
    uint64_t be_off;
    uint32_t be_clusters;
    int ret;

    if (clusters * s->cluster_size > QCOW2_MAX_RT_BYTES) {
        return -EFBIG;
    }
    entries = clusters * s->cluster_size / 8;
    s->rt = g_renew(uint64_t, s->rt, entries);
    memset(s->rt + s->rt_entries, 0, (entries - s->rt_entries) * 8);
    s->rt_entries = entries;
    s->rt_offset = s->next_free;
    s->rt_clusters = clusters;
    s->next_free += clusters * s->cluster_size;

    be = g_new(uint64_t, entries);
    for (uint64_t i = 0; i < entries; i++) {
        be[i] = GUINT64_TO_BE(s->rt[i]);
    }
    ret = qcow2_file_pwrite(bs, s->rt_offset, be, entries * 8);
    for (uint64_t i = 0; ret == 0 && i < clusters; i++) {
        ret = qcow2_set_refcount(bs, (s->rt_offset >> s->cluster_bits) + i,
                                 1);
    }
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret < 0) {
        return ret;
    }
    be_off = GUINT64_TO_BE(s->rt_offset);
    be_clusters = GUINT32_TO_BE(s->rt_clusters);
    memcpy(hdr, &be_off, 8);
    memcpy(hdr + 8, &be_clusters, 4);
    ret = qcow2_write_header_field(bs, QCOW2_HDR_REFTABLE, hdr,
                                   sizeof(hdr));
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret == 0) {
        ret = qcow2_update_refcounts(bs, old_off,
                                     old_clusters * s->cluster_size, -1);
    }
    return ret;
}

/* Allocate the refcount block for rt_index if there is none yet. */
static int qcow2_ensure_refblock(BlockDriverState *bs, uint64_t rt_index)
{
    BDRVQcow2State *s = bs->opaque;
    g_autofree uint16_t *block = NULL;
    uint64_t off, self;
    int ret;

    if (rt_index >= s->rt_entries) {
        ret = qcow2_grow_reftable(bs, rt_index + 1);
        if (ret < 0) {
            return ret;
        }
    }
    ret = qcow2_refblock_offset(bs, rt_index, &off);
    if (ret < 0 || off) {
        return ret;
    }
    off = s->next_free;
    s->next_free += s->cluster_size;
    self = off >> s->cluster_bits;
    block = g_malloc0(s->cluster_size);
    if (self / rb_entries(s) == rt_index) {
        block[self % rb_entries(s)] = GUINT16_TO_BE(1);
    }
    ret = qcow2_file_pwrite(bs, off, block, s->cluster_size);
    if (ret == 0 && self / rb_entries(s) != rt_index) {
        ret = qcow2_set_refcount(bs, self, 1);
    }
    if (ret == 0) {
        ret = qcow2_barrier(bs);
    }
    if (ret < 0) {
        return ret;
    }
    s->rt[rt_index] = off;
    return qcow2_write_rt_entry(bs, rt_index);
}

/*
 * Write entries [i, i+n) of the cached refcount block at off: the
 * aligned stretch around them (4 KiB or the cluster), so O_DIRECT
 * needs no read-modify-write of its own.
 */
static int qcow2_write_refs(BlockDriverState *bs, uint64_t off, uint64_t i,
                            uint64_t n)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t unit = MIN(s->cluster_size, 4096);
    uint64_t start = (i * 2) & ~(unit - 1);
    uint64_t end = ROUND_UP((i + n) * 2, unit);
    uint16_t *be = qcow2_blockalign(end - start);
    int ret;

    for (uint64_t k = 0; k < (end - start) / 2; k++) {
        be[k] = GUINT16_TO_BE(s->rb_cache[start / 2 + k]);
    }
    ret = qcow2_file_pwrite(bs, off + start, be, end - start);
    g_aligned_free(be);
    return ret;
}

/* Make rb_cache hold the refcount block of cluster_index, allocating it
 * when there is none; *off is its host offset. */
static int qcow2_refblock_for(BlockDriverState *bs, uint64_t cluster_index,
                              uint64_t *off)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t rt_index = cluster_index / rb_entries(s);
    int ret = qcow2_ensure_refblock(bs, rt_index);

    if (ret == 0) {
        ret = qcow2_refblock_offset(bs, rt_index, off);
    }
    return ret < 0 ? ret : qcow2_load_refblock(bs, *off);
}

int qcow2_set_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint16_t refcount)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t i = cluster_index % rb_entries(s);
    uint64_t off;
    int ret = qcow2_refblock_for(bs, cluster_index, &off);

    if (ret < 0) {
        return ret;
    }
    s->rb_cache[i] = refcount;
    return qcow2_write_refs(bs, off, i, 1);
}

int qcow2_update_refcounts(BlockDriverState *bs, uint64_t off,
                           uint64_t bytes, int delta)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first = off >> s->cluster_bits;
    uint64_t last = (off + bytes - 1) >> s->cluster_bits;

    for (uint64_t c = first; bytes && c <= last; c++) {
        uint16_t rc;
        int ret = qcow2_get_refcount(bs, c, &rc);

        if (ret < 0) {
            return ret;
        }
        if ((delta < 0 && rc < -delta) || (delta > 0 && rc + delta > 0xffff)) {
            return qcow2_signal_corruption(bs, "Refcount of cluster %#"
                                           PRIx64 " would leave its range "
                                           "(%u %+d)", c << s->cluster_bits,
                                           rc, delta);
        }
        ret = qcow2_set_refcount(bs, c, rc + delta);
        if (ret < 0) {
            return ret;
        }
        if (rc + delta == 0) {
            /* Give the space back; the cluster itself is never reused. */
            bs->file->drv->discard(bs->file, c << s->cluster_bits,
                                   s->cluster_size);
        }
    }
    return 0;
}

/* One refcount write per refcount block the new clusters fall in. */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off = s->next_free;
    uint64_t first = off >> s->cluster_bits;

    s->next_free += n << s->cluster_bits;
    for (uint64_t c = first; c < first + n;) {
        uint64_t i = c % rb_entries(s);
        uint64_t cnt = MIN(first + n - c, rb_entries(s) - i);
        uint64_t rb_off;
        int ret = qcow2_refblock_for(bs, c, &rb_off);

        if (ret < 0) {
            return ret;
        }
        for (uint64_t k = 0; k < cnt; k++) {
            s->rb_cache[i + k] = 1;
        }
        ret = qcow2_write_refs(bs, rb_off, i, cnt);
        if (ret < 0) {
            return ret;
        }
        c += cnt;
    }
    return off;
}

void qcow2_free_later(BlockDriverState *bs, uint64_t off, uint64_t bytes)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2PendingFree f = { off, bytes };

    g_array_append_val(s->pending_frees, f);
}

int qcow2_apply_pending_frees(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = 0;

    /* The packing cursor may sit in a cluster about to be freed. */
    s->compress_cursor = 0;
    for (guint i = 0; i < s->pending_frees->len && ret == 0; i++) {
        Qcow2PendingFree *f = &g_array_index(s->pending_frees,
                                             Qcow2PendingFree, i);
        ret = qcow2_update_refcounts(bs, f->offset, f->bytes, -1);
    }
    g_array_set_size(s->pending_frees, 0);
    return ret;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
                           uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t off,
                             uint64_t bytes, const char **what)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;

    if (ranges_overlap(off, bytes, 0, cs)) {
        *what = "qcow2_header";
        return true;
    }
    if (s->l1_size &&
        ranges_overlap(off, bytes, s->l1_offset, qcow2_align(s, s->l1_size * 8))) {
        *what = "active L1 table";
        return true;
    }
    if (ranges_overlap(off, bytes, s->rt_offset, (uint64_t)s->rt_clusters * cs)) {
        *what = "refcount table";
        return true;
    }
    for (uint64_t i = 0; i < s->rt_entries; i++) {
        uint64_t rb = s->rt[i] & REFT_OFFSET_MASK;

        if (rb && ranges_overlap(off, bytes, rb, cs)) {
            *what = "refcount block";
            return true;
        }
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2 = s->l1[i] & L1E_OFFSET_MASK;

        if (l2 && ranges_overlap(off, bytes, l2, cs)) {
            *what = "active L2 table";
            return true;
        }
    }
    return false;
}
