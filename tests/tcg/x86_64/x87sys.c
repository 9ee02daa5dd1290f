/*
 * The x87 system side, bare metal on Kemu (x87sys.expected): the FXSAVE
 * and XSAVE layouts, FXRSTOR/XRSTOR (and their #GP checks), XGETBV/
 * XSETBV, CPUID leaf 0xD and OSXSAVE, #NM from CR0.TS/EM/MP and #MF from
 * an unmasked exception at the next waiting instruction (CR0.NE).
 */
#include <stdint.h>
#include "idt.h"
#include "bmprint.h"

struct frame {
    uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

void out_str(const char *s);
void excp_stub_0(void), excp_stub_3(void), excp_stub_6(void);
void excp_stub_7(void), excp_stub_13(void), excp_stub_14(void);
void excp_stub_16(void), excp_stub_32(void);

static volatile uint64_t seen_vector, seen_error, seen_rip;
static volatile uint64_t skip;          /* bytes to step over on return */
static uint8_t area[1024] __attribute__((aligned(64)));

void excp_handler(struct frame *f)
{
    seen_vector = f->vector;
    seen_error = f->error;
    seen_rip = f->rip;
    f->rip += skip;
}

static void load_idt(void)
{
    idt_set_gate(6, excp_stub_6);
    idt_set_gate(7, excp_stub_7);
    idt_set_gate(13, excp_stub_13);
    idt_set_gate(14, excp_stub_14);
    idt_set_gate(16, excp_stub_16);
    idt_load();
}

/*
 * Run the asm between labels NAME and NAME_end; an exception steps over
 * it.  Prints "what: vector=.. error=.. at-insn" or "what: none".
 */
#define TRY(what, name, insn, ...)                                          \
    do {                                                                    \
        extern char name[], name##_end[];                                   \
        seen_vector = ~0ull;                                                \
        skip = name##_end - name;                                           \
        __asm__ volatile(#name ": " insn "\n" #name "_end:"                 \
                         __VA_ARGS__);                                      \
        report(what, name);                                                 \
    } while (0)

static void report(const char *what, const char *insn)
{
    out_str(what);
    if (seen_vector == ~0ull) {
        out_str(": none\n");
        return;
    }
    out_str(": vector=");
    put_hex(seen_vector, 2);
    out_str(" error=");
    put_hex(seen_error, 4);
    out_str(seen_rip == (uint64_t)(uintptr_t)insn ? " at the insn\n"
                                                  : " elsewhere\n");
}

static uint64_t rd(int off, int bytes)
{
    uint64_t v = 0;

    for (int i = bytes - 1; i >= 0; i--) {
        v = v << 8 | area[off + i];
    }
    return v;
}

static void wr(int off, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        area[off + i] = v >> (8 * i);
    }
}

static void fill(uint8_t pattern)
{
    for (unsigned i = 0; i < sizeof(area); i++) {
        area[i] = pattern;
    }
}

/* The legacy area's x87 fields, ST0 and ST1, and a few XMM/free bytes. */
static void dump_legacy(const char *what)
{
    out_str(what);
    out_str(":\n");
    put_kv("  fcw", rd(0, 2), 4);
    put_kv("  fsw", rd(2, 2), 4);
    put_kv("  ftw", rd(4, 2), 4);
    put_kv("  fop", rd(6, 2), 4);
    put_kv("  mxcsr", rd(24, 4), 8);
    put_kv("  mxcsr_mask", rd(28, 4), 8);
    put_kv("  st0", rd(32, 8), 16);
    put_kv("  st0.hi", rd(40, 8), 16);
    put_kv("  st1", rd(48, 8), 16);
    put_kv("  st1.hi", rd(56, 8), 16);
    put_kv("  xmm0", rd(160, 8), 16);
    put_kv("  xmm15", rd(160 + 15 * 16 + 8, 8), 16);
    put_kv("  byte464", rd(464, 8), 16);
}

static uint64_t read_cr0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static void write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v));
}

