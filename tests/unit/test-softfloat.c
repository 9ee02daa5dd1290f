/*
 * fpu/softfloat.c against the host's IEEE arithmetic (in all four rounding
 * modes, via fesetround) and against hand-checked edge cases: Arm's NaN
 * rules, flush-to-zero, tininess, ties-away, saturating conversions, half.
 */
#include "kemu/osdep.h"
#include <fenv.h>
#include <math.h>
#include "fpu/softfloat.h"

#define ITERS 200000

static const int host_modes[4] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
                                   FE_TOWARDZERO };
static const FloatRoundMode sf_modes[4] = {
    float_round_nearest_even, float_round_down, float_round_up,
    float_round_to_zero,
};

/* The host (x86 SSE and most others): tininess after rounding. */
static float_status host_status(int mode)
{
    float_status s = {
        .rounding_mode = sf_modes[mode],
        .nan_prop = float_nan_prop_first,
        .default_nan_negative = true,
    };
    return s;
}

static float_status arm_status(void)
{
    float_status s = {
        .rounding_mode = float_round_nearest_even,
        .nan_prop = float_nan_prop_snan_first,
        .tininess_before_rounding = true,
        .muladd_addend_first = true,
        .muladd_infzero_default_nan = true,
    };
    return s;
}

static int host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT), f = 0;

    f |= e & FE_INVALID ? float_flag_invalid : 0;
    f |= e & FE_DIVBYZERO ? float_flag_divbyzero : 0;
    f |= e & FE_OVERFLOW ? float_flag_overflow : 0;
    f |= e & FE_UNDERFLOW ? float_flag_underflow : 0;
    f |= e & FE_INEXACT ? float_flag_inexact : 0;
    return f;
}

/* Random operands biased toward the interesting encodings. */
static uint64_t rand_f64(GRand *r)
{
    static const uint64_t specials[] = {
        0, 1ull << 63, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff4000000000001ull, 1, 0x000fffffffffffffull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0x3ff0000000000000ull,
    };
    uint64_t v = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);

    switch (g_rand_int_range(r, 0, 8)) {
    case 0:
        return specials[g_rand_int_range(r, 0, G_N_ELEMENTS(specials))] ^
               ((uint64_t)g_rand_boolean(r) << 63);
    case 1:     /* near 1.0 / small exponents: cancellation, subnormals */
        return (v & 0x800fffffffffffffull) | (0x3f0ull << 52) |
               ((uint64_t)g_rand_int_range(r, 0, 32) << 52);
    case 2:
        return (v & 0x800fffffffffffffull) |
               ((uint64_t)g_rand_int_range(r, 0, 60) << 52);
    case 3:
        return (v & 0x800fffffffffffffull) |
               ((uint64_t)g_rand_int_range(r, 0x7c0, 0x7ff) << 52);
    default:
        return v;
    }
}

static uint32_t rand_f32(GRand *r)
{
    static const uint32_t specials[] = {
        0, 0x80000000, 0x7f800000, 0x7fc00000, 0x7fa00001, 1, 0x007fffff,
        0x00800000, 0x7f7fffff, 0x3f800000,
    };
    uint32_t v = g_rand_int(r);

    switch (g_rand_int_range(r, 0, 8)) {
    case 0:
        return specials[g_rand_int_range(r, 0, G_N_ELEMENTS(specials))] ^
               ((uint32_t)g_rand_boolean(r) << 31);
    case 1:
        return (v & 0x807fffff) | ((uint32_t)g_rand_int_range(r, 0x70, 0x8f)
                                   << 23);
    case 2:
        return (v & 0x807fffff) | ((uint32_t)g_rand_int_range(r, 0, 30) << 23);
    case 3:
        return (v & 0x807fffff) |
               ((uint32_t)g_rand_int_range(r, 0xe0, 0xff) << 23);
    default:
        return v;
    }
}

