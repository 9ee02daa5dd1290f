/*
 * Local APIC and APIC bus: reset state, priority classes and EOI (with the
 * level-triggered broadcast), software disable, the timer in one-shot,
 * periodic and TSC-deadline modes on the virtual clock, IPIs between two
 * APICs (fixed, logical flat and cluster, shorthands, lowest priority,
 * NMI, INIT, SIPI), MSIs (decode and the 0xfee00000 window), I/O APIC
 * delivery, LINT0 ExtINT and LINT1 NMI, x2APIC MSRs and state changes,
 * the CPU connection, and bad accesses.
 */
#include "kemu/osdep.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "counter-cpu.h"
#include "devtest.h"

#define NCPU 2

typedef struct Fx {
    APICBus *bus;
    DeviceState *apic[NCPU];
    IrqProbe out[NCPU][APIC_NUM_OUTPUTS];
    int eoi_vector, eois;               /* level-triggered EOIs */
    int edge_eoi_vector, edge_eois;
} Fx;

static void record_eoi(void *opaque, uint8_t vector, bool level)
{
    Fx *f = opaque;

    if (level) {
        f->eoi_vector = vector;
        f->eois++;
    } else {
        f->edge_eoi_vector = vector;
        f->edge_eois++;
    }
}

static void fx_init(Fx *f)
{
    memset(f, 0, sizeof(*f));
    vm_clock_stop();
    f->bus = apic_bus_new();
    apic_bus_set_eoi_handler(f->bus, record_eoi, f);
    for (int i = 0; i < NCPU; i++) {
        f->apic[i] = apic_create(f->bus, i, i == 0);
        for (int o = 0; o < APIC_NUM_OUTPUTS; o++) {
            irq_probe_init(&f->out[i][o]);
            qdev_connect_gpio_out(f->apic[i], o, f->out[i][o].irq);
        }
    }
}

static void fx_cleanup(Fx *f)
{
    vm_clock_stop();
    for (int i = 0; i < NCPU; i++) {
        devtest_destroy(f->apic[i]);
        for (int o = 0; o < APIC_NUM_OUTPUTS; o++) {
            irq_probe_free(&f->out[i][o]);
        }
    }
    apic_bus_free(f->bus);
}

static uint32_t rd(Fx *f, int cpu, hwaddr off)
{
    return apic_mmio_read(f->apic[cpu], off);
}

static void wr(Fx *f, int cpu, hwaddr off, uint32_t val)
{
    apic_mmio_write(f->apic[cpu], off, val);
}

static void enable_all(Fx *f)
{
    for (int i = 0; i < NCPU; i++) {
        wr(f, i, 0xf0, 0x1ff);
    }
}

static void send_fixed(Fx *f, uint32_t dest, uint8_t vector, bool level)
{
    APICMessage m = { .dest = dest, .delivery_mode = APIC_DM_FIXED,
                      .vector = vector, .level_triggered = level };

    apic_bus_deliver(f->bus, &m);
}

static bool bit_set(Fx *f, int cpu, hwaddr base, int vector)
{
    return rd(f, cpu, base + (vector / 32) * 0x10) & (1u << (vector % 32));
}

static int64_t vnow(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

/* Run the loop with the virtual clock going for about ms of real time. */
static void run_virtual_ms(int ms)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + ms;

    vm_clock_start();
    while (kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(1);
    }
    vm_clock_stop();
}

static void test_reset_state(void)
{
    Fx f;
    uint64_t base;

    fx_init(&f);
    g_assert_cmphex(rd(&f, 0, 0x30), ==, 0x50014);
    g_assert_cmphex(rd(&f, 1, 0x20), ==, 1u << 24);
    g_assert_cmphex(rd(&f, 0, 0xf0), ==, 0xff);
    g_assert_cmphex(rd(&f, 0, 0xe0), ==, 0xffffffff);
    g_assert_cmphex(rd(&f, 0, 0x350), ==, 0x700);       /* BSP: ExtINT */
    g_assert_cmphex(rd(&f, 1, 0x350), ==, 0x10000);
    g_assert_cmphex(rd(&f, 0, 0x320), ==, 0x10000);
    g_assert_true(apic_msr_read(f.apic[0], MSR_IA32_APICBASE, &base));
    g_assert_cmphex(base, ==, 0xfee00900);
    g_assert_true(apic_msr_read(f.apic[1], MSR_IA32_APICBASE, &base));
    g_assert_cmphex(base, ==, 0xfee00800);
    g_assert_cmpuint(apic_get_id(f.apic[1]), ==, 1);
    fx_cleanup(&f);
}

