/*
 * Exceptions through the long-mode IDT, and the system instructions the
 * differential tests cannot run on the host: each check prints a line that
 * test_x86_64.py compares with excp.expected.
 */
#include <stdint.h>
#include "idt.h"
#include "x86io.h"

struct frame {
    uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

void out_str(const char *s);
void excp_stub_0(void), excp_stub_3(void), excp_stub_6(void);
void excp_stub_13(void), excp_stub_14(void), excp_stub_32(void);
void excp_stub_7(void), excp_stub_19(void);

static volatile uint64_t seen_vector, seen_error, seen_rip, seen_cr2;
static volatile uint64_t skip;          /* bytes to step over on return */
static volatile unsigned ticks;         /* timer interrupts taken */

static void put_hex(uint64_t v)
{
    char buf[17];

    for (int i = 15; i >= 0; i--) {
        buf[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    buf[16] = 0;
    out_str(buf);
}

static void put_kv(const char *k, uint64_t v)
{
    out_str(k);
    out_str("=");
    put_hex(v);
    out_str("\n");
}

void excp_handler(struct frame *f)
{
    uint64_t cr2;

    if (f->vector == 32) {              /* IRQ 0 through the i8259 */
        ticks++;
        outb(0x20, 0x20);               /* EOI */
        return;
    }
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    seen_vector = f->vector;
    seen_error = f->error;
    seen_rip = f->rip;
    seen_cr2 = cr2;
    f->rip += skip;
}

static void load_idt(void)
{
    idt_set_gate(0, excp_stub_0);
    idt_set_gate(3, excp_stub_3);
    idt_set_gate(6, excp_stub_6);
    idt_set_gate(7, excp_stub_7);
    idt_set_gate(19, excp_stub_19);
    idt_set_gate(13, excp_stub_13);
    idt_set_gate(14, excp_stub_14);
    idt_set_gate(32, excp_stub_32);
    idt_load();
}

extern char div_insn[], ud_insn[], int3_after[], pf_insn[], gp_insn[];
extern char movaps_insn[], ldmxcsr_insn[], divss_insn[], nm_insn[];
extern char osfxsr_insn[];
extern char vex_l1_insn[], vex_66_insn[], vex_rex_insn[], vex_v_insn[];

static void report(const char *what, const char *insn)
{
    out_str(what);
    out_str(":");
    put_kv(" vector", seen_vector);
    put_kv("  error", seen_error);
    put_kv("  rip-insn", seen_rip - (uint64_t)(uintptr_t)insn);
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

/* The i8254 (10 ms, mode 2) through the i8259 (vectors 0x20-0x2f). */
static void test_timer_irq(void)
{
    static const uint8_t pic[2][5] = {
        { 0x11, 0x20, 0x04, 0x01, 0xfe },   /* master: only IRQ 0 */
        { 0x11, 0x28, 0x02, 0x01, 0xff },   /* slave: all masked */
    };

    for (int i = 0; i < 2; i++) {
        outb(i ? 0xa0 : 0x20, pic[i][0]);
        for (int j = 1; j < 5; j++) {
            outb(i ? 0xa1 : 0x21, pic[i][j]);
        }
    }
    outb(0x43, 0x34);
    outb(0x40, 11932 & 0xff);
    outb(0x40, 11932 >> 8);
    __asm__ volatile("sti");
    while (ticks < 3) {
        __asm__ volatile("hlt");
    }
    __asm__ volatile("cli");
    outb(0x21, 0xff);
    out_str("timer interrupts taken\n");
}

/*
 * SSE faults: misaligned MOVAPS and a reserved MXCSR bit (#GP(0)), an
 * unmasked divide by zero (#XM), CR0.TS (#NM), no CR4.OSFXSR (#UD).
 */
static void test_sse_faults(void)
{
    static uint8_t buf[32] __attribute__((aligned(16)));
    static uint32_t bad_mxcsr = 0x10000, mxcsr;
    uint64_t cr;

    skip = 4;                           /* movaps 1(%rax), %xmm0 */
    __asm__ volatile("movaps_insn: movaps 1(%0), %%xmm0" : : "a"(buf));
    report("movaps misaligned", movaps_insn);

    skip = 3;                           /* ldmxcsr (%rax) */
    __asm__ volatile("ldmxcsr_insn: ldmxcsr (%0)" : : "a"(&bad_mxcsr));
    report("ldmxcsr reserved", ldmxcsr_insn);

    mxcsr = 0x1f80 & ~0x200;            /* ZE unmasked */
    skip = 4;                           /* divss %xmm1, %xmm0 */
    seen_vector = 0xff;
    __asm__ volatile("ldmxcsr (%0)\n xorps %%xmm1, %%xmm1\n"
                     " movd %1, %%xmm0\n"          /* 1.0 / 0 */
                     " divss_insn: divss %%xmm1, %%xmm0\n stmxcsr (%0)"
                     : : "a"(&mxcsr), "r"(0x3f800000) : "memory");
    report("divss unmasked", divss_insn);
    put_kv("  mxcsr", mxcsr);
    mxcsr = 0x1f80;
    __asm__ volatile("ldmxcsr (%0)" : : "a"(&mxcsr));

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr));
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr | 8));
    skip = 3;                           /* addps %xmm0, %xmm0 */
    __asm__ volatile("nm_insn: addps %xmm0, %xmm0");
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr));
    report("addps with CR0.TS", nm_insn);

    __asm__ volatile("mov %%cr4, %0" : "=r"(cr));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr & ~0x200ull));
    skip = 3;
    __asm__ volatile("osfxsr_insn: addps %xmm0, %xmm0");
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr));
    report("addps without CR4.OSFXSR", osfxsr_insn);
}

