/* Loads and stores in every addressing mode, size and extension. */
#include "runtime.h"

static uint64_t buf[32] __attribute__((aligned(16)));

/*
 * In insn: %0 and %1 are results, %2 the base (written back by indexed
 * forms), %3 an index register, %4 a value to store.  Base is &buf[8].
 */
#define LS(label, insn, idx, val) do {                                  \
        uint64_t r0_ = 0, r1_ = 0, b_ = (uint64_t)&buf[8];              \
        __asm__ volatile(insn : "=&r"(r0_), "=&r"(r1_), "+r"(b_)        \
                         : "r"((uint64_t)(idx)), "r"((uint64_t)(val))   \
                         : "memory", "x9");                             \
        print_val(label, r0_);                                          \
        print_val(label " r1", r1_);                                    \
        print_val(label " base", b_ - (uint64_t)&buf[8]);               \
    } while (0)

static void fill(void)
{
    for (int i = 0; i < 32; i++) {
        buf[i] = 0x8182838485868788ull * (i + 1) ^ 0x0123456789abcdefull;
    }
}

static void dump(const char *label)
{
    uint64_t sum = 0;

    for (int i = 0; i < 32; i++) {
        sum = (sum << 7 | sum >> 57) ^ buf[i];
    }
    print_val(label, sum);
}

static void loads(void)
{
    LS("ldrb", "ldrb %w0, [%2, #3]", 0, 0);
    LS("ldrsb w", "ldrsb %w0, [%2, #7]", 0, 0);
    LS("ldrsb x", "ldrsb %0, [%2, #4095]", 0, 0);
    LS("ldrh", "ldrh %w0, [%2, #6]", 0, 0);
    LS("ldrsh w", "ldrsh %w0, [%2, #2]", 0, 0);
    LS("ldrsh x", "ldrsh %0, [%2, #14]", 0, 0);
    LS("ldr w", "ldr %w0, [%2, #4]", 0, 0);
    LS("ldrsw", "ldrsw %0, [%2, #12]", 0, 0);
    LS("ldr x", "ldr %0, [%2, #8]", 0, 0);
    LS("ldur", "ldur %0, [%2, #-8]", 0, 0);
    LS("ldurb", "ldurb %w0, [%2, #-1]", 0, 0);
    LS("ldursh", "ldursh %0, [%2, #-255]", 0, 0);
    LS("ldursw", "ldursw %0, [%2, #-20]", 0, 0);
    LS("ldr pre", "ldr %0, [%2, #16]!", 0, 0);
    LS("ldr post", "ldr %0, [%2], #-24", 0, 0);
    LS("ldrb pre", "ldrb %w0, [%2, #-3]!", 0, 0);
    LS("ldrsh post", "ldrsh %w0, [%2], #255", 0, 0);
    LS("ldrsw pre", "ldrsw %0, [%2, #-256]!", 0, 0);
    LS("ldr reg", "ldr %0, [%2, %3]", 16, 0);
    LS("ldr lsl3", "ldr %0, [%2, %3, lsl #3]", -3, 0);
    LS("ldr uxtw", "ldr %w0, [%2, %w3, uxtw]", 8, 0);
    LS("ldr sxtw2", "ldr %w0, [%2, %w3, sxtw #2]", 0xfffffffe, 0);
    LS("ldrsb sxtx", "ldrsb %0, [%2, %3, sxtx]", -5, 0);
    LS("ldrh uxtw1", "ldrh %w0, [%2, %w3, uxtw #1]", 5, 0);
    LS("ldrsh sxtw", "ldrsh %0, [%2, %w3, sxtw]", -6, 0);
    LS("ldrsw lsl2", "ldrsw %0, [%2, %3, lsl #2]", 3, 0);
    LS("ldrb lsl0", "ldrb %w0, [%2, %3, lsl #0]", 9, 0);
    LS("ldp", "ldp %0, %1, [%2, #16]", 0, 0);
    LS("ldp w", "ldp %w0, %w1, [%2, #-8]", 0, 0);
    LS("ldp pre", "ldp %0, %1, [%2, #-64]!", 0, 0);
    LS("ldp post", "ldp %w0, %w1, [%2], #252", 0, 0);
    LS("ldpsw", "ldpsw %0, %1, [%2, #4]", 0, 0);
    LS("ldpsw pre", "ldpsw %0, %1, [%2, #-256]!", 0, 0);
    LS("ldnp", "ldnp %0, %1, [%2, #32]", 0, 0);
    LS("ldr lit", "ldr %0, 1f\n\tb 2f\n\t.balign 8\n1:\t.quad 0xfedcba9876543210\n2:", 0, 0);
    LS("ldr litw", "ldr %w0, 1f\n\tb 2f\n1:\t.word 0x87654321\n2:", 0, 0);
    LS("ldrsw lit", "ldrsw %0, 1f\n\tb 2f\n1:\t.word 0x87654321\n2:", 0, 0);
    LS("prfm", "prfm pldl1keep, [%2, #64]\n\tprfm pstl2strm, [%2, %3]\n\t"
       "prfm plil1keep, 1f\n1:", 8, 0);
}

static void stores(void)
{
    LS("strb", "strb %w4, [%2, #1]", 0, 0x1122334455667788ull);
    dump("mem");
    LS("strh", "strh %w4, [%2, #10]", 0, 0x1122334455667788ull);
    dump("mem");
    LS("str w", "str %w4, [%2, #20]", 0, 0xa1b2c3d4e5f60718ull);
    dump("mem");
    LS("str x", "str %4, [%2, #32760]\n\tldr %0, [%2, #32760]", 0, 0x55aa);
    LS("str x", "str %4, [%2, #24]", 0, 0xa1b2c3d4e5f60718ull);
    dump("mem");
    LS("stur", "stur %4, [%2, #-13]", 0, 0x0102030405060708ull);
    dump("mem");
    LS("str pre", "str %4, [%2, #-32]!", 0, 0xdeadbeefcafef00dull);
    dump("mem");
    LS("strh post", "strh %w4, [%2], #-2", 0, 0xbeef);
    dump("mem");
    LS("str reg", "str %w4, [%2, %3, lsl #2]", -7, 0x12345678);
    dump("mem");
    LS("strb sxtw", "strb %w4, [%2, %w3, sxtw]", -9, 0x99);
    dump("mem");
    LS("stp", "stp %4, %3, [%2, #48]", 0x77, 0x66);
    dump("mem");
    LS("stp w pre", "stp %w4, %w3, [%2, #-16]!", 0x77, 0x66);
    dump("mem");
    LS("stp post", "stp %3, %4, [%2], #128", 0x12, 0x34);
    dump("mem");
    LS("stnp", "stnp %3, %4, [%2, #-48]", 0x56, 0x78);
    dump("mem");
    LS("stp xzr", "stp xzr, xzr, [%2]\n\tldr %0, [%2]", 0, 0);
    dump("mem");
    LS("str wb same", "mov %0, %2\n\tstr %0, [%2, #8]!\n\tldr %1, [%2]\n\t"
       "sub %1, %1, %0", 0, 0);
}

int main(void)
{
    fill();
    dump("mem");
    loads();
    stores();
    for (int i = 0; i < 32; i++) {
        print_val("buf", buf[i]);
    }
    puts_uart("END\n");
    return 0;
}
