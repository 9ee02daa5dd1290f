/*
 * The long-mode system level (sys.expected): TSS and LTR, IRETQ to CPL 3,
 * SYSCALL/SYSRET, SYSENTER/SYSEXIT, #PF from user mode (U/W/I/RSVD error
 * bits, CR2), gate DPL checks, an IST stack, #DF, the EXT bit, SMEP,
 * SMAP with STAC/CLAC, non-canonical #GP, MSRs, RDTSCP/RDPID, SWAPGS,
 * FSGSBASE, PCID/INVPCID/INVLPG, global pages, MOV DRn, SGDT/SIDT, CLTS, the STI
 * shadow, IRETQ/SYSRET into compatibility mode and back, and REP MOVS/STOS
 * across pages (faults, overlap, DF, 32-bit addresses).  Own GDT, IDT and
 * page tables (the low 2 MiB in 4 KiB pages, kernel pages supervisor).
 */
#include <stdint.h>
#include "x86io.h"

struct frame {
    uint64_t r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

void out_str(const char *s);
void enter_user(void *rip, void *rsp, uint64_t cs, uint64_t rflags);
void sysret_compat(void *rip);
extern char sys_stub_3[], sys_stub_6[], sys_stub_8[], sys_stub_11[];
extern char sys_stub_13[], sys_stub_14[], sys_stub_32[], sys_stub_64[];
extern char sys_stub_65[], sys_stub_67[];
extern char syscall_entry[], sysenter_entry[], user_main[], user_ret[];
extern char user_stack_top[], user_page[], compat_loop[], user_back[];
extern uint64_t user_args[8];
extern volatile uint64_t user_resume;
volatile uint64_t sysenter_cs, sysenter_rsp;    /* set by sysenter_entry */

#define PG_P 1ull
#define PG_RW 2ull
#define PG_US 4ull
#define PG_PS 0x80ull
#define PG_G 0x100ull
#define PG_NX (1ull << 63)

static uint64_t gdt[9] = {
    0,
    0x00af9b000000ffffull,      /* 0x08 kernel code 64 */
    0x00cf93000000ffffull,      /* 0x10 kernel data */
    0x00cffb000000ffffull,      /* 0x18 user code 32 */
    0x00cff3000000ffffull,      /* 0x20 user data */
    0x00affb000000ffffull,      /* 0x28 user code 64 */
    0x00cff3000000ffffull,      /* 0x30 user data (SYSEXIT) */
    0, 0,                       /* 0x38 the TSS */
};
static uint64_t idt[256 * 2] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(16)));
static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));
static uint8_t tpage[8][4096] __attribute__((aligned(4096)));
static uint8_t rsp0_stack[8192] __attribute__((aligned(16)));
static uint8_t ist1_stack[4096] __attribute__((aligned(16)));
static uint8_t ist2_stack[4096] __attribute__((aligned(16)));
static uint8_t sysenter_stack[1024] __attribute__((aligned(16)));
#define TOP(s) ((uint64_t)(uintptr_t)(s) + sizeof(s))

enum { TP_RO, TP_NX, TP_NP, TP_RSVD, TP_KERN, TP_A, TP_B, TP_REMAP };

static volatile uint64_t seen_vector, seen_error, seen_rip, seen_cr2;
static volatile uint64_t seen_cs, seen_ss, seen_frame, seen_my_ss;
static volatile uint64_t kern_resume;
static volatile unsigned ticks;
static volatile uint64_t seen_irq_cs, seen_irq_rip, seen_irq_ss;

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
    out_str(" ");
    out_str(k);
    out_str("=");
    put_hex(v);
}

static void put_ok(const char *what, int ok)
{
    out_str(" ");
    out_str(what);
    out_str(ok ? " ok" : " BAD");
}

