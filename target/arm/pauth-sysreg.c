/*
 * The FEAT_PAuth key registers APIAKeyLo_EL1 .. APGAKeyHi_EL1: EL1 only,
 * and UNDEFINED on a model without pointer authentication.
 */
#include "kemu/osdep.h"
#include "sysreg.h"
#include "pauth.h"
#include "features.h"

/* CRm 1: IA (op2 0, 1), IB (2, 3); CRm 2: DA, DB; CRm 3: GA.  Odd: Hi. */
static uint64_t *key_half(CPUARMState *env, const ARMSysReg *ri)
{
    ARMPACKey *k = &env->pac_keys[(ri->crm - 1) * 2 + (ri->op2 >> 1)];

    return ri->op2 & 1 ? &k->hi : &k->lo;
}

static uint64_t key_read(CPUARMState *env, const ARMSysReg *ri)
{
    return *key_half(env, ri);
}

static void key_write(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    *key_half(env, ri) = val;
    env->pac_key_gen++;
}

static bool key_check(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return isar_pauth(&env_archcpu(env)->isar);
}

#define KEY(name, crm, op2)                                             \
    { name, 3, 0, 2, crm, op2, SR_PL1_RW, SR_FUNC, .read = key_read,    \
      .write = key_write, .check = key_check, .lockless = true }

const ARMSysReg arm_pauth_sysregs[] = {
    KEY("APIAKeyLo_EL1", 1, 0), KEY("APIAKeyHi_EL1", 1, 1),
    KEY("APIBKeyLo_EL1", 1, 2), KEY("APIBKeyHi_EL1", 1, 3),
    KEY("APDAKeyLo_EL1", 2, 0), KEY("APDAKeyHi_EL1", 2, 1),
    KEY("APDBKeyLo_EL1", 2, 2), KEY("APDBKeyHi_EL1", 2, 3),
    KEY("APGAKeyLo_EL1", 3, 0), KEY("APGAKeyHi_EL1", 3, 1),
};
const size_t arm_pauth_sysregs_count = G_N_ELEMENTS(arm_pauth_sysregs);
