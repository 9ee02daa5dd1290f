/*
 * Exception entry to EL1 (synchronous exceptions, IRQ, FIQ), ERET, the
 * PSTATE writes that switch the SP bank, and the helpers translated code
 * calls for them.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "system/main-loop.h"
#include "internals.h"
#include "sysreg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/* Which bank xregs[31] is: SP_EL0 at EL0 or with SPSel=0, else SP_EL1. */
static int sp_bank(const CPUARMState *env)
{
    return (env->pstate & PSTATE_SP) ? arm_current_el(env) : 0;
}

void aarch64_save_sp(CPUARMState *env)
{
    env->sp_el[sp_bank(env)] = env->xregs[31];
}

void aarch64_restore_sp(CPUARMState *env)
{
    env->xregs[31] = env->sp_el[sp_bank(env)];
}

/* NZCV of a 64-bit result r, given its carry and the overflow's sign bit. */
static uint32_t nzcv_of(uint64_t r, bool c, uint64_t v)
{
    return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 |
           (uint32_t)c << 29 | (uint32_t)(v >> 63) << 28;
}

uint32_t arm_nzcv(const CPUARMState *env)
{
    uint64_t a = env->cc_a, b = env->cc_b;
    uint64_t a32 = a << 32, b32 = b << 32;

    switch (env->cc_op) {
    case CC_OP_SUB64:
        return nzcv_of(a - b, a >= b, (a ^ b) & (a ^ (a - b)));
    case CC_OP_SUB32:
        return nzcv_of(a32 - b32, (uint32_t)a >= (uint32_t)b,
                       (a32 ^ b32) & (a32 ^ (a32 - b32)));
    case CC_OP_ADD64:
        return nzcv_of(a + b, a + b < a, ~(a ^ b) & (a ^ (a + b)));
    case CC_OP_ADD32:
        return nzcv_of(a32 + b32, a32 + b32 < a32,
                       ~(a32 ^ b32) & (a32 ^ (a32 + b32)));
    case CC_OP_LOGIC64:
        return nzcv_of(a, false, 0);
    case CC_OP_LOGIC32:
        return nzcv_of(a32, false, 0);
    default:
        return (uint32_t)(env->NF >> 63) << 31 | (env->ZF == 0) << 30 |
               (uint32_t)(env->CF & 1) << 29 | (uint32_t)(env->VF >> 63) << 28;
    }
}

uint64_t helper_nzcv(void *opaque)
{
    return arm_nzcv(opaque);
}

void pstate_write(CPUARMState *env, uint32_t val)
{
    aarch64_save_sp(env);
    nzcv_write(env, val);
    env->pstate = val & ~PSTATE_NZCV;
    aarch64_restore_sp(env);
    arm_rebuild_tb_flags(env);
}

KEMU_NORETURN void arm_raise_exception(CPUARMState *env, int excp,
                                       uint32_t syndrome, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = excp;
    env->exception.syndrome = syndrome;
    cpu_loop_exit_restore(cs, ra);
}

void helper_exception(void *opaque, uint32_t excp, uint32_t syndrome)
{
    CPUARMState *env = opaque;
    CPUState *cs = env_cpu(env);

    cs->exception_index = excp;
    env->exception.syndrome = syndrome;
    cpu_loop_exit(cs);
}

/* Vector table offsets from VBAR_EL1. */
static uint64_t vector_offset(const CPUARMState *env, int excp)
{
    uint64_t base;

    if (arm_current_el(env) == 0) {
        base = 0x400;                   /* lower EL, AArch64 */
    } else {
        base = (env->pstate & PSTATE_SP) ? 0x200 : 0;
    }
    switch (excp) {
    case EXCP_IRQ:
        return base + 0x80;
    case EXCP_FIQ:
        return base + 0x100;
    default:
        return base;
    }
}

static void take_exception(ARMCPU *cpu, int excp)
{
    CPUARMState *env = &cpu->env;

    env->cp15.spsr_el1 = pstate_read(env);
    env->cp15.elr_el1 = env->pc;
    if (excp != EXCP_IRQ && excp != EXCP_FIQ) {
        env->cp15.esr_el1 = env->exception.syndrome;
    }
    if (excp == EXCP_DATA_ABORT || excp == EXCP_PREFETCH_ABORT) {
        env->cp15.far_el1 = env->exception.vaddress;
    }
    env->pc = env->cp15.vbar_el1 + vector_offset(env, excp);
    pstate_write(env, PSTATE_DAIF | (1 << PSTATE_EL_SHIFT) | PSTATE_SP |
                      (pstate_read(env) & PSTATE_NZCV));
    env->exclusive_addr = -1;
}

