/* test-args: -M virt,gic-version=2 -smp 2 */
/*
 * GICv2 through its memory-mapped registers (distributor at 0x08000000,
 * CPU interface at 0x08010000): identification, banked ITARGETSR and
 * ICFGR, the absent system register interface, a spurious acknowledge,
 * an SPI made pending through ISPENDR and taken as an IRQ, the virtual
 * timer's PPI, priority masking, preemption by binary point, EOImode with
 * DIR, SPENDSGIR/CPENDSGIR, and SGIs between the two CPUs (target list,
 * all others, self) with the source CPU in GICC_IAR.
 */
#include "runtime.h"
#include "psci.h"

#define GICD            0x08000000ul
#define GICC            0x08010000ul
#define REG32(a)        (*(volatile uint32_t *)(a))
#define REG8(a)         (*(volatile uint8_t *)(a))

#define GICD_CTLR       (GICD + 0x000)
#define GICD_TYPER      (GICD + 0x004)
#define GICD_IIDR       (GICD + 0x008)
#define GICD_IGROUPR(n) (GICD + 0x080 + 4 * (n))
#define GICD_ISENABLER(n) (GICD + 0x100 + 4 * (n))
#define GICD_ICENABLER(n) (GICD + 0x180 + 4 * (n))
#define GICD_ISPENDR(n) (GICD + 0x200 + 4 * (n))
#define GICD_ICPENDR(n) (GICD + 0x280 + 4 * (n))
#define GICD_ISACTIVER(n) (GICD + 0x300 + 4 * (n))
#define GICD_IPRIORITYR(i) (GICD + 0x400 + (i))
#define GICD_ITARGETSR(i) (GICD + 0x800 + (i))
#define GICD_ICFGR(n)   (GICD + 0xc00 + 4 * (n))
#define GICD_SGIR       (GICD + 0xf00)
#define GICD_CPENDSGIR(n) (GICD + 0xf10 + 4 * (n))
#define GICD_SPENDSGIR(n) (GICD + 0xf20 + 4 * (n))
#define GICC_CTLR       (GICC + 0x00)
#define GICC_PMR        (GICC + 0x04)
#define GICC_BPR        (GICC + 0x08)
#define GICC_IAR        (GICC + 0x0c)
#define GICC_EOIR       (GICC + 0x10)
#define GICC_RPR        (GICC + 0x14)
#define GICC_HPPIR      (GICC + 0x18)
#define GICC_APR2       (GICC + 0xd8)
#define GICC_IIDR       (GICC + 0xfc)
#define GICC_DIR        (GICC + 0x1000)

#define SPI_A           40
#define SPI_B           41
#define SPI_C           42

static volatile int cpu1_ready, cpu1_irqs, cpu0_irqs, undefs;
static volatile uint32_t cpu1_iar[4], cpu0_iar[4];
static volatile uint32_t cpu1_itargets, cpu1_hppir, cpu1_mode;
uint64_t secondary_stack[512] __attribute__((aligned(16)));

static uint64_t read_mpidr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
    return v & 0xff;
}

/* IRQs: record what the CPU interface hands over, then end it. */
static void take_irq(void)
{
    uint32_t iar = REG32(GICC_IAR);

    if (read_mpidr() == 1) {
        if (cpu1_irqs < 4) {
            cpu1_iar[cpu1_irqs] = iar;
        }
        cpu1_irqs++;
    } else {
        if ((iar & 0x3ff) == 27) {
            __asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(0ul));
        }
        if (cpu0_irqs < 4) {
            cpu0_iar[cpu0_irqs] = iar;
        }
        cpu0_irqs++;
    }
    REG32(GICC_EOIR) = iar;
}

void exc_handler(ExcFrame *f, int vector)
{
    if (vector == 5) {
        take_irq();
        return;
    }
    /* An UNDEFINED system register access: skip it. */
    print_val("sync esr", f->esr);
    undefs++;
    f->elr += 4;
}

static void cpu_if_on(void)
{
    REG32(GICC_PMR) = 0xff;
    REG32(GICC_BPR) = 0;
    REG32(GICC_CTLR) = 1;               /* EnableGrp0: group 0 as IRQ */
}

void secondary_main(void);

__asm__(".text\n.balign 4\n.global secondary_entry\nsecondary_entry:\n"
        "\tldr x1, =secondary_stack + 4096\n\tmov sp, x1\n"
        "\tmsr vbar_el1, x0\n\tisb\n"
        "\tbl secondary_main\n1:\tb 1b\n");
extern char secondary_entry[];