static void test_priority_and_eoi(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    send_fixed(&f, 1, 0x31, false);
    send_fixed(&f, 1, 0x52, true);
    g_assert_cmpint(f.out[1][APIC_OUT_INTR].level, ==, 1);
    g_assert_true(bit_set(&f, 1, 0x200, 0x52));
    g_assert_true(bit_set(&f, 1, 0x180, 0x52));         /* TMR: level */
    g_assert_false(bit_set(&f, 1, 0x180, 0x31));
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x52);
    g_assert_true(bit_set(&f, 1, 0x100, 0x52));
    g_assert_false(bit_set(&f, 1, 0x200, 0x52));
    g_assert_cmphex(rd(&f, 1, 0xa0), ==, 0x50);         /* PPR: ISR class */
    /* 0x31 and 0x55 are at or below the in-service class. */
    send_fixed(&f, 1, 0x55, false);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    g_assert_cmpint(f.out[1][APIC_OUT_INTR].level, ==, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, -1);
    /* A higher class preempts. */
    send_fixed(&f, 1, 0x61, false);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x61);
    wr(&f, 1, 0xb0, 0);
    g_assert_cmpint(f.eois, ==, 0);                     /* edge: no EOI */
    g_assert_cmpint(f.edge_eois, ==, 1);                /* ... but an ack */
    g_assert_cmpint(f.edge_eoi_vector, ==, 0x61);
    wr(&f, 1, 0xb0, 0);
    g_assert_cmpint(f.eois, ==, 1);
    g_assert_cmpint(f.eoi_vector, ==, 0x52);
    /* TPR masks classes at or below it. */
    wr(&f, 1, 0x80, 0x5f);
    g_assert_cmphex(rd(&f, 1, 0xa0), ==, 0x5f);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    wr(&f, 1, 0x80, 0x20);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x55);
    wr(&f, 1, 0xb0, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x31);
    wr(&f, 1, 0xb0, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, -1);
    wr(&f, 1, 0xb0, 0);                                 /* stray EOI */
    g_assert_cmpint(f.eois, ==, 1);
    g_assert_cmpint(f.edge_eois, ==, 3);
    g_assert_cmpint(f.edge_eoi_vector, ==, 0x31);
    fx_cleanup(&f);
}

static void test_software_disable(void)
{
    Fx f;

    fx_init(&f);
    send_fixed(&f, 1, 0x40, false);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    wr(&f, 1, 0x370, 0x33);                 /* LVT error stays masked */
    g_assert_cmphex(rd(&f, 1, 0x370), ==, 0x10033);
    wr(&f, 1, 0xf0, 0x1ff);
    g_assert_true(apic_has_interrupt(f.apic[1]));
    wr(&f, 1, 0x370, 0x33);
    g_assert_cmphex(rd(&f, 1, 0x370), ==, 0x33);
    wr(&f, 1, 0xf0, 0xff);                  /* disabling masks every LVT */
    g_assert_cmphex(rd(&f, 1, 0x370), ==, 0x10033);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    fx_cleanup(&f);
}

static void test_illegal_vector(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    wr(&f, 1, 0x370, 0xfe);                 /* error LVT -> vector 0xfe */
    send_fixed(&f, 1, 0x05, false);
    g_assert_cmphex(rd(&f, 1, 0x280), ==, 0);
    wr(&f, 1, 0x280, 0);                    /* latch the errors */
    g_assert_cmphex(rd(&f, 1, 0x280), ==, 0x40);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0xfe);
    wr(&f, 1, 0x310, 0);
    wr(&f, 1, 0x300, 0x000003);             /* send illegal vector 3 */
    wr(&f, 1, 0x280, 0);
    g_assert_cmphex(rd(&f, 1, 0x280), ==, 0x20);
    g_assert_false(bit_set(&f, 0, 0x200, 3));
    fx_cleanup(&f);
}

