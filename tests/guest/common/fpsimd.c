/*
 * Scalar floating point through glibc: libm functions against known
 * values, the four rounding modes (fesetround) on arithmetic, conversions
 * and rint, exception flags (fetestexcept); the architecture's part
 * (ARCH/fpsimd-arch.c) adds flush-to-zero and the like.  The vector loops
 * are in vector.c.
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "check.h"

static uint64_t bits_d(double d)
{
    uint64_t u;

    memcpy(&u, &d, sizeof(u));
    return u;
}

static uint32_t bits_f(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof(u));
    return u;
}

/* Within ulps units in the last place of want (both finite, same sign). */
static int near(double got, double want, int ulps)
{
    int64_t d = (int64_t)(bits_d(got) - bits_d(want));

    return d >= -ulps && d <= ulps;
}

static void test_libm(void)
{
    static const struct {
        const char *name;
        double (*fn)(double);
        double arg, want;
    } one[] = {
        { "sin", sin, 1.0, 0.8414709848078965 },
        { "cos", cos, 1.0, 0.5403023058681398 },
        { "tan", tan, 0.5, 0.5463024898437905 },
        { "exp", exp, 1.0, 2.718281828459045 },
        { "log", log, 10.0, 2.302585092994046 },
        { "log2", log2, 1000.0, 9.965784284662087 },
        { "sqrt", sqrt, 2.0, 1.4142135623730951 },
        { "cbrt", cbrt, 27.0, 3.0 },
        { "atan", atan, 1.0, 0.7853981633974483 },
        { "asin", asin, 0.5, 0.5235987755982989 },
        { "sinh", sinh, 1.0, 1.1752011936438014 },
        { "tanh", tanh, 0.5, 0.46211715726000974 },
        { "erf", erf, 0.5, 0.5204998778130465 },
        { "lgamma", lgamma, 10.0, 12.801827480081469 },
        { "floor", floor, -2.5, -3.0 },
        { "ceil", ceil, -2.5, -2.0 },
        { "round", round, 2.5, 3.0 },
        { "trunc", trunc, -2.7, -2.0 },
    };
    volatile double x;

    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        x = one[i].arg;
        double r = one[i].fn(x);
        CHECK(near(r, one[i].want, 1), "%s(%a) = %a", one[i].name, x, r);
    }
    x = 2.0;
    double r = pow(x, 0.5);
    CHECK(near(r, 1.4142135623730951, 1), "pow(2, 0.5) = %a", r);
    r = atan2(x, -1.0);
    CHECK(near(r, 2.0344439357957027, 1), "atan2(2, -1) = %a", r);
    r = hypot(x + 1, x + 2);
    CHECK(r == 5.0, "hypot(3, 4) = %a", r);
    r = fma(x, 1.0 + DBL_EPSILON, -2.0);
    CHECK(r == 2 * DBL_EPSILON, "fma(2, 1+eps, -2) = %a", r);
    r = fmod(x * 5.25, 3.0);
    CHECK(r == 1.5, "fmod(10.5, 3) = %a", r);
    volatile float xf = 2.0f;
    float rf = sinf(xf);
    CHECK(near(rf, 0.9092974268256817, 1 << 29) && bits_f(rf) == 0x3f68c7b7,
          "sinf(2) = %a", rf);
    rf = expf(xf);
    CHECK(bits_f(rf) == 0x40ec7326, "expf(2) = %a", rf);
    rf = sqrtf(xf);
    CHECK(bits_f(rf) == 0x3fb504f3, "sqrtf(2) = %a", rf);
}

