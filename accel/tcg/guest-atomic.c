/*
 * Atomic operations on guest memory (exec/guest-atomic.h).
 *
 * Every operation is a compare-and-swap on the host address of guest RAM,
 * so it is atomic against the other vCPU threads' atomics and plain
 * accesses alike.  An MMIO target has no host address: its read and write
 * run back to back under the big lock, which every device access takes.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "exec/guest-atomic.h"
#include "system/main-loop.h"
#include "internal.h"
#include "tcg/helper-gen.h"
#include "helper-accel.h"

static uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static int64_t sext(uint64_t v, unsigned size)
{
    unsigned shift = 64 - size * 8;

    return (int64_t)(v << shift) >> shift;
}

/* op(old, val) at the access size, both zero-extended. */
static uint64_t apply_op(GuestAtomicOp op, uint64_t old, uint64_t val,
                         unsigned size)
{
    uint64_t r;

    switch (op) {
    case GUEST_ATOMIC_XCHG: r = val; break;
    case GUEST_ATOMIC_ADD: r = old + val; break;
    case GUEST_ATOMIC_AND: r = old & val; break;
    case GUEST_ATOMIC_OR: r = old | val; break;
    case GUEST_ATOMIC_XOR: r = old ^ val; break;
    case GUEST_ATOMIC_SMAX:
        r = sext(old, size) > sext(val, size) ? old : val;
        break;
    case GUEST_ATOMIC_SMIN:
        r = sext(old, size) < sext(val, size) ? old : val;
        break;
    case GUEST_ATOMIC_UMAX:
        r = (old & size_mask(size)) > (val & size_mask(size)) ? old : val;
        break;
    default:
        r = (old & size_mask(size)) < (val & size_mask(size)) ? old : val;
        break;
    }
    return r & size_mask(size);
}

/* A value between the guest's byte order and memory's (host order). */
static uint64_t swap_if(uint64_t v, unsigned size, bool swap)
{
    if (!swap) {
        return v;
    }
    switch (size) {
    case 1: return v;
    case 2: return GUINT16_SWAP_LE_BE((uint16_t)v);
    case 4: return GUINT32_SWAP_LE_BE((uint32_t)v);
    default: return GUINT64_SWAP_LE_BE(v);
    }
}

static bool needs_swap(MemOp mop)
{
    return (G_BYTE_ORDER == G_BIG_ENDIAN) != !!(mop & MO_BSWAP);
}