static uint16_t fnstsw(void)
{
    uint16_t sw;

    __asm__ volatile("fnstsw %0" : "=a"(sw));
    return sw;
}

static void test_fxsave(void)
{
    uint16_t cw;

    __asm__ volatile("fninit");
    fill(0xa5);
    __asm__ volatile("fxsave %0" : "=m"(area));
    dump_legacy("fxsave after fninit");
    __asm__ volatile("fld1\n fldpi\n fxsave64 %0" : "=m"(area));
    dump_legacy("fxsave64 with pi, 1");
    put_kv("  fip is 64-bit", rd(12, 4) != 0xa5a5a5a5 ? 1 : 0, 1);

    /* Round trip with a changed control word and ST0 = 2.0. */
    wr(0, 0x0c7f, 2);
    wr(32, 0x8000000000000000ull, 8);
    wr(40, 0x4000, 2);
    __asm__ volatile("fninit\n fxrstor64 %0" : : "m"(area));
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    put_kv("fxrstor64 fcw", cw, 4);
    put_kv("fxrstor64 fsw", fnstsw(), 4);
    __asm__ volatile("fxsave64 %0\n fninit" : "=m"(area));
    put_kv("fxrstor64 st0", rd(32, 8), 16);
    put_kv("fxrstor64 st0.exp", rd(40, 2), 4);

    wr(24, 0x10000, 4);                 /* a reserved MXCSR bit */
    TRY("fxrstor reserved mxcsr", fx_gp1, "fxrstor (%0)", : : "r"(area));
    TRY("fxsave misaligned", fx_gp2, "fxsave (%0)", : : "r"(area + 8));
}

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static __attribute__((noinline)) void xsetbv(uint64_t v, uint32_t ecx,
                                              const char *what)
{
    extern char xs_insn[], xs_insn_end[];

    seen_vector = ~0ull;
    skip = xs_insn_end - xs_insn;
    __asm__ volatile("xs_insn: xsetbv\n xs_insn_end:"
                     : : "a"((uint32_t)v), "d"((uint32_t)(v >> 32)), "c"(ecx));
    report(what, xs_insn);
}

static uint64_t xgetbv(void)
{
    uint32_t lo, hi;

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return lo | (uint64_t)hi << 32;
}

