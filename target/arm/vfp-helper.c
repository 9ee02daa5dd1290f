/*
 * AArch64 scalar floating point: the helpers behind translate-fp.c.inc.
 * Each call builds a float_status from FPCR (Arm's rules: tininess before
 * rounding, SNaNs first, FMA's addend first) and ORs the exceptions it
 * raised into FPSR's cumulative bits.  Values travel zero-extended in i64.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "fpu/softfloat.h"
#include "fpu/hardfloat.h"
#include "vfp.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static const FloatRoundMode arm_rmodes[] = {
    [FPROUND_TIEEVEN] = float_round_nearest_even,
    [FPROUND_POSINF] = float_round_up,
    [FPROUND_NEGINF] = float_round_down,
    [FPROUND_ZERO] = float_round_to_zero,
    [FPROUND_TIEAWAY] = float_round_ties_away,
};

void arm_fp_status(CPUARMState *env, float_status *s)
{
    uint32_t fpcr = env->fpcr;
    bool fz = fpcr & FPCR_FZ;

    *s = (float_status) {
        .rounding_mode = arm_rmodes[(fpcr >> FPCR_RMODE_SHIFT) & 3],
        .nan_prop = float_nan_prop_snan_first,
        .flush_to_zero = fz,
        .flush_inputs_to_zero = fz,
        .default_nan_mode = fpcr & FPCR_DN,
        .tininess_before_rounding = true,
        .muladd_addend_first = true,
        .muladd_infzero_default_nan = true,
    };
}

void arm_fp_flags(CPUARMState *env, const float_status *s)
{
    uint8_t f = s->flags;
    uint32_t bits = 0;

    bits |= f & float_flag_invalid ? FPSR_IOC : 0;
    bits |= f & float_flag_divbyzero ? FPSR_DZC : 0;
    bits |= f & float_flag_overflow ? FPSR_OFC : 0;
    bits |= f & (float_flag_underflow | float_flag_output_denormal)
            ? FPSR_UFC : 0;
    bits |= f & float_flag_inexact ? FPSR_IXC : 0;
    bits |= f & float_flag_input_denormal ? FPSR_IDC : 0;
    env->fpsr |= bits;
}

void arm_fp16_status(CPUARMState *env, float_status *s)
{
    bool fz16 = env->fpcr & FPCR_FZ16;

    arm_fp_status(env, s);
    s->flush_to_zero = fz16;
    s->flush_inputs_to_zero = fz16;
}

void arm_fp16_flags(CPUARMState *env, float_status *s)
{
    s->flags &= ~float_flag_input_denormal;
    arm_fp_flags(env, s);
}

/*
 * The status for desc's precision (FP_HALF: FZ16), and back to FPSR.  The
 * helpers between them only OR the flags into FPSR: seeded.
 */
static inline void fp_begin(CPUARMState *env, float_status *s, uint32_t desc)
{
    if (desc & FP_HALF) {
        arm_fp16_status(env, s);
    } else {
        arm_fp_status(env, s);
    }
    arm_fp_seed_inexact(env, s);
}

static inline void fp_end(CPUARMState *env, float_status *s, uint32_t desc)
{
    if (desc & FP_HALF) {
        arm_fp16_flags(env, s);
    } else {
        arm_fp_flags(env, s);
    }
}

#define FP_BINOPS(N)                                                        \
static uint64_t fp2op_##N(int op, float##N a, float##N b, float_status *s) \
{                                                                           \
    switch (op) {                                                           \
    case FP2_MUL: return float##N##_mul(a, b, s);                           \
    case FP2_DIV: return float##N##_div(a, b, s);                           \
    case FP2_ADD: return float##N##_add(a, b, s);                           \
    case FP2_SUB: return float##N##_sub(a, b, s);                           \
    case FP2_MAX: return float##N##_max(a, b, s);                           \
    case FP2_MIN: return float##N##_min(a, b, s);                           \
    case FP2_MAXNM: return float##N##_maxnum(a, b, s);                      \
    case FP2_MINNM: return float##N##_minnum(a, b, s);                      \
    default:                                                                \
        return float##N##_mul(a, b, s) ^ (1ull << (N - 1));   /* FNMUL */   \
    }                                                                       \
}
FP_BINOPS(16)
FP_BINOPS(32)
FP_BINOPS(64)

