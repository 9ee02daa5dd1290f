/*
 * PL011 UART through the memory API and a ringbuf chardev: ID registers,
 * TX, RX order and flags, FIFO flow control, interrupts, loopback, break,
 * overrun, bad accesses and reset.
 */
#include "kemu/osdep.h"
#include "hw/char/pl011.h"
#include "devtest.h"

#define DR 0x00
#define RSR 0x04
#define FR 0x18
#define IBRD 0x24
#define LCR_H 0x2c
#define CR 0x30
#define IFLS 0x34
#define IMSC 0x38
#define RIS 0x3c
#define MIS 0x40
#define ICR 0x44
#define DMACR 0x48

#define FR_CTS 0x01
#define FR_RXFE 0x10
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define FR_BUSY 0x08
#define LCR_FEN 0x10
#define CR_ENABLE 0x301         /* UARTEN | TXE | RXE */
#define CR_LBE 0x80
#define CR_RTS 0x800
#define INT_CTS 0x02
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40
#define INT_BE 0x200
#define INT_OE 0x400

typedef struct Fx {
    DeviceState *dev;
    Chardev *chr;
    hwaddr base;
    IrqProbe irq;
} Fx;

static void fx_init(Fx *f)
{
    static hwaddr next = 0x9000000;

    f->base = next;
    next += PL011_MMIO_SIZE;
    f->chr = devtest_ringbuf();
    irq_probe_init(&f->irq);
    f->dev = pl011_create(f->base, f->irq.irq, f->chr);
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

/* Enabled, FIFOs on, trigger levels as reset left them (1/2). */
static void fx_init_enabled(Fx *f)
{
    fx_init(f);
    wr(f, LCR_H, LCR_FEN | 0x60);
    wr(f, CR, CR_ENABLE);
}

static void test_id_registers(void)
{
    static const uint8_t id[8] = { 0x11, 0x10, 0x14, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1 };
    Fx f;

    fx_init(&f);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(rd(&f, 0xfe0 + 4 * i), ==, id[i]);
    }
    /* Byte reads, as some firmware does. */
    g_assert_cmphex(address_space_ldub(&address_space_memory,
                                       f.base + 0xff0, NULL), ==, 0x0d);
    fx_cleanup(&f);
}

static void test_tx(void)
{
    g_autofree char *out = NULL;
    g_autofree char *log = NULL;
    Fx f;

    fx_init_enabled(&f);
    for (const char *p = "Hello"; *p; p++) {
        wr(&f, DR, *p);
    }
    /* Earlycon writes single bytes. */
    address_space_stb(&address_space_memory, f.base + DR, '!', NULL);
    out = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(out, ==, "Hello!");
    g_assert_cmphex(rd(&f, FR) & (FR_TXFE | FR_BUSY), ==, FR_TXFE);
    log = devtest_log_take();
    g_assert_cmpstr(log, ==, "");
    fx_cleanup(&f);
}

static void test_tx_while_disabled_is_logged(void)
{
    g_autofree char *out = NULL;
    g_autofree char *log = NULL;
    Fx f;

    fx_init(&f);
    devtest_log_clear();
    wr(&f, DR, 'x');
    out = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(out, ==, "x");
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "disabled UART"));
    fx_cleanup(&f);
}

static void test_rx_order_and_flags(void)
{
    Fx f;

    fx_init_enabled(&f);
    g_assert_cmphex(rd(&f, FR) & (FR_RXFE | FR_RXFF), ==, FR_RXFE);
    g_assert_cmpint(devtest_inject(f.chr, "abc"), ==, 3);
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, 0);
    g_assert_cmphex(rd(&f, DR), ==, 'a');
    g_assert_cmphex(rd(&f, DR), ==, 'b');
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, 0);
    g_assert_cmphex(rd(&f, DR), ==, 'c');
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, FR_RXFE);
    g_assert_cmphex(rd(&f, RSR), ==, 0);
    fx_cleanup(&f);
}

