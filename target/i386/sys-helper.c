/*
 * Long-mode system instructions: LTR/LLDT (64-bit TSS and LDT
 * descriptors), IRET in all its long-mode forms, SYSCALL/SYSRET,
 * SYSENTER/SYSEXIT, MOV DRn, INVPCID and the CR4-gated FSGSBASE checks.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"
#include "seg-helper.h"

#define DESC_HI(d) ((uint32_t)((d) >> 32))

/* A flat code or data segment of SYSCALL/SYSRET/SYSENTER/SYSEXIT. */
static void flat_seg(CPUX86State *env, int seg, uint16_t sel, bool code,
                     bool l)
{
    uint32_t f = DESC_P_MASK | DESC_S_MASK | DESC_G_MASK | DESC_A_MASK |
                 ((sel & 3u) << DESC_DPL_SHIFT);

    if (code) {
        f |= DESC_CS_MASK | DESC_R_MASK | (l ? DESC_L_MASK : DESC_B_MASK);
    } else {
        f |= DESC_W_MASK | DESC_B_MASK;
    }
    x86_load_seg_cache(env, seg, sel, 0, 0xffffffff, f);
}

/* SYSCALL (the translator checked EFER.SCE); next_rip is its successor. */
void helper_syscall(void *opaque, uint64_t next_rip)
{
    CPUX86State *env = opaque;
    uint16_t sel = (env->star >> 32) & 0xfffc;
    bool from64 = env->segs[R_CS].flags & DESC_L_MASK;

    env->regs[R_ECX] = next_rip;
    env->regs[11] = x86_read_eflags(env) & ~(uint64_t)RF_MASK;
    x86_write_eflags(env, 0, env->fmask | RF_MASK);
    flat_seg(env, R_CS, sel, true, true);
    flat_seg(env, R_SS, sel + 8, false, false);
    env->rip = from64 ? env->lstar : env->cstar;
}

