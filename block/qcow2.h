/*
 * qcow2 driver internals shared by qcow2.c (header, open, create, info),
 * qcow2-cluster.c (L1/L2 mapping, reads and writes), qcow2-refcount.c
 * (refcounts and allocation) and qcow2-check.c.  Format: QEMU's
 * docs/interop/qcow2.txt.
 *
 * Crash safety: new clusters get their refcount written before anything
 * points at them; L2 and L1 changes stay in memory (dirty) until a flush,
 * which syncs data and refcounts first, then writes the tables, then
 * syncs again; clusters that lose their last reference are freed only
 * after the tables that dropped them are on disk.  A crash can leak
 * clusters, never leave a reference to a free or reused one.
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include "block/block.h"

#define QCOW2_MAGIC 0x514649fbu
#define QCOW2_MAX_CLUSTER_BITS 21
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_DEFAULT_CLUSTER_BITS 16
#define QCOW2_MAX_L1_BYTES (32 * 1024 * 1024)
#define QCOW2_MAX_RT_BYTES (8 * 1024 * 1024)
#define QCOW2_MAX_BACKING_NAME 1023
#define QCOW2_L2_CACHE_SIZE 32
#define QCOW2_MAX_SNAPSHOTS 65536

#define QCOW_OFLAG_COPIED     (1ULL << 63)
#define QCOW_OFLAG_COMPRESSED (1ULL << 62)
#define QCOW_OFLAG_ZERO       1ULL
#define L1E_OFFSET_MASK       0x00fffffffffffe00ULL
#define L1E_RESERVED_MASK     0x7f000000000001ffULL
#define L2E_OFFSET_MASK       0x00fffffffffffe00ULL
#define L2E_STD_RESERVED_MASK 0x3f000000000001feULL
#define REFT_OFFSET_MASK      0xfffffffffffffe00ULL
#define REFT_RESERVED_MASK    0x1ffULL

#define QCOW2_INCOMPAT_DIRTY       (1ULL << 0)
#define QCOW2_INCOMPAT_CORRUPT     (1ULL << 1)
#define QCOW2_INCOMPAT_DATA_FILE   (1ULL << 2)
#define QCOW2_INCOMPAT_COMPRESSION (1ULL << 3)
#define QCOW2_INCOMPAT_EXTL2       (1ULL << 4)
#define QCOW2_INCOMPAT_KNOWN       (QCOW2_INCOMPAT_DIRTY | \
                                    QCOW2_INCOMPAT_CORRUPT)
#define QCOW2_COMPAT_LAZY_REFCOUNTS (1ULL << 0)

#define QCOW2_EXT_END            0x00000000u
#define QCOW2_EXT_BACKING_FORMAT 0xe2792acau
#define QCOW2_EXT_FEATURE_TABLE  0x6803f857u

/* Byte offsets of the header fields that are rewritten in place. */
#define QCOW2_HDR_SIZE            24
#define QCOW2_HDR_L1_SIZE         36
#define QCOW2_HDR_REFTABLE        48
#define QCOW2_HDR_INCOMPAT        72
#define QCOW2_HDR_V2_LENGTH       72
#define QCOW2_HDR_V3_LENGTH       104

typedef struct Qcow2L2Entry {
    uint64_t offset;          /* host offset of the table; 0: unused slot */
    uint64_t *table;          /* host-endian entries */
    uint64_t last_use;
    bool dirty;
} Qcow2L2Entry;

typedef struct Qcow2PendingFree {
    uint64_t offset;
    uint64_t bytes;
} Qcow2PendingFree;

