/*
 * AArch64 CPU state (EL0/EL1 only: EL2 and EL3 are not implemented).
 *
 * NZCV is kept in the "fast form" that translated code updates cheaply:
 * N is bit 63 of NF, Z is set when ZF == 0, C is CF (0 or 1), V is bit 63
 * of VF.  32-bit operations sign-extend their N and V values.  The other
 * PSTATE bits live in pstate (DAIF, CurrentEL, SPSel).
 *
 * NZCV may also be pending (lazy): cc_op says which operation last set the
 * flags and cc_a/cc_b hold its operands (see ARMCCOp), so translated code
 * that only branches on them never computes them.  Read NZCV with
 * arm_nzcv() or pstate_read(), never from NF..VF directly.
 *
 * xregs[31] is the stack pointer of the current EL/SPSel; sp_el[] holds
 * the banked copies and is synchronized on every change of EL or SPSel.
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include "hw/core/cpu.h"
#include "exec/cpu-defs.h"
#include "exec/exec-all.h"
#include "accel/tcg/tcg-cpu-ops.h"
#include "hw/irq.h"

#define TYPE_ARM_CPU "aarch64-cpu"

/* PSTATE bits (as in SPSR_ELx). */
#define PSTATE_SP   (1u << 0)       /* SPSel */
#define PSTATE_EL_SHIFT 2
#define PSTATE_EL   (3u << 2)
#define PSTATE_nRW  (1u << 4)       /* AArch32 (never for us) */
#define PSTATE_F    (1u << 6)
#define PSTATE_I    (1u << 7)
#define PSTATE_A    (1u << 8)
#define PSTATE_D    (1u << 9)
#define PSTATE_DAIF (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_IL   (1u << 20)
#define PSTATE_SS   (1u << 21)
#define PSTATE_NZCV (0xfu << 28)

/* SCTLR_EL1 bits we act on. */
#define SCTLR_M     (1u << 0)
#define SCTLR_A     (1u << 1)
#define SCTLR_UMA   (1u << 9)
#define SCTLR_UCT   (1u << 15)

/* Exception kinds in CPUState.exception_index. */
enum {
    EXCP_UDEF = 1,          /* undefined instruction */
    EXCP_SWI,               /* SVC */
    EXCP_PREFETCH_ABORT,
    EXCP_DATA_ABORT,
    EXCP_IRQ,
    EXCP_FIQ,
    EXCP_BKPT,              /* BRK */
    EXCP_SEMIHOST,          /* HLT #0xf000 with -semihosting */
    EXCP_HVC,               /* HVC: a PSCI call (no EL2) */
};

/* ESR_ELx exception classes. */
enum {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX_TRAP = 0x01,
    EC_ADVSIMDFPACCESSTRAP = 0x07,
    EC_AA64_SVC = 0x15,
    EC_AA64_HVC = 0x16,
    EC_AA64_SMC = 0x17,
    EC_SYSTEMREGISTERTRAP = 0x18,
    EC_INSNABORT = 0x20,
    EC_INSNABORT_SAME_EL = 0x21,
    EC_PCALIGNMENT = 0x22,
    EC_DATAABORT = 0x24,
    EC_DATAABORT_SAME_EL = 0x25,
    EC_SPALIGNMENT = 0x26,
    EC_AA64_BKPT = 0x3c,
};
#define ARM_EL_EC_SHIFT 26
#define ARM_EL_IL (1u << 25)

static inline uint32_t syn_uncategorized(void)
{
    return (EC_UNCATEGORIZED << ARM_EL_EC_SHIFT) | ARM_EL_IL;
}
static inline uint32_t syn_aa64_svc(uint32_t imm16)
{
    return (EC_AA64_SVC << ARM_EL_EC_SHIFT) | ARM_EL_IL | (imm16 & 0xffff);
}
static inline uint32_t syn_aa64_bkpt(uint32_t imm16)
{
    return (EC_AA64_BKPT << ARM_EL_EC_SHIFT) | ARM_EL_IL | (imm16 & 0xffff);
}

