/*
 * Far transfers: JMPF, CALLF, RETF and IRET in real, protected and long
 * mode (same privilege, and returns to an outer one), switching between
 * 64-bit and compatibility code segments; INT n.  Call gates and task
 * switches are not implemented (logged, #GP).  IRETQ in 64-bit mode is
 * misc-helper.c's.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static bool is_real(CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE);
}

static void load_cs_real(CPUX86State *env, uint16_t sel)
{
    env->segs[R_CS].selector = sel;
    env->segs[R_CS].base = (uint32_t)sel << 4;
}

static uint64_t size_mask(unsigned bytes)
{
    return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/*
 * The code descriptor a JMPF/CALLF to sel:eip goes to (checked, eip
 * within its limit unless it is a 64-bit segment).
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
        kemu_log_mask(LOG_UNIMP, "x86: far transfer through system "
                      "descriptor type %u (call gates, task switches) is "
                      "not implemented: #GP\n", x86_desc_type(d));
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    x86_check_code_desc(env, sel, d, x86_cpl(env), false, ra);
    if (!((env->efer & EFER_LMA) && (x86_desc_flags(d) & DESC_L_MASK)) &&
        eip > x86_desc_limit(d)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    return d;
}

void helper_ljmp(void *opaque, uint32_t sel, uint64_t eip)
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

/* IRET/IRETD (and IRETQ outside 64-bit mode code). */
void helper_iret(void *opaque, uint32_t bytes)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    bool code64 = (env->efer & EFER_LMA) &&
                  (env->segs[R_CS].flags & DESC_L_MASK);
    uint64_t eip, flags, mask, d;
    uint16_t sel;
    X86Stack st;

    if (!is_real(env) && (env->eflags & NT_MASK)) {
        kemu_log_mask(LOG_UNIMP, "x86: IRET with NT set (task return) is "
                      "not implemented: #GP\n");
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
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
    if ((flags & (1u << 17)) && !(env->efer & EFER_LMA)) {
        kemu_log_mask(LOG_UNIMP, "x86: IRET to virtual-8086 mode is not "
                      "implemented: #GP\n");
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
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
