/*
 * A JIT-like workload: fill a code buffer with JIT_BLOCKS blocks of
 * straight-line A64 code (arithmetic, shifts, multiply-add, loads,
 * compare and select), make it visible to instruction fetch, and call
 * every block once.  Each call uses new immediates, so the emulator must
 * translate all of it again: the time is dominated by translation.
 */
#include <stddef.h>
#include "kernels.h"

#define JIT_BLOCKS 1024
#define JIT_BODY   31          /* instructions before the RET */
#define JIT_STRIDE 32          /* words per block */

const uint64_t jit_insns = JIT_BLOCKS * (JIT_BODY + 1);

static uint32_t code[JIT_BLOCKS * JIT_STRIDE] __attribute__((aligned(4096)));
static const uint64_t table[64] = {
    0x0123456789abcdefull, 0xfedcba9876543210ull, 0x9e3779b97f4a7c15ull,
    0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull, 0x27d4eb2f165667c5ull,
};

/* x0 and x2-x7 are scratch; x1 points at table. */
static unsigned reg(uint64_t r)
{
    static const unsigned regs[] = { 0, 2, 3, 4, 5, 6, 7 };
    return regs[r % 7];
}

static uint32_t gen_insn(uint64_t *s)
{
    uint64_t r = xorshift(s);
    unsigned d = reg(r >> 8), n = reg(r >> 12), m = reg(r >> 16);
    unsigned a = reg(r >> 20), imm = (r >> 24) & 0xfff;

    switch (r % 7) {
    case 0:                                     /* ADD Xd, Xn, #imm */
        return 0x91000000 | imm << 10 | n << 5 | d;
    case 1:                                     /* EOR Xd, Xn, Xm, ROR #s */
        return 0xca000000 | 3u << 22 | m << 16 | (imm & 63) << 10 | n << 5 | d;
    case 2:                                     /* MADD Xd, Xn, Xm, Xa */
        return 0x9b000000 | m << 16 | a << 10 | n << 5 | d;
    case 3:                                     /* LDR Xd, [X1, #8*i] */
        return 0xf9400000 | (imm & 63) << 10 | 1u << 5 | d;
    case 4:                                     /* CMP Xn, Xm */
        return 0xeb00001f | m << 16 | n << 5;
    case 5:                                     /* CSEL Xd, Xn, Xm, cond */
        return 0x9a800000 | m << 16 | (imm & 13) << 12 | n << 5 | d;
    default:                                    /* UBFM: LSR Xd, Xn, #s */
        return 0xd340fc00 | (imm & 63) << 16 | n << 5 | d;
    }
}

static void sync_code(void)
{
    for (size_t i = 0; i < sizeof(code); i += 64) {
        __asm__ volatile("dc cvau, %0" : : "r"((char *)code + i) : "memory");
    }
    __asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" : : : "memory");
}

uint64_t k_jit(void)
{
    static uint64_t seed = 0x2545f4914f6cdd1dull;
    typedef uint64_t JitFn(uint64_t, const uint64_t *);
    uint64_t h = 0;

    for (int b = 0; b < JIT_BLOCKS; b++) {
        uint32_t *p = &code[b * JIT_STRIDE];

        for (int i = 0; i < JIT_BODY; i++) {
            p[i] = gen_insn(&seed);
        }
        p[JIT_BODY] = 0xd65f03c0;                   /* RET */
    }
    sync_code();
    for (int b = 0; b < JIT_BLOCKS; b++) {
        JitFn *fn = (JitFn *)(uintptr_t)&code[b * JIT_STRIDE];
        h = (h ^ fn(h, table)) * 0x100000001b3ull;
    }
    return h;
}