/* CPU 1: its own banked registers, then take IRQs until told to stop. */
void secondary_main(void)
{
    cpu1_itargets = REG32(GICD_ITARGETSR(0));
    REG32(GICD_ISENABLER(0)) = 0xffff;          /* its SGIs */
    REG8(GICD_IPRIORITYR(3)) = 0x20;
    cpu_if_on();
    cpu1_hppir = REG32(GICC_HPPIR);
    __asm__ volatile("dmb sy\n\tmsr daifclr, #2" : : : "memory");
    cpu1_ready = 1;
    while (cpu1_mode == 0) {
        /* IRQs come in */
    }
    /* Mode 1: send SGI 5 to all others, SGI 6 to itself. */
    REG32(GICD_SGIR) = (1u << 24) | 5;
    REG32(GICD_SGIR) = (2u << 24) | 6;
    __asm__ volatile("dmb sy" : : : "memory");
    cpu1_ready = 2;
    while (1) {
        __asm__ volatile("wfi");
    }
}

static void wait_irqs(volatile int *count, int n)
{
    for (int i = 0; i < 10000000 && *count < n; i++) {
        /* the interrupt comes in between instructions */
    }
}

static void identification(void)
{
    uint64_t pfr0;

    print_val("gicd typer", REG32(GICD_TYPER));
    print_val("gicd iidr", REG32(GICD_IIDR));
    print_val("gicd pidr2", REG32(GICD + 0xfe8));
    print_val("gicd cidr0", REG32(GICD + 0xff0));
    print_val("gicc iidr", REG32(GICC_IIDR));
    print_val("gicd ctlr", REG32(GICD_CTLR));
    REG32(GICD_CTLR) = 0xffffffff;
    print_val("gicd ctlr all", REG32(GICD_CTLR));
    REG32(GICD_TYPER) = 0;                      /* RO: ignored */
    print_val("gicd typer after write", REG32(GICD_TYPER));
    print_val("reserved", REG32(GICD + 0x00c));
    print_val("itargetsr0", REG32(GICD_ITARGETSR(0)));
    print_val("itargetsr7", REG32(GICD_ITARGETSR(28)));
    REG32(GICD_ITARGETSR(0)) = 0x02020202;      /* RO for INTIDs 0-31 */
    print_val("itargetsr0 after write", REG32(GICD_ITARGETSR(0)));
    REG8(GICD_ITARGETSR(SPI_A)) = 0xff;
    print_val("itargetsr spi", REG32(GICD_ITARGETSR(SPI_A)));
    print_val("icfgr0", REG32(GICD_ICFGR(0)));
    print_val("icfgr1", REG32(GICD_ICFGR(1)));
    REG32(GICD_ICFGR(0)) = 0;
    print_val("icfgr0 after write", REG32(GICD_ICFGR(0)));
    REG32(GICD_ICFGR(2)) = 0x00020000;          /* SPI 40 edge */
    print_val("icfgr2", REG32(GICD_ICFGR(2)));
    REG32(GICD_ICFGR(2)) = 0;
    REG8(GICD_IPRIORITYR(SPI_A)) = 0xff;
    print_val("ipriorityr spi", REG32(GICD_IPRIORITYR(SPI_A)));
    REG32(GICD_IGROUPR(1)) = 0xffffffff;
    print_val("igroupr1", REG32(GICD_IGROUPR(1)));
    REG32(GICD_IGROUPR(1)) = 0;
    REG32(GICC_PMR) = 0xff;
    print_val("gicc pmr", REG32(GICC_PMR));
    REG32(GICC_BPR) = 0;
    print_val("gicc bpr", REG32(GICC_BPR));
    REG32(GICC_CTLR) = 0xffffffff;
    print_val("gicc ctlr all", REG32(GICC_CTLR));
    REG32(GICC_CTLR) = 0;

    __asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
    print_val("id_aa64pfr0 gic", (pfr0 >> 24) & 0xf);
    __asm__ volatile("mrs %0, s3_0_c12_c12_5" : "=r"(pfr0));   /* ICC_SRE */
    print_val("undefs", undefs);
}

