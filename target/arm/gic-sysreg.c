/*
 * The GICv3 CPU interface registers (ICC_*_EL1): the table entries that
 * forward accesses to the interrupt controller's callbacks on ARMCPU.
 * Without a GICv3 connected they are UNDEFINED, as on a GICv2 system.
 */
#include "kemu/osdep.h"
#include "sysreg.h"

/* The ARMGICReg of an entry is kept in its value field. */
static bool gic_check(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return env_archcpu(env)->gic.read != NULL;
}

static uint64_t gic_read(CPUARMState *env, const ARMSysReg *ri)
{
    ARMGICCPUIf *gic = &env_archcpu(env)->gic;

    return gic->read(gic->opaque, ri->value);
}

static void gic_write(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    ARMGICCPUIf *gic = &env_archcpu(env)->gic;

    gic->write(gic->opaque, ri->value, val);
}

#define ICC(name, crn, crm, op2, acc, reg)                                 \
    { name, 3, 0, crn, crm, op2, acc, SR_FUNC, .value = reg,              \
      .read = gic_read, .write = gic_write, .check = gic_check,           \
      .end_tb = true }

const ARMSysReg arm_gic_sysregs[] = {
    ICC("ICC_PMR_EL1", 4, 6, 0, SR_PL1_RW, ARM_ICC_PMR),
    ICC("ICC_IAR0_EL1", 12, 8, 0, SR_PL1_R, ARM_ICC_IAR0),
    ICC("ICC_EOIR0_EL1", 12, 8, 1, SR_PL1_W, ARM_ICC_EOIR0),
    ICC("ICC_HPPIR0_EL1", 12, 8, 2, SR_PL1_R, ARM_ICC_HPPIR0),
    ICC("ICC_BPR0_EL1", 12, 8, 3, SR_PL1_RW, ARM_ICC_BPR0),
    ICC("ICC_AP0R0_EL1", 12, 8, 4, SR_PL1_RW, ARM_ICC_AP0R0),
    ICC("ICC_AP0R1_EL1", 12, 8, 5, SR_PL1_RW, ARM_ICC_AP0R1),
    ICC("ICC_AP0R2_EL1", 12, 8, 6, SR_PL1_RW, ARM_ICC_AP0R2),
    ICC("ICC_AP0R3_EL1", 12, 8, 7, SR_PL1_RW, ARM_ICC_AP0R3),
    ICC("ICC_AP1R0_EL1", 12, 9, 0, SR_PL1_RW, ARM_ICC_AP1R0),
    ICC("ICC_AP1R1_EL1", 12, 9, 1, SR_PL1_RW, ARM_ICC_AP1R1),
    ICC("ICC_AP1R2_EL1", 12, 9, 2, SR_PL1_RW, ARM_ICC_AP1R2),
    ICC("ICC_AP1R3_EL1", 12, 9, 3, SR_PL1_RW, ARM_ICC_AP1R3),
    ICC("ICC_DIR_EL1", 12, 11, 1, SR_PL1_W, ARM_ICC_DIR),
    ICC("ICC_RPR_EL1", 12, 11, 3, SR_PL1_R, ARM_ICC_RPR),
    ICC("ICC_SGI1R_EL1", 12, 11, 5, SR_PL1_W, ARM_ICC_SGI1R),
    ICC("ICC_ASGI1R_EL1", 12, 11, 6, SR_PL1_W, ARM_ICC_ASGI1R),
    ICC("ICC_SGI0R_EL1", 12, 11, 7, SR_PL1_W, ARM_ICC_SGI0R),
    ICC("ICC_IAR1_EL1", 12, 12, 0, SR_PL1_R, ARM_ICC_IAR1),
    ICC("ICC_EOIR1_EL1", 12, 12, 1, SR_PL1_W, ARM_ICC_EOIR1),
    ICC("ICC_HPPIR1_EL1", 12, 12, 2, SR_PL1_R, ARM_ICC_HPPIR1),
    ICC("ICC_BPR1_EL1", 12, 12, 3, SR_PL1_RW, ARM_ICC_BPR1),
    ICC("ICC_CTLR_EL1", 12, 12, 4, SR_PL1_RW, ARM_ICC_CTLR),
    ICC("ICC_SRE_EL1", 12, 12, 5, SR_PL1_RW, ARM_ICC_SRE),
    ICC("ICC_IGRPEN0_EL1", 12, 12, 6, SR_PL1_RW, ARM_ICC_IGRPEN0),
    ICC("ICC_IGRPEN1_EL1", 12, 12, 7, SR_PL1_RW, ARM_ICC_IGRPEN1),
};
const size_t arm_gic_sysregs_count = G_N_ELEMENTS(arm_gic_sysregs);
