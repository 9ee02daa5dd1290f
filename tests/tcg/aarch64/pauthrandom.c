/*
 * Random test of FEAT_PAuth (-cpu max): 120,000 instructions picked by a
 * fixed-seed generator from every PAC/AUT/XPAC form and PACGA, on random
 * pointers (canonical or not, tagged or not), modifiers and signed
 * pointers (intact or with one bit flipped), under a random TCR_EL1
 * (T0SZ/T1SZ 0-39, TBI0/1, TBID0/1), random keys and random SCTLR_EL1
 * key enables, which change every 64 instructions.  TxSZ stays below 40:
 * QEMU's max has FEAT_TTST (up to 48), Kemu's MMU clamps to 39.  The results feed a
 * checksum printed every 4,000 instructions.
 */
#include "pauthops.h"

#define N_OPS 120000

static uint64_t rand_ptr(uint64_t tcr)
{
    uint64_t r = rnd(), p = rnd();
    int hi = r & 1, tsz = ((tcr >> (hi ? 16 : 0)) & 0x3f);
    int bits = 64 - (tsz < 16 ? 16 : tsz);
    uint64_t low = p & ((1ull << bits) - 1);

    switch ((r >> 1) & 3) {
    case 0:         /* canonical in its range */
        return hi ? low | ~((1ull << bits) - 1) : low;
    case 1:         /* canonical below a random tag */
        return (hi ? low | ~((1ull << bits) - 1) : low) ^
               (rnd() & 0xff00000000000000ull);
    default:
        return p;
    }
}

static void new_config(uint64_t *tcr, uint64_t sctlr)
{
    uint64_t keys[10], r = rnd();

    for (int i = 0; i < 10; i++) {
        keys[i] = rnd();
    }
    set_keys(keys);
    *tcr = TCR_TG1_4K | (r % 40) | ((r >> 8) % 40) << 16 |
           ((r >> 16) & 3) << 37 | ((r >> 18) & 3) << 51;
    MSR(tcr_el1, *tcr);
    /*
     * Mostly everything enabled; sometimes a random subset, never empty:
     * with no key enabled QEMU 7.2 makes XPAC* NOPs (the Arm ARM strips).
     */
    uint64_t en = r & (1ull << 20) ? SCTLR_EN_ALL & rnd() : SCTLR_EN_ALL;
    MSR(sctlr_el1, sctlr | (en ? en : SCTLR_ENIB));
}

int main(void)
{
    uint64_t sum = 0, tcr = 0, sctlr = sctlr_base(), last = 0;

    for (int i = 0; i < N_OPS; i++) {
        uint64_t r = rnd(), x, m = r & 0x10 ? rnd() : r & 0x20 ? 0 : last;
        const PauthOp *op = &pauth_ops[(r >> 16) % N_PAUTH_OPS];

        if (i % 64 == 0) {
            new_config(&tcr, sctlr);
        }
        /* Authenticate what an earlier PAC made, sometimes damaged. */
        x = r & 0x40 ? last : rand_ptr(tcr);
        if ((r & 0x3c0) == 0x380) {
            x ^= 1ull << ((r >> 24) & 63);
        }
        last = op->fn(x, m);
        sum = mix(sum, last);
        if ((i + 1) % 4000 == 0) {
            print_val("sum", sum);
        }
    }
    MSR(sctlr_el1, sctlr);
    puts_uart("END\n");
    return 0;
}
