/*
 * Advanced SIMD floating point (vector, scalar-in-SIMD, by element,
 * pairwise, across lanes): one helper call per instruction that runs the
 * scalar softfloat operation on every lane with the FPCR rounding, FZ and
 * DN of vfp-helper.c's arm_fp_status, and ORs the lanes' exceptions into
 * FPSR.  All sources are read before Vd is written (so Vd may alias).
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "vfp.h"
#include "simdfp.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static const FloatRoundMode sfp_rmodes[] = {
    [FPROUND_TIEEVEN] = float_round_nearest_even,
    [FPROUND_POSINF] = float_round_up,
    [FPROUND_NEGINF] = float_round_down,
    [FPROUND_ZERO] = float_round_to_zero,
    [FPROUND_TIEAWAY] = float_round_ties_away,
};

/*
 * The estimate tables of FRECPE/URECPE and FRSQRTE/URSQRTE, computed:
 * a 9-bit input with its top bit set (256..511), or 128..511 for the
 * square root, gives a 9-bit estimate (256..511).
 */
static int recip_estimate(int a)
{
    a = a * 2 + 1;
    return ((1 << 19) / a + 1) / 2;
}

static int rsqrt_estimate(int a)
{
    int b = 512;

    a = a < 256 ? a * 2 + 1 : ((a & ~1) + 1) * 2;
    while (a * (b + 1) * (b + 1) < (1 << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

/*
 * FRECPE and FRSQRTE on a finite, nonzero, positive-for-rsqrt value with
 * biased exponent *exp and a 52-bit fraction (singles shifted up by 29):
 * returns the result's 52-bit fraction and sets *exp to its exponent.
 */
static uint64_t recip_frac(int *exp, int exp_off, uint64_t frac)
{
    int rexp;

    if (*exp == 0) {        /* subnormal: normalize by one or two bits */
        if (!(frac >> 51 & 1)) {
            *exp = -1;
            frac <<= 2;
        } else {
            frac <<= 1;
        }
    }
    rexp = exp_off - *exp;
    frac = (uint64_t)(recip_estimate(256 | (frac >> 44 & 0xff)) & 0xff) << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    *exp = rexp;
    return frac & ((1ull << 52) - 1);
}

static uint64_t rsqrt_frac(int *exp, int exp_off, uint64_t frac)
{
    int scaled;

    if (*exp == 0) {
        while (!(frac >> 51 & 1)) {
            frac <<= 1;
            (*exp)--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    scaled = *exp & 1 ? 128 | (frac >> 45 & 0x7f) : 256 | (frac >> 44 & 0xff);
    *exp = (exp_off - *exp) / 2;
    return (uint64_t)(rsqrt_estimate(scaled) & 0xff) << 44;
}

/* Whether a too-large FRECPE result is infinity (else the max normal). */
static bool overflow_to_inf(const float_status *s, bool neg)
{
    switch (s->rounding_mode) {
    case float_round_nearest_even: return true;
    case float_round_up: return !neg;
    case float_round_down: return neg;
    default: return false;
    }
}

/* FCVT*S/U to integers as wide as the lanes (saturating, invalid). */
static float64 sfp_cvt64(float64 a, bool uns, FloatRoundMode rm, int fbits,
                         float_status *s)
{
    return uns ? float64_to_uint64_scalbn(a, rm, fbits, s)
               : (float64)float64_to_int64_scalbn(a, rm, fbits, s);
}

static float32 sfp_cvt32(float32 a, bool uns, FloatRoundMode rm, int fbits,
                         float_status *s)
{
    return uns ? float32_to_uint32_scalbn(a, rm, fbits, s)
               : (float32)float32_to_int32_scalbn(a, rm, fbits, s);
}

/*
 * Through 32 bits (a half times 2^16 fits in them), then saturated to 16:
 * a saturated result raises invalid only, as a direct conversion would.
 */
static float16 sfp_cvt16(float16 a, bool uns, FloatRoundMode rm, int fbits,
                         float_status *s)
{
    float_status t = *s;
    int64_t v, lo = uns ? 0 : INT16_MIN, hi = uns ? UINT16_MAX : INT16_MAX;

    t.flags = 0;
    v = uns ? (int64_t)float16_to_uint32_scalbn(a, rm, fbits, &t)
            : (int64_t)float16_to_int32_scalbn(a, rm, fbits, &t);
    if (v < lo || v > hi) {
        s->flags |= float_flag_invalid;
        return v < lo ? lo : hi;
    }
    s->flags |= t.flags;
    return v;
}

/*
 * Per-size lane operations: N is 16, 32 or 64, E the exponent width.  A
 * subnormal input read as zero under FZ (for the special cases that
 * look at zeros before softfloat does) raises IDC like softfloat would.
 */
#define SFP_LANE_OPS(N, E)                                                  \
static float##N sfp_flush##N(float##N a, float_status *s)                   \
{                                                                           \
    float##N exp = a & (((1ull << E) - 1) << (N - 1 - E));                  \
                                                                            \
    if (s->flush_inputs_to_zero && !exp && (float##N)(a << 1)) {            \
        s->flags |= float_flag_input_denormal;                              \
        return a & (1ull << (N - 1));                                       \
    }                                                                       \
    return a;                                                               \
}                                                                           \
                                                                            \
static bool sfp_is_inf##N(float##N a)                                       \
{                                                                           \
    return (float##N)(a << 1) == (float##N)(((1ull << E) - 1) << (N - E));  \
}                                                                           \
                                                                            \
static bool sfp_is_zero##N(float##N a)                                      \
{                                                                           \
    return !(float##N)(a << 1);                                             \
}                                                                           \
                                                                            \
/* Exponent field strictly between 1 and all-ones: halving it is exact. */ \
static bool sfp_can_halve##N(float##N a)                                    \
{                                                                           \
    uint64_t exp = (a >> (N - 1 - E)) & ((1ull << E) - 1);                  \
                                                                            \
    return exp > 1 && exp < (1ull << E) - 1;                                \
}                                                                           \
                                                                            \
/* FRECPS: 2 - n * m; FRSQRTS: (3 - n * m) / 2; one rounding each. */      \
static float##N sfp_step##N(bool rsqrt, float##N a, float##N b,             \
                            float_status *s)                                \
{                                                                           \
    float##N sign = (float##N)1 << (N - 1);                                 \
    float##N two = (float##N)1 << (N - 1 - 1);  /* 2.0: exponent bias + 1 */ \
    float##N one_half = ((float##N)((1ull << (E - 1)) - 1) << (N - 1 - E)) \
                        | ((float##N)1 << (N - 1 - E - 1));                 \
                                                                            \
    a = sfp_flush##N(a ^ sign, s);                                          \
    b = sfp_flush##N(b, s);                                                 \
    if ((sfp_is_inf##N(a) && sfp_is_zero##N(b)) ||                          \
        (sfp_is_zero##N(a) && sfp_is_inf##N(b))) {                          \
        return rsqrt ? one_half : two;                                      \
    }                                                                       \
    if (!rsqrt) {                                                           \
        return float##N##_muladd(a, b, two, s);                             \
    }                                                                       \
    if (float##N##_is_any_nan(a) || float##N##_is_any_nan(b)) {             \
        return float##N##_muladd(a, b, one_half, s);                        \
    }                                                                       \
    if (sfp_can_halve##N(a)) {                                              \
        a -= (float##N)1 << (N - 1 - E);                                    \
    } else if (sfp_can_halve##N(b)) {                                       \
        b -= (float##N)1 << (N - 1 - E);                                    \
    } else {                                                                \
        /* Both tiny or special: 3 - n * m halves exactly. */               \
        float##N r = float##N##_muladd(a, b, two + ((float##N)1 <<          \
                                        (N - 1 - E - 1)), s);               \
        return float##N##_is_any_nan(r) || sfp_is_inf##N(r) ? r             \
               : r - ((float##N)1 << (N - 1 - E));                          \
    }                                                                       \
    return float##N##_muladd(a, b, one_half, s);                            \
}                                                                           \
                                                                            \
static float##N sfp_mulx##N(float##N a, float##N b, float_status *s)        \
{                                                                           \
    float##N sign = (a ^ b) & ((float##N)1 << (N - 1));                     \
                                                                            \
    a = sfp_flush##N(a, s);                                                 \
    b = sfp_flush##N(b, s);                                                 \
    if ((sfp_is_inf##N(a) && sfp_is_zero##N(b)) ||                          \
        (sfp_is_zero##N(a) && sfp_is_inf##N(b))) {                          \
        return sign | (float##N)1 << (N - 1 - 1);       /* +-2.0 */         \
    }                                                                       \
    return float##N##_mul(a, b, s);                                         \
}                                                                           \
                                                                            \
/* FRECPE, FRSQRTE, FRECPX: M is the fraction width. */                     \
static float##N sfp_estimate##N(int op, float##N a, float_status *s)        \
{                                                                           \
    const int M = N - 1 - E, emax = (1 << E) - 1;                           \
    float##N sign = a & ((float##N)1 << (N - 1));                           \
    uint64_t frac;                                                          \
    int exp;                                                                \
                                                                            \
    a = sfp_flush##N(a, s);                                                 \
    exp = (a >> M) & emax;                                                  \
    if (float##N##_is_any_nan(a)) {                                         \
        return float##N##_add(a, a, s);     /* quiet it, or default NaN */  \
    }                                                                       \
    if (op == SFP_RECPX) {                                                  \
        return sign | (float##N)(exp ? ~exp & emax : emax - 1) << M;        \
    }                                                                       \
    if (sfp_is_zero##N(a)) {                                                \
        s->flags |= float_flag_divbyzero;                                   \
        return sign | (float##N)emax << M;                                  \
    }                                                                       \
    if (op == SFP_RSQRTE && sign) {                                         \
        s->flags |= float_flag_invalid;                                     \
        return float##N##_default_nan(s);                                   \
    }                                                                       \
    if (sfp_is_inf##N(a)) {                                                 \
        return op == SFP_RSQRTE ? 0 : sign;                                 \
    }                                                                       \
    if (op == SFP_RECPE && (float##N)(a << 1) < (float##N)1 << (M - 1)) {   \
        /* |a| < 2^-(bias + 1): the reciprocal overflows */                 \
        s->flags |= float_flag_overflow | float_flag_inexact;               \
        return sign | (overflow_to_inf(s, sign) ? (float##N)emax << M       \
                       : ((float##N)emax << M) - 1);                        \
    }                                                                       \
    if (op == SFP_RECPE && exp >= emax - 2 && s->flush_to_zero) {           \
        s->flags |= float_flag_underflow;                                   \
        return sign;                                                        \
    }                                                                       \
    frac = (uint64_t)(a & (((float##N)1 << M) - 1)) << (52 - M);            \
    frac = op == SFP_RECPE ? recip_frac(&exp, 2 * (emax >> 1) - 1, frac)    \
                           : rsqrt_frac(&exp, 3 * (emax >> 1) - 1, frac);   \
    return sign | (float##N)(exp & emax) << M | frac >> (52 - M);           \
}                                                                           \
                                                                            \
static float##N sfp_mask##N(bool cond)                                      \
{                                                                           \
    return cond ? (float##N)-1 : 0;                                         \
}                                                                           \
                                                                            \
static float##N sfp_lane##N(int op, uint32_t desc, float##N n, float##N m, \
                            float##N d, float_status *s)                    \
{                                                                           \
    float##N abs = (float##N)~((float##N)1 << (N - 1));                      \
    int rmi = (desc >> SFP_RM_SHIFT) & 7;                                   \
    FloatRoundMode rm = rmi < FPROUND_EXACT ? sfp_rmodes[rmi]               \
                                            : s->rounding_mode;             \
    int fbits = desc >> SFP_FBITS_SHIFT & 0x7f, rel;                        \
                                                                            \
    switch (op) {                                                           \
    case SFP_ADD: return float##N##_add(n, m, s);                           \
    case SFP_SUB: return float##N##_sub(n, m, s);                           \
    case SFP_MUL: return float##N##_mul(n, m, s);                           \
    case SFP_DIV: return float##N##_div(n, m, s);                           \
    case SFP_MAX: return float##N##_max(n, m, s);                           \
    case SFP_MIN: return float##N##_min(n, m, s);                           \
    case SFP_MAXNM: return float##N##_maxnum(n, m, s);                      \
    case SFP_MINNM: return float##N##_minnum(n, m, s);                      \
    case SFP_MULX: return sfp_mulx##N(n, m, s);                             \
    case SFP_ABD: return float##N##_sub(n, m, s) & abs;                     \
    case SFP_CMEQ:                                                          \
        return sfp_mask##N(float##N##_compare_quiet(n, m, s) ==             \
                           float_relation_equal);                           \
    case SFP_CMGE: case SFP_CMGT: case SFP_ACGE: case SFP_ACGT:             \
        if (op >= SFP_ACGE) {                                               \
            n &= abs;                                                       \
            m &= abs;                                                       \
        }                                                                   \
        rel = float##N##_compare(n, m, s);                                  \
        return sfp_mask##N(rel == float_relation_greater ||                 \
                           ((op == SFP_CMGE || op == SFP_ACGE) &&           \
                            rel == float_relation_equal));                  \
    case SFP_RECPS: case SFP_RSQRTS:                                        \
        return sfp_step##N(op == SFP_RSQRTS, n, m, s);                      \
    case SFP_MLA: return float##N##_muladd(n, m, d, s);                     \
    case SFP_MLS:                                                           \
        return float##N##_muladd(n ^ ((float##N)1 << (N - 1)), m, d, s);    \
    case SFP_ABS: return n & abs;                                           \
    case SFP_NEG: return n ^ ((float##N)1 << (N - 1));                      \
    case SFP_SQRT: return float##N##_sqrt(n, s);                            \
    case SFP_RINT:                                                          \
        return float##N##_round_to_int(n, rm, rmi == FPROUND_EXACT, s);     \
    case SFP_CVT_S: case SFP_CVT_U:                                         \
        return sfp_cvt##N(n, op == SFP_CVT_U, rm, fbits, s);                \
    case SFP_SCVTF:                                                         \
        return int64_to_float##N##_scalbn(N == 64 ? (int64_t)n              \
                                          : N == 32 ? (int64_t)(int32_t)n   \
                                          : (int64_t)(int16_t)n, fbits, s); \
    case SFP_UCVTF: return uint64_to_float##N##_scalbn(n, fbits, s);        \
    case SFP_RECPE: case SFP_RSQRTE: case SFP_RECPX:                        \
        return sfp_estimate##N(op, n, s);                                   \
    case SFP_URECPE:                                                        \
        return n >> 31 & 1 ? (float##N)recip_estimate(n >> 23 & 0x1ff) << 23 \
                           : (float##N)0xffffffff;                          \
    case SFP_URSQRTE:                                                       \
        return n >> 30 & 3 ? (float##N)rsqrt_estimate(n >> 23 & 0x1ff) << 23 \
                           : (float##N)0xffffffff;                          \
    case SFP_CMEQ0:                                                         \
        return sfp_mask##N(float##N##_compare_quiet(n, 0, s) ==             \
                           float_relation_equal);                           \
    default:    /* CMGT0 CMGE0 CMLE0 CMLT0: signalling compares with 0 */   \
        rel = float##N##_compare(n, 0, s);                                  \
        if (rel == float_relation_unordered) {                              \
            return 0;                                                       \
        }                                                                   \
        return sfp_mask##N(op == SFP_CMGT0 ? rel > 0 : op == SFP_CMGE0      \
                           ? rel >= 0 : op == SFP_CMLE0 ? rel <= 0          \
                           : rel < 0);                                      \
    }                                                                       \
}
SFP_LANE_OPS(16, 5)
SFP_LANE_OPS(32, 8)
SFP_LANE_OPS(64, 11)

typedef union SfpReg {
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} SfpReg;

/* Lane i of r with 2^esz-byte elements. */
static uint64_t get_lane(const SfpReg *r, int i, int esz)
{
    return esz == 3 ? r->d[i] : esz == 2 ? r->s[i] : r->h[i];
}

static void set_lane(SfpReg *r, int i, int esz, uint64_t v)
{
    if (esz == 3) {
        r->d[i] = v;
    } else if (esz == 2) {
        r->s[i] = v;
    } else {
        r->h[i] = v;
    }
}

static uint64_t sfp_lane(int op, uint32_t desc, uint64_t n, uint64_t m,
                         uint64_t d, float_status *s)
{
    return desc & SFP_DBL ? sfp_lane64(op, desc, n, m, d, s)
           : desc & SFP_HALF ? sfp_lane16(op, desc, n, m, d, s)
           : sfp_lane32(op, desc, n, m, d, s);
}

/* FMAXV and friends: pairs first, then pairs of the results. */
static uint64_t sfp_reduce(int op, uint32_t desc, const SfpReg *n, int first,
                           int count, int esz, float_status *s)
{
    uint64_t lo, hi;

    if (count == 1) {
        return get_lane(n, first, esz);
    }
    lo = sfp_reduce(op, desc, n, first, count / 2, esz, s);
    hi = sfp_reduce(op, desc, n, first + count / 2, count / 2, esz, s);
    return sfp_lane(op, desc, lo, hi, 0, s);
}

/* FCVTXN: round to odd = round toward zero, then set the LSB if inexact. */
static uint32_t cvt_round_odd(uint64_t a, float_status *s)
{
    float_status t = *s;
    uint32_t r;

    t.flags = 0;
    t.rounding_mode = float_round_to_zero;
    r = float64_to_float32(a, &t);
    if ((t.flags & float_flag_inexact) &&
        !(t.flags & float_flag_output_denormal)) {
        r |= 1;
    }
    s->flags |= t.flags;
    return r;
}

/* FCVTL(2), FCVTN(2), FCVTXN(2): desc's DBL names the wide elements. */
static void sfp_convert(CPUARMState *env, int op, uint32_t desc,
                        const SfpReg *n, SfpReg *d, float_status *s)
{
    bool dbl = desc & SFP_DBL, hi = desc & SFP_Q;
    int lanes = desc & SFP_SCALAR ? 1 : dbl ? 2 : 4, base = hi ? lanes : 0;
    float_status hs = *s;
    SfpReg r = { { 0 } };

    /* Half precision: never flushed (FZ16 governs it), AHP applies. */
    hs.flush_to_zero = false;
    hs.flush_inputs_to_zero = op != SFP_CVTL && s->flush_inputs_to_zero;
    hs.arm_alt_half = env->fpcr & FPCR_AHP;
    for (int i = 0; i < lanes; i++) {
        if (op == SFP_CVTL) {
            if (dbl) {
                r.d[i] = float32_to_float64(n->s[base + i], s);
            } else {
                r.s[i] = float16_to_float32(n->h[base + i], &hs);
            }
        } else if (op == SFP_CVTXN) {
            r.s[i] = cvt_round_odd(n->d[i], s);
        } else if (dbl) {
            r.s[i] = float64_to_float32(n->d[i], s);
        } else {
            r.h[i] = float32_to_float16(n->s[i], &hs);
        }
    }
    s->flags |= hs.flags;
    if (op == SFP_CVTL) {
        *d = r;
    } else if (desc & SFP_SCALAR) {
        *d = (SfpReg) { .s = { r.s[0] } };
    } else {
        d->d[hi] = r.d[0];
        if (!hi) {
            d->d[1] = 0;
        }
    }
}

void helper_simdfp(void *envp, uint32_t regs, uint32_t desc)
{
    CPUARMState *env = envp;
    int rd = regs & 31, rn = (regs >> 5) & 31, rm = (regs >> 10) & 31;
    int idx = (regs >> 15) & 7, op = desc & SFP_OP_MASK;
    int esz = desc & SFP_DBL ? 3 : desc & SFP_HALF ? 1 : 2;
    bool by_elem = regs & SFP_BY_ELEM, half = desc & SFP_HALF;
    int lanes = desc & SFP_SCALAR ? 1 : (desc & SFP_Q ? 16 : 8) >> esz;
    SfpReg n, m, d, r = { { 0 } };
    float_status s;

    memcpy(&n, &env->vregs[rn], 16);
    memcpy(&m, &env->vregs[rm], 16);
    memcpy(&d, &env->vregs[rd], 16);
    if (half) {
        arm_fp16_status(env, &s);
    } else {
        arm_fp_status(env, &s);
    }
    /* The lane helpers that read flags start their own status from 0. */
    arm_fp_seed_inexact(env, &s);
    if (op >= SFP_CVTL) {
        sfp_convert(env, op, desc, &n, &d, &s);
        r = d;
    } else if (desc & SFP_ACROSS) {
        set_lane(&r, 0, esz, sfp_reduce(op, desc, &n, 0, lanes, esz, &s));
    } else if (desc & SFP_PAIR) {
        /* Vector: pairs of Vn:Vm (Vn low); scalar: Vn's two elements. */
        int total = desc & SFP_SCALAR ? 2 : 2 * lanes;

        for (int i = 0; i < total / 2; i++) {
            int j = 2 * i;
            const SfpReg *src = j < lanes || total == 2 ? &n : &m;
            int k = total == 2 ? j : j % lanes;

            set_lane(&r, i, esz, sfp_lane(op, desc, get_lane(src, k, esz),
                                          get_lane(src, k + 1, esz), 0, &s));
        }
    } else {
        for (int i = 0; i < lanes; i++) {
            uint64_t mv = get_lane(&m, by_elem ? idx : i, esz);

            set_lane(&r, i, esz, sfp_lane(op, desc, get_lane(&n, i, esz), mv,
                                          get_lane(&d, i, esz), &s));
        }
    }
    memcpy(&env->vregs[rd], &r, 16);
    if (half) {
        arm_fp16_flags(env, &s);
    } else {
        arm_fp_flags(env, &s);
    }
}
