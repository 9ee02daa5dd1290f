/*
 * Advanced SIMD integer forms that run lane by lane in C (saturating,
 * rounding, halving, widening, narrowing, pairwise-long, insert shifts and
 * the scalar forms): the operations and descriptors that
 * translate-simdint.c.inc passes to helper_simdint (simdint-helper.c).
 */
#ifndef TARGET_ARM_SIMDINT_H
#define TARGET_ARM_SIMDINT_H

enum {
    /* Same width, d[i] = op(n[i], m[i] or m[index], d[i]). */
    SI_HADD, SI_RHADD, SI_HSUB, SI_QADD, SI_QSUB, SI_SHL, SI_RSHL, SI_QSHL,
    SI_QRSHL, SI_ABD, SI_ABA, SI_QDMULH, SI_QRDMULH, SI_ADD, SI_SUB,
    SI_CMGT, SI_CMGE, SI_CMTST, SI_CMEQ, SI_MUL, SI_MLA, SI_MLS,
    /* Same width, one source (and d). */
    SI_CLS, SI_CLZ, SI_RBIT, SI_QABS, SI_QNEG, SI_UQADD_ACC, SI_ABS, SI_NEG,
    SI_CMGT0, SI_CMGE0, SI_CMEQ0, SI_CMLE0, SI_CMLT0,
    /* Shifts by the immediate. */
    SI_SHRI, SI_SRAI, SI_RSHRI, SI_RSRAI, SI_SRI, SI_SLI, SI_SHLI, SI_QSHLI,
    SI_QSHLUI,
    /* Widening: the result elements are twice the source size. */
    SI_ADDL, SI_ADDW, SI_SUBL, SI_SUBW, SI_ABAL, SI_ABDL, SI_MLAL, SI_MLSL,
    SI_MULL, SI_QDMULL, SI_QDMLAL, SI_QDMLSL, SI_SHLL, SI_ADDLP, SI_ADALP,
    /* Narrowing: the sources are twice the result size. */
    SI_ADDHN, SI_RADDHN, SI_SUBHN, SI_RSUBHN, SI_QXTN, SI_QXTUN, SI_QSHRN,
    SI_QRSHRN, SI_QSHRUN, SI_QRSHRUN,
};
#define SI_FIRST_UNARY  SI_CLS
#define SI_FIRST_WIDE   SI_ADDL
#define SI_FIRST_NARROW SI_ADDHN

/* regs: rd | rn << 5 | rm << 10 | index << 15 | SI_BY_ELEM. */
#define SI_BY_ELEM      (1u << 18)

/* desc: op | size << 7 (of the narrow elements) | flags | imm. */
#define SI_OP_MASK      0x7f
#define SI_SIZE_SHIFT   7
#define SI_Q            (1u << 9)
#define SI_SCALAR       (1u << 10)
#define SI_U            (1u << 11)
#define SI_IMM_SHIFT    12          /* 7 bits: shift amount */

#endif