/* SYSRET (CPL 0 checked); op64: REX.W, back to 64-bit mode. */
void helper_sysret(void *opaque, uint32_t op64)
{
    CPUX86State *env = opaque;
    uint16_t sel = (env->star >> 48) & 0xffff;

    if (op64 && !x86_canonical(env->regs[R_ECX])) {
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    x86_write_eflags(env, (env->regs[11] & 0x3c7fd7) | EFLAGS_FIXED,
                     ~(uint64_t)0);
    if (op64) {
        flat_seg(env, R_CS, (sel + 16) | 3, true, true);
        env->rip = env->regs[R_ECX];
    } else {
        flat_seg(env, R_CS, sel | 3, true, false);
        env->rip = (uint32_t)env->regs[R_ECX];
    }
    flat_seg(env, R_SS, (sel + 8) | 3, false, false);
}

/* SYSENTER: to CPL 0 at SYSENTER_CS:SYSENTER_EIP (64-bit with EFER.LMA). */
void helper_sysenter(void *opaque)
{
    CPUX86State *env = opaque;
    uint16_t sel = env->sysenter_cs & 0xfffc;

    if (sel == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    env->eflags &= ~(uint64_t)(IF_MASK | RF_MASK);
    flat_seg(env, R_CS, sel, true, env->efer & EFER_LMA);
    flat_seg(env, R_SS, sel + 8, false, false);
    env->regs[R_ESP] = env->sysenter_esp;
    env->rip = env->sysenter_eip;
}

/* SYSEXIT (CPL 0 checked): to CPL 3 at RDX, stack RCX. */
void helper_sysexit(void *opaque, uint32_t op64)
{
    CPUX86State *env = opaque;
    uint16_t sel = env->sysenter_cs & 0xfffc;

    if (sel == 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    if (op64) {
        flat_seg(env, R_CS, (sel + 32) | 3, true, true);
        flat_seg(env, R_SS, (sel + 40) | 3, false, false);
        env->regs[R_ESP] = env->regs[R_ECX];
        env->rip = env->regs[R_EDX];
    } else {
        flat_seg(env, R_CS, (sel + 16) | 3, true, false);
        flat_seg(env, R_SS, (sel + 24) | 3, false, false);
        env->regs[R_ESP] = (uint32_t)env->regs[R_ECX];
        env->rip = (uint32_t)env->regs[R_EDX];
    }
}

/*
 * After a return to an outer level: a data segment register (or one with
 * a non-conforming code segment) whose DPL is below the new CPL becomes
 * null.  Its base stays, so FS/GS bases set through MSRs survive.
 */
static void invalidate_seg(CPUX86State *env, int seg, unsigned cpl)
{
    SegmentCache *sc = &env->segs[seg];
    bool conforming_code = (sc->flags & DESC_CS_MASK) &&
                           (sc->flags & DESC_C_MASK);

    if (((sc->flags >> DESC_DPL_SHIFT) & 3) < cpl && !conforming_code) {
        sc->selector = 0;
        sc->flags &= ~DESC_P_MASK;
    }
}

static KEMU_NORETURN void iret_fault(CPUX86State *env, int vector,
                                     uint16_t sel, uintptr_t ra)
{
    x86_raise_exception(env, vector, sel & 0xfffc, ra);
}

/* The CS of an IRET frame: a present code segment matching its RPL. */
static uint64_t iret_cs(CPUX86State *env, uint16_t sel, uintptr_t ra)
{
    uint64_t desc;
    uint32_t hi;
    unsigned dpl, rpl = sel & 3;

    if ((sel & 0xfffc) == 0 || rpl < x86_cpl(env) ||
        !x86_read_desc(env, sel, &desc, ra)) {
        iret_fault(env, EXCP0D_GPF, sel, ra);
    }
    hi = DESC_HI(desc);
    dpl = (hi >> DESC_DPL_SHIFT) & 3;
    if ((hi & (DESC_S_MASK | DESC_CS_MASK)) != (DESC_S_MASK | DESC_CS_MASK) ||
        ((hi & DESC_C_MASK) ? dpl > rpl : dpl != rpl) ||
        ((hi & DESC_L_MASK) && (hi & DESC_B_MASK))) {
        iret_fault(env, EXCP0D_GPF, sel, ra);
    }
    if (!(hi & DESC_P_MASK)) {
        iret_fault(env, EXCP0B_NOSEG, sel, ra);
    }
    return desc;
}

/*
 * The SS of an IRET frame for new CPL cpl: a writable data segment with
 * DPL = RPL = cpl, or a null selector with RPL = cpl when going back to
 * 64-bit code at CPL 0-2.
 */
static void iret_ss(CPUX86State *env, uint16_t sel, unsigned cpl, bool to64,
                    SegmentCache *ss, uintptr_t ra)
{
    uint64_t desc;
    uint32_t hi;

    if ((sel & 0xfffc) == 0) {
        if (!to64 || cpl == 3 || (sel & 3) != cpl) {
            iret_fault(env, EXCP0D_GPF, sel, ra);
        }
        *ss = (SegmentCache) { .selector = sel,
                               .flags = cpl << DESC_DPL_SHIFT };
        return;
    }
    if ((sel & 3) != cpl || !x86_read_desc(env, sel, &desc, ra)) {
        iret_fault(env, EXCP0D_GPF, sel, ra);
    }
    hi = DESC_HI(desc);
    if ((hi & (DESC_S_MASK | DESC_CS_MASK | DESC_W_MASK)) !=
        (DESC_S_MASK | DESC_W_MASK) ||
        ((hi >> DESC_DPL_SHIFT) & 3) != cpl) {
        iret_fault(env, EXCP0D_GPF, sel, ra);
    }
    if (!(hi & DESC_P_MASK)) {
        iret_fault(env, EXCP0C_STACK, sel, ra);
    }
    x86_desc_seg(ss, sel, desc);
}

/*
 * IRET in 64-bit mode at operand size ot (IRETQ: MO_64): pops RIP, CS, RFLAGS, RSP, SS (always all five in 64-bit mode), to the
 * same or an outer level, to 64-bit or compatibility mode.  Ends NMI
 * blocking.
 */
void helper_iret64(void *opaque, uint32_t ot)
{
    CPUX86State *env = opaque;
    CPUState *cs = env_cpu(env);
    uintptr_t ra = TCG_GETPC();
    unsigned cpl = x86_cpl(env), new_cpl, size = 1u << ot;
    MemOpIdx oi = make_memop_idx(ot | MO_LE, x86_data_mmu_idx(env, cpl));
    uint64_t sp = env->regs[R_ESP], v[5], desc, mask;
    SegmentCache ss;
    bool to64;

    if (env->eflags & NT_MASK) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    for (int i = 0; i < 5; i++) {
        v[i] = cpu_ld_mmu(cs, sp + i * size, oi, ra);
    }
    desc = iret_cs(env, v[1], ra);
    new_cpl = v[1] & 3;
    to64 = DESC_HI(desc) & DESC_L_MASK;
    if (to64 && !x86_canonical(v[0])) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    iret_ss(env, v[4], new_cpl, to64, &ss, ra);

    mask = CC_ALL | TF_MASK | DF_MASK | NT_MASK | RF_MASK | AC_MASK |
           ID_MASK;
    if (cpl == 0) {
        mask |= IOPL_MASK | IF_MASK | (3ull << 19);    /* VIF, VIP */
    } else if (cpl <= ((env->eflags & IOPL_MASK) >> 12)) {
        mask |= IF_MASK;
    }
    if (ot == MO_16) {
        mask &= 0xffff;
    }
    x86_write_eflags(env, v[2], mask);
    x86_desc_seg(&env->segs[R_CS], v[1], desc);
    env->segs[R_SS] = ss;
    env->rip = to64 ? v[0] : (uint32_t)v[0];
    env->regs[R_ESP] = v[3];
    if (new_cpl > cpl) {
        for (int seg = R_ES; seg <= R_GS; seg++) {
            if (seg != R_CS && seg != R_SS) {
                invalidate_seg(env, seg, new_cpl);
            }
        }
    }
    x86_update_hflags(env);
    env->nmi_blocked = false;
}

/*
 * INVPCID type, [addr] = { PCID, linear address } (CPL 0 checked).
 * The TLB is not tagged with PCIDs: type 0 flushes that page, types 1
 * and 3 every non-global page, type 2 everything, which is never less
 * than the architecture asks.
 */
void helper_invpcid(void *opaque, uint64_t addr, uint64_t type)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    int idx = x86_data_mmu_idx(env, 0);
    uint64_t pcid = cpu_ld_mmu(env_cpu(env), addr,
                               make_memop_idx(MO_LEUQ, idx), ra);
    uint64_t la = cpu_ld_mmu(env_cpu(env), addr + 8,
                             make_memop_idx(MO_LEUQ, idx), ra);

    if (type > 3 || pcid > 0xfff ||
        (type == 0 && !x86_canonical(la))) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if (type == 0) {
        tlb_flush_page(env_cpu(env), la);
    } else if (type == 2) {
        tlb_flush(env_cpu(env));
    } else {
        tlb_flush_nonglobal(env_cpu(env));
    }
}

/*
 * MOV from/to DRn (CPL 0 checked): DR4/DR5 are DR6/DR7 unless CR4.DE
 * (then #UD).  The registers are kept, but breakpoints never trigger.
 */
static int dr_index(CPUX86State *env, uint32_t reg, uintptr_t ra)
{
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE) {
            x86_raise_exception(env, EXCP06_ILLOP, -1, ra);
        }
        return reg + 2;
    }
    if (reg > 7) {
        x86_raise_exception(env, EXCP06_ILLOP, -1, ra);
    }
    return reg;
}

