/*
 * 16550A UART: isa-serial through x86 port I/O and serial-mm through
 * memory, on ringbuf chardevs.  TX, RX, flow control, divisor latch, IIR
 * priorities, THRE on IER writes, loopback, trigger levels, the character
 * timeout on the virtual clock, COM defaults, endianness, guest errors.
 */
#include "kemu/osdep.h"
#include "hw/char/serial.h"
#include "devtest.h"

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define FCR IIR
#define THR RBR
#define DLL RBR
#define DLM IER

#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_ALL 0x0f
#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_CTI 0x0c
#define IIR_FIFO 0xc0
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_IDLE 0x60           /* THRE | TEMT */
#define MCR_LOOP 0x10

typedef struct Fx {
    DeviceState *dev;
    Chardev *chr;
    uint32_t port;
    IrqProbe irq;
    qemu_irq isa_irqs[16];
} Fx;

/* An isa-serial at a port of its own, interrupt on ISA IRQ 4. */
static void fx_init(Fx *f)
{
    static uint32_t next_port = 0x1000;
    DeviceState *dev = qdev_new(TYPE_ISA_SERIAL);
    g_autofree char *port = g_strdup_printf("%u", next_port);

    memset(f, 0, sizeof(*f));
    f->chr = devtest_ringbuf();
    f->port = next_port;
    next_port += 8;
    irq_probe_init(&f->irq);
    f->isa_irqs[4] = f->irq.irq;
    qdev_prop_set_string(dev, "index", "0");
    qdev_prop_set_string(dev, "iobase", port);
    qdev_prop_set_string(dev, "chardev", chardev_id(f->chr));
    g_assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev),
                                           &error_fatal));
    isa_serial_connect(dev, get_system_io(), f->isa_irqs);
    f->dev = dev;
    vm_clock_stop();            /* no character timeouts unless asked */
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->dev);
    irq_probe_free(&f->irq);
}

static uint8_t in(Fx *f, unsigned reg)
{
    MemTxResult r;
    uint8_t v = address_space_ldub(&address_space_io, f->port + reg, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static void out(Fx *f, unsigned reg, uint8_t val)
{
    MemTxResult r;

    address_space_stb(&address_space_io, f->port + reg, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

static void test_tx(void)
{
    g_autofree char *text = NULL;
    Fx f;

    fx_init(&f);
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    for (const char *p = "hi 16550"; *p; p++) {
        out(&f, THR, *p);
    }
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    text = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(text, ==, "hi 16550");
    fx_cleanup(&f);
}

static void test_rx_without_fifo(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 1);
    g_assert_cmpint(devtest_inject(f.chr, "ab"), ==, 1);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE | LSR_DR);
    g_assert_cmphex(in(&f, RBR), ==, 'a');
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    g_assert_cmpint(devtest_inject(f.chr, "b"), ==, 1);
    g_assert_cmphex(in(&f, RBR), ==, 'b');
    fx_cleanup(&f);
}

static void test_fifo_flow_control(void)
{
    Fx f;

    fx_init(&f);
    out(&f, FCR, 0x01);
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_NONE);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 16);
    g_assert_cmpint(devtest_inject(f.chr, "0123456789abcdefXYZ"), ==, 16);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    g_assert_cmphex(in(&f, RBR), ==, '0');
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 1);
    g_assert_cmpint(devtest_inject(f.chr, "X"), ==, 1);
    for (const char *p = "123456789abcdefX"; *p; p++) {
        g_assert_cmphex(in(&f, RBR), ==, *p);
    }
    g_assert_cmphex(in(&f, LSR) & LSR_DR, ==, 0);
    g_assert_cmphex(in(&f, LSR) & LSR_OE, ==, 0);
    /* RX FIFO reset empties it. */
    g_assert_cmpint(devtest_inject(f.chr, "abc"), ==, 3);
    out(&f, FCR, 0x03);
    g_assert_cmphex(in(&f, LSR) & LSR_DR, ==, 0);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 16);
    /* FIFOs off again: one holding register. */
    out(&f, FCR, 0x00);
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 1);
    fx_cleanup(&f);
}

static void test_divisor_latch(void)
{
    g_autofree char *text = NULL;
    Fx f;

    fx_init(&f);
    out(&f, IER, 0x05);
    out(&f, LCR, 0x83);
    /* Reset divisor: 12 (9600 baud). */
    g_assert_cmphex(in(&f, DLL), ==, 12);
    g_assert_cmphex(in(&f, DLM), ==, 0);
    out(&f, DLL, 0x34);
    out(&f, DLM, 0x12);
    g_assert_cmphex(in(&f, DLL), ==, 0x34);
    g_assert_cmphex(in(&f, DLM), ==, 0x12);
    text = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(text, ==, "");
    out(&f, LCR, 0x03);
    g_assert_cmphex(in(&f, LCR), ==, 0x03);
    g_assert_cmphex(in(&f, IER), ==, 0x05);
    out(&f, THR, 'k');
    g_free(text);
    text = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(text, ==, "k");
    out(&f, LCR, 0x80);
    g_assert_cmphex(in(&f, DLL), ==, 0x34);
    g_assert_cmphex(in(&f, DLM), ==, 0x12);
    fx_cleanup(&f);
}

