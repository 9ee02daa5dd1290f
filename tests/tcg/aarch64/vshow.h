/*
 * V0-V3 for the SIMD&FP register tests (fpmem.c, fpfwd.c): ONES() fills
 * them with all-ones so that partial writes show, SHOW() prints each as
 * two halves.
 */
#ifndef TESTS_TCG_AARCH64_VSHOW_H
#define TESTS_TCG_AARCH64_VSHOW_H

#include <stdint.h>
#include "runtime.h"

#define SHOW(label)                                                         \
    do {                                                                    \
        uint64_t r[8];                                                      \
        __asm__ volatile("fmov %0, d0\n\tfmov %1, v0.d[1]\n\t"              \
                         "fmov %2, d1\n\tfmov %3, v1.d[1]\n\t"              \
                         "fmov %4, d2\n\tfmov %5, v2.d[1]\n\t"              \
                         "fmov %6, d3\n\tfmov %7, v3.d[1]"                  \
                         : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]),  \
                           "=r"(r[4]), "=r"(r[5]), "=r"(r[6]), "=r"(r[7])); \
        puts_uart(label);                                                   \
        putc_uart('\n');                                                    \
        for (int k = 0; k < 8; k++) {                                       \
            print_val("  v", r[k]);                                         \
        }                                                                   \
    } while (0)

static const uint64_t ones[2] __attribute__((aligned(16))) = { ~0ull, ~0ull };
#define ONES() __asm__ volatile("ldr q0, [%0]\n\tldr q1, [%0]\n\t"          \
                                "ldr q2, [%0]\n\tldr q3, [%0]"              \
                                : : "r"(ones) : "v0", "v1", "v2", "v3")

#endif
