/*
 * 8259A pair through x86 port I/O: Linux's init sequence, INTA vectors and
 * priorities, cascade, EOI kinds, rotation, IRR/ISR reads, poll, special
 * mask mode, ELCR level triggering, auto-EOI and spurious interrupts;
 * the "ack" and "unmask" outputs.
 */
#include "kemu/osdep.h"
#include "hw/intc/i8259.h"
#include "devtest.h"

typedef struct Fx {
    DeviceState *dev;
    PICState *pic;
    IrqProbe intr;
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

/* What arch/x86/kernel/i8259.c init_8259A(auto_eoi) writes. */
static void linux_init(bool auto_eoi)
{
    out(0x21, 0xff);
    out(0xa1, 0xff);
    out(0x20, 0x11);                /* ICW1: edge, cascade, ICW4 */
    out(0x21, 0x30);                /* ICW2: vectors 0x30-0x37 */
    out(0x21, 0x04);                /* ICW3: slave on IR2 */
    out(0x21, auto_eoi ? 0x03 : 0x01);
    out(0xa0, 0x11);
    out(0xa1, 0x38);
    out(0xa1, 0x02);                /* ICW3: slave ID 2 */
    out(0xa1, 0x01);
    out(0x21, 0xfb);                /* all masked but the cascade */
    out(0xa1, 0xff);
}

/* Linux's mask_and_ack_8259A: specific EOIs. */
static void linux_eoi(int irq)
{
    if (irq >= 8) {
        out(0xa0, 0x60 + (irq & 7));
        out(0x20, 0x60 + 2);
    } else {
        out(0x20, 0x60 + irq);
    }
}

static void fx_init(Fx *f)
{
    irq_probe_init(&f->intr);
    f->dev = i8259_create(get_system_io(), f->intr.irq);
    f->pic = I8259(f->dev);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->dev);
    irq_probe_free(&f->intr);
}

static void set_line(Fx *f, int n, int level)
{
    qemu_set_irq(qdev_get_gpio_in(f->dev, n), level);
}

static void test_linux_init_and_vectors(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    g_assert_cmphex(in(0x21), ==, 0xfb);
    g_assert_cmphex(in(0xa1), ==, 0xff);
    /* Masked lines request but do not interrupt. */
    set_line(&f, 1, 1);
    g_assert_cmpint(f.intr.level, ==, 0);
    g_assert_cmphex(in(0x20), ==, 0x02);        /* IRR by default */
    out(0x21, 0xf9);
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x31);
    g_assert_cmpint(f.intr.level, ==, 0);
    out(0x20, 0x0b);                            /* OCW3: read ISR */
    g_assert_cmphex(in(0x20), ==, 0x02);
    out(0x20, 0x0a);                            /* back to IRR */
    g_assert_cmphex(in(0x20), ==, 0x00);        /* edge latch consumed */
    linux_eoi(1);
    out(0x20, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x00);
    set_line(&f, 1, 0);

    /* The slave: IRQ12 through the cascade. */
    out(0xa1, 0xef);
    set_line(&f, 12, 1);
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3c);
    out(0x20, 0x0b);
    out(0xa0, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x04);
    g_assert_cmphex(in(0xa0), ==, 0x10);
    linux_eoi(12);
    g_assert_cmphex(in(0x20), ==, 0x00);
    g_assert_cmphex(in(0xa0), ==, 0x00);
    set_line(&f, 12, 0);
    fx_cleanup(&f);
}

static void test_priority_and_nesting(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    out(0x21, 0x00);
    out(0xa1, 0x00);
    set_line(&f, 5, 1);
    set_line(&f, 3, 1);
    set_line(&f, 9, 1);             /* via IRQ2: above 3 and 5 */
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x39);
    /* IRQ2 in service blocks 3 and 5 until its EOI. */
    g_assert_cmpint(f.intr.level, ==, 0);
    linux_eoi(9);
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x33);
    /* A higher-priority request nests over IRQ3. */
    set_line(&f, 0, 1);
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x30);
    out(0x20, 0x20);                /* non-specific EOI: IRQ0 */
    g_assert_cmpint(f.intr.level, ==, 0);
    out(0x20, 0x20);                /* IRQ3 */
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x35);
    out(0x20, 0x20);
    out(0x20, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x00);
    fx_cleanup(&f);
}