static void test_timer_oneshot(void)
{
    Fx f;
    int64_t start;
    uint32_t count = 5000000 / 128;         /* 5 ms at /128 */
    uint32_t cur;

    fx_init(&f);
    enable_all(&f);
    wr(&f, 0, 0x3e0, 0xa);                  /* divide by 128 */
    wr(&f, 0, 0x320, 0x40);                 /* one-shot, vector 0x40 */
    start = vnow();
    wr(&f, 0, 0x380, count);
    g_assert_cmpuint(rd(&f, 0, 0x390), ==, count);
    run_virtual_ms(2);
    cur = rd(&f, 0, 0x390);
    if (vnow() - start < 5000000) {
        g_assert_cmpuint(cur, ==, count - ((vnow() - start) >> 7));
        run_virtual_ms(30);
    }
    g_assert_cmpint(vnow() - start, >=, 5000000);
    g_assert_cmpuint(rd(&f, 0, 0x390), ==, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x40);
    wr(&f, 0, 0xb0, 0);
    run_virtual_ms(10);                     /* fires only once */
    g_assert_false(apic_has_interrupt(f.apic[0]));
    g_assert_cmphex(rd(&f, 0, 0x380), ==, count);
    fx_cleanup(&f);
}

static void test_timer_periodic(void)
{
    Fx f;
    int64_t start, elapsed;
    int fires = 0;
    const int64_t period = 4000000;         /* 4 ms at /2 */

    fx_init(&f);
    enable_all(&f);
    wr(&f, 0, 0x3e0, 0x0);                  /* divide by 2 */
    wr(&f, 0, 0x320, 0x20000 | 0x41);
    start = vnow();
    wr(&f, 0, 0x380, period / 2);
    for (int i = 0; i < 40; i++) {
        run_virtual_ms(1);
        if (apic_get_interrupt(f.apic[0]) == 0x41) {
            fires++;
            wr(&f, 0, 0xb0, 0);
        }
    }
    elapsed = vnow() - start;
    g_assert_cmpint(fires, >=, 2);
    g_assert_cmpint(fires, <=, elapsed / period);
    /* The count reloads: never 0 while periodic. */
    g_assert_cmpuint(rd(&f, 0, 0x390), ==,
                     period / 2 - ((elapsed >> 1) % (period / 2)));
    /* Masked: counts on, no interrupt. */
    wr(&f, 0, 0x320, 0x30000 | 0x41);
    run_virtual_ms(10);
    g_assert_false(apic_has_interrupt(f.apic[0]));
    /* Initial count 0 stops it. */
    wr(&f, 0, 0x380, 0);
    g_assert_cmpuint(rd(&f, 0, 0x390), ==, 0);
    fx_cleanup(&f);
}

static void test_timer_divide(void)
{
    Fx f;
    int64_t start;

    fx_init(&f);
    enable_all(&f);
    wr(&f, 0, 0x3e0, 0xb);                  /* divide by 1 */
    g_assert_cmphex(rd(&f, 0, 0x3e0), ==, 0xb);
    wr(&f, 0, 0x320, 0x10000);
    start = vnow();
    wr(&f, 0, 0x380, 0xffffffff);
    run_virtual_ms(2);
    g_assert_cmpuint(rd(&f, 0, 0x390), ==, 0xffffffffu - (vnow() - start));
    /* A new divider keeps the current count and slows it by 16. */
    wr(&f, 0, 0x3e0, 0x3);
    {
        uint32_t before = rd(&f, 0, 0x390);
        int64_t t = vnow();

        run_virtual_ms(2);
        g_assert_cmpuint(before - rd(&f, 0, 0x390), <=,
                         ((vnow() - t) >> 4) + 1);
        g_assert_cmpuint(before - rd(&f, 0, 0x390), >=, (vnow() - t) >> 4);
    }
    fx_cleanup(&f);
}

static uint64_t tsc_2ghz(void *opaque)
{
    return vnow() * 2 + 123456789;
}

