/*
 * FEAT_BF16: the operations and descriptors translate-bf16.c.inc passes
 * to helper_bf16 (bf16-helper.c).
 */
#ifndef TARGET_ARM_BF16_H
#define TARGET_ARM_BF16_H

enum {
    BF_CVT,         /* BFCVT Hd, Sn */
    BF_CVTN,        /* BFCVTN, BFCVTN2 (BF_Q) */
    BF_DOT,         /* BFDOT */
    BF_MMLA,        /* BFMMLA */
    BF_MLAL,        /* BFMLALB, BFMLALT (BF_Q) */
};

/* regs: rd | rn << 5 | rm << 10 | index << 15. */
#define BF_OP_MASK  7
#define BF_Q        (1u << 3)   /* 128-bit vector; BFCVTN2; BFMLALT */
#define BF_ELEM     (1u << 4)   /* by element: Vm's element index */

#endif
