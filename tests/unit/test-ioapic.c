/*
 * I/O APIC through MMIO: ID and version, redirection entries, edge and
 * level delivery, remote IRR and EOI (broadcast and register), masking,
 * read-only bits, reset, guest errors; the "ack" and "unmask" outputs.
 */
#include "kemu/osdep.h"
#include "hw/intc/ioapic.h"
#include "devtest.h"

#define BASE IOAPIC_DEFAULT_ADDR

typedef struct Fx {
    DeviceState *dev;
    IOAPICMessage msgs[16];
    int count;
} Fx;

static void record(void *opaque, const IOAPICMessage *msg)
{
    Fx *f = opaque;

    g_assert_cmpint(f->count, <, 16);
    f->msgs[f->count++] = *msg;
}

static void fx_init(Fx *f)
{
    memset(f, 0, sizeof(*f));
    f->dev = ioapic_create(BASE);
    ioapic_set_delivery(f->dev, record, f);
}

static uint32_t ind_read(unsigned reg)
{
    address_space_stl_le(&address_space_memory, BASE, reg, NULL);
    return address_space_ldl_le(&address_space_memory, BASE + 0x10, NULL);
}

static void ind_write(unsigned reg, uint32_t val)
{
    address_space_stl_le(&address_space_memory, BASE, reg, NULL);
    address_space_stl_le(&address_space_memory, BASE + 0x10, val, NULL);
}

static void set_entry(int pin, uint64_t e)
{
    ind_write(0x11 + 2 * pin, e >> 32);
    ind_write(0x10 + 2 * pin, e);
}

static void set_pin(Fx *f, int pin, int level)
{
    qemu_set_irq(qdev_get_gpio_in(f->dev, pin), level);
}

static void test_id_and_version(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmphex(ind_read(0x01), ==, 0x00170020);
    ind_write(0x00, 0x0f000000);
    g_assert_cmphex(ind_read(0x00), ==, 0x0f000000);
    /* Entries come out of reset masked. */
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        g_assert_cmphex(ind_read(0x10 + 2 * pin), ==, 0x00010000);
    }
    set_pin(&f, 3, 1);
    g_assert_cmpint(f.count, ==, 0);
    set_pin(&f, 3, 0);
    devtest_destroy(f.dev);
}

static void test_edge_delivery(void)
{
    Fx f;

    fx_init(&f);
    /* Pin 2: vector 0x30, fixed, logical destination 0x01, edge. */
    set_entry(2, 0x0100000000000830ULL);
    set_pin(&f, 2, 1);
    set_pin(&f, 2, 1);                      /* no new edge */
    g_assert_cmpint(f.count, ==, 1);
    g_assert_cmpint(f.msgs[0].vector, ==, 0x30);
    g_assert_cmpint(f.msgs[0].delivery_mode, ==, IOAPIC_DM_FIXED);
    g_assert_true(f.msgs[0].dest_logical);
    g_assert_cmpint(f.msgs[0].dest, ==, 1);
    g_assert_false(f.msgs[0].level_triggered);
    g_assert_cmpint(f.msgs[0].pin, ==, 2);
    g_assert_cmphex(ind_read(0x14) & (1 << 14), ==, 0);
    set_pin(&f, 2, 0);
    set_pin(&f, 2, 1);
    g_assert_cmpint(f.count, ==, 2);
    /* Masked: the edge is lost, not delivered on unmask. */
    set_pin(&f, 2, 0);
    set_entry(2, 0x0100000000010830ULL);
    set_pin(&f, 2, 1);
    set_entry(2, 0x0100000000000830ULL);
    g_assert_cmpint(f.count, ==, 2);
    set_pin(&f, 2, 0);
    devtest_destroy(f.dev);
}

static void test_level_remote_irr(void)
{
    Fx f;

    fx_init(&f);
    /* Pin 16 (PCI INTA): vector 0x41, lowest priority, level, low. */
    set_entry(16, 0x020000000000a141ULL);
    set_pin(&f, 16, 1);
    g_assert_cmpint(f.count, ==, 1);
    g_assert_true(f.msgs[0].level_triggered);
    g_assert_true(f.msgs[0].active_low);
    g_assert_cmpint(f.msgs[0].delivery_mode, ==, IOAPIC_DM_LOWEST_PRIORITY);
    g_assert_cmphex(ind_read(0x30) & (1 << 14), ==, 1 << 14);
    /* Remote IRR is read-only for the guest. */
    set_entry(16, 0x020000000000a141ULL & ~(1ULL << 14));
    g_assert_cmphex(ind_read(0x30) & (1 << 14), ==, 1 << 14);
    set_pin(&f, 16, 1);
    g_assert_cmpint(f.count, ==, 1);
    /* EOI with the line still up: delivered again. */
    ioapic_eoi_broadcast(f.dev, 0x41);
    g_assert_cmpint(f.count, ==, 2);
    /* A different vector's EOI changes nothing. */
    set_pin(&f, 16, 0);
    ioapic_eoi_broadcast(f.dev, 0x42);
    g_assert_cmphex(ind_read(0x30) & (1 << 14), ==, 1 << 14);
    /* The EOI register (version 0x20) works too. */
    address_space_stl_le(&address_space_memory, BASE + 0x40, 0x41, NULL);
    g_assert_cmphex(ind_read(0x30) & (1 << 14), ==, 0);
    g_assert_cmpint(f.count, ==, 2);
    /* Masked while asserted: delivered on unmask. */
    set_entry(16, 0x020000000001a141ULL);
    set_pin(&f, 16, 1);
    g_assert_cmpint(f.count, ==, 2);
    set_entry(16, 0x020000000000a141ULL);
    g_assert_cmpint(f.count, ==, 3);
    set_pin(&f, 16, 0);
    devtest_destroy(f.dev);
}

