/*
 * The optional A64 instruction-set features, read from a CPU model's ID
 * registers: an instruction whose feature field is zero is UNDEFINED.
 */
#ifndef TARGET_ARM_FEATURES_H
#define TARGET_ARM_FEATURES_H

#include "cpu.h"

static inline unsigned isar_field(uint64_t reg, int shift)
{
    return (reg >> shift) & 0xf;
}

/* ID_AA64PFR0.FP == 1: half-precision arithmetic (FEAT_FP16). */
static inline bool isar_fp16(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64pfr0, 16) == 1;
}

/* ID_AA64ISAR0.RDM: SQRDMLAH, SQRDMLSH (FEAT_RDM). */
static inline bool isar_rdm(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar0, 28) != 0;
}

/* ID_AA64ISAR0.DP: SDOT, UDOT (FEAT_DotProd). */
static inline bool isar_dotprod(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar0, 44) != 0;
}

/* ID_AA64ISAR0.FHM: FMLAL, FMLSL (FEAT_FHM). */
static inline bool isar_fhm(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar0, 48) != 0;
}

/* ID_AA64ISAR1.JSCVT: FJCVTZS (FEAT_JSCVT). */
static inline bool isar_jscvt(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 12) != 0;
}

/* ID_AA64ISAR1.FCMA: FCMLA, FCADD (FEAT_FCMA). */
static inline bool isar_fcma(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 16) != 0;
}

/* ID_AA64ISAR1.FRINTTS: FRINT32Z/32X/64Z/64X (FEAT_FRINTTS). */
static inline bool isar_frintts(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 32) != 0;
}

/* ID_AA64ISAR1.BF16: BFCVT, BFCVTN, BFDOT, BFMMLA, BFMLALB/T (FEAT_BF16). */
static inline bool isar_bf16(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 44) != 0;
}

/* ID_AA64ISAR1.I8MM: USDOT, SUDOT, SMMLA, UMMLA, USMMLA (FEAT_I8MM). */
static inline bool isar_i8mm(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 52) != 0;
}

/* ID_AA64ISAR1.APA or API: the address keys of FEAT_PAuth. */
static inline bool isar_pauth(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 4) || isar_field(id->id_aa64isar1, 8);
}

/* ID_AA64ISAR1.GPA or GPI: PACGA. */
static inline bool isar_pauth_ga(const ARMISARegisters *id)
{
    return isar_field(id->id_aa64isar1, 24) ||
           isar_field(id->id_aa64isar1, 28);
}

/* FPCR bits an MSR keeps: FZ16 only with FEAT_FP16. */
static inline uint32_t isar_fpcr_mask(const ARMISARegisters *id)
{
    return 0x07f70000u | (isar_fp16(id) ? 1u << 19 : 0);
}

#endif
