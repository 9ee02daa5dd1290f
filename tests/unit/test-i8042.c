/*
 * i8042 through ports 0x60/0x64: self test, interface tests, command byte,
 * the keyboard commands Linux probes, IRQ1, key codes with and without
 * translation, keyboard disable, A20 and the reset pulse, the absent aux
 * device, reset, guest errors.
 */
#include "kemu/osdep.h"
#include "hw/input/i8042.h"
#include "system/runstate.h"
#include "devtest.h"

typedef struct Fx {
    DeviceState *dev;
    IrqProbe kbd, aux, a20;
} Fx;

static void fx_init(Fx *f)
{
    irq_probe_init(&f->kbd);
    irq_probe_init(&f->aux);
    irq_probe_init(&f->a20);
    f->dev = i8042_create(get_system_io(), f->kbd.irq, f->aux.irq);
    qdev_connect_gpio_out_named(f->dev, "a20", 0, f->a20.irq);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->dev);
    irq_probe_free(&f->kbd);
    irq_probe_free(&f->aux);
    irq_probe_free(&f->a20);
}

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

/* Read one byte the guest way: OBF must be set. */
static uint8_t read_data(void)
{
    g_assert_cmphex(in(0x64) & 0x01, ==, 0x01);
    return in(0x60);
}

static void assert_empty(void)
{
    g_assert_cmphex(in(0x64) & 0x01, ==, 0x00);
}

static void test_self_test_and_command_byte(void)
{
    Fx f;

    fx_init(&f);
    out(0x64, 0xaa);
    g_assert_cmphex(in(0x64) & 0x0c, ==, 0x0c);     /* SYS, command */
    g_assert_cmphex(read_data(), ==, 0x55);
    out(0x64, 0xab);
    g_assert_cmphex(read_data(), ==, 0x00);
    out(0x64, 0xa9);
    g_assert_cmphex(read_data(), ==, 0x00);
    out(0x64, 0x20);
    g_assert_cmphex(read_data(), ==, 0x45);
    out(0x64, 0x60);
    out(0x60, 0x47);
    g_assert_cmphex(in(0x64) & 0x08, ==, 0x00);     /* data write */
    out(0x64, 0x20);
    g_assert_cmphex(read_data(), ==, 0x47);
    assert_empty();
    fx_cleanup(&f);
}

static void test_keyboard_commands(void)
{
    Fx f;

    fx_init(&f);
    out(0x60, 0xff);
    g_assert_cmpint(f.kbd.level, ==, 1);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0xaa);
    g_assert_cmpint(f.kbd.level, ==, 0);
    g_assert_cmpint(f.kbd.raises, ==, 2);
    /* Get ID: the controller translates 0x83 to 0x41. */
    out(0x60, 0xf2);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0xab);
    g_assert_cmphex(read_data(), ==, 0x41);
    out(0x64, 0x60);
    out(0x60, 0x05);                    /* translation off */
    out(0x60, 0xf2);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0xab);
    g_assert_cmphex(read_data(), ==, 0x83);
    out(0x60, 0xed);
    out(0x60, 0x07);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0xfa);
    out(0x60, 0xf0);
    out(0x60, 0x00);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmphex(read_data(), ==, 0x02);
    out(0x60, 0xee);
    g_assert_cmphex(read_data(), ==, 0xee);
    assert_empty();
    fx_cleanup(&f);
}

static void test_keycodes(void)
{
    Fx f;

    fx_init(&f);
    kbd_put_keycode(f.dev, 0x1e);       /* A down */
    kbd_put_keycode(f.dev, 0x9e);       /* A up */
    kbd_put_keycode(f.dev, 0xe0);
    kbd_put_keycode(f.dev, 0xc8);       /* cursor up released */
    g_assert_cmphex(read_data(), ==, 0x1e);
    g_assert_cmphex(read_data(), ==, 0x9e);
    g_assert_cmphex(read_data(), ==, 0xe0);
    g_assert_cmphex(read_data(), ==, 0xc8);
    assert_empty();
    /* Without translation the guest sees set 2. */
    out(0x64, 0x60);
    out(0x60, 0x05);
    kbd_put_keycode(f.dev, 0x1e);
    kbd_put_keycode(f.dev, 0x9e);
    g_assert_cmphex(read_data(), ==, 0x1c);
    g_assert_cmphex(read_data(), ==, 0xf0);
    g_assert_cmphex(read_data(), ==, 0x1c);
    /* A disabled keyboard interface holds the keys back. */
    out(0x64, 0xad);
    kbd_put_keycode(f.dev, 0x1e);
    assert_empty();
    out(0x64, 0xae);
    g_assert_cmphex(read_data(), ==, 0x1c);
    /* Scanning disabled (0xf5): keys are dropped. */
    out(0x60, 0xf5);
    g_assert_cmphex(read_data(), ==, 0xfa);
    kbd_put_keycode(f.dev, 0x1e);
    assert_empty();
    /* Keyboard interrupt off: data without IRQ1. */
    out(0x60, 0xf4);
    out(0x64, 0x60);
    out(0x60, 0x04);
    f.kbd.raises = 0;
    g_assert_cmphex(read_data(), ==, 0xfa);
    g_assert_cmpint(f.kbd.raises, ==, 0);
    fx_cleanup(&f);
}

