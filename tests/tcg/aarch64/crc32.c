/* CRC32B/H/W/X and CRC32CB/H/W/X over a few accumulators and values. */
#include "runtime.h"

#define CRC(insn, w, acc, val) ({                                        \
        uint64_t r_;                                                    \
        __asm__(insn " %w0, %w1, %" w "2" : "=r"(r_)                    \
                : "r"((uint64_t)(acc)), "r"((uint64_t)(val)));          \
        r_; })

int main(void)
{
    static const uint64_t accs[] = { 0, 0xffffffff, 0x12345678 };
    static const uint64_t vals[] = {
        0, 0xffffffffffffffffull, 0x0123456789abcdefull, 0x8000000000000001ull,
    };

    for (unsigned i = 0; i < 3; i++) {
        for (unsigned j = 0; j < 4; j++) {
            uint64_t a = accs[i], v = vals[j];
            print_val("crc32b", CRC("crc32b", "w", a, v));
            print_val("crc32h", CRC("crc32h", "w", a, v));
            print_val("crc32w", CRC("crc32w", "w", a, v));
            print_val("crc32x", CRC("crc32x", "x", a, v));
            print_val("crc32cb", CRC("crc32cb", "w", a, v));
            print_val("crc32ch", CRC("crc32ch", "w", a, v));
            print_val("crc32cw", CRC("crc32cw", "w", a, v));
            print_val("crc32cx", CRC("crc32cx", "x", a, v));
        }
    }
    puts_uart("END\n");
    return 0;
}
