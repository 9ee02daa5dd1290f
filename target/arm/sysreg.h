/*
 * AArch64 system registers and SYS instructions reachable by MRS/MSR/SYS,
 * looked up by their (op0, op1, CRn, CRm, op2) encoding.
 */
#ifndef TARGET_ARM_SYSREG_H
#define TARGET_ARM_SYSREG_H

#include "cpu.h"

typedef struct ARMSysReg ARMSysReg;

/* Access rights, checked when translating. */
#define SR_PL0_R 1u
#define SR_PL0_W 2u
#define SR_PL1_R 4u
#define SR_PL1_W 8u
#define SR_PL1_RW (SR_PL1_R | SR_PL1_W)
#define SR_PL0_RW (SR_PL0_R | SR_PL0_W | SR_PL1_RW)

typedef enum ARMSysRegKind {
    SR_FIELD,           /* a uint64_t of CPUARMState at offset */
    SR_CONST,           /* the constant value */
    SR_ISAR,            /* a uint64_t of ARMISARegisters at offset */
    SR_SPECIAL,         /* translated by hand (NZCV, DAIF, SPSel, ...) */
    SR_INSN,            /* a SYS instruction, done by sys_insn() */
    SR_FUNC,            /* read/write callbacks at run time, big lock held */
} ARMSysRegKind;

struct ARMSysReg {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint8_t access;
    ARMSysRegKind kind;
    size_t offset;      /* SR_FIELD, SR_ISAR */
    uint64_t value;     /* SR_CONST value; SR_FIELD reset value */
    /* Optional: writes with side effects (TLB flushes, masks). */
    void (*write)(CPUARMState *env, const ARMSysReg *ri, uint64_t val);
    /* SR_INSN: the operation, with Xt as argument. */
    void (*insn)(CPUARMState *env, const ARMSysReg *ri, uint64_t val,
                 uintptr_t ra);
    /* SR_FUNC: the value (writes go through write). */
    uint64_t (*read)(CPUARMState *env, const ARMSysReg *ri);
    /* SR_FUNC, optional: false makes the access UNDEFINED at run time. */
    bool (*check)(CPUARMState *env, const ARMSysReg *ri, bool isread);
    /* SR_FUNC: touches no device, so runs without the big lock. */
    bool lockless;
    /* Writing it changes what translated code depends on: end the TB. */
    bool end_tb;
};

#define SYSREG_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* The register or instruction with that encoding, or NULL. */
const ARMSysReg *arm_sysreg_find(unsigned op0, unsigned op1, unsigned crn,
                                 unsigned crm, unsigned op2);
const ARMSysReg *arm_sysreg_find_by_name(const char *name);
/*
 * The value of ri for cpu (any kind except SR_SPECIAL and SR_INSN); an
 * SR_FUNC register must be read with the big lock held.
 */
uint64_t arm_sysreg_read(ARMCPU *cpu, const ARMSysReg *ri);
/* Write through ri->write or to the field. */
void arm_sysreg_write(CPUARMState *env, const ARMSysReg *ri, uint64_t val);
/* SR_FUNC: may the current EL access ri now (its check callback)? */
bool arm_sysreg_access_ok(CPUARMState *env, const ARMSysReg *ri, bool isread);
/* The tables of other files (gtimer.c and the *-sysreg.c files). */
extern const ARMSysReg arm_gt_sysregs[];
extern const size_t arm_gt_sysregs_count;
extern const ARMSysReg arm_gic_sysregs[];
extern const size_t arm_gic_sysregs_count;
extern const ARMSysReg arm_pmu_sysregs[];
extern const size_t arm_pmu_sysregs_count;
extern const ARMSysReg arm_debug_sysregs[];
extern const size_t arm_debug_sysregs_count;
extern const ARMSysReg arm_pauth_sysregs[];
extern const size_t arm_pauth_sysregs_count;

/* Put every SR_FIELD register to its reset value. */
void arm_sysreg_reset(CPUARMState *env);

#endif
