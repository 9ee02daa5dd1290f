/*
 * Runs of scalar FP instructions whose translation forwards register
 * values from one instruction to the next (translate-fp.c.inc): loads,
 * arithmetic and stores back to back, narrower reads of wider values,
 * high halves that one write zeroes and the next keeps zero, and the
 * instructions that must end the forwarding: SIMD element writes, FMOV to
 * D[1], Q loads, FCCMP's branches, a loop back to the TB's start, and a
 * loop back to an instruction that a forwarded value flowed into.
 */
#include "fpops.h"
#include "vshow.h"

static uint64_t buf[16] __attribute__((aligned(16)));

static void fill(void)
{
    for (int i = 0; i < 16; i++) {
        buf[i] = 0x3ff0000000000000ull + i * 0x0001234500000000ull +
                 0x3f800000 + i * 0x10111;
    }
}

static void dump(const char *label)
{
    uint64_t h = 0;

    for (int i = 0; i < 16; i++) {
        h = mix(h, buf[i]);
    }
    print_val(label, h);
}

static void chains(void)
{
    uint64_t *p = buf;

    fill();
    ONES();
    __asm__ volatile("ldr s1, [%0], #4\n\tldr s2, [%0, #4]\n\t"
                     "fmadd s0, s1, s2, s1\n\tfmul s3, s0, s1\n\t"
                     "str s3, [%0, #64]\n\tstr s0, [%0, #68]"
                     : "+r"(p) : : "v0", "v1", "v2", "v3", "memory");
    __asm__ volatile("ldr d1, [%0]\n\tldr d2, [%0, #8]\n\t"
                     "fmul d0, d1, d2\n\tfmsub d3, d0, d2, d1\n\t"
                     "fsqrt d2, d3\n\tfneg d1, d2\n\tstp d1, d3, [%0, #80]"
                     : : "r"(buf) : "v0", "v1", "v2", "v3", "memory");
    SHOW("load, arithmetic, store");
    dump("memory");
    ONES();
    /* A double's bits read as a single, a half, a byte. */
    __asm__ volatile("ldr d0, [%0, #16]\n\tfadd s1, s0, s0\n\t"
                     "fmov w9, s0\n\tfmov s2, w9\n\tfcvt s3, h0\n\t"
                     "str b0, [%0, #96]"
                     : : "r"(buf) : "x9", "v0", "v1", "v2", "v3", "memory");
    SHOW("narrower reads");
    dump("memory");
    ONES();
    __asm__ volatile("ldp s0, s1, [%0, #24]\n\tfcvt d2, s0\n\t"
                     "fcvt s3, d2\n\tfcsel s1, s3, s0, ne\n\tscvtf d0, %1\n\t"
                     "fcvtzs x9, d0\n\tscvtf s3, x9\n\tfcmp s3, s1"
                     : : "r"(buf), "r"(-12345ll) : "x9", "v0", "v1", "v2",
                       "v3", "memory", "cc");
    SHOW("conversions, fcsel");
}

/* Writes to the registers that do not come from this file's scalar forms. */
static void breaks(void)
{
    ONES();
    __asm__ volatile("fmov s0, #1.0\n\tfmov v0.d[1], %0\n\t"
                     "fadd s1, s0, s0\n\tfmov s0, #2.0\n\t"
                     "fmov v2.d[1], %0\n\tfmov d2, d0"
                     : : "r"(0x1122334455667788ull) : "v0", "v1", "v2");
    SHOW("fmov d[1]");
    ONES();
    __asm__ volatile("fmov s0, #1.0\n\tins v0.s[0], %w0\n\t"
                     "fadd s1, s0, s0\n\tfmov d2, #3.0\n\tins v2.d[1], %0\n\t"
                     "fmov d2, #4.0\n\tfmov d3, #5.0\n\tdup v3.2d, v3.d[0]\n\t"
                     "fadd d3, d3, d3"
                     : : "r"(0x40400000ull) : "v0", "v1", "v2", "v3");
    SHOW("simd element writes");
    ONES();
    __asm__ volatile("fmov d0, #1.0\n\tldr q0, [%0]\n\tfadd d1, d0, d0\n\t"
                     "fmov s2, #1.0\n\tldr q2, [%1]\n\tfmov s3, s2\n\t"
                     "fadd s2, s2, s2"
                     : : "r"(buf), "r"(ones) : "v0", "v1", "v2", "v3",
                       "memory");
    SHOW("q loads");
    ONES();
    __asm__ volatile("fmov s0, #1.0\n\tfmov s1, #2.0\n\tcmp %0, #0\n\t"
                     "fccmp s0, s1, #4, eq\n\tfadd s2, s0, s1\n\t"
                     "fccmp s1, s1, #0, ne\n\tfmul s3, s2, s1"
                     : : "r"(1ull) : "v0", "v1", "v2", "v3", "cc");
    SHOW("fccmp");
}

/* A loop that is one TB: the accumulator goes around the back edge. */
static void loop(void)
{
    uint64_t *p = buf;
    uint64_t n = 6;

    fill();
    ONES();
    __asm__ volatile("movi d0, #0\n\t"
                     "1:\tldr s1, [%0], #4\n\tfadd s0, s0, s1\n\t"
                     "fmul s2, s0, s1\n\tsubs %1, %1, #1\n\tb.ne 1b"
                     : "+r"(p), "+r"(n) : : "v0", "v1", "v2", "cc",
                       "memory");
    SHOW("loop");
    /* The back edge goes to the fadd, which s3 reached forwarded from the
     * fmov: around the loop it must read the fmul's s3 instead. */
    n = 5;
    ONES();
    __asm__ volatile("b 2f\n2:\tldr x9, [%0]\n\tfmov s0, #1.0\n\tfmov s3, #1.5\n\t"
                     "1:\tfadd s0, s0, s3\n\tfmul s3, s3, s3\n\t"
                     "subs x9, x9, #1\n\tb.ne 1b"
                     : : "r"(&n) : "x9", "v0", "v3", "cc", "memory");
    SHOW("loop into a forwarded value");
}

int main(void)
{
    chains();
    breaks();
    loop();
    puts_uart("END\n");
    return 0;
}
