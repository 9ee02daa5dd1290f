/*
 * Advanced SIMD floating point: the operations and descriptors that
 * translate-simdfp.c.inc passes to helper_simdfp (simdfp-helper.c).
 */
#ifndef TARGET_ARM_SIMDFP_H
#define TARGET_ARM_SIMDFP_H

enum {
    /* d[i] = op(n[i], m[i] or m[index]); MLA/MLS accumulate into d[i]. */
    SFP_ADD, SFP_SUB, SFP_MUL, SFP_DIV, SFP_MAX, SFP_MIN, SFP_MAXNM,
    SFP_MINNM, SFP_MULX, SFP_ABD, SFP_CMEQ, SFP_CMGE, SFP_CMGT, SFP_ACGE,
    SFP_ACGT, SFP_RECPS, SFP_RSQRTS, SFP_MLA, SFP_MLS,
    /* d[i] = op(n[i]); RINT/CVT_* take the rounding mode, CVT/xCVTF fbits */
    SFP_ABS, SFP_NEG, SFP_SQRT, SFP_RINT, SFP_CVT_S, SFP_CVT_U, SFP_SCVTF,
    SFP_UCVTF, SFP_CMGT0, SFP_CMGE0, SFP_CMEQ0, SFP_CMLE0, SFP_CMLT0,
    /* Estimates (FRECPE FRSQRTE URECPE URSQRTE) and FRECPX. */
    SFP_RECPE, SFP_RSQRTE, SFP_URECPE, SFP_URSQRTE, SFP_RECPX,
    /* Width changes: FCVTL(2) widens, FCVTN(2)/FCVTXN(2) narrow. */
    SFP_CVTL, SFP_CVTN, SFP_CVTXN,
};

/* regs: rd | rn << 5 | rm << 10 | index << 15 (SFP_BY_ELEM). */
#define SFP_BY_ELEM     (1u << 18)

/* desc bits. */
#define SFP_OP_MASK     0x3f
#define SFP_DBL         (1u << 6)   /* 64-bit elements (the wide ones) */
#define SFP_Q           (1u << 7)   /* 128-bit vector, or FCVTL2/FCVTN2 */
#define SFP_SCALAR      (1u << 8)   /* one element, the rest of Vd zeroed */
#define SFP_PAIR        (1u << 9)   /* pairwise over Vn:Vm (or Vn) */
#define SFP_ACROSS      (1u << 10)  /* reduce Vn to a scalar */
#define SFP_RM_SHIFT    11          /* 3 bits: FPROUND_* */
#define SFP_FBITS_SHIFT 14          /* 7 bits: fixed-point fraction bits */
#define SFP_HALF        (1u << 21)  /* 16-bit elements (FEAT_FP16) */

#endif
