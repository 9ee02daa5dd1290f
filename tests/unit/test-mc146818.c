/*
 * MC146818 RTC through ports 0x70/0x71: host time at start, time that moves
 * only with the virtual clock, setting the time (SET), BCD/binary and
 * 12/24-hour formats, the century rollover, UIP, periodic, update and alarm
 * interrupts, CMOS RAM and the NMI mask bit, reset, guest errors.
 */
#include "kemu/osdep.h"
#include "hw/rtc/mc146818rtc.h"
#include "devtest.h"

enum { SEC, SEC_ALARM, MIN, MIN_ALARM, HOUR, HOUR_ALARM, WDAY, MDAY, MON,
       YEAR, REG_A, REG_B, REG_C, REG_D };
#define CENTURY 0x32

typedef struct Fx {
    DeviceState *dev;
    IrqProbe irq;
} Fx;

static void fx_init(Fx *f)
{
    vm_clock_stop();
    irq_probe_init(&f->irq);
    f->dev = mc146818_rtc_create(get_system_io(), f->irq.irq);
}

static void fx_cleanup(Fx *f)
{
    vm_clock_stop();
    devtest_destroy(f->dev);
    irq_probe_free(&f->irq);
}

static uint8_t cmos_read(uint8_t reg)
{
    MemTxResult r;
    uint8_t v;

    address_space_stb(&address_space_io, 0x70, reg, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
    v = address_space_ldub(&address_space_io, 0x71, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static void cmos_write(uint8_t reg, uint8_t val)
{
    MemTxResult r;

    address_space_stb(&address_space_io, 0x70, reg, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
    address_space_stb(&address_space_io, 0x71, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

static int from_bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0xf);
}

/* Set the time the way Linux's mc146818_set_time does (BCD, 24h). */
static void set_time_bcd(const uint8_t regs[10], uint8_t century)
{
    uint8_t b = cmos_read(REG_B);

    cmos_write(REG_B, b | 0x80);
    for (int r = SEC; r <= YEAR; r++) {
        if (r != SEC_ALARM && r != MIN_ALARM && r != HOUR_ALARM) {
            cmos_write(r, regs[r]);
        }
    }
    cmos_write(CENTURY, century);
    cmos_write(REG_B, b);
}

/* Run the virtual clock until cond(arg) or max_ms of real time pass. */
static bool run_until(bool (*cond)(void *), void *arg, int max_ms)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + max_ms;
    bool ok;

    vm_clock_start();
    /* Poll finely: UIP lasts only 244 us. */
    while (!(ok = cond(arg)) && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(0);
        g_usleep(50);
    }
    vm_clock_stop();
    return ok;
}

static bool second_is(void *arg)
{
    return cmos_read(SEC) == *(uint8_t *)arg;
}

static void test_starts_at_host_time(void)
{
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;
    struct tm tm = { 0 };
    Fx f;

    fx_init(&f);
    g_assert_cmphex(cmos_read(REG_B) & 0x06, ==, 0x02);     /* BCD, 24h */
    g_assert_cmphex(cmos_read(REG_D), ==, 0x80);
    tm.tm_sec = from_bcd(cmos_read(SEC));
    tm.tm_min = from_bcd(cmos_read(MIN));
    tm.tm_hour = from_bcd(cmos_read(HOUR));
    tm.tm_mday = from_bcd(cmos_read(MDAY));
    tm.tm_mon = from_bcd(cmos_read(MON)) - 1;
    tm.tm_year = from_bcd(cmos_read(CENTURY)) * 100 +
                 from_bcd(cmos_read(YEAR)) - 1900;
    g_assert_cmpint(llabs((int64_t)timegm(&tm) - now), <=, 2);
    fx_cleanup(&f);
}

/* 1999-12-31 23:59:59, a Friday. */
static const uint8_t eve[10] = {
    [SEC] = 0x59, [MIN] = 0x59, [HOUR] = 0x23, [WDAY] = 6, [MDAY] = 0x31,
    [MON] = 0x12, [YEAR] = 0x99,
};

static void test_time_follows_virtual_clock(void)
{
    uint8_t zero = 0x00;
    Fx f;

    fx_init(&f);
    set_time_bcd(eve, 0x19);
    g_assert_cmphex(cmos_read(SEC), ==, 0x59);
    g_usleep(1100 * 1000);                  /* the virtual clock is stopped */
    g_assert_cmphex(cmos_read(SEC), ==, 0x59);
    g_assert_true(run_until(second_is, &zero, 2000));
    g_assert_cmphex(cmos_read(MIN), ==, 0x00);
    g_assert_cmphex(cmos_read(HOUR), ==, 0x00);
    g_assert_cmphex(cmos_read(WDAY), ==, 7);
    g_assert_cmphex(cmos_read(MDAY), ==, 0x01);
    g_assert_cmphex(cmos_read(MON), ==, 0x01);
    g_assert_cmphex(cmos_read(YEAR), ==, 0x00);
    g_assert_cmphex(cmos_read(CENTURY), ==, 0x20);
    fx_cleanup(&f);
}

static void test_formats(void)
{
    static const uint8_t afternoon[10] = {
        [SEC] = 0x05, [MIN] = 0x30, [HOUR] = 0x13, [WDAY] = 2,
        [MDAY] = 0x14, [MON] = 0x03, [YEAR] = 0x22,
    };
    Fx f;

    fx_init(&f);
    set_time_bcd(afternoon, 0x20);
    cmos_write(REG_B, 0x06);                /* binary, 24h */
    g_assert_cmpuint(cmos_read(HOUR), ==, 13);
    g_assert_cmpuint(cmos_read(MIN), ==, 30);
    g_assert_cmpuint(cmos_read(YEAR), ==, 22);
    g_assert_cmpuint(cmos_read(CENTURY), ==, 20);
    cmos_write(REG_B, 0x04);                /* binary, 12h */
    g_assert_cmphex(cmos_read(HOUR), ==, 0x81);
    cmos_write(REG_B, 0x00);                /* BCD, 12h */
    g_assert_cmphex(cmos_read(HOUR), ==, 0x81);
    /* Writing 12 AM in 12h BCD while running sets hour 0. */
    cmos_write(HOUR, 0x12);
    cmos_write(REG_B, 0x02);
    g_assert_cmphex(cmos_read(HOUR), ==, 0x00);
    g_assert_cmphex(cmos_read(MIN), ==, 0x30);
    g_assert_cmphex(cmos_read(MDAY), ==, 0x14);
    fx_cleanup(&f);
}

static bool uip_set(void *arg)
{
    return cmos_read(REG_A) & 0x80;
}

static bool uip_clear(void *arg)
{
    return !(cmos_read(REG_A) & 0x80);
}

static void test_update_in_progress(void)
{
    uint8_t sec;
    Fx f;

    fx_init(&f);
    g_assert_cmphex(cmos_read(REG_A), ==, 0x26);
    /* Generous real-time bounds: CI machines are loaded. */
    g_assert_true(run_until(uip_set, NULL, 5000));
    sec = cmos_read(SEC);
    g_assert_true(run_until(uip_clear, NULL, 2000));
    g_assert_cmphex(cmos_read(SEC), !=, sec);
    /* SET stops updates: no UIP. */
    cmos_write(REG_B, 0x82);
    g_assert_false(run_until(uip_set, NULL, 1100));
    fx_cleanup(&f);
}

static void test_periodic_interrupt(void)
{
    int64_t start, now;
    int seen = 0;
    Fx f;

    fx_init(&f);
    cmos_write(REG_A, 0x26);                /* 1024 Hz */
    cmos_write(REG_B, 0x42);                /* PIE */
    vm_clock_start();
    /*
     * Count 20 interrupts.  The deadline is generous because a loaded
     * host may not run this thread for a while; the rate check is that
     * 20 periods of 1/1024 s cannot pass in less than their time.
     */
    start = now = kemu_clock_get_ms(KEMU_CLOCK_REALTIME);
    while (seen < 20 && now < start + 10000) {
        main_loop_wait_once(1);
        if (f.irq.level) {
            g_assert_cmphex(cmos_read(REG_C) & 0xc0, ==, 0xc0);
            g_assert_cmpint(f.irq.level, ==, 0);
            seen++;
        }
        now = kemu_clock_get_ms(KEMU_CLOCK_REALTIME);
    }
    vm_clock_stop();
    g_assert_cmpint(seen, ==, 20);
    g_assert_cmpint((now - start + 2) * 1024, >=, (seen - 1) * 1000);
    /* Disabled: PF still shows in C, without an interrupt. */
    cmos_write(REG_B, 0x02);
    cmos_read(REG_C);
    f.irq.raises = 0;
    vm_clock_start();
    g_usleep(5000);
    vm_clock_stop();
    g_assert_cmphex(cmos_read(REG_C) & 0xc0, ==, 0x40);
    g_assert_cmphex(cmos_read(REG_C) & 0xc0, ==, 0x00);
    g_assert_cmpint(f.irq.raises, ==, 0);
    fx_cleanup(&f);
}

static void test_alarm_interrupt(void)
{
    static const uint8_t noon[10] = {
        [SEC] = 0x00, [MIN] = 0x00, [HOUR] = 0x12, [WDAY] = 1,
        [MDAY] = 0x01, [MON] = 0x01, [YEAR] = 0x23,
    };
    uint8_t c;
    Fx f;

    fx_init(&f);
    set_time_bcd(noon, 0x20);
    cmos_write(SEC_ALARM, 0x01);
    cmos_write(MIN_ALARM, 0xc0);            /* don't care */
    cmos_write(HOUR_ALARM, 0x12);
    cmos_write(REG_B, 0x22);                /* AIE */
    cmos_read(REG_C);
    vm_clock_start();
    devtest_wait_level(&f.irq.level, 2000);
    vm_clock_stop();
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(cmos_read(SEC), ==, 0x01);
    c = cmos_read(REG_C);
    g_assert_cmphex(c & 0xb0, ==, 0xb0);    /* IRQF, AF, UF */
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmphex(cmos_read(REG_C), ==, 0x00);

    /* UIE alone: the update-ended interrupt every second. */
    cmos_write(REG_B, 0x12);
    vm_clock_start();
    devtest_wait_level(&f.irq.level, 2000);
    vm_clock_stop();
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(cmos_read(REG_C) & 0xb0, ==, 0x90);   /* no AF */
    fx_cleanup(&f);
}

static void test_cmos_ram_and_nmi(void)
{
    MemTxResult r;
    Fx f;

    fx_init(&f);
    rtc_set_memory(f.dev, RTC_REG_MEM_16M_LO, 0x12);
    rtc_set_memory(f.dev, RTC_REG_MEM_16M_HI, 0x34);
    g_assert_cmphex(cmos_read(0x34), ==, 0x12);
    g_assert_false(rtc_nmi_masked(f.dev));
    address_space_stb(&address_space_io, 0x70, 0x80 | 0x35, &r);
    g_assert_true(rtc_nmi_masked(f.dev));
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x71, &r), ==, 0x34);
    cmos_write(0x7f, 0xa5);
    g_assert_cmphex(rtc_get_memory(f.dev, 0x7f), ==, 0xa5);
    g_assert_false(rtc_nmi_masked(f.dev));
    fx_cleanup(&f);
}

static void test_reset_and_bad_accesses(void)
{
    g_autofree char *log = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    cmos_write(REG_B, 0x72);
    cmos_write(0x40, 0x77);
    device_cold_reset(f.dev);
    g_assert_cmphex(cmos_read(REG_B), ==, 0x02);
    g_assert_cmphex(cmos_read(0x40), ==, 0x77);
    devtest_log_clear();
    cmos_write(REG_C, 0xff);
    cmos_write(REG_D, 0x00);
    g_assert_cmphex(cmos_read(REG_D), ==, 0x80);
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x70, &r), ==, 0xff);
    address_space_stw_le(&address_space_io, 0x70, 0x0000, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "read-only register C"));
    g_assert_nonnull(strstr(log, "read-only register D"));
    g_assert_nonnull(strstr(log, "write-only index port 0x70"));
    g_assert_nonnull(strstr(log, "invalid write of 2 bytes"));
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/mc146818/starts-at-host-time", test_starts_at_host_time);
    g_test_add_func("/mc146818/time-follows-virtual-clock",
                    test_time_follows_virtual_clock);
    g_test_add_func("/mc146818/formats", test_formats);
    g_test_add_func("/mc146818/update-in-progress", test_update_in_progress);
    g_test_add_func("/mc146818/periodic-interrupt", test_periodic_interrupt);
    g_test_add_func("/mc146818/alarm-interrupt", test_alarm_interrupt);
    g_test_add_func("/mc146818/cmos-ram-and-nmi", test_cmos_ram_and_nmi);
    g_test_add_func("/mc146818/reset-and-bad-accesses",
                    test_reset_and_bad_accesses);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
