/*
 * The pc interrupt wiring the board is to do, end to end: ISA IRQs fan out
 * to the i8259 and the I/O APIC (IRQ0 onto pin 2, as the MADT override
 * says), the i8259's INT reaches LINT0 of the boot CPU's APIC (virtual
 * wire, acknowledged through pic_read_irq), the acpi-pm SCI is a level
 * interrupt on IRQ 9, and level EOIs return to the I/O APIC; the i8254's
 * catch-up through either controller (acknowledgments back to the PIT).
 */
#include "kemu/osdep.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "hw/timer/i8254.h"
#include "hw/acpi/acpi-pm.h"
#include "devtest.h"

typedef struct Fx {
    APICBus *bus;
    DeviceState *apic[2], *pic, *ioapic, *pit, *pm;
    qemu_irq isa[16];
} Fx;

/* ISA IRQ n: the 8259 input n and I/O APIC pin n (pin 2 for IRQ0). */
static void isa_irq(void *opaque, int n, int level)
{
    Fx *f = opaque;

    qemu_set_irq(qdev_get_gpio_in(f->pic, n), level);
    qemu_set_irq(qdev_get_gpio_in(f->ioapic, n == 0 ? 2 : n), level);
}

static int pic_ack(void *opaque)
{
    return pic_read_irq(I8259(opaque));
}

static void out(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, NULL);
}

static void fx_init_policy(Fx *f, PITLostTickPolicy policy)
{
    qemu_irq ack, unmask;

    vm_clock_stop();
    f->bus = apic_bus_new();
    for (int i = 0; i < 2; i++) {
        f->apic[i] = apic_create(f->bus, i, i == 0);
        apic_mmio_write(f->apic[i], 0xf0, 0x1ff);
    }
    f->ioapic = ioapic_create(IOAPIC_DEFAULT_ADDR);
    apic_bus_connect_ioapic(f->bus, f->ioapic);
    f->pic = i8259_create(get_system_io(),
                          qdev_get_gpio_in(f->apic[0], APIC_LINT0));
    apic_set_extint_ack(f->apic[0], pic_ack, f->pic);
    for (int i = 0; i < 16; i++) {
        f->isa[i] = qemu_allocate_irq(isa_irq, f, i);
    }
    f->pit = i8254_create_policy(get_system_io(), f->isa[0], policy);
    /* As the board: IRQ0's acks and unmasks go back to the PIT. */
    ack = qdev_get_gpio_in_named(f->pit, "ack", 0);
    unmask = qdev_get_gpio_in_named(f->pit, "unmask", 0);
    qdev_connect_gpio_out_named(f->pic, "ack", 0, ack);
    qdev_connect_gpio_out_named(f->ioapic, "ack", 2, ack);
    qdev_connect_gpio_out_named(f->pic, "unmask", 0, unmask);
    qdev_connect_gpio_out_named(f->ioapic, "unmask", 2, unmask);
    f->pm = acpi_pm_create(get_system_io(), ACPI_PM_DEFAULT_BASE, f->isa[9]);
    /* Linux's 8259 set-up: vectors 0x30-0x3f, IRQ0 unmasked. */
    out(0x20, 0x11);
    out(0x21, 0x30);
    out(0x21, 0x04);
    out(0x21, 0x01);
    out(0xa0, 0x11);
    out(0xa1, 0x38);
    out(0xa1, 0x02);
    out(0xa1, 0x01);
    out(0x21, 0xfa);
    out(0xa1, 0xff);
}

static void fx_init(Fx *f)
{
    fx_init_policy(f, PIT_LOST_TICK_DISCARD);
}

static void fx_cleanup(Fx *f)
{
    vm_clock_stop();
    devtest_destroy(f->pm);
    devtest_destroy(f->pit);
    devtest_destroy(f->pic);
    devtest_destroy(f->ioapic);
    for (int i = 0; i < 2; i++) {
        devtest_destroy(f->apic[i]);
    }
    for (int i = 0; i < 16; i++) {
        qemu_free_irq(f->isa[i]);
    }
    apic_bus_free(f->bus);
}

static void ioapic_route(int pin, uint64_t entry)
{
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * pin + 1);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, entry >> 32);
    devtest_wr32(IOAPIC_DEFAULT_ADDR, 0x10 + 2 * pin);
    devtest_wr32(IOAPIC_DEFAULT_ADDR + 0x10, entry);
}