/*
 * VEX encodings of BMI instructions that are #UD: ANDN with VEX.L = 1,
 * ANDN after a 66 prefix and after a REX prefix, RORX with vvvv != 1111.
 * Then ANDN itself (no CR4.OSXSAVE needed: the BMI forms are GPR-only).
 */
static void test_vex_ud(void)
{
    uint64_t r;

    skip = 5;                           /* c4 e2 74 f2 c0 */
    __asm__ volatile("vex_l1_insn: .byte 0xc4, 0xe2, 0x74, 0xf2, 0xc0");
    report("vex L=1 andn", vex_l1_insn);
    skip = 6;
    __asm__ volatile("vex_66_insn: .byte 0x66, 0xc4, 0xe2, 0x70, 0xf2, 0xc0");
    report("66 vex andn", vex_66_insn);
    skip = 6;
    __asm__ volatile("vex_rex_insn: .byte 0x40, 0xc4, 0xe2, 0x70, 0xf2, 0xc0");
    report("rex vex andn", vex_rex_insn);
    skip = 6;                           /* rorx $1, %eax, %eax; vvvv = 0 */
    __asm__ volatile("vex_v_insn: .byte 0xc4, 0xe3, 0x03, 0xf0, 0xc0, 0x01");
    report("vex rorx vvvv=0", vex_v_insn);
    __asm__ volatile("andn %2, %1, %0" : "=r"(r)
                     : "r"(0xff00ull), "r"(0xf0f0ull) : "cc");
    put_kv("andn", r);
}

void test_main(void)
{
    uint32_t r[4];
    char vendor[13];
    uint64_t t0, t1, lo, hi;

    load_idt();

    skip = 2;                           /* div %ecx */
    __asm__ volatile("xor %%ecx, %%ecx\n div_insn: div %%ecx"
                     : : "a"(1), "d"(0) : "rcx");
    report("#DE", div_insn);

    skip = 2;                           /* ud2 */
    __asm__ volatile("ud_insn: ud2");
    report("#UD", ud_insn);

    skip = 0;
    __asm__ volatile("int3\n int3_after:");
    report("#BP", int3_after);

    skip = 3;                           /* mov (%rax), %rax */
    __asm__ volatile("pf_insn: mov (%%rax), %%rax"
                     : : "a"(0x200000000ull) : "memory");
    report("#PF", pf_insn);
    put_kv("  cr2", seen_cr2);

    skip = 2;                           /* wrmsr of an unknown MSR */
    __asm__ volatile("gp_insn: wrmsr" : : "c"(0x12345), "a"(0), "d"(0));
    report("#GP", gp_insn);
    test_sse_faults();
    test_vex_ud();

    cpuid(0, r);
    __builtin_memcpy(vendor, &r[1], 4);
    __builtin_memcpy(vendor + 4, &r[3], 4);
    __builtin_memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    out_str("cpuid vendor ");
    out_str(vendor);
    out_str("\n");
    cpuid(1, r);
    put_kv("cpuid 1 edx", r[3]);
    cpuid(0x80000001, r);
    put_kv("cpuid 80000001 edx", r[3]);
    cpuid(7, r);
    put_kv("cpuid 7 ebx bmi1 | bmi2 << 1", ((r[1] >> 3) & 1) |
           ((r[1] >> 7) & 2));

    /* LZCNT (the differential tests leave it out on hosts without it). */
    static const uint64_t lz_in[] = { 0, 1, 0x8000000000000000ull, 0xf0 };
    for (int i = 0; i < 4; i++) {
        uint64_t r64, r32, r16, f;

        __asm__ volatile("lzcnt %2, %0\n pushfq\n pop %1"
                         : "=&r"(r64), "=r"(f) : "r"(lz_in[i]) : "cc");
        out_str("lzcnt ");
        put_hex(r64);
        out_str(" ");
        put_hex(f & 0x41);
        __asm__ volatile("lzcnt %k1, %k0" : "=r"(r32) : "r"(lz_in[i]) : "cc");
        __asm__ volatile("lzcnt %w1, %w0" : "=r"(r16) : "r"(lz_in[i]) : "cc");
        out_str(" ");
        put_hex(r32 & 0xffffffff);
        out_str(" ");
        put_hex(r16 & 0xffff);
        out_str("\n");
    }

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    t0 = lo | hi << 32;
    for (volatile int i = 0; i < 1000; i++) {
    }
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    t1 = lo | hi << 32;
    out_str(t1 > t0 ? "rdtsc advances\n" : "rdtsc stuck\n");
    test_timer_irq();

    /* REP OUTSB to the UART, INSB from its line status register. */
    static const char msg[] = "outsb to the serial port\n";
    uint8_t lsr[2] = { 0, 0 };
    void *si = (void *)msg, *di = lsr;
    unsigned long n = sizeof(msg) - 1;

    __asm__ volatile("rep outsb" : "+S"(si), "+c"(n) : "d"(0x3f8) : "memory");
    n = 2;
    __asm__ volatile("rep insb" : "+D"(di), "+c"(n) : "d"(0x3fd) : "memory");
    put_kv("insb lsr", lsr[0] | lsr[1] << 8);
}
