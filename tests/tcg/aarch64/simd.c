/*
 * Advanced SIMD integer instructions on tables of inputs: for every form
 * in simdops.h and every input set, V2 (the destination) as hex and a
 * hash of all the state the form may change (V0-V5, X9, memory, X10).
 */
#include "simdrun.h"

static const uint64_t inputs[][4] = {
    /* V0 low/high, V1 low/high */
    { 0x0123456789abcdefull, 0xfedcba9876543210ull,
      0x0f1e2d3c4b5a6978ull, 0x8796a5b4c3d2e1f0ull },
    { 0x8000000000000000ull, 0x7fffffffffffffffull,
      0x8000000080000000ull, 0x7fff7fff80008000ull },
    { 0x0000000000000000ull, 0xffffffffffffffffull,
      0xffffffffffffffffull, 0x0000000000000000ull },
    { 0x807f01ff00fe7f80ull, 0x0102030405060708ull,
      0x807f01ff00fe7f80ull, 0x1f2e3d4c0a0b0c0dull },
    { 0x3f3e3d3c1b1a1918ull, 0x0004080c10142024ull,
      0x2a0b3f1705331c21ull, 0x0e2f3d0119283746ull },
};

static void set_inputs(SimdState *s, int i)
{
    const uint64_t *in = inputs[i];

    for (int r = 0; r < 6; r++) {
        s->v[r][0] = in[r % 4] * (r + 1) + r;
        s->v[r][1] = in[(r + 1) % 4] ^ (0x1111111111111111ull * r);
    }
    /* V1's high half equals V0's but in some lanes (for CMEQ). */
    s->v[1][1] = s->v[0][1] ^ (in[2] & 0x00ff00ff0000ff00ull);
    /* Table indices: mostly in range of 1-4 registers, some not. */
    s->v[3][0] = in[0] & 0x3f3f3f3f3f3f3f3full;
    s->v[3][1] = (in[1] & 0x1f1f1f1f7f7f7f7full) | 0x40;
    for (int k = 0; k < 8; k++) {
        s->mem[k] = in[k % 4] ^ (k * 0x0101010101010101ull);
    }
    s->x = in[3] ^ in[0];
    s->off = 0;
}

/* Reserved encodings must raise Undefined Instruction: print, skip. */
void exc_handler(ExcFrame *f, int vector)
{
    print_val("exception", vector);
    print_val("esr", f->esr);
    f->elr += 4;
}

static void run_reserved(void)
{
    __asm__ volatile(
        ".inst 0x0ee18402\n\t"     /* add v2.1d */
        ".inst 0x4ee19c02\n\t"     /* mul v2.2d */
        ".inst 0x0eb1b802\n\t"     /* addv s2, v0.2s */
        ".inst 0x0e080402\n\t"     /* dup v2.1d, v0.d[0] */
        ".inst 0x2f7f0402\n\t"     /* ushr v2.1d, v0.1d, #1 */
        ".inst 0x0e605802\n\t"     /* cnt v2.4h */
        ".inst 0x0f40a402\n\t"     /* sshll from D elements */
        ".inst 0x0e083c09\n\t"     /* umov w9, v0.d[0] */
        ".inst 0x4e082c09\n\t"     /* smov x9, v0.d[0] */
        ".inst 0x4e010802\n\t"     /* permute opcode 000 */
        ".inst 0x2e014002\n\t"     /* ext v2.8b, ..., #8 */
        ".inst 0x2f00f402\n\t"      /* fmov v2.1d, #imm */
        ".inst 0x4ee10402\n\t"     /* shadd v2.2d */
        ".inst 0x0e61d402\n\t"     /* fadd v2.1d */
        ".inst 0x0ea1e002\n\t"     /* pmull from S elements */
        ".inst 0x4e684802\n\t"     /* aese with size 01 */
        ".inst 0x5e017002\n\t"     /* SHA three-register opcode 111 */
        ".inst 0x4ea1f802\n\t"     /* frecpx (vector) */
        ".inst 0x4e21b402\n\t"     /* sqdmulh v2.16b */
        ".inst 0x2e216802\n\t"     /* fcvtxn from S elements */
        ".inst 0x0c408fe2\n\t"     /* ld2 {v2.1d, v3.1d} */
        ".inst 0x0d4047e2"           /* ld1 {v2.h}[x] with size<0> = 1 */
        : : : "x9", "v2", "memory");
}

/* A straight run of vector instructions fills a whole translation block. */
static void run_long_block(SimdState *s)
{
    __asm__ volatile(
        "ldp q0, q1, [%0]\n\tldp q2, q3, [%0, #32]\n\t"
        ".rept 300\n\t"
        "add v2.2d, v2.2d, v0.2d\n\tcmhi v3.4s, v2.4s, v1.4s\n\t"
        "umov x9, v3.d[1]\n\teor v1.16b, v1.16b, v3.16b\n\t"
        ".endr\n\t"
        "stp q0, q1, [%0]\n\tstp q2, q3, [%0, #32]\n\tstr x9, [%0, #160]"
        : : "r"(s) : "x9", "v0", "v1", "v2", "v3", "memory");
    print_val("long block", simd_hash(s));
}

/* With CPACR_EL1.FPEN = 0 every SIMD instruction traps (EC 0x07). */
static void run_fp_disabled(SimdState *s)
{
    __asm__ volatile(
        "msr cpacr_el1, xzr\n\tisb\n\t"
        "add v2.16b, v0.16b, v1.16b\n\tumov x9, v0.d[1]\n\t"
        "ld1 {v0.16b}, [%0]\n\ttbl v2.8b, {v0.16b}, v1.8b\n\t"
        "movi v2.2d, #0\n\tzip1 v2.4s, v0.4s, v1.4s\n\t"
        "mov x9, #(3 << 20)\n\tmsr cpacr_el1, x9\n\tisb"
        : : "r"(s) : "x9", "v0", "v2", "memory");
}

int main(void)
{
    static SimdState s;

    for (unsigned n = 0; n < N_SIMD_OPS; n++) {
        puts_uart(simd_ops[n].insn);
        puts_uart("\n");
        for (unsigned i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
            set_inputs(&s, i);
            simd_ops[n].fn(&s);
            puts_uart("  ");
            put_hex(s.v[2][1], 16);
            put_hex(s.v[2][0], 16);
            puts_uart(" ");
            put_hex(simd_hash(&s), 16);
            puts_uart("\n");
        }
    }
    set_inputs(&s, 0);
    run_long_block(&s);
    run_reserved();
    run_fp_disabled(&s);
    puts_uart("END\n");
    return 0;
}
