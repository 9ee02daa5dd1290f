/*
 * REP MOVS / REP STOS in bulk: the iterations whose elements all lie in
 * the pages of the current source and destination elements run here as
 * host memory copies/fills, instead of one TB execution (and, when the
 * two pages share a TLB slot, two victim-TLB swaps) per element.  The
 * translated REP loop then runs one ordinary iteration, which crosses
 * the page, faults or reaches MMIO exactly as before (insn-ctl.c.inc).
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/*
 * How many elements of size bytes, starting with the one at linear
 * address a (register offset off) and stepping by DF, fit in a's page
 * without the offset wrapping at the 32-bit address size.
 */
static uint64_t elems_in_page(uint64_t a, uint64_t off, unsigned size,
                              bool down, bool addr64)
{
    uint64_t in_page = a & ~TARGET_PAGE_MASK;
    uint64_t n;

    if (in_page + size > TARGET_PAGE_SIZE) {
        return 0;
    }
    if (down) {
        n = in_page / size + 1;
        return addr64 ? n : MIN(n, off / size + 1);
    }
    n = (TARGET_PAGE_SIZE - in_page) / size;
    return addr64 ? n : MIN(n, ((1ull << 32) - off) / size);
}

/* Host address of the n elements ending (down) or starting at a's. */
static void *probe_elems(CPUX86State *env, uint64_t a, uint64_t n,
                         unsigned size, bool down, MMUAccessType type,
                         int mmu_idx, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    uint64_t lo = down ? a - (n - 1) * size : a;

    /* The first element first: it faults as the plain iteration would. */
    if (!probe_access(cs, a, size, type, mmu_idx, ra)) {
        return NULL;
    }
    return probe_access(cs, lo, n * size, type, mmu_idx, ra);
}

/* n elements of value v; the pattern doubles, so a page is a few copies. */
static void fill(uint8_t *d, uint64_t v, uint64_t n, unsigned size)
{
    uint64_t len = n * size, done = size;

    if (size == 1) {
        memset(d, v, n);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        d[i] = v >> (8 * i);        /* little-endian guest */
    }
    while (done < len) {
        uint64_t chunk = MIN(done, len - done);

        memcpy(d + done, d, chunk);
        done += chunk;
    }
}

/*
 * Element by element in the order of the iterations: when the ranges
 * overlap, an element may read what an earlier one wrote.
 */
static void copy(uint8_t *d, const uint8_t *s, uint64_t n, unsigned size,
                 bool down)
{
    uint64_t len = n * size;
    uint8_t e[8];

    if (d + len <= s || s + len <= d) {
        memcpy(d, s, len);
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t o = down ? len - (i + 1) * size : i * size;

        memcpy(e, s + o, size);
        memcpy(d + o, e, size);
    }
}

static void advance(CPUX86State *env, int reg, int64_t by, bool addr64)
{
    uint64_t v = env->regs[reg] + by;

    env->regs[reg] = addr64 ? v : (uint32_t)v;
}

void helper_rep_bulk(void *opaque, uint32_t arg)
{
    CPUX86State *env = opaque;
    unsigned size = 1u << (arg & REP_BULK_SIZE_MASK);
    bool addr64 = arg & REP_BULK_ADDR64, stos = arg & REP_BULK_STOS;
    unsigned seg = (arg >> REP_BULK_SEG_SHIFT) & 7;
    int mmu_idx = arg >> REP_BULK_IDX_SHIFT;
    bool down = env->eflags & DF_MASK;
    uint64_t amask = addr64 ? ~0ull : 0xffffffffull;
    uint64_t n = env->regs[R_ECX] & amask;
    uint64_t di = env->regs[R_EDI] & amask, si = env->regs[R_ESI] & amask;
    uint64_t sa = si + (seg == REP_BULK_SEG_NONE ? 0 : env->segs[seg].base);
    uintptr_t ra = TCG_GETPC();
    uint8_t *s = NULL, *d;
    int64_t step;

    n = MIN(n, elems_in_page(di, di, size, down, addr64));
    if (!stos) {
        n = MIN(n, elems_in_page(sa, si, size, down, addr64));
    }
    if (n == 0) {
        return;
    }
    if (!stos) {
        s = probe_elems(env, sa, n, size, down, MMU_DATA_LOAD, mmu_idx, ra);
        if (!s) {
            return;
        }
    }
    d = probe_elems(env, di, n, size, down, MMU_DATA_STORE, mmu_idx, ra);
    if (!d) {
        return;
    }
    if (stos) {
        fill(d, env->regs[R_EAX], n, size);
    } else {
        copy(d, s, n, size, down);
    }
    step = down ? -(int64_t)(n * size) : (int64_t)(n * size);
    if (!stos) {
        advance(env, R_ESI, step, addr64);
    }
    advance(env, R_EDI, step, addr64);
    advance(env, R_ECX, -(int64_t)n, addr64);
}
