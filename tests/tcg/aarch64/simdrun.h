/*
 * Runs the Advanced SIMD instruction forms of simdops.h on given register
 * contents, for simd.c and simdrandom.c.  Each form gets V0-V5 from
 * SimdState.v, W9/X9 from .x, X10 = .mem (64 bytes, 16-byte aligned) and
 * X11 = 16 (V31 is scratch); afterwards .v, .x and .mem hold what the
 * instruction left, and .off is how far X10 moved (post-indexed loads and
 * stores).
 */
#ifndef TCG_AARCH64_SIMDRUN_H
#define TCG_AARCH64_SIMDRUN_H

#include <stdint.h>
#include "runtime.h"
/* The forms: simdops.h unless the program names another list. */
#ifdef SIMD_OPS_HEADER
#include SIMD_OPS_HEADER
#else
#include "simdops.h"
#endif

typedef struct SimdState {
    uint64_t v[6][2];               /* V0-V5, low half first */
    uint64_t mem[8];
    uint64_t x, off;
} __attribute__((aligned(16))) SimdState;

#define SIMD_FN(n, insn)                                                    \
static void simd_op_##n(SimdState *s)                                       \
{                                                                           \
    __asm__ volatile(                                                       \
        "ldp q0, q1, [%0]\n\tldp q2, q3, [%0, #32]\n\t"                     \
        "ldp q4, q5, [%0, #64]\n\tldr x9, [%0, #160]\n\t"                   \
        "add x10, %0, #96\n\tmov x11, #16\n\t"                              \
        insn "\n\t"                                                         \
        "stp q0, q1, [%0]\n\tstp q2, q3, [%0, #32]\n\t"                     \
        "stp q4, q5, [%0, #64]\n\tstr x9, [%0, #160]\n\t"                   \
        "sub x10, x10, %0\n\tsub x10, x10, #96\n\tstr x10, [%0, #168]"      \
        : : "r"(s)                                                          \
        : "x9", "x10", "x11", "v0", "v1", "v2", "v3", "v4", "v5", "v31",   \
          "memory");                                                        \
}
SIMD_OPS(SIMD_FN)

typedef struct SimdOp {
    const char *insn;
    void (*fn)(SimdState *s);
} SimdOp;

#define SIMD_ENTRY(n, insn) { insn, simd_op_##n },
static const SimdOp simd_ops[] = { SIMD_OPS(SIMD_ENTRY) };
#define N_SIMD_OPS (sizeof(simd_ops) / sizeof(simd_ops[0]))

/* Everything an instruction may have changed, folded into 64 bits. */
static inline uint64_t simd_hash(const SimdState *s)
{
    const uint64_t *w = (const uint64_t *)s;
    uint64_t h = 0xcbf29ce484222325ull;

    for (unsigned i = 0; i < sizeof(*s) / 8; i++) {
        h = (h ^ w[i]) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h;
}

#endif
