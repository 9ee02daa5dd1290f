/*
 * Far transfers: JMPF, CALLF, RETF and IRET in real, virtual-8086,
 * protected and long mode (same privilege, and returns to an outer one),
 * switching between 64-bit and compatibility code segments; IRET to
 * virtual-8086 mode.  Call gates are callgate-helper.c's, task switches
 * task-helper.c's; IRETQ in 64-bit mode is sys-helper.c's.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "task-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/* Real and virtual-8086 mode: CS = selector << 4, no descriptors. */
static bool is_real(CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE) || x86_vm86(env);
}

static void load_cs_real(CPUX86State *env, uint16_t sel)
{
    env->segs[R_CS].selector = sel;
    env->segs[R_CS].base = (uint32_t)sel << 4;
    x86_update_hflags(env);
}

static uint64_t size_mask(unsigned bytes)
{
    return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/*
 * A JMPF/CALLF to a system descriptor: a call gate, a TSS or a task gate
 * (only a 64-bit call gate in long mode); others #GP(sel).
 */
static void far_system(CPUX86State *env, uint16_t sel, uint64_t d, bool call,
                       uint64_t next_eip, uintptr_t ra)
{
    unsigned type = x86_desc_type(d);

    if ((env->efer & EFER_LMA) && type != 0xc) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    switch (type) {
    case 1: case 5: case 9:
        x86_far_task(env, sel, d, call, next_eip, ra);
        break;
    case 4: case 0xc:
        x86_call_gate(env, sel, d, call, next_eip, ra);
        break;
    default:
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
}

/*
 * The descriptor a JMPF/CALLF to sel:eip goes to: a code segment
 * (checked, eip within its limit unless it is a 64-bit segment), or a
 * system descriptor, which far_system() takes.
 */
static uint64_t far_target(CPUX86State *env, uint16_t sel, uint64_t eip,
                           uintptr_t ra)
{
    uint64_t d;

    if ((sel & ~3) == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    d = x86_fetch_desc(env, sel, ra);
    if (!(x86_desc_flags(d) & DESC_S_MASK)) {
        return d;
    }
    x86_check_code_desc(env, sel, d, x86_cpl(env), false, ra);
    if (!((env->efer & EFER_LMA) && (x86_desc_flags(d) & DESC_L_MASK)) &&
        eip > x86_desc_limit(d)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    return d;
}

void helper_ljmp(void *opaque, uint32_t sel, uint64_t eip, uint64_t next_eip)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t d;

    sel &= 0xffff;
    if (is_real(env)) {
        load_cs_real(env, sel);
        env->rip = eip;
        return;
    }
    d = far_target(env, sel, eip, ra);
    if (!(x86_desc_flags(d) & DESC_S_MASK)) {
        far_system(env, sel, d, false, next_eip, ra);
        return;
    }
    x86_load_cs(env, sel, d, x86_cpl(env));
    env->rip = eip;
}

/* CALLF: CS and the return address pushed at the operand size. */
void helper_lcall(void *opaque, uint32_t sel, uint64_t eip, uint32_t bytes,
                  uint64_t next_eip)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t d = 0;
    X86Stack st;

    sel &= 0xffff;
    if (!is_real(env)) {
        d = far_target(env, sel, eip, ra);
        if (!(x86_desc_flags(d) & DESC_S_MASK)) {
            far_system(env, sel, d, true, next_eip, ra);
            return;
        }
    }
    x86_stack_init(&st, env, ra);
    x86_stack_push(&st, env->segs[R_CS].selector, bytes);
    x86_stack_push(&st, next_eip, bytes);
    if (is_real(env)) {
        load_cs_real(env, sel);
    } else {
        x86_load_cs(env, sel, d, x86_cpl(env));
    }
    x86_stack_commit(&st);
    env->rip = eip;
}

/*
 * The code descriptor a RETF/IRET returns to (sel popped), checked;
 * raises #GP(sel) for a return to an inner level.
 */
static uint64_t return_target(CPUX86State *env, uint16_t sel, uintptr_t ra)
{
    uint64_t d;

    if ((sel & ~3) == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if ((sel & 3) < x86_cpl(env)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    d = x86_fetch_desc(env, sel, ra);
    x86_check_code_desc(env, sel, d, x86_cpl(env), true, ra);
    return d;
}

/*
 * Pop SS:rSP for a return to level rpl through code descriptor cs_d, and
 * switch: CS, SS and rSP (addend: RETF imm16 on the new stack too).
 */
static void return_outer(CPUX86State *env, X86Stack *st, uint16_t sel,
                         uint64_t cs_d, unsigned bytes, uint64_t addend,
                         uintptr_t ra)
{
    unsigned rpl = sel & 3;
    bool to64 = (env->efer & EFER_LMA) && (x86_desc_flags(cs_d) & DESC_L_MASK);
    uint64_t sp = x86_stack_pop(st, bytes);
    uint16_t ss = x86_stack_pop(st, bytes);
    uint64_t ss_d = x86_check_seg(env, R_SS, ss, rpl, to64 && rpl != 3, ra);
    bool ss32;

    x86_load_cs(env, sel, cs_d, rpl);
    x86_load_seg_checked(env, R_SS, ss, ss_d, rpl);
    ss32 = env->segs[R_SS].flags & DESC_B_MASK;
    sp += addend;
    if (to64) {
        env->regs[R_ESP] = sp;
    } else if (ss32) {
        env->regs[R_ESP] = (uint32_t)sp;
    } else {
        env->regs[R_ESP] = (env->regs[R_ESP] & ~0xffffull) | (sp & 0xffff);
    }
    x86_null_inaccessible_segs(env, rpl);
}

void helper_lret(void *opaque, uint32_t bytes, uint32_t addend)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    X86Stack st;
    uint64_t eip, d;
    uint16_t sel;

    x86_stack_init(&st, env, ra);
    eip = x86_stack_pop(&st, bytes);
    sel = x86_stack_pop(&st, bytes);
    st.sp = (st.sp & ~st.mask) | ((st.sp + addend) & st.mask);
    if (is_real(env)) {
        load_cs_real(env, sel);
    } else {
        d = return_target(env, sel, ra);
        if ((sel & 3) > x86_cpl(env)) {
            return_outer(env, &st, sel, d, bytes, addend, ra);
            env->rip = eip;
            return;
        }
        x86_load_cs(env, sel, d, sel & 3);
    }
    x86_stack_commit(&st);
    env->rip = eip;
}

/* The RFLAGS bits IRET/POPF may change at the current CPL and IOPL. */
static uint64_t iret_flag_mask(CPUX86State *env, unsigned bytes)
{
    unsigned cpl = x86_cpl(env), iopl = (env->eflags >> 12) & 3;
    uint64_t mask = CC_ALL | TF_MASK | DF_MASK | NT_MASK | RF_MASK |
                    AC_MASK | ID_MASK;

    if (cpl <= iopl) {
        mask |= IF_MASK;
    }
    if (cpl == 0) {
        mask |= IOPL_MASK;
    }
    return bytes == 2 ? mask & 0xffff : mask;
}

/*
 * IRETD at CPL 0 with EFLAGS.VM in the popped flags: ESP, SS, ES, DS, FS
 * and GS follow on the stack; the segments load as virtual-8086 mode's.
 */
static void iret_to_vm86(CPUX86State *env, X86Stack *st, uint64_t eip,
                         uint16_t cs, uint64_t flags)
{
    static const int segs[] = { R_SS, R_ES, R_DS, R_FS, R_GS };
    uint32_t esp = x86_stack_pop(st, 4);
    uint16_t sel[5];

    for (int i = 0; i < 5; i++) {
        sel[i] = x86_stack_pop(st, 4);
    }
    x86_write_eflags(env, flags, CC_ALL | TF_MASK | IF_MASK | DF_MASK |
                     IOPL_MASK | NT_MASK | AC_MASK | ID_MASK | VM_MASK);
    x86_load_seg_vm86(env, R_CS, cs);
    for (int i = 0; i < 5; i++) {
        x86_load_seg_vm86(env, segs[i], sel[i]);
    }
    env->regs[R_ESP] = esp;
    env->rip = eip & 0xffff;
}

/*
 * IRET/IRETD (and IRETQ outside 64-bit mode code); next_eip: the insn
 * after it, which a task return saves.  In virtual-8086 mode (IOPL 3:
 * the translator raises #GP below) it is real mode's, without IOPL.
 */
void helper_iret(void *opaque, uint32_t bytes, uint64_t next_eip)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    bool code64 = (env->efer & EFER_LMA) &&
                  (env->segs[R_CS].flags & DESC_L_MASK);
    uint64_t eip, flags, mask, d;
    uint16_t sel;
    X86Stack st;

    if (!is_real(env) && (env->eflags & NT_MASK)) {
        if (env->efer & EFER_LMA) {
            x86_raise_exception(env, EXCP0D_GPF, 0, ra);
        }
        x86_task_return(env, next_eip, ra);
        return;
    }
    x86_stack_init(&st, env, ra);
    eip = x86_stack_pop(&st, bytes);
    sel = x86_stack_pop(&st, bytes);
    flags = x86_stack_pop(&st, bytes);
    mask = iret_flag_mask(env, bytes);
    if (is_real(env)) {
        load_cs_real(env, sel);
        x86_stack_commit(&st);
        x86_write_eflags(env, flags, mask);
        env->rip = eip;
        return;
    }
    if ((flags & VM_MASK) && bytes == 4 && x86_cpl(env) == 0 &&
        !(env->efer & EFER_LMA)) {
        iret_to_vm86(env, &st, eip, sel, flags);
        return;
    }
    d = return_target(env, sel, ra);
    if ((sel & 3) > x86_cpl(env) || code64) {
        return_outer(env, &st, sel, d, bytes, 0, ra);
    } else {
        x86_load_cs(env, sel, d, sel & 3);
        x86_stack_commit(&st);
    }
    x86_write_eflags(env, flags, mask);
    env->rip = eip & size_mask(bytes);
    env->nmi_blocked = false;
}