static void test_rx_flow_control(void)
{
    char buf[17];
    Fx f;

    fx_init(&f);
    /* Reset leaves the UART disabled: no input taken. */
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    wr(&f, CR, CR_ENABLE);
    /* Without FEN the FIFO is one character deep. */
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 1);
    g_assert_cmpint(devtest_inject(f.chr, "xy"), ==, 1);
    g_assert_cmphex(rd(&f, FR) & FR_RXFF, ==, FR_RXFF);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    g_assert_cmphex(rd(&f, DR), ==, 'x');

    wr(&f, LCR_H, LCR_FEN);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 16);
    memset(buf, 'a', 16);
    buf[15] = 'z';
    buf[16] = 0;
    g_assert_cmpint(devtest_inject(f.chr, buf), ==, 16);
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 0);
    g_assert_cmpint(devtest_inject(f.chr, "q"), ==, 0);
    g_assert_cmphex(rd(&f, FR) & FR_RXFF, ==, FR_RXFF);
    g_assert_cmphex(rd(&f, DR), ==, 'a');
    g_assert_cmpint(chardev_be_can_read(f.chr), ==, 1);
    g_assert_cmpint(devtest_inject(f.chr, "q"), ==, 1);
    for (int i = 1; i < 15; i++) {
        g_assert_cmphex(rd(&f, DR), ==, 'a');
    }
    g_assert_cmphex(rd(&f, DR), ==, 'z');
    g_assert_cmphex(rd(&f, DR), ==, 'q');
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, FR_RXFE);
    g_assert_cmphex(rd(&f, RIS) & INT_OE, ==, 0);

    /* Toggling FEN flushes the FIFO. */
    g_assert_cmpint(devtest_inject(f.chr, "abc"), ==, 3);
    wr(&f, LCR_H, 0);
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, FR_RXFE);
    fx_cleanup(&f);
}

static void test_rx_interrupt_levels(void)
{
    Fx f;

    fx_init_enabled(&f);
    wr(&f, IMSC, INT_RX);
    g_assert_cmpint(devtest_inject(f.chr, "1234567"), ==, 7);
    /* Trigger at 1/2 of 16: seven characters are not enough. */
    g_assert_cmphex(rd(&f, RIS) & INT_RX, ==, 0);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmpint(devtest_inject(f.chr, "8"), ==, 1);
    g_assert_cmphex(rd(&f, MIS), ==, INT_RX);
    g_assert_cmpint(f.irq.level, ==, 1);
    rd(&f, DR);
    g_assert_cmpint(f.irq.level, ==, 0);

    /* 1/8 full: two characters. */
    wr(&f, IFLS, 0x00);
    g_assert_cmpint(f.irq.level, ==, 1);
    while (!(rd(&f, FR) & FR_RXFE)) {
        rd(&f, DR);
    }
    g_assert_cmpint(f.irq.level, ==, 0);

    /* The receive timeout fires for fewer characters than the level. */
    wr(&f, IFLS, 0x12);
    wr(&f, IMSC, INT_RT);
    g_assert_cmpint(devtest_inject(f.chr, "k"), ==, 1);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(rd(&f, MIS), ==, INT_RT);
    rd(&f, DR);
    g_assert_cmpint(f.irq.level, ==, 0);
    /* ICR clears it too. */
    g_assert_cmpint(devtest_inject(f.chr, "k"), ==, 1);
    g_assert_cmpint(f.irq.level, ==, 1);
    wr(&f, ICR, INT_RT);
    g_assert_cmpint(f.irq.level, ==, 0);
    fx_cleanup(&f);
}

static void test_tx_interrupt_mask_and_clear(void)
{
    Fx f;

    fx_init_enabled(&f);
    g_assert_cmphex(rd(&f, RIS), ==, 0);
    wr(&f, DR, 'a');
    /* Raw status is set, but masked: the line stays low. */
    g_assert_cmphex(rd(&f, RIS) & INT_TX, ==, INT_TX);
    g_assert_cmphex(rd(&f, MIS), ==, 0);
    g_assert_cmpint(f.irq.level, ==, 0);
    wr(&f, IMSC, INT_TX);
    g_assert_cmpint(f.irq.level, ==, 1);
    g_assert_cmphex(rd(&f, MIS), ==, INT_TX);
    wr(&f, ICR, INT_TX);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmphex(rd(&f, RIS) & INT_TX, ==, 0);
    wr(&f, DR, 'b');
    g_assert_cmpint(f.irq.level, ==, 1);
    wr(&f, IMSC, 0);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmpint(f.irq.raises, ==, 2);
    fx_cleanup(&f);
}

static void test_loopback(void)
{
    g_autofree char *out = NULL;
    Fx f;

    fx_init_enabled(&f);
    wr(&f, CR, CR_ENABLE | CR_LBE);
    wr(&f, DR, 'e');
    g_assert_cmphex(rd(&f, DR), ==, 'e');
    out = devtest_ringbuf_take(f.chr);
    g_assert_cmpstr(out, ==, "");
    /* Modem outputs come back as inputs, with a change interrupt. */
    g_assert_cmphex(rd(&f, FR) & FR_CTS, ==, 0);
    wr(&f, CR, CR_ENABLE | CR_LBE | CR_RTS);
    g_assert_cmphex(rd(&f, FR) & FR_CTS, ==, FR_CTS);
    g_assert_cmphex(rd(&f, RIS) & INT_CTS, ==, INT_CTS);
    fx_cleanup(&f);
}