static void test_rotation(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    out(0x21, 0x00);
    set_line(&f, 1, 1);
    set_line(&f, 4, 1);
    /* Set priority: IRQ3 lowest, so IRQ4 is highest and wins over 1. */
    out(0x20, 0xc3);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x34);
    /* Rotate on non-specific EOI: 4 becomes the lowest. */
    out(0x20, 0xa0);
    set_line(&f, 4, 0);
    set_line(&f, 4, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x31);
    /* Rotate on specific EOI of 1: now 2 is highest, 4 still above 1. */
    out(0x20, 0xe1);
    set_line(&f, 1, 0);
    set_line(&f, 1, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x34);
    fx_cleanup(&f);
}

static void test_poll_and_special_mask(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    out(0x21, 0x00);
    out(0x20, 0x0c);                /* poll with nothing pending */
    g_assert_cmphex(in(0x20), ==, 0x00);
    set_line(&f, 6, 1);
    out(0x20, 0x0c);
    g_assert_cmphex(in(0x20), ==, 0x86);
    out(0x20, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x40);
    g_assert_cmpint(f.intr.level, ==, 0);

    /* IRQ6 in service blocks IRQ7 ... */
    set_line(&f, 7, 1);
    g_assert_cmpint(f.intr.level, ==, 0);
    /* ... unless special mask mode masks the in-service level. */
    out(0x20, 0x68);                /* OCW3: set special mask */
    out(0x21, 0x40);
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x37);
    out(0x20, 0x48);                /* reset special mask */
    out(0x20, 0x67);
    out(0x20, 0x66);
    out(0x20, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x00);
    fx_cleanup(&f);
}

static void test_level_triggered_elcr(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    out(0xa1, 0x00);
    out(0x4d1, 0xff);               /* IRQ8 and IRQ13 stay edge */
    g_assert_cmphex(in(0x4d1), ==, 0xde);
    out(0x4d0, 0x07);
    g_assert_cmphex(in(0x4d0), ==, 0x00);
    set_line(&f, 11, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3b);
    linux_eoi(11);
    /* Still high: a level interrupt asks again after EOI. */
    g_assert_cmpint(f.intr.level, ==, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3b);
    set_line(&f, 11, 0);
    linux_eoi(11);
    g_assert_cmpint(f.intr.level, ==, 0);
    /* An edge line asks once per rising edge. */
    out(0x4d1, 0x00);
    set_line(&f, 11, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3b);
    linux_eoi(11);
    g_assert_cmpint(f.intr.level, ==, 0);
    fx_cleanup(&f);
}

static void test_auto_eoi_and_spurious(void)
{
    Fx f;

    fx_init(&f);
    linux_init(true);
    out(0x21, 0x00);
    out(0xa1, 0x00);
    set_line(&f, 4, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x34);
    out(0x20, 0x0b);
    g_assert_cmphex(in(0x20), ==, 0x00);        /* no ISR bit */
    /* Nothing pending: spurious IRQ7, no ISR bit. */
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x37);
    g_assert_cmphex(in(0x20), ==, 0x00);
    /* The request went away after INT: IRQ15 from the slave. */
    set_line(&f, 10, 1);
    g_assert_cmpint(f.intr.level, ==, 1);
    out(0xa1, 0x04);
    g_assert_cmpint(f.intr.level, ==, 1);       /* master latched IRQ2 */
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3f);
    out(0xa0, 0x0b);
    g_assert_cmphex(in(0xa0), ==, 0x00);
    fx_cleanup(&f);
}

static void test_reinit_and_reset(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    out(0x21, 0x00);
    out(0x4d0, 0x08);
    set_line(&f, 3, 1);
    set_line(&f, 4, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x33);
    /* ICW1 clears ISR, IMR and edge latches; ELCR and level IRR stay. */
    out(0x20, 0x11);
    out(0x21, 0x40);
    out(0x21, 0x04);
    out(0x21, 0x01);
    g_assert_cmphex(in(0x21), ==, 0x00);
    g_assert_cmphex(in(0x4d0), ==, 0x08);
    g_assert_cmphex(in(0x20), ==, 0x08);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x43);
    device_cold_reset(f.dev);
    g_assert_cmpint(f.intr.level, ==, 0);
    g_assert_cmphex(in(0x4d0), ==, 0x00);
    g_assert_cmphex(in(0x20), ==, 0x00);
    fx_cleanup(&f);
}

/*
 * After ICW1 an edge input that is already high needs a new rising edge:
 * a device repeating its high level (the PIT when IRQ0 is unmasked)
 * requests nothing.
 */
