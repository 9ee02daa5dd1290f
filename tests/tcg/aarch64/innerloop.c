/*
 * Loops that the translator keeps within one TB by branching back to an
 * instruction after the TB's first (inner loops): a data abort in the
 * loop body (the pc and the registers the loop keeps in host registers),
 * a timer interrupt taken by a loop that only touches registers (and by
 * one that masks interrupts for part of each pass), an exclusive-monitor
 * retry loop, a loop body that stores into the code it is running, CASP
 * (a helper that writes the registers in env) and MRS of a system
 * register (a helper call) in a loop's body, and a loop across a page
 * boundary.  Each loop starts after a "b" so that its TB begins one or
 * more instructions before the loop's head.
 */
#include "runtime.h"
#include "gic.h"

#define TICKS_1MS 62500

uint64_t fault_loop(uint64_t *p, uint64_t n);
uint64_t spin_loop(void);
uint64_t masked_spin_loop(void);
uint64_t excl_loop(uint64_t *p, uint64_t n);
uint64_t smc_loop(uint32_t insn);
uint64_t casp_loop(uint64_t *p, uint64_t n);
uint64_t delay_loop(uint64_t ticks);
uint64_t page_loop(uint64_t skip);
extern char fault_ldr[], smc_insn[];

__asm__(".text\n.balign 64\n"
        "fault_loop:\n\tb 2f\n"
        "2:\tmov x10, #0\n\tmov x11, #7\n"
        "1:\tadd x10, x10, x11\n"
        "fault_ldr:\tldr x12, [x0]\n\tadd x0, x0, x12\n"
        "\teor x11, x11, x10\n\tsubs x1, x1, #1\n\tb.ne 1b\n"
        "\tadd x0, x10, x11\n\tret\n"

        ".balign 64\n"
        "spin_loop:\n\tb 2f\n"
        "2:\tmov x9, #0\n\tmov x11, #0\n"
        "1:\tadd x9, x9, #1\n\tcbz x11, 1b\n"
        "\tmov x0, x11\n\tret\n"

        ".balign 64\n"
        "masked_spin_loop:\n\tb 2f\n"
        "2:\tmov x9, #0\n\tmov x11, #0\n"
        "1:\tmsr daifset, #2\n\tadd x9, x9, #1\n\tmsr daifclr, #2\n"
        "\tadd x9, x9, #1\n\tcbz x11, 1b\n"
        "\tmov x0, x11\n\tret\n"

        ".balign 64\n"
        "excl_loop:\n\tb 2f\n"
        "2:\tmov x13, #0\n\tmov x11, #0x55\n\tclrex\n"
        "1:\tstxr w10, x11, [x0]\n\tadd x13, x13, x10\n"
        "\tldxr x11, [x0]\n\tadd x11, x11, #3\n"
        "\tsubs x1, x1, #1\n\tb.ne 1b\n"
        "\tstxr w10, x11, [x0]\n\tadd x13, x13, x10\n"
        "\tldr x12, [x0]\n\tadd x0, x12, x13, lsl #32\n\tret\n"

        ".balign 64\n"
        "smc_loop:\n\tb 2f\n"
        "2:\tmov x9, #4\n\tmov x11, #0\n\tadr x12, smc_insn\n"
        "1:\tadd x10, x10, #1\n"
        "smc_insn:\tadd x11, x11, #1\n\tstr w0, [x12]\n"
        "\tsubs x9, x9, #1\n\tb.ne 1b\n"
        "\tmov x0, x11\n\tret\n"

        ".balign 64\n.arch armv8.1-a\n"
        "casp_loop:\n\tb 2f\n"
        "2:\tmov x4, #0\n\tmov x5, #0\n\tmov x10, #0\n"
        "1:\tadd x6, x4, #1\n\tadd x7, x5, #2\n"
        "\tcasp x4, x5, x6, x7, [x0]\n"
        "\tadd x10, x10, x4\n\teor x10, x10, x5, lsl #7\n"
        "\tsubs x1, x1, #1\n\tb.ne 1b\n"
        "\tadd x0, x10, x4, lsl #32\n\tadd x0, x0, x5, lsl #48\n\tret\n"
        ".arch armv8-a\n"

        ".balign 64\n"
        "delay_loop:\n\tb 2f\n"
        "2:\tmrs x9, cntvct_el0\n\tadd x9, x9, x0\n\tmov x10, #0\n"
        "1:\tadd x10, x10, #1\n\tmrs x11, cntvct_el0\n"
        "\tcmp x11, x9\n\tb.lo 1b\n"
        "\tcmp x10, #0\n\tcset x0, ne\n\tret\n"

        /* A loop across a page boundary, with a branch in its body
         * whose look-ahead for a back edge crosses it. */
        ".balign 4096\n\t.skip 4096 - 24\n"
        "page_loop:\n\tb 2f\n"
        "2:\tmov x10, #0\n\tmov x9, #6\n"
        "1:\tadd x10, x10, x9\n\tcbnz x0, 3f\n\tadd x10, x10, #1\n"
        "\tsubs x9, x9, #1\n\tb.ne 1b\n"
        "3:\tadd x0, x10, x9, lsl #8\n\tret\n");

