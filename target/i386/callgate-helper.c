/*
 * Far CALL and JMP through call gates (SDM Vol. 3 5.8): 16/32-bit gates
 * in protected mode, 64-bit gates (16-byte descriptors) in long mode.  A
 * CALL to a more privileged non-conforming segment switches to the
 * stack of the TSS for the new level and copies the gate's parameter
 * count of words/dwords; RETF (far-helper.c) returns to the outer level.
 * API in task-helper.h.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "task-helper.h"

/* The gate's target code segment, checked as SDM's CALL/JMP do. */
static uint64_t gate_target(CPUX86State *env, uint16_t cs, bool call,
                            uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), dpl;
    uint32_t fl;
    uint64_t d;

    if ((cs & ~3) == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_desc(env, cs, &d, ra)) {
        x86_raise_exception(env, EXCP0D_GPF, cs & 0xfffc, ra);
    }
    fl = x86_desc_flags(d);
    dpl = x86_desc_dpl(d);
    if ((fl & (DESC_S_MASK | DESC_CS_MASK)) != (DESC_S_MASK | DESC_CS_MASK) ||
        dpl > cpl || (!call && !(fl & DESC_C_MASK) && dpl != cpl) ||
        ((env->efer & EFER_LMA) &&
         (!(fl & DESC_L_MASK) || (fl & DESC_B_MASK)))) {
        x86_raise_exception(env, EXCP0D_GPF, cs & 0xfffc, ra);
    }
    if (!(fl & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0B_NOSEG, cs & 0xfffc, ra);
    }
    return d;
}

/* SS:ESP for level dpl from the 16/32-bit TSS, the SS checked (#TS/#SS). */
static void inner_stack(CPUX86State *env, unsigned dpl, X86Stack *st,
                        uint16_t *ss, uint64_t *ss_d, uintptr_t ra)
{
    bool tss32 = (env->tr.flags >> DESC_TYPE_SHIFT) & 8;
    unsigned w = tss32 ? 4 : 2, off = (dpl * 4 + 2) * (w / 2);
    MemOpIdx oi = make_memop_idx(tss32 ? MO_LEUL : MO_LEUW,
                                 X86_MMU_IDX_KERNEL);
    CPUState *cs = env_cpu(env);
    uint32_t fl;

    if (off + 2 * w - 1 > env->tr.limit) {
        x86_raise_exception(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    st->sp = cpu_ld_mmu(cs, (uint32_t)(env->tr.base + off), oi, ra);
    *ss = cpu_ld_mmu(cs, (uint32_t)(env->tr.base + off + w),
                     make_memop_idx(MO_LEUW, X86_MMU_IDX_KERNEL), ra);
    if ((*ss & ~3) == 0 || (*ss & 3) != dpl ||
        !x86_read_desc(env, *ss, ss_d, ra)) {
        x86_raise_exception(env, EXCP0A_TSS, *ss & 0xfffc, ra);
    }
    fl = x86_desc_flags(*ss_d);
    if (x86_desc_dpl(*ss_d) != dpl || !(fl & DESC_S_MASK) ||
        (x86_desc_type(*ss_d) & 0xa) != 0x2) {
        x86_raise_exception(env, EXCP0A_TSS, *ss & 0xfffc, ra);
    }
    if (!(fl & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0C_STACK, *ss & 0xfffc, ra);
    }
    st->base = x86_desc_base(*ss_d);
    st->mask = (fl & DESC_B_MASK) ? 0xffffffff : 0xffff;
}

/* RSPn of the 64-bit TSS for level dpl. */
static void inner_stack64(CPUX86State *env, unsigned dpl, X86Stack *st,
                          uintptr_t ra)
{
    unsigned off = 4 + 8 * dpl;

    if (off + 7 > env->tr.limit) {
        x86_raise_exception(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    st->sp = cpu_ld_mmu(env_cpu(env), env->tr.base + off,
                        make_memop_idx(MO_LEUQ, X86_MMU_IDX_KERNEL), ra);
    st->base = 0;
    st->mask = ~0ull;
}

/*
 * CALL to level dpl: the new stack gets the caller's SS:ESP, the gate's
 * count parameters (legacy gates only) and CS:EIP; then SS switches.
 */
static void call_inner(CPUX86State *env, unsigned dpl, unsigned w,
                       unsigned count, uint64_t next_eip, uintptr_t ra)
{
    X86Stack st = { .env = env, .mmu_idx = X86_MMU_IDX_KERNEL, .ra = ra };
    X86Stack old;
    uint64_t ss_d = 0;
    uint16_t ss = dpl;              /* long mode: a null SS, RPL = dpl */

    if (w == 8) {
        inner_stack64(env, dpl, &st, ra);
    } else {
        inner_stack(env, dpl, &st, &ss, &ss_d, ra);
    }
    x86_stack_init(&old, env, ra);
    old.mmu_idx = X86_MMU_IDX_KERNEL;
    x86_stack_push(&st, env->segs[R_SS].selector, w);
    x86_stack_push(&st, env->regs[R_ESP], w);
    for (unsigned i = w == 8 ? 0 : count; i-- > 0;) {
        old.sp = env->regs[R_ESP] + i * w;      /* the last one first */
        x86_stack_push(&st, x86_stack_pop(&old, w), w);
    }
    x86_stack_push(&st, env->segs[R_CS].selector, w);
    x86_stack_push(&st, next_eip, w);
    if (w == 8) {
        x86_load_seg_cache(env, R_SS, ss, 0, 0, dpl << DESC_DPL_SHIFT);
    } else {
        x86_load_seg_desc(env, R_SS, ss, ss_d);
    }
    x86_stack_commit(&st);
}

void x86_call_gate(CPUX86State *env, uint16_t sel, uint64_t gate, bool call,
                   uint64_t next_eip, uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), gdpl = x86_desc_dpl(gate), dpl, w;
    bool long_mode = env->efer & EFER_LMA;
    uint64_t eip = (gate & 0xffff) | ((gate >> 32) & 0xffff0000);
    uint16_t cs = gate >> 16;
    uint64_t d, hi;

    if (gdpl < cpl || (sel & 3) > gdpl) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(x86_desc_flags(gate) & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    if (long_mode) {
        /* The upper half: offset 63:32, then a type field that is 0. */
        if (!x86_read_desc(env, sel + 8, &hi, ra) || ((hi >> 40) & 0x1f)) {
            x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
        }
        eip |= hi << 32;
        w = 8;
    } else {
        w = (x86_desc_type(gate) & 8) ? 4 : 2;
        eip &= w == 4 ? 0xffffffff : 0xffff;
    }
    d = gate_target(env, cs, call, ra);
    dpl = (x86_desc_flags(d) & DESC_C_MASK) ? cpl : x86_desc_dpl(d);
    if (!long_mode && eip > x86_desc_limit(d)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if (call && dpl < cpl) {
        call_inner(env, dpl, w, (gate >> 32) & 0x1f, next_eip, ra);
    } else if (call) {
        X86Stack st;

        x86_stack_init(&st, env, ra);
        if (w == 8) {
            st.base = 0;
            st.mask = ~0ull;
        }
        x86_stack_push(&st, env->segs[R_CS].selector, w);
        x86_stack_push(&st, next_eip, w);
        x86_stack_commit(&st);
    }
    x86_load_cs(env, cs, d, dpl);
    env->rip = eip;
}