static void spurious_and_spi(void)
{
    REG32(GICD_CTLR) = 1;
    cpu_if_on();
    print_val("iar idle", REG32(GICC_IAR));
    print_val("hppir idle", REG32(GICC_HPPIR));
    print_val("rpr idle", REG32(GICC_RPR));

    REG8(GICD_ITARGETSR(SPI_A)) = 1;
    REG8(GICD_IPRIORITYR(SPI_A)) = 0x80;
    REG32(GICD_ISENABLER(1)) = 1u << (SPI_A - 32);
    REG32(GICD_ISPENDR(1)) = 1u << (SPI_A - 32);
    print_val("ispendr1", REG32(GICD_ISPENDR(1)));
    print_val("hppir spi", REG32(GICC_HPPIR));
    __asm__ volatile("msr daifclr, #2\n\tisb");
    wait_irqs(&cpu0_irqs, 1);
    __asm__ volatile("msr daifset, #2");
    print_val("irq iar", cpu0_iar[0]);
    print_val("ispendr1 after", REG32(GICD_ISPENDR(1)));
    print_val("isactiver1 after", REG32(GICD_ISACTIVER(1)));
}

static void timer_ppi(void)
{
    REG8(GICD_IPRIORITYR(27)) = 0x40;
    REG32(GICD_ISENABLER(0)) = 1u << 27;
    print_val("ppi enabled", REG32(GICD_ISENABLER(0)) >> 16);
    __asm__ volatile("msr cntv_tval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
                     : : "r"(10000ul), "r"(1ul));
    __asm__ volatile("msr daifclr, #2\n\tisb");
    wait_irqs(&cpu0_irqs, 2);
    __asm__ volatile("msr daifset, #2");
    print_val("timer iar", cpu0_iar[1]);
    print_val("cpu0 irqs", cpu0_irqs);
}

/* IRQs masked: acknowledge by hand to see the running priority. */
static void priorities(void)
{
    REG8(GICD_ITARGETSR(SPI_B)) = 1;
    REG8(GICD_ITARGETSR(SPI_C)) = 1;
    REG8(GICD_IPRIORITYR(SPI_A)) = 0x90;
    REG8(GICD_IPRIORITYR(SPI_B)) = 0x80;
    REG8(GICD_IPRIORITYR(SPI_C)) = 0xa0;
    REG32(GICD_ISENABLER(1)) = 7u << (SPI_A - 32);

    /* Masked by PMR. */
    REG32(GICC_PMR) = 0x90;
    REG32(GICD_ISPENDR(1)) = 1u << (SPI_A - 32);
    print_val("hppir masked", REG32(GICC_HPPIR));
    print_val("iar masked", REG32(GICC_IAR));
    REG32(GICC_PMR) = 0xf0;
    print_val("pmr", REG32(GICC_PMR));

    /* BPR 2: group priority bits [7:3]; 0x80 preempts 0x90. */
    REG32(GICC_BPR) = 2;
    print_val("iar a", REG32(GICC_IAR));
    print_val("rpr a", REG32(GICC_RPR));
    print_val("apr2 a", REG32(GICC_APR2));
    REG32(GICD_ISPENDR(1)) = 6u << (SPI_A - 32);
    print_val("hppir b", REG32(GICC_HPPIR));
    print_val("iar b", REG32(GICC_IAR));
    print_val("rpr b", REG32(GICC_RPR));
    print_val("apr2 b", REG32(GICC_APR2));
    print_val("iar c blocked", REG32(GICC_IAR));
    REG32(GICC_EOIR) = SPI_B;
    print_val("rpr after eoi b", REG32(GICC_RPR));
    REG32(GICC_EOIR) = SPI_A;
    print_val("rpr after eoi a", REG32(GICC_RPR));
    print_val("isactiver1", REG32(GICD_ISACTIVER(1)));
    print_val("iar c", REG32(GICC_IAR));
    REG32(GICC_EOIR) = SPI_C;

    /* BPR 5: group priority bits [7:6]; 0x80 and 0x90 are one group. */
    REG32(GICC_BPR) = 5;
    REG32(GICD_ISPENDR(1)) = 1u << (SPI_A - 32);
    print_val("iar a bpr5", REG32(GICC_IAR));
    print_val("rpr a bpr5", REG32(GICC_RPR));
    print_val("apr2 a bpr5", REG32(GICC_APR2));
    REG32(GICD_ISPENDR(1)) = 2u << (SPI_A - 32);
    print_val("hppir b bpr5", REG32(GICC_HPPIR));
    print_val("iar b bpr5", REG32(GICC_IAR));
    REG32(GICC_EOIR) = SPI_A;
    print_val("iar b after eoi", REG32(GICC_IAR));
    REG32(GICC_EOIR) = SPI_B;
    REG32(GICC_BPR) = 0;

    /* EOImode: EOIR drops the priority, DIR deactivates. */
    REG32(GICC_CTLR) = 1 | (1u << 9);
    print_val("gicc ctlr eoimode", REG32(GICC_CTLR));
    REG32(GICD_ISPENDR(1)) = 1u << (SPI_A - 32);
    print_val("iar eoimode", REG32(GICC_IAR));
    REG32(GICC_EOIR) = SPI_A;
    print_val("rpr after eoir", REG32(GICC_RPR));
    print_val("isactiver1 after eoir", REG32(GICD_ISACTIVER(1)));
    REG32(GICC_DIR) = SPI_A;
    print_val("isactiver1 after dir", REG32(GICD_ISACTIVER(1)));
    REG32(GICC_CTLR) = 1;
    REG32(GICD_ICENABLER(1)) = 7u << (SPI_A - 32);
}

