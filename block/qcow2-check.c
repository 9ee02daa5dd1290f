/*
 * qcow2 consistency check: rebuild every cluster's reference count from
 * the metadata (header, L1/L2 tables, refcount structures, snapshot
 * tables), compare with the stored refcounts and optionally repair them.
 * Messages follow qemu-img check's wording; they go to stderr.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "qcow2.h"

typedef struct CheckState {
    BlockDriverState *bs;
    BDRVQcow2State *s;
    BdrvCheckResult *res;
    uint16_t *ref;            /* rebuilt refcounts */
    uint64_t nb;              /* clusters in the file */
    uint64_t last_data;       /* for fragmentation statistics */
} CheckState;

static void check_ref(CheckState *c, uint64_t off, uint64_t bytes)
{
    uint64_t first = off >> c->s->cluster_bits;
    uint64_t last = (off + bytes - 1) >> c->s->cluster_bits;

    for (uint64_t i = first; bytes && i <= last; i++) {
        if (i >= c->nb) {
            fprintf(stderr, "ERROR: Cluster offset %#" PRIx64 " is after the "
                    "end of the image file, can't properly check "
                    "refcounts.\n", i << c->s->cluster_bits);
            c->res->corruptions++;
            return;
        }
        if (c->ref[i] == 0xffff) {
            fprintf(stderr, "ERROR: overflow cluster offset=%#" PRIx64 "\n",
                    i << c->s->cluster_bits);
            c->res->corruptions++;
            continue;
        }
        c->ref[i]++;
    }
}

static void check_l2_entry(CheckState *c, uint64_t e, bool active)
{
    BDRVQcow2State *s = c->s;
    uint64_t off, bytes;

    if (e & QCOW_OFLAG_COMPRESSED) {
        qcow2_compressed_range(s, e, &off, &bytes);
        check_ref(c, off, bytes);
        if (active) {
            c->res->allocated_clusters++;
            c->res->compressed_clusters++;
        }
        return;
    }
    off = e & L2E_OFFSET_MASK;
    if (!off) {
        return;
    }
    if (off & (s->cluster_size - 1)) {
        fprintf(stderr, "ERROR offset=%" PRIx64 ": Cluster is not properly "
                "aligned; L2 entry corrupted.\n", off);
        c->res->corruptions++;
        return;
    }
    check_ref(c, off, s->cluster_size);
    if (active) {
        c->res->allocated_clusters++;
        if (c->last_data && off != c->last_data + s->cluster_size) {
            c->res->fragmented_clusters++;
        }
        c->last_data = off;
    }
}

/* Read one L2 table into host-endian entries; false if unreadable. */
static bool check_read_l2(CheckState *c, uint64_t off, uint64_t *table)
{
    BDRVQcow2State *s = c->s;

    if (off >= c->nb << s->cluster_bits ||
        qcow2_file_pread(c->bs, off, table, s->cluster_size) < 0) {
        c->res->check_errors++;
        return false;
    }
    for (uint64_t i = 0; i < qcow2_l2_entries(s); i++) {
        table[i] = GUINT64_FROM_BE(table[i]);
    }
    return true;
}

/* Count the references of one L1 table (the active one or a snapshot's). */
static void check_l1(CheckState *c, uint64_t l1_off, uint32_t l1_size,
                     bool active)
{
    BDRVQcow2State *s = c->s;
    g_autofree uint64_t *l1 = g_new(uint64_t, MAX(l1_size, 1));
    g_autofree uint64_t *l2 = g_new(uint64_t, qcow2_l2_entries(s));

    if (!l1_size) {
        return;
    }
    check_ref(c, l1_off, l1_size * 8ULL);
    if (qcow2_file_pread(c->bs, l1_off, l1, l1_size * 8ULL) < 0) {
        c->res->check_errors++;
        return;
    }
    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t off = GUINT64_FROM_BE(l1[i]) & L1E_OFFSET_MASK;

        if (!off) {
            continue;
        }
        if (off & (s->cluster_size - 1)) {
            fprintf(stderr, "ERROR l2_offset=%" PRIx64 ": Table is not "
                    "cluster aligned; L1 entry corrupted\n", off);
            c->res->corruptions++;
            continue;
        }
        check_ref(c, off, s->cluster_size);
        if (!check_read_l2(c, off, l2)) {
            continue;
        }
        for (uint64_t j = 0; j < qcow2_l2_entries(s); j++) {
            check_l2_entry(c, l2[j], active);
        }
    }
}

static void check_snapshots(CheckState *c)
{
    BDRVQcow2State *s = c->s;
    uint64_t pos = s->snapshots_offset;

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        uint8_t h[40];

        if (pos >= c->nb << s->cluster_bits) {
            fprintf(stderr, "ERROR snapshot table is outside the image\n");
            c->res->corruptions++;
            return;
        }
        uint64_t l1_off;
        uint32_t l1_size, extra, len;

        if (qcow2_file_pread(c->bs, pos, h, sizeof(h)) < 0) {
            c->res->check_errors++;
            return;
        }
        memcpy(&l1_off, h, 8);
        memcpy(&l1_size, h + 8, 4);
        memcpy(&extra, h + 36, 4);
        l1_off = GUINT64_FROM_BE(l1_off);
        l1_size = GUINT32_FROM_BE(l1_size);
        len = 40 + GUINT32_FROM_BE(extra) + ((h[12] << 8) | h[13]) +
              ((h[14] << 8) | h[15]);
        if ((l1_off & (s->cluster_size - 1)) ||
            (uint64_t)l1_size * 8 > QCOW2_MAX_L1_BYTES) {
            fprintf(stderr, "ERROR snapshot %u has an invalid L1 table\n", i);
            c->res->corruptions++;
        } else {
            check_l1(c, l1_off, l1_size, false);
        }
        pos += ROUND_UP(len, 8);
    }
    if (s->nb_snapshots) {
        check_ref(c, s->snapshots_offset, pos - s->snapshots_offset);
    }
}

