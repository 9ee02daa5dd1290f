/* Driver of the generated inner-loop test (gen_loops.py). */
#include "runtime.h"

typedef void LoopBlock(uint64_t *state);
extern LoopBlock *const loop_blocks[];
extern const uint64_t loop_nblocks;

/* x0-x15, d0-d7, NZCV, then the blocks' memory (from byte 256). */
static uint64_t state[64] __attribute__((aligned(64)));

int main(void)
{
    uint64_t seed = 0x243f6a8885a308d3ull;

    for (int i = 0; i < 64; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        state[i] = seed ^ (seed >> 29);
    }
    /* d0-d7: doubles of moderate magnitude */
    for (int i = 16; i < 24; i++) {
        state[i] = (state[i] & 0x800fffffffffffffull) |
                   ((uint64_t)(1023 - 8 + (state[i] >> 52) % 16) << 52);
    }
    for (uint64_t b = 0; b < loop_nblocks; b++) {
        uint64_t h = 0xcbf29ce484222325ull;

        loop_blocks[b](state);
        for (int i = 0; i < 64; i++) {
            h = (h ^ state[i]) * 0x100000001b3ull;
            h ^= h >> 29;
        }
        puts_uart("blk ");
        put_hex(b, 4);
        putc_uart(' ');
        put_hex(h, 16);
        putc_uart('\n');
    }
    puts_uart("END\n");
    return 0;
}
