/*
 * Random test of FEAT_BF16 (-cpu max): 120,000 instructions from the
 * forms of bf16ops.h (BFCVT, BFCVTN/N2, BFDOT, BFMMLA, BFMLALB/T) picked
 * by a fixed-seed generator, on registers whose halves hold bfloat16
 * values biased toward the special encodings, singles, or any bits,
 * under a random FPCR (RMode, FZ, DN) that changes every 8 instructions,
 * when FPSR is also cleared.  Each instruction's state hash and FPSR feed
 * a checksum printed every 4,000.
 */
#define SIMD_OPS_HEADER "bf16ops.h"
#include "simdrun.h"
#include "fpops.h"
#include "fprand.h"

#define N_OPS 120000

/* A bfloat16 biased toward zeros, subnormals, infinities, NaNs, extremes. */
static uint64_t rand_bf(void)
{
    static const uint16_t sp[] = {
        0, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0x7fc5, 0x7f81, 0xff93, 1,
        0x007f, 0x0080, 0x7f7f, 0x3f80, 0x7f00, 0x5f7f, 0x3f00,
    };
    uint64_t r = rnd();
    uint16_t v = r >> 32, sign = (r & 8) << 12;

    switch (r & 7) {
    case 0:
        return sp[(r >> 4) % 16] ^ sign;
    case 1:     /* near 1 */
        return (v & 0x807f) | (uint16_t)(124 + (r >> 4) % 8) << 7;
    case 2:     /* subnormal and tiny */
        return (v & 0x807f) | (uint16_t)((r >> 4) % 3) << 7;
    case 3:     /* huge */
        return (v & 0x807f) | (uint16_t)(250 + (r >> 4) % 5) << 7;
    case 4:     /* few significant bits */
        return (v & 0x8070) | (uint16_t)(100 + (r >> 4) % 56) << 7;
    default:
        return v;
    }
}

static uint64_t rand_lanes(void)
{
    uint64_t r = rnd(), v = 0;

    switch (r & 3) {
    case 0:
    case 1:
        for (int i = 0; i < 4; i++) {
            v = v << 16 | rand_bf();
        }
        return v;
    case 2:
        return rand_s() | rand_s() << 32;
    default:
        return r & 4 ? rand_d() : rnd();
    }
}

int main(void)
{
    static SimdState s;
    uint64_t sum = 0;

    for (int i = 0; i < N_OPS; i++) {
        uint64_t r = rnd();
        int reg = r % 6;

        if (i % 8 == 0) {
            set_fpcr(fpcr_config(rnd() % 16));
            set_fpsr(0);
        }
        s.v[reg][0] = rand_lanes();
        s.v[reg][1] = rand_lanes();
        if (r & 0x100) {    /* accumulating forms: V2 from the sources */
            s.v[2][0] = rand_lanes();
        }
        simd_ops[(r >> 16) % N_SIMD_OPS].fn(&s);
        sum = mix(sum, mix(simd_hash(&s), get_fpsr()));
        if ((i + 1) % 4000 == 0) {
            print_val("sum", sum);
        }
    }
    set_fpcr(0);
    puts_uart("END\n");
    return 0;
}
