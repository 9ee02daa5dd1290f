/*
 * AArch64 FPCR/FPSR bits and the descriptors that translate-fp.c.inc
 * passes to the helpers of vfp-helper.c.
 */
#ifndef TARGET_ARM_VFP_H
#define TARGET_ARM_VFP_H

#include "fpu/softfloat.h"

#define FPCR_FZ16   (1u << 19)
#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ     (1u << 24)
#define FPCR_DN     (1u << 25)
#define FPCR_AHP    (1u << 26)
/*
 * MSR FPCR keeps AHP, DN, FZ, RMode, Stride, Len, and FZ16 with FP16
 * arithmetic (isar_fpcr_mask in features.h).  FP exceptions never trap
 * here, so the trap enables are RAZ/WI (as on QEMU).
 */
/* What MSR FPSR keeps: NZCV, QC and the cumulative exception bits. */
#define FPSR_MASK   0xf800009fu

#define FPSR_IOC    (1u << 0)
#define FPSR_DZC    (1u << 1)
#define FPSR_OFC    (1u << 2)
#define FPSR_UFC    (1u << 3)
#define FPSR_IXC    (1u << 4)
#define FPSR_IDC    (1u << 7)

/* Arm rounding modes (FPCR.RMode order, then the FRINT/FCVT extras). */
enum {
    FPROUND_TIEEVEN, FPROUND_POSINF, FPROUND_NEGINF, FPROUND_ZERO,
    FPROUND_TIEAWAY, FPROUND_EXACT, FPROUND_CURRENT,
};

/* ftype field encodings. */
enum { FTYPE_S = 0, FTYPE_D = 1, FTYPE_H = 3 };

/* Helper descriptors. */
#define FP_DBL      (1u << 4)
#define FP_HALF     (1u << 7)       /* FEAT_FP16: half-precision operands */
#define FP_SIGNAL   (1u << 5)       /* fp_cmp: FCMPE */
enum { FP2_MUL, FP2_DIV, FP2_ADD, FP2_SUB, FP2_MAX, FP2_MIN, FP2_MAXNM,
       FP2_MINNM, FP2_NMUL };
enum { FP1_SQRT = 3, FP1_RINT = 8 };    /* FP1_RINT + FPROUND_* */
#define FP_CVT_RM_SHIFT     0       /* bits 2:0: FPROUND_* */
#define FP_CVT_UNSIGNED     (1u << 5)
#define FP_CVT_SF           (1u << 6)
#define FP_CVT_FBITS_SHIFT  8

/* float_status from FPCR; FPSR |= the flags s raised. */
void arm_fp_status(CPUARMState *env, float_status *s);
void arm_fp_flags(CPUARMState *env, const float_status *s);
/*
 * The same for half-precision arithmetic: FZ16 instead of FZ, and a
 * flushed half input does not set IDC.
 */
void arm_fp16_status(CPUARMState *env, float_status *s);
void arm_fp16_flags(CPUARMState *env, float_status *s);

/*
 * Start s with inexact set when FPSR.IXC already is: FPSR ends the same,
 * and softfloat may then use the host FPU (fpu/hardfloat.h).  Only for
 * helpers that merely OR s's flags into FPSR, never for ones that read
 * them to compute a result.
 */
static inline void arm_fp_seed_inexact(CPUARMState *env, float_status *s)
{
    if (env->fpsr & FPSR_IXC) {
        s->flags |= float_flag_inexact;
    }
}

#endif