/* FP/SIMD access trapped by CPACR_EL1.FPEN (A64: CV=1, COND=0xe). */
static inline uint32_t syn_fp_access_trap(void)
{
    return (EC_ADVSIMDFPACCESSTRAP << ARM_EL_EC_SHIFT) | ARM_EL_IL |
           (1u << 24) | (0xeu << 20);
}

/* MMU indexes: the EL1&0 regime at EL0 and at EL1. */
enum {
    ARM_MMU_IDX_EL0 = 0,
    ARM_MMU_IDX_EL1 = 1,
};

/* TB flags: what translated code depends on. */
#define TB_FLAG_EL_MASK     3u          /* bits 1:0 current EL */
#define TB_FLAG_SPSEL       (1u << 2)
#define TB_FLAG_MMU_ON      (1u << 3)
#define TB_FLAG_UMA         (1u << 4)   /* EL0 may touch DAIF */
#define TB_FLAG_UCT         (1u << 5)   /* EL0 may read CTR_EL0 */
#define TB_FLAG_SS          (1u << 6)   /* gdb single step */
#define TB_FLAG_FPEN        (1u << 7)   /* CPACR_EL1.FPEN lets this EL use FP */
/*
 * Branches drop the tag of a target in the TTBR0 (TBII0) or TTBR1 (TBII1)
 * half: TCR_EL1.TBIx set and, with FEAT_PAuth, TBIDx clear.
 */
#define TB_FLAG_TBII0       (1u << 8)
#define TB_FLAG_TBII1       (1u << 9)

typedef struct ARMVReg {
    uint64_t d[2];                      /* 128-bit V register, low half first */
} ARMVReg;

/* A FEAT_PAuth key: APxxKeyLo_EL1 and APxxKeyHi_EL1. */
typedef struct ARMPACKey {
    uint64_t lo, hi;
} ARMPACKey;

/* A remembered ComputePAC result (pauth-helper.c); tag 0: empty. */
typedef struct ARMPACCacheEntry {
    uint64_t data, modifier, pac, tag;
} ARMPACCacheEntry;
#define ARM_PAC_CACHE_SIZE 512

/*
 * What NZCV is (CPUARMState.cc_op): FLAGS, the fast form in NF..VF; or
 * the flags of cc_a - cc_b (SUBS), cc_a + cc_b (ADDS) or of the result
 * cc_a (ANDS/BICS: C = V = 0), at 32 bits (operands zero-extended, cc_a
 * of LOGIC32 taken in its low 32 bits) or 64.
 */
typedef enum ARMCCOp {
    CC_OP_FLAGS,
    CC_OP_SUB32,
    CC_OP_SUB64,
    CC_OP_ADD32,
    CC_OP_ADD64,
    CC_OP_LOGIC32,
    CC_OP_LOGIC64,
} ARMCCOp;

typedef struct CPUARMState {
    uint64_t xregs[32];                 /* X0-X30, [31] = current SP */
    uint64_t pc;
    uint64_t NF, ZF, CF, VF;            /* NZCV, fast form (see above) */
    uint64_t cc_a, cc_b;                /* NZCV pending: operands */
    uint32_t cc_op;                     /* ARMCCOp */
    uint32_t pstate;                    /* DAIF, EL, SPSel (no NZCV) */

    uint64_t sp_el[2];                  /* SP_EL0, SP_EL1 */

    /* Exclusive monitor: address (-1: open) and the value loaded. */
    uint64_t exclusive_addr;
    uint64_t exclusive_val;
    uint64_t exclusive_high;            /* second word of LDXP */

    /* SIMD/FP registers (scalar FP in translate-fp.c.inc). */
    ARMVReg vregs[32];
    uint32_t fpcr, fpsr;

    /* EL1 system registers. */
    struct {
        uint64_t sctlr_el1, cpacr_el1;
        uint64_t ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1, amair_el1;
        uint64_t vbar_el1, esr_el1, far_el1, elr_el1, spsr_el1;
        uint64_t tpidr_el0, tpidrro_el0, tpidr_el1;
        uint64_t contextidr_el1, cntkctl_el1, par_el1, afsr0_el1, afsr1_el1;
        uint64_t mdscr_el1, csselr_el1;
    } cp15;

    /*
     * FEAT_PAuth keys IA, IB, DA, DB, GA (pauth.h, pauth-sysreg.c); every
     * write bumps pac_key_gen, which retires the cached PACs.
     */
    ARMPACKey pac_keys[5];
    uint64_t pac_key_gen;
    ARMPACCacheEntry pac_cache[ARM_PAC_CACHE_SIZE];

    /*
     * Set when this vCPU's TLB may hold a tagged address (TBI): TLBIs by
     * VA then flush everything (mmu.c, sysreg.c).
     */
    bool tlb_tagged;

    /* The exception being raised: syndrome and faulting address. */
    struct {
        uint32_t syndrome;
        uint64_t vaddress;
    } exception;

    /* Lines from the board's interrupt controller. */
    bool irq_line, fiq_line;

    /* Generic timer (gtimer.c): CNTFRQ and the EL1 physical/virtual timers. */
    struct {
        uint64_t cntfrq;
        uint64_t ctl[2], cval[2];       /* indexed by GTIMER_PHYS/VIRT */
    } gt;

    /* TB flags of the current state: see arm_rebuild_tb_flags(). */
    uint32_t tb_flags;
} CPUARMState;

