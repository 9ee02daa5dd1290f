/*
 * The benchmark's kernels outside bench.c: each returns a check value
 * that must be the same on every emulator.
 */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stdint.h>

uint64_t xorshift(uint64_t *s);

/* Floating point (fp.c): double n-body steps, a float FIR filter. */
uint64_t k_nbody(void);
uint64_t k_fir(void);

/*
 * Translation (jit.c): writes fresh code and runs each block once, so its
 * time is the emulator's translation time; JIT_INSNS guest instructions
 * are written and run per call.
 */
uint64_t k_jit(void);
extern const uint64_t jit_insns;

#endif
