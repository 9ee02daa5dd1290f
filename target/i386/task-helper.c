/*
 * Hardware task switches (SDM Vol. 3 ch. 7): JMPF/CALLF to a TSS or a
 * task gate, events through a task gate of the IDT, IRET with NT; 16-bit
 * and 32-bit TSSs, busy bits, the back link, CR3, the LDT, CR0.TS.  And
 * the I/O permission bitmap of the TSS (IN/OUT at CPL > IOPL and in
 * virtual-8086 mode).  API in task-helper.h.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "seg-helper.h"
#include "task-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/* Where a TSS keeps the state a task switch saves and loads. */
typedef struct TSSLayout {
    unsigned width;             /* 4: 32-bit TSS, 2: 16-bit */
    unsigned eip, eflags, regs, segs, nsegs, ldt;
    uint32_t min_limit;         /* a smaller TSS: #TS */
} TSSLayout;

static const TSSLayout tss32 = { 4, 0x20, 0x24, 0x28, 0x48, 6, 0x60, 0x67 };
static const TSSLayout tss16 = { 2, 0x0e, 0x10, 0x12, 0x22, 4, 0x2a, 0x2b };

/* The segment registers in TSS order (a 16-bit TSS has the first four). */
static const int tss_seg_order[6] = { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

typedef struct TaskState {
    uint32_t cr3, eip, eflags, regs[8];
    uint16_t segs[6], ldt;
} TaskState;

static const TSSLayout *tss_layout(unsigned type)
{
    return (type & 8) ? &tss32 : &tss16;
}

/* Linear addresses wrap at 4 GiB outside long mode. */
static uint64_t tss_addr(CPUX86State *env, uint64_t base, unsigned off)
{
    return (env->efer & EFER_LMA) ? base + off : (uint32_t)(base + off);
}

static uint32_t tss_ld(CPUX86State *env, uint64_t base, unsigned off,
                       unsigned width, uintptr_t ra)
{
    return cpu_ld_mmu(env_cpu(env), tss_addr(env, base, off),
                      make_memop_idx(width == 4 ? MO_LEUL : MO_LEUW,
                                     X86_MMU_IDX_KERNEL), ra);
}

static void tss_st(CPUX86State *env, uint64_t base, unsigned off,
                   unsigned width, uint32_t val, uintptr_t ra)
{
    cpu_st_mmu(env_cpu(env), tss_addr(env, base, off), val,
               make_memop_idx(width == 4 ? MO_LEUL : MO_LEUW,
                              X86_MMU_IDX_KERNEL), ra);
}

static void read_task(CPUX86State *env, const TSSLayout *l, uint64_t base,
                      TaskState *ts, uintptr_t ra)
{
    *ts = (TaskState) { 0 };
    if (l->width == 4) {
        ts->cr3 = tss_ld(env, base, 0x1c, 4, ra);
    }
    ts->eip = tss_ld(env, base, l->eip, l->width, ra);
    ts->eflags = tss_ld(env, base, l->eflags, l->width, ra);
    for (int i = 0; i < 8; i++) {
        ts->regs[i] = tss_ld(env, base, l->regs + i * l->width, l->width, ra);
    }
    for (unsigned i = 0; i < l->nsegs; i++) {
        ts->segs[tss_seg_order[i]] =
            tss_ld(env, base, l->segs + i * l->width, 2, ra);
    }
    ts->ldt = tss_ld(env, base, l->ldt, 2, ra);
}

/* The dynamic fields of the current task into its TSS. */
static void save_task(CPUX86State *env, uint32_t eip, uint32_t eflags,
                      uintptr_t ra)
{
    const TSSLayout *l = tss_layout(env->tr.flags >> DESC_TYPE_SHIFT);
    uint64_t base = env->tr.base;

    tss_st(env, base, l->eip, l->width, eip, ra);
    tss_st(env, base, l->eflags, l->width, eflags, ra);
    for (int i = 0; i < 8; i++) {
        tss_st(env, base, l->regs + i * l->width, l->width, env->regs[i], ra);
    }
    for (unsigned i = 0; i < l->nsegs; i++) {
        tss_st(env, base, l->segs + i * l->width, 2,
               env->segs[tss_seg_order[i]].selector, ra);
    }
}

static void set_busy(CPUX86State *env, uint16_t sel, bool busy, uintptr_t ra)
{
    uint64_t d = x86_fetch_desc(env, sel, ra);
    uint64_t bit = (uint64_t)DESC_TSS_BUSY_MASK << 32;

    x86_store_desc(env, sel, busy ? d | bit : d & ~bit, ra);
}

/* The new task's LDT (a GDT selector): #TS(sel) unless a present LDT. */
static void load_task_ldt(CPUX86State *env, uint16_t sel)
{
    uint64_t d;

    env->ldt = (SegmentCache) { sel & ~4 };
    if (sel & 4) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, 0);
    }
    if ((sel & ~3) == 0) {
        return;
    }
    if (!x86_read_desc(env, sel, &d, 0) ||
        (x86_desc_flags(d) & DESC_S_MASK) || x86_desc_type(d) != 2 ||
        !(x86_desc_flags(d) & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, 0);
    }
    x86_desc_seg(&env->ldt, sel, d);
}