/* ID register values of one model (see arm_cpu_models in cpu.c). */
typedef struct ARMISARegisters {
    uint64_t midr, revidr, mpidr_base;
    uint64_t id_aa64pfr0, id_aa64pfr1, id_aa64dfr0, id_aa64dfr1;
    uint64_t id_aa64isar0, id_aa64isar1;
    uint64_t id_aa64mmfr0, id_aa64mmfr1, id_aa64mmfr2;
    uint64_t ctr, dczid, clidr, reset_sctlr;
} ARMISARegisters;

/*
 * The GICv3 CPU interface: the ICC_*_EL1 system registers are forwarded
 * to whoever installed these callbacks (hw/intc/arm_gicv3_cpuif.c), so
 * the target does not depend on the interrupt controller.  They run with
 * the big lock held.  Without them, ICC_* accesses are UNDEFINED.
 */
typedef enum ARMGICReg {
    ARM_ICC_PMR, ARM_ICC_IAR0, ARM_ICC_EOIR0, ARM_ICC_HPPIR0, ARM_ICC_BPR0,
    ARM_ICC_AP0R0, ARM_ICC_AP0R1, ARM_ICC_AP0R2, ARM_ICC_AP0R3,
    ARM_ICC_AP1R0, ARM_ICC_AP1R1, ARM_ICC_AP1R2, ARM_ICC_AP1R3,
    ARM_ICC_DIR, ARM_ICC_RPR, ARM_ICC_SGI1R, ARM_ICC_ASGI1R, ARM_ICC_SGI0R,
    ARM_ICC_IAR1, ARM_ICC_EOIR1, ARM_ICC_HPPIR1, ARM_ICC_BPR1, ARM_ICC_CTLR,
    ARM_ICC_SRE, ARM_ICC_IGRPEN0, ARM_ICC_IGRPEN1,
} ARMGICReg;

typedef struct ARMGICCPUIf {
    uint64_t (*read)(void *opaque, ARMGICReg reg);
    void (*write)(void *opaque, ARMGICReg reg, uint64_t val);
    void *opaque;
} ARMGICCPUIf;

/* Generic timers and their gpio outputs (level: ISTATUS && ENABLE && !IMASK). */
#define GTIMER_PHYS 0                   /* PPI 30 on virt */
#define GTIMER_VIRT 1                   /* PPI 27 on virt */
#define GTIMER_FREQ 62500000            /* CNTFRQ_EL0, as QEMU: 16 ns a tick */