/* noinline: the per-op helpers' fast paths stay small. */
__attribute__((noinline))
uint64_t helper_fp_2op(void *envp, uint64_t a, uint64_t b,
                        uint32_t desc)
{
    CPUARMState *env = envp;
    float_status s;
    uint64_t r;

    fp_begin(env, &s, desc);
    r = desc & FP_DBL ? fp2op_64(desc & 0xf, a, b, &s)
        : desc & FP_HALF ? fp2op_16(desc & 0xf, a, b, &s)
        : fp2op_32(desc & 0xf, a, b, &s);
    fp_end(env, &s, desc);
    return r;
}

/*
 * FSQRT and FRINT*: desc = FP_DBL or FP_HALF | op (FP1_SQRT or
 * FP1_RINT + mode).
 */
/* noinline: the per-op helpers' fast paths stay small. */
__attribute__((noinline))
uint64_t helper_fp_1op(void *envp, uint64_t a, uint32_t desc)
{
    CPUARMState *env = envp;
    float_status s;
    uint64_t r;
    int op = desc & 0xf;
    bool dbl = desc & FP_DBL;

    fp_begin(env, &s, desc);
    if (op == FP1_SQRT) {
        r = dbl ? float64_sqrt(a, &s) : desc & FP_HALF ? float16_sqrt(a, &s)
            : float32_sqrt(a, &s);
    } else {
        int rm = op - FP1_RINT;
        bool exact = rm == FPROUND_EXACT;
        FloatRoundMode mode = rm >= FPROUND_EXACT ? s.rounding_mode
                                                  : arm_rmodes[rm];
        r = dbl ? float64_round_to_int(a, mode, exact, &s)
            : desc & FP_HALF ? float16_round_to_int(a, mode, exact, &s)
            : float32_round_to_int(a, mode, exact, &s);
    }
    fp_end(env, &s, desc);
    return r;
}

/* desc: FP_DBL or FP_HALF. */
/* noinline: the per-op helpers' fast paths stay small. */
__attribute__((noinline))
uint64_t helper_fp_fma(void *envp, uint64_t a, uint64_t b, uint64_t c,
                        uint32_t desc)
{
    CPUARMState *env = envp;
    float_status s;
    uint64_t r;

    fp_begin(env, &s, desc);
    r = desc & FP_DBL ? float64_muladd(a, b, c, &s)
        : desc & FP_HALF ? float16_muladd(a, b, c, &s)
        : float32_muladd(a, b, c, &s);
    fp_end(env, &s, desc);
    return r;
}

/*
 * Per-op helpers for the hot single and double arithmetic: the host FPU
 * when FPCR.RMode is nearest, FPCR.FZ is off and FPSR.IXC is set, with
 * no float_status built and no dispatch; otherwise the generic helper.
 * Then no input is flushed and IXC is the only flag a finite result
 * above the smallest normal can raise, so such a host result is the Arm
 * one, flags included, whatever the inputs (subnormals too: the host
 * computes them exactly).  NaNs, infinities and tiny results go to the
 * generic helper, and zeros unless the operation gives them exactly
 * (FP_HARD_OK's ZERO_OK): an exactly cancelling sum, a zero factor or
 * dividend.
 * DN cannot matter (no NaN comes out of here).  Only the result is
 * checked, so the host operation runs before any branch.
 */
static inline bool fp_hard(CPUARMState *env)
{
    return !(env->fpcr & (3u << FPCR_RMODE_SHIFT | FPCR_FZ)) &&
           (env->fpsr & FPSR_IXC);
}

