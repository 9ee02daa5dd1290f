/*
 * The system register table: EL0/EL1 registers of the EL1&0 regime, the ID
 * registers of the CPU model, and the SYS instructions (TLBI, IC, DC, AT).
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "sysreg.h"
#include "internals.h"

#define ENV(f) .kind = SR_FIELD, .offset = offsetof(CPUARMState, f)
#define ISAR(f) .kind = SR_ISAR, .offset = offsetof(ARMISARegisters, f)

/* Through arm_sysreg_write, which recomputes the TB flags. */
static void write_field(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    *(uint64_t *)((char *)env + ri->offset) = val;
}

static void write_flush(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    *(uint64_t *)((char *)env + ri->offset) = val;
    arm_tlb_take_tagged(env);
    tlb_flush(env_cpu(env));
}

/*
 * The TLB is not tagged with ASIDs: it holds the global entries and those
 * of the current ASID, and a change of an ASID field drops the latter
 * (Linux switches ASIDs on every kernel entry when it emulates PAN by
 * swapping TTBR0).  A new table base under the same ASID needs a TLBI,
 * as on hardware.
 */
static void write_ttbr(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    uint64_t *reg = (uint64_t *)((char *)env + ri->offset);

    if ((*reg ^ val) >> 48) {
        tlb_flush_nonglobal(env_cpu(env));
    }
    *reg = val;
}

/* The ASID and VMALL forms flush everything. */
static void insn_tlbi(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                      uintptr_t ra)
{
    arm_tlb_take_tagged(env);
    tlb_flush(env_cpu(env));
}

/* Whether any vCPU's TLB may hold tagged addresses; clears the marks. */
static bool take_tagged_all(void)
{
    bool tagged = false;
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tagged |= arm_tlb_take_tagged(&ARM_CPU(cpu)->env);
    }
    return tagged;
}

/* The inner-shareable forms reach every vCPU before this one goes on. */
static void insn_tlbi_is(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                         uintptr_t ra)
{
    take_tagged_all();
    tlb_flush_all_cpus_synced(env_cpu(env));
}

/*
 * The page of a TLBI by VA: Xt[43:0] is VA[55:12], and the TLB holds
 * addresses whose bits 63:56 repeat bit 55.  Every ASID's entries for the
 * page go (the TLB has only the current ASID's), at both ELs.  A 16 or
 * 64 KiB page lies inside a large-page span, which a page flush empties.
 */
static uint64_t tlbi_va(uint64_t val)
{
    return (uint64_t)((int64_t)(val << 20) >> 8) & TARGET_PAGE_MASK;
}

static void insn_tlbi_va(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                         uintptr_t ra)
{
    if (arm_tlb_take_tagged(env)) {
        tlb_flush(env_cpu(env));        /* also the page's tagged aliases */
    } else {
        tlb_flush_page(env_cpu(env), tlbi_va(val));
    }
}

static void insn_tlbi_va_is(CPUARMState *env, const ARMSysReg *ri,
                            uint64_t val, uintptr_t ra)
{
    if (take_tagged_all()) {
        tlb_flush_all_cpus_synced(env_cpu(env));
    } else {
        tlb_flush_page_all_cpus_synced(env_cpu(env), tlbi_va(val));
    }
}

static void insn_nop(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                     uintptr_t ra)
{
    /* Cache maintenance: there are no caches to maintain. */
}

/*
 * DC ZVA: zero the 64-byte block (DCZID_EL0.BS = 4 words).  Linux clears
 * pages with it, so RAM is zeroed in one go; a device gets the stores.
 */
static void insn_dc_zva(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                        uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    int mmu_idx = arm_current_el(env);
    MemOpIdx oi = make_memop_idx(MO_LEUQ, mmu_idx);
    uint64_t addr = val & ~(uint64_t)63;
    void *host = probe_access(cs, addr, 64, MMU_DATA_STORE, mmu_idx, ra);

    if (host) {
        memset(host, 0, 64);
        return;
    }
    for (int i = 0; i < 64; i += 8) {
        cpu_st_mmu(cs, addr + i, 0, oi, ra);
    }
}

static void insn_at(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                    uintptr_t ra)
{
    MMUAccessType type = ri->op2 & 1 ? MMU_DATA_STORE : MMU_DATA_LOAD;

    arm_at_s1e1(env, val, type, ri->op2 & 2 ? ARM_MMU_IDX_EL0 : ARM_MMU_IDX_EL1);
}