static void test_xsave(void)
{
    uint32_t r[4];
    uint64_t cr4;
    uint16_t cw;

    TRY("xgetbv without osxsave", xg_ud, "xgetbv", : : "c"(0));
    TRY("xsave without osxsave", xs_ud, "xsave (%0)",
        : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
    cpuid(1, 0, r);
    put_kv("cpuid 1 ecx osxsave", (r[2] >> 27) & 1, 1);
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= 1u << 18;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    cpuid(1, 0, r);
    put_kv("cpuid 1 ecx xsave osxsave", (r[2] >> 26) & 3, 1);
    for (uint32_t sub = 0; sub < 3; sub++) {
        cpuid(0xd, sub, r);
        out_str("cpuid d.");
        put_hex(sub, 1);
        for (int i = 0; i < 4; i++) {
            out_str(" ");
            put_hex(r[i], 8);
        }
        out_str("\n");
    }
    put_kv("xcr0", xgetbv(), 16);
    xsetbv(3, 0, "xsetbv x87|sse");
    put_kv("xcr0", xgetbv(), 16);
    xsetbv(2, 0, "xsetbv without x87");
    xsetbv(7, 0, "xsetbv avx");
    xsetbv(3, 1, "xsetbv ecx=1");
    TRY("xgetbv ecx=1", xg_gp, "xgetbv", : : "c"(1) : "rax", "rdx");

    __asm__ volatile("fninit\n fld1");
    fill(0x5a);
    wr(512, 0, 64);
    __asm__ volatile("xsave (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    dump_legacy("xsave x87|sse");
    put_kv("  xstate_bv", rd(512, 8), 16);
    put_kv("  xcomp_bv", rd(520, 8), 16);
    put_kv("  byte576", rd(576, 8), 16);
    fill(0x5a);
    wr(512, 0, 64);
    __asm__ volatile("xsaveopt (%0)" : : "r"(area), "a"(1), "d"(0)
                     : "memory");
    put_kv("xsaveopt x87 only: xstate_bv", rd(512, 8), 16);
    put_kv("  mxcsr untouched", rd(24, 4), 8);
    put_kv("  xmm0 untouched", rd(160, 8), 16);

    /* XRSTOR with XSTATE_BV = 0: the x87 goes to its initial state. */
    __asm__ volatile("fldcw %0" : : "m"((uint16_t){ 0x0c7f }));
    wr(512, 0, 8);
    __asm__ volatile("xrstor (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    put_kv("xrstor init: fcw", cw, 4);
    put_kv("xrstor init: fsw", fnstsw(), 4);
    wr(24, 0x1f00, 4);                  /* ignored: SSE is initialised */
    __asm__ volatile("xrstor (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    fill(0);
    __asm__ volatile("xsave (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    put_kv("xrstor init: mxcsr", rd(24, 4), 8);
    wr(512, 3, 8);
    wr(24, 0x1f00, 4);
    __asm__ volatile("xrstor (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    fill(0);
    __asm__ volatile("xsave (%0)" : : "r"(area), "a"(~0u), "d"(~0u)
                     : "memory");
    put_kv("xrstor sse: mxcsr", rd(24, 4), 8);
    wr(512, 1, 8);
    wr(520, 1, 8);
    TRY("xrstor xcomp_bv", xr_gp1, "xrstor (%0)",
        : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
    wr(520, 0, 8);
    wr(512, 4, 8);
    TRY("xrstor xstate_bv avx", xr_gp2, "xrstor (%0)",
        : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
    TRY("xsave misaligned", xs_gp, "xsave (%0)",
        : : "r"(area + 32), "a"(~0u), "d"(~0u) : "memory");
    __asm__ volatile("fninit");
}

static void test_nm(void)
{
    uint64_t cr0 = read_cr0() & ~2ull;  /* crt0 sets MP */

    write_cr0(cr0 | 8);                 /* TS */
    TRY("fld1 with ts", nm1, "fld1");
    TRY("fxsave with ts", nm2, "fxsave (%0)", : : "r"(area) : "memory");
    TRY("wait with ts, no mp", nm3, "wait");
    write_cr0(cr0 | 8 | 2);             /* TS MP */
    TRY("wait with ts and mp", nm4, "wait");
    write_cr0(cr0);
    TRY("fld1 with ts clear", nm5, "fld1\n fstp %st(0)");
    write_cr0(cr0 | 4);                 /* EM */
    TRY("fldz with em", nm6, "fldz");
    TRY("wait with em", nm7, "wait");
    write_cr0(cr0);
}

static void test_mf(void)
{
    uint64_t cr0 = read_cr0();

    write_cr0(cr0 | 0x20);              /* NE */
    __asm__ volatile("fninit\n fldcw %0" : : "m"((uint16_t){ 0x037b }));
    TRY("fdiv by zero, ze unmasked", mf0, "fld1\n fldz\n fdivrp");
    put_kv("  fsw", fnstsw(), 4);
    TRY("fwait after it", mf1, "fwait");
    TRY("fld1 after it", mf2, "fld1");
    TRY("fnstsw after it", mf3, "fnstsw %%ax", : : : "rax");
    __asm__ volatile("fnclex");
    put_kv("fnclex: fsw", fnstsw(), 4);
    TRY("fwait after fnclex", mf4, "fwait");
    /* Unmasking a pending exception with FLDCW makes it pending too. */
    __asm__ volatile("fninit\n fld1\n fldz\n fdivrp");
    __asm__ volatile("fldcw %0" : : "m"((uint16_t){ 0x037b }));
    TRY("fwait after fldcw unmasks ze", mf5, "fwait");
    __asm__ volatile("fninit");
    write_cr0(cr0 & ~0x20ull);
    __asm__ volatile("fldcw %0" : : "m"((uint16_t){ 0x037b }));
    __asm__ volatile("fld1\n fldz\n fdivrp");
    TRY("fwait with ne clear", mf6, "fwait");
    __asm__ volatile("fninit");
}

/* A stack overflow and FNSTENV's layout (32-bit and 16-bit). */
static void test_env(void)
{
    __asm__ volatile("fninit");
    for (int i = 0; i < 9; i++) {
        __asm__ volatile("fld1");
    }
    put_kv("9 pushes: fsw", fnstsw(), 4);
    fill(0);
    __asm__ volatile("fnstenv %0" : "=m"(area));
    put_kv("fnstenv fcw", rd(0, 4), 8);
    put_kv("fnstenv fsw", rd(4, 4), 8);
    put_kv("fnstenv ftw", rd(8, 4), 8);
    put_kv("fnstenv fop", rd(18, 2), 4);
    __asm__ volatile("data16 fnstenv %0" : "=m"(area));
    put_kv("fnstenv16 fcw fsw ftw", rd(0, 6), 12);
    __asm__ volatile("fninit\n data16 fldenv %0" : : "m"(area));
    put_kv("fldenv fsw", fnstsw(), 4);

    /* FNSAVE/FRSTOR round trips, 32- and 16-bit layouts. */
    __asm__ volatile("fninit\n fld1\n fldpi\n fnsave %0" : "=m"(area));
    put_kv("fnsave then fsw", fnstsw(), 4);
    put_kv("fnsave st0 exp", rd(28 + 8, 2), 4);
    __asm__ volatile("frstor %0" : : "m"(area));
    put_kv("frstor fsw", fnstsw(), 4);
    __asm__ volatile("data16 fnsave %0" : "=m"(area));
    put_kv("fnsave16 st1", rd(14 + 10, 8), 16);
    __asm__ volatile("data16 frstor %0" : : "m"(area));
    put_kv("frstor16 fsw", fnstsw(), 4);
    __asm__ volatile("fninit");
}

static void put_st0(const char *what)
{
    uint64_t lo;
    uint16_t hi;

    __asm__ volatile("fstpt %0" : "=m"(area[0]));
    lo = rd(0, 8);
    hi = rd(8, 2);
    out_str(what);
    out_str("=");
    put_hex(hi, 4);
    out_str(":");
    put_hex(lo, 16);
    out_str("\n");
}

/* The transcendentals through the decoder (values: unit tests). */
static void test_transcendental(void)
{
    uint16_t sw;

    __asm__ volatile("fninit\n fldpi\n fsin");
    put_st0("fsin(pi)");
    __asm__ volatile("fld1\n fsincos");
    put_st0("fsincos(1) cos");
    put_st0("fsincos(1) sin");
    __asm__ volatile("fld1\n fptan");
    put_st0("fptan(1) 1.0");
    put_st0("fptan(1) tan");
    __asm__ volatile("fld1\n fld1\n fpatan");
    put_st0("fpatan(1, 1)");
    __asm__ volatile("fld1\n f2xm1");
    put_st0("f2xm1(1)");
    __asm__ volatile("fld1\n fldl2t\n fyl2x");
    put_st0("fyl2x(1, log2 10)");
    __asm__ volatile("fld1\n fldz\n fyl2xp1");
    put_st0("fyl2xp1(1, 0)");
    __asm__ volatile("fninit\n fld1\n fldz\n fyl2x\n fnstsw %%ax" : "=a"(sw));
    put_kv("fyl2x(1, 0) fsw", sw, 4);
    wr(0, 1ull << 63, 8);
    wr(8, 0x403e, 2);                   /* 2^63: out of range */
    __asm__ volatile("fninit\n fldt (%1)\n fcos\n fnstsw %%ax"
                     : "=a"(sw) : "r"(area) : "memory");
    put_kv("fcos(2^63) c2", (sw >> 10) & 1, 1);
    __asm__ volatile("fninit");
}

void test_main(void)
{
    load_idt();
    test_fxsave();
    test_xsave();
    test_nm();
    test_mf();
    test_env();
    test_transcendental();
}
