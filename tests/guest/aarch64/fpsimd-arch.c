/* The AArch64 part of fpsimd.c: FPCR.FZ. */
#include <float.h>
#include <stdint.h>

#include "arch.h"
#include "check.h"

/* FPCR.FZ: subnormal results and inputs become zero. */
void arch_fp_tests(void)
{
    volatile double tiny = DBL_MIN, half = 0.5;
    uint64_t fpcr;

    double before = tiny * half;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    asm volatile("msr fpcr, %0" : : "r"(fpcr | (1 << 24)));
    double after = tiny * half;
    asm volatile("msr fpcr, %0" : : "r"(fpcr));
    CHECK(before == DBL_MIN / 2 && after == 0.0,
          "flush-to-zero: off=%a on=%a", before, after);
}