static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double u2d(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint32_t f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static bool nan64(uint64_t v)
{
    return (v & ~(1ull << 63)) > 0x7ff0000000000000ull;
}
static bool nan32(uint32_t v) { return (v & 0x7fffffff) > 0x7f800000; }

/* Bits equal, or both NaN (the host compiler may reorder operands). */
static void check64(const char *op, uint64_t a, uint64_t b, uint64_t want,
                    int wflags, uint64_t got, int gflags)
{
    if (!(want == got || (nan64(want) && nan64(got))) || wflags != gflags) {
        g_error("%s(%016" PRIx64 ", %016" PRIx64 "): host %016" PRIx64
                " flags %x, softfloat %016" PRIx64 " flags %x", op, a, b,
                want, wflags, got, gflags);
    }
}

static void check32(const char *op, uint32_t a, uint32_t b, uint32_t want,
                    int wflags, uint32_t got, int gflags)
{
    if (!(want == got || (nan32(want) && nan32(got))) || wflags != gflags) {
        g_error("%s(%08x, %08x): host %08x flags %x, softfloat %08x flags %x",
                op, a, b, want, wflags, got, gflags);
    }
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_CVT, OP_RINT,
       OP_I2F, N_OPS };
static const char *const op_names[N_OPS] = {
    "add", "sub", "mul", "div", "sqrt", "fma", "cvt", "rint", "i2f",
};

static uint64_t host_op64(int op, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c, r = 0;

    switch (op) {
    case OP_ADD: r = va + vb; break;
    case OP_SUB: r = va - vb; break;
    case OP_MUL: r = va * vb; break;
    case OP_DIV: r = va / vb; break;
    case OP_SQRT: r = sqrt(va); break;
    case OP_FMA: r = fma(va, vb, vc); break;
    case OP_CVT: { volatile float f = (float)va; return f2u(f); }
    case OP_RINT:   /* rint() swaps up/down on this sandbox's host */
        r = nearbyint(va);
        if (r != va && !isnan(va)) {
            feraiseexcept(FE_INEXACT);
        }
        break;
    case OP_I2F: r = (double)(int64_t)d2u(va); break;
    }
    return d2u(r);
}

static uint64_t sf_op64(int op, uint64_t a, uint64_t b, uint64_t c,
                        float_status *s)
{
    switch (op) {
    case OP_ADD: return float64_add(a, b, s);
    case OP_SUB: return float64_sub(a, b, s);
    case OP_MUL: return float64_mul(a, b, s);
    case OP_DIV: return float64_div(a, b, s);
    case OP_SQRT: return float64_sqrt(a, s);
    case OP_FMA: return float64_muladd(a, b, c, s);
    case OP_CVT: return float64_to_float32(a, s);
    case OP_RINT:
        return float64_round_to_int(a, s->rounding_mode, true, s);
    default: return int64_to_float64_scalbn(a, 0, s);
    }
}

static void test_host_f64(void)
{
    GRand *r = g_rand_new_with_seed(64);

    for (int i = 0; i < ITERS; i++) {
        int mode = i & 3, op = g_rand_int_range(r, 0, N_OPS);
        uint64_t a = rand_f64(r), b = rand_f64(r), c = rand_f64(r), want, got;
        float_status s = host_status(mode);
        int wflags;

        if (op == OP_FMA && (nan64(a) || nan64(b) || nan64(c))) {
            continue;   /* libm's fma does not define which NaN */
        }
        fesetround(host_modes[mode]);
        feclearexcept(FE_ALL_EXCEPT);
        want = host_op64(op, u2d(a), u2d(b), u2d(c));
        wflags = host_flags();
        fesetround(FE_TONEAREST);
        got = sf_op64(op, a, b, c, &s);
        if (op == OP_RINT && nan64(a)) {
            wflags = s.flags;   /* nearbyint's SNaN flag varies between libms */
        }
        check64(op_names[op], a, b, want, wflags, got, s.flags);
    }
    g_rand_free(r);
}

static uint32_t host_op32(int op, float a, float b, float c)
{
    volatile float va = a, vb = b, vc = c, r = 0;

    switch (op) {
    case OP_ADD: r = va + vb; break;
    case OP_SUB: r = va - vb; break;
    case OP_MUL: r = va * vb; break;
    case OP_DIV: r = va / vb; break;
    case OP_SQRT: r = sqrtf(va); break;
    case OP_FMA: r = fmaf(va, vb, vc); break;
    case OP_CVT: { volatile double d = va; return (uint32_t)(d2u(d) >> 32); }
    case OP_RINT:
        r = nearbyintf(va);
        if (r != va && !isnan(va)) {
            feraiseexcept(FE_INEXACT);
        }
        break;
    case OP_I2F: r = (float)(int32_t)f2u(va); break;
    }
    return f2u(r);
}

static uint32_t sf_op32(int op, uint32_t a, uint32_t b, uint32_t c,
                        float_status *s)
{
    switch (op) {
    case OP_ADD: return float32_add(a, b, s);
    case OP_SUB: return float32_sub(a, b, s);
    case OP_MUL: return float32_mul(a, b, s);
    case OP_DIV: return float32_div(a, b, s);
    case OP_SQRT: return float32_sqrt(a, s);
    case OP_FMA: return float32_muladd(a, b, c, s);
    case OP_CVT: return float32_to_float64(a, s) >> 32;
    case OP_RINT:
        return float32_round_to_int(a, s->rounding_mode, true, s);
    default: return int64_to_float32_scalbn((int32_t)a, 0, s);
    }
}

static void test_host_f32(void)
{
    GRand *r = g_rand_new_with_seed(32);

    for (int i = 0; i < ITERS; i++) {
        int mode = i & 3, op = g_rand_int_range(r, 0, N_OPS);
        uint32_t a = rand_f32(r), b = rand_f32(r), c = rand_f32(r), want, got;
        float_status s = host_status(mode);
        int wflags;

        if ((op == OP_FMA || op == OP_CVT) &&
            (nan32(a) || nan32(b) || nan32(c))) {
            continue;
        }
        fesetround(host_modes[mode]);
        feclearexcept(FE_ALL_EXCEPT);
        want = host_op32(op, u2f(a), u2f(b), u2f(c));
        wflags = host_flags();
        fesetround(FE_TONEAREST);
        got = sf_op32(op, a, b, c, &s);
        if (op == OP_RINT && nan32(a)) {
            wflags = s.flags;
        }
        check32(op_names[op], a, b, want, wflags, got, s.flags);
    }
    g_rand_free(r);
}

/* float64 -> int64 against the host where the result is in range. */
static void test_host_to_int(void)
{
    GRand *r = g_rand_new_with_seed(7);

    for (int i = 0; i < ITERS; i++) {
        int mode = i & 3;
        uint64_t a = rand_f64(r);
        float_status s = host_status(mode);
        double d = u2d(a);
        long long want;
        int64_t got;
        int wflags;

        if (isnan(d) || fabs(d) >= 9.2e18) {
            continue;
        }
        fesetround(host_modes[mode]);
        feclearexcept(FE_ALL_EXCEPT);
        want = llrint(d);
        wflags = host_flags();
        fesetround(FE_TONEAREST);
        got = float64_to_int64_scalbn(a, sf_modes[mode], 0, &s);
        g_assert_cmpint(want, ==, got);
        g_assert_cmpint(wflags, ==, s.flags);
    }
    g_rand_free(r);
}

static void test_arm_nans(void)
{
    float_status s = arm_status();

    /* SNaN operands win over QNaNs and come back quieted. */
    g_assert_cmphex(float32_add(0x7fc00001, 0x7f800002, &s), ==, 0x7fc00002);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    s.flags = 0;
    g_assert_cmphex(float32_add(0x7fc00001, 0xffc00002, &s), ==, 0x7fc00001);
    g_assert_cmphex(float32_mul(0x3f800000, 0xffc00002, &s), ==, 0xffc00002);
    g_assert_cmphex(s.flags, ==, 0);
    /* FMA: the addend first; inf * 0 + QNaN is the default NaN. */
    g_assert_cmphex(float64_muladd(0x7ff8000000000001ull,
                                   0x3ff0000000000000ull,
                                   0x7ff8000000000002ull, &s), ==,
                    0x7ff8000000000002ull);
    g_assert_cmphex(float64_muladd(0x7ff0000000000000ull, 0,
                                   0x7ff8000000000002ull, &s), ==,
                    0x7ff8000000000000ull);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    /* Default NaN mode. */
    s.flags = 0;
    s.default_nan_mode = true;
    g_assert_cmphex(float32_sub(0xffc00001, 0, &s), ==, 0x7fc00000);
    g_assert_cmphex(float32_sqrt(0xbf800000, &s), ==, 0x7fc00000);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    /* maxNum ignores one QNaN, not an SNaN. */
    s = arm_status();
    g_assert_cmphex(float32_maxnum(0x7fc00000, 0x3f800000, &s), ==,
                    0x3f800000);
    g_assert_cmphex(float32_minnum(0x7f800001, 0x3f800000, &s), ==,
                    0x7fc00001);
    g_assert_cmphex(float32_max(0x80000000, 0, &s), ==, 0);
    g_assert_cmphex(float32_min(0, 0x80000000, &s), ==, 0x80000000);
}

static void test_flush(void)
{
    float_status s = arm_status();

    s.flush_to_zero = s.flush_inputs_to_zero = true;
    /* A subnormal input reads as zero. */
    g_assert_cmphex(float32_add(0x00000001, 0x80000000, &s), ==, 0);
    g_assert_cmphex(s.flags, ==, float_flag_input_denormal);
    /* A tiny result (before rounding) flushes, not inexact. */
    s.flags = 0;
    g_assert_cmphex(float32_mul(0x00800000, 0x3f000000, &s), ==, 0);
    g_assert_cmphex(s.flags, ==, float_flag_output_denormal);
    /* 0x1.fffffep-127 rounds to the minimum normal yet is flushed. */
    s.flags = 0;
    g_assert_cmphex(float32_mul(0x00ffffff, 0x3f000000, &s), ==, 0);
}

static void test_tininess(void)
{
    float_status s = arm_status();

    /* 2^-126 - 2^-151 rounds to the minimum normal even with 24 bits. */
    g_assert_cmphex(float32_muladd(0x33000000, 0x80800000, 0x00800000, &s),
                    ==, 0x00800000);
    g_assert_cmphex(s.flags, ==, float_flag_underflow | float_flag_inexact);
    s.tininess_before_rounding = false;
    s.flags = 0;
    g_assert_cmphex(float32_muladd(0x33000000, 0x80800000, 0x00800000, &s),
                    ==, 0x00800000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact);
    /* An exact subnormal result is no underflow. */
    s.flags = 0;
    g_assert_cmphex(float32_mul(0x00800002, 0x3f000000, &s), ==, 0x00400001);
    g_assert_cmphex(s.flags, ==, 0);
}

static void test_rounding(void)
{
    float_status s = arm_status();

    /* 2.5 and -2.5 under ties-away and ties-even. */
    g_assert_cmphex(float64_round_to_int(0x4004000000000000ull,
                                         float_round_ties_away, false, &s),
                    ==, 0x4008000000000000ull);
    g_assert_cmphex(float64_round_to_int(0xc004000000000000ull,
                                         float_round_nearest_even, true, &s),
                    ==, 0xc000000000000000ull);
    g_assert_cmphex(s.flags, ==, float_flag_inexact);
    /* -0.3 rounds to -0. */
    g_assert_cmphex(float32_round_to_int(0xbe99999a, float_round_up, false,
                                         &s), ==, 0x80000000);
    /* Overflow: round-to-zero gives the maximum normal. */
    s.rounding_mode = float_round_to_zero;
    s.flags = 0;
    g_assert_cmphex(float32_add(0x7f7fffff, 0x7f7fffff, &s), ==, 0x7f7fffff);
    g_assert_cmphex(s.flags, ==, float_flag_overflow | float_flag_inexact);
    /* x - x is -0 only when rounding down. */
    s.rounding_mode = float_round_down;
    g_assert_cmphex(float32_sub(0x3f800000, 0x3f800000, &s), ==, 0x80000000);
}

static void test_to_int(void)
{
    float_status s = arm_status();

    g_assert_cmpint(float64_to_int32_scalbn(0x41f0000000000000ull,
                                            float_round_to_zero, 0, &s), ==,
                    INT32_MAX);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    s.flags = 0;
    g_assert_cmpint(float32_to_uint32_scalbn(0xbf000000, float_round_to_zero,
                                             0, &s), ==, 0);
    g_assert_cmphex(s.flags, ==, float_flag_inexact);
    s.flags = 0;
    g_assert_cmpint(float32_to_uint32_scalbn(0xbf400000,
                                             float_round_ties_away, 0, &s),
                    ==, 0);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    g_assert_cmpint(float32_to_int64_scalbn(0x7fc00000, float_round_up, 0,
                                            &s), ==, 0);
    /* Fixed point: 1.75 with 4 fraction bits is 28. */
    g_assert_cmpint(float32_to_int32_scalbn(0x3fe00000, float_round_to_zero,
                                            4, &s), ==, 28);
    g_assert_cmphex(int64_to_float32_scalbn(28, 4, &s), ==, 0x3fe00000);
    g_assert_cmphex(uint64_to_float64_scalbn(UINT64_MAX, 0, &s), ==,
                    0x43f0000000000000ull);
    g_assert_cmpint(float64_to_int64_scalbn(0xc3e0000000000000ull,
                                            float_round_to_zero, 0, &s), ==,
                    INT64_MIN);
}

static void test_half(void)
{
    float_status s = arm_status();

    g_assert_cmphex(float32_to_float16(0x3f800000, &s), ==, 0x3c00);
    g_assert_cmphex(float32_to_float16(0x477ff000, &s), ==, 0x7c00);
    g_assert_cmphex(s.flags, ==, float_flag_overflow | float_flag_inexact);
    s.flags = 0;
    g_assert_cmphex(float16_to_float64(0x0001, &s), ==,
                    0x3e70000000000000ull);
    g_assert_cmphex(float16_to_float32(0x7d01, &s), ==, 0x7fe02000);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    g_assert_cmphex(float64_to_float16(0x7ff0000000000001ull, &s), ==,
                    0x7e00);
    g_assert_cmphex(float16_add(0x3c00, 0x3c00, &s), ==, 0x4000);
    /* Arm's alternative half: exponent 31 is normal, no inf or NaN. */
    s = arm_status();
    s.arm_alt_half = true;
    g_assert_cmphex(float16_to_float32(0x7c00, &s), ==, 0x47800000);
    g_assert_cmphex(float32_to_float16(0x47ffe000, &s), ==, 0x7fff);
    g_assert_cmphex(s.flags, ==, 0);
    g_assert_cmphex(float32_to_float16(0xc8000000, &s), ==, 0xffff);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    s.flags = 0;
    g_assert_cmphex(float64_to_float16(0xfff8000000000000ull, &s), ==,
                    0x8000);
    g_assert_cmphex(float32_to_float16(0x7f800000, &s), ==, 0x7fff);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
}

static void test_compare(void)
{
    float_status s = arm_status();

    g_assert_cmpint(float64_compare_quiet(0, 1ull << 63, &s), ==,
                    float_relation_equal);
    g_assert_cmpint(float32_compare_quiet(0x7fc00000, 0, &s), ==,
                    float_relation_unordered);
    g_assert_cmphex(s.flags, ==, 0);
    g_assert_cmpint(float32_compare(0x7fc00000, 0, &s), ==,
                    float_relation_unordered);
    g_assert_cmphex(s.flags, ==, float_flag_invalid);
    g_assert_cmpint(float32_compare(0xbf800000, 0x80000001, &s), ==,
                    float_relation_less);
}

/*
 * The host FPU path (fpu/hardfloat.h) runs only with inexact already set:
 * with it set, every result and flag must be what the soft path (flags
 * clear) gives, plus inexact.  Statuses: x86 (tininess after rounding),
 * Arm (before), Arm with flush-to-zero.
 */
static float_status seeded_status(int kind)
{
    float_status s = kind ? arm_status() : host_status(0);

    s.flush_to_zero = s.flush_inputs_to_zero = kind == 2;
    return s;
}

static void check_seeded64(int op, uint64_t a, uint64_t b, uint64_t c)
{
    for (int kind = 0; kind < 3; kind++) {
        float_status soft = seeded_status(kind), hard = soft;
        uint64_t want, got;

        hard.flags = float_flag_inexact;
        want = sf_op64(op, a, b, c, &soft);
        got = sf_op64(op, a, b, c, &hard);
        if (want != got || (soft.flags | float_flag_inexact) != hard.flags) {
            g_error("%s(%016" PRIx64 ", %016" PRIx64 ", %016" PRIx64
                    ") status %d: soft %016" PRIx64 " flags %x, seeded %016"
                    PRIx64 " flags %x", op_names[op], a, b, c, kind, want,
                    soft.flags, got, hard.flags);
        }
    }
}

static void check_seeded32(int op, uint32_t a, uint32_t b, uint32_t c)
{
    for (int kind = 0; kind < 3; kind++) {
        float_status soft = seeded_status(kind), hard = soft;
        uint32_t want, got;

        hard.flags = float_flag_inexact;
        want = sf_op32(op, a, b, c, &soft);
        got = sf_op32(op, a, b, c, &hard);
        if (want != got || (soft.flags | float_flag_inexact) != hard.flags) {
            g_error("%s(%08x, %08x, %08x) status %d: soft %08x flags %x, "
                    "seeded %08x flags %x", op_names[op], a, b, c, kind,
                    want, soft.flags, got, hard.flags);
        }
    }
}

/* Operands around the limits of the host path, both signs of each. */
static const uint64_t edge64[] = {
    0, 0x0010000000000000ull, 0x0010000000000001ull, 0x0018000000000000ull,
    0x0020000000000000ull, 0x000fffffffffffffull, 1, 0x3ff0000000000000ull,
    0x3ff0000000000001ull, 0x3fe0000000000000ull, 0x3fefffffffffffffull,
    0x4008000000000000ull, 0x3fb999999999999aull, 0x1ff0000000000000ull,
    0x2000000000000000ull, 0x5ff0000000000000ull, 0x7fe0000000000000ull,
    0x7fefffffffffffffull, 0x3ca0000000000000ull, 0x7ff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff4000000000000ull,
};

static const uint32_t edge32[] = {
    0, 0x00800000, 0x00800001, 0x00c00000, 0x01000000, 0x007fffff, 1,
    0x3f800000, 0x3f800001, 0x3f000000, 0x3f7fffff, 0x40400000, 0x3dcccccd,
    0x1f800000, 0x20000000, 0x5f800000, 0x7f000000, 0x7f7fffff, 0x33800000,
    0x7f800000, 0x7fc00000, 0x7fa00000,
};

static void test_hardfloat_edges(void)
{
    int n64 = G_N_ELEMENTS(edge64), n32 = G_N_ELEMENTS(edge32);

    for (int i = 0; i < 2 * n64; i++) {
        for (int j = 0; j < 2 * n64; j++) {
            uint64_t a = edge64[i / 2] | (uint64_t)(i & 1) << 63;
            uint64_t b = edge64[j / 2] | (uint64_t)(j & 1) << 63;

            for (int op = OP_ADD; op <= OP_FMA; op++) {
                for (int k = 0; k < 2 * n64; k += op == OP_FMA ? 1 : 2 * n64) {
                    check_seeded64(op, a, b, edge64[k / 2] |
                                   (uint64_t)(k & 1) << 63);
                }
            }
        }
    }
    for (int i = 0; i < 2 * n32; i++) {
        for (int j = 0; j < 2 * n32; j++) {
            uint32_t a = edge32[i / 2] | (uint32_t)(i & 1) << 31;
            uint32_t b = edge32[j / 2] | (uint32_t)(j & 1) << 31;

            for (int op = OP_ADD; op <= OP_FMA; op++) {
                for (int k = 0; k < 2 * n32; k += op == OP_FMA ? 1 : 2 * n32) {
                    check_seeded32(op, a, b, edge32[k / 2] |
                                   (uint32_t)(k & 1) << 31);
                }
            }
        }
    }
}

/* b near -a (cancellation) or a times a small power of two. */
static uint64_t near64(GRand *r, uint64_t a)
{
    uint64_t b = a + g_rand_int_range(r, -4, 5);

    if (g_rand_boolean(r)) {
        b ^= 1ull << 63;
    }
    if (g_rand_boolean(r)) {
        b -= (uint64_t)g_rand_int_range(r, 0, 64) << 52;
    }
    return b;
}

static uint32_t near32(GRand *r, uint32_t a)
{
    uint32_t b = a + g_rand_int_range(r, -4, 5);

    if (g_rand_boolean(r)) {
        b ^= 1u << 31;
    }
    if (g_rand_boolean(r)) {
        b -= (uint32_t)g_rand_int_range(r, 0, 32) << 23;
    }
    return b;
}

static void test_hardfloat_random(void)
{
    GRand *r = g_rand_new_with_seed(1234);

    for (int i = 0; i < ITERS; i++) {
        int op = g_rand_int_range(r, OP_ADD, OP_FMA + 1);
        uint64_t a = rand_f64(r), b = rand_f64(r), c = rand_f64(r);
        uint32_t x = rand_f32(r), y = rand_f32(r), z = rand_f32(r);

        if (i & 1) {
            b = near64(r, a);
            y = near32(r, x);
        }
        if (i & 2) {
            /* the product cancelled by the addend */
            c = near64(r, d2u(u2d(a) * u2d(b)));
            z = near32(r, f2u(u2f(x) * u2f(y)));
        }
        check_seeded64(op, a, b, c);
        check_seeded32(op, x, y, z);
    }
    g_rand_free(r);
}

/* The cases the host path must leave alone or give exactly. */
static void test_hardfloat_cases(void)
{
    float_status s = arm_status();

    s.flags = float_flag_inexact;
    /* Exact cancellation: +0; a zero factor keeps the sign rule. */
    g_assert_cmphex(float64_sub(0x3ff0000000000001ull, 0x3ff0000000000001ull,
                                &s), ==, 0);
    g_assert_cmphex(float64_mul(1ull << 63, 0x4008000000000000ull, &s), ==,
                    1ull << 63);
    g_assert_cmphex(float32_muladd(0x80000000, 0x40400000, 0x80000000, &s),
                    ==, 0x80000000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact);
    /* Division by zero, root of a negative, overflow, tiny: flagged. */
    g_assert_cmphex(float64_div(0x3ff0000000000000ull, 0, &s), ==,
                    0x7ff0000000000000ull);
    g_assert_cmphex(s.flags, ==, float_flag_inexact | float_flag_divbyzero);
    s.flags = float_flag_inexact;
    g_assert_cmphex(float32_sqrt(0xbf800000, &s), ==, 0x7fc00000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact | float_flag_invalid);
    s.flags = float_flag_inexact;
    g_assert_cmphex(float64_sqrt(1ull << 63, &s), ==, 1ull << 63);
    g_assert_cmphex(float32_mul(0x7f000000, 0x40000000, &s), ==, 0x7f800000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact | float_flag_overflow);
    s.flags = float_flag_inexact;
    /*
     * 2^-126 * 0.5 is exact but tiny; 2^-126 * (1 - 2^-24) rounds up to
     * the smallest normal, tiny before rounding (Arm).
     */
    g_assert_cmphex(float32_mul(0x00800000, 0x3f000000, &s), ==, 0x00400000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact);
    g_assert_cmphex(float32_mul(0x00800000, 0x3f7fffff, &s), ==, 0x00800000);
    g_assert_cmphex(s.flags, ==, float_flag_inexact | float_flag_underflow);
    /* FMA whose exact result is far below the smallest subnormal. */
    s.flags = float_flag_inexact;
    g_assert_cmphex(float64_muladd(0x0010000000000000ull,
                                   0x3ca0000000000000ull, 0, &s), ==, 0);
    g_assert_cmphex(s.flags, ==, float_flag_inexact | float_flag_underflow);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/softfloat/host/f64", test_host_f64);
    g_test_add_func("/softfloat/host/f32", test_host_f32);
    g_test_add_func("/softfloat/host/to-int", test_host_to_int);
    g_test_add_func("/softfloat/arm-nans", test_arm_nans);
    g_test_add_func("/softfloat/flush", test_flush);
    g_test_add_func("/softfloat/tininess", test_tininess);
    g_test_add_func("/softfloat/rounding", test_rounding);
    g_test_add_func("/softfloat/to-int", test_to_int);
    g_test_add_func("/softfloat/half", test_half);
    g_test_add_func("/softfloat/compare", test_compare);
    g_test_add_func("/softfloat/hardfloat/edges", test_hardfloat_edges);
    g_test_add_func("/softfloat/hardfloat/random", test_hardfloat_random);
    g_test_add_func("/softfloat/hardfloat/cases", test_hardfloat_cases);
    return g_test_run();
}
