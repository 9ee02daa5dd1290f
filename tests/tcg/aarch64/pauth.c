/*
 * FEAT_PAuth on -cpu max: every PAC/AUT/XPAC form and PACGA on random
 * pointers, modifiers and keys under several TCR_EL1 layouts (TxSZ,
 * TBI, TBID), with the keys enabled and disabled in SCTLR_EL1; the
 * authenticating branches (BRAA.., BLRAA.., RETAA/RETAB, ERETAA/ERETAB)
 * and loads (LDRAA/LDRAB with writeback), passing and failing.
 * ID_AA64ISAR1 tells which PAuth QEMU's max has (APA = GPA = 1).
 */
#include "pauthops.h"

static const uint64_t tcr_cfg[] = {
    TCR_TG1_4K | 16 | 16ull << 16,                          /* 48-bit VA */
    TCR_TG1_4K | 25 | 25ull << 16 | 3ull << 37,             /* TBI0, TBI1 */
    TCR_TG1_4K | 39 | 20ull << 16 | 1ull << 37 | 1ull << 51, /* TBID0 */
    TCR_TG1_4K | 12 | 33ull << 16 | 2ull << 37 | 2ull << 51, /* TBI1, TBID1 */
};

/* Pointers: in either range, with good and bad extension bits. */
static uint64_t rand_ptr(void)
{
    uint64_t r = rnd(), p = rnd();

    switch (r & 7) {
    case 0:
        return p & 0x0000ffffffffffffull;
    case 1:
        return p | 0xffff000000000000ull;
    case 2:
        return (p & 0x00000000ffffffffull) | (r & 0xff00000000000000ull);
    case 3:
        return p | 0x00ff000000000000ull;
    default:
        return p;
    }
}

static void print_op(const char *name, uint64_t x, uint64_t m, uint64_t r)
{
    puts_uart(name);
    putc_uart(' ');
    put_hex(x, 16);
    putc_uart(' ');
    put_hex(m, 16);
    puts_uart(" -> ");
    put_hex(r, 16);
    putc_uart('\n');
}

/* Every op on n pointers; the first few printed, all hashed. */
/*
 * XPAC* are skipped with every key disabled: QEMU 7.2 then makes them
 * NOPs, where the Arm ARM (and Kemu) strip the PAC field regardless.
 */
static void run_ops(const char *label, int n, int shown, int no_xpac)
{
    uint64_t sum = 0;

    for (int i = 0; i < n; i++) {
        uint64_t x = rand_ptr(), m = rnd();
        for (unsigned k = 0; k < N_PAUTH_OPS; k++) {
            if (no_xpac && pauth_ops[k].name[0] == 'x') {
                continue;
            }
            uint64_t r = pauth_ops[k].fn(x, m);
            if (i < shown) {
                print_op(pauth_ops[k].name, x, m, r);
            }
            sum = mix(sum, r);
        }
        /* Sign then authenticate: the original back, or an error code. */
        uint64_t s = op_pacia(x, m);
        sum = mix(sum, op_autia(s, m));
        sum = mix(sum, op_autia(s ^ (1ull << (i % 64)), m));
        s = op_pacdzb(x, 0);
        sum = mix(sum, op_autdzb(s, 0));
        sum = mix(sum, op_autdzb(s, 1));
        if (i < shown) {
            print_val("autia(pacia)", op_autia(op_pacia(x, m), m));
        }
    }
    print_val(label, sum);
}

static volatile int faults;
static uint64_t resume;

void exc_handler(ExcFrame *f, int vector)
{
    (void)vector;
    print_val("exception esr", f->esr);
    print_val("far", f->far);
    print_val("elr", f->elr);
    faults++;
    f->elr = resume;
}

/* Branch forms: target signed as each instruction expects. */
static void test_branches(void)
{
    uint64_t out, x16 = 0x1234;

    /* BRAA / BRAB / BLRAA / BLRABZ / RETAA / RETAB passing. */
    __asm__ volatile(
        "mov x0, #0\n\t"
        "adr x1, 1f\n\tpacia x1, %1\n\tbraa x1, %1\n\tb 9f\n"
        "1:\torr x0, x0, #1\n\t"
        "adr x1, 2f\n\tpacib x1, %1\n\tbrab x1, %1\n\tb 9f\n"
        "2:\torr x0, x0, #2\n\t"
        "adr x1, 3f\n\tpaciza x1\n\tbraaz x1\n\tb 9f\n"
        "3:\torr x0, x0, #4\n\t"
        "mov x9, x30\n\t"
        "adr x1, 4f\n\tpacizb x1\n\tblrabz x1\n\tb 9f\n"
        "4:\tadr x2, 4b\n\tsub x2, x2, x30\n\torr x0, x0, x2, lsl #8\n\t"
        "adr x1, 5f\n\tpacia x1, %1\n\tblraa x1, %1\n\tb 9f\n"
        "5:\torr x0, x0, #8\n\t"
        "adr x30, 6f\n\tmov x2, sp\n\tpacia x30, x2\n\tretaa\n\tb 9f\n"
        "6:\torr x0, x0, #16\n\t"
        "adr x30, 7f\n\tpacibsp\n\tretab\n\tb 9f\n"
        "7:\torr x0, x0, #32\n\t"
        "mov x30, x9\n"
        "9:\tmov %0, x0"
        : "=r"(out) : "r"(x16) : "x0", "x1", "x2", "x9", "x30", "memory");
    print_val("branches", out);
}