/* PIT counter 0 in mode 2 with a 1 ms period, then ms of virtual time. */
static void pit_ticks(int ms)
{
    int64_t end;

    out(0x43, 0x34);
    out(0x40, 1193 & 0xff);
    out(0x40, 1193 >> 8);
    end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + ms;
    vm_clock_start();
    while (kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(1);
    }
    vm_clock_stop();
}

static void test_pic_through_lint0(void)
{
    Fx f;

    fx_init(&f);
    pit_ticks(5);
    g_assert_true(apic_has_interrupt(f.apic[0]));
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x30);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    fx_cleanup(&f);
}

static void test_pit_through_ioapic_pin2(void)
{
    Fx f;

    fx_init(&f);
    out(0x21, 0xff);                        /* the 8259 is masked off */
    ioapic_route(2, 0x0041);                /* edge, vector 0x41, CPU 0 */
    pit_ticks(5);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x41);
    apic_mmio_write(f.apic[0], 0xb0, 0);
    pit_ticks(5);
    g_assert_cmpint(apic_get_interrupt(f.apic[0]), ==, 0x41);
    fx_cleanup(&f);
}

/*
 * PIT counter 0 in mode 2 with a 1 ms period, then a main loop late by
 * 5.5 periods: the stopped virtual clock steps at once.
 */
static void pit_late_ticks(void)
{
    out(0x43, 0x34);
    out(0x40, 1193 & 0xff);
    out(0x40, 1193 >> 8);
    vm_clock_advance((5 * 1193 + 596) * NANOSECONDS_PER_SECOND / PIT_FREQ);
}

/* Take and EOI what CPU 0 has for it (the 8259's EOI too: pic_eoi). */
static int take_all(Fx *f, int vector, bool pic_eoi)
{
    int n = 0;

    while (apic_has_interrupt(f->apic[0])) {
        g_assert_cmpint(apic_get_interrupt(f->apic[0]), ==, vector);
        if (pic_eoi) {
            out(0x20, 0x20);
        } else {
            apic_mmio_write(f->apic[0], 0xb0, 0);
        }
        g_assert_cmpint(++n, <, 100);
    }
    return n;
}

static void test_pit_catch_up(void)
{
    PITLostTickPolicy policies[] = { PIT_LOST_TICK_DISCARD,
                                     PIT_LOST_TICK_DELAY };
    int ticks[] = { 1, 5 };             /* with each policy */
    Fx f;

    for (int i = 0; i < 2; i++) {
        /* Through the I/O APIC: one tick per EOI. */
        fx_init_policy(&f, policies[i]);
        out(0x21, 0xff);
        ioapic_route(2, 0x0041);
        pit_late_ticks();
        g_assert_cmpint(take_all(&f, 0x41, false), ==, ticks[i]);
        fx_cleanup(&f);
        /* Through the 8259 (ExtINT on LINT0): one tick per INTA. */
        fx_init_policy(&f, policies[i]);
        pit_late_ticks();
        g_assert_cmpint(take_all(&f, 0x30, true), ==, ticks[i]);
        fx_cleanup(&f);
    }
}

static void test_sci_level_on_irq9(void)
{
    Fx f;
    const uint16_t pm = ACPI_PM_DEFAULT_BASE;

    fx_init(&f);
    /* Level, active low (the MADT override), vector 0x51, CPU 1. */
    ioapic_route(9, 1ull << 56 | 1u << 15 | 1u << 13 | 0x51);
    address_space_stw_le(&address_space_io, pm + 2, ACPI_PM1_STS_PWRBTN,
                         NULL);
    acpi_pm_power_button(f.pm);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x51);
    /* Still asserted at EOI: delivered again. */
    apic_mmio_write(f.apic[1], 0xb0, 0);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x51);
    /* The handler clears the status, then EOIs: quiet. */
    address_space_stw_le(&address_space_io, pm, ACPI_PM1_STS_PWRBTN, NULL);
    apic_mmio_write(f.apic[1], 0xb0, 0);
    g_assert_false(apic_has_interrupt(f.apic[1]));
    acpi_pm_power_button(f.pm);
    g_assert_cmpint(apic_get_interrupt(f.apic[1]), ==, 0x51);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/pc-irq/pic-through-lint0", test_pic_through_lint0);
    g_test_add_func("/pc-irq/pit-through-ioapic-pin2",
                    test_pit_through_ioapic_pin2);
    g_test_add_func("/pc-irq/pit-catch-up", test_pit_catch_up);
    g_test_add_func("/pc-irq/sci-level-on-irq9", test_sci_level_on_irq9);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
