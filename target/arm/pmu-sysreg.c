/*
 * The PMU registers Linux touches at boot (ID_AA64DFR0_EL1 says PMUv3, as
 * QEMU's Cortex-A72 does): RAZ/WI, a PMU with no counters that never
 * counts.  Counting and the overflow interrupt are not implemented.
 */
#include "kemu/osdep.h"
#include "sysreg.h"

#define PMU_RAZ_WI(name, crn, crm, op1, op2, acc) \
    { name, 3, op1, crn, crm, op2, acc, SR_CONST }

const ARMSysReg arm_pmu_sysregs[] = {
    PMU_RAZ_WI("PMCR_EL0", 9, 12, 3, 0, SR_PL0_RW),
    PMU_RAZ_WI("PMCNTENSET_EL0", 9, 12, 3, 1, SR_PL0_RW),
    PMU_RAZ_WI("PMCNTENCLR_EL0", 9, 12, 3, 2, SR_PL0_RW),
    PMU_RAZ_WI("PMOVSCLR_EL0", 9, 12, 3, 3, SR_PL0_RW),
    PMU_RAZ_WI("PMSELR_EL0", 9, 12, 3, 5, SR_PL0_RW),
    PMU_RAZ_WI("PMCCNTR_EL0", 9, 13, 3, 0, SR_PL0_RW),
    PMU_RAZ_WI("PMUSERENR_EL0", 9, 14, 3, 0, SR_PL0_R | SR_PL1_RW),
    PMU_RAZ_WI("PMINTENSET_EL1", 9, 14, 0, 1, SR_PL1_RW),
    PMU_RAZ_WI("PMINTENCLR_EL1", 9, 14, 0, 2, SR_PL1_RW),
    PMU_RAZ_WI("PMOVSSET_EL0", 9, 14, 3, 3, SR_PL0_RW),
    PMU_RAZ_WI("PMCCFILTR_EL0", 14, 15, 3, 7, SR_PL0_RW),
};
const size_t arm_pmu_sysregs_count = G_N_ELEMENTS(arm_pmu_sysregs);