/* A segment register of the new task (cpl: its CS RPL), checked: #TS. */
static void load_task_seg(CPUX86State *env, int seg, uint16_t sel,
                          unsigned cpl)
{
    unsigned rpl = sel & 3, dpl, type;
    uint32_t fl;
    bool bad;
    uint64_t d;

    if ((sel & ~3) == 0) {
        if (seg == R_SS || seg == R_CS) {
            x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, 0);
        }
        x86_load_seg_cache(env, seg, sel, 0, 0, 0);
        return;
    }
    if (!x86_read_desc(env, sel, &d, 0)) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, 0);
    }
    fl = x86_desc_flags(d);
    dpl = x86_desc_dpl(d);
    type = x86_desc_type(d);
    if (!(fl & DESC_S_MASK)) {
        bad = true;
    } else if (seg == R_CS) {
        bad = !(type & 8) || ((type & 4) ? dpl > rpl : dpl != rpl);
    } else if (seg == R_SS) {
        bad = (type & 0xa) != 0x2 || dpl != cpl || rpl != cpl;
    } else {
        /* Data, or readable code; DPL >= CPL, RPL unless conforming. */
        bad = (type & 0xa) == 0x8 ||
              ((type & 0xc) != 0xc && (dpl < cpl || dpl < rpl));
    }
    if (bad) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, 0);
    }
    if (!(fl & DESC_P_MASK)) {
        x86_raise_exception(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                            sel & 0xfffc, 0);
    }
    x86_load_seg_desc(env, seg, sel, d);
}

/* Load the new task's state; faults from here on are the new task's. */
static void load_task(CPUX86State *env, const TSSLayout *l,
                      const TaskState *ts)
{
    uint32_t mask = CC_ALL | TF_MASK | IF_MASK | DF_MASK | IOPL_MASK |
                    NT_MASK | RF_MASK | AC_MASK | ID_MASK | VM_MASK;
    unsigned cpl = ts->segs[R_CS] & 3;

    if (l->width == 4 && (env->cr[0] & CR0_PG)) {
        env->cr[3] = ts->cr3;
        tlb_flush(env_cpu(env));
    }
    env->rip = ts->eip;
    x86_write_eflags(env, ts->eflags, l->width == 4 ? mask : mask & 0xffff);
    for (int i = 0; i < 8; i++) {
        env->regs[i] = l->width == 4 ? ts->regs[i]
                     : (env->regs[i] & ~0xffffull) | ts->regs[i];
    }
    /* The selectors first: a fault below shows them to its handler. */
    for (int i = 0; i < X86_NB_SEGS; i++) {
        if (ts->eflags & VM_MASK) {
            x86_load_seg_vm86(env, i, ts->segs[i]);
        } else {
            x86_load_seg_cache(env, i, ts->segs[i], 0, 0, 0);
        }
    }
    load_task_ldt(env, ts->ldt);
    if (!(ts->eflags & VM_MASK)) {
        load_task_seg(env, R_CS, ts->segs[R_CS], cpl);
        load_task_seg(env, R_SS, ts->segs[R_SS], cpl);
        load_task_seg(env, R_ES, ts->segs[R_ES], cpl);
        load_task_seg(env, R_DS, ts->segs[R_DS], cpl);
        load_task_seg(env, R_FS, ts->segs[R_FS], cpl);
        load_task_seg(env, R_GS, ts->segs[R_GS], cpl);
    }
    if (env->rip > env->segs[R_CS].limit) {
        x86_raise_exception(env, EXCP0D_GPF, 0, 0);
    }
}

