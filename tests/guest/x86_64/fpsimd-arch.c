/*
 * The x86-64 part of fpsimd.c: MXCSR flush-to-zero (FTZ) and
 * denormals-are-zero (DAZ), and MXCSR's rounding control apart from the
 * x87 control word's.
 */
#include <float.h>
#include <stdint.h>

#include "arch.h"
#include "check.h"

static uint32_t get_mxcsr(void)
{
    uint32_t v;

    asm volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_mxcsr(uint32_t v)
{
    asm volatile("ldmxcsr %0" : : "m"(v));
}

void arch_fp_tests(void)
{
    volatile double tiny = DBL_MIN, half = 0.5, zero = 0.0, one = 1.0;
    volatile double three = 3.0;
    uint32_t mxcsr = get_mxcsr();

    double before = tiny * half;
    set_mxcsr(mxcsr | 1 << 15);                  /* FTZ */
    double after = tiny * half;
    set_mxcsr(mxcsr);
    CHECK(before == DBL_MIN / 2 && after == 0.0,
          "flush-to-zero: off=%a on=%a", before, after);

    volatile double den = DBL_MIN / 4;
    before = den + zero;
    set_mxcsr(mxcsr | 1 << 6);                   /* DAZ */
    after = den + zero;
    set_mxcsr(mxcsr);
    CHECK(before == DBL_MIN / 4 && after == 0.0,
          "denormals-are-zero: off=%a on=%a", before, after);

    /* MXCSR rounding up leaves the x87 rounding to nearest. */
    set_mxcsr((mxcsr & ~0x6000u) | 0x4000u);
    double sse = one / three;
    volatile long double lone = 1.0L, lthree = 3.0L;
    long double x87 = lone / lthree;
    set_mxcsr(mxcsr);
    CHECK(sse > 1.0 / 3 && x87 == 1.0L / 3, "mxcsr rc up: sse=%a x87=%La",
          sse, x87);
}
