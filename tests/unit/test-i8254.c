/*
 * 8254 PIT through x86 port I/O: mode 2 periodic IRQ0 over virtual time,
 * counts derived from the virtual clock, latch and read-back commands,
 * access modes, BCD, one-shot and strobe modes, mode 3, counter 2's gate
 * and output through port 0x61, guest errors; the catch-up policy
 * (lost-tick-policy=delay) on a virtual clock the tests step themselves.
 */
#include "kemu/osdep.h"
#include "hw/timer/i8254.h"
#include "devtest.h"

typedef struct Fx {
    DeviceState *dev;
    IrqProbe irq0;
} Fx;

static void out(uint16_t port, uint8_t val)
{
    MemTxResult r;

    address_space_stb(&address_space_io, port, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

static uint8_t in(uint16_t port)
{
    MemTxResult r;
    uint8_t v = address_space_ldub(&address_space_io, port, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static void fx_init(Fx *f)
{
    vm_clock_stop();
    irq_probe_init(&f->irq0);
    f->dev = i8254_create(get_system_io(), f->irq0.irq);
}

static void fx_cleanup(Fx *f)
{
    vm_clock_stop();
    devtest_destroy(f->dev);
    irq_probe_free(&f->irq0);
}

static void fx_init_delay(Fx *f)
{
    vm_clock_stop();
    irq_probe_init(&f->irq0);
    f->dev = i8254_create_policy(get_system_io(), f->irq0.irq,
                                 PIT_LOST_TICK_DELAY);
}

static void pulse_input(Fx *f, const char *name)
{
    qemu_irq_pulse(qdev_get_gpio_in_named(f->dev, name, 0));
}

static int64_t vnow(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

static uint64_t clocks_between(int64_t from, int64_t to)
{
    return (unsigned __int128)(to - from) * PIT_FREQ / NANOSECONDS_PER_SECOND;
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

static void program(int ch, int mode, uint16_t count)
{
    out(0x43, ch << 6 | 0x30 | mode << 1);
    out(0x40 + ch, count & 0xff);
    out(0x40 + ch, count >> 8);
}

static uint16_t latch_read(int ch)
{
    uint16_t v;

    out(0x43, ch << 6);
    v = in(0x40 + ch);
    return v | in(0x40 + ch) << 8;
}

static void test_mode2_periodic_irq0(void)
{
    const uint16_t count = 1193;        /* ~1 kHz, Linux's HZ=1000 LATCH */
    uint64_t expected;
    int64_t t0;
    Fx f;

    fx_init(&f);
    program(0, 2, count);
    t0 = vnow();
    g_assert_cmpint(f.irq0.level, ==, 1);     /* high until count 1 */
    f.irq0.raises = 0;
    run_virtual_ms(150);
    expected = clocks_between(t0, vnow()) / count;
    g_assert_cmpuint(expected, >=, 50);
    /* One rising edge per period, at most the last one still unhandled. */
    g_assert_cmpint(f.irq0.raises, <=, expected);
    g_assert_cmpint(f.irq0.raises, >=, expected - 1);
    /* A stopped virtual clock stops the interrupts. */
    f.irq0.raises = 0;
    for (int i = 0; i < 20; i++) {
        main_loop_wait_once(2);
    }
    g_assert_cmpint(f.irq0.raises, <=, 1);
    fx_cleanup(&f);
}

/* CATCH_COUNT clocks per period: Linux's HZ=1000 LATCH, about 1 ms. */
#define CATCH_COUNT 1193

/* Program counter 0 for catch-up tests; the periods count from now. */
static int64_t catch_program(Fx *f, int mode)
{
    program(0, mode, CATCH_COUNT);
    f->irq0.raises = 0;
    return vnow();
}

/*
 * Move the stopped virtual clock to the middle of period n after t0 in
 * one step: as a main loop that ran that late, the PIT then sees every
 * period end since the last step together.
 */
static void late_until(int64_t t0, int n)
{
    int64_t target = t0 + ((int64_t)n * CATCH_COUNT + CATCH_COUNT / 2) *
                     NANOSECONDS_PER_SECOND / PIT_FREQ;

    vm_clock_advance(target - vnow());
}

/* Each acknowledgment delivers one missed period, then none. */
static void ack_until_caught_up(Fx *f, int missed)
{
    int raises = f->irq0.raises;

    for (int i = 1; i <= missed; i++) {
        pulse_input(f, "ack");
        g_assert_cmpint(f->irq0.raises, ==, raises + i);
        g_assert_cmpint(f->irq0.level, ==, 1);
    }
    pulse_input(f, "ack");
    pulse_input(f, "ack");
    g_assert_cmpint(f->irq0.raises, ==, raises + missed);
}

static void test_catch_up_delivers_missed(void)
{
    int64_t t0;
    Fx f;

    fx_init_delay(&f);
    t0 = catch_program(&f, 2);
    late_until(t0, 10);
    /* One edge for ten periods; the other nine wait for its ack. */
    g_assert_cmpint(f.irq0.raises, ==, 1);
    ack_until_caught_up(&f, 9);
    /* In step again: one edge per period, on time. */
    late_until(t0, 11);
    g_assert_cmpint(f.irq0.raises, ==, 11);
    pulse_input(&f, "ack");
    late_until(t0, 12);
    g_assert_cmpint(f.irq0.raises, ==, 12);
    /* Mode 3 catches up the same way. */
    t0 = catch_program(&f, 3);
    late_until(t0, 4);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    ack_until_caught_up(&f, 3);
    fx_cleanup(&f);
}

static void test_catch_up_bounded(void)
{
    int64_t t0;
    Fx f;

    fx_init_delay(&f);
    t0 = catch_program(&f, 2);
    /*
     * The first edge, PIT_MAX_MISSED periods held back, then one more:
     * the ack is overdue, that edge counts as lost and a fresh one goes
     * out; five more periods wait for it.
     */
    late_until(t0, 1 + PIT_MAX_MISSED + 1 + 5);
    g_assert_cmpint(f.irq0.raises, ==, 2);
    ack_until_caught_up(&f, 5);
    fx_cleanup(&f);
}

static void test_catch_up_resyncs(void)
{
    int64_t t0;
    Fx f;

    fx_init_delay(&f);
    t0 = catch_program(&f, 2);
    late_until(t0, 6);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    /* An unmask drops what was missed while masked. */
    pulse_input(&f, "unmask");
    pulse_input(&f, "ack");
    g_assert_cmpint(f.irq0.raises, ==, 1);
    late_until(t0, 7);
    g_assert_cmpint(f.irq0.raises, ==, 2);
    /* Reprogramming drops them too. */
    late_until(t0, 12);
    g_assert_cmpint(f.irq0.raises, ==, 2);
    t0 = catch_program(&f, 2);
    pulse_input(&f, "ack");
    g_assert_cmpint(f.irq0.raises, ==, 0);
    late_until(t0, 1);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    /* One-shot mode 0 does not catch up: its edges need no ack. */
    t0 = catch_program(&f, 0);
    late_until(t0, 1);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    t0 = catch_program(&f, 0);
    late_until(t0, 1);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    fx_cleanup(&f);
}

static void test_discard_policy_ignores_acks(void)
{
    int64_t t0;
    Fx f;

    fx_init(&f);
    t0 = catch_program(&f, 2);
    /* Every period end reaches the line at once; acks change nothing. */
    late_until(t0, 10);
    g_assert_cmpint(f.irq0.raises, ==, 10);
    pulse_input(&f, "ack");
    g_assert_cmpint(f.irq0.raises, ==, 10);
    fx_cleanup(&f);
}

static void test_count_follows_virtual_clock(void)
{
    int64_t t0;
    uint64_t d;
    Fx f;

    fx_init(&f);
    program(1, 0, 0xffff);
    t0 = vnow();
    g_assert_cmphex(latch_read(1), ==, 0xffff);
    g_usleep(20 * 1000);
    g_assert_cmphex(latch_read(1), ==, 0xffff);     /* clock stopped */
    run_virtual_ms(10);
    d = clocks_between(t0, vnow());
    g_assert_cmpuint(d, >, 1000);
    g_assert_cmphex(latch_read(1), ==, 0xffff - d);
    /* Unlatched lohi reads: LSB then MSB of the live count. */
    g_assert_cmphex(in(0x41) | in(0x41) << 8, ==, 0xffff - d);
    fx_cleanup(&f);
}

static void test_latch_and_readback(void)
{
    int64_t t0;
    Fx f;

    fx_init(&f);
    out(0x43, 0x74);                    /* counter 1, lohi, mode 2 */
    out(0x43, 0xe4);                    /* read-back status of counter 1 */
    g_assert_cmphex(in(0x41), ==, 0xf4);    /* out high, null count */
    out(0x41, 0x00);
    out(0x41, 0x10);
    t0 = vnow();
    out(0x43, 0x40);                    /* latch counter 1 */
    run_virtual_ms(5);
    out(0x43, 0x40);                    /* ignored: already latched */
    g_assert_cmphex(in(0x41), ==, 0x00);
    g_assert_cmphex(in(0x41), ==, 0x10);
    /* Read-back latching count and status: status comes first. */
    out(0x43, 0xc4);
    g_assert_cmphex(in(0x41), ==, 0xb4);    /* out high, count valid */
    g_assert_cmphex(in(0x41) | in(0x41) << 8, ==,
                    0x1000 - clocks_between(t0, vnow()) % 0x1000);
    fx_cleanup(&f);
}

static uint16_t bcd(unsigned v)
{
    return v % 10 | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000) << 12;
}

static void test_access_modes_and_bcd(void)
{
    int64_t t0;
    uint64_t d;
    Fx f;

    fx_init(&f);
    out(0x43, 0x50);                    /* counter 1, LSB only, mode 0 */
    out(0x41, 0x42);
    g_assert_cmphex(in(0x41), ==, 0x42);
    g_assert_cmphex(in(0x41), ==, 0x42);
    out(0x43, 0x60);                    /* MSB only */
    out(0x41, 0x12);
    g_assert_cmphex(in(0x41), ==, 0x12);
    out(0x43, 0x70);
    g_assert_cmphex(latch_read(1), ==, 0x1200);
    /* BCD: 1234 decimal counts down in decimal. */
    out(0x43, 0x71);
    out(0x41, 0x34);
    out(0x41, 0x12);
    t0 = vnow();
    g_assert_cmphex(latch_read(1), ==, 0x1234);
    run_virtual_ms(3);
    d = clocks_between(t0, vnow()) % 10000;
    g_assert_cmphex(latch_read(1), ==, bcd((1234 + 10000 - d) % 10000));
    /* Zero is the largest count: 10000 in BCD, wrapping to 9999. */
    out(0x43, 0x71);
    out(0x41, 0);
    out(0x41, 0);
    g_assert_cmphex(latch_read(1), ==, 0x0000);
    fx_cleanup(&f);
}

static void test_one_shot_and_strobe(void)
{
    Fx f;

    fx_init(&f);
    out(0x43, 0x30);                    /* mode 0: output low at once */
    g_assert_cmpint(f.irq0.level, ==, 0);
    out(0x40, 0xa9);
    out(0x40, 0x04);                    /* 1193 clocks */
    vm_clock_start();
    devtest_wait_level(&f.irq0.level, 1000);
    g_assert_cmpint(f.irq0.level, ==, 1);
    run_virtual_ms(20);
    g_assert_cmpint(f.irq0.raises, ==, 1);
    g_assert_cmpint(f.irq0.level, ==, 1);

    /* Mode 4: high, one low clock at terminal count, then high. */
    program(0, 4, 1193);
    g_assert_cmpint(f.irq0.level, ==, 1);
    run_virtual_ms(30);
    g_assert_cmpint(f.irq0.raises, ==, 2);
    g_assert_cmpint(f.irq0.level, ==, 1);
    fx_cleanup(&f);
}

static void test_mode3_square_wave(void)
{
    const uint16_t count = 2387;        /* ~2 ms, odd */
    uint64_t periods;
    int64_t t0;
    Fx f;

    fx_init(&f);
    program(0, 3, count);
    t0 = vnow();
    run_virtual_ms(100);
    periods = clocks_between(t0, vnow()) / count;
    g_assert_cmpint(f.irq0.raises, <=, periods + 1);
    g_assert_cmpint(f.irq0.raises, >=, periods - 1);
    fx_cleanup(&f);
}

/* Linux's PIT calibration: counter 2, mode 0, polled through port 0x61. */
static void test_counter2_gate_port61(void)
{
    int64_t end;
    Fx f;

    fx_init(&f);
    out(0x61, 0x00);                    /* gate low */
    program(2, 0, 1193);
    run_virtual_ms(5);
    g_assert_cmphex(in(0x61) & 0x21, ==, 0x00);
    g_assert_cmphex(latch_read(2), ==, 1193);   /* gate low: no counting */
    out(0x61, (in(0x61) & ~0x02) | 0x01);
    g_assert_cmphex(in(0x61) & 0x23, ==, 0x01);
    vm_clock_start();
    end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 1000;
    while (!(in(0x61) & 0x20) && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        g_usleep(100);
    }
    vm_clock_stop();
    g_assert_cmphex(in(0x61) & 0x20, ==, 0x20);
    /* Counter 2 never drives IRQ0. */
    g_assert_cmpint(f.irq0.raises, ==, 0);
    fx_cleanup(&f);
}

static void test_bad_accesses_logged(void)
{
    g_autofree char *log = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    devtest_log_clear();
    g_assert_cmphex(in(0x43), ==, 0xff);
    address_space_stw_le(&address_space_io, 0x40, 0x1234, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    out(0x43, 0x31);
    out(0x40, 0xab);                    /* not BCD */
    out(0x40, 0x00);
    program(1, 2, 1);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "i8254: read of the write-only control"));
    g_assert_nonnull(strstr(log, "invalid write of 2 bytes"));
    g_assert_nonnull(strstr(log, "i8254: count 0x00ab is not BCD"));
    g_assert_nonnull(strstr(log, "i8254: count 1 is not valid in mode 2"));
    fx_cleanup(&f);
}

static void test_reset_idles(void)
{
    Fx f;

    fx_init(&f);
    program(0, 2, 100);
    g_assert_cmpint(f.irq0.level, ==, 1);
    device_cold_reset(f.dev);
    g_assert_cmpint(f.irq0.level, ==, 0);
    f.irq0.raises = 0;
    run_virtual_ms(10);
    g_assert_cmpint(f.irq0.raises, ==, 0);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/i8254/mode2-periodic-irq0", test_mode2_periodic_irq0);
    g_test_add_func("/i8254/count-follows-virtual-clock",
                    test_count_follows_virtual_clock);
    g_test_add_func("/i8254/latch-and-readback", test_latch_and_readback);
    g_test_add_func("/i8254/access-modes-and-bcd", test_access_modes_and_bcd);
    g_test_add_func("/i8254/one-shot-and-strobe", test_one_shot_and_strobe);
    g_test_add_func("/i8254/mode3-square-wave", test_mode3_square_wave);
    g_test_add_func("/i8254/counter2-gate-port61",
                    test_counter2_gate_port61);
    g_test_add_func("/i8254/bad-accesses-logged", test_bad_accesses_logged);
    g_test_add_func("/i8254/reset-idles", test_reset_idles);
    g_test_add_func("/i8254/catch-up-delivers-missed",
                    test_catch_up_delivers_missed);
    g_test_add_func("/i8254/catch-up-bounded", test_catch_up_bounded);
    g_test_add_func("/i8254/catch-up-resyncs", test_catch_up_resyncs);
    g_test_add_func("/i8254/discard-policy-ignores-acks",
                    test_discard_policy_ignores_acks);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
