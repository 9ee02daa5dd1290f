/*
 * SSE helpers where the host CPU is no exact oracle: RCPPS/RSQRTPS (the
 * SDM bounds their relative error by 1.5 * 2^-12 and CPU models differ)
 * and their special values; plus the x86 MAXPS operand rule and DE.
 */
#include "kemu/osdep.h"
#include <math.h>
#include "../../target/i386/cpu.h"
#include "tcg/helper-proto.h"
#include "../../target/i386/helper.h"

static float f32(uint32_t v)
{
    float f;

    memcpy(&f, &v, 4);
    return f;
}

static uint32_t u32(float f)
{
    uint32_t v;

    memcpy(&v, &f, 4);
    return v;
}

static void test_rcp_rsqrt_tolerance(void)
{
    CPUX86State env = { .mxcsr = 0x1f80 };
    GRand *r = g_rand_new_with_seed(42);

    for (int n = 0; n < 20000; n++) {
        /* Normal inputs whose reciprocals stay normal. */
        uint32_t x = (g_rand_int(r) & 0x807fffff) |
                     (uint32_t)g_rand_int_range(r, 2, 252) << 23;
        X86XMMReg s = { .l = { x, x & 0x7fffffff, x, x } }, d1 = { 0 };
        X86XMMReg d2 = { 0 };
        double rcp = 1.0 / f32(x), rsq = 1.0 / sqrt(f32(x & 0x7fffffff));

        helper_rcpps(&env, &d1, &s);
        helper_rsqrtps(&env, &d2, &s);
        g_assert_cmpfloat(fabs(f32(d1.l[0]) - rcp), <=,
                          1.5 * ldexp(1, -12) * fabs(rcp));
        g_assert_cmpfloat(fabs(f32(d2.l[1]) - rsq), <=,
                          1.5 * ldexp(1, -12) * rsq);
    }
    g_rand_free(r);
    g_assert_cmphex(env.mxcsr, ==, 0x1f80);     /* no flags, ever */
}

static void test_rcp_special(void)
{
    CPUX86State env = { .mxcsr = 0x1f80 };
    X86XMMReg s = { .l = { 0x80000000, 0x7f800000, 0x00000001, 0x7f800001 } };
    X86XMMReg d = { 0 };

    helper_rcpps(&env, &d, &s);
    g_assert_cmphex(d.l[0], ==, 0xff800000);    /* 1/-0 = -inf */
    g_assert_cmphex(d.l[1], ==, 0);             /* 1/inf = +0 */
    g_assert_cmphex(d.l[2], ==, 0x7f800000);    /* denormal reads as 0 */
    g_assert_cmphex(d.l[3], ==, 0x7fc00001);    /* SNaN quieted */
    s.l[0] = u32(-4.0f);
    helper_rsqrtps(&env, &d, &s);
    g_assert_cmphex(d.l[0], ==, 0xffc00000);    /* negative: default NaN */
    g_assert_cmphex(env.mxcsr, ==, 0x1f80);
}

static void test_max_rule_and_de(void)
{
    CPUX86State env = { .mxcsr = 0x1f80 };
    X86XMMReg d = { .l = { 0x7fc00000, 0x80000000, 0x3f800000, 0x00000001 } };
    X86XMMReg s = { .l = { 0x40000000, 0x00000000, 0x7fc00001, 0 } };

    helper_maxps(&env, &d, &s);
    g_assert_cmphex(d.l[0], ==, 0x40000000);    /* NaN first: the second */
    g_assert_cmphex(d.l[1], ==, 0x00000000);    /* -0 vs +0: the second */
    g_assert_cmphex(d.l[2], ==, 0x7fc00001);    /* NaN second: the second */
    g_assert_cmphex(d.l[3], ==, 0x00000001);    /* denormal > 0 */
    /* IE for the QNaNs, DE for the denormal lane. */
    g_assert_cmphex(env.mxcsr, ==, 0x1f80 | 1 | 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-sse/rcp-rsqrt-tolerance", test_rcp_rsqrt_tolerance);
    g_test_add_func("/x86-sse/rcp-special", test_rcp_special);
    g_test_add_func("/x86-sse/max-rule-and-de", test_max_rule_and_de);
    return g_test_run();
}