static void test_iir_priority(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmpint(f.irq.level, ==, 0);
    out(&f, IER, IER_ALL);
    /* THR is empty: enabling its interrupt raises it. */
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(in(&f, IIR), ==, IIR_THRI);
    out(&f, IER, 0);
    out(&f, IER, IER_ALL);
    /* A character outranks THRE. */
    g_assert_cmpint(devtest_inject(f.chr, "a"), ==, 1);
    g_assert_cmphex(in(&f, IIR), ==, IIR_RDI);
    /* An overrun (a writer ignoring can_read) outranks data. */
    chardev_be_write(f.chr, (const uint8_t *)"b", 1);
    g_assert_cmphex(in(&f, IIR), ==, IIR_RLSI);
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE | LSR_DR | LSR_OE);
    g_assert_cmphex(in(&f, IIR), ==, IIR_RDI);
    g_assert_cmphex(in(&f, RBR), ==, 'b');
    g_assert_cmphex(in(&f, IIR), ==, IIR_THRI);
    /* Reading IIR acknowledged THRE; modem status is last. */
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    g_assert_cmpint(f.irq.level, ==, 0);
    out(&f, MCR, MCR_LOOP | 0x02);      /* DSR and DCD drop */
    g_assert_cmphex(in(&f, IIR), ==, IIR_MSI);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(in(&f, MSR), ==, 0x10 | 0x0a);
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    g_assert_cmpint(f.irq.level, ==, 0);
    /* Masked sources are not reported. */
    out(&f, IER, 0);
    g_assert_cmpint(devtest_inject(f.chr, "c"), ==, 0);   /* loopback */
    out(&f, THR, 'c');
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    out(&f, IER, IER_RDI);
    g_assert_cmphex(in(&f, IIR), ==, IIR_RDI);
    fx_cleanup(&f);
}

static void test_thre_on_ier_write(void)
{
    Fx f;

    fx_init(&f);
    out(&f, IER, IER_THRI);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(in(&f, IIR), ==, IIR_THRI);
    g_assert_cmpint(f.irq.level, ==, 0);
    /* Writing the same value again is no edge. */
    out(&f, IER, IER_THRI);
    g_assert_cmpint(f.irq.level, ==, 0);
    /* Off and on again re-arms it (Linux's start_tx and TXEN probe). */
    out(&f, IER, 0);
    out(&f, IER, IER_THRI);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(in(&f, IIR), ==, IIR_THRI);
    /* A write to THR: sent at once, so THRE comes straight back. */
    out(&f, THR, 'x');
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmpint(f.irq.raises, ==, 3);
    g_assert_cmphex(in(&f, IIR), ==, IIR_THRI);
    g_assert_cmpint(f.irq.level, ==, 0);
    fx_cleanup(&f);
}

static void test_loopback(void)
{
    g_autofree char *text = NULL;
    Fx f;

    fx_init(&f);
    out(&f, MCR, MCR_LOOP);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    out(&f, THR, 'z');
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE | LSR_DR);
    g_assert_cmphex(in(&f, RBR), ==, 'z');
    text = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(text, ==, "");
    /* Outputs RTS, DTR, OUT1, OUT2 come back as CTS, DSR, RI, DCD. */
    out(&f, MCR, MCR_LOOP);
    in(&f, MSR);
    g_assert_cmphex(in(&f, MSR), ==, 0x00);
    out(&f, MCR, MCR_LOOP | 0x0f);
    g_assert_cmphex(in(&f, MSR), ==, 0xf0 | 0x0b);
    out(&f, MCR, MCR_LOOP);
    g_assert_cmphex(in(&f, MSR), ==, 0x0f);     /* RI fell: TERI */
    /* Out of loopback: input flows again, the peer's lines are up. */
    out(&f, MCR, 0);
    g_assert_cmphex(in(&f, MSR) & 0xf0, ==, 0xb0);
    g_assert_cmpint(devtest_inject(f.chr, "y"), ==, 1);
    g_assert_cmphex(in(&f, RBR), ==, 'y');
    fx_cleanup(&f);
}

