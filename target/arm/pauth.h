/*
 * FEAT_PAuth (pointer authentication, -cpu max): the QARMA5 block cipher
 * of the Arm ARM's ComputePAC, and AddPAC, Auth and Strip on the EL1&0
 * regime.  Without FEAT_PAuth2/FPAC, as QEMU 7.2's max (ID_AA64ISAR1.APA
 * = GPA = 1): a failed Auth returns the pointer with an error code in
 * its top bits, and the fault comes from using it.
 */
#ifndef TARGET_ARM_PAUTH_H
#define TARGET_ARM_PAUTH_H

#include "cpu.h"

/* CPUARMState.pac_keys[], in the order of the key registers. */
enum {
    PAUTH_KEY_IA,
    PAUTH_KEY_IB,
    PAUTH_KEY_DA,
    PAUTH_KEY_DB,
    PAUTH_KEY_GA,
    PAUTH_NKEYS,
};

/* SCTLR_EL1 enables of the IA, IB, DA and DB keys. */
#define SCTLR_EnIA  (1u << 31)
#define SCTLR_EnIB  (1u << 30)
#define SCTLR_EnDA  (1u << 27)
#define SCTLR_EnDB  (1u << 13)

/* ComputePAC: QARMA5 of data, tweaked by modifier; key0 = Hi, key1 = Lo. */
uint64_t pauth_compute_pac(uint64_t data, uint64_t modifier, uint64_t key0,
                           uint64_t key1);

/*
 * AddPAC and Auth with key (PAUTH_KEY_IA..DB) under TCR_EL1, as the
 * PAC/AUT instructions do when the key is enabled in SCTLR_EL1.
 */
uint64_t pauth_add(CPUARMState *env, uint64_t ptr, uint64_t modifier,
                   int key);
uint64_t pauth_auth(CPUARMState *env, uint64_t ptr, uint64_t modifier,
                    int key);
/* Strip: ptr without its PAC field (data: TBI of data addresses). */
uint64_t pauth_strip(CPUARMState *env, uint64_t ptr, bool data);

#endif
