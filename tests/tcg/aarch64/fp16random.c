/*
 * Random half-precision test (FEAT_FP16, -cpu max): 120,000 instructions
 * from the scalar and Advanced SIMD forms of fp16ops.h (gen_simdops.py
 * --fp16), picked by a fixed-seed generator, on registers whose lanes are
 * special-biased halves (or small integers, for the conversions), under a
 * random FPCR (RMode, FZ, DN, FZ16) that changes every 8 instructions,
 * when FPSR is also cleared.  Each instruction's state hash and FPSR feed
 * a checksum printed every 4,000.
 */
#define SIMD_OPS_HEADER "fp16ops.h"
#include "simdrun.h"
#include "fpops.h"
#include "fprand.h"

#define N_OPS 120000
#define FPCR_FZ16 (1ull << 19)

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

int main(void)
{
    static SimdState s;
    uint64_t sum = 0;

    for (int i = 0; i < N_OPS; i++) {
        uint64_t r = rnd();
        int reg = r % 6;

        if (i % 8 == 0) {
            set_fpcr(fpcr_config(rnd() % 16) |
                     (rnd() & 1 ? FPCR_FZ16 : 0));
            set_fpsr(0);
        }
        s.v[reg][0] = rand_h4();
        s.v[reg][1] = rand_h4();
        if (r & 0x100) {    /* FMLA and friends: V2 from the sources */
            s.v[2][0] = rand_h4();
        }
        if (r & 0x200) {    /* W9/X9: a half, a single or a double */
            s.x = r & 0x400 ? rand_h() : r & 0x800 ? rand_d() : rand_s();
        }
        simd_ops[(r >> 16) % N_SIMD_OPS].fn(&s);
        sum = mix(mix(sum, simd_hash(&s)), get_fpsr());
        if ((i + 1) % 4000 == 0) {
            print_val("sum", sum);
        }
    }
    set_fpcr(0);
    puts_uart("END\n");
    return 0;
}
