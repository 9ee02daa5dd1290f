/*
 * fpu/softfloat-x80.c and softfloat-x80-trans.c: known results of the
 * x87 rules (rounding, precision control, NaNs, invalid encodings,
 * denormal operands, remainders, conversions), then random operands
 * against the host's long double where it is the x87 format (bit-exact
 * for the basic operations, within a few ulp for the transcendentals).
 */
#include "kemu/osdep.h"
#include <float.h>
#include <fenv.h>
#include <math.h>
#include "fpu/softfloat.h"

static floatx80 x80(uint16_t high, uint64_t low)
{
    floatx80 r = { low, high };
    return r;
}

static float_status x87(int mode, int prec)
{
    float_status s = {
        .rounding_mode = mode, .floatx80_precision = prec,
        .default_nan_negative = true, .tininess_before_rounding = true,
    };
    return s;
}

#define ONE x80(0x3fff, 0x8000000000000000ull)
#define TWO x80(0x4000, 0x8000000000000000ull)
#define THREE x80(0x4000, 0xc000000000000000ull)

static void assert_x80(floatx80 got, uint16_t high, uint64_t low)
{
    g_assert_cmphex(got.high, ==, high);
    g_assert_cmphex(got.low, ==, low);
}

static void test_arith(void)
{
    float_status s = x87(float_round_nearest_even, 64);

    assert_x80(floatx80_add(ONE, TWO, &s), 0x4000, 0xc000000000000000ull);
    assert_x80(floatx80_mul(THREE, THREE, &s), 0x4002, 0x9000000000000000ull);
    g_assert_cmpint(s.flags, ==, 0);
    /* 1/3 rounds up at 64 and 24 bits, 2/3 down at 53 toward zero. */
    assert_x80(floatx80_div(ONE, THREE, &s), 0x3ffd, 0xaaaaaaaaaaaaaaabull);
    g_assert_cmpint(s.flags, ==, float_flag_inexact);
    g_assert_true(s.floatx80_rounded_up);
    s = x87(float_round_nearest_even, 24);
    assert_x80(floatx80_div(ONE, THREE, &s), 0x3ffd, 0xaaaaab0000000000ull);
    g_assert_true(s.floatx80_rounded_up);
    s = x87(float_round_to_zero, 53);
    assert_x80(floatx80_div(TWO, THREE, &s), 0x3ffe, 0xaaaaaaaaaaaaa800ull);
    /* sqrt(2) and sqrt(-1). */
    s = x87(float_round_nearest_even, 64);
    assert_x80(floatx80_sqrt(TWO, &s), 0x3fff, 0xb504f333f9de6484ull);
    assert_x80(floatx80_sqrt(x80(0xbfff, 1ull << 63), &s), 0xffff,
               0xc000000000000000ull);
    g_assert_true(s.flags & float_flag_invalid);
    /* x - x is +0, but -0 when rounding down. */
    assert_x80(floatx80_sub(ONE, ONE, &s), 0, 0);
    s = x87(float_round_down, 64);
    assert_x80(floatx80_sub(ONE, ONE, &s), 0x8000, 0);
}

static void test_overflow_underflow(void)
{
    floatx80 big = x80(0x7ffe, ~0ull), tiny = x80(0x0001, 1ull << 63);
    float_status s = x87(float_round_nearest_even, 64);

    assert_x80(floatx80_mul(big, TWO, &s), 0x7fff, 1ull << 63);
    g_assert_cmpint(s.flags, ==, float_flag_overflow | float_flag_inexact);
    s = x87(float_round_to_zero, 64);
    assert_x80(floatx80_mul(big, TWO, &s), 0x7ffe, ~0ull);
    /* Half the smallest normal is an exact denormal: no underflow flag. */
    s = x87(float_round_nearest_even, 64);
    assert_x80(floatx80_div(tiny, TWO, &s), 0, 1ull << 62);
    g_assert_cmpint(s.flags, ==, 0);
    assert_x80(floatx80_div(x80(0x0001, 0x8000000000000001ull), TWO, &s),
               0, 1ull << 62);
    g_assert_cmpint(s.flags, ==, float_flag_underflow | float_flag_inexact);
}

