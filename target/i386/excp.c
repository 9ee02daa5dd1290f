/*
 * Exception and interrupt delivery through the long-mode IDT (64-bit
 * interrupt and trap gates, at the current privilege level).  Privilege
 * changes (TSS RSP0), IST stacks and legacy-mode delivery are not
 * implemented: such an event is logged and shuts the machine down, as
 * does an exception that cannot be delivered (a triple fault).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "system/runstate.h"
#include "cpu.h"

static uint16_t lduw_le_p(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static uint32_t ldl_le_p(const uint8_t *p)
{
    return lduw_le_p(p) | ((uint32_t)lduw_le_p(p + 2) << 16);
}

/* Vectors that push an error code. */
static bool has_error_code(int vector)
{
    switch (vector) {
    case EXCP08_DBLE: case EXCP0A_TSS: case EXCP0B_NOSEG: case EXCP0C_STACK:
    case EXCP0D_GPF: case EXCP0E_PAGE: case 17:
        return true;
    default:
        return false;
    }
}

KEMU_NORETURN void x86_raise_exception(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = vector;
    env->error_code = error_code;
    env->exception_has_error = error_code >= 0 && has_error_code(vector);
    if (ra) {
        cpu_loop_exit_restore(cs, ra);
    }
    cpu_loop_exit(cs);
}

static KEMU_NORETURN void triple_fault(CPUX86State *env, const char *why)
{
    CPUState *cs = env_cpu(env);

    kemu_log_mask(LOG_GUEST_ERROR, "x86: %s at rip 0x%" PRIx64
                  ": triple fault, the machine resets\n", why, env->rip);
    kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

static bool push64(CPUX86State *env, uint64_t *sp, uint64_t val)
{
    uint64_t le = GUINT64_TO_LE(val);
    uint8_t buf[8];

    *sp -= 8;
    memcpy(buf, &le, 8);
    return cpu_memory_rw_debug(env_cpu(env), *sp, buf, 8, true);
}

/* Deliver vector (an exception, or an interrupt when is_int). */
static void do_interrupt64(X86CPU *cpu, int vector, bool is_int)
{
    CPUX86State *env = &cpu->env;
    uint8_t gate[16];
    uint64_t off, sp;
    uint32_t w1;
    int type, dpl;

    if (!(env->efer & EFER_LMA)) {
        triple_fault(env, "interrupt outside long mode (not implemented)");
    }
    if ((uint32_t)vector * 16 + 15 > env->idt.limit ||
        !cpu_memory_rw_debug(CPU(cpu), env->idt.base + vector * 16, gate,
                             16, false)) {
        kemu_log_mask(LOG_GUEST_ERROR, "x86: vector %d is outside the IDT "
                      "(limit 0x%x)\n", vector, env->idt.limit);
        triple_fault(env, "undeliverable exception");
    }
    w1 = ldl_le_p(gate + 4);
    type = (w1 >> 8) & 0x1f;
    dpl = (w1 >> 13) & 3;
    if (!(w1 & DESC_P_MASK) || (type != 0xe && type != 0xf)) {
        triple_fault(env, "IDT entry is not a present 64-bit gate");
    }
    if (gate[4] & 7) {
        triple_fault(env, "IST stacks are not implemented");
    }
    if (x86_cpl(env) != 0) {
        triple_fault(env, "interrupts from CPL > 0 are not implemented");
    }
    (void)dpl;
    off = lduw_le_p(gate) | ((uint64_t)lduw_le_p(gate + 6) << 16) |
          ((uint64_t)ldl_le_p(gate + 8) << 32);
    sp = env->regs[R_ESP] & ~0xfull;
    if (!push64(env, &sp, env->segs[R_SS].selector) ||
        !push64(env, &sp, env->regs[R_ESP]) ||
        !push64(env, &sp, x86_read_eflags(env)) ||
        !push64(env, &sp, env->segs[R_CS].selector) ||
        !push64(env, &sp, env->rip) ||
        (!is_int && env->exception_has_error &&
         !push64(env, &sp, (uint32_t)env->error_code))) {
        triple_fault(env, "exception stack is not mapped");
    }
    env->regs[R_ESP] = sp;
    env->segs[R_CS].selector = lduw_le_p(gate + 2);
    env->rip = off;
    env->eflags &= ~(uint64_t)(TF_MASK | NT_MASK | RF_MASK);
    if (type == 0xe) {
        env->eflags &= ~(uint64_t)IF_MASK;
    }
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    int excp = cs->exception_index;
    bool is_int = excp >= EXCP_X86_IRQ;

    cs->exception_index = -1;
    kemu_log_mask(LOG_INT, "x86: %s %d error 0x%x at rip 0x%" PRIx64 "\n",
                  is_int ? "interrupt" : "exception", excp & 0xff,
                  cpu->env.error_code, cpu->env.rip);
    if (!is_int && cpu->env.idt.limit == 0) {
        kemu_log_mask(LOG_GUEST_ERROR, "x86: exception %d at rip 0x%" PRIx64
                      " with no IDT loaded\n", excp, cpu->env.rip);
    }
    do_interrupt64(cpu, excp & 0xff, is_int);
    cpu->env.exception_has_error = false;
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86CPU *cpu = X86_CPU(cs);

    if (interrupt_request & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI);
        x86_cpu_take_init(cpu);
        cs->exception_index = EXCP_HLT;
        cpu_loop_exit(cs);
    }
    if (interrupt_request & CPU_INTERRUPT_SIPI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        if (cpu->wait_sipi) {
            x86_cpu_take_sipi(cpu);
            return true;
        }
    }
    if (cpu->wait_sipi) {
        return false;               /* nothing else wakes it */
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) &&
        (cpu->env.eflags & IF_MASK) && cpu->intack) {
        int vector = cpu->intack(cpu->intack_opaque);

        cs->halted = false;
        cs->exception_index = EXCP_X86_IRQ | (vector & 0xff);
        x86_cpu_do_interrupt(cs);
        return true;
    }
    return false;
}
