/*
 * Exception and interrupt delivery outside long mode: real mode through
 * the IVT, protected mode through 16/32-bit interrupt and trap gates,
 * with the stack switch through the TSS (SS0:ESP0..) on a privilege
 * change.  A fault while delivering becomes that fault (#GP/#NP/#TS/#SS
 * with the IDT or selector error code), two contributory ones a double
 * fault, and a fault in the double fault or an unmapped stack or table a
 * triple fault.  Task gates switch tasks (task-helper.c).  From
 * virtual-8086 mode the handler must be at level 0: GS, FS, DS and ES
 * are pushed too, then nulled.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "task-helper.h"

/* Why delivery failed: a fault to deliver instead, or a triple fault. */
typedef struct DeliveryFault {
    int vector;             /* -1: triple fault */
    int error;
    const char *why;
} DeliveryFault;

/* Record a delivery fault in f; false, for `return FAULT(...)`. */
#define FAULT(f, v, e, w) \
    ((f)->vector = (v), (f)->error = (e), (f)->why = (w), false)

/* A stack being pushed through the debug path (supervisor access). */
typedef struct PushStack {
    X86CPU *cpu;
    uint64_t base, sp, mask;
} PushStack;

static bool push(PushStack *st, uint32_t val, unsigned bytes)
{
    uint32_t le = GUINT32_TO_LE(val);

    st->sp = (st->sp & ~st->mask) | ((st->sp - bytes) & st->mask);
    return cpu_memory_rw_debug(CPU(st->cpu),
                               (uint32_t)(st->base + (st->sp & st->mask)),
                               (uint8_t *)&le, bytes, true);
}

static bool read_mem(X86CPU *cpu, uint64_t addr, void *buf, unsigned len)
{
    return cpu_memory_rw_debug(CPU(cpu), addr, buf, len, false);
}