static void test_nans(void)
{
    floatx80 qa = x80(0x7fff, 0xc000000000000001ull);
    floatx80 qb = x80(0xffff, 0xc000000000000002ull);
    floatx80 sn = x80(0x7fff, 0x8000000000000005ull);
    floatx80 unnormal = x80(0x3fff, 0x4000000000000000ull);
    float_status s = x87(float_round_nearest_even, 64);

    /* Two QNaNs: the larger significand, whatever the order. */
    assert_x80(floatx80_add(qa, qb, &s), 0xffff, 0xc000000000000002ull);
    assert_x80(floatx80_mul(qb, qa, &s), 0xffff, 0xc000000000000002ull);
    g_assert_cmpint(s.flags, ==, 0);
    /* An SNaN with a QNaN: the QNaN, and invalid. */
    assert_x80(floatx80_sub(sn, qa, &s), 0x7fff, 0xc000000000000001ull);
    g_assert_cmpint(s.flags, ==, float_flag_invalid);
    /* An SNaN alone is quieted. */
    s.flags = 0;
    assert_x80(floatx80_add(sn, ONE, &s), 0x7fff, 0xc000000000000005ull);
    /* inf - inf, 0 * inf, unnormals: the negative default NaN. */
    assert_x80(floatx80_sub(x80(0x7fff, 1ull << 63), x80(0x7fff, 1ull << 63),
                            &s), 0xffff, 0xc000000000000000ull);
    s.flags = 0;
    assert_x80(floatx80_add(unnormal, ONE, &s), 0xffff,
               0xc000000000000000ull);
    g_assert_cmpint(s.flags, ==, float_flag_invalid);
    g_assert_true(floatx80_is_invalid_encoding(unnormal));
    g_assert_true(floatx80_is_invalid_encoding(x80(0x7fff, 1)));
    g_assert_cmpint(floatx80_compare_quiet(qa, ONE, &s), ==,
                    float_relation_unordered);
}

static void test_denormals(void)
{
    floatx80 den = x80(0, 1), pseudo = x80(0, 1ull << 63);
    float_status s = x87(float_round_nearest_even, 64);

    /* A pseudo-denormal is read as 2^-16382 and flags DE. */
    assert_x80(floatx80_add(pseudo, x80(0, 0), &s), 0x0001, 1ull << 63);
    g_assert_cmpint(s.flags, ==, float_flag_denormal_operand);
    s.flags = 0;
    assert_x80(floatx80_mul(den, x80(0x403e, 1ull << 63), &s), 0x0001,
               1ull << 63);
    g_assert_cmpint(s.flags, ==, float_flag_denormal_operand);
    /* Zero divide outranks the denormal operand. */
    s.flags = 0;
    floatx80_div(den, x80(0, 0), &s);
    g_assert_cmpint(s.flags, ==, float_flag_divbyzero);
    /* Loading a denormal single flags DE, exactly. */
    s.flags = 0;
    assert_x80(float32_to_floatx80(1, &s), 0x3fff - 149, 1ull << 63);
    g_assert_cmpint(s.flags, ==, float_flag_denormal_operand);
}

static void test_rem(void)
{
    float_status s = x87(float_round_nearest_even, 64);
    floatx80 seven = x80(0x4001, 0xe000000000000000ull);
    uint64_t q;
    bool partial;

    /* 7 rem 2: FPREM 1 (q 3), FPREM1 -1 (q 4). */
    assert_x80(floatx80_rem(seven, TWO, false, &q, &partial, &s), 0x3fff,
               1ull << 63);
    g_assert_cmpuint(q, ==, 3);
    g_assert_false(partial);
    assert_x80(floatx80_rem(seven, TWO, true, &q, &partial, &s), 0xbfff,
               1ull << 63);
    g_assert_cmpuint(q, ==, 4);
    /* 2^100 rem 3 takes more than one step. */
    floatx80_rem(x80(0x3fff + 100, 1ull << 63), THREE, false, &q, &partial,
                 &s);
    g_assert_true(partial);
    floatx80_rem(ONE, x80(0, 0), false, &q, &partial, &s);
    g_assert_true(s.flags & float_flag_invalid);
}

