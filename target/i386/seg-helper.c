/*
 * Segmentation: descriptor fetch and checks, segment register loads in
 * real, protected and long mode, the limit checks of data accesses outside
 * 64-bit mode, LLDT/LTR, LAR/LSL/VERR/VERW, and stack access for the far
 * transfer helpers (far-helper.c).  API in seg-helper.h.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static bool is_code64(CPUX86State *env)
{
    return (env->efer & EFER_LMA) && (env->segs[R_CS].flags & DESC_L_MASK);
}

/* Linear address of sel's descriptor, or false outside its table. */
static bool desc_addr(CPUX86State *env, uint16_t sel, uint64_t *addr)
{
    const DescTable *gdt = &env->gdt;
    uint64_t base = gdt->base;
    uint32_t limit = gdt->limit;

    if (sel & 4) {
        if ((env->ldt.selector & ~3) == 0) {
            return false;
        }
        base = env->ldt.base;
        limit = env->ldt.limit;
    }
    if ((uint32_t)(sel & ~7) + 7 > limit) {
        return false;
    }
    *addr = base + (sel & ~7);
    return true;
}

bool x86_read_desc(CPUX86State *env, uint16_t sel, uint64_t *desc,
                   uintptr_t ra)
{
    uint64_t addr;

    if (!desc_addr(env, sel, &addr)) {
        return false;
    }
    *desc = cpu_ld_mmu(env_cpu(env), addr,
                       make_memop_idx(MO_LEUQ, X86_MMU_IDX_KERNEL), ra);
    return true;
}

