/*
 * Random test of the Armv8.1-8.6 SIMD&FP extensions (-cpu max): 120,000
 * instructions from the forms of extops.h (gen_simdops.py --ext):
 * SQRDMLAH/SQRDMLSH, SDOT/UDOT, USDOT/SUDOT, SMMLA/UMMLA/USMMLA,
 * FCMLA/FCADD, FMLAL/FMLSL(2), FRINT32/64 and FJCVTZS, picked by a fixed-seed generator, on registers whose 64-bit
 * halves hold special-biased halves, singles, doubles or any bits, under
 * a random FPCR (RMode, FZ, DN, FZ16) that changes every 8 instructions,
 * when FPSR (QC included) is also cleared.  Each instruction's state hash
 * and FPSR feed a checksum printed every 4,000.
 */
#define SIMD_OPS_HEADER "extops.h"
#include "simdrun.h"
#include "fpops.h"
#include "fp16rand.h"

#define N_OPS 120000
#define FPCR_FZ16 (1ull << 19)

static uint64_t rand_lanes(void)
{
    uint64_t r = rnd();

    switch (r & 3) {
    case 0:
        return rand_h4();
    case 1:
        return rand_s() | rand_s() << 32;
    case 2:
        return rand_d();
    default:    /* integers near the saturation limits, or anything */
        return r & 4 ? rnd() | 0x7fff7fff7fff7fffull : rnd();
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
            set_fpcr(fpcr_config(rnd() % 16) |
                     (rnd() & 1 ? FPCR_FZ16 : 0));
            set_fpsr(0);
        }
        s.v[reg][0] = rand_lanes();
        s.v[reg][1] = rand_lanes();
        if (r & 0x100) {    /* accumulating forms: V2 from the sources */
            s.v[2][0] = rand_lanes();
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