static void test_reinit_edge_sense(void)
{
    Fx f;

    fx_init(&f);
    linux_init(false);
    set_line(&f, 0, 1);
    out(0x20, 0x11);
    out(0x21, 0x40);
    out(0x21, 0x04);
    out(0x21, 0x01);
    g_assert_cmphex(in(0x20), ==, 0x00);
    set_line(&f, 0, 1);
    g_assert_cmphex(in(0x20), ==, 0x00);
    g_assert_cmpint(f.intr.level, ==, 0);
    set_line(&f, 0, 0);
    set_line(&f, 0, 1);
    g_assert_cmphex(in(0x20), ==, 0x01);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x40);
    fx_cleanup(&f);
}

static void test_bad_access_harmless(void)
{
    g_autofree char *log = NULL;
    MemTxResult r;
    Fx f;

    fx_init(&f);
    linux_init(false);
    devtest_log_clear();
    address_space_stw_le(&address_space_io, 0x20, 0xffff, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
    out(0x20, 0x10);                /* ICW1 without ICW4: 8259 defaults */
    out(0x21, 0x08);
    out(0x21, 0x04);
    out(0x21, 0x00);                /* OCW1 again */
    g_assert_cmphex(in(0x21), ==, 0x00);
    out(0x20, 0x19);                /* level mode in ICW1: logged */
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "invalid write of 2 bytes"));
    g_assert_nonnull(strstr(log, "i8259 master: level-triggered mode"));
    fx_cleanup(&f);
}

static void test_ack_and_unmask_outputs(void)
{
    IrqProbe ack0, ack12, unmask0, unmask12;
    Fx f;

    fx_init(&f);
    irq_probe_init(&ack0);
    irq_probe_init(&ack12);
    irq_probe_init(&unmask0);
    irq_probe_init(&unmask12);
    qdev_connect_gpio_out_named(f.dev, "ack", 0, ack0.irq);
    qdev_connect_gpio_out_named(f.dev, "ack", 12, ack12.irq);
    qdev_connect_gpio_out_named(f.dev, "unmask", 0, unmask0.irq);
    qdev_connect_gpio_out_named(f.dev, "unmask", 12, unmask12.irq);
    /* ICW1 clears the IMRs: IRQ0 and IRQ12, masked before, unmask. */
    out(0x21, 0xff);
    linux_init(false);
    g_assert_cmpint(unmask0.raises, ==, 1);
    g_assert_cmpint(unmask12.raises, ==, 1);
    out(0x21, 0xfa);
    out(0xa1, 0xef);
    g_assert_cmpint(unmask0.raises, ==, 2);
    g_assert_cmpint(unmask12.raises, ==, 2);
    out(0x21, 0xfa);                            /* already unmasked */
    g_assert_cmpint(unmask0.raises, ==, 2);
    /* INTA acknowledges the IRQ it answers; the slave's by its number. */
    set_line(&f, 12, 1);
    set_line(&f, 0, 1);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x30);
    g_assert_cmpint(ack0.raises, ==, 1);
    g_assert_cmpint(ack12.raises, ==, 0);
    linux_eoi(0);
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x3c);
    g_assert_cmpint(ack12.raises, ==, 1);
    linux_eoi(12);
    /* A spurious INTA acknowledges nothing; a poll does. */
    g_assert_cmpint(pic_read_irq(f.pic), ==, 0x37);
    g_assert_cmpint(ack0.raises, ==, 1);
    set_line(&f, 0, 0);
    set_line(&f, 0, 1);
    out(0x20, 0x0c);                            /* OCW3: poll */
    g_assert_cmphex(in(0x20), ==, 0x80);
    g_assert_cmpint(ack0.raises, ==, 2);
    set_line(&f, 0, 0);
    set_line(&f, 12, 0);
    fx_cleanup(&f);
    irq_probe_free(&ack0);
    irq_probe_free(&ack12);
    irq_probe_free(&unmask0);
    irq_probe_free(&unmask12);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/i8259/linux-init-and-vectors",
                    test_linux_init_and_vectors);
    g_test_add_func("/i8259/priority-and-nesting", test_priority_and_nesting);
    g_test_add_func("/i8259/rotation", test_rotation);
    g_test_add_func("/i8259/poll-and-special-mask",
                    test_poll_and_special_mask);
    g_test_add_func("/i8259/level-triggered-elcr", test_level_triggered_elcr);
    g_test_add_func("/i8259/auto-eoi-and-spurious",
                    test_auto_eoi_and_spurious);
    g_test_add_func("/i8259/reinit-and-reset", test_reinit_and_reset);
    g_test_add_func("/i8259/reinit-edge-sense", test_reinit_edge_sense);
    g_test_add_func("/i8259/bad-access-harmless", test_bad_access_harmless);
    g_test_add_func("/i8259/ack-and-unmask-outputs",
                    test_ack_and_unmask_outputs);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
