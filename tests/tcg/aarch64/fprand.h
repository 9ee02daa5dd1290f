/*
 * Random FP operands for fprandom.c and fpvrandom.c: a fixed-seed
 * xorshift generator and single/double bit patterns biased toward the
 * special encodings (zeros, subnormals, infinities, NaNs with payloads,
 * extremes, values near 1, few significant bits).
 */
#ifndef TCG_AARCH64_FPRAND_H
#define TCG_AARCH64_FPRAND_H

#include <stdint.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
}

static uint64_t rand_s(void)
{
    static const uint32_t sp[] = {
        0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc0abcd,
        0x7f800abc, 0xff812345, 1, 0x007fffff, 0x00800000, 0x7f7fffff,
        0x3f800000, 0x4f000000, 0x5f000000, 0x3f000000,
    };
    uint64_t r = rnd();
    uint32_t v = r >> 32, sign = (r & 8) << 28;

    switch (r & 7) {
    case 0:
        return sp[(r >> 4) % 16] ^ sign;
    case 1:
        return (v & 0x807fffff) | (uint32_t)(0x70 + (r >> 4) % 32) << 23;
    case 2:
        return (v & 0x807fffff) | (uint32_t)((r >> 4) % 24) << 23;
    case 3:
        return (v & 0x807fffff) | (uint32_t)(0xe8 + (r >> 4) % 24) << 23;
    case 4:     /* few significant bits: exact results, ties */
        return (v & 0x80780000) | (uint32_t)(0x78 + (r >> 4) % 16) << 23;
    default:
        return v;
    }
}

static uint64_t rand_d(void)
{
    static const uint64_t sp[] = {
        0, 1ull << 63, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff800000000abcdull, 0x7ff0000000000abcull,
        0xfff1234500000000ull, 1, 0x000fffffffffffffull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0x3ff0000000000000ull,
        0x43e0000000000000ull, 0x41e0000000000000ull, 0x47efffffe0000000ull,
    };
    uint64_t r = rnd(), v = rnd(), sign = (r & 8) << 60;
    uint64_t m = 0x800fffffffffffffull;

    switch (r & 7) {
    case 0:
        return sp[(r >> 4) % 16] ^ sign;
    case 1:
        return (v & m) | (0x3e0 + (r >> 4) % 64) << 52;
    case 2:
        return (v & m) | ((r >> 4) % 60) << 52;
    case 3:
        return (v & m) | (0x7c0 + (r >> 4) % 63) << 52;
    case 4:     /* single-precision edges as doubles */
        return (v & 0x800ff00000000000ull) |
               (0x360 + (r >> 4) % 0x120) << 52;
    default:
        return v;
    }
}

#endif