static void test_convert(void)
{
    float_status s = x87(float_round_nearest_even, 64);
    floatx80 two_and_half = x80(0x4000, 0xa000000000000000ull);

    g_assert_cmpint(floatx80_to_int(two_and_half, 32, float_round_nearest_even,
                                    &s), ==, 2);
    g_assert_cmpint(floatx80_to_int(two_and_half, 32, float_round_up, &s),
                    ==, 3);
    g_assert_true(s.floatx80_rounded_up);
    s.flags = 0;
    g_assert_cmpint(floatx80_to_int(x80(0x3fff + 15, 1ull << 63), 16,
                                    float_round_nearest_even, &s), ==,
                    INT16_MIN);
    g_assert_cmpint(s.flags, ==, float_flag_invalid);
    g_assert_cmpint(floatx80_to_int(x80(0xbfff + 15, 1ull << 63), 16,
                                    float_round_nearest_even, &s), ==,
                    INT16_MIN);
    assert_x80(int64_to_floatx80(-3, &s), 0xc000, 0xc000000000000000ull);
    g_assert_cmphex(floatx80_to_float32(THREE, &s), ==, 0x40400000);
    g_assert_cmphex(floatx80_to_float64(x80(0x7fff, 0x8000000000000001ull),
                                        &s), ==, 0x7ff8000000000000ull);
    assert_x80(float64_to_floatx80(0x7ff0000000000001ull, &s), 0x7fff,
               0xc000000000000800ull);
    assert_x80(floatx80_round_to_int(two_and_half, &s), 0x4000,
               1ull << 63);
    s = x87(float_round_up, 64);
    assert_x80(floatx80_round_to_int(two_and_half, &s), 0x4000,
               0xc000000000000000ull);
    assert_x80(floatx80_scalbn(THREE, -2, &s), 0x3ffe, 0xc000000000000000ull);
}

/* ---- Random operands against the host (x87 long double only) ---- */

static bool host_is_x87(void)
{
    return LDBL_MANT_DIG == 64 && sizeof(long double) >= 10;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static floatx80 rnd_x80(int emin, int emax)
{
    return x80((rnd() & 0x8000) | (0x3fff + emin + rnd() % (emax - emin + 1)),
               rnd() | 1ull << 63);
}

static long double to_ld(floatx80 a)
{
    long double v = 0;

    memcpy(&v, &a, 10);
    return v;
}

static void test_host_basic(void)
{
    static const int modes[4] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
                                  FE_TOWARDZERO };
    static const int sf[4] = { float_round_nearest_even, float_round_down,
                               float_round_up, float_round_to_zero };

    if (!host_is_x87()) {
        g_test_skip("the host's long double is not the x87 format");
        return;
    }
    for (int i = 0; i < 100000; i++) {
        floatx80 a = rnd_x80(-200, 200), b = rnd_x80(-200, 200), r;
        int m = rnd() % 4, op = rnd() % 5;
        float_status s = x87(sf[m], 64);
        volatile long double x = to_ld(a), y = to_ld(b), z;
        long double got;

        fesetround(modes[m]);
        switch (op) {
        case 0:
            z = x + y;
            r = floatx80_add(a, b, &s);
            break;
        case 1:
            z = x - y;
            r = floatx80_sub(a, b, &s);
            break;
        case 2:
            z = x * y;
            r = floatx80_mul(a, b, &s);
            break;
        case 3:
            z = x / y;
            r = floatx80_div(a, b, &s);
            break;
        default:
            z = sqrtl(fabsl(x));
            a.high &= 0x7fff;
            r = floatx80_sqrt(a, &s);
            break;
        }
        fesetround(FE_TONEAREST);
        got = to_ld(r);
        g_assert_true(memcmp(&got, (const void *)&z, 10) == 0);
    }
}

