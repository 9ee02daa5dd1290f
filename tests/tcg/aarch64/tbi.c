/*
 * Top-byte-ignore (TCR_EL1.TBI0/TBI1, and TBID0/TBID1 of FEAT_PAuth) on
 * -cpu max: with the MMU off and on, at EL1 and EL0, loads, stores, pairs,
 * exclusives, an LSE atomic, an FP load, DC ZVA and AT through tagged
 * pointers in both halves of the address space, branches (BLR, RET,
 * BLRAA, ERET) to tagged targets, and TLBIs by VA (from EL1) of a page
 * that EL0 reached through a tagged pointer.  Each access prints its value, or the
 * ESR and FAR of its abort (the FAR keeps the tag, as on QEMU).
 */
#include "runtime.h"

#define RAM_BASE    0x40000000ull
#define EL0_ALIAS   0x80000000ull       /* RAM again, EL0 read/write */
#define VA_NONE     0xc0000000ull       /* nothing */
#define VA_PAGE     0x100000000ull      /* one page, for the TLBI tests */
#define HI_BASE     0xffffff8000000000ull  /* TTBR1 half, T1SZ = 25 */

#define DESC_BLOCK  1ull
#define DESC_TABLE  3ull                /* also "page" at level 3 */
#define DESC_AF     (1ull << 10)
#define DESC_SH_IS  (3ull << 8)
#define DESC_EL0    (1ull << 6)
#define ATTR_DEVICE (0ull << 2)
#define ATTR_NORMAL (1ull << 2)

#define TCR_BASE    (25ull | 1ull << 8 | 1ull << 10 | 3ull << 12 |       \
                     25ull << 16 | 1ull << 24 | 1ull << 26 | 3ull << 28 | \
                     2ull << 30 | 2ull << 32)
#define TBI0        (1ull << 37)
#define TBI1        (1ull << 38)
#define TBID0       (1ull << 51)
#define TBID1       (1ull << 52)
#define SCTLR_BASE  0x00c50838ull
#define SCTLR_ENIA  (1ull << 31)

static uint64_t tables[3][512] __attribute__((aligned(4096)));
static volatile uint64_t data[512] __attribute__((aligned(4096)));
static volatile uint64_t page_a[512] __attribute__((aligned(4096)));
static volatile uint64_t page_b[512] __attribute__((aligned(4096)));

static volatile uint64_t exc_esr, exc_far, exc_count;
static volatile uint64_t el0_x2, el0_x4;
static uint64_t resume_el1;

#define SYSREG_WRITE(name, val)                                         \
    __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(val)) \
                     : "memory")

/*
 * Point VA_PAGE at the other page and invalidate it with TLBI VAE1 or
 * (every other time) VAAE1IS, which name the untagged page.
 */
static void remap_and_tlbi(void)
{
    static int count;
    volatile uint64_t *l3 = &tables[2][0];
    volatile uint64_t *page = (*l3 & 0xfffff000) == (uint64_t)page_a ? page_b
                                                                     : page_a;

    *l3 = (uint64_t)page | DESC_AF | DESC_SH_IS | ATTR_NORMAL | DESC_EL0 |
          DESC_TABLE;
    if (count++ & 1) {
        __asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
                         : : "r"(VA_PAGE >> 12) : "memory");
    } else {
        __asm__ volatile("dsb ishst\n\ttlbi vae1, %0\n\tdsb ish\n\tisb"
                         : : "r"(VA_PAGE >> 12) : "memory");
    }
}

