/* Driver of the generated random-instruction test (gen_random.py). */
#include "runtime.h"

void random_test(void);

static unsigned block;

/* Called after each block with x0-x28 and NZCV saved at regs[0..29]. */
void checkpoint_c(const uint64_t *regs)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (int i = 0; i < 30; i++) {
        h = (h ^ regs[i]) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    puts_uart("blk ");
    put_hex(block++, 4);
    putc_uart(' ');
    put_hex(h, 16);
    puts_uart(" nzcv=");
    put_hex(regs[29] >> 28, 1);
    putc_uart('\n');
}

int main(void)
{
    random_test();
    puts_uart("END\n");
    return 0;
}