void arm_cpu_do_interrupt(CPUState *cs)
{
    ARMCPU *cpu = ARM_CPU(cs);
    CPUARMState *env = &cpu->env;
    int excp = cs->exception_index;

    cs->exception_index = -1;
    if (excp == EXCP_SEMIHOST) {
        arm_do_semihosting(cpu);
        env->pc += 4;
        return;
    }
    if (excp == EXCP_HVC) {
        arm_handle_psci_call(cpu);      /* pc already past the HVC */
        return;
    }
    kemu_log_mask(LOG_INT, "aarch64: exception %d syndrome 0x%x at pc 0x%"
                  PRIx64 "\n", excp, env->exception.syndrome, env->pc);
    take_exception(cpu, excp);
}

bool arm_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    CPUARMState *env = &ARM_CPU(cs)->env;

    if ((interrupt_request & CPU_INTERRUPT_FIQ) && !(env->pstate & PSTATE_F)) {
        cs->exception_index = EXCP_FIQ;
    } else if ((interrupt_request & CPU_INTERRUPT_HARD) &&
               !(env->pstate & PSTATE_I)) {
        cs->exception_index = EXCP_IRQ;
    } else {
        return false;
    }
    arm_cpu_do_interrupt(cs);
    return true;
}

/* May the CPU take an interrupt that is pending now? */
static bool interrupt_due(CPUARMState *env)
{
    uint32_t irq = g_atomic_int_get(&env_cpu(env)->interrupt_request);

    return ((irq & CPU_INTERRUPT_HARD) && !(env->pstate & PSTATE_I)) ||
           ((irq & CPU_INTERRUPT_FIQ) && !(env->pstate & PSTATE_F));
}

/* Nonzero when the return unmasked a pending interrupt. */
uint32_t helper_eret(void *opaque)
{
    CPUARMState *env = opaque;
    uint32_t spsr = env->cp15.spsr_el1;
    unsigned new_el = (spsr >> PSTATE_EL_SHIFT) & 3;

    if ((spsr & PSTATE_nRW) || new_el > 1 || (new_el == 0 && (spsr & 1))) {
        /* Illegal return: stay at EL1, PSTATE.IL set, as the ARM ARM says. */
        kemu_log_mask(LOG_GUEST_ERROR, "aarch64: illegal ERET to SPSR 0x%x\n",
                      spsr);
        spsr = (pstate_read(env) & ~PSTATE_NZCV) | (spsr & PSTATE_NZCV) |
               PSTATE_IL;
    }
    pstate_write(env, spsr & (PSTATE_NZCV | PSTATE_DAIF | PSTATE_EL |
                              PSTATE_SP | PSTATE_IL));
    env->pc = arm_branch_addr(env, env->cp15.elr_el1);
    env->exclusive_addr = -1;
    return interrupt_due(env);
}

/* Nonzero when the write unmasked a pending interrupt. */
uint32_t helper_msr_daif(void *opaque, uint32_t daif)
{
    CPUARMState *env = opaque;

    env->pstate = (env->pstate & ~PSTATE_DAIF) | (daif & PSTATE_DAIF);
    return interrupt_due(env);
}

void helper_msr_spsel(void *opaque, uint32_t spsel)
{
    CPUARMState *env = opaque;

    aarch64_save_sp(env);
    env->pstate = (env->pstate & ~PSTATE_SP) | (spsel & 1);
    aarch64_restore_sp(env);
    arm_rebuild_tb_flags(env);
}

void helper_wfi(void *opaque)
{
    CPUARMState *env = opaque;
    CPUState *cs = env_cpu(env);

    if (cs->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ)) {
        return;             /* something is pending: no sleep */
    }
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/* SR_FUNC registers reach devices (GIC, timers): under the big lock. */
static bool sysreg_lock(const ARMSysReg *ri)
{
    if (ri->kind != SR_FUNC || ri->lockless || kemu_mutex_iothread_locked()) {
        return false;
    }
    kemu_mutex_lock_iothread();
    return true;
}

static void sysreg_check(CPUARMState *env, const ARMSysReg *ri, bool isread,
                         uintptr_t ra)
{
    if (!arm_sysreg_access_ok(env, ri, isread)) {
        arm_raise_exception(env, EXCP_UDEF, syn_uncategorized(), ra);
    }
}

void helper_set_sysreg(void *opaque, void *ri, uint64_t val)
{
    bool locked;

    sysreg_check(opaque, ri, false, TCG_GETPC());
    locked = sysreg_lock(ri);
    arm_sysreg_write(opaque, ri, val);
    if (locked) {
        kemu_mutex_unlock_iothread();
    }
}

uint64_t helper_get_sysreg(void *opaque, void *ri)
{
    uint64_t val;
    bool locked;

    sysreg_check(opaque, ri, true, TCG_GETPC());
    locked = sysreg_lock(ri);
    val = arm_sysreg_read(env_archcpu(opaque), ri);
    if (locked) {
        kemu_mutex_unlock_iothread();
    }
    return val;
}

void helper_sys_insn(void *opaque, void *ri, uint64_t val)
{
    const ARMSysReg *r = ri;

    r->insn(opaque, r, val, TCG_GETPC());
}

uint64_t helper_rbit64(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}
