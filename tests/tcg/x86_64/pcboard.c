/*
 * The wiring of -M pc seen from a bare-metal guest (pcboard.expected):
 * the local APIC (IA32_APIC_BASE, ID, version, the timer in periodic
 * mode), the I/O APIC routing the i8254 (ISA IRQ0 on pin 2) and the
 * 16550 (IRQ 4), an MSI through the APIC window, PCI configuration space
 * through 0xcf8/0xcfc listing the functions on bus 0, the ACPI tables
 * (RSDP, RSDT, FADT) and an S5 power-off through the FADT's PM1a control
 * port, which ends the run with exit status 0.
 */
#include <stdbool.h>
#include <stdint.h>
#include "idt.h"
#include "x86io.h"
#include "bmprint.h"

#define APIC_BASE 0xfee00000ul
#define IOAPIC_BASE 0xfec00000ul
#define V_TIMER 0x40
#define V_PIT 0x41
#define V_SERIAL 0x42
#define V_MSI 0x43

void out_str(const char *s);
void pc_stub_0x40(void), pc_stub_0x41(void), pc_stub_0x42(void);
void pc_stub_0x43(void);

static volatile unsigned hits[256];
static bool x2apic_mode;                /* EOI through the MSR, not MMIO */

static uint32_t rd32(uint64_t addr)
{
    return *(volatile uint32_t *)addr;
}

