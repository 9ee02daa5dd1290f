/*
 * Armv8.1-8.5 Advanced SIMD and FP extensions: the operations and
 * descriptors that translate-simdext.c.inc passes to helper_simdext
 * (simdext-helper.c).
 */
#ifndef TARGET_ARM_SIMDEXT_H
#define TARGET_ARM_SIMDEXT_H

enum {
    SX_RDMLAH, SX_RDMLSH,       /* FEAT_RDM: SQRDMLAH, SQRDMLSH */
    SX_SDOT, SX_UDOT,           /* FEAT_DotProd */
    SX_FCMLA, SX_FCADD,         /* FEAT_FCMA: desc's rotation */
    SX_FMLAL, SX_FMLSL,         /* FEAT_FHM: SX_HI for FMLAL2, FMLSL2 */
    SX_FRINT32, SX_FRINT64,     /* FEAT_FRINTTS: desc's rounding mode */
    SX_USDOT, SX_SUDOT,         /* FEAT_I8MM: mixed-sign dot products */
    SX_SMMLA, SX_UMMLA, SX_USMMLA,  /* FEAT_I8MM: 2x8 by 8x2 matrices */
};

/* regs: rd | rn << 5 | rm << 10 | index << 15 (SX_BY_ELEM). */
#define SX_BY_ELEM      (1u << 18)

/* desc bits. */
#define SX_OP_MASK      0x1f
#define SX_ESZ_SHIFT    5           /* 2 bits: log2 element bytes */
#define SX_Q            (1u << 7)   /* 128-bit vector */
#define SX_SCALAR       (1u << 8)   /* one element, the rest of Vd zeroed */
#define SX_HI           (1u << 9)   /* FMLAL2/FMLSL2: the high halves */
#define SX_ROT_SHIFT    10          /* 2 bits: FCMLA #rot/90; FCADD 0 #90, 1 #270 */
#define SX_RM_SHIFT     12          /* 3 bits: FPROUND_* (FRINT32/64) */

#endif
