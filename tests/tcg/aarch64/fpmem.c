/*
 * SIMD&FP register loads and stores (B/H/S/D/Q; unsigned offset,
 * unscaled, pre/post-index, register offset, literal, LDP/STP/LDNP/STNP),
 * FMOV between X and the top half of a V register, scalar writes that
 * clear the rest of the vector, and the CPACR_EL1.FPEN trap.
 */
#include "fpops.h"
#include "vshow.h"

static uint8_t buf[256] __attribute__((aligned(16)));

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 7 + 1);
    }
}

static void dump(const char *label)
{
    uint64_t h = 0;

    for (unsigned i = 0; i < sizeof(buf); i += 8) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--) {
            w = w << 8 | buf[i + j];
        }
        h = mix(h, w);
    }
    print_val(label, h);
}

static void loads(void)
{
    uint8_t *p = buf + 32;
    uint64_t idx = 3;

    fill();
    __asm__ volatile("fmov v0.d[1], %0\n\tfmov d1, %0\n\tfmov v1.d[1], %0"
                     : : "r"(0x1122334455667788ull) : "v0", "v1");
    SHOW("fmov d[1]");
    __asm__ volatile("ldr q0, [%0]\n\tldr d1, [%0, #8]\n\tldr s2, [%0, #4]\n\t"
                     "ldr h3, [%0, #2]" : : "r"(p) : "v0", "v1", "v2", "v3",
                     "memory");
    SHOW("ldr uimm");
    __asm__ volatile("ldr b0, [%0, #5]\n\tldur q1, [%0, #-16]\n\t"
                     "ldur s2, [%0, #-4]\n\tldur h3, [%0, #-2]"
                     : : "r"(p) : "v0", "v1", "v2", "v3", "memory");
    SHOW("ldr b, ldur");
    __asm__ volatile("ldr q0, [%0, %1, lsl #4]\n\tldr d1, [%0, %1, lsl #3]\n\t"
                     "ldr s2, [%0, %1]\n\tldr h3, [%0, %w1, uxtw #1]"
                     : : "r"(p), "r"(idx) : "v0", "v1", "v2", "v3", "memory");
    SHOW("ldr reg");
    __asm__ volatile("mov x9, %0\n\tldr q0, [x9, #16]!\n\tldr d1, [x9], #-8\n\t"
                     "ldr s2, [x9, #-4]!\n\tldr b3, [x9], #1\n\tsub %0, x9, %0"
                     : "+r"(p) : : "x9", "v0", "v1", "v2", "v3", "memory");
    print_val("wback", (uint64_t)p);
    SHOW("ldr pre/post");
    p = buf + 64;
    __asm__ volatile("ldp q0, q1, [%0, #-32]\n\tldp s2, s3, [%0, #8]"
                     : : "r"(p) : "v0", "v1", "v2", "v3", "memory");
    SHOW("ldp");
    __asm__ volatile("mov x9, %0\n\tldp d0, d1, [x9, #16]!\n\t"
                     "ldp q2, q3, [x9], #-48\n\tsub %0, x9, %0\n\t"
                     "ldnp d3, d2, [x9, #8]"
                     : "+r"(p) : : "x9", "v0", "v1", "v2", "v3", "memory");
    print_val("wback", (uint64_t)p);
    SHOW("ldp pre/post, ldnp");
    __asm__ volatile("ldr q0, 1f\n\tldr d1, 1f\n\tldr s2, 1f + 8\n\tb 2f\n\t"
                     ".balign 16\n1:\t.quad 0x0123456789abcdef\n\t"
                     ".quad 0xfedcba9876543210\n2:"
                     : : : "v0", "v1", "v2", "memory");
    SHOW("ldr literal");
}

static void stores(void)
{
    uint8_t *p = buf + 64;

    fill();
    __asm__ volatile("ldr q0, [%0]\n\tldr q1, [%0, #16]\n\t"
                     "ldr q2, [%0, #32]\n\t"
                     "ldr q3, [%0, #48]" : : "r"(buf) : "v0", "v1", "v2", "v3",
                     "memory");
    __asm__ volatile("str q3, [%0]\n\tstr d2, [%0, #16]\n\t"
                     "str s1, [%0, #24]\n\t"
                     "str h0, [%0, #30]\n\tstr b1, [%0, #33]" : : "r"(p)
                     : "memory");
    dump("str uimm");
    __asm__ volatile("stur q1, [%0, #-9]\n\tstur d0, [%0, #-13]\n\t"
                     "stp q2, q3, [%0, #32]\n\tstp s0, s1, [%0, #-44]\n\t"
                     "stnp d2, d3, [%0, #96]" : : "r"(p + 1) : "memory");
    dump("stur stp");
    __asm__ volatile("mov x9, %0\n\tstr q0, [x9, #-16]!\n\t"
                     "stp d1, d2, [x9], #40\n\t"
                     "stp q3, q0, [x9, #-64]!\n\tstr s3, [x9], #-3\n\t"
                     "str h2, [x9, %1, lsl #1]\n\tsub %0, x9, %0"
                     : "+r"(p) : "r"(5ull) : "x9", "memory");
    print_val("wback", (uint64_t)p);
    dump("str pre/post");
}

/* Scalar results write zeros above them; FMOV to D[1] keeps the low half. */
static void clears(void)
{
    ONES();
    __asm__ volatile("fadd s0, s0, s0\n\tfcvt d1, s2\n\tfmov s2, #1.0\n\t"
                     "fmov v3.d[1], xzr" : : : "v0", "v1", "v2", "v3");
    SHOW("scalar writes");
    ONES();
    __asm__ volatile("fmov s0, wzr\n\tscvtf d1, xzr\n\tfcsel s2, s3, s3, eq\n\t"
                     "fmov d3, d3" : : : "v0", "v1", "v2", "v3");
    SHOW("moves");
}

static int traps;

void exc_handler(ExcFrame *f, int vector)
{
    print_val("vector", vector);
    print_val("esr", f->esr);
    traps++;
    f->elr += 4;
}

static void set_cpacr(uint64_t v)
{
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(v));
}

static void fpen(void)
{
    uint64_t r = 0;

    set_cpacr(0);
    __asm__ volatile("fmov d0, #1.0\n\tfadd d0, d0, d0\n\tmrs %0, fpcr\n\t"
                     "ldr q1, [sp]" : "+r"(r) : : "v0", "v1");
    set_cpacr(1 << 20);         /* EL1 only: we are at EL1 */
    __asm__ volatile("fmov d0, #3.0\n\tfmov %0, d0" : "=r"(r) : : "v0");
    print_val("fpen=1", r);
    set_cpacr(2 << 20);
    __asm__ volatile("fmov %0, d0" : "=r"(r));
    set_cpacr(3 << 20);
    print_val("traps", traps);
}

int main(void)
{
    loads();
    stores();
    clears();
    fpen();
    puts_uart("END\n");
    return 0;
}