#define FP_HARD_OK(N, R, ZERO_OK)                                           \
    (hf##N##_in_range(R) || (hf##N##_is_zero(R) && (ZERO_OK)))

#define FP_FAST_2OP(NAME, N, SFX, OP, ZERO_OK, DESC)                        \
uint64_t helper_##NAME##_##SFX(void *envp, uint64_t a, uint64_t b)          \
{                                                                           \
    float##N r = hf_u##N(hf_f##N(a) OP hf_f##N(b));                         \
                                                                            \
    if (fp_hard(envp) && FP_HARD_OK(N, r, ZERO_OK)) {                       \
        return r;                                                           \
    }                                                                       \
    return helper_fp_2op(envp, a, b, DESC);                                 \
}
FP_FAST_2OP(fadd, 32, s, +, true, FP2_ADD)
FP_FAST_2OP(fadd, 64, d, +, true, FP2_ADD | FP_DBL)
FP_FAST_2OP(fsub, 32, s, -, true, FP2_SUB)
FP_FAST_2OP(fsub, 64, d, -, true, FP2_SUB | FP_DBL)
FP_FAST_2OP(fmul, 32, s, *, hf32_is_zero(a) || hf32_is_zero(b), FP2_MUL)
FP_FAST_2OP(fmul, 64, d, *, hf64_is_zero(a) || hf64_is_zero(b),
            FP2_MUL | FP_DBL)
FP_FAST_2OP(fdiv, 32, s, /, hf32_is_zero(a), FP2_DIV)
FP_FAST_2OP(fdiv, 64, d, /, hf64_is_zero(a), FP2_DIV | FP_DBL)

/*
 * Square root: inputs with the sign bit set (-0 included) go to the
 * generic helper before the host's sqrt, so a zero result is +0's root.
 */
#define FP_FAST_SQRT(N, SFX, H, DESC)                                       \
uint64_t helper_fsqrt_##SFX(void *envp, uint64_t a)                         \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    if (fp_hard(envp) && !(a >> (N - 1))) {                                 \
        r = hf_u##N(__builtin_sqrt##H(hf_f##N(a)));                         \
        if (FP_HARD_OK(N, r, true)) {                                       \
            return r;                                                       \
        }                                                                   \
    }                                                                       \
    return helper_fp_1op(envp, a, FP1_SQRT | DESC);                         \
}
FP_FAST_SQRT(32, s, f, 0)
FP_FAST_SQRT(64, d, , FP_DBL)

/*
 * Fused multiply-add: a zero result is exact when a factor is zero.  The
 * _fma helpers use an x86-64 host's FMA instructions (translate-fp.c.inc
 * picks them when the host has them); the others call libm's fma.  On
 * other hosts both are the same code.
 */
