/*
 * Random half-precision operands for fp16random.c and extrandom.c, from
 * fprand.h's generator: halves biased toward zeros, subnormals,
 * infinities, NaNs, extremes, values near 1 and small integers.
 */
#ifndef TCG_AARCH64_FP16RAND_H
#define TCG_AARCH64_FP16RAND_H

#include "fprand.h"

/* A half biased toward zeros, subnormals, infinities, NaNs, extremes. */
static uint64_t rand_h(void)
{
    static const uint16_t sp[] = {
        0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7e12, 0x7c01, 0xfd23, 1,
        0x03ff, 0x0400, 0x7bff, 0x3c00, 0x7800, 0x5bff, 0x3800,
    };
    uint64_t r = rnd();
    uint16_t v = r >> 32, sign = (r & 8) << 12;

    switch (r & 7) {
    case 0:
        return sp[(r >> 4) % 16] ^ sign;
    case 1:     /* near 1 */
        return (v & 0x83ff) | (uint16_t)(12 + (r >> 4) % 8) << 10;
    case 2:     /* subnormal and tiny */
        return (v & 0x83ff) | (uint16_t)((r >> 4) % 3) << 10;
    case 3:     /* huge */
        return (v & 0x83ff) | (uint16_t)(27 + (r >> 4) % 4) << 10;
    case 4:     /* few significant bits: exact results, ties */
        return (v & 0x83c0) | (uint16_t)(10 + (r >> 4) % 12) << 10;
    case 5:     /* small integers for SCVTF/UCVTF and W9/X9 */
        return v & (r & 0x100 ? 0x3f : 0x80ff);
    default:
        return v;
    }
}

static uint64_t rand_h4(void)
{
    uint64_t v = 0;

    for (int i = 0; i < 4; i++) {
        v = v << 16 | rand_h();
    }
    return v;
}

#endif
