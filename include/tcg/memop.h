/*
 * MemOp: how a guest memory access is done (size, sign, byte order,
 * alignment), and MemOpIdx: a MemOp packed with the MMU index, as carried
 * by the qemu_ld/qemu_st ops and passed to the softmmu access functions.
 */
#ifndef TCG_MEMOP_H
#define TCG_MEMOP_H

typedef enum MemOp {
    MO_8     = 0,
    MO_16    = 1,
    MO_32    = 2,
    MO_64    = 3,
    MO_SIZE  = 3,          /* log2 of the access size in bytes */

    MO_SIGN  = 1 << 2,     /* sign-extend the loaded value */

    MO_BSWAP = 1 << 3,     /* byte order opposite to the host's */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    MO_LE    = 0,
    MO_BE    = MO_BSWAP,
#else
    MO_LE    = MO_BSWAP,
    MO_BE    = 0,
#endif

    /*
     * Alignment requirement: log2 of the required alignment in bytes,
     * shifted by MO_ASHIFT.  MO_ALIGN asks for natural alignment (the
     * access size).  MO_UNALN (0) accepts any address.
     */
    MO_ASHIFT = 4,
    MO_AMASK  = 7 << MO_ASHIFT,
    MO_UNALN  = 0,
    MO_ALIGN_2  = 1 << MO_ASHIFT,
    MO_ALIGN_4  = 2 << MO_ASHIFT,
    MO_ALIGN_8  = 3 << MO_ASHIFT,
    MO_ALIGN_16 = 4 << MO_ASHIFT,
    MO_ALIGN    = 7 << MO_ASHIFT,

    MO_UB   = MO_8,
    MO_UW   = MO_16,
    MO_UL   = MO_32,
    MO_UQ   = MO_64,
    MO_SB   = MO_8 | MO_SIGN,
    MO_SW   = MO_16 | MO_SIGN,
    MO_SL   = MO_32 | MO_SIGN,
    MO_SQ   = MO_64 | MO_SIGN,

    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
    MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL,
} MemOp;

static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/* Required alignment in bytes (1 when unaligned accesses are allowed). */
static inline unsigned memop_alignment(MemOp op)
{
    unsigned a = (op & MO_AMASK) >> MO_ASHIFT;

    if (a == (MO_ALIGN >> MO_ASHIFT)) {
        return memop_size(op);
    }
    return 1u << a;
}

/* A MemOp and an MMU index (0..15) in one word. */
typedef uint32_t MemOpIdx;

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    g_assert(mmu_idx < 16);
    return (op << 4) | mmu_idx;
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return oi >> 4;
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

#endif
