/*
 * Exception and interrupt delivery through the long-mode IDT: 64-bit
 * interrupt and trap gates, privilege changes through the 64-bit TSS
 * (RSP0-2, a NULL SS with the new RPL), IST stacks, gate DPL checks for
 * INT n/INT3, error codes with the EXT bit, #DF on the combinations of
 * SDM Vol. 3 6.15 (table 6-5), triple fault -> machine reset, NMI
 * blocking until IRET.  Legacy-mode delivery is not implemented here: it
 * is logged and shuts the machine down.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "system/runstate.h"
#include "cpu.h"
#include "seg-helper.h"

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

/* #DE, #TS, #NP, #SS, #GP: the contributory class of table 6-4. */
static bool contributory(int excp)
{
    return excp == EXCP00_DIVZ || (excp >= EXCP0A_TSS && excp <= EXCP0D_GPF);
}

KEMU_NORETURN void x86_triple_fault(CPUX86State *env, const char *why)
{
    CPUState *cs = env_cpu(env);

    kemu_log_mask(LOG_GUEST_ERROR, "x86: %s at rip 0x%" PRIx64
                  ": triple fault, the machine resets\n", why, env->rip);
    env->delivering = 0;
    kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

KEMU_NORETURN void x86_raise_exception(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    int prev = env->delivering - 1;

    if (prev == EXCP08_DBLE) {
        x86_triple_fault(env, "fault while delivering #DF");
    }
    if ((contributory(prev) && contributory(vector)) ||
        (prev == EXCP0E_PAGE &&
         (contributory(vector) || vector == EXCP0E_PAGE))) {
        vector = EXCP08_DBLE;
        error_code = 0;
    }
    cs->exception_index = vector;
    env->error_code = error_code;
    env->exception_has_error = error_code >= 0 && vector < EXCP_X86_IRQ &&
                               has_error_code(vector);
    if (ra) {
        cpu_loop_exit_restore(cs, ra);
    }
    cpu_loop_exit(cs);
}

/* One event being delivered. */
typedef struct X86Event {
    int vector;
    bool soft;              /* INT n / INT3: gate DPL checked */
    int ext;                /* EXT bit of the error codes it causes */
    bool push_error;
    uint32_t error;
} X86Event;

static KEMU_NORETURN void fault(CPUX86State *env, const X86Event *ev,
                                int vector, uint32_t error)
{
    x86_raise_exception(env, vector, error | ev->ext, 0);
}

/* A stack pointer from the TSS: RSPn (n 0-2) or ISTn (n 1-7, as 3+n). */
static uint64_t tss_stack(CPUX86State *env, const X86Event *ev, int slot)
{
    uint32_t off = 4 + 8 * slot;
    MemOpIdx oi = make_memop_idx(MO_LEUQ, X86_MMU_IDX_KERNEL);

    if (!(env->tr.flags & DESC_P_MASK) || off + 7 > env->tr.limit) {
        fault(env, ev, EXCP0A_TSS, env->tr.selector & 0xfffc);
    }
    return cpu_ld_mmu(env_cpu(env), env->tr.base + off, oi, 0);
}

/* The 16-byte gate of ev, checked; returns its low and high quadwords. */
static void read_gate(CPUX86State *env, const X86Event *ev, uint64_t g[2])
{
    MemOpIdx oi = make_memop_idx(MO_LEUQ, X86_MMU_IDX_KERNEL);
    uint32_t idt_err = ev->vector * 8 + 2;
    int type, dpl;

    if ((uint32_t)ev->vector * 16 + 15 > env->idt.limit) {
        fault(env, ev, EXCP0D_GPF, idt_err);
    }
    g[0] = cpu_ld_mmu(env_cpu(env), env->idt.base + ev->vector * 16, oi, 0);
    g[1] = cpu_ld_mmu(env_cpu(env), env->idt.base + ev->vector * 16 + 8,
                      oi, 0);
    type = (g[0] >> 40) & 0x1f;
    dpl = (g[0] >> 45) & 3;
    if (type != 0xe && type != 0xf) {
        fault(env, ev, EXCP0D_GPF, idt_err);
    }
    if (ev->soft && dpl < (int)x86_cpl(env)) {
        fault(env, ev, EXCP0D_GPF, idt_err);
    }
    if (!(g[0] & (1ull << 47))) {
        fault(env, ev, EXCP0B_NOSEG, idt_err);
    }
}

/* The gate's code segment: a present 64-bit code segment, DPL <= CPL. */
static uint64_t read_target_cs(CPUX86State *env, const X86Event *ev,
                               uint16_t sel)
{
    uint64_t desc;
    uint32_t hi;

    if ((sel & 0xfffc) == 0) {
        fault(env, ev, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, sel, &desc, 0)) {
        fault(env, ev, EXCP0D_GPF, sel & 0xfffc);
    }
    hi = desc >> 32;
    if ((hi & (DESC_S_MASK | DESC_CS_MASK)) != (DESC_S_MASK | DESC_CS_MASK) ||
        !(hi & DESC_L_MASK) || (hi & DESC_B_MASK) ||
        ((hi >> DESC_DPL_SHIFT) & 3) > x86_cpl(env)) {
        fault(env, ev, EXCP0D_GPF, sel & 0xfffc);
    }
    if (!(hi & DESC_P_MASK)) {
        fault(env, ev, EXCP0B_NOSEG, sel & 0xfffc);
    }
    return desc;
}

static void deliver64(CPUX86State *env, const X86Event *ev, uint64_t rip)
{
    CPUState *cs = env_cpu(env);
    unsigned cpl = x86_cpl(env), new_cpl;
    uint64_t g[2], desc, sp, frame[6];
    uint16_t sel;
    int ist, n = 0, idx;
    bool priv;

    read_gate(env, ev, g);
    sel = g[0] >> 16;
    desc = read_target_cs(env, ev, sel);
    new_cpl = (desc >> 32) & DESC_C_MASK ? cpl
                                         : (desc >> (32 + DESC_DPL_SHIFT)) & 3;
    priv = new_cpl < cpl;
    ist = (g[0] >> 32) & 7;
    if (ist) {
        sp = tss_stack(env, ev, 3 + ist);
    } else if (priv) {
        sp = tss_stack(env, ev, new_cpl);
    } else {
        sp = env->regs[R_ESP];
    }
    if (!x86_canonical(sp)) {
        fault(env, ev, EXCP0C_STACK, 0);
    }
    sp &= ~0xfull;
    if (ev->push_error) {
        frame[n++] = ev->error;
    }
    frame[n++] = rip;
    frame[n++] = env->segs[R_CS].selector;
    frame[n++] = x86_read_eflags(env);
    frame[n++] = env->regs[R_ESP];
    frame[n++] = env->segs[R_SS].selector;
    idx = x86_data_mmu_idx(env, new_cpl);
    for (int i = 0; i < n; i++) {
        cpu_st_mmu(cs, sp - 8 * (n - i), frame[i],
                   make_memop_idx(MO_LEUQ, idx), 0);
    }
    /* Nothing faults from here on: commit. */
    env->regs[R_ESP] = sp - 8 * n;
    if (priv) {
        x86_load_seg_cache(env, R_SS, new_cpl, 0, 0,
                           new_cpl << DESC_DPL_SHIFT);
    }
    x86_desc_seg(&env->segs[R_CS], (sel & 0xfffc) | new_cpl, desc);
    x86_update_hflags(env);
    env->rip = (g[0] & 0xffff) | ((g[0] >> 32) & 0xffff0000) |
               (g[1] << 32);
    env->eflags &= ~(uint64_t)(TF_MASK | NT_MASK | RF_MASK);
    if (((g[0] >> 40) & 0x1f) == 0xe) {
        env->eflags &= ~(uint64_t)IF_MASK;
    }
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    int excp = cs->exception_index;
    X86Event ev = {
        .vector = excp & 0xff,
        .soft = excp & EXCP_X86_SWINT,
        .ext = (excp & EXCP_X86_SWINT) ? 0 : 1,
        .push_error = excp < EXCP_X86_IRQ && env->exception_has_error,
        .error = env->error_code,
    };

    kemu_log_mask(LOG_INT, "x86: event 0x%x error 0x%x at rip 0x%" PRIx64
                  " cpl %u\n", excp, env->error_code, env->rip,
                  x86_cpl(env));
    cs->exception_index = -1;
    if (!(env->efer & EFER_LMA)) {
        /* INT n: error_code is the insn length; it returns past itself. */
        if (ev.soft) {
            env->rip += env->error_code;
        }
        env->exception_is_soft = ev.soft;
        x86_do_interrupt_legacy(X86_CPU(cs), ev.vector,
                                !ev.soft && excp >= EXCP_X86_IRQ);
        env->exception_is_soft = false;
    } else {
        /* External events and INT n are benign for the #DF rules. */
        env->delivering = (excp < EXCP_X86_IRQ ? excp : EXCP_X86_IRQ) + 1;
        deliver64(env, &ev, env->rip + (ev.soft ? env->error_code : 0));
        env->delivering = 0;
    }
    env->exception_has_error = false;
    if (excp & EXCP_X86_NMI) {
        env->nmi_blocked = true;
    }
    env->inhibit_irq = false;
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (interrupt_request & CPU_INTERRUPT_INIT) {
        /* A SIPI already pending came after this INIT: keep it. */
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
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
    if (env->inhibit_irq) {
        return false;
    }
    if ((interrupt_request & CPU_INTERRUPT_NMI) && !env->nmi_blocked) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        cs->halted = false;
        cs->exception_index = EXCP_X86_NMI | EXCP02_NMI;
        x86_cpu_do_interrupt(cs);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) &&
        (env->eflags & IF_MASK) && cpu->intack) {
        int vector = cpu->intack(cpu->intack_opaque);

        cs->halted = false;
        cs->exception_index = EXCP_X86_IRQ | (vector & 0xff);
        x86_cpu_do_interrupt(cs);
        return true;
    }
    return false;
}