static uint64_t read_cr4(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static void write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

void sys_trap(struct frame *f)
{
    uint64_t cr2, ss;

    if (f->vector == 32) {
        ticks++;
        seen_rip = f->rip;
        outb(0x20, 0x20);
        if (f->cs & 3) {                /* from compat_loop: to user_back */
            seen_irq_cs = f->cs;
            seen_irq_rip = f->rip;
            seen_irq_ss = f->ss;
            f->cs = 0x2b;
            f->rip = (uint64_t)(uintptr_t)user_back;
            f->rflags = 2;
            f->rsp = (uint64_t)(uintptr_t)user_stack_top;
            f->ss = 0x23;
        }
        return;
    }
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    seen_vector = f->vector;
    seen_error = f->error;
    seen_rip = f->rip;
    seen_cr2 = cr2;
    seen_cs = f->cs;
    seen_ss = f->ss;
    seen_frame = (uint64_t)(uintptr_t)&f->ss + 8;
    seen_my_ss = ss;
    if (f->vector == 67) {
        return;                         /* INT 0x43: a trap, go on */
    }
    f->rip = (f->cs & 3) ? user_resume : kern_resume;
}

static void set_gate(int vec, void *fn, int ist, int dpl, int present)
{
    uint64_t a = (uint64_t)(uintptr_t)fn;

    idt[vec * 2] = (a & 0xffff) | (0x08ull << 16) | ((uint64_t)ist << 32) |
                   ((uint64_t)(0x0e | dpl << 5 | present << 7) << 40) |
                   ((a >> 16) << 48);
    idt[vec * 2 + 1] = a >> 32;
}

static void set_pte(void *page, uint64_t pa, uint64_t flags)
{
    uint64_t va = (uint64_t)(uintptr_t)page;

    pt[va >> 12] = pa | flags;
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static void setup_paging(void)
{
    extern char __user_start[], __user_end[];
    uint64_t us = (uint64_t)(uintptr_t)__user_start;
    uint64_t ue = (uint64_t)(uintptr_t)__user_end;

    pml4[0] = (uint64_t)(uintptr_t)pdpt | PG_P | PG_RW | PG_US;
    pdpt[0] = (uint64_t)(uintptr_t)pd | PG_P | PG_RW | PG_US;
    pd[0] = (uint64_t)(uintptr_t)pt | PG_P | PG_RW | PG_US;
    for (int i = 1; i < 512; i++) {
        pd[i] = ((uint64_t)i << 21) | PG_P | PG_RW | PG_PS;
    }
    for (uint64_t i = 0; i < 512; i++) {
        uint64_t va = i << 12;

        pt[i] = va | PG_P | PG_RW | (va >= us && va < ue ? PG_US : 0);
    }
    __asm__ volatile("mov %0, %%cr3" : : "r"(pml4) : "memory");
    wrmsr(0xc0000080, rdmsr(0xc0000080) | 0x801);      /* NXE, SCE */
    tpage[TP_NX][0] = 0xc3;
    set_pte(tpage[TP_RO], (uint64_t)(uintptr_t)tpage[TP_RO], PG_P | PG_US);
    set_pte(tpage[TP_NX], (uint64_t)(uintptr_t)tpage[TP_NX],
            PG_P | PG_RW | PG_US | PG_NX);
    set_pte(tpage[TP_NP], (uint64_t)(uintptr_t)tpage[TP_NP], 0);
    set_pte(tpage[TP_RSVD], (uint64_t)(uintptr_t)tpage[TP_RSVD] |
            (1ull << 45), PG_P | PG_RW | PG_US);
    for (int i = 0; i < 5; i++) {
        user_args[i] = (uint64_t)(uintptr_t)tpage[i];
    }
}

static void set_rsp0(uint64_t sp)
{
    tss[1] = (uint32_t)sp;
    tss[2] = sp >> 32;
}

static void setup_tables(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d;
    uint64_t t = (uint64_t)(uintptr_t)tss;
    uint16_t tr;

    set_rsp0(TOP(rsp0_stack));
    tss[9] = (uint32_t)TOP(ist1_stack);             /* IST1 */
    tss[10] = TOP(ist1_stack) >> 32;
    tss[11] = (uint32_t)TOP(ist2_stack);            /* IST2 */
    tss[12] = TOP(ist2_stack) >> 32;
    gdt[7] = (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
             ((t >> 24) << 56);
    gdt[8] = t >> 32;
    d.limit = sizeof(gdt) - 1;
    d.base = (uint64_t)(uintptr_t)gdt;
    /* CS stays 0x08: the boot GDT has the same code selector. */
    __asm__ volatile("lgdt %0\n mov $0x10, %%eax\n mov %%eax, %%ss\n"
                     "mov %%eax, %%ds\n mov %%eax, %%es\n"
                     : : "m"(d) : "rax", "memory");
    __asm__ volatile("ltr %w0" : : "r"(0x38));
    __asm__ volatile("str %w0" : "=r"(tr));
    out_str("ltr");
    put_kv("tr", tr);
    put_kv("busy-type", (gdt[7] >> 40) & 0xf);
    __asm__ volatile("lldt %w0" : : "r"(0));
    __asm__ volatile("sldt %w0" : "=r"(tr));
    put_kv("ldtr", tr);
    out_str("\n");

    set_gate(3, sys_stub_3, 0, 3, 1);
    set_gate(6, sys_stub_6, 0, 0, 1);
    set_gate(8, sys_stub_8, 2, 0, 1);
    set_gate(11, sys_stub_11, 0, 0, 1);
    set_gate(13, sys_stub_13, 0, 0, 1);
    set_gate(14, sys_stub_14, 0, 0, 1);
    set_gate(32, sys_stub_32, 0, 0, 1);
    set_gate(64, sys_stub_64, 0, 0, 1);
    set_gate(65, sys_stub_65, 1, 0, 1);
    set_gate(66, sys_stub_64, 0, 0, 0);             /* not present */
    set_gate(67, sys_stub_67, 0, 3, 1);
    d.limit = sizeof(idt) - 1;
    d.base = (uint64_t)(uintptr_t)idt;
    __asm__ volatile("lidt %0" : : "m"(d));
}

/* A kernel-mode step that may fault: resume after insn. */
#define KFAULT(insn, ...) \
    __asm__ volatile("lea 2f(%%rip), %%r11\n mov %%r11, %[res]\n" \
                     "1: " insn "\n2:" \
                     : [res] "=m"(kern_resume) : __VA_ARGS__ : "r11", "memory")

static void report(const char *what)
{
    out_str(what);
    put_kv("vector", seen_vector);
    put_kv("error", seen_error);
    out_str("\n");
    seen_vector = seen_error = 0xff;
}

/*
 * SYSCALL 1: echo; 2: a user fault's report; 3: after echo; 4: after
 * SYSENTER; 5: RSP0 to the top of a page that is not present.
 */
uint64_t sys_call(uint64_t nr, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t cs, fl;

    __asm__ volatile("mov %%cs, %0\n pushfq\n pop %1" : "=r"(cs), "=r"(fl));
    switch (nr) {
    case 1:
        out_str("syscall");
        put_kv("cs", cs);
        put_ok("df-masked", !(fl & 0x400));
        out_str("\n");
        return a + 1;
    case 2:
        out_str("user");
        put_kv("tag", a);
        put_kv("vector", seen_vector);
        put_kv("error", seen_error);
        if (c && seen_rip == c) {
            out_str(" rip=cr2");
        } else {
            put_kv("rip-insn", seen_rip - b);
        }
        if (c) {
            put_ok("cr2", seen_cr2 == c);
        }
        if (seen_vector == 8) {
            put_ok("ist2", seen_frame == TOP(ist2_stack));
            put_kv("frame-cs", seen_cs);
        }
        if (seen_vector == 67) {
            put_kv("frame-cs", seen_cs);
            put_kv("frame-ss", seen_ss);
            put_kv("handler-ss", seen_my_ss);
            put_ok("rsp0", seen_frame == TOP(rsp0_stack));
        }
        out_str("\n");
        seen_vector = seen_error = 0xff;
        set_rsp0(TOP(rsp0_stack));
        return 0;
    case 5:
        set_rsp0((uint64_t)(uintptr_t)tpage[TP_NP] + 4096);
        return 0;
    case 3:
        out_str("sysret");
        put_kv("echo", a);
        put_ok("rcx", b == c);
        out_str("\n");
        return 0;
    case 4:
        out_str("sysenter");
        put_kv("kernel-cs", sysenter_cs);
        put_ok("rsp", sysenter_rsp == TOP(sysenter_stack));
        put_kv("exit-cs", a);
        put_kv("exit-ss", b);
        out_str("\n");
        return 0;
    }
    return ~0ull;
}

static void test_user(void)
{
    wrmsr(0xc0000081, (0x18ull << 48) | (0x08ull << 32));     /* STAR */
    wrmsr(0xc0000082, (uint64_t)(uintptr_t)syscall_entry);   /* LSTAR */
    wrmsr(0xc0000084, 0x40700);         /* FMASK: AC DF IF TF */
    wrmsr(0x174, 0x08);
    wrmsr(0x175, TOP(sysenter_stack));
    wrmsr(0x176, (uint64_t)(uintptr_t)sysenter_entry);
    enter_user(user_main, user_stack_top, 0x2b, 2);
    out_str("back in the kernel\n");
}

static void setup_pic(uint8_t mask)
{
    static const uint8_t pic[2][4] = {
        { 0x11, 0x20, 0x04, 0x01 },
        { 0x11, 0x28, 0x02, 0x01 },
    };

    for (int i = 0; i < 2; i++) {
        outb(i ? 0xa0 : 0x20, pic[i][0]);
        for (int j = 1; j < 4; j++) {
            outb(i ? 0xa1 : 0x21, pic[i][j]);
        }
        outb(i ? 0xa1 : 0x21, i ? 0xff : mask);
    }
}

static void report_compat(const char *what)
{
    out_str(what);
    put_kv("irq-cs", seen_irq_cs);
    put_kv("irq-ss", seen_irq_ss);
    put_ok("rip", seen_irq_rip == (uint64_t)(uintptr_t)compat_loop);
    out_str("\n");
    seen_irq_cs = seen_irq_ss = seen_irq_rip = 0;
}

/*
 * IRETQ and SYSRET into compatibility mode: the code there spins (or the
 * CPU stops while compatibility mode is not translated) until a timer
 * interrupt, taken from compatibility mode, sends it back to 64-bit code.
 */
static void test_compat(void)
{
    setup_pic(0xfe);
    outb(0x43, 0x34);                   /* 10 ms, periodic */
    outb(0x40, 11932 & 0xff);
    outb(0x40, 11932 >> 8);
    enter_user(compat_loop, user_stack_top, 0x1b, 0x202);
    report_compat("iretq-to-compat");
    sysret_compat(compat_loop);
    report_compat("sysret-to-compat");
    outb(0x21, 0xff);
}

static void test_kernel_faults(void)
{
    uint64_t v = 0, cr4 = read_cr4();
    uint16_t ss;

    KFAULT("int $0x41", "m"(seen_vector));          /* IST1 */
    report("ist");
    put_ok("frame", seen_frame == TOP(ist1_stack));
    out_str("\n");

    set_gate(11, sys_stub_11, 0, 0, 0);             /* #NP's gate absent */
    KFAULT("int $0x42", "m"(seen_vector));          /* #NP, then #NP: #DF */
    set_gate(11, sys_stub_11, 0, 0, 1);
    report("double-fault");
    put_ok("ist2", seen_frame == TOP(ist2_stack));
    out_str("\n");

    set_gate(6, sys_stub_6, 0, 0, 0);               /* #UD's gate absent */
    KFAULT("ud2", "m"(seen_vector));
    report("#NP-ext");                              /* 6 * 8 + 2 + EXT */
    set_gate(6, sys_stub_6, 0, 0, 1);

    KFAULT("ltr %%ax", "a"(0x38));                  /* already busy */
    report("ltr-busy");

    KFAULT("mov (%%rax), %%rax", "a"(0x8000000000000000ull));
    report("non-canonical");

    /* SMEP: the kernel calls into a user page. */
    write_cr4(cr4 | (1u << 20));
    KFAULT("jmp *%%rax", "a"(user_ret));
    report("smep");
    put_ok("cr2", seen_cr2 == (uint64_t)(uintptr_t)user_ret);
    out_str("\n");
    write_cr4(cr4);

    /* SMAP: a user page from the kernel, then with STAC, then CLAC. */
    *(volatile uint64_t *)(user_page + 96) = 0;     /* before SMAP: fine */
    write_cr4(cr4 | (1u << 21));
    KFAULT("mov (%%rax), %%rax", "a"(user_page + 96));
    report("smap");
    __asm__ volatile("stac");
    KFAULT("movq $0x55, (%%rax)", "a"(user_page + 96));
    report("smap-stac");
    /* Helpers that write memory (FXSAVE) use KERNEL_AC too. */
    KFAULT("fxsave64 (%%rax)", "a"(user_page + 1024));
    report("smap-fxsave");
    __asm__ volatile("clac");
    KFAULT("movq (%%rax), %%rax", "a"(user_page + 96));
    report("smap-clac");
    write_cr4(cr4);
    v = *(volatile uint64_t *)(user_page + 96);
    out_str("smap-data");
    put_kv("v", v);
    out_str("\n");

    /* Kernel fetch from an NX page: I/D and P. */
    KFAULT("jmp *%%rax", "a"(tpage[TP_NX]));
    report("nx-kernel");

    __asm__ volatile("mov %%ss, %0" : "=r"(ss));
    out_str("kernel");
    put_kv("ss", ss);
    out_str("\n");
}

static void test_msrs(void)
{
    uint32_t lo, hi, aux;
    uint64_t v, pid;

    out_str("msr");
    put_kv("pat", rdmsr(0x277));
    put_kv("mtrrcap", rdmsr(0xfe));
    wrmsr(0x200, 0x80000006);
    wrmsr(0x201, 0xff80000800);
    put_kv("physbase0", rdmsr(0x200));
    put_kv("physmask0", rdmsr(0x201));
    out_str("\n");

    KFAULT("wrmsr", "c"(0x12345), "a"(0), "d"(0));
    report("wrmsr-unknown");
    KFAULT("rdmsr", "c"(0x12345));                 /* faults: no outputs */
    report("rdmsr-unknown");
    KFAULT("wrmsr", "c"(0x277), "a"(0x02), "d"(0));        /* bad PAT type */
    report("wrmsr-pat-invalid");

    wrmsr(0xc0000103, 0x1234);                              /* TSC_AUX */
    __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
    __asm__ volatile("rdpid %0" : "=r"(pid));
    out_str("rdtscp");
    put_kv("aux", aux);
    put_kv("rdpid", pid);
    out_str("\n");

    wrmsr(0xc0000101, 0x100000);                            /* GS base */
    wrmsr(0xc0000102, (uint64_t)(uintptr_t)tpage[TP_A]);    /* kernel GS */
    *(volatile uint64_t *)tpage[TP_A] = 0xa5a5;
    __asm__ volatile("swapgs\n mov %%gs:0, %0" : "=r"(v));
    out_str("swapgs");
    put_kv("gs:0", v);
    put_kv("gsbase", rdmsr(0xc0000101) - (uint64_t)(uintptr_t)tpage[TP_A]);
    put_kv("kernelgsbase", rdmsr(0xc0000102));
    out_str("\n");
    __asm__ volatile("swapgs");
}

static void test_fsgsbase(void)
{
    uint64_t cr4 = read_cr4(), v = 0;

    KFAULT("rdfsbase %%rax", "m"(seen_vector));    /* faults: rax kept */
    report("rdfsbase-off");
    write_cr4(cr4 | (1u << 16));
    __asm__ volatile("wrfsbase %1\n rdfsbase %0" : "=r"(v)
                     : "r"(0x123456789abcull));
    out_str("fsgsbase");
    put_kv("fs", v);
    put_kv("msr", rdmsr(0xc0000100));
    out_str("\n");
    KFAULT("wrgsbase %%rax", "a"(0x8000000000000000ull));
    report("wrgsbase-non-canonical");
    write_cr4(cr4);
}

static void test_pcid(void)
{
    uint64_t cr3, cr4 = read_cr4(), base = (uint64_t)(uintptr_t)pml4;
    struct { uint64_t pcid, addr; } desc = { 1, 0 };

    *(volatile uint64_t *)tpage[TP_A] = 0xaaaa;
    *(volatile uint64_t *)tpage[TP_B] = 0xbbbb;
    set_pte(tpage[TP_REMAP], (uint64_t)(uintptr_t)tpage[TP_A], PG_P | PG_RW);
    out_str("invlpg");
    put_kv("before", *(volatile uint64_t *)tpage[TP_REMAP]);
    pt[((uint64_t)(uintptr_t)tpage[TP_REMAP]) >> 12] =
        (uint64_t)(uintptr_t)tpage[TP_B] | PG_P | PG_RW;
    __asm__ volatile("invlpg (%0)" : : "r"(tpage[TP_REMAP]) : "memory");
    put_kv("after", *(volatile uint64_t *)tpage[TP_REMAP]);
    out_str("\n");

    __asm__ volatile("mov %0, %%cr3" : : "r"(base | 1) : "memory");
    KFAULT("mov %%rax, %%cr4", "a"(cr4 | (1u << 17)));     /* CR3[11:0] != 0 */
    report("pcide-with-pcid");
    __asm__ volatile("mov %0, %%cr3" : : "r"(base) : "memory");
    write_cr4(cr4 | (1u << 17));
    __asm__ volatile("mov %0, %%cr3" : : "r"(base | 5 | (1ull << 63))
                     : "memory");
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    out_str("pcid");
    put_kv("cr3-low", cr3 - base);
    for (uint64_t type = 0; type < 4; type++) {
        __asm__ volatile("invpcid %0, %1" : : "m"(desc), "r"(type) : "memory");
    }
    out_str(" invpcid-0-3 ok\n");
    KFAULT("invpcid (%%rbx), %%rax", "a"(4ull), "b"(&desc));
    report("invpcid-type4");
    __asm__ volatile("mov %0, %%cr3" : : "r"(base) : "memory");
    write_cr4(cr4);
}

/*
 * What each flush must drop: MOV CR3 a non-global page, a CR4.PGE toggle
 * and INVPCID type 2 a global one (the TLB keeps global pages otherwise).
 */
static void test_global(void)
{
    uint64_t cr3, cr4 = read_cr4(), a = (uint64_t)(uintptr_t)tpage[TP_A];
    uint64_t b = (uint64_t)(uintptr_t)tpage[TP_B];
    volatile uint64_t *p = (volatile uint64_t *)tpage[TP_REMAP];
    uint64_t *pte = &pt[((uint64_t)(uintptr_t)p) >> 12];
    struct { uint64_t pcid, addr; } desc = { 0, 0 };

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    write_cr4(cr4 | (1u << 7));
    set_pte((void *)p, a, PG_P | PG_RW);
    (void)*p;
    *pte = b | PG_P | PG_RW;
    __asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
    out_str("global");
    put_kv("cr3", *p);
    set_pte((void *)p, a, PG_P | PG_RW | PG_G);
    (void)*p;
    *pte = b | PG_P | PG_RW | PG_G;
    write_cr4(cr4);
    write_cr4(cr4 | (1u << 7));
    put_kv("pge", *p);
    *pte = a | PG_P | PG_RW | PG_G;
    __asm__ volatile("invpcid %0, %1" : : "m"(desc), "r"(2ull) : "memory");
    put_kv("invpcid", *p);
    out_str("\n");
    write_cr4(cr4);
}

extern char after_jump[];

/* IRQ 0 pending in the i8259 (one PIT shot) while interrupts are off. */
static void pend_irq0(void)
{
    setup_pic(0xfe);
    outb(0x43, 0x30);                   /* mode 0: one shot */
    outb(0x40, 100);
    outb(0x40, 0);
    outb(0x20, 0x0a);                   /* OCW3: read the IRR */
    while (!(inb(0x20) & 1)) {
        /* until IRQ 0 is pending */
    }
}

static void __attribute__((noinline)) sti_jmp(void)
{
    __asm__ volatile("sti\n jmp after_jump\n after_jump: cli");
}

/*
 * STI with an interrupt pending: taken after the next insn, not before,
 * also when that insn is a jump (to code that turns interrupts off).
 */
static void test_sti_shadow(void)
{
    extern char after_shadow[];

    ticks = 0;
    pend_irq0();
    __asm__ volatile("sti\n inc %%ecx\n after_shadow: cli" : : : "rcx");
    out_str("sti-shadow");
    put_kv("ticks", ticks);
    put_ok("rip", seen_rip == (uint64_t)(uintptr_t)after_shadow);
    out_str("\n");

    /* Three times: the later runs go through translated, linked TBs. */
    for (int i = 0; i < 3; i++) {
        ticks = 0;
        pend_irq0();
        sti_jmp();
        out_str("sti-jmp");
        put_kv("ticks", ticks);
        put_ok("rip", seen_rip == (uint64_t)(uintptr_t)after_jump);
        out_str("\n");
    }
    outb(0x21, 0xff);
}

/* MOV DRn, SGDT/SIDT, CLTS, WBINVD. */
static void test_misc_sys(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } g, i;
    uint64_t dr0, dr6, dr7, cr0;

    __asm__ volatile("mov %0, %%dr0" : : "r"(0x12345678ull));
    __asm__ volatile("mov %%dr0, %0\n mov %%dr6, %1\n mov %%dr7, %2"
                     : "=r"(dr0), "=r"(dr6), "=r"(dr7));
    out_str("debug-regs");
    put_kv("dr0", dr0);
    put_kv("dr6", dr6);
    put_kv("dr7", dr7);
    out_str("\n");
    KFAULT("mov %%rax, %%dr7", "a"(1ull << 32));
    report("dr7-high-bits");

    __asm__ volatile("sgdt %0\n sidt %1" : "=m"(g), "=m"(i));
    out_str("sgdt");
    put_kv("limit", g.limit);
    put_ok("base", g.base == (uint64_t)(uintptr_t)gdt);
    out_str(" sidt");
    put_kv("limit", i.limit);
    put_ok("base", i.base == (uint64_t)(uintptr_t)idt);
    out_str("\n");

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 |= 8;                                       /* TS */
    __asm__ volatile("mov %0, %%cr0\n clts\n wbinvd\n mov %%cr0, %0"
                     : "+r"(cr0));
    out_str("clts");
    put_kv("cr0.ts", (cr0 >> 3) & 1);
    out_str("\n");
}

/*
 * REP STOS/MOVS, which Kemu runs a page at a time (string-helper.c): a
 * fault in the next page leaves the registers of the elements done;
 * overlapping copies repeat what earlier elements wrote, in either
 * direction; a 32-bit address size cuts rDI.  Compared with plain loops.
 */
static uint8_t sbuf[3][4096] __attribute__((aligned(4096)));
static uint8_t sref[3][4096] __attribute__((aligned(4096)));

static void sbuf_fill(void)
{
    volatile uint8_t *a = &sbuf[0][0], *b = &sref[0][0];

    for (int i = 0; i < 3 * 4096; i++) {
        a[i] = b[i] = (uint8_t)(i * 7 + 1);
    }
}

/* The reference: element by element, stepping by -size when down. */
static void ref_movs(long d, long s, long n, int size, int down)
{
    volatile uint8_t *b = &sref[0][0];

    for (long i = 0; i < n; i++) {
        for (int k = 0; k < size; k++) {
            uint8_t v = b[s + k];

            b[d + k] = v;
        }
        d += down ? -size : size;
        s += down ? -size : size;
    }
}

static int sbuf_same(void)
{
    volatile uint8_t *a = &sbuf[0][0], *b = &sref[0][0];

    for (int i = 0; i < 3 * 4096; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static void rep_movs(const char *what, long d, long s, long n, int size,
                     int down)
{
    uint64_t di = (uint64_t)(uintptr_t)&sbuf[0][d];
    uint64_t si = (uint64_t)(uintptr_t)&sbuf[0][s];
    uint64_t c = n, step = (uint64_t)(n * size);
    uint64_t di0 = di, si0 = si;

    if (down) {
        __asm__ volatile("std");
    }
    switch (size) {
    case 1:
        __asm__ volatile("rep movsb" : "+D"(di), "+S"(si), "+c"(c)
                         : : "memory");
        break;
    case 2:
        __asm__ volatile("rep movsw" : "+D"(di), "+S"(si), "+c"(c)
                         : : "memory");
        break;
    default:
        __asm__ volatile("rep movsq" : "+D"(di), "+S"(si), "+c"(c)
                         : : "memory");
        break;
    }
    __asm__ volatile("cld");
    ref_movs(d, s, n, size, down);
    out_str(what);
    put_ok("data", sbuf_same());
    step = down ? -step : step;
    put_ok("regs", c == 0 && di == di0 + step && si == si0 + step);
    out_str("\n");
}

static void test_rep_strings(void)
{
    uint8_t *np = tpage[TP_NP];
    uint64_t d = (uint64_t)(uintptr_t)(np - 64), c = 16;
    uint64_t pat = 0x0123456789abcdefull;
    volatile uint64_t *tail = (volatile uint64_t *)(np - 64);
    int same = 1;

    __asm__ volatile("lea 2f(%%rip), %%r11\n mov %%r11, %[res]\n"
                     "1: rep stosq\n2:"
                     : [res] "=m"(kern_resume), "+D"(d), "+c"(c)
                     : "a"(pat) : "r11", "memory");
    report("rep-stos-fault");
    for (int i = 0; i < 8; i++) {
        same &= tail[i] == pat;
    }
    out_str("rep-stos-fault");
    put_kv("rcx", c);
    put_ok("rdi", d == (uint64_t)(uintptr_t)np);
    put_ok("cr2", seen_cr2 == (uint64_t)(uintptr_t)np);
    put_ok("data", same);
    out_str("\n");

    sbuf_fill();
    rep_movs("movsb-overlap-up", 101, 100, 5000, 1, 0);
    rep_movs("movsq-down", 2 * 4096 + 512, 4096 + 8, 300, 8, 1);
    rep_movs("movsw-overlap-down", 2 * 4096 + 100, 2 * 4096 + 102, 2100, 2, 1);
    rep_movs("movsq-overlap-up", 4000, 3996, 40, 8, 0);

    d = (1ull << 32) | (uint64_t)(uintptr_t)&sbuf[1][4000];
    c = 100;
    __asm__ volatile("addr32 rep stosl" : "+D"(d), "+c"(c)
                     : "a"(0x5a5a5a5au) : "memory");
    out_str("stosl-addr32");
    put_ok("rdi", d == (uint64_t)(uintptr_t)&sbuf[1][0] + 4400);
    put_ok("data", *(volatile uint32_t *)&sbuf[2][300] == 0x5a5a5a5au &&
                   sbuf[2][304] != 0x5a);
    out_str("\n");
}

void test_main(void)
{
    setup_tables();
    setup_paging();
    test_user();
    test_compat();
    test_kernel_faults();
    test_msrs();
    test_fsgsbase();
    test_pcid();
    test_global();
    test_misc_sys();
    test_sti_shadow();
    test_rep_strings();
}