static void test_timer_tsc_deadline(void)
{
    Fx f;
    uint64_t v;

    fx_init(&f);
    enable_all(&f);
    g_assert_true(apic_msr_write(f.apic[0], MSR_IA32_TSC_DEADLINE, 1234));
    g_assert_true(apic_msr_read(f.apic[0], MSR_IA32_TSC_DEADLINE, &v));
    g_assert_cmpuint(v, ==, 0);             /* ignored outside the mode */
    wr(&f, 0, 0x320, 0x40000 | 0x42);
    wr(&f, 0, 0x380, 1000);                 /* ignored in the mode */
    g_assert_cmpuint(rd(&f, 0, 0x380), ==, 0);
    /* The default TSC is the virtual clock in ns: 2 ms from now. */
    v = vnow() + 2000000;
    g_assert_true(apic_msr_write(f.apic[0], MSR_IA32_TSC_DEADLINE, v));
    run_virtual_ms(20);
    g_assert_cmpint(vnow(), >=, v);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x42);
    apic_mmio_write(f.apic[0], 0xb0, 0);
    /* A CPU's TSC at 2 GHz with an offset: 3 ms from now. */
    apic_set_tsc_source(f.apic[0], tsc_2ghz, NULL, 2000000000);
    v = tsc_2ghz(NULL) + 6000000;
    g_assert_true(apic_msr_write(f.apic[0], MSR_IA32_TSC_DEADLINE, v));
    g_assert_true(apic_msr_read(f.apic[0], MSR_IA32_TSC_DEADLINE, &v));
    g_assert_cmpuint(v, !=, 0);
    run_virtual_ms(1);
    g_assert_true(tsc_2ghz(NULL) >= v || !apic_has_interrupt(f.apic[0]));
    run_virtual_ms(20);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x42);
    g_assert_true(apic_msr_read(f.apic[0], MSR_IA32_TSC_DEADLINE, &v));
    g_assert_cmpuint(v, ==, 0);
    wr(&f, 0, 0xb0, 0);
    /* A deadline already passed fires at once. */
    apic_msr_write(f.apic[0], MSR_IA32_TSC_DEADLINE, tsc_2ghz(NULL) - 1);
    run_virtual_ms(1);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x42);
    /* Leaving the mode disarms a pending deadline. */
    apic_msr_write(f.apic[0], MSR_IA32_TSC_DEADLINE,
                   tsc_2ghz(NULL) + 4000000);
    wr(&f, 0, 0x320, 0x43);
    wr(&f, 0, 0xb0, 0);
    run_virtual_ms(10);
    g_assert_false(apic_has_interrupt(f.apic[0]));
    fx_cleanup(&f);
}

static void ipi(Fx *f, int from, uint8_t dest, uint32_t low)
{
    wr(f, from, 0x310, (uint32_t)dest << 24);
    wr(f, from, 0x300, low);
}

static void test_ipi_fixed_and_shorthands(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    ipi(&f, 0, 1, 0x4060);                  /* fixed, physical, assert */
    g_assert_cmphex(rd(&f, 0, 0x300), ==, 0x4060);   /* idle */
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x60);
    wr(&f, 1, 0xb0, 0);
    g_assert_false(apic_has_interrupt(f.apic[0]));
    ipi(&f, 0, 0, 0x40000 | 0x61);          /* self */
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x61);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    wr(&f, 0, 0xb0, 0);
    ipi(&f, 1, 0, 0x80000 | 0x62);          /* all including self */
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x62);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x62);
    wr(&f, 0, 0xb0, 0);
    ipi(&f, 1, 0, 0xc0000 | 0x63);          /* all but self */
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x63);
    g_assert_false(bit_set(&f, 1, 0x200, 0x63));
    ipi(&f, 0, 0xff, 0x64);                 /* physical broadcast */
    g_assert_true(bit_set(&f, 0, 0x200, 0x64));
    g_assert_true(bit_set(&f, 1, 0x200, 0x64));
    fx_cleanup(&f);
}

static void test_ipi_logical(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    wr(&f, 0, 0xd0, 0x01000000);
    wr(&f, 1, 0xd0, 0x02000000);
    ipi(&f, 0, 0x02, 0x800 | 0x70);         /* flat: bit 1 */
    g_assert_false(bit_set(&f, 0, 0x200, 0x70));
    g_assert_true(bit_set(&f, 1, 0x200, 0x70));
    ipi(&f, 0, 0x03, 0x800 | 0x71);
    g_assert_true(bit_set(&f, 0, 0x200, 0x71));
    g_assert_true(bit_set(&f, 1, 0x200, 0x71));
    /* Cluster model: cluster 1 member 1, cluster 2 member 1. */
    wr(&f, 0, 0xe0, 0x0fffffff);
    wr(&f, 1, 0xe0, 0x0fffffff);
    g_assert_cmphex(rd(&f, 1, 0xe0), ==, 0x0fffffff);
    wr(&f, 0, 0xd0, 0x11000000);
    wr(&f, 1, 0xd0, 0x21000000);
    ipi(&f, 0, 0x21, 0x800 | 0x72);
    g_assert_false(bit_set(&f, 0, 0x200, 0x72));
    g_assert_true(bit_set(&f, 1, 0x200, 0x72));
    ipi(&f, 0, 0xf1, 0x800 | 0x73);         /* every cluster */
    g_assert_true(bit_set(&f, 0, 0x200, 0x73));
    g_assert_true(bit_set(&f, 1, 0x200, 0x73));
    fx_cleanup(&f);
}