uint64_t x86_fetch_desc(CPUX86State *env, uint16_t sel, uintptr_t ra)
{
    uint64_t d;

    if (!x86_read_desc(env, sel, &d, ra)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    return d;
}

void x86_store_desc(CPUX86State *env, uint16_t sel, uint64_t d, uintptr_t ra)
{
    uint64_t addr = 0;

    desc_addr(env, sel, &addr);
    cpu_st_mmu(env_cpu(env), addr, d,
               make_memop_idx(MO_LEUQ, X86_MMU_IDX_KERNEL), ra);
}

bool x86_fetch_desc_debug(CPUX86State *env, uint16_t sel, uint64_t *desc)
{
    uint64_t addr;
    uint8_t buf[8];

    if (!desc_addr(env, sel, &addr) ||
        !cpu_memory_rw_debug(env_cpu(env), addr, buf, 8, false)) {
        return false;
    }
    memcpy(desc, buf, 8);
    *desc = GUINT64_FROM_LE(*desc);
    return true;
}

void x86_desc_seg(SegmentCache *sc, uint16_t sel, uint64_t d)
{
    *sc = (SegmentCache) { sel, x86_desc_base(d), x86_desc_limit(d),
                           x86_desc_flags(d) };
}

void x86_load_seg_desc(CPUX86State *env, int seg, uint16_t sel, uint64_t d)
{
    x86_desc_seg(&env->segs[seg], sel, d);
    x86_update_hflags(env);
}

void x86_load_seg_vm86(CPUX86State *env, int seg, uint16_t sel)
{
    x86_load_seg_cache(env, seg, sel, (uint32_t)sel << 4, 0xffff,
                       DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK |
                       (3 << DESC_DPL_SHIFT));
}

uint64_t x86_check_seg(CPUX86State *env, int seg, uint16_t sel, unsigned cpl,
                       bool null_ss_ok, uintptr_t ra)
{
    unsigned rpl = sel & 3, dpl, type;
    uint64_t d;

    if ((sel & ~3) == 0) {
        if (seg == R_SS && !null_ss_ok) {
            x86_raise_exception(env, EXCP0D_GPF, 0, ra);
        }
        return 0;
    }
    d = x86_fetch_desc(env, sel, ra);
    dpl = x86_desc_dpl(d);
    type = x86_desc_type(d);
    if (!(x86_desc_flags(d) & DESC_S_MASK)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (seg == R_SS) {
        if (rpl != cpl || dpl != cpl || (type & 0xa) != 0x2) {
            x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
        }
    } else {
        if ((type & 0xa) == 0x8) {              /* execute-only code */
            x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
        }
        if ((type & 0xc) != 0xc && (rpl > dpl || cpl > dpl)) {
            x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
        }
    }
    if (!(x86_desc_flags(d) & DESC_P_MASK)) {
        x86_raise_exception(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                            sel & 0xfffc, ra);
    }
    return d;
}

void x86_load_seg_checked(CPUX86State *env, int seg, uint16_t sel,
                          uint64_t d, unsigned cpl)
{
    if (d) {
        x86_load_seg_desc(env, seg, sel, d);
    } else if (seg == R_SS) {
        /* A null SS in 64-bit mode stays usable at the new CPL. */
        x86_load_seg_cache(env, seg, sel, 0, 0xffffffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                           DESC_B_MASK | (cpl << DESC_DPL_SHIFT));
    } else {
        x86_load_seg_cache(env, seg, sel, 0, 0, 0);
    }
}

void x86_load_seg(CPUX86State *env, int seg, uint16_t sel, unsigned cpl,
                  uintptr_t ra)
{
    SegmentCache *sc = &env->segs[seg];
    bool null_ss_ok = is_code64(env) && cpl != 3;

    if (!(env->cr[0] & CR0_PE)) {
        /* Real mode: limit and attributes stay as they were. */
        sc->selector = sel;
        sc->base = (uint32_t)sel << 4;
        sc->flags |= DESC_P_MASK;
        x86_update_hflags(env);
        return;
    }
    if (x86_vm86(env)) {
        x86_load_seg_vm86(env, seg, sel);
        return;
    }
    x86_load_seg_checked(env, seg, sel,
                         x86_check_seg(env, seg, sel, cpl, null_ss_ok, ra),
                         cpl);
}

void x86_check_code_desc(CPUX86State *env, uint16_t sel, uint64_t d,
                         unsigned cpl, bool ret, uintptr_t ra)
{
    uint32_t fl = x86_desc_flags(d);
    unsigned rpl = sel & 3, dpl = x86_desc_dpl(d);
    bool bad;

    if ((fl & (DESC_S_MASK | DESC_CS_MASK)) != (DESC_S_MASK | DESC_CS_MASK)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (fl & DESC_C_MASK) {
        bad = dpl > (ret ? rpl : cpl);
    } else {
        bad = ret ? dpl != rpl : (rpl > cpl || dpl != cpl);
    }
    if (bad || ((env->efer & EFER_LMA) && (fl & DESC_L_MASK) &&
                (fl & DESC_B_MASK))) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(fl & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
}

void x86_load_cs(CPUX86State *env, uint16_t sel, uint64_t d, unsigned cpl)
{
    x86_load_seg_desc(env, R_CS, (sel & ~3) | cpl, d);
}

void x86_null_inaccessible_segs(CPUX86State *env, unsigned cpl)
{
    static const int segs[] = { R_ES, R_DS, R_FS, R_GS };

    for (int i = 0; i < 4; i++) {
        SegmentCache *sc = &env->segs[segs[i]];
        unsigned dpl = (sc->flags >> DESC_DPL_SHIFT) & 3;
        bool conforming_code = (sc->flags & (DESC_CS_MASK | DESC_C_MASK)) ==
                               (DESC_CS_MASK | DESC_C_MASK);

        if ((sc->selector & ~3) && !conforming_code && dpl < cpl) {
            x86_load_seg_cache(env, segs[i], 0, 0, 0, 0);
        }
    }
}

/* ---- Stack access for the far transfer helpers ---- */

void x86_stack_init(X86Stack *st, CPUX86State *env, uintptr_t ra)
{
    st->env = env;
    st->ra = ra;
    st->sp = env->regs[R_ESP];
    st->mmu_idx = x86_cpl(env) == 3 ? X86_MMU_IDX_USER : X86_MMU_IDX_KERNEL;
    if (is_code64(env)) {
        st->base = 0;
        st->mask = ~0ull;
    } else {
        st->base = env->segs[R_SS].base;
        st->mask = (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffff
                                                          : 0xffff;
    }
}

static uint64_t stack_addr(X86Stack *st)
{
    uint64_t a = st->base + (st->sp & st->mask);

    return st->mask == ~0ull ? a : (uint32_t)a;
}

static MemOp size_memop(unsigned bytes)
{
    return bytes == 8 ? MO_LEUQ : bytes == 4 ? MO_LEUL : MO_LEUW;
}

void x86_stack_push(X86Stack *st, uint64_t val, unsigned bytes)
{
    st->sp = (st->sp & ~st->mask) | ((st->sp - bytes) & st->mask);
    cpu_st_mmu(env_cpu(st->env), stack_addr(st), val,
               make_memop_idx(size_memop(bytes), st->mmu_idx), st->ra);
}

uint64_t x86_stack_pop(X86Stack *st, unsigned bytes)
{
    uint64_t v = cpu_ld_mmu(env_cpu(st->env), stack_addr(st),
                            make_memop_idx(size_memop(bytes), st->mmu_idx),
                            st->ra);

    st->sp = (st->sp & ~st->mask) | ((st->sp + bytes) & st->mask);
    return v;
}

void x86_stack_commit(X86Stack *st)
{
    st->env->regs[R_ESP] = st->mask == 0xffffffff ? (uint32_t)st->sp
                                                   : st->sp;
}

/* ---- Helpers of translated code ---- */

/* MOV Sreg, POP Sreg, LDS/LES/LFS/LGS/LSS. */
void helper_load_seg(void *opaque, uint32_t seg, uint32_t sel)
{
    CPUX86State *env = opaque;

    x86_load_seg(env, seg, sel, x86_cpl(env), TCG_GETPC());
}

/*
 * A data access of size bytes at offset off in seg outside 64-bit mode:
 * #GP(0) (#SS(0) for SS) beyond the limit (below it for expand-down),
 * and for a null selector in protected mode.  arg = seg | (size << 8).
 */
void helper_check_seg(void *opaque, uint64_t off, uint32_t arg)
{
    CPUX86State *env = opaque;
    int seg = arg & 0xff;
    unsigned size = arg >> 8;
    const SegmentCache *sc = &env->segs[seg];
    uint64_t last = off + size - 1;
    bool bad;

    if ((env->cr[0] & CR0_PE) && !(sc->flags & DESC_P_MASK)) {
        bad = true;
    } else if ((sc->flags & (DESC_CS_MASK | DESC_C_MASK)) == DESC_C_MASK) {
        uint64_t top = (sc->flags & DESC_B_MASK) ? 0xffffffff : 0xffff;

        bad = off <= sc->limit || last > top;
    } else {
        bad = last > sc->limit;
    }
    if (bad) {
        x86_raise_exception(env, seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF, 0,
                            TCG_GETPC());
    }
}

/* A system descriptor of GDT sel (16 bytes in long mode): base in *base. */
static uint64_t fetch_system_desc(CPUX86State *env, uint16_t sel,
                                  unsigned want_type, unsigned alt_type,
                                  uint64_t *base, uintptr_t ra)
{
    uint64_t d;
    unsigned type;

    if (sel & 4) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    d = x86_fetch_desc(env, sel, ra);
    type = x86_desc_type(d);
    if ((x86_desc_flags(d) & DESC_S_MASK) ||
        (type != want_type && type != alt_type)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(x86_desc_flags(d) & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    *base = x86_desc_base(d);
    if (env->efer & EFER_LMA) {
        uint64_t hi = x86_fetch_desc(env, sel + 8, ra);

        *base |= hi << 32;
    }
    return d;
}

void helper_lldt(void *opaque, uint32_t sel)
{
    CPUX86State *env = opaque;
    uint64_t d, base;

    sel &= 0xffff;
    if ((sel & ~3) == 0) {
        env->ldt = (SegmentCache) { 0 };
        return;
    }
    d = fetch_system_desc(env, sel, 2, 2, &base, TCG_GETPC());
    env->ldt = (SegmentCache) { sel, base, x86_desc_limit(d),
                                x86_desc_flags(d) };
}

/* LTR: an available 16/32/64-bit TSS, marked busy in the GDT. */
void helper_ltr(void *opaque, uint32_t sel)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t d, base;

    sel &= 0xffff;
    if ((sel & ~3) == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    d = fetch_system_desc(env, sel, 9, (env->efer & EFER_LMA) ? 9 : 1,
                          &base, ra);
    d |= 2ull << (32 + DESC_TYPE_SHIFT);            /* busy */
    x86_store_desc(env, sel, d, ra);
    env->tr = (SegmentCache) { sel, base, x86_desc_limit(d),
                               x86_desc_flags(d) };
}

/*
 * LAR (op 0), LSL (1), VERR (2), VERW (3) of sel: ZF says whether sel is
 * visible at CPL/RPL (and readable/writable); LAR/LSL then write regs[reg]
 * at size ot (arg = op | reg << 2 | ot << 6).
 */
void helper_lar(void *opaque, uint32_t sel, uint32_t arg)
{
    CPUX86State *env = opaque;
    unsigned op = arg & 3, reg = (arg >> 2) & 15, ot = arg >> 6;
    unsigned cpl = x86_cpl(env), rpl = sel & 3, dpl, type;
    uint64_t d, val = 0;
    bool ok;

    sel &= 0xffff;
    ok = (sel & ~3) && x86_fetch_desc_debug(env, sel, &d);
    if (ok) {
        dpl = x86_desc_dpl(d);
        type = x86_desc_type(d);
        if (x86_desc_flags(d) & DESC_S_MASK) {
            bool conforming = (type & 0xc) == 0xc;

            ok = conforming || (dpl >= cpl && dpl >= rpl);
            if (op == 2) {
                ok = ok && (type & 0xa) != 0x8;
            } else if (op == 3) {
                ok = ok && (type & 0xa) == 0x2;
            }
        } else {
            /* LDT and TSS types; LAR also call/task gates (16/32-bit). */
            static const uint16_t lar_types = 0x1a3e, lsl_types = 0x0a0e;
            uint16_t types = op == 0 ? lar_types : op == 1 ? lsl_types : 0;

            if (env->efer & EFER_LMA) {
                types &= op == 0 ? 0x1a04 : 0x0a04;
            }
            ok = (types >> type) & 1 && dpl >= cpl && dpl >= rpl;
        }
        val = op == 0 ? (d >> 32) & 0x00ffff00 : x86_desc_limit(d);
    }
    x86_write_eflags(env, ok ? CC_Z : 0, CC_Z);
    if (ok && op < 2) {
        uint64_t *r = &env->regs[reg];

        *r = ot == 1 ? (*r & ~0xffffull) | (val & 0xffff) : val;
    }
}
