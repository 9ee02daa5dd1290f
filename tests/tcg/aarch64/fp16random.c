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
#include "fp16rand.h"

#define N_OPS 120000
#define FPCR_FZ16 (1ull << 19)

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