static void test_ipi_lowest_priority(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    wr(&f, 0, 0xd0, 0x01000000);
    wr(&f, 1, 0xd0, 0x02000000);
    wr(&f, 0, 0x80, 0x30);
    ipi(&f, 0, 0x03, 0x800 | 0x100 | 0x80);
    g_assert_false(bit_set(&f, 0, 0x200, 0x80));
    g_assert_true(bit_set(&f, 1, 0x200, 0x80));
    fx_cleanup(&f);
}

static void test_ipi_nmi_init_sipi(void)
{
    Fx f;

    fx_init(&f);
    enable_all(&f);
    ipi(&f, 0, 1, 0x400);                   /* NMI */
    g_assert_cmpint(f.out[1][APIC_OUT_NMI].raises, ==, 1);
    g_assert_cmpint(f.out[1][APIC_OUT_NMI].level, ==, 0);
    wr(&f, 1, 0x80, 0x40);
    send_fixed(&f, 1, 0x90, false);
    ipi(&f, 0, 1, 0xc500);                  /* INIT, level, assert */
    g_assert_cmpint(f.out[1][APIC_OUT_INIT].raises, ==, 1);
    g_assert_cmphex(rd(&f, 1, 0x80), ==, 0);        /* registers reset */
    g_assert_cmphex(rd(&f, 1, 0xf0), ==, 0xff);
    g_assert_false(bit_set(&f, 1, 0x200, 0x90));
    g_assert_cmphex(rd(&f, 1, 0x20), ==, 1u << 24); /* ID kept */
    ipi(&f, 0, 1, 0x8500);                  /* INIT de-assert: nothing */
    g_assert_cmpint(f.out[1][APIC_OUT_INIT].raises, ==, 1);
    ipi(&f, 0, 1, 0x4600 | 0x9a);           /* SIPI */
    g_assert_cmpint(f.out[1][APIC_OUT_SIPI].raises, ==, 1);
    g_assert_cmphex(apic_get_sipi_vector(f.apic[1]), ==, 0x9a);
    g_assert_cmpint(f.out[0][APIC_OUT_SIPI].raises, ==, 0);
    /* INIT to all but self, the way an OS starts its APs. */
    ipi(&f, 0, 0, 0xc4500);
    g_assert_cmpint(f.out[1][APIC_OUT_INIT].raises, ==, 2);
    g_assert_cmpint(f.out[0][APIC_OUT_INIT].raises, ==, 0);
    fx_cleanup(&f);
}

static void test_msi(void)
{
    Fx f;
    char *log;

    fx_init(&f);
    enable_all(&f);
    apic_deliver_msi(f.bus, 0xfee01000, 0x0041);
    g_assert_true(bit_set(&f, 1, 0x200, 0x41));
    g_assert_false(bit_set(&f, 0, 0x200, 0x41));
    apic_deliver_msi(f.bus, 0xfee00000, 0x8042);     /* level */
    g_assert_true(bit_set(&f, 0, 0x200, 0x42));
    g_assert_true(bit_set(&f, 0, 0x180, 0x42));
    wr(&f, 0, 0xd0, 0x01000000);
    wr(&f, 1, 0xd0, 0x02000000);
    apic_deliver_msi(f.bus, 0xfee02004, 0x0043);     /* logical, bit 1 */
    g_assert_true(bit_set(&f, 1, 0x200, 0x43));
    g_assert_false(bit_set(&f, 0, 0x200, 0x43));
    apic_deliver_msi(f.bus, 0xfee01000, 0x0400);     /* NMI */
    g_assert_cmpint(f.out[1][APIC_OUT_NMI].raises, ==, 1);
    devtest_log_clear();
    apic_deliver_msi(f.bus, 0xfed01000, 0x0044);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "MSI to bad address 0xfed01000"));
    g_free(log);
    g_assert_false(bit_set(&f, 1, 0x200, 0x44));
    fx_cleanup(&f);
}

