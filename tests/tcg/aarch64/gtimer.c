/*
 * The generic timer through the GICv3: CNTFRQ, a virtual timer interrupt
 * (PPI 27) after programming CNTV_TVAL, the order of the events, WFI
 * waking on the timer with IRQs unmasked and with them masked, and the
 * physical timer (PPI 30) through CVAL.
 */
#include "runtime.h"
#include "gic.h"

#define TICKS_1MS 62500

static volatile int fired;
static volatile uint64_t fired_intid;

void exc_handler(ExcFrame *f, int vector)
{
    (void)f;
    (void)vector;
    uint64_t intid = SYSREG_READ(ICC_IAR1);

    puts_uart("event: irq\n");
    print_val("irq intid", intid);
    if (intid == 27) {
        print_val("cntv_ctl in handler", SYSREG_READ(cntv_ctl_el0));
        SYSREG_WRITE(cntv_ctl_el0, 0);
    } else if (intid == 30) {
        print_val("cntp_ctl in handler", SYSREG_READ(cntp_ctl_el0));
        SYSREG_WRITE(cntp_ctl_el0, 2);          /* enable off, IMASK on */
    }
    SYSREG_WRITE(ICC_EOIR1, intid);
    fired_intid = intid;
    fired++;
}

static void wait_fired(int n)
{
    while (fired < n) {
        /* spin: the interrupt comes in between instructions */
    }
}

int main(void)
{
    uint64_t start, now;

    print_val("cntfrq", SYSREG_READ(cntfrq_el0));
    gic_init_cpu(0);
    gic_enable_ppi(0, 27, 0x80);
    gic_enable_ppi(0, 30, 0x80);

    /* Virtual timer through TVAL (armed with IRQs masked: a slow host
     * must not reorder the lines). */
    start = SYSREG_READ(cntvct_el0);
    SYSREG_WRITE(cntv_tval_el0, TICKS_1MS);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    puts_uart("event: armed\n");
    print_val("cntv_ctl armed", SYSREG_READ(cntv_ctl_el0) & 3);
    __asm__ volatile("msr daifclr, #2");
    wait_fired(1);
    now = SYSREG_READ(cntvct_el0);
    puts_uart("event: back in main\n");
    print_val("waited at least 1ms", now - start >= TICKS_1MS);
    print_val("cval-start", SYSREG_READ(cntv_cval_el0) - start >= TICKS_1MS);

    /* WFI with IRQs unmasked: the handler runs, then WFI returns. */
    start = SYSREG_READ(cntvct_el0);
    SYSREG_WRITE(cntv_tval_el0, 2 * TICKS_1MS);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    while (fired < 2) {
        __asm__ volatile("wfi");
    }
    now = SYSREG_READ(cntvct_el0);
    puts_uart("event: woke from wfi\n");
    print_val("slept at least 2ms", now - start >= 2 * TICKS_1MS);

    /* WFI with IRQs masked: it wakes, the interrupt stays pending. */
    __asm__ volatile("msr daifset, #2");
    SYSREG_WRITE(cntv_tval_el0, TICKS_1MS);
    SYSREG_WRITE(cntv_ctl_el0, 1);
    do {
        __asm__ volatile("wfi");
    } while (!(SYSREG_READ(cntv_ctl_el0) & 4));
    puts_uart("event: woke with irqs masked\n");
    print_val("hppir1", SYSREG_READ(ICC_HPPIR1));
    print_val("fired", fired);
    SYSREG_WRITE(cntv_ctl_el0, 3);              /* IMASK: the line drops */
    print_val("hppir1 imask", SYSREG_READ(ICC_HPPIR1));
    SYSREG_WRITE(cntv_ctl_el0, 0);

    /* Physical timer through CVAL. */
    SYSREG_WRITE(cntp_cval_el0, SYSREG_READ(cntpct_el0) + 100 * TICKS_1MS);
    SYSREG_WRITE(cntp_ctl_el0, 1);
    print_val("cntp_tval positive", (int32_t)SYSREG_READ(cntp_tval_el0) > 0);
    __asm__ volatile("msr daifclr, #2\n\tisb");
    wait_fired(3);
    print_val("last intid", fired_intid);
    print_val("cntp_tval negative", (int32_t)SYSREG_READ(cntp_tval_el0) < 0);
    puts_uart("END\n");
    return 0;
}