#define FP_FAST_MULADD(N, SFX, H, DESC, ATTR, FN)                           \
ATTR uint64_t helper_##FN(void *envp, uint64_t a, uint64_t b, uint64_t c)   \
{                                                                           \
    float##N r = hf_u##N(__builtin_fma##H(hf_f##N(a), hf_f##N(b),           \
                                          hf_f##N(c)));                     \
                                                                            \
    if (fp_hard(envp) &&                                                    \
        FP_HARD_OK(N, r, hf##N##_is_zero(a) || hf##N##_is_zero(b))) {       \
        return r;                                                           \
    }                                                                       \
    return helper_fp_fma(envp, a, b, c, DESC);                              \
}
FP_FAST_MULADD(32, s, f, 0, , fmuladd_s)
FP_FAST_MULADD(64, d, , FP_DBL, , fmuladd_d)
FP_FAST_MULADD(32, s, f, 0, HF_FMA_TARGET, fmuladd_s_fma)
FP_FAST_MULADD(64, d, , FP_DBL, HF_FMA_TARGET, fmuladd_d_fma)

/* The NZCV (bits 31:28) of FCMP/FCMPE a, b. */
uint64_t helper_fp_cmp(void *envp, uint64_t a, uint64_t b,
                        uint32_t desc)
{
    CPUARMState *env = envp;
    static const uint64_t nzcv[] = { 0x8, 0x6, 0x2, 0x3 };
    float_status s;
    FloatRelation rel;
    bool signal = desc & FP_SIGNAL;

    fp_begin(env, &s, desc);
    if (desc & FP_DBL) {
        rel = signal ? float64_compare(a, b, &s)
                     : float64_compare_quiet(a, b, &s);
    } else if (desc & FP_HALF) {
        rel = signal ? float16_compare(a, b, &s)
                     : float16_compare_quiet(a, b, &s);
    } else {
        rel = signal ? float32_compare(a, b, &s)
                     : float32_compare_quiet(a, b, &s);
    }
    fp_end(env, &s, desc);
    return nzcv[rel + 1] << 28;
}

/* FCVT between precisions: desc = from | to << 2 (ftype encodings). */
uint64_t helper_fp_cvt(void *envp, uint64_t a, uint32_t desc)
{
    CPUARMState *env = envp;
    float_status s;
    int from = desc & 3, to = desc >> 2;
    uint64_t r;

    arm_fp_status(env, &s);
    /* Half precision is never flushed here (FZ16 governs it, not FZ). */
    if (from == FTYPE_H) {
        s.flush_inputs_to_zero = false;
    }
    if (to == FTYPE_H) {
        s.flush_to_zero = false;
    }
    s.arm_alt_half = env->fpcr & FPCR_AHP;
    arm_fp_seed_inexact(env, &s);
    switch (desc) {
    case FTYPE_S | FTYPE_D << 2: r = float32_to_float64(a, &s); break;
    case FTYPE_S | FTYPE_H << 2: r = float32_to_float16(a, &s); break;
    case FTYPE_D | FTYPE_S << 2: r = float64_to_float32(a, &s); break;
    case FTYPE_D | FTYPE_H << 2: r = float64_to_float16(a, &s); break;
    case FTYPE_H | FTYPE_S << 2: r = float16_to_float32(a, &s); break;
    default: r = float16_to_float64(a, &s); break;
    }
    arm_fp_flags(env, &s);
    return r;
}

/* FCVT[NPMZA][SU] and fixed point of one precision (FP_CVT_* desc). */
#define FP_TO_INT(N)                                                        \
static uint64_t fp_to_int##N(float##N a, FloatRoundMode mode, int fbits,    \
                             uint32_t desc, float_status *s)                \
{                                                                           \
    if (desc & FP_CVT_UNSIGNED) {                                           \
        return desc & FP_CVT_SF                                             \
               ? float##N##_to_uint64_scalbn(a, mode, fbits, s)             \
               : float##N##_to_uint32_scalbn(a, mode, fbits, s);            \
    }                                                                       \
    return desc & FP_CVT_SF                                                 \
           ? (uint64_t)float##N##_to_int64_scalbn(a, mode, fbits, s)        \
           : (uint32_t)float##N##_to_int32_scalbn(a, mode, fbits, s);       \
}
FP_TO_INT(16)
FP_TO_INT(32)
FP_TO_INT(64)

/*
 * FCVTZ[SU] (integer or fixed point) of a single or double whose scaled
 * value truncates into range: the host's conversion, when FPCR.FZ is off
 * (no input is flushed: a subnormal truncates to 0, inexact) and FPSR.IXC
 * already holds the one flag it could raise.  Scaling by 2^fbits in
 * double is exact unless it overflows to infinity; infinities and NaNs
 * fail the range check.
 */
static inline bool fp_to_int_hard(CPUARMState *env, uint64_t a,
                                  uint32_t desc, uint64_t *r)
{
    bool sf = desc & FP_CVT_SF;
    uint64_t fbits = desc >> FP_CVT_FBITS_SHIFT;
    double d;

    if ((desc & (FP_HALF | 7u << FP_CVT_RM_SHIFT)) != FPROUND_ZERO ||
        (env->fpcr & FPCR_FZ) || !(env->fpsr & FPSR_IXC)) {
        return false;
    }
    d = desc & FP_DBL ? hf_f64(a) : hf_f32(a);
    d *= hf_f64((1023 + fbits) << 52);
    if (desc & FP_CVT_UNSIGNED) {
        if (!(d > -1.0 && d < (sf ? 0x1p64 : 0x1p32))) {
            return false;
        }
        *r = (uint64_t)d;
    } else {
        if (!(d >= (sf ? -0x1p63 : -0x1p31) && d < (sf ? 0x1p63 : 0x1p31))) {
            return false;
        }
        *r = sf ? (uint64_t)(int64_t)d : (uint32_t)(int32_t)d;
    }
    return true;
}