static void test_reset_and_bad_accesses(void)
{
    g_autofree char *log = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    set_entry(5, 0x35);
    device_cold_reset(f.dev);
    g_assert_cmphex(ind_read(0x1a), ==, 0x00010000);
    devtest_log_clear();
    g_assert_cmphex(ind_read(0x40), ==, 0);
    ind_write(0x01, 0x12345678);
    g_assert_cmphex(ind_read(0x01), ==, 0x00170020);
    address_space_ldub(&address_space_memory, BASE, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    address_space_stl_le(&address_space_memory, BASE + 0x20, 1, NULL);
    ioapic_set_delivery(f.dev, NULL, NULL);
    set_entry(1, 0x31);
    set_pin(&f, 1, 1);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "ioapic: read of bad register 0x40"));
    g_assert_nonnull(strstr(log, "read-only register 0x01"));
    g_assert_nonnull(strstr(log, "invalid read of 1 bytes"));
    g_assert_nonnull(strstr(log, "ioapic: write to bad offset 0x20"));
    g_assert_nonnull(strstr(log, "pin 1 interrupt with no APIC bus"));
    set_pin(&f, 1, 0);
    devtest_destroy(f.dev);
}

static void test_ack_and_unmask_outputs(void)
{
    IrqProbe ack[3], unmask;
    Fx f;

    fx_init(&f);
    for (int i = 0; i < 3; i++) {
        irq_probe_init(&ack[i]);
    }
    irq_probe_init(&unmask);
    qdev_connect_gpio_out_named(f.dev, "ack", 3, ack[0].irq);
    qdev_connect_gpio_out_named(f.dev, "ack", 4, ack[1].irq);
    qdev_connect_gpio_out_named(f.dev, "ack", 16, ack[2].irq);
    qdev_connect_gpio_out_named(f.dev, "unmask", 3, unmask.irq);
    /* Pin 3: edge, fixed, vector 0x45; unmasking it pulses "unmask". */
    set_entry(3, 0x0000000000010045ULL);
    g_assert_cmpint(unmask.raises, ==, 0);
    set_entry(3, 0x0000000000000045ULL);
    g_assert_cmpint(unmask.raises, ==, 1);
    set_entry(3, 0x0000000000000045ULL);          /* no change: no pulse */
    g_assert_cmpint(unmask.raises, ==, 1);
    /* The edge's EOI acknowledges it, once; other vectors do not. */
    set_pin(&f, 3, 1);
    g_assert_cmpint(f.count, ==, 1);
    ioapic_eoi_edge(f.dev, 0x46);
    ioapic_eoi_broadcast(f.dev, 0x45);            /* level EOIs: not it */
    g_assert_cmpint(ack[0].raises, ==, 0);
    ioapic_eoi_edge(f.dev, 0x45);
    g_assert_cmpint(ack[0].raises, ==, 1);
    g_assert_cmpint(ack[0].level, ==, 0);
    ioapic_eoi_edge(f.dev, 0x45);
    g_assert_cmpint(ack[0].raises, ==, 1);
    /* NMI delivery: no EOI will come, acknowledged when sent. */
    set_entry(4, 0x0000000000000400ULL);
    set_pin(&f, 4, 1);
    g_assert_cmpint(f.count, ==, 2);
    g_assert_cmpint(ack[1].raises, ==, 1);
    /* A level pin is acknowledged by the EOI that clears remote IRR. */
    set_entry(16, 0x000000000000a047ULL);
    set_pin(&f, 16, 1);
    set_pin(&f, 16, 0);
    ioapic_eoi_edge(f.dev, 0x47);
    g_assert_cmpint(ack[2].raises, ==, 0);
    ioapic_eoi_broadcast(f.dev, 0x47);
    g_assert_cmpint(ack[2].raises, ==, 1);
    set_pin(&f, 3, 0);
    set_pin(&f, 4, 0);
    devtest_destroy(f.dev);
    for (int i = 0; i < 3; i++) {
        irq_probe_free(&ack[i]);
    }
    irq_probe_free(&unmask);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/ioapic/id-and-version", test_id_and_version);
    g_test_add_func("/ioapic/edge-delivery", test_edge_delivery);
    g_test_add_func("/ioapic/level-remote-irr", test_level_remote_irr);
    g_test_add_func("/ioapic/ack-and-unmask-outputs",
                    test_ack_and_unmask_outputs);
    g_test_add_func("/ioapic/reset-and-bad-accesses",
                    test_reset_and_bad_accesses);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