uint64_t helper_read_dr(void *opaque, uint32_t reg)
{
    CPUX86State *env = opaque;

    return env->dr[dr_index(env, reg, TCG_GETPC())];
}

void helper_write_dr(void *opaque, uint32_t reg, uint64_t val)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    int i = dr_index(env, reg, ra);

    if (i >= 6 && (val >> 32)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if (i == 6) {
        val = (val & 0x1e00f) | 0xffff0ff0;
    } else if (i == 7) {
        val = (val & 0xffff2bff) | 0x400;
        if (val & 0xff) {
            kemu_log_mask(LOG_UNIMP, "x86: DR7 0x%" PRIx64 " enables "
                          "breakpoints, which are not implemented\n", val);
        }
    }
    env->dr[i] = val;
}

/* #UD unless CR4 has bit (FSGSBASE instructions). */
void helper_check_cr4(void *opaque, uint32_t bit)
{
    CPUX86State *env = opaque;

    if (!(env->cr[4] & bit)) {
        x86_raise_exception(env, EXCP06_ILLOP, -1, TCG_GETPC());
    }
}

/* WRFSBASE/WRGSBASE: a non-canonical base raises #GP(0). */
void helper_write_seg_base(void *opaque, uint32_t seg, uint64_t base)
{
    CPUX86State *env = opaque;

    if (!(env->cr[4] & CR4_FSGSBASE)) {
        x86_raise_exception(env, EXCP06_ILLOP, -1, TCG_GETPC());
    }
    if (!x86_canonical(base)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    env->segs[seg].base = base;
}