static void test_fifo_trigger_levels(void)
{
    static const int levels[] = { 1, 4, 8, 14 };
    char buf[16];
    Fx f;

    fx_init(&f);
    out(&f, IER, IER_RDI);
    for (int i = 0; i < 4; i++) {
        out(&f, FCR, 0x03 | (i << 6));
        memset(buf, 'a' + i, sizeof(buf));
        buf[levels[i] - 1] = 0;
        g_assert_cmpint(devtest_inject(f.chr, buf), ==, levels[i] - 1);
        g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_NONE);
        g_assert_cmpint(f.irq.level, ==, 0);
        g_assert_cmpint(devtest_inject(f.chr, "!"), ==, 1);
        g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_RDI);
        g_assert_cmpint(f.irq.level, ==, 1);
        /* Below the level again: the interrupt goes away. */
        in(&f, RBR);
        g_assert_cmpint(f.irq.level, ==, 0);
    }
    fx_cleanup(&f);
}

static void test_char_timeout(void)
{
    int64_t start;
    Fx f;

    fx_init(&f);
    out(&f, LCR, 0x83);
    out(&f, DLL, 115);                  /* ~1000 baud */
    out(&f, LCR, 0x03);                 /* 8N1: 10 bits, ~10 ms a char */
    out(&f, FCR, 0xc1);                 /* trigger at 14 */
    out(&f, IER, IER_RDI);
    g_assert_cmpint(devtest_inject(f.chr, "12"), ==, 2);
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_NONE);

    /* The virtual clock is stopped: no timeout, however long we wait. */
    for (int i = 0; i < 20; i++) {
        main_loop_wait_once(1);
    }
    g_assert_cmpint(f.irq.level, ==, 0);

    start = kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
    vm_clock_start();
    devtest_wait_level(&f.irq.level, 2000);
    g_assert_cmpint(f.irq.level, ==, 1);
    /* Four characters of 10 * 115 / 115200 s each. */
    g_assert_cmpint(kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) - start, >=,
                    4 * 9982638);
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_CTI);
    /* Reading RBR clears it and starts a new wait for the rest. */
    g_assert_cmphex(in(&f, RBR), ==, '1');
    g_assert_cmpint(f.irq.level, ==, 0);
    devtest_wait_level(&f.irq.level, 2000);
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_CTI);
    g_assert_cmphex(in(&f, RBR), ==, '2');
    /* Empty FIFO: nothing more to time out. */
    for (int i = 0; i < 20; i++) {
        main_loop_wait_once(1);
    }
    g_assert_cmpint(f.irq.level, ==, 0);
    vm_clock_stop();
    fx_cleanup(&f);
}

static void test_break(void)
{
    Fx f;

    fx_init(&f);
    out(&f, FCR, 0x01);
    out(&f, IER, 0x04);                 /* line status only */
    g_assert_cmpint(devtest_inject(f.chr, "q"), ==, 1);
    chardev_be_event(f.chr, CHR_EVENT_BREAK);
    /* The break is second in the FIFO: LSR bit 7 flags it, BI waits. */
    g_assert_cmphex(in(&f, LSR), ==, 0x80 | LSR_IDLE | LSR_DR);
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_NONE);
    g_assert_cmphex(in(&f, RBR), ==, 'q');
    g_assert_cmphex(in(&f, IIR), ==, IIR_FIFO | IIR_RLSI);
    g_assert_cmphex(in(&f, LSR), ==, 0x80 | LSR_IDLE | LSR_BI | LSR_DR);
    g_assert_cmphex(in(&f, RBR), ==, 0);
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    fx_cleanup(&f);
}

static void test_com_defaults_and_errors(void)
{
    qemu_irq irqs[16] = { 0 };
    IrqProbe com2_irq;
    DeviceState *com2, *dev;
    MemTxResult r;
    Chardev *chr = devtest_ringbuf();
    Error *err = NULL;

    irq_probe_init(&com2_irq);
    irqs[3] = com2_irq.irq;
    com2 = isa_serial_create(1, chr, get_system_io(), irqs);
    address_space_stb(&address_space_io, 0x2f8 + SCR, 0x5a, NULL);
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x2f8 + SCR, NULL),
                    ==, 0x5a);
    address_space_stb(&address_space_io, 0x2f8 + IER, IER_THRI, NULL);
    g_assert_cmpint(com2_irq.level, ==, 1);

    dev = qdev_new(TYPE_ISA_SERIAL);
    qdev_prop_set_string(dev, "index", "4");
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "index 4 out of range"));
    error_free(err);
    err = NULL;
    qdev_prop_set_string(dev, "index", "0");
    qdev_prop_set_string(dev, "irq", "16");
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "irq 16"));
    error_free(err);
    object_unref(dev);
    devtest_destroy(com2);
    irq_probe_free(&com2_irq);
    /* Unrealizing unmapped the ports. */
    address_space_ldub(&address_space_io, 0x2f8 + SCR, &r);
    g_assert_cmpint(r, ==, MEMTX_DECODE_ERROR);
}