static void check_refcount_structures(CheckState *c)
{
    BDRVQcow2State *s = c->s;

    check_ref(c, s->rt_offset, (uint64_t)s->rt_clusters * s->cluster_size);
    for (uint64_t i = 0; i < s->rt_entries; i++) {
        uint64_t off = s->rt[i] & REFT_OFFSET_MASK;

        if (!off) {
            continue;
        }
        if (off & (s->cluster_size - 1)) {
            fprintf(stderr, "ERROR refcount block %" PRIu64 " is not cluster "
                    "aligned; refcount table entry corrupted\n", i);
            c->res->corruptions++;
        } else if (off >= c->nb << s->cluster_bits) {
            fprintf(stderr, "ERROR refcount block %" PRIu64 " is outside "
                    "image\n", i);
            c->res->corruptions++;
        } else {
            check_ref(c, off, s->cluster_size);
        }
    }
}

static void check_compare(CheckState *c, BdrvCheckMode fix)
{
    for (uint64_t i = 0; i < c->nb; i++) {
        uint16_t disk;
        bool leak, repair;

        if (qcow2_get_refcount(c->bs, i, &disk) < 0) {
            fprintf(stderr, "Can't get refcount for cluster %" PRIu64 "\n",
                    i);
            c->res->check_errors++;
            continue;
        }
        if (disk == c->ref[i]) {
            continue;
        }
        leak = disk > c->ref[i];
        repair = (leak && (fix & BDRV_FIX_LEAKS)) ||
                 (!leak && (fix & BDRV_FIX_ERRORS));
        fprintf(stderr, "%s cluster %" PRIu64 " refcount=%u reference=%u\n",
                repair ? "Repairing" : leak ? "Leaked" : "ERROR", i, disk,
                c->ref[i]);
        if (repair && qcow2_set_refcount(c->bs, i, c->ref[i]) == 0) {
            *(leak ? &c->res->leaks_fixed : &c->res->corruptions_fixed) += 1;
        } else {
            *(leak ? &c->res->leaks : &c->res->corruptions) += 1;
        }
    }
}

/* OFLAG_COPIED must be set exactly on entries whose refcount is 1. */
static void check_copied(CheckState *c)
{
    BDRVQcow2State *s = c->s;
    g_autofree uint64_t *l2 = g_new(uint64_t, qcow2_l2_entries(s));

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t e = s->l1[i], off = e & L1E_OFFSET_MASK;
        uint16_t rc;

        if (!off || (off & (s->cluster_size - 1)) ||
            qcow2_get_refcount(c->bs, off >> s->cluster_bits, &rc) < 0) {
            continue;
        }
        if ((rc == 1) != !!(e & QCOW_OFLAG_COPIED)) {
            fprintf(stderr, "ERROR OFLAG_COPIED L2 cluster: l1_index=%u "
                    "l1_entry=%" PRIx64 " refcount=%u\n", i, e, rc);
            c->res->corruptions++;
        }
        if (!check_read_l2(c, off, l2)) {
            continue;
        }
        for (uint64_t j = 0; j < qcow2_l2_entries(s); j++) {
            uint64_t d = l2[j] & L2E_OFFSET_MASK;

            if ((l2[j] & QCOW_OFLAG_COMPRESSED) || !d ||
                (d & (s->cluster_size - 1)) ||
                qcow2_get_refcount(c->bs, d >> s->cluster_bits, &rc) < 0) {
                continue;
            }
            if ((rc == 1) != !!(l2[j] & QCOW_OFLAG_COPIED)) {
                fprintf(stderr, "ERROR OFLAG_COPIED data cluster: l2_entry=%"
                        PRIx64 " refcount=%u\n", l2[j], rc);
                c->res->corruptions++;
            }
        }
    }
}

/* After a full repair, drop the dirty and corrupt bits (v3). */
static void check_clear_flags(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t flags = QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT;
    uint64_t be;

    if (s->version < 3 || !(s->incompat & flags) ||
        qcow2_barrier(bs) < 0) {
        return;
    }
    s->incompat &= ~flags;
    be = GUINT64_TO_BE(s->incompat);
    if (qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, &be, 8) == 0) {
        qcow2_barrier(bs);
    }
}

int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res,
                BdrvCheckMode fix)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t len = bdrv_getlength(bs->file);
    CheckState c = { .bs = bs, .s = s, .res = res };
    int ret;

    if (len < 0) {
        return len;
    }
    if (!bs->read_only && (ret = qcow2_flush_metadata(bs)) < 0) {
        return ret;
    }
    c.nb = DIV_ROUND_UP((uint64_t)len, s->cluster_size);
    c.ref = g_new0(uint16_t, c.nb + 1);
    res->total_clusters = DIV_ROUND_UP(s->size, s->cluster_size);
    check_ref(&c, 0, s->cluster_size);
    check_l1(&c, s->l1_offset, s->l1_size, true);
    check_snapshots(&c);
    check_refcount_structures(&c);
    check_compare(&c, bs->read_only ? BDRV_CHECK_ONLY : fix);
    check_copied(&c);
    for (uint64_t i = c.nb; i > 0; i--) {
        if (c.ref[i - 1]) {
            res->image_end_offset = i << s->cluster_bits;
            break;
        }
    }
    if ((fix & BDRV_FIX_ERRORS) && !bs->read_only && !res->corruptions &&
        !res->leaks && !res->check_errors) {
        check_clear_flags(bs);
    }
    if (!bs->read_only) {
        qcow2_barrier(bs);
    }
    g_free(c.ref);
    return 0;
}
