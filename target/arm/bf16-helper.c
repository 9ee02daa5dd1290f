/*
 * FEAT_BF16 (translate-bf16.c.inc), as QEMU 7.2's max computes it
 * (no FEAT_EBF16): BFCVT, BFCVTN and BFMLALB/T round as FPCR says and
 * raise FPSR flags; BFDOT and BFMMLA ignore FPCR and FPSR and round to
 * odd (overflowing to infinity), flush denormal inputs and outputs to
 * zero and give the default NaN.  All sources are read before Vd is
 * written.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "vfp.h"
#include "bf16.h"
#include "tcg/helper-proto.h"
#include "helper.h"

typedef union BfReg {
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} BfReg;

static uint16_t bf16_nan(uint32_t a, float_status *s)
{
    if (!(a & 0x00400000)) {
        s->flags |= float_flag_invalid;     /* signalling */
    }
    return s->default_nan_mode ? 0x7fc0 : (a | 0x00400000) >> 16;
}

static bool round_increment(int mode, bool sign, uint32_t mag, uint32_t rest)
{
    switch (mode) {
    case float_round_nearest_even:
        return rest > 0x8000 || (rest == 0x8000 && (mag & 1));
    case float_round_ties_away:
        return rest >= 0x8000;
    case float_round_up:
        return !sign;
    case float_round_down:
        return sign;
    default:
        return false;
    }
}

/* A single rounded to bfloat16 (same exponent range, 7 fraction bits). */
static uint16_t round_to_bf16(uint32_t a, float_status *s)
{
    uint32_t exp = (a >> 23) & 0xff, sign = (a >> 16) & 0x8000;
    uint32_t mag = (a >> 16) & 0x7fff, rest = a & 0xffff;
    bool inc;

    if (exp == 0xff && (a & 0x7fffff)) {
        return bf16_nan(a, s);
    }
    if (exp == 0 && (a & 0x7fffff) && s->flush_inputs_to_zero) {
        s->flags |= float_flag_input_denormal;
        return sign;
    }
    if (exp == 0xff || !rest) {
        return a >> 16;                     /* infinity, or exact */
    }
    inc = round_increment(s->rounding_mode, sign, mag, rest);
    if (exp == 0 && (s->tininess_before_rounding || mag + inc < 0x80)) {
        s->flags |= float_flag_underflow;
    }
    mag += inc;
    if (mag >= 0x7f80) {
        int mode = s->rounding_mode;
        bool to_inf = mode == float_round_nearest_even ||
                      mode == float_round_ties_away ||
                      (mode == float_round_up && !sign) ||
                      (mode == float_round_down && sign);
        s->flags |= float_flag_overflow | float_flag_inexact;
        return sign | (to_inf ? 0x7f80 : 0x7f7f);
    }
    s->flags |= float_flag_inexact;
    return sign | mag;
}

/*
 * Round to odd by rounding toward zero and setting the last bit of an
 * inexact result; an overflow gives infinity.
 */
static float_status odd_status(void)
{
    return (float_status){
        .rounding_mode = float_round_to_zero,
        .nan_prop = float_nan_prop_snan_first,
        .flush_to_zero = true,
        .flush_inputs_to_zero = true,
        .default_nan_mode = true,
        .tininess_before_rounding = true,
    };
}

static uint32_t to_odd(uint32_t r, const float_status *s)
{
    if (s->flags & float_flag_overflow) {
        return (r & 0x80000000u) | 0x7f800000u;
    }
    return s->flags & float_flag_inexact ? r | 1 : r;
}

static uint32_t odd_mul(uint32_t a, uint32_t b)
{
    float_status s = odd_status();

    return to_odd(float32_mul(a, b, &s), &s);
}

static uint32_t odd_add(uint32_t a, uint32_t b)
{
    float_status s = odd_status();

    return to_odd(float32_add(a, b, &s), &s);
}

/* sum + n.lo * m.lo + n.hi * m.hi of two pairs of bfloat16. */
static uint32_t bfdotadd(uint32_t sum, uint32_t n, uint32_t m)
{
    uint32_t lo = odd_mul(n << 16, m << 16);
    uint32_t hi = odd_mul(n & 0xffff0000u, m & 0xffff0000u);

    return odd_add(sum, odd_add(lo, hi));
}

/* BFMMLA: the 2x4 rows of Vn times the 4x2 columns (rows of Vm). */
static void bfmmla(BfReg *r, const BfReg *n, const BfReg *m)
{
    BfReg d = *r;

    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            uint32_t sum = bfdotadd(d.s[2 * i + j], n->s[2 * i], m->s[2 * j]);
            r->s[2 * i + j] = bfdotadd(sum, n->s[2 * i + 1],
                                       m->s[2 * j + 1]);
        }
    }
}

void helper_bf16(void *opaque, uint32_t regs, uint32_t desc)
{
    CPUARMState *env = opaque;
    int rd = regs & 31, rn = (regs >> 5) & 31, rm = (regs >> 10) & 31;
    int idx = (regs >> 15) & 7, lanes = desc & BF_Q ? 4 : 2;
    bool q = desc & BF_Q, elem = desc & BF_ELEM;
    BfReg n, m, r;
    float_status s;

    memcpy(&n, &env->vregs[rn], 16);
    memcpy(&m, &env->vregs[rm], 16);
    memcpy(&r, &env->vregs[rd], 16);
    arm_fp_status(env, &s);
    switch (desc & BF_OP_MASK) {
    case BF_CVT:
        r.d[0] = round_to_bf16(n.s[0], &s);
        r.d[1] = 0;
        break;
    case BF_CVTN:
        for (int i = 0; i < 4; i++) {
            r.h[(q ? 4 : 0) + i] = round_to_bf16(n.s[i], &s);
        }
        if (!q) {
            r.d[1] = 0;
        }
        break;
    case BF_DOT:
        for (int i = 0; i < lanes; i++) {
            r.s[i] = bfdotadd(r.s[i], n.s[i], m.s[elem ? idx : i]);
        }
        if (!q) {
            r.d[1] = 0;
        }
        break;
    case BF_MMLA:
        bfmmla(&r, &n, &m);
        break;
    default:    /* BF_MLAL: the even (B) or odd (T) elements */
        for (int i = 0; i < 4; i++) {
            uint32_t nn = n.h[2 * i + q], mm = m.h[elem ? idx : 2 * i + q];
            r.s[i] = float32_muladd(nn << 16, mm << 16, r.s[i], &s);
        }
        break;
    }
    memcpy(&env->vregs[rd], &r, 16);
    arm_fp_flags(env, &s);
}