static int resets;

static void count_reset(void *opaque)
{
    resets++;
}

static void test_a20_and_reset(void)
{
    int status;
    Fx f;

    fx_init(&f);
    kemu_register_reset(count_reset, NULL);
    g_assert_cmpint(f.a20.level, ==, 0);            /* connected late */
    out(0x64, 0xd0);
    g_assert_cmphex(read_data() & 0x03, ==, 0x03);
    out(0x64, 0xd1);
    out(0x60, 0x01);                                /* A20 off */
    g_assert_cmpint(f.a20.level, ==, 0);
    out(0x64, 0xd1);
    out(0x60, 0x03);
    g_assert_cmpint(f.a20.level, ==, 1);
    out(0x64, 0xdd);
    g_assert_cmpint(f.a20.level, ==, 0);
    out(0x64, 0xdf);
    g_assert_cmpint(f.a20.level, ==, 1);
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 0);
    out(0x64, 0xfe);                                /* pulse reset */
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 1);
    out(0x64, 0xd1);
    out(0x60, 0x02);                                /* reset bit low */
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 2);
    out(0x64, 0xd0);
    g_assert_cmphex(read_data() & 0x03, ==, 0x03);  /* reset went back up */
    fx_cleanup(&f);
}

/* Linux's i8042_check_aux() and a psmouse probe must end quickly. */
static void test_aux_absent(void)
{
    Fx f;

    fx_init(&f);
    out(0x64, 0x60);
    out(0x60, 0x47);                    /* aux interrupt on */
    out(0x64, 0xd3);
    out(0x60, 0x5a);                    /* loopback */
    g_assert_cmphex(in(0x64) & 0x21, ==, 0x21);
    g_assert_cmpint(f.aux.level, ==, 1);
    g_assert_cmphex(in(0x60), ==, 0x5a);
    g_assert_cmpint(f.aux.level, ==, 0);
    out(0x64, 0xa7);
    out(0x64, 0x20);
    g_assert_cmphex(read_data() & 0x20, ==, 0x20);
    out(0x64, 0xa8);
    out(0x64, 0x20);
    g_assert_cmphex(read_data() & 0x20, ==, 0x00);
    out(0x64, 0xd4);
    out(0x60, 0xf2);                    /* get mouse ID: no acknowledge */
    g_assert_cmphex(in(0x64) & 0x21, ==, 0x21);
    g_assert_cmphex(in(0x60), ==, 0xfe);
    assert_empty();
    fx_cleanup(&f);
}

static void test_reset_and_bad_input(void)
{
    g_autofree char *log = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    out(0x64, 0x60);
    out(0x60, 0x00);
    out(0x60, 0xff);
    device_cold_reset(f.dev);
    assert_empty();
    out(0x64, 0x20);
    g_assert_cmphex(read_data(), ==, 0x45);
    devtest_log_clear();
    out(0x64, 0x99);
    out(0x60, 0x12);
    g_assert_cmphex(read_data(), ==, 0xfe);
    /* A word write splits: 0xff resets the keyboard, 0x61 is nothing. */
    address_space_stw_le(&address_space_io, 0x60, 0xffff, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    g_assert_cmphex(read_data(), ==, 0xfa);
    for (int i = 0; i < 70; i++) {
        kbd_put_keycode(f.dev, 0x1e);
    }
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "i8042: unknown command 0x99"));
    g_assert_nonnull(strstr(log, "i8042: unknown keyboard command 0x12"));
    g_assert_nonnull(strstr(log, "unassigned write of 1 bytes at 0x61"));
    g_assert_nonnull(strstr(log, "i8042: output queue full"));
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/i8042/self-test-and-command-byte",
                    test_self_test_and_command_byte);
    g_test_add_func("/i8042/keyboard-commands", test_keyboard_commands);
    g_test_add_func("/i8042/keycodes", test_keycodes);
    g_test_add_func("/i8042/a20-and-reset", test_a20_and_reset);
    g_test_add_func("/i8042/aux-absent", test_aux_absent);
    g_test_add_func("/i8042/reset-and-bad-input", test_reset_and_bad_input);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
