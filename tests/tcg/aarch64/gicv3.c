/*
 * GICv3 through its registers: distributor and redistributor
 * identification, the WAKER handshake, per-interrupt registers, and SGIs
 * sent to self with ICC_SGI1R_EL1 (taken as IRQs, then with IRQs masked
 * to check the priority mask, running priority and EOI/DIR).
 */
#include "runtime.h"
#include "gic.h"

static volatile int irqs;

void exc_handler(ExcFrame *f, int vector)
{
    (void)f;
    uint64_t intid = SYSREG_READ(ICC_IAR1);

    print_val("irq vector", vector);
    print_val("irq intid", intid);
    print_val("irq rpr", SYSREG_READ(ICC_RPR));
    SYSREG_WRITE(ICC_EOIR1, intid);
    irqs++;
}

static void show_registers(void)
{
    /* QEMU has LPIs (GICD_TYPER.LPIS, GICR_TYPER.PLPIS/CommonLPIAff). */
    print_val("gicd typer", REG32(GICD + 0x4) & ~(1u << 17));
    print_val("gicd iidr", REG32(GICD + 0x8));
    print_val("gicd pidr2", REG32(GICD + 0xffe8));
    print_val("gicd ctlr", REG32(GICD));
    print_val("gicr typer", REG64(GICR(0) + 0x8) & ~0x3000001ull);
    print_val("gicr typer hi", REG32(GICR(0) + 0xc));
    print_val("gicr pidr2", REG32(GICR(0) + 0xffe8));
    print_val("gicr waker", REG32(GICR(0) + 0x14));
    print_val("gicr icfgr0", REG32(GICR_SGI(0) + 0xc00));
}

static void spi_registers(void)
{
    REG8(GICD + 0x400 + 33) = 0xa5;                 /* IPRIORITYR byte */
    print_val("spi33 prio", REG32(GICD + 0x420));
    REG32(GICD + 0x104) = 0x6;                      /* ISENABLER1 */
    print_val("isenabler1", REG32(GICD + 0x104));
    REG32(GICD + 0x184) = 0x2;                      /* ICENABLER1 */
    print_val("icenabler1", REG32(GICD + 0x184));
    REG32(GICD + 0xc08) = 0x8;                      /* SPI 33 edge */
    print_val("icfgr2", REG32(GICD + 0xc08));
    REG64(GICD + 0x6000 + 8 * 33) = 0x800102ffull;  /* IRM, Aff2-0 */
    print_val("irouter33", REG64(GICD + 0x6000 + 8 * 33));
    REG32(GICD + 0x204) = 0x2;                      /* ISPENDR1: SPI 33 */
    print_val("ispendr1", REG32(GICD + 0x204));
    REG32(GICD + 0x284) = 0x2;
    print_val("icpendr1", REG32(GICD + 0x284));
    print_val("gicd intid0-31 enable", REG32(GICD + 0x100));
}

static void sgi_to_self(int intid)
{
    SYSREG_WRITE(ICC_SGI1R, ((uint64_t)intid << 24) | 1);
}

int main(void)
{
    show_registers();
    gic_init_cpu(0);
    print_val("gicr waker awake", REG32(GICR(0) + 0x14));
    print_val("icc sre", SYSREG_READ(ICC_SRE));
    print_val("icc pmr", SYSREG_READ(ICC_PMR));
    print_val("icc igrpen1", SYSREG_READ(ICC_IGRPEN1));
    spi_registers();

    gic_enable_ppi(0, 1, 0x40);
    gic_enable_ppi(0, 2, 0x80);
    __asm__ volatile("msr daifclr, #2");
    sgi_to_self(1);
    puts_uart("after sgi 1\n");
    print_val("irqs", irqs);

    __asm__ volatile("msr daifset, #2");
    SYSREG_WRITE(ICC_PMR, 0x80);
    sgi_to_self(2);
    print_val("ispendr0", REG32(GICR_SGI(0) + 0x200));
    print_val("hppir1", SYSREG_READ(ICC_HPPIR1));
    print_val("iar1 masked by pmr", SYSREG_READ(ICC_IAR1));
    SYSREG_WRITE(ICC_PMR, 0xff);
    print_val("iar1", SYSREG_READ(ICC_IAR1));
    print_val("rpr", SYSREG_READ(ICC_RPR));
    print_val("isactiver0", REG32(GICR_SGI(0) + 0x300));
    SYSREG_WRITE(ICC_CTLR, 2);                      /* EOImode: split */
    SYSREG_WRITE(ICC_EOIR1, 2);
    print_val("rpr after eoi", SYSREG_READ(ICC_RPR));
    print_val("isactiver0 after eoi", REG32(GICR_SGI(0) + 0x300));
    SYSREG_WRITE(ICC_DIR, 2);
    print_val("isactiver0 after dir", REG32(GICR_SGI(0) + 0x300));
    SYSREG_WRITE(ICC_CTLR, 0);
    print_val("iar1 idle", SYSREG_READ(ICC_IAR1));

    /* Disabled SGIs stay pending until enabled. */
    REG32(GICR_SGI(0) + 0x180) = 1u << 1;           /* ICENABLER0 */
    sgi_to_self(1);
    __asm__ volatile("msr daifclr, #2\n\tisb");
    puts_uart("sgi 1 disabled\n");
    REG32(GICR_SGI(0) + 0x100) = 1u << 1;
    __asm__ volatile("isb");
    puts_uart("sgi 1 enabled\n");
    print_val("irqs", irqs);
    puts_uart("END\n");
    return 0;
}