static void test_window(void)
{
    Fx f;
    MemoryRegion mr;
    CPUState *cpu = CPU(object_new(TYPE_COUNTER_CPU));

    fx_init(&f);
    enable_all(&f);
    apic_bus_window_init(f.bus, &mr, "test");
    memory_region_add_subregion(get_system_memory(), APIC_DEFAULT_ADDR, &mr);
    apic_connect_cpu(f.apic[1], cpu);
    /* No CPU: device writes are MSIs. */
    devtest_wr32(0xfee01000, 0x45);
    g_assert_true(bit_set(&f, 1, 0x200, 0x45));
    devtest_wr32(0xfee00080, 0x46);         /* dest 0, not a register */
    g_assert_true(bit_set(&f, 0, 0x200, 0x46));
    g_assert_cmphex(rd(&f, 0, 0x80), ==, 0);
    /* A CPU reaches its own registers; offset 0 is still an MSI. */
    current_cpu = cpu;
    devtest_wr32(0xfee00080, 0x20);
    g_assert_cmphex(rd(&f, 1, 0x80), ==, 0x20);
    g_assert_cmphex(devtest_rd32(0xfee00020), ==, 1u << 24);
    devtest_wr32(0xfee00000, 0x47);
    g_assert_true(bit_set(&f, 0, 0x200, 0x47));
    devtest_wr32(0xfee01000, 0x48);
    g_assert_true(bit_set(&f, 1, 0x200, 0x48));
    current_cpu = NULL;
    memory_region_del_subregion(get_system_memory(), &mr);
    memory_region_finalize(&mr);
    fx_cleanup(&f);
    object_unref(OBJECT(cpu));
}

static void test_ioapic_delivery(void)
{
    Fx f;
    DeviceState *io;
    qemu_irq pin5;

    fx_init(&f);
    enable_all(&f);
    io = ioapic_create(IOAPIC_DEFAULT_ADDR);
    apic_bus_connect_ioapic(f.bus, io);
    pin5 = qdev_get_gpio_in(io, 5);
    /* Pin 5: vector 0x35, level, physical destination 1. */
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * 5 + 1);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, 1u << 24);
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * 5);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, 0x8035);
    qemu_set_irq(pin5, 1);
    g_assert_cmpint(f.out[1][APIC_OUT_INTR].level, ==, 1);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x35);
    /* Still asserted at EOI: the I/O APIC sends it again. */
    wr(&f, 1, 0xb0, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x35);
    qemu_set_irq(pin5, 0);
    wr(&f, 1, 0xb0, 0);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    /* Pin 2 (the PIT after the ISA override): edge, logical broadcast. */
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * 2 + 1);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, 0xffu << 24);
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * 2);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, 0x0830);
    wr(&f, 0, 0xd0, 0x01000000);
    wr(&f, 1, 0xd0, 0x02000000);
    qemu_set_irq(qdev_get_gpio_in(io, 2), 1);
    g_assert_true(bit_set(&f, 0, 0x200, 0x30));
    g_assert_true(bit_set(&f, 1, 0x200, 0x30));
    /* The raw callback: an 8-bit 0xff destination is a broadcast. */
    apic_bus_ioapic_deliver(f.bus, &(IOAPICMessage){
        .vector = 0x77, .delivery_mode = IOAPIC_DM_FIXED, .dest = 0xff,
        .level_triggered = true });
    g_assert_true(bit_set(&f, 0, 0x200, 0x77));
    g_assert_true(bit_set(&f, 1, 0x180, 0x77));
    devtest_destroy(io);
    fx_cleanup(&f);
}

static int pic_ack(void *opaque)
{
    (*(int *)opaque)++;
    return 0x28;
}

static void test_lint(void)
{
    Fx f;
    int acks = 0;

    fx_init(&f);
    apic_set_extint_ack(f.apic[0], pic_ack, &acks);
    /* The BSP's LINT0 is ExtINT from reset, even software-disabled. */
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT0), 1);
    g_assert_cmpint(f.out[0][APIC_OUT_INTR].level, ==, 1);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x28);
    g_assert_cmpint(acks, ==, 1);
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT0), 0);
    g_assert_cmpint(f.out[0][APIC_OUT_INTR].level, ==, 0);
    /* Masking LINT0 cuts the PIC off. */
    enable_all(&f);
    wr(&f, 0, 0x350, 0x10700);
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT0), 1);
    g_assert_cmpint(f.out[0][APIC_OUT_INTR].level, ==, 0);
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT0), 0);
    /* LINT1 as NMI; LINT0 fixed, edge. */
    wr(&f, 0, 0x360, 0x400);
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT1), 1);
    g_assert_cmpint(f.out[0][APIC_OUT_NMI].raises, ==, 1);
    wr(&f, 0, 0x350, 0x57);
    qemu_set_irq(qdev_get_gpio_in(f.apic[0], APIC_LINT0), 1);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x57);
    /* Hardware-disabled: LINT0 goes straight to INTR (PIC mode). */
    g_assert_true(apic_msr_write(f.apic[0], MSR_IA32_APICBASE, 0xfee00000));
    g_assert_cmpint(f.out[0][APIC_OUT_INTR].level, ==, 1);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x28);
    send_fixed(&f, 0, 0x66, false);         /* a disabled APIC hears none */
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x28);
    g_assert_cmpint(acks, ==, 3);
    fx_cleanup(&f);
}