void exc_handler(ExcFrame *f, int vector)
{
    uint32_t ec = f->esr >> 26;

    if (vector == 8 && ec == 0x15 && (f->esr & 0xffff) == 1) {
        remap_and_tlbi();               /* SVC #1 from EL0 */
        return;
    }
    if (vector == 8 && ec == 0x15) {    /* SVC #0 from EL0: back to EL1h */
        el0_x2 = f->x[2];
        el0_x4 = f->x[4];
        f->elr = resume_el1;
        f->spsr = 0x3c5;
        return;
    }
    if ((vector != 4 && vector != 8) || (ec & ~0x5u) != 0x20) {
        print_val("unexpected vector", vector);
        print_val("esr", f->esr);
        print_val("elr", f->elr);
        semihost_exit(3);
    }
    exc_esr = f->esr;
    exc_far = f->far;
    exc_count++;
    if (ec < 0x24) {
        /* Instruction abort: go on at the target's identity (or EL0
         * alias) address, which the low 32 bits are. */
        f->elr &= 0xffffffffull;
    } else {
        f->elr += 4;                    /* skip the load or store */
    }
}

static uint64_t tag(uint64_t p, uint64_t t)
{
    return (p & 0x00ffffffffffffffull) | t << 56;
}

/* "label value", plus the abort's ESR and FAR if there was one. */
static void report(const char *label, uint64_t v)
{
    puts_uart(label);
    putc_uart(' ');
    put_hex(v, 16);
    if (exc_count) {
        puts_uart(" esr=");
        put_hex(exc_esr, 8);
        puts_uart(" far=");
        put_hex(exc_far, 16);
    }
    putc_uart('\n');
    exc_count = 0;
}

static uint64_t load(uint64_t va)
{
    uint64_t v = 0xeeeeeeeeeeeeeeeeull;

    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static void store(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

/* ---- Data accesses ---- */

static void data_tests(const char *half, uint64_t base, int mmu)
{
    uint64_t p = base + (uint64_t)&data[8], v1 = 0xee, v2 = 0xee, st = 0xee;

    puts_uart(half);
    putc_uart('\n');
    data[8] = 0x1111222233334444ull;
    data[9] = 0x5555666677778888ull;
    report(" ldr", load(tag(p, 0x5a)));
    store(tag(p, 0xa5), 0x0123456789abcdefull);
    report(" str", data[8]);
    __asm__ volatile("ldp %0, %1, [%2]" : "+r"(v1), "+r"(v2)
                     : "r"(tag(p, 0x3c)) : "memory");
    report(" ldp", v1 ^ v2);
    __asm__ volatile("stp %0, %1, [%2]" : : "r"(v2), "r"(v1),
                     "r"(tag(p, 0xc3)) : "memory");
    report(" stp", data[8] - data[9]);
    v1 = 0xee;
    __asm__ volatile("ldxr %0, [%2]\n\tadd %0, %0, #1\n\t"
                     "stxr %w1, %0, [%2]"
                     : "+r"(v1), "+r"(st) : "r"(tag(p, 0x11)) : "memory");
    report(" ldxr/stxr", v1);
    report(" stxr status", st);
    st = 0xee;
    /* The monitor holds the address as used: another tag fails. */
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %0, [%3]"
                     : "+r"(v1), "+r"(st)
                     : "r"(tag(p, 0x11)), "r"(tag(p, 0x22)) : "memory");
    report(" stxr other tag", st);
    v1 = 0xee;
    __asm__ volatile("ldadd %1, %0, [%2]" : "+r"(v1)
                     : "r"(0x10ull), "r"(tag(p, 0xf0)) : "memory");
    /* ESR.WnR of an atomic's abort: QEMU 7.2 says read, Kemu write. */
    exc_esr &= ~(1ull << 6);
    report(" ldadd", data[8]);
    v1 = 0xee;
    __asm__ volatile("ldr d0, [%1]\n\tfmov %0, d0" : "+r"(v1)
                     : "r"(tag(p + 8, 0x0f)) : "memory");
    report(" ldr d0", v1);
    if (mmu) {
        uint64_t par;

        data[64] = 0x77;
        __asm__ volatile("dc zva, %0" : : "r"(tag(p - 64 + 512, 0x99))
                         : "memory");
        report(" dc zva", data[64]);
        __asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1"
                         : "=r"(par) : "r"(tag(p, 0x42)) : "memory");
        report(" at par", par);
        report(" unmapped", load(tag(base + VA_NONE, 0x5a)));
    }
    /* Bit 55 set under a zero tag: a TTBR1 address only with TBI1. */
    report(" tag 00 bit55", load(tag(p, 0x00) | 1ull << 55));
}