static void test_rounding(void)
{
    static const struct { int mode; const char *name; } modes[] = {
        { FE_TONEAREST, "nearest" }, { FE_UPWARD, "upward" },
        { FE_DOWNWARD, "downward" }, { FE_TOWARDZERO, "towardzero" },
    };
    /* 1/3, -1/3, (float)(1/3 double), rint(2.5), rint(-2.5), lrint(-1.5) */
    static const uint64_t want_third[4] = {
        0x3fd5555555555555, 0x3fd5555555555556,
        0x3fd5555555555555, 0x3fd5555555555555,
    };
    static const uint64_t want_mthird[4] = {
        0xbfd5555555555555, 0xbfd5555555555555,
        0xbfd5555555555556, 0xbfd5555555555555,
    };
    static const uint32_t want_f[4] = {
        0x3eaaaaab, 0x3eaaaaab, 0x3eaaaaaa, 0x3eaaaaaa,
    };
    static const double want_rint[4][2] = {
        { 2.0, -2.0 }, { 3.0, -2.0 }, { 2.0, -3.0 }, { 2.0, -2.0 },
    };
    static const long want_lrint[4] = { -2, -1, -2, -1 };
    volatile double one = 1.0, three = 3.0, h = 2.5, m = -1.5;

    for (int i = 0; i < 4; i++) {
        fesetround(modes[i].mode);
        /* volatile: GCC moves arithmetic across fesetround otherwise */
        volatile double t = one / three, mt = -one / three;
        volatile float f = (float)t;
        volatile double r1 = rint(h), r2 = rint(-h);
        volatile long l = lrint(m);
        int got_mode = fegetround();
        fesetround(FE_TONEAREST);
        CHECK(got_mode == modes[i].mode && bits_d(t) == want_third[i] &&
              bits_d(mt) == want_mthird[i] && bits_f(f) == want_f[i] &&
              r1 == want_rint[i][0] && r2 == want_rint[i][1] &&
              l == want_lrint[i],
              "%s: 1/3=%a -1/3=%a (float)=%a rint(+-2.5)=%g,%g lrint(-1.5)=%ld",
              modes[i].name, t, mt, f, r1, r2, l);
    }
}

static const char *flags_str(int f)
{
    static char buf[64];

    snprintf(buf, sizeof(buf), "%s%s%s%s%s",
             f & FE_INVALID ? " invalid" : "",
             f & FE_DIVBYZERO ? " divbyzero" : "",
             f & FE_OVERFLOW ? " overflow" : "",
             f & FE_UNDERFLOW ? " underflow" : "",
             f & FE_INEXACT ? " inexact" : "");
    return buf;
}

#define EXC_ALL \
    (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT)

static void test_exceptions(void)
{
    volatile double zero = 0.0, one = 1.0, three = 3.0, big = DBL_MAX;
    volatile double tiny = DBL_MIN, minus = -1.0, huge = 0x1p100, r;
    volatile float bigf = FLT_MAX;
    static const struct { const char *name; int want; } cases[] = {
        { "1/0", FE_DIVBYZERO }, { "0/0", FE_INVALID },
        { "max*2", FE_OVERFLOW | FE_INEXACT },
        { "min/3", FE_UNDERFLOW | FE_INEXACT }, { "1/3", FE_INEXACT },
        { "sqrt(-1)", FE_INVALID }, { "2/1", 0 },
        { "(float)max", FE_OVERFLOW | FE_INEXACT },
        { "(long)2^100", FE_INVALID },
    };

    for (int i = 0; i < 9; i++) {
        feclearexcept(EXC_ALL);
        switch (i) {
        case 0: r = one / zero; break;
        case 1: r = zero / zero; break;
        case 2: r = big * 2; break;
        case 3: r = tiny / three; break;
        case 4: r = one / three; break;
        case 5: r = sqrt(minus); break;
        case 6: r = (one + one) / one; break;
        case 7: bigf = (float)(big); break;
        case 8: {
            long li = (long)huge;      /* FCVTZS, CVTTSD2SI to 64 bits */
            asm volatile("" : : "r"(li));
            break;
        }
        }
        int got = fetestexcept(EXC_ALL);
        CHECK(got == cases[i].want, "flags %s:%s", cases[i].name,
              flags_str(got));
    }
    (void)r;
    (void)bigf;

    /* Flags accumulate until cleared; feraiseexcept sets them directly. */
    feclearexcept(EXC_ALL);
    r = one / zero;
    r = one / three;
    feraiseexcept(FE_UNDERFLOW);
    int got = fetestexcept(EXC_ALL);
    CHECK(got == (FE_DIVBYZERO | FE_INEXACT | FE_UNDERFLOW),
          "flags sticky:%s", flags_str(got));
    feclearexcept(EXC_ALL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_libm();
    test_rounding();
    test_exceptions();
    arch_fp_tests();
    return check_finish("fpsimd");
}