/* One host compare-and-swap; returns what memory held (host order). */
static uint64_t host_cmpxchg(void *p, unsigned size, uint64_t cmp,
                             uint64_t newv)
{
    switch (size) {
    case 1: {
        uint8_t c = cmp;
        __atomic_compare_exchange_n((uint8_t *)p, &c, (uint8_t)newv, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    case 2: {
        uint16_t c = cmp;
        __atomic_compare_exchange_n((uint16_t *)p, &c, (uint16_t)newv, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    case 4: {
        uint32_t c = cmp;
        __atomic_compare_exchange_n((uint32_t *)p, &c, (uint32_t)newv, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    default: {
        uint64_t c = cmp;
        __atomic_compare_exchange_n((uint64_t *)p, &c, newv, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return c;
    }
    }
}

static uint64_t host_load(void *p, unsigned size)
{
    switch (size) {
    case 1: return __atomic_load_n((uint8_t *)p, __ATOMIC_RELAXED);
    case 2: return __atomic_load_n((uint16_t *)p, __ATOMIC_RELAXED);
    case 4: return __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
    }
}

/*
 * The host address of an aligned atomic access, or NULL for MMIO.  The
 * access counts as a store for faults (it writes, whatever the outcome).
 */
static void *atomic_host(CPUState *cpu, uint64_t addr, unsigned size,
                         int mmu_idx, uintptr_t ra)
{
    if (addr & (size - 1)) {
        cpu_tcg_ops(cpu)->do_unaligned_access(cpu, addr, MMU_DATA_STORE,
                                              mmu_idx, ra);
        g_assert_not_reached();
    }
    return probe_access(cpu, addr, size, MMU_DATA_STORE, mmu_idx, ra);
}

static bool big_lock(void)
{
    bool locked = kemu_mutex_iothread_locked();

    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    return locked;
}

static void big_unlock(bool was_locked)
{
    if (!was_locked) {
        kemu_mutex_unlock_iothread();
    }
}

static uint64_t result(uint64_t v, MemOp mop)
{
    return mop & MO_SIGN ? (uint64_t)sext(v, memop_size(mop)) : v;
}

/* MMIO: load, compute, store under the big lock.  cmp < 0: rmw. */
static uint64_t mmio_update(CPUState *cpu, uint64_t addr, GuestAtomicOp op,
                            uint64_t val, const uint64_t *cmp, MemOpIdx oi,
                            uintptr_t ra)
{
    MemOp mop = get_memop(oi) & ~MO_SIGN;
    MemOpIdx plain = make_memop_idx(mop, get_mmuidx(oi));
    unsigned size = memop_size(mop);
    bool locked = big_lock();
    uint64_t old = cpu_ld_mmu(cpu, addr, plain, ra);

    if (!cmp) {
        cpu_st_mmu(cpu, addr, apply_op(op, old, val, size), plain, ra);
    } else if (old == (*cmp & size_mask(size))) {
        cpu_st_mmu(cpu, addr, val, plain, ra);
    }
    big_unlock(locked);
    return old;
}

uint64_t cpu_atomic_rmw(CPUState *cpu, uint64_t addr, uint64_t val,
                        GuestAtomicOp op, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    bool swap = needs_swap(mop);
    void *p = atomic_host(cpu, addr, size, get_mmuidx(oi), ra);
    uint64_t cur, old, newv;

    if (!p) {
        return result(mmio_update(cpu, addr, op, val, NULL, oi, ra), mop);
    }
    cur = host_load(p, size);
    for (;;) {
        old = swap_if(cur, size, swap);
        newv = swap_if(apply_op(op, old, val, size), size, swap);
        uint64_t seen = host_cmpxchg(p, size, cur, newv);
        if (seen == cur) {
            return result(old, mop);
        }
        cur = seen;
    }
}

uint64_t cpu_atomic_cmpxchg(CPUState *cpu, uint64_t addr, uint64_t cmp,
                            uint64_t newv, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    uint64_t mask = size_mask(size);
    bool swap = needs_swap(mop);
    void *p = atomic_host(cpu, addr, size, get_mmuidx(oi), ra);
    uint64_t old;

    if (!p) {
        old = mmio_update(cpu, addr, GUEST_ATOMIC_XCHG, newv & mask, &cmp,
                          oi, ra);
        return result(old, mop);
    }
    old = host_cmpxchg(p, size, swap_if(cmp & mask, size, swap),
                       swap_if(newv & mask, size, swap));
    return result(swap_if(old, size, swap), mop);
}

/* 16-byte compare-and-swap of host memory (host-order words). */
static void host_cmpxchg128(void *p, const uint64_t cmp[2],
                            const uint64_t newv[2], uint64_t old[2])
{
#if defined(__x86_64__)
    uint64_t lo = cmp[0], hi = cmp[1];

    __asm__ volatile("lock cmpxchg16b %0"
                     : "+m"(*(__int128 *)p), "+a"(lo), "+d"(hi)
                     : "b"(newv[0]), "c"(newv[1])
                     : "cc", "memory");
    old[0] = lo;
    old[1] = hi;
#else
    /* Other hosts: the compiler's 16-byte atomic (may need libatomic). */
    unsigned __int128 c = (unsigned __int128)cmp[1] << 64 | cmp[0];
    unsigned __int128 n = (unsigned __int128)newv[1] << 64 | newv[0];

    __atomic_compare_exchange_n((unsigned __int128 *)p, &c, n, false,
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    old[0] = (uint64_t)c;
    old[1] = (uint64_t)(c >> 64);
#endif
}

void cpu_atomic_cmpxchg128(CPUState *cpu, uint64_t addr, const uint64_t cmp[2],
                           const uint64_t newv[2], uint64_t old[2],
                           int mmu_idx, uintptr_t ra)
{
    void *p = atomic_host(cpu, addr, 16, mmu_idx, ra);
    MemOpIdx oi = make_memop_idx(MO_LEUQ, mmu_idx);
    bool swap = G_BYTE_ORDER == G_BIG_ENDIAN;
    uint64_t c[2], n[2];

    if (!p) {
        bool locked = big_lock();
        old[0] = cpu_ld_mmu(cpu, addr, oi, ra);
        old[1] = cpu_ld_mmu(cpu, addr + 8, oi, ra);
        if (old[0] == cmp[0] && old[1] == cmp[1]) {
            cpu_st_mmu(cpu, addr, newv[0], oi, ra);
            cpu_st_mmu(cpu, addr + 8, newv[1], oi, ra);
        }
        big_unlock(locked);
        return;
    }
    for (int i = 0; i < 2; i++) {
        c[i] = swap_if(cmp[i], 8, swap);
        n[i] = swap_if(newv[i], 8, swap);
    }
    host_cmpxchg128(p, c, n, old);
    old[0] = swap_if(old[0], 8, swap);
    old[1] = swap_if(old[1], 8, swap);
}

/* ---- From translated code ---- */

/* desc: MemOpIdx in bits 15:0, GuestAtomicOp above. */
uint64_t helper_atomic_rmw(void *env, uint64_t addr, uint64_t val,
                           uint32_t desc)
{
    return cpu_atomic_rmw(env_cpu(env), addr, val, desc >> 16,
                          desc & 0xffff, TCG_GETPC());
}

uint64_t helper_atomic_cmpxchg(void *env, uint64_t addr, uint64_t cmp,
                               uint64_t newv, uint32_t oi)
{
    return cpu_atomic_cmpxchg(env_cpu(env), addr, cmp, newv, oi, TCG_GETPC());
}

void helper_guest_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void tcg_gen_atomic_rmw_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 val,
                            GuestAtomicOp op, int mmu_idx, MemOp mop)
{
    uint32_t desc = make_memop_idx(mop, mmu_idx) | (uint32_t)op << 16;

    gen_helper_atomic_rmw(ret, tcg_env, addr, val, tcg_constant_i32(desc));
}

void tcg_gen_atomic_cmpxchg_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 cmp,
                                TCGv_i64 newv, int mmu_idx, MemOp mop)
{
    gen_helper_atomic_cmpxchg(ret, tcg_env, addr, cmp, newv,
                              tcg_constant_i32(make_memop_idx(mop, mmu_idx)));
}

void tcg_gen_guest_mb(void)
{
    gen_helper_guest_mb();
}