static void test_x2apic(void)
{
    Fx f;
    uint64_t v;
    DeviceState *a1;
    const uint64_t x2 = 0xfee00000 | MSR_IA32_APICBASE_ENABLE |
                        MSR_IA32_APICBASE_EXTD;

    fx_init(&f);
    a1 = f.apic[1];
    enable_all(&f);
    g_assert_false(apic_msr_read(a1, 0x802, &v));   /* xAPIC mode */
    g_assert_true(apic_msr_write(a1, MSR_IA32_APICBASE, x2));
    g_assert_true(apic_msr_read(a1, 0x802, &v));
    g_assert_cmphex(v, ==, 1);
    g_assert_true(apic_msr_read(a1, 0x80d, &v));
    g_assert_cmphex(v, ==, 2);              /* cluster 0, bit 1 */
    g_assert_true(apic_msr_read(a1, 0x803, &v));
    g_assert_cmphex(v, ==, 0x50014);
    g_assert_false(apic_msr_read(a1, 0x80e, &v));   /* no DFR */
    g_assert_false(apic_msr_read(a1, 0x831, &v));   /* no ICR high */
    g_assert_false(apic_msr_write(a1, 0x802, 5));   /* ID read-only */
    g_assert_false(apic_msr_write(a1, 0x80d, 5));
    g_assert_false(apic_msr_write(a1, 0x80b, 1));   /* EOI must be 0 */
    g_assert_false(apic_msr_write(a1, 0x808, 1ull << 32));
    g_assert_true(apic_msr_write(a1, 0x808, 0x30));
    g_assert_cmphex(apic_mmio_read(a1, 0x80), ==, 0);   /* no MMIO */
    g_assert_true(apic_msr_read(a1, 0x808, &v));
    g_assert_cmphex(v, ==, 0x30);
    /* ICR is one 64-bit write; destination in the high half. */
    g_assert_true(apic_msr_write(a1, 0x830, 0x0000000000004051ull));
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x51);
    g_assert_true(apic_msr_read(a1, 0x830, &v));
    g_assert_cmphex(v, ==, 0x4051);
    /* Self IPI. */
    g_assert_true(apic_msr_write(a1, 0x83f, 0x52));
    g_assert_cmpint(apic_get_interrupt(a1), ==, 0x52);
    g_assert_true(apic_msr_write(a1, 0x80b, 0));
    g_assert_true(apic_msr_read(a1, 0x810 + 2, &v));   /* ISR 0x40-0x5f */
    g_assert_cmphex(v, ==, 0);
    /* Logical x2APIC destination: cluster 0, bit 1. */
    apic_deliver_msi(f.bus, 0xfee02004, 0x53);
    g_assert_cmpint(apic_get_interrupt(a1), ==, 0x53);
    /* x2APIC -> xAPIC is illegal; -> disabled and back up is fine. */
    g_assert_false(apic_msr_write(a1, MSR_IA32_APICBASE,
                                  0xfee00000 | MSR_IA32_APICBASE_ENABLE));
    g_assert_false(apic_msr_write(a1, MSR_IA32_APICBASE,
                                  0xfee00000 | MSR_IA32_APICBASE_EXTD));
    g_assert_false(apic_msr_write(a1, MSR_IA32_APICBASE, x2 | 1));
    g_assert_true(apic_msr_write(a1, MSR_IA32_APICBASE, 0xfee00000));
    g_assert_false(apic_msr_write(a1, MSR_IA32_APICBASE, x2));
    g_assert_false(apic_msr_read(a1, 0x802, &v));
    g_assert_true(apic_msr_write(a1, MSR_IA32_APICBASE,
                                 0xfee00000 | MSR_IA32_APICBASE_ENABLE));
    g_assert_cmphex(apic_mmio_read(a1, 0xf0), ==, 0xff);   /* reset */
    fx_cleanup(&f);
}