static bool deliver_real(X86CPU *cpu, int vector, DeliveryFault *f)
{
    CPUX86State *env = &cpu->env;
    PushStack st = { cpu, env->segs[R_SS].base, env->regs[R_ESP],
                     (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffff
                                                           : 0xffff };
    uint16_t ivt[2];

    if ((uint32_t)vector * 4 + 3 > env->idt.limit) {
        return FAULT(f, EXCP0D_GPF, vector * 8 + 2, "vector beyond the IVT");
    }
    if (!read_mem(cpu, env->idt.base + vector * 4, ivt, 4) ||
        !push(&st, x86_read_eflags(env), 2) ||
        !push(&st, env->segs[R_CS].selector, 2) ||
        !push(&st, env->rip, 2)) {
        return FAULT(f, -1, 0, "IVT or stack not accessible");
    }
    env->regs[R_ESP] = (env->regs[R_ESP] & ~st.mask) | (st.sp & st.mask);
    env->eflags &= ~(uint64_t)(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
    env->segs[R_CS].selector = GUINT16_FROM_LE(ivt[1]);
    env->segs[R_CS].base = (uint32_t)GUINT16_FROM_LE(ivt[1]) << 4;
    x86_update_hflags(env);
    env->rip = GUINT16_FROM_LE(ivt[0]);
    return true;
}

/* The inner stack for level dpl from the current TSS (#TS/#SS checked). */
static bool tss_stack(X86CPU *cpu, unsigned dpl, uint16_t *ss, uint64_t *sp,
                      uint64_t *ss_d, DeliveryFault *f)
{
    CPUX86State *env = &cpu->env;
    bool tss32 = (env->tr.flags >> DESC_TYPE_SHIFT) & 8;
    unsigned off = tss32 ? 4 + dpl * 8 : 2 + dpl * 4;
    uint32_t esp = 0;
    uint16_t sel;

    if (!(env->tr.flags & DESC_P_MASK) ||
        off + (tss32 ? 5 : 3) > env->tr.limit) {
        return FAULT(f, EXCP0A_TSS, env->tr.selector & 0xfffc,
                     "TSS too small");
    }
    if (!read_mem(cpu, env->tr.base + off, &esp, tss32 ? 4 : 2) ||
        !read_mem(cpu, env->tr.base + off + (tss32 ? 4 : 2), &sel, 2)) {
        return FAULT(f, -1, 0, "TSS not accessible");
    }
    *sp = GUINT32_FROM_LE(esp);
    *ss = GUINT16_FROM_LE(sel);
    if ((*ss & ~3) == 0) {
        return FAULT(f, EXCP0A_TSS, 0, "null SS in the TSS");
    }
    if (!x86_fetch_desc_debug(env, *ss, ss_d) || (*ss & 3) != dpl ||
        x86_desc_dpl(*ss_d) != dpl ||
        !(x86_desc_flags(*ss_d) & DESC_S_MASK) ||
        (x86_desc_type(*ss_d) & 0xa) != 0x2) {
        return FAULT(f, EXCP0A_TSS, *ss & 0xfffc, "bad SS in the TSS");
    }
    if (!(x86_desc_flags(*ss_d) & DESC_P_MASK)) {
        return FAULT(f, EXCP0C_STACK, *ss & 0xfffc, "SS not present");
    }
    return true;
}

/* The gate of vector (interrupt, trap or task gate), checked. */
static bool read_gate(X86CPU *cpu, int vector, bool soft, uint64_t *gate,
                      DeliveryFault *f)
{
    CPUX86State *env = &cpu->env;
    int idt_err = vector * 8 + 2;
    unsigned type;

    if ((uint32_t)vector * 8 + 7 > env->idt.limit) {
        return FAULT(f, EXCP0D_GPF, idt_err, "vector beyond the IDT");
    }
    if (!read_mem(cpu, env->idt.base + vector * 8, gate, 8)) {
        return FAULT(f, -1, 0, "IDT not accessible");
    }
    *gate = GUINT64_FROM_LE(*gate);
    type = x86_desc_type(*gate);
    if (x86_desc_flags(*gate) & DESC_S_MASK ||
        ((type & 7) < 6 && type != 5)) {
        return FAULT(f, EXCP0D_GPF, idt_err, "not an interrupt/trap gate");
    }
    if (soft && x86_desc_dpl(*gate) < x86_cpl(env)) {
        return FAULT(f, EXCP0D_GPF, idt_err, "gate DPL below CPL");
    }
    if (!(x86_desc_flags(*gate) & DESC_P_MASK)) {
        return FAULT(f, EXCP0B_NOSEG, idt_err, "gate not present");
    }
    return true;
}

/* The code segment of an interrupt/trap gate, checked. */
static bool gate_code(X86CPU *cpu, uint64_t gate, uint64_t *cs_d,
                      DeliveryFault *f)
{
    CPUX86State *env = &cpu->env;
    uint16_t sel = gate >> 16;

    if ((sel & ~3) == 0) {
        return FAULT(f, EXCP0D_GPF, 0, "null code selector in the gate");
    }
    if (!x86_fetch_desc_debug(env, sel, cs_d) ||
        (x86_desc_flags(*cs_d) & (DESC_S_MASK | DESC_CS_MASK)) !=
        (DESC_S_MASK | DESC_CS_MASK) || x86_desc_dpl(*cs_d) > x86_cpl(env)) {
        return FAULT(f, EXCP0D_GPF, sel & 0xfffc, "bad gate code segment");
    }
    /* From virtual-8086 mode: only a non-conforming level 0 handler. */
    if (x86_vm86(env) &&
        (x86_desc_dpl(*cs_d) != 0 || (x86_desc_type(*cs_d) & 4))) {
        return FAULT(f, EXCP0D_GPF, sel & 0xfffc, "virtual-8086 mode "
                     "interrupt to a level above 0");
    }
    if (!(x86_desc_flags(*cs_d) & DESC_P_MASK)) {
        return FAULT(f, EXCP0B_NOSEG, sel & 0xfffc, "code not present");
    }
    return true;
}

/* From virtual-8086 mode: GS, FS, DS, ES first on the level 0 stack. */
static bool push_vm86_segs(CPUX86State *env, PushStack *st, unsigned bytes)
{
    return push(st, env->segs[R_GS].selector, bytes) &&
           push(st, env->segs[R_FS].selector, bytes) &&
           push(st, env->segs[R_DS].selector, bytes) &&
           push(st, env->segs[R_ES].selector, bytes);
}

/*
 * Through a task gate: a fault in the switch is raised from here (an
 * exception being delivered makes it a #DF as x86_raise_exception says).
 */
static void deliver_task(CPUX86State *env, int vector, bool benign,
                         uint64_t gate, int error)
{
    env->delivering = benign ? EXCP_X86_IRQ + 1 : vector + 1;
    x86_int_task(env, gate, error, env->rip);
    env->delivering = 0;
}

static bool deliver_protected(X86CPU *cpu, int vector, bool soft,
                              bool is_int, bool has_error, int error,
                              DeliveryFault *f)
{
    CPUX86State *env = &cpu->env;
    uint64_t gate, cs_d, ss_d = 0, sp;
    unsigned cpl = x86_cpl(env), dpl, bytes;
    uint16_t sel, ss = 0;
    bool inner, vm86 = x86_vm86(env);
    PushStack st = { cpu };

    if (!read_gate(cpu, vector, soft, &gate, f)) {
        return false;
    }
    if (x86_desc_type(gate) == 5) {
        deliver_task(env, vector, soft || is_int, gate,
                     has_error ? error : -1);
        return true;
    }
    if (!gate_code(cpu, gate, &cs_d, f)) {
        return false;
    }
    sel = gate >> 16;
    bytes = (x86_desc_type(gate) & 8) ? 4 : 2;
    dpl = x86_desc_dpl(cs_d);
    inner = !(x86_desc_type(cs_d) & 4) && dpl < cpl;
    if (inner) {
        if (!tss_stack(cpu, dpl, &ss, &sp, &ss_d, f)) {
            return false;
        }
        st.base = x86_desc_base(ss_d);
        st.sp = sp;
        st.mask = (x86_desc_flags(ss_d) & DESC_B_MASK) ? 0xffffffff : 0xffff;
    } else {
        dpl = cpl;
        st.base = env->segs[R_SS].base;
        st.sp = env->regs[R_ESP];
        st.mask = (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffff
                                                        : 0xffff;
    }
    if ((vm86 && !push_vm86_segs(env, &st, bytes)) ||
        (inner && (!push(&st, env->segs[R_SS].selector, bytes) ||
                   !push(&st, env->regs[R_ESP], bytes))) ||
        !push(&st, x86_read_eflags(env), bytes) ||
        !push(&st, env->segs[R_CS].selector, bytes) ||
        !push(&st, env->rip, bytes) ||
        (has_error && !push(&st, error, bytes))) {
        return FAULT(f, -1, 0, "interrupt stack not mapped");
    }
    if (inner) {
        x86_load_seg_desc(env, R_SS, ss, ss_d);
    }
    for (int i = 0; vm86 && i < 4; i++) {
        static const int segs[] = { R_ES, R_DS, R_FS, R_GS };

        x86_load_seg_cache(env, segs[i], 0, 0, 0, 0);
    }
    env->regs[R_ESP] = (env->regs[R_ESP] & ~st.mask) | (st.sp & st.mask);
    x86_load_cs(env, sel, cs_d, dpl);
    env->rip = (gate & 0xffff) | (bytes == 4 ? (gate >> 32) & 0xffff0000 : 0);
    env->eflags &= ~(uint64_t)(TF_MASK | NT_MASK | RF_MASK | (1u << 17));
    if (!(x86_desc_type(gate) & 1)) {
        env->eflags &= ~(uint64_t)IF_MASK;
    }
    return true;
}

static bool contributory(int vector)
{
    return vector == EXCP00_DIVZ || (vector >= EXCP0A_TSS &&
                                     vector <= EXCP0D_GPF);
}

void x86_do_interrupt_legacy(X86CPU *cpu, int vector, bool is_int)
{
    CPUX86State *env = &cpu->env;
    bool soft = env->exception_is_soft && !is_int;
    bool has_error = !is_int && env->exception_has_error;
    int error = env->error_code;
    DeliveryFault f;

    env->delivering = 0;            /* a task switch may have left it */
    for (;;) {
        bool ok = (env->cr[0] & CR0_PE)
                  ? deliver_protected(cpu, vector, soft, is_int, has_error,
                                      error, &f)
                  : deliver_real(cpu, vector, &f);

        if (ok) {
            return;
        }
        kemu_log_mask(LOG_INT, "x86: delivering vector %d: %s\n", vector,
                      f.why);
        if (f.vector < 0 || vector == EXCP08_DBLE) {
            x86_triple_fault(env, f.why);
        }
        if ((contributory(vector) || vector == EXCP0E_PAGE) &&
            (contributory(f.vector) ||
             (vector == EXCP0E_PAGE && f.vector == EXCP0E_PAGE))) {
            f.vector = EXCP08_DBLE;
            f.error = 0;
        }
        vector = f.vector;
        error = f.error;
        has_error = (env->cr[0] & CR0_PE) != 0;
        soft = false;
        is_int = false;
    }
}
