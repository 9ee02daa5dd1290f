/*
 * I/O APIC through MMIO: ID and version, redirection entries, edge and
 * level delivery, remote IRR and EOI (broadcast and register), masking,
 * read-only bits, reset, guest errors.
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

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/ioapic/id-and-version", test_id_and_version);
    g_test_add_func("/ioapic/edge-delivery", test_edge_delivery);
    g_test_add_func("/ioapic/level-remote-irr", test_level_remote_irr);
    g_test_add_func("/ioapic/reset-and-bad-accesses",
                    test_reset_and_bad_accesses);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
