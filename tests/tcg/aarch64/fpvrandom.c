/*
 * Random Advanced SIMD floating-point test: 120,000 instructions from the
 * forms of fpvops.h (gen_simdops.py --fpvec), picked by a fixed-seed
 * generator, on registers whose lanes are fprand.h's special-biased
 * singles and doubles (or small integers, for the conversions), under a
 * random FPCR (RMode, FZ, DN) that changes every 8 instructions, when
 * FPSR is also cleared.  Each instruction's state hash and FPSR feed a
 * checksum printed every 4,000.
 */
#define SIMD_OPS_HEADER "fpvops.h"
#include "simdrun.h"
#include "fpops.h"
#include "fprand.h"

#define N_OPS 120000

static uint64_t rand_fp_half(void)
{
    uint64_t r = rnd();

    switch (r & 3) {
    case 0:
        return rand_d();
    case 1:     /* integers for SCVTF/UCVTF, small or near the limits */
        return rnd() & (r & 4 ? 0x000003ff000003ffull : 0x8000ffff8000ffffull);
    default:
        return rand_s() | rand_s() << 32;
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
        s.v[reg][0] = rand_fp_half();
        s.v[reg][1] = rand_fp_half();
        if (r & 0x100) {    /* FMLA and friends: V2 from the sources */
            s.v[2][0] = rand_fp_half();
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