static void test_break_and_overrun(void)
{
    Fx f;

    fx_init_enabled(&f);
    chardev_be_event(f.chr, CHR_EVENT_BREAK);
    g_assert_cmphex(rd(&f, RIS) & INT_BE, ==, INT_BE);
    g_assert_cmphex(rd(&f, DR), ==, 0x400);
    g_assert_cmphex(rd(&f, RSR), ==, 0x4);
    wr(&f, RSR, 0);
    g_assert_cmphex(rd(&f, RSR), ==, 0);

    /* Input beyond can_read (e.g. a raw writer): the FIFO keeps its data. */
    chardev_be_write(f.chr, (const uint8_t *)"0123456789abcdefX", 17);
    g_assert_cmphex(rd(&f, RIS) & INT_OE, ==, INT_OE);
    g_assert_cmphex(rd(&f, RSR) & 0x8, ==, 0x8);
    for (const char *p = "0123456789abcdef"; *p; p++) {
        g_assert_cmphex(rd(&f, DR) & 0xff, ==, *p);
    }
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, FR_RXFE);
    fx_cleanup(&f);
}

static void test_bad_accesses_logged(void)
{
    g_autofree char *log1 = NULL, *log2 = NULL, *log3 = NULL, *log4 = NULL;
    g_autofree char *log5 = NULL;
    MemTxResult r;
    Fx f;

    fx_init_enabled(&f);
    wr(&f, IBRD, 0x1a);
    devtest_log_clear();

    g_assert_cmphex(rd(&f, 0x50), ==, 0);
    log1 = devtest_log_take();
    g_assert_nonnull(strstr(log1, "pl011: read of bad offset 0x50"));

    wr(&f, FR, 0xffff);
    wr(&f, 0xfe0, 0);
    log2 = devtest_log_take();
    g_assert_nonnull(strstr(log2, "read-only offset 0x18"));
    g_assert_nonnull(strstr(log2, "read-only offset 0xfe0"));
    g_assert_cmphex(rd(&f, 0xfe0), ==, 0x11);

    /* A byte in the middle of a register. */
    address_space_stb(&address_space_memory, f.base + IBRD + 1, 0x55, &r);
    log3 = devtest_log_take();
    g_assert_nonnull(strstr(log3, "unaligned offset 0x25"));
    g_assert_cmphex(rd(&f, IBRD), ==, 0x1a);

    /* 64-bit accesses are refused by the memory layer, also logged. */
    address_space_ldq_le(&address_space_memory, f.base + DR, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    log4 = devtest_log_take();
    g_assert_nonnull(strstr(log4, "invalid read of 8 bytes"));

    wr(&f, DMACR, 0x3);
    log5 = devtest_log_take();
    g_assert_nonnull(strstr(log5, "DMA is not implemented"));

    /* Still a working UART. */
    g_assert_cmpint(devtest_inject(f.chr, "ok"), ==, 2);
    g_assert_cmphex(rd(&f, DR), ==, 'o');
    g_assert_cmphex(rd(&f, DR), ==, 'k');
    fx_cleanup(&f);
}

static void test_reset(void)
{
    Fx f;

    fx_init_enabled(&f);
    wr(&f, IMSC, INT_RX | INT_TX);
    wr(&f, IFLS, 0);
    wr(&f, IBRD, 13);
    devtest_inject(f.chr, "abc");
    g_assert_cmpint(f.irq.level, ==, 1);
    device_cold_reset(f.dev);
    g_assert_cmpint(f.irq.level, ==, 0);
    g_assert_cmphex(rd(&f, CR), ==, 0x300);
    g_assert_cmphex(rd(&f, IFLS), ==, 0x12);
    g_assert_cmphex(rd(&f, LCR_H), ==, 0);
    g_assert_cmphex(rd(&f, IMSC), ==, 0);
    g_assert_cmphex(rd(&f, RIS), ==, 0);
    g_assert_cmphex(rd(&f, IBRD), ==, 0);
    g_assert_cmphex(rd(&f, FR) & FR_RXFE, ==, FR_RXFE);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/pl011/id-registers", test_id_registers);
    g_test_add_func("/pl011/tx", test_tx);
    g_test_add_func("/pl011/tx-while-disabled-is-logged",
                    test_tx_while_disabled_is_logged);
    g_test_add_func("/pl011/rx-order-and-flags", test_rx_order_and_flags);
    g_test_add_func("/pl011/rx-flow-control", test_rx_flow_control);
    g_test_add_func("/pl011/rx-interrupt-levels", test_rx_interrupt_levels);
    g_test_add_func("/pl011/tx-interrupt-mask-and-clear",
                    test_tx_interrupt_mask_and_clear);
    g_test_add_func("/pl011/loopback", test_loopback);
    g_test_add_func("/pl011/break-and-overrun", test_break_and_overrun);
    g_test_add_func("/pl011/bad-accesses-logged", test_bad_accesses_logged);
    g_test_add_func("/pl011/reset", test_reset);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