static const ARMSysReg sysregs[] = {
    /* Handled by the translator: PSTATE pieces and the banked SP. */
    { "NZCV", 3, 3, 4, 2, 0, SR_PL0_RW, SR_SPECIAL },
    { "DAIF", 3, 3, 4, 2, 1, SR_PL0_RW, SR_SPECIAL },
    { "SPSel", 3, 0, 4, 2, 0, SR_PL1_RW, SR_SPECIAL },
    { "CurrentEL", 3, 0, 4, 2, 2, SR_PL1_R, SR_SPECIAL },
    { "SP_EL0", 3, 0, 4, 1, 0, SR_PL1_RW, SR_SPECIAL },
    { "FPCR", 3, 3, 4, 4, 0, SR_PL0_RW, SR_SPECIAL },
    { "FPSR", 3, 3, 4, 4, 1, SR_PL0_RW, SR_SPECIAL },

    /* EL1&0 registers. */
    { "SCTLR_EL1", 3, 0, 1, 0, 0, SR_PL1_RW, ENV(cp15.sctlr_el1),
      .write = write_flush, .end_tb = true },
    { "CPACR_EL1", 3, 0, 1, 0, 2, SR_PL1_RW, ENV(cp15.cpacr_el1),
      .write = write_field, .end_tb = true },
    { "TTBR0_EL1", 3, 0, 2, 0, 0, SR_PL1_RW, ENV(cp15.ttbr0_el1),
      .write = write_ttbr },
    { "TTBR1_EL1", 3, 0, 2, 0, 1, SR_PL1_RW, ENV(cp15.ttbr1_el1),
      .write = write_ttbr },
    { "TCR_EL1", 3, 0, 2, 0, 2, SR_PL1_RW, ENV(cp15.tcr_el1),
      .write = write_flush, .end_tb = true },     /* TBI: TB flags */
    { "SPSR_EL1", 3, 0, 4, 0, 0, SR_PL1_RW, ENV(cp15.spsr_el1) },
    { "ELR_EL1", 3, 0, 4, 0, 1, SR_PL1_RW, ENV(cp15.elr_el1) },
    { "AFSR0_EL1", 3, 0, 5, 1, 0, SR_PL1_RW, ENV(cp15.afsr0_el1) },
    { "AFSR1_EL1", 3, 0, 5, 1, 1, SR_PL1_RW, ENV(cp15.afsr1_el1) },
    { "ESR_EL1", 3, 0, 5, 2, 0, SR_PL1_RW, ENV(cp15.esr_el1) },
    { "FAR_EL1", 3, 0, 6, 0, 0, SR_PL1_RW, ENV(cp15.far_el1) },
    { "PAR_EL1", 3, 0, 7, 4, 0, SR_PL1_RW, ENV(cp15.par_el1) },
    { "MAIR_EL1", 3, 0, 10, 2, 0, SR_PL1_RW, ENV(cp15.mair_el1) },
    { "AMAIR_EL1", 3, 0, 10, 3, 0, SR_PL1_RW, ENV(cp15.amair_el1) },
    { "VBAR_EL1", 3, 0, 12, 0, 0, SR_PL1_RW, ENV(cp15.vbar_el1) },
    { "CONTEXTIDR_EL1", 3, 0, 13, 0, 1, SR_PL1_RW, ENV(cp15.contextidr_el1) },
    { "TPIDR_EL1", 3, 0, 13, 0, 4, SR_PL1_RW, ENV(cp15.tpidr_el1) },
    { "CNTKCTL_EL1", 3, 0, 14, 1, 0, SR_PL1_RW, ENV(cp15.cntkctl_el1) },
    { "TPIDR_EL0", 3, 3, 13, 0, 2, SR_PL0_RW, ENV(cp15.tpidr_el0) },
    { "TPIDRRO_EL0", 3, 3, 13, 0, 3, SR_PL0_R | SR_PL1_RW,
      ENV(cp15.tpidrro_el0) },
    { "MDSCR_EL1", 2, 0, 0, 2, 2, SR_PL1_RW, ENV(cp15.mdscr_el1) },
    { "CSSELR_EL1", 3, 2, 0, 0, 0, SR_PL1_RW, ENV(cp15.csselr_el1) },
    { "OSLAR_EL1", 2, 0, 1, 0, 4, SR_PL1_W, SR_CONST },
    { "OSDLR_EL1", 2, 0, 1, 3, 4, SR_PL1_RW, SR_CONST },
    { "CCSIDR_EL1", 3, 1, 0, 0, 0, SR_PL1_R, SR_CONST, .value = 0x701fe01a },

    /* Identification registers of the model. */
    { "MIDR_EL1", 3, 0, 0, 0, 0, SR_PL1_R, ISAR(midr) },
    { "MPIDR_EL1", 3, 0, 0, 0, 5, SR_PL1_R, ISAR(mpidr_base) },
    { "REVIDR_EL1", 3, 0, 0, 0, 6, SR_PL1_R, ISAR(revidr) },
    { "ID_AA64PFR0_EL1", 3, 0, 0, 4, 0, SR_PL1_R, ISAR(id_aa64pfr0) },
    { "ID_AA64PFR1_EL1", 3, 0, 0, 4, 1, SR_PL1_R, ISAR(id_aa64pfr1) },
    { "ID_AA64DFR0_EL1", 3, 0, 0, 5, 0, SR_PL1_R, ISAR(id_aa64dfr0) },
    { "ID_AA64DFR1_EL1", 3, 0, 0, 5, 1, SR_PL1_R, ISAR(id_aa64dfr1) },
    { "ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0, SR_PL1_R, ISAR(id_aa64isar0) },
    { "ID_AA64ISAR1_EL1", 3, 0, 0, 6, 1, SR_PL1_R, ISAR(id_aa64isar1) },
    { "ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0, SR_PL1_R, ISAR(id_aa64mmfr0) },
    { "ID_AA64MMFR1_EL1", 3, 0, 0, 7, 1, SR_PL1_R, ISAR(id_aa64mmfr1) },
    { "ID_AA64MMFR2_EL1", 3, 0, 0, 7, 2, SR_PL1_R, ISAR(id_aa64mmfr2) },
    { "CTR_EL0", 3, 3, 0, 0, 1, SR_PL0_R | SR_PL1_R, ISAR(ctr) },
    { "DCZID_EL0", 3, 3, 0, 0, 7, SR_PL0_R | SR_PL1_R, ISAR(dczid) },
    { "CLIDR_EL1", 3, 1, 0, 0, 1, SR_PL1_R, ISAR(clidr) },

    /* SYS instructions: TLB, cache and address translation operations. */
    { "TLBI VMALLE1IS", 1, 0, 8, 3, 0, SR_PL1_W, SR_INSN, .insn = insn_tlbi_is },
    { "TLBI VAE1IS", 1, 0, 8, 3, 1, SR_PL1_W, SR_INSN,
      .insn = insn_tlbi_va_is },
    { "TLBI ASIDE1IS", 1, 0, 8, 3, 2, SR_PL1_W, SR_INSN, .insn = insn_tlbi_is },
    { "TLBI VAAE1IS", 1, 0, 8, 3, 3, SR_PL1_W, SR_INSN,
      .insn = insn_tlbi_va_is },
    { "TLBI VALE1IS", 1, 0, 8, 3, 5, SR_PL1_W, SR_INSN,
      .insn = insn_tlbi_va_is },
    { "TLBI VAALE1IS", 1, 0, 8, 3, 7, SR_PL1_W, SR_INSN,
      .insn = insn_tlbi_va_is },
    { "TLBI VMALLE1", 1, 0, 8, 7, 0, SR_PL1_W, SR_INSN, .insn = insn_tlbi },
    { "TLBI VAE1", 1, 0, 8, 7, 1, SR_PL1_W, SR_INSN, .insn = insn_tlbi_va },
    { "TLBI ASIDE1", 1, 0, 8, 7, 2, SR_PL1_W, SR_INSN, .insn = insn_tlbi },
    { "TLBI VAAE1", 1, 0, 8, 7, 3, SR_PL1_W, SR_INSN, .insn = insn_tlbi_va },
    { "TLBI VALE1", 1, 0, 8, 7, 5, SR_PL1_W, SR_INSN, .insn = insn_tlbi_va },
    { "TLBI VAALE1", 1, 0, 8, 7, 7, SR_PL1_W, SR_INSN, .insn = insn_tlbi_va },
    { "IC IALLUIS", 1, 0, 7, 1, 0, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "IC IALLU", 1, 0, 7, 5, 0, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "IC IVAU", 1, 3, 7, 5, 1, SR_PL0_W | SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC IVAC", 1, 0, 7, 6, 1, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC ISW", 1, 0, 7, 6, 2, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC CSW", 1, 0, 7, 10, 2, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC CISW", 1, 0, 7, 14, 2, SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC ZVA", 1, 3, 7, 4, 1, SR_PL0_W | SR_PL1_W, SR_INSN, .insn = insn_dc_zva },
    { "DC CVAC", 1, 3, 7, 10, 1, SR_PL0_W | SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC CVAU", 1, 3, 7, 11, 1, SR_PL0_W | SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "DC CIVAC", 1, 3, 7, 14, 1, SR_PL0_W | SR_PL1_W, SR_INSN, .insn = insn_nop },
    { "AT S1E1R", 1, 0, 7, 8, 0, SR_PL1_W, SR_INSN, .insn = insn_at },
    { "AT S1E1W", 1, 0, 7, 8, 1, SR_PL1_W, SR_INSN, .insn = insn_at },
    { "AT S1E0R", 1, 0, 7, 8, 2, SR_PL1_W, SR_INSN, .insn = insn_at },
    { "AT S1E0W", 1, 0, 7, 8, 3, SR_PL1_W, SR_INSN, .insn = insn_at },
};

/* Every table: the one above and those of the *-sysreg.c files. */
static const struct {
    const ARMSysReg *regs;
    const size_t *count;
} sysreg_tables[] = {
    { sysregs, &(const size_t){ G_N_ELEMENTS(sysregs) } },
    { arm_gt_sysregs, &arm_gt_sysregs_count },
    { arm_gic_sysregs, &arm_gic_sysregs_count },
    { arm_pmu_sysregs, &arm_pmu_sysregs_count },
    { arm_debug_sysregs, &arm_debug_sysregs_count },
    { arm_pauth_sysregs, &arm_pauth_sysregs_count },
};

#define FOR_EACH_SYSREG(ri) \
    for (size_t t_ = 0; t_ < G_N_ELEMENTS(sysreg_tables); t_++) \
        for (const ARMSysReg *ri = sysreg_tables[t_].regs; \
             ri < sysreg_tables[t_].regs + *sysreg_tables[t_].count; ri++)

static GHashTable *sysreg_table(void)
{
    static GHashTable *table;
    static gsize once;

    if (g_once_init_enter(&once)) {
        GHashTable *t = g_hash_table_new(g_direct_hash, g_direct_equal);
        FOR_EACH_SYSREG(ri) {
            guint key = SYSREG_KEY(ri->op0, ri->op1, ri->crn, ri->crm, ri->op2);
            g_assert(!g_hash_table_contains(t, GUINT_TO_POINTER(key)));
            g_hash_table_insert(t, GUINT_TO_POINTER(key), (gpointer)ri);
        }
        table = t;
        g_once_init_leave(&once, 1);
    }
    return table;
}

const ARMSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2)
{
    /* The rest of the ID register space is reserved and RAZ (ARM ARM). */
    static const ARMSysReg id_raz = {
        "ID_RESERVED", 3, 0, 0, 0, 0, SR_PL1_R, SR_CONST,
    };
    guint key = SYSREG_KEY(op0, op1, crn, crm, op2);
    const ARMSysReg *ri = g_hash_table_lookup(sysreg_table(),
                                              GUINT_TO_POINTER(key));

    if (!ri && op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
        return &id_raz;
    }
    return ri;
}

const ARMSysReg *arm_sysreg_find_by_name(const char *name)
{
    FOR_EACH_SYSREG(ri) {
        if (!g_ascii_strcasecmp(ri->name, name)) {
            return ri;
        }
    }
    return NULL;
}

uint64_t arm_sysreg_read(ARMCPU *cpu, const ARMSysReg *ri)
{
    switch (ri->kind) {
    case SR_FIELD:
        return *(uint64_t *)((char *)&cpu->env + ri->offset);
    case SR_ISAR:
        if (ri->offset == offsetof(ARMISARegisters, mpidr_base)) {
            return cpu->mpidr;
        }
        if (ri->offset == offsetof(ARMISARegisters, id_aa64pfr0) &&
            cpu->gic.read) {
            return cpu->isar.id_aa64pfr0 | (1ull << 24);    /* GIC sysregs */
        }
        return *(uint64_t *)((char *)&cpu->isar + ri->offset);
    case SR_CONST:
        return ri->value;
    case SR_FUNC:
        return ri->read(&cpu->env, ri);
    default:
        g_assert_not_reached();
    }
}

void arm_sysreg_write(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    if (ri->write) {
        ri->write(env, ri, val);
    } else if (ri->kind == SR_FIELD) {
        *(uint64_t *)((char *)env + ri->offset) = val;
    }
    arm_rebuild_tb_flags(env);          /* SCTLR_EL1, CPACR_EL1, TCR_EL1 */
}

bool arm_sysreg_access_ok(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return !ri->check || ri->check(env, ri, isread);
}

void arm_sysreg_reset(CPUARMState *env)
{
    FOR_EACH_SYSREG(ri) {
        if (ri->kind == SR_FIELD) {
            *(uint64_t *)((char *)env + ri->offset) = ri->value;
        }
    }
}
