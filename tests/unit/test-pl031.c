/*
 * PL031 RTC through the memory API: host time at start, time that moves
 * only with the virtual clock, the load register, the alarm interrupt,
 * ID registers, bad accesses and reset.
 */
#include "kemu/osdep.h"
#include "hw/rtc/pl031.h"
#include "devtest.h"

#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c

typedef struct Fx {
    DeviceState *dev;
    hwaddr base;
    IrqProbe irq;
} Fx;

static void fx_init(Fx *f)
{
    static hwaddr next = 0x9010000;

    vm_clock_stop();
    f->base = next;
    next += PL031_MMIO_SIZE;
    irq_probe_init(&f->irq);
    f->dev = pl031_create(f->base, f->irq.irq);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->dev);
    irq_probe_free(&f->irq);
}

static uint32_t rd(Fx *f, hwaddr off)
{
    return devtest_rd32(f->base + off);
}

static void wr(Fx *f, hwaddr off, uint32_t val)
{
    devtest_wr32(f->base + off, val);
}

static void test_id_registers(void)
{
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1 };
    Fx f;

    fx_init(&f);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(rd(&f, 0xfe0 + 4 * i), ==, id[i]);
    }
    fx_cleanup(&f);
}

static void test_starts_at_host_time(void)
{
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;
    Fx f;

    fx_init(&f);
    g_assert_cmpint(llabs((int64_t)rd(&f, DR) - (now & 0xffffffff)), <=, 2);
    fx_cleanup(&f);
}

/* Runs about a second of virtual time and two of real time. */
static void test_time_follows_virtual_clock(void)
{
    int64_t end;
    Fx f;

    fx_init(&f);
    wr(&f, LR, 1000);
    g_assert_cmpuint(rd(&f, DR), ==, 1000);
    g_assert_cmpuint(rd(&f, LR), ==, 1000);
    g_usleep(1100 * 1000);
    g_assert_cmpuint(rd(&f, DR), ==, 1000);

    /* The alarm at the next second, masked: status only. */
    wr(&f, MR, 1001);
    vm_clock_start();
    end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 2500;
    while (!rd(&f, RIS) && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(10);
    }
    g_assert_cmpuint(rd(&f, RIS), ==, 1);
    g_assert_cmpuint(rd(&f, DR), ==, 1001);
    g_assert_cmpuint(rd(&f, MIS), ==, 0);
    g_assert_cmpint(f.irq.level, ==, 0);
    vm_clock_stop();
    fx_cleanup(&f);
}

static void test_alarm_interrupt(void)
{
    Fx f;

    fx_init(&f);
    wr(&f, LR, 5000);
    wr(&f, IMSC, 1);
    /* A match in the past is 2^32 seconds away. */
    wr(&f, MR, 4999);
    vm_clock_start();
    for (int i = 0; i < 10; i++) {
        main_loop_wait_once(5);
    }
    g_assert_cmpint(f.irq.level, ==, 0);
    wr(&f, MR, 5001);
    devtest_wait_level(&f.irq.level, 2500);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmpuint(rd(&f, DR), ==, 5001);
    g_assert_cmpuint(rd(&f, MIS), ==, 1);
    wr(&f, ICR, 1);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmpuint(rd(&f, RIS), ==, 0);
    vm_clock_stop();

    /* A match equal to the counter fires at once. */
    wr(&f, MR, rd(&f, DR));
    g_assert_cmpint(f.irq.level, ==, 1);
    wr(&f, IMSC, 0);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmpuint(rd(&f, RIS), ==, 1);
    fx_cleanup(&f);
}

static void test_bad_accesses_logged(void)
{
    g_autofree char *log1 = NULL, *log2 = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    wr(&f, LR, 77);
    devtest_log_clear();
    wr(&f, DR, 12345);
    wr(&f, 0x20, 1);
    g_assert_cmpuint(rd(&f, 0x40), ==, 0);
    log1 = devtest_log_take();
    g_assert_nonnull(strstr(log1, "pl031: write to read-only offset 0x0"));
    g_assert_nonnull(strstr(log1, "pl031: write to bad offset 0x20"));
    g_assert_nonnull(strstr(log1, "pl031: read of bad offset 0x40"));
    /* Registers are words: a byte access is refused, and logged. */
    address_space_ldub(&address_space_memory, f.base + DR, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    log2 = devtest_log_take();
    g_assert_nonnull(strstr(log2, "invalid read of 1 bytes"));
    g_assert_cmpuint(rd(&f, DR), ==, 77);
    fx_cleanup(&f);
}

static void test_reset_keeps_time(void)
{
    Fx f;

    fx_init(&f);
    wr(&f, LR, 300);
    wr(&f, IMSC, 1);
    wr(&f, MR, 300);
    wr(&f, CR, 1);
    g_assert_cmpint(f.irq.level, ==, 1);
    device_cold_reset(f.dev);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmpuint(rd(&f, IMSC), ==, 0);
    g_assert_cmpuint(rd(&f, RIS), ==, 0);
    g_assert_cmpuint(rd(&f, MR), ==, 0);
    g_assert_cmpuint(rd(&f, CR), ==, 0);
    g_assert_cmpuint(rd(&f, DR), ==, 300);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/pl031/id-registers", test_id_registers);
    g_test_add_func("/pl031/starts-at-host-time", test_starts_at_host_time);
    g_test_add_func("/pl031/time-follows-virtual-clock",
                    test_time_follows_virtual_clock);
    g_test_add_func("/pl031/alarm-interrupt", test_alarm_interrupt);
    g_test_add_func("/pl031/bad-accesses-logged", test_bad_accesses_logged);
    g_test_add_func("/pl031/reset-keeps-time", test_reset_keeps_time);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