static void test_connect_cpu(void)
{
    Fx f;
    CPUState *cpu = CPU(object_new(TYPE_COUNTER_CPU));

    fx_init(&f);
    enable_all(&f);
    apic_connect_cpu(f.apic[1], cpu);
    send_fixed(&f, 1, 0x50, false);
    g_assert_true(cpu->interrupt_request & CPU_INTERRUPT_HARD);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x50);
    g_assert_false(cpu->interrupt_request & CPU_INTERRUPT_HARD);
    send_fixed(&f, 1, 0x61, false);         /* the INTA callback form */
    g_assert_cmpint(apic_intack(f.apic[1]), ==, 0x61);
    ipi(&f, 0, 1, 0x400);
    g_assert_true(cpu->interrupt_request & CPU_INTERRUPT_NMI);
    ipi(&f, 0, 1, 0xc500);
    g_assert_true(cpu->interrupt_request & CPU_INTERRUPT_INIT);
    ipi(&f, 0, 1, 0x4610);
    g_assert_true(cpu->interrupt_request & CPU_INTERRUPT_SIPI);
    fx_cleanup(&f);
    object_unref(OBJECT(cpu));
}

static void test_bad_accesses(void)
{
    Fx f;
    char *log;

    fx_init(&f);
    enable_all(&f);
    devtest_log_clear();
    g_assert_cmphex(rd(&f, 0, 0x24), ==, 0);        /* unaligned */
    g_assert_cmphex(rd(&f, 0, 0x400), ==, 0);       /* no register */
    g_assert_cmphex(rd(&f, 0, 0x2000), ==, 0);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "read of bad register 0x24"));
    g_assert_nonnull(strstr(log, "read of bad register 0x400"));
    g_free(log);
    /* Read-only registers ignore writes quietly (Linux probes LVR so). */
    wr(&f, 0, 0x30, 0x1234);
    wr(&f, 0, 0x100, 0xffffffff);                    /* ISR */
    g_assert_cmphex(rd(&f, 0, 0x30), ==, 0x50014);
    g_assert_cmphex(rd(&f, 0, 0x100), ==, 0);
    wr(&f, 0, 0x280, 0);
    g_assert_cmphex(rd(&f, 0, 0x280), ==, 0);
    log = devtest_log_take();
    g_assert_cmpstr(log, ==, "");
    g_free(log);
    wr(&f, 0, 0x3f0, 1);                             /* x2APIC-only */
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "write 0x1 to bad register 0x3f0"));
    g_free(log);
    wr(&f, 0, 0x280, 0);
    g_assert_cmphex(rd(&f, 0, 0x280), ==, 0x80);    /* illegal register */
    g_assert_false(apic_msr_write(f.apic[0], 0x900, 0));
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/apic/reset-state", test_reset_state);
    g_test_add_func("/apic/priority-and-eoi", test_priority_and_eoi);
    g_test_add_func("/apic/software-disable", test_software_disable);
    g_test_add_func("/apic/illegal-vector", test_illegal_vector);
    g_test_add_func("/apic/timer-oneshot", test_timer_oneshot);
    g_test_add_func("/apic/timer-periodic", test_timer_periodic);
    g_test_add_func("/apic/timer-divide", test_timer_divide);
    g_test_add_func("/apic/timer-tsc-deadline", test_timer_tsc_deadline);
    g_test_add_func("/apic/ipi-fixed-and-shorthands",
                    test_ipi_fixed_and_shorthands);
    g_test_add_func("/apic/ipi-logical", test_ipi_logical);
    g_test_add_func("/apic/ipi-lowest-priority", test_ipi_lowest_priority);
    g_test_add_func("/apic/ipi-nmi-init-sipi", test_ipi_nmi_init_sipi);
    g_test_add_func("/apic/msi", test_msi);
    g_test_add_func("/apic/window", test_window);
    g_test_add_func("/apic/ioapic-delivery", test_ioapic_delivery);
    g_test_add_func("/apic/lint", test_lint);
    g_test_add_func("/apic/x2apic", test_x2apic);
    g_test_add_func("/apic/connect-cpu", test_connect_cpu);
    g_test_add_func("/apic/bad-accesses", test_bad_accesses);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