static void wr32(uint64_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

void pc_irq(uint64_t vector)
{
    hits[vector & 0xff]++;
    if (vector == V_SERIAL) {
        outb(0x3f9, 0);                 /* IER: no more THRE interrupts */
        (void)inb(0x3fa);               /* IIR */
    }
    if (x2apic_mode) {
        wrmsr(0x80b, 0);                /* x2APIC EOI */
    } else {
        wr32(APIC_BASE + 0xb0, 0);      /* EOI */
    }
}

static void load_idt(void)
{
    idt_set_gate(V_TIMER, pc_stub_0x40);
    idt_set_gate(V_PIT, pc_stub_0x41);
    idt_set_gate(V_SERIAL, pc_stub_0x42);
    idt_set_gate(V_MSI, pc_stub_0x43);
    idt_load();
}

/*
 * Wait until vector was taken n times: the count is checked with
 * interrupts off, and STI's one-instruction shadow makes "sti; hlt" take
 * a pending interrupt only once HLT has started, so none is missed.
 */
static void wait_hits(int vector, unsigned n)
{
    for (unsigned spins = 0; hits[vector] < n && spins < 100000; spins++) {
        __asm__ volatile("sti; hlt; cli" : : : "memory");
    }
}


static void test_lapic(void)
{
    put_kv("apic-base msr", rdmsr(0x1b), 16);
    put_kv("apic id", rd32(APIC_BASE + 0x20), 8);
    put_kv("apic version", rd32(APIC_BASE + 0x30), 8);
    wr32(APIC_BASE + 0xf0, 0x1ff);              /* SVR: enabled */
    wr32(APIC_BASE + 0x3e0, 0xb);               /* divide by 1 */
    wr32(APIC_BASE + 0x320, (1u << 17) | V_TIMER);  /* periodic */
    wr32(APIC_BASE + 0x380, 1000000);           /* 1 ms at 1 GHz */
    wait_hits(V_TIMER, 3);
    wr32(APIC_BASE + 0x320, 1u << 16);          /* masked */
    out_str(hits[V_TIMER] >= 3 ? "lapic timer: 3 interrupts\n"
                               : "lapic timer: no interrupts\n");
}

/*
 * x2APIC mode: the same registers as MSRs 0x800 + offset/16, a 32-bit
 * ID, the timer and a self IPI through the SELF_IPI MSR.  Runs last of
 * the interrupt tests: leaving x2APIC mode takes a full APIC disable.
 */
static void test_x2apic(void)
{
    uint32_t ecx;

    __asm__ volatile("cpuid" : "=c"(ecx) : "a"(1), "c"(0) : "ebx", "edx");
    if (!(ecx & (1u << 21))) {
        out_str("x2apic: not in cpuid\n");     /* EXTD would #GP */
        return;
    }
    out_str("x2apic: in cpuid\n");
    wrmsr(0x1b, rdmsr(0x1b) | (1u << 10));
    x2apic_mode = true;
    put_kv("x2apic apic-base msr", rdmsr(0x1b), 16);
    put_kv("x2apic id", rdmsr(0x802), 8);
    put_kv("x2apic ldr", rdmsr(0x80d), 8);
    hits[V_TIMER] = 0;
    wrmsr(0x83e, 0xb);                          /* divide by 1 */
    wrmsr(0x832, (1u << 17) | V_TIMER);         /* periodic */
    wrmsr(0x838, 1000000);
    wait_hits(V_TIMER, 3);
    wrmsr(0x832, 1u << 16);
    out_str(hits[V_TIMER] >= 3 ? "x2apic timer: 3 interrupts\n"
                               : "x2apic timer: no interrupts\n");
    hits[V_MSI] = 0;
    wrmsr(0x83f, V_MSI);                        /* SELF_IPI */
    wait_hits(V_MSI, 1);
    out_str(hits[V_MSI] ? "x2apic self ipi: interrupt\n"
                        : "x2apic self ipi: none\n");
}

static void ioapic_route(int pin, uint32_t low)
{
    wr32(IOAPIC_BASE, 0x10 + 2 * pin + 1);
    wr32(IOAPIC_BASE + 0x10, 0);                /* destination APIC 0 */
    wr32(IOAPIC_BASE, 0x10 + 2 * pin);
    wr32(IOAPIC_BASE + 0x10, low);
}

static void test_ioapic(void)
{
    wr32(IOAPIC_BASE, 1);
    put_kv("ioapic version", rd32(IOAPIC_BASE + 0x10), 8);
    outb(0x21, 0xff);                           /* the 8259s stay masked */
    outb(0xa1, 0xff);
    ioapic_route(2, V_PIT);                     /* ISA IRQ0 is GSI 2 */
    outb(0x43, 0x34);                           /* 1 ms, mode 2 */
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
    wait_hits(V_PIT, 3);
    ioapic_route(2, 1u << 16 | V_PIT);
    out_str(hits[V_PIT] >= 3 ? "i8254 via ioapic pin 2: 3 interrupts\n"
                             : "i8254 via ioapic pin 2: no interrupts\n");

    ioapic_route(4, V_SERIAL);
    outb(0x3fc, 0x08);                          /* MCR: OUT2 */
    outb(0x3f9, 0x02);                          /* IER: THR empty */
    wait_hits(V_SERIAL, 1);
    ioapic_route(4, 1u << 16 | V_SERIAL);
    out_str(hits[V_SERIAL] ? "16550 via ioapic pin 4: interrupt\n"
                           : "16550 via ioapic pin 4: no interrupt\n");
}

/*
 * An MSI (address 0xfee00000, destination 0, fixed) as a device writes it;
 * from a CPU the same write reaches the window at offset 0, which the
 * APIC bus takes as an MSI since no APIC register lives there.  A real
 * local APIC (KVM's) ignores the write: the periodic timer then ends the
 * wait, after at most 100 ticks.
 */
static void test_msi(void)
{
    wr32(APIC_BASE + 0x320, (1u << 17) | V_TIMER);  /* periodic */
    wr32(APIC_BASE + 0x380, 1000000);
    wr32(APIC_BASE, V_MSI);
    for (unsigned spins = 0; !hits[V_MSI] && spins < 100; spins++) {
        __asm__ volatile("sti; hlt; cli" : : : "memory");
    }
    wr32(APIC_BASE + 0x320, 1u << 16);          /* masked */
    out_str(hits[V_MSI] ? "msi: interrupt\n" : "msi: no interrupt\n");
}

static uint32_t pci_read(int dev, int fn, int reg)
{
    outl(0xcf8, 0x80000000u | dev << 11 | fn << 8 | reg);
    return inl(0xcfc);
}

static void test_pci(void)
{
    for (int dev = 0; dev < 32; dev++) {
        uint32_t id = pci_read(dev, 0, 0);

        if ((id & 0xffff) == 0xffff) {
            continue;
        }
        out_str("pci 00:");
        put_hex(dev, 2);
        out_str(".0 ");
        put_hex(id & 0xffff, 4);
        out_str(":");
        put_hex(id >> 16, 4);
        out_str(" class ");
        put_hex(pci_read(dev, 0, 8) >> 8, 6);
        out_str(" pin ");
        put_hex((pci_read(dev, 0, 0x3c) >> 8) & 0xff, 2);
        out_str("\n");
    }
}

static uint16_t pm_tmr;                 /* the FADT's PM_TMR_BLK */

static int sig_is(const volatile char *p, const char *sig, int n)
{
    for (int i = 0; i < n; i++) {
        if (p[i] != sig[i]) {
            return 0;
        }
    }
    return 1;
}

/* The RSDP in the BIOS area, its RSDT and the FADT's PM1a_CNT_BLK. */
static uint16_t find_pm1a_cnt(void)
{
    const volatile char *rsdp = 0;
    uint64_t a;

    for (a = 0xe0000; a < 0x100000; a += 16) {
        if (sig_is((const volatile char *)a, "RSD PTR ", 8)) {
            rsdp = (const volatile char *)a;
            break;
        }
    }
    if (!rsdp) {
        out_str("acpi: no RSDP\n");
        return 0;
    }
    put_kv("acpi rsdp", a, 8);
    put_kv("acpi rsdp revision", (uint8_t)rsdp[15], 2);
    uint32_t rsdt = *(const volatile uint32_t *)(rsdp + 16);
    uint32_t len = rd32(rsdt + 4);

    for (uint32_t off = 36; off + 4 <= len; off += 4) {
        uint32_t t = rd32(rsdt + off);

        out_str("acpi table ");
        for (int i = 0; i < 4; i++) {
            char c[2] = { ((const volatile char *)(uint64_t)t)[i], 0 };
            out_str(c);
        }
        out_str("\n");
        if (sig_is((const volatile char *)(uint64_t)t, "FACP", 4)) {
            put_kv("fadt sci", *(volatile uint16_t *)(uint64_t)(t + 46), 4);
            pm_tmr = rd32(t + 76);
            return rd32(t + 64);
        }
    }
    out_str("acpi: no FADT\n");
    return 0;
}

void test_main(void)
{
    uint16_t pm1a_cnt;

    load_idt();
    test_lapic();
    test_ioapic();
    test_msi();
    test_pci();
    test_x2apic();
    pm1a_cnt = find_pm1a_cnt();
    put_kv("fadt pm1a_cnt", pm1a_cnt, 4);
    put_kv("fadt pm_tmr", pm_tmr, 4);
    out_str("S5 power-off\n");
    outw(pm1a_cnt, 5 << 10 | 1 << 13);          /* SLP_TYP S5, SLP_EN */
    /* The power-off is asynchronous: give it a second of PM timer. */
    uint32_t t0 = inl(pm_tmr);
    while (pm_tmr && inl(pm_tmr) - t0 < 3579545) {
    }
    out_str("still running a second after S5\n");
}