typedef struct BDRVQcow2State {
    int version;
    int cluster_bits;
    uint64_t cluster_size;
    int l2_bits;              /* log2(entries per L2 table) */
    uint64_t size;
    uint32_t header_length;
    uint64_t incompat;
    uint64_t compat;
    uint32_t nb_snapshots;
    uint64_t snapshots_offset;

    uint64_t *l1;             /* host-endian */
    uint32_t l1_size;
    uint64_t l1_offset;
    bool l1_dirty;

    uint64_t *rt;             /* refcount table, host-endian */
    uint64_t rt_entries;
    uint64_t rt_offset;
    uint32_t rt_clusters;
    uint64_t rb_cache_offset; /* one refcount block kept in memory */
    uint16_t *rb_cache;

    Qcow2L2Entry l2_cache[QCOW2_L2_CACHE_SIZE];
    uint64_t l2_clock;

    uint64_t next_free;       /* where the next appended cluster goes */
    uint64_t compress_cursor; /* byte offset for packing compressed data */
    GArray *pending_frees;    /* Qcow2PendingFree, applied after a flush */

    uint64_t zcache_desc;     /* compressed L2 entry held in zcache */
    uint8_t *zcache;
    bool corrupt_reported;
    /*
     * Taken by the I/O entry points (preadv, pwritev, pwrite_compressed,
     * discard, flush, truncate): the pool's threads call them at once.
     */
    GMutex lock;
} BDRVQcow2State;

static inline uint64_t qcow2_align(BDRVQcow2State *s, uint64_t n)
{
    return ROUND_UP(n, s->cluster_size);
}

/* Host memory that O_DIRECT can use without a bounce buffer; free it
 * with g_aligned_free. */
static inline void *qcow2_blockalign(size_t bytes)
{
    return g_aligned_alloc(1, bytes, 4096);
}

static inline uint64_t qcow2_l2_entries(BDRVQcow2State *s)
{
    return 1ULL << s->l2_bits;
}

/* Protocol-level I/O on the image file, not bounded by its length. */
int qcow2_file_pread(BlockDriverState *bs, uint64_t off, void *buf,
                     uint64_t bytes);
int qcow2_file_pwrite(BlockDriverState *bs, uint64_t off, const void *buf,
                      uint64_t bytes);
/* Sync the file (a no-op under cache=unsafe): an ordering point. */
int qcow2_barrier(BlockDriverState *bs);
/*
 * Something in the image is inconsistent: log it, set the corrupt bit in
 * the header (v3) and make the image read-only.  Returns -EIO.
 */
int qcow2_signal_corruption(BlockDriverState *bs, const char *fmt, ...)
    KEMU_PRINTF(2, 3);
int qcow2_write_header_field(BlockDriverState *bs, uint64_t off,
                             const void *be_value, size_t len);

/* qcow2-refcount.c */
int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint16_t *refcount);
int qcow2_set_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint16_t refcount);
/* Append n clusters with refcount 1; returns the host offset or -errno. */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n);
/* Add delta to the refcount of every cluster touching [off, off+bytes). */
int qcow2_update_refcounts(BlockDriverState *bs, uint64_t off,
                           uint64_t bytes, int delta);
/* Free [off, off+bytes) once the next metadata flush is done. */
void qcow2_free_later(BlockDriverState *bs, uint64_t off, uint64_t bytes);
int qcow2_apply_pending_frees(BlockDriverState *bs);
/* Is [off, off+bytes) metadata of the image? */
bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t off,
                             uint64_t bytes, const char **what);

/* qcow2-cluster.c */
int qcow2_get_l2_entry(BlockDriverState *bs, uint64_t guest_off,
                       uint64_t *entry);
int qcow2_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                 struct iovec *iov, int iovcnt);
int qcow2_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                  struct iovec *iov, int iovcnt);
int qcow2_pwrite_compressed(BlockDriverState *bs, uint64_t offset,
                            const void *buf, uint64_t bytes);
int qcow2_discard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
int qcow2_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                       uint64_t *pnum, bool *allocated);
/* Write dirty L2 tables and the L1 table in crash-safe order. */
int qcow2_flush_metadata(BlockDriverState *bs);
void qcow2_l2_cache_drop(BlockDriverState *bs);
/* Host byte range of a compressed L2 entry. */
void qcow2_compressed_range(BDRVQcow2State *s, uint64_t entry,
                            uint64_t *off, uint64_t *bytes);
int qcow2_grow_l1(BlockDriverState *bs, uint64_t min_size);

/* qcow2-check.c */
int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res,
                BdrvCheckMode fix);

#endif