void x86_task_switch(CPUX86State *env, uint16_t sel, uint64_t d,
                     X86TaskSource src, uint64_t next_eip, uintptr_t ra)
{
    const TSSLayout *l = tss_layout(x86_desc_type(d));
    uint64_t base = x86_desc_base(d);
    uint32_t eflags = x86_read_eflags(env);
    TaskState ts;

    if (!(x86_desc_flags(d) & DESC_P_MASK)) {
        x86_raise_exception(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    if ((sel & 4) || x86_desc_limit(d) < l->min_limit) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, ra);
    }
    read_task(env, l, base, &ts, ra);
    if (src == X86_TASK_JMP || src == X86_TASK_IRET) {
        set_busy(env, env->tr.selector, false, ra);
    }
    if (src == X86_TASK_IRET) {
        eflags &= ~NT_MASK;
    }
    save_task(env, next_eip, eflags, ra);
    if (src == X86_TASK_CALL || src == X86_TASK_INT) {
        tss_st(env, base, 0, 2, env->tr.selector, ra);
        ts.eflags |= NT_MASK;
    }
    if (src != X86_TASK_IRET) {
        set_busy(env, sel, true, ra);
    }
    /* The switch is committed: TR, CR0.TS, then the new state. */
    env->tr = (SegmentCache) { sel, base, x86_desc_limit(d),
                               x86_desc_flags(d) | DESC_TSS_BUSY_MASK };
    env->cr[0] |= CR0_TS;
    x86_update_hflags(env);
    load_task(env, l, &ts);
}

/* A task gate's TSS: an available TSS in the GDT, else #GP(its sel). */
static uint64_t gate_tss(CPUX86State *env, uint64_t gate, uint16_t *sel,
                         uintptr_t ra)
{
    uint64_t d;

    *sel = gate >> 16;
    if ((*sel & 4) || !x86_read_desc(env, *sel, &d, ra) ||
        (x86_desc_flags(d) & DESC_S_MASK) || (x86_desc_type(d) & 7) != 1) {
        x86_raise_exception(env, EXCP0D_GPF, *sel & 0xfffc, ra);
    }
    return d;
}

void x86_far_task(CPUX86State *env, uint16_t sel, uint64_t d, bool call,
                  uint64_t next_eip, uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), dpl = x86_desc_dpl(d);

    if (dpl < cpl || dpl < (sel & 3)) {
        x86_raise_exception(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (x86_desc_type(d) == 5) {
        if (!(x86_desc_flags(d) & DESC_P_MASK)) {
            x86_raise_exception(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
        }
        d = gate_tss(env, d, &sel, ra);
    }
    x86_task_switch(env, sel, d, call ? X86_TASK_CALL : X86_TASK_JMP,
                    next_eip, ra);
}

void x86_int_task(CPUX86State *env, uint64_t gate, int error,
                  uint64_t next_eip)
{
    uint16_t sel;
    uint64_t d = gate_tss(env, gate, &sel, 0);
    X86Stack st;

    x86_task_switch(env, sel, d, X86_TASK_INT, next_eip, 0);
    if (error >= 0) {
        x86_stack_init(&st, env, 0);
        x86_stack_push(&st, error, tss_layout(x86_desc_type(d))->width);
        x86_stack_commit(&st);
    }
}

void x86_task_return(CPUX86State *env, uint64_t next_eip, uintptr_t ra)
{
    uint16_t sel = tss_ld(env, env->tr.base, 0, 2, ra);
    uint64_t d;

    /* The back link must name a busy TSS in the GDT. */
    if ((sel & 4) || !x86_read_desc(env, sel, &d, ra) ||
        (x86_desc_flags(d) & DESC_S_MASK) || (x86_desc_type(d) & 7) != 3) {
        x86_raise_exception(env, EXCP0A_TSS, sel & 0xfffc, ra);
    }
    x86_task_switch(env, sel, d, X86_TASK_IRET, next_eip, ra);
}

/*
 * IN/OUT of bytes at port with CPL > IOPL or in virtual-8086 mode: #GP(0)
 * unless the 32/64-bit TSS's I/O bitmap has every bit of the access clear.
 */
void helper_check_io(void *opaque, uint32_t port, uint32_t bytes)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    unsigned type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    uint32_t off, bits;

    port &= 0xffff;
    if (!(env->tr.flags & DESC_P_MASK) || (type & 9) != 9 ||
        env->tr.limit < 0x67) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    off = tss_ld(env, env->tr.base, 0x66, 2, ra) + port / 8;
    if (off + 1 > env->tr.limit) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    bits = tss_ld(env, env->tr.base, off, 2, ra);
    if ((bits >> (port & 7)) & ((1u << bytes) - 1)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
}