static void test_bad_accesses_logged(void)
{
    g_autofree char *log1 = NULL, *log2 = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    devtest_log_clear();
    out(&f, LSR, 0xff);
    out(&f, MSR, 0xff);
    log1 = devtest_log_take();
    g_assert_nonnull(strstr(log1, "read-only register LSR"));
    g_assert_nonnull(strstr(log1, "read-only register MSR"));
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    /* Ports are bytes: a 16-bit access is refused, and logged. */
    address_space_lduw_le(&address_space_io, f.port, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    log2 = devtest_log_take();
    g_assert_nonnull(strstr(log2, "invalid read of 2 bytes"));
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    fx_cleanup(&f);
}

static void test_reset(void)
{
    Fx f;

    fx_init(&f);
    out(&f, LCR, 0x83);
    out(&f, DLL, 3);
    out(&f, LCR, 0x03);
    out(&f, FCR, 0x01);
    out(&f, IER, IER_ALL);
    out(&f, SCR, 0x77);
    devtest_inject(f.chr, "abc");
    g_assert_cmpint(f.irq.level, ==, 1);
    device_cold_reset(f.dev);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmphex(in(&f, IIR), ==, IIR_NONE);
    g_assert_cmphex(in(&f, IER), ==, 0);
    g_assert_cmphex(in(&f, LCR), ==, 0);
    g_assert_cmphex(in(&f, LSR), ==, LSR_IDLE);
    g_assert_cmphex(in(&f, SCR), ==, 0);
    out(&f, LCR, 0x80);
    g_assert_cmphex(in(&f, DLL), ==, 12);
    fx_cleanup(&f);
}

static void test_serial_mm(void)
{
    g_autofree char *be_out = NULL, *le_out = NULL;
    AddressSpace *as = &address_space_memory;
    Chardev *be_chr = devtest_ringbuf(), *le_chr = devtest_ringbuf();
    DeviceState *be_dev, *le_dev;
    IrqProbe irq;
    hwaddr be = 0x1f000900, le = 0x1f000a00;

    irq_probe_init(&irq);
    be_dev = serial_mm_create(be, 2, irq.irq, 115200, be_chr,
                              DEVICE_BIG_ENDIAN);
    address_space_stl_be(as, be + (SCR << 2), 0xa5, NULL);
    g_assert_cmphex(address_space_ldl_be(as, be + (SCR << 2), NULL), ==, 0xa5);
    /* The register is the low-order byte: the last one, big-endian. */
    g_assert_cmphex(address_space_ldub(as, be + (SCR << 2) + 3, NULL), ==,
                    0xa5);
    address_space_stl_be(as, be + (THR << 2), 'M', NULL);
    be_out = devtest_ringbuf_take(be_chr);
    g_assert_cmpstr(be_out, ==, "M");
    address_space_stl_be(as, be + (IER << 2), IER_THRI, NULL);
    g_assert_cmpint(irq.level, ==, 1);
    g_assert_cmphex(address_space_ldl_be(as, be + (LSR << 2), NULL), ==,
                    LSR_IDLE);

    le_dev = serial_mm_create(le, 0, NULL, 115200, le_chr,
                              DEVICE_LITTLE_ENDIAN);
    address_space_stb(as, le + THR, 'm', NULL);
    le_out = devtest_ringbuf_take(le_chr);
    g_assert_cmpstr(le_out, ==, "m");
    g_assert_cmpint(devtest_inject(le_chr, "r"), ==, 1);
    g_assert_cmphex(address_space_ldub(as, le + LSR, NULL), ==,
                    LSR_IDLE | LSR_DR);
    g_assert_cmphex(address_space_ldub(as, le + RBR, NULL), ==, 'r');
    devtest_destroy(be_dev);
    devtest_destroy(le_dev);
    irq_probe_free(&irq);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/serial/tx", test_tx);
    g_test_add_func("/serial/rx-without-fifo", test_rx_without_fifo);
    g_test_add_func("/serial/fifo-flow-control", test_fifo_flow_control);
    g_test_add_func("/serial/divisor-latch", test_divisor_latch);
    g_test_add_func("/serial/iir-priority", test_iir_priority);
    g_test_add_func("/serial/thre-on-ier-write", test_thre_on_ier_write);
    g_test_add_func("/serial/loopback", test_loopback);
    g_test_add_func("/serial/fifo-trigger-levels", test_fifo_trigger_levels);
    g_test_add_func("/serial/char-timeout", test_char_timeout);
    g_test_add_func("/serial/break", test_break);
    g_test_add_func("/serial/com-defaults-and-errors",
                    test_com_defaults_and_errors);
    g_test_add_func("/serial/bad-accesses-logged", test_bad_accesses_logged);
    g_test_add_func("/serial/reset", test_reset);
    g_test_add_func("/serial/serial-mm", test_serial_mm);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