/* ---- Branches ---- */

/* Returns the PC it ran at in x0 and its LR in x1. */
extern char tbi_target[];
__asm__(".text\n.balign 4\ntbi_target:\n\tadr x0, tbi_target\n\t"
        "mov x1, x30\n\tret\n");

static void blr_to(const char *label, uint64_t target)
{
    uint64_t pc, lr;

    __asm__ volatile("mov x0, xzr\n\tmov x1, xzr\n\tblr %2\n\t"
                     "mov %0, x0\n\tmov %1, x1"
                     : "=r"(pc), "=r"(lr) : "r"(target)
                     : "x0", "x1", "x30", "memory");
    report(label, pc);
    report("  lr", lr);
}

/*
 * Signing: TBI keeps the tag out of the PAC field of code pointers unless
 * TBID; BLRAA authenticates and branches.
 */
static void blraa_to(uint64_t target)
{
    uint64_t pc, ptr = target;

    __asm__ volatile("mov x0, xzr\n\tpacia %1, %2\n\tblraa %1, %2\n\t"
                     "mov %0, x0"
                     : "=r"(pc), "+r"(ptr) : "r"(0x1234ull)
                     : "x0", "x1", "x30", "memory");
    report(" blraa", pc);
    report(" pacia", ptr);
}

static void branch_tests(const char *half, uint64_t base)
{
    uint64_t t = base + (uint64_t)tbi_target, pc;

    puts_uart(half);
    putc_uart('\n');
    blr_to(" blr", tag(t, 0x5a));
    __asm__ volatile("adr x30, 1f\n\torr x30, x30, %1\n\tret\n1:\tadr %0, 1b"
                     : "=&r"(pc) : "r"(tag(base, 0x7e)) : "x30");
    report(" ret", pc);
    __asm__ volatile("adr x11, 1f\n\torr x11, x11, %1\n\t"
                     "msr elr_el1, x11\n\tmov x11, #0x3c5\n\t"
                     "msr spsr_el1, x11\n\teret\n1:\tadr %0, 1b"
                     : "=&r"(pc) : "r"(tag(base, 0xe1)) : "x11", "cc");
    report(" eret", pc);
    blraa_to(tag(t, 0x5a));
}

/* ---- EL0 ---- */

/* x0: data pointer, x1: branch target; results in x2, x4 and x0[1]. */
extern char el0_code[], el0_target[], el0_tlbi[];
__asm__(".text\n.balign 4\nel0_code:\n\tldr x2, [x0]\n\tadd x3, x2, #1\n\t"
        "str x3, [x0, #8]\n\tblr x1\n\tsvc #0\n"
        "el0_target:\n\tadr x4, el0_target\n\tret\n"
        "el0_tlbi:\n\tldr x2, [x0]\n\tsvc #1\n\tldr x4, [x0]\n\tsvc #0\n");

static uint64_t el0_alias(uint64_t p)
{
    return EL0_ALIAS + p - RAM_BASE;
}

/* Run code (an EL0 alias address) at EL0 until its SVC #0. */
static void run_el0(uint64_t code, uint64_t x0, uint64_t x1)
{
    el0_x2 = el0_x4 = 0xee;
    __asm__ volatile("mov x0, %1\n\tmov x1, %2\n\tmov x2, #0xee\n\t"
                     "mov x4, #0xee\n\tadr x9, 1f\n\tstr x9, %0\n\t"
                     "msr elr_el1, %3\n\tmsr spsr_el1, xzr\n\t"
                     "mov x9, sp\n\tmsr sp_el0, x9\n\teret\n1:"
                     : "=m"(resume_el1) : "r"(x0), "r"(x1), "r"(code)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
                       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
                       "x17", "x18", "x30", "memory", "cc");
}