static double ulps(long double got, long double want)
{
    int e;

    if (got == want) {
        return 0;
    }
    frexpl(want, &e);
    return fabsl(got - want) / ldexpl(1, e - 64);
}

/*
 * The transcendentals against libm: 1 ulp where libm computes the same
 * function (2 for tan: glibc's tanl is itself off by up to 2 ulp), 3
 * where the reference rounds twice (2^x - 1 as expm1l(x ln2), y log2 x
 * as a product).
 */
static void test_host_transcendental(void)
{
    const long double ln2 = 0.693147180559945309417232121458176568L;

    if (!host_is_x87()) {
        g_test_skip("the host's long double is not the x87 format");
        return;
    }
    for (int i = 0; i < 20000; i++) {
        float_status s = x87(float_round_nearest_even, 64);
        floatx80 x = rnd_x80(-30, 62), y = rnd_x80(-20, 20);
        floatx80 a = rnd_x80(-40, 40), f = rnd_x80(-40, -1);
        floatx80 p = rnd_x80(-60, 60), q = rnd_x80(-60, -2);
        long double lx = to_ld(x), ly = to_ld(y), la = to_ld(a);

        p.high &= 0x7fff;
        g_assert_cmpfloat(ulps(to_ld(floatx80_sin(x, &s)), sinl(lx)), <=, 1);
        g_assert_cmpfloat(ulps(to_ld(floatx80_cos(x, &s)), cosl(lx)), <=, 1);
        g_assert_cmpfloat(ulps(to_ld(floatx80_tan(x, &s)), tanl(lx)), <=, 2);
        g_assert_cmpfloat(ulps(to_ld(floatx80_atan2(y, a, &s)),
                               atan2l(ly, la)), <=, 1);
        g_assert_cmpfloat(ulps(to_ld(floatx80_2xm1(f, &s)),
                               expm1l(to_ld(f) * ln2)), <=, 3);
        g_assert_cmpfloat(ulps(to_ld(floatx80_yl2x(y, p, &s)),
                               ly * log2l(to_ld(p))), <=, 3);
        g_assert_cmpfloat(ulps(to_ld(floatx80_yl2xp1(y, q, &s)),
                               ly * (log1pl(to_ld(q)) / ln2)), <=, 3);
    }
}

static void test_transcendental_exact(void)
{
    float_status s = x87(float_round_nearest_even, 64);

    /* sin(pi rounded to 64 bits) = -(its rounding error). */
    assert_x80(floatx80_sin(x80(0x4000, 0xc90fdaa22168c235ull), &s), 0xbfbe,
               0xece675d1fc8f8cbbull);
    assert_x80(floatx80_cos(x80(0, 0), &s), 0x3fff, 1ull << 63);
    assert_x80(floatx80_yl2x(ONE, x80(0x4003, 1ull << 63), &s), 0x4001,
               1ull << 63);                               /* log2 16 = 4 */
    assert_x80(floatx80_atan2(ONE, ONE, &s), 0x3ffe, 0xc90fdaa22168c235ull);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/softfloat-x80/arith", test_arith);
    g_test_add_func("/softfloat-x80/overflow-underflow",
                    test_overflow_underflow);
    g_test_add_func("/softfloat-x80/nans", test_nans);
    g_test_add_func("/softfloat-x80/denormals", test_denormals);
    g_test_add_func("/softfloat-x80/rem", test_rem);
    g_test_add_func("/softfloat-x80/convert", test_convert);
    g_test_add_func("/softfloat-x80/transcendental-exact",
                    test_transcendental_exact);
    g_test_add_func("/softfloat-x80/host-basic", test_host_basic);
    g_test_add_func("/softfloat-x80/host-transcendental",
                    test_host_transcendental);
    return g_test_run();
}