/* A failing BRAA: the error-coded target faults when fetched. */
static void test_branch_fail(void)
{
    __asm__ volatile(
        "adr x0, 1f\n\tstr x0, %0\n\t"
        "adr x1, 2f\n\tmov x2, #0\n\tpacia x1, x2\n\tmov x2, #1\n\tbraa x1, x2\n"
        "2:\tnop\n1:"
        : "=m"(resume) : : "x0", "x1", "x2", "memory");
    __asm__ volatile(
        "adr x0, 1f\n\tstr x0, %0\n\t"
        "adr x30, 2f\n\tpacibsp\n\tadd x30, x30, #4\n\tretab\n"
        "2:\tnop\n1:"
        : "=m"(resume) : : "x0", "x30", "memory");
    print_val("faults", faults);
}

/* ERETAA / ERETAB back to EL1h at a signed ELR. */
static void test_eret(void)
{
    uint64_t out = 0;

    __asm__ volatile(
        "adr x0, 1f\n\tmov x1, sp\n\tpacia x0, x1\n\tmsr elr_el1, x0\n\t"
        "mov x0, #0x3c5\n\tmsr spsr_el1, x0\n\teretaa\n"
        "1:\tadr x0, 2f\n\tmov x1, sp\n\tpacib x0, x1\n\tmsr elr_el1, x0\n\t"
        "mov x0, #0x3c5\n\tmsr spsr_el1, x0\n\teretab\n"
        "2:\tmov %0, #0x77"
        : "=r"(out) : : "x0", "x1", "memory");
    print_val("eret", out);
}

/* LDRAA / LDRAB, offset and pre-index writeback, then a failing one. */
static void test_loads(void)
{
    static uint64_t data[8] = {
        0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888,
    };
    uint64_t p = (uint64_t)&data[4], a, b, c, base, wb;

    __asm__ volatile(
        "mov x1, %5\n\tpacdza x1\n\tldraa %0, [x1]\n\t"
        "ldraa %1, [x1, #-16]\n\t"
        "mov x2, %5\n\tpacdzb x2\n\tldrab %2, [x2, #24]!\n\t"
        "mov %3, x2\n\tmov %4, x1"
        : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(wb), "=&r"(base)
        : "r"(p) : "x1", "x2", "memory");
    print_val("ldraa", a);
    print_val("ldraa -16", b);
    print_val("ldrab 24!", c);
    print_val("writeback", wb - p);
    print_val("base kept", base != p);
    __asm__ volatile(
        "adr x0, 1f\n\tstr x0, %0\n\t"
        "mov x1, %1\n\tpacdza x1\n\tldrab x2, [x1]\n1:"
        : "=m"(resume) : "r"(p) : "x0", "x1", "x2", "memory");
    print_val("faults", faults);
}

int main(void)
{
    uint64_t keys[10], isar1, sctlr = sctlr_base();

    __asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
    print_val("apa", (isar1 >> 4) & 0xf);
    print_val("api", (isar1 >> 8) & 0xf);
    print_val("gpa", (isar1 >> 24) & 0xf);
    print_val("gpi", (isar1 >> 28) & 0xf);
    for (int i = 0; i < 10; i++) {
        keys[i] = rnd();
    }
    set_keys(keys);
    /* Disabled keys: PAC/AUT do nothing, XPAC and PACGA still work. */
    MSR(sctlr_el1, sctlr);
    MSR(tcr_el1, tcr_cfg[0]);
    run_ops("disabled", 16, 1, 1);
    MSR(sctlr_el1, sctlr | SCTLR_EN_ALL);
    for (unsigned c = 0; c < sizeof(tcr_cfg) / sizeof(tcr_cfg[0]); c++) {
        MSR(tcr_el1, tcr_cfg[c]);
        run_ops("tcr", 200, 2, 0);
    }
    /* One key at a time. */
    MSR(tcr_el1, tcr_cfg[1]);
    MSR(sctlr_el1, sctlr | SCTLR_ENIB | SCTLR_ENDA);
    run_ops("ib da only", 50, 0, 0);
    MSR(tcr_el1, tcr_cfg[0]);
    MSR(sctlr_el1, sctlr | SCTLR_EN_ALL);
    test_branches();
    test_branch_fail();
    test_eret();
    test_loads();
    MSR(sctlr_el1, sctlr);
    puts_uart("END\n");
    return 0;
}