static void el0_tests(void)
{
    data[16] = 0x4444;
    data[17] = 0;
    puts_uart("el0\n");
    run_el0(el0_alias((uint64_t)el0_code),
            tag(el0_alias((uint64_t)&data[16]), 0x5a),
            tag(el0_alias((uint64_t)el0_target), 0x6b));
    report(" ldr", el0_x2);
    report(" str", data[17]);
    report(" blr", el0_x4);
}

/* ---- TLBI by VA after tagged accesses ---- */

/*
 * At EL0, whose TLB holds no large page around VA_PAGE (at EL1 the RAM
 * blocks make every page flush a full one): a load through a tagged
 * pointer, the remap and TLBI by VA at EL1, the load again.
 */
static void tlbi_tests(void)
{
    page_a[2] = 0xaaaa;
    page_b[2] = 0xbbbb;
    puts_uart("tlbi\n");
    for (int i = 0; i < 2; i++) {
        run_el0(el0_alias((uint64_t)el0_tlbi), tag(VA_PAGE + 0x10, 0x77), 0);
        report(" before", el0_x2);
        report(i ? " after tlbi vaae1is" : " after tlbi vae1", el0_x4);
    }
}

/* ---- Set-up ---- */

static void build_tables(void)
{
    uint64_t ram = ATTR_NORMAL | DESC_SH_IS | DESC_AF | DESC_BLOCK;

    tables[0][0] = 0 | ATTR_DEVICE | DESC_AF | DESC_BLOCK;
    tables[0][1] = RAM_BASE | ram;
    tables[0][2] = RAM_BASE | ram | DESC_EL0;
    tables[0][4] = (uint64_t)tables[1] | DESC_TABLE;
    tables[1][0] = (uint64_t)tables[2] | DESC_TABLE;
    tables[2][0] = (uint64_t)page_a | DESC_AF | DESC_SH_IS | ATTR_NORMAL |
                   DESC_EL0 | DESC_TABLE;
}

static void set_tcr(uint64_t tbi)
{
    puts_uart("tcr tbi0 ");
    put_hex(!!(tbi & TBI0), 1);
    puts_uart(" tbi1 ");
    put_hex(!!(tbi & TBI1), 1);
    puts_uart(" tbid0 ");
    put_hex(!!(tbi & TBID0), 1);
    puts_uart(" tbid1 ");
    put_hex(!!(tbi & TBID1), 1);
    putc_uart('\n');
    SYSREG_WRITE(tcr_el1, TCR_BASE | tbi);
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb");
}

static const uint64_t configs[] = {
    0, TBI0, TBI1, TBI0 | TBI1, TBI0 | TBID0, TBI0 | TBI1 | TBID0 | TBID1,
};

int main(void)
{
    puts_uart("mmu off\n");
    for (int i = 0; i < 2; i++) {
        set_tcr(i ? TBI0 : 0);
        data_tests("ttbr0", 0, 0);
    }

    build_tables();
    SYSREG_WRITE(mair_el1, 0xff00);     /* 0: Device-nGnRnE, 1: WB */
    SYSREG_WRITE(ttbr0_el1, (uint64_t)tables[0]);
    SYSREG_WRITE(ttbr1_el1, (uint64_t)tables[0]);
    SYSREG_WRITE(s3_0_c2_c1_0, 0x0123456789abcdefull);  /* APIAKeyLo */
    SYSREG_WRITE(s3_0_c2_c1_1, 0xfedcba9876543210ull);  /* APIAKeyHi */
    set_tcr(0);
    SYSREG_WRITE(sctlr_el1, SCTLR_BASE | SCTLR_ENIA | 1);
    puts_uart("mmu on\n");
    for (unsigned i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
        set_tcr(configs[i]);
        data_tests("ttbr0", 0, 1);
        data_tests("ttbr1", HI_BASE, 1);
        branch_tests("branch ttbr0", 0);
        branch_tests("branch ttbr1", HI_BASE);
        el0_tests();
        tlbi_tests();
    }
    SYSREG_WRITE(sctlr_el1, SCTLR_BASE);
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb");
    puts_uart("END\n");
    return 0;
}