static void sgi_registers(void)
{
    print_val("icfgr0 sgis", REG32(GICD_ICFGR(0)));
    REG8(GICD_SPENDSGIR(0) + 7) = 0x02;          /* SGI 7 from CPU 1 */
    print_val("spendsgir1", REG32(GICD_SPENDSGIR(1)));
    print_val("ispendr0", REG32(GICD_ISPENDR(0)));
    REG32(GICD_ISPENDR(0)) = 1u << 8;            /* WI for SGIs */
    print_val("ispendr0 after write", REG32(GICD_ISPENDR(0)));
    REG32(GICD_ISENABLER(0)) = 1u << 7;
    print_val("hppir sgi", REG32(GICC_HPPIR));
    print_val("iar sgi", REG32(GICC_IAR));
    print_val("spendsgir1 after iar", REG32(GICD_SPENDSGIR(1)));
    REG32(GICC_EOIR) = 0x407;
    REG8(GICD_SPENDSGIR(1) + 3) = 0x03;          /* SGI 7 from 0 and 1 */
    print_val("spendsgir1 two", REG32(GICD_SPENDSGIR(1)));
    REG32(GICD_CPENDSGIR(1)) = 0x01000000;
    print_val("cpendsgir1", REG32(GICD_CPENDSGIR(1)));
    REG32(GICD_CPENDSGIR(1)) = 0x02000000;
    print_val("ispendr0 cleared", REG32(GICD_ISPENDR(0)));
}

static void smp_sgis(void)
{
    uint64_t ret, vbar;

    REG32(GICD_ISENABLER(0)) = 0xffff;
    __asm__ volatile("mrs %0, vbar_el1" : "=r"(vbar));
    ret = psci_call(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, vbar);
    print_val("cpu_on", ret);
    while (!cpu1_ready) {
        /* CPU 1 sets itself up */
    }
    print_val("cpu1 itargetsr0", cpu1_itargets);
    print_val("cpu1 hppir", cpu1_hppir);

    REG32(GICD_SGIR) = (0x02u << 16) | 3;        /* SGI 3 to CPU 1 */
    wait_irqs(&cpu1_irqs, 1);
    REG32(GICD_SGIR) = (0x01u << 16) | 4;        /* to CPU 0 only */
    print_val("ispendr0 sgi 4", REG32(GICD_ISPENDR(0)) & 0xffff);
    print_val("iar sgi 4", REG32(GICC_IAR));
    REG32(GICC_EOIR) = 4;
    REG32(GICD_SGIR) = (0x03u << 16) | 2;        /* to both */
    wait_irqs(&cpu1_irqs, 2);
    print_val("iar sgi 2", REG32(GICC_IAR));
    REG32(GICC_EOIR) = 2;
    REG32(GICD_SGIR) = (0x00u << 16) | 1;        /* empty list */
    print_val("iar empty list", REG32(GICC_IAR));

    /* An SPI for CPU 1 only. */
    REG8(GICD_ITARGETSR(SPI_C)) = 2;
    REG32(GICD_ISENABLER(1)) = 1u << (SPI_C - 32);
    REG32(GICD_ISPENDR(1)) = 1u << (SPI_C - 32);
    wait_irqs(&cpu1_irqs, 3);
    print_val("cpu0 hppir spi for cpu1", REG32(GICC_HPPIR));

    cpu1_mode = 1;
    while (cpu1_ready != 2) {
        /* CPU 1 sends its SGIs */
    }
    wait_irqs(&cpu1_irqs, 4);
    print_val("iar from cpu1", REG32(GICC_IAR));
    REG32(GICC_EOIR) = 0x405;
    print_val("iar after", REG32(GICC_IAR));
    print_val("cpu1 irqs", cpu1_irqs);
    for (int i = 0; i < 4; i++) {
        print_val("cpu1 iar", cpu1_iar[i]);
    }
}

int main(void)
{
    identification();
    spurious_and_spi();
    timer_ppi();
    priorities();
    sgi_registers();
    smp_sgis();
    puts_uart("END\n");
    return 0;
}