static uint64_t arr[16] __attribute__((aligned(16)));
static volatile int irqs;

void exc_handler(ExcFrame *f, int vector)
{
    if (vector == 5) {
        uint64_t intid = SYSREG_READ(ICC_IAR1);

        SYSREG_WRITE(cntv_ctl_el0, 0);
        SYSREG_WRITE(ICC_EOIR1, intid);
        print_val("irq intid", intid);
        f->x[11] = 0x77;        /* ends spin_loop */
        irqs++;
        return;
    }
    print_val("vector", vector);
    print_val("esr", f->esr);
    print_val("far - arr", f->far - (uint64_t)arr);
    print_val("elr is the ldr", f->elr == (uint64_t)fault_ldr);
    print_val("x0 - arr", f->x[0] - (uint64_t)arr);
    print_val("x1", f->x[1]);
    print_val("x10", f->x[10]);
    print_val("x11", f->x[11]);
    print_val("x12", f->x[12]);
    /* From the previous pass's subs: flags pending in the loop. */
    print_val("spsr nzcv", f->spsr >> 28);
    /* Retry at arr[5], whose entry steps on by 8 again. */
    f->x[0] = (uint64_t)&arr[5];
}

static void test_fault(void)
{
    for (int i = 0; i < 16; i++) {
        arr[i] = 8;
    }
    /* The fourth load steps the pointer off the physical address space. */
    arr[3] = 1ull << 52;
    print_val("fault_loop", fault_loop(arr, 10));
}

static void test_irq(void)
{
    gic_init_cpu(0);
    gic_enable_ppi(0, 27, 0x80);
    SYSREG_WRITE(cntv_tval_el0, TICKS_1MS);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    __asm__ volatile("msr daifclr, #2");
    print_val("spin_loop", spin_loop());
    /* The same with IRQs masked for part of each pass. */
    SYSREG_WRITE(cntv_tval_el0, TICKS_1MS);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    print_val("masked_spin_loop", masked_spin_loop());
    __asm__ volatile("msr daifset, #2");
    print_val("irqs", irqs);
}

static void test_excl(void)
{
    arr[0] = 0x1000;
    print_val("excl_loop", excl_loop(arr, 20));
}

static void test_smc(void)
{
    /* add x11, x11, #16 in place of the loop's add x11, x11, #1 */
    print_val("smc_loop", smc_loop(0x9100416b));
}

static void test_casp(void)
{
    /* Memory moves on by (1, 2) a pass, the registers follow it. */
    arr[0] = 0;
    arr[1] = 0;
    print_val("casp_loop", casp_loop(arr, 9));
    print_val("casp mem", arr[0] + (arr[1] << 32));
}

static void test_page(void)
{
    print_val("page_loop", page_loop(0));
    print_val("page_loop early exit", page_loop(1));
}

static void test_delay(void)
{
    print_val("delay_loop", delay_loop(TICKS_1MS));
}

int main(void)
{
    test_fault();
    test_excl();
    test_irq();
    test_smc();
    test_casp();
    test_delay();
    test_page();
    puts_uart("END\n");
    return 0;
}