/* noinline: the host path of helper_fp_to_int needs no stack frame. */
static __attribute__((noinline))
uint64_t fp_to_int_soft(CPUARMState *env, uint64_t a, uint32_t desc)
{
    float_status s;
    FloatRoundMode mode = arm_rmodes[(desc >> FP_CVT_RM_SHIFT) & 7];
    int fbits = desc >> FP_CVT_FBITS_SHIFT;
    uint64_t r;

    fp_begin(env, &s, desc);
    r = desc & FP_DBL ? fp_to_int64(a, mode, fbits, desc, &s)
        : desc & FP_HALF ? fp_to_int16(a, mode, fbits, desc, &s)
        : fp_to_int32(a, mode, fbits, desc, &s);
    fp_end(env, &s, desc);
    return r;
}

uint64_t helper_fp_to_int(void *envp, uint64_t a, uint32_t desc)
{
    uint64_t r;

    if (fp_to_int_hard(envp, a, desc, &r)) {
        return r;
    }
    return fp_to_int_soft(envp, a, desc);
}

/*
 * SCVTF/UCVTF of single or double in round to nearest: the host's
 * conversion, which rounds once, then the exact scaling by 2^-fbits (no
 * result is subnormal: fbits <= 64).  Inexact is the only flag it can
 * raise: the host path needs FPSR.IXC set, or a value small enough to
 * convert exactly.
 */
static inline bool int_to_fp_hard(CPUARMState *env, uint64_t v,
                                  uint32_t desc, uint64_t *r)
{
    bool dbl = desc & FP_DBL, uns = desc & FP_CVT_UNSIGNED;
    uint64_t fbits = desc >> FP_CVT_FBITS_SHIFT;
    uint64_t mag = uns || (int64_t)v >= 0 ? v : -v;
    uint64_t exact = dbl ? 1ull << 53 : 1ull << 24;

    if ((desc & FP_HALF) || (env->fpcr & (3u << FPCR_RMODE_SHIFT)) ||
        (mag > exact && !(env->fpsr & FPSR_IXC))) {
        return false;
    }
    if (dbl) {
        double d = uns ? (double)v : (double)(int64_t)v;
        *r = hf_u64(d * hf_f64((1023 - fbits) << 52));
    } else {
        float f = uns ? (float)v : (float)(int64_t)v;
        *r = hf_u32(f * hf_f32((127 - fbits) << 23));
    }
    return true;
}

/* noinline: the host path of helper_int_to_fp needs no stack frame. */
static __attribute__((noinline))
uint64_t int_to_fp_soft(CPUARMState *env, uint64_t v, uint32_t desc)
{
    float_status s;
    int fbits = desc >> FP_CVT_FBITS_SHIFT;
    bool dbl = desc & FP_DBL, half = desc & FP_HALF;
    uint64_t r;

    fp_begin(env, &s, desc);
    if (desc & FP_CVT_UNSIGNED) {
        r = dbl ? uint64_to_float64_scalbn(v, fbits, &s)
            : half ? uint64_to_float16_scalbn(v, fbits, &s)
            : uint64_to_float32_scalbn(v, fbits, &s);
    } else {
        r = dbl ? int64_to_float64_scalbn(v, fbits, &s)
            : half ? int64_to_float16_scalbn(v, fbits, &s)
            : int64_to_float32_scalbn(v, fbits, &s);
    }
    fp_end(env, &s, desc);
    return r;
}

/* SCVTF/UCVTF of a value extended to 64 bits. */
uint64_t helper_int_to_fp(void *envp, uint64_t v, uint32_t desc)
{
    uint64_t r;

    if (int_to_fp_hard(envp, v, desc, &r)) {
        return r;
    }
    return int_to_fp_soft(envp, v, desc);
}