typedef struct ARMCPU {
    CPUState parent_obj;
    CPUNegativeOffsetState neg;
    CPUARMState env;

    ARMISARegisters isar;
    uint64_t mpidr;
    uint64_t reset_pc;                  /* where reset leaves the CPU */
    uint64_t reset_x0;                  /* x0 at reset (DTB address) */
    bool start_powered_off;             /* secondary CPUs wait for PSCI */
    bool semihosting;                   /* HLT #0xf000 calls the host */
    bool psci_hvc;                      /* HVC #0 is a PSCI call (psci.c) */
    bool power_off;                     /* PSCI: off until CPU_ON */

    ARMGICCPUIf gic;                    /* ICC_* registers, if a GICv3 */
    struct KemuTimer *gt_timer[2];      /* GTIMER_PHYS, GTIMER_VIRT */
    qemu_irq gt_timer_outputs[2];       /* gpio outputs 0, 1 */
} ARMCPU;
CPU_NEG_CHECK(ARMCPU);

typedef struct ARMCPUClass {
    CPUClass parent_class;
    const ARMISARegisters *isar;        /* NULL for the abstract base */
} ARMCPUClass;

#define ARM_CPU(obj) OBJECT_CHECK(ARMCPU, (obj), TYPE_ARM_CPU)
#define ARM_CPU_CLASS(k) OBJECT_CLASS_CHECK(ARMCPUClass, (k), TYPE_ARM_CPU)
#define ARM_CPU_GET_CLASS(o) OBJECT_GET_CLASS(ARMCPUClass, (o), TYPE_ARM_CPU)

static inline ARMCPU *env_archcpu(CPUARMState *env)
{
    return container_of(env, ARMCPU, env);
}

static inline unsigned arm_current_el(const CPUARMState *env)
{
    return (env->pstate & PSTATE_EL) >> PSTATE_EL_SHIFT;
}

/* NZCV in bits 31:28, whatever form it is in. */
uint32_t arm_nzcv(const CPUARMState *env);

static inline uint32_t pstate_read(const CPUARMState *env)
{
    return env->pstate | arm_nzcv(env);
}

static inline void nzcv_write(CPUARMState *env, uint32_t val)
{
    env->NF = (uint64_t)-(int64_t)((val >> 31) & 1);
    env->ZF = !((val >> 30) & 1);
    env->CF = (val >> 29) & 1;
    env->VF = (uint64_t)-(int64_t)((val >> 28) & 1);
    env->cc_op = CC_OP_FLAGS;
}

/* Save SP into its bank, and load the bank of the current EL/SPSel. */
void aarch64_save_sp(CPUARMState *env);
void aarch64_restore_sp(CPUARMState *env);
/* Write PSTATE (all bits, with NZCV) and switch the SP bank as needed. */
void pstate_write(CPUARMState *env, uint32_t val);

/* Handle a semihosting call (x0 = operation, x1 = argument). */
void arm_do_semihosting(ARMCPU *cpu);

/* TCG hooks (excp.c, mmu.c, translate-a64.c). */
void arm_cpu_do_interrupt(CPUState *cs);
bool arm_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
bool arm_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr);
void arm_translate_init(void);
void arm_translate_code(CPUState *cs, TranslationBlock *tb, int *max_insns,
                        uint64_t pc, void *host_pc);
void arm_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint64_t *cs_base,
                          uint32_t *flags);
/*
 * Recompute env->tb_flags: every change of what they depend on (EL,
 * PSTATE.SP, SCTLR_EL1, CPACR_EL1, TCR_EL1: reset, pstate_write, MSR
 * SPSel, system register writes) calls this, so a TB lookup only reads
 * them.
 */
void arm_rebuild_tb_flags(CPUARMState *env);

/* The board's IRQ/FIQ lines into the CPU (gpio inputs 0 and 1). */
#define ARM_CPU_IRQ 0
#define ARM_CPU_FIQ 1

/* gtimer.c: the generic timer's counter, QEMU-style (virtual clock / 16 ns). */
uint64_t gt_get_count(void);
void gt_cpu_init(ARMCPU *cpu);
void gt_recalc_timer(ARMCPU *cpu, int timer);

/* psci.c: a PSCI call (function id in x0); the result goes to x0. */
void arm_handle_psci_call(ARMCPU *cpu);

/* gdbstub.c */
extern const char arm_gdb_core_xml[];
int arm_cpu_gdb_read_register(CPUState *cs, GByteArray *buf, int n);
int arm_cpu_gdb_write_register(CPUState *cs, const uint8_t *buf, int n);

#endif
