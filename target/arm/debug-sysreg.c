/*
 * The self-hosted debug registers Linux resets at boot: the breakpoint and
 * watchpoint pairs ID_AA64DFR0_EL1 announces (6 and 4) and MDCCINT_EL1.
 * RAZ/WI: hardware breakpoints and watchpoints are not implemented.
 */
#include "kemu/osdep.h"
#include "sysreg.h"

#define DBG(name, crm, op2) { name, 2, 0, 0, crm, op2, SR_PL1_RW, SR_CONST }
#define BP(n) DBG("DBGBVR" #n "_EL1", n, 4), DBG("DBGBCR" #n "_EL1", n, 5)
#define WP(n) DBG("DBGWVR" #n "_EL1", n, 6), DBG("DBGWCR" #n "_EL1", n, 7)

const ARMSysReg arm_debug_sysregs[] = {
    BP(0), BP(1), BP(2), BP(3), BP(4), BP(5),
    WP(0), WP(1), WP(2), WP(3),
    DBG("MDCCINT_EL1", 2, 0),
};
const size_t arm_debug_sysregs_count = G_N_ELEMENTS(arm_debug_sysregs);
