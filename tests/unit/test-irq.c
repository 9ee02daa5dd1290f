/*
 * IRQ lines and GPIO wiring between devices.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/irq.h"
#include "hw/sysbus.h"

#define TYPE_TEST_INTC "test-intc"
#define TYPE_TEST_SRC "test-src"

OBJECT_DECLARE_SIMPLE_TYPE(TestIntc, TEST_INTC)

struct TestIntc {
    SysBusDevice parent_obj;
    int level[4];
    int events;
};

typedef struct TestSrc {
    SysBusDevice parent_obj;
    qemu_irq out[2];            /* unnamed outputs */
    qemu_irq alarm;             /* named "alarm" */
    qemu_irq bus_irq;           /* sysbus irq 0 */
} TestSrc;

#define TEST_SRC(obj) OBJECT_CHECK(TestSrc, (obj), TYPE_TEST_SRC)

static void intc_set_irq(void *opaque, int n, int level)
{
    TestIntc *s = TEST_INTC(opaque);

    s->level[n] = level;
    s->events++;
}

static void intc_init(Object *obj)
{
    qdev_init_gpio_in(DEVICE(obj), intc_set_irq, 4);
}

static void src_init(Object *obj)
{
    TestSrc *s = TEST_SRC(obj);

    qdev_init_gpio_out(DEVICE(obj), s->out, 2);
    qdev_init_gpio_out_named(DEVICE(obj), &s->alarm, "alarm", 1);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->bus_irq);
}

static const TypeInfo test_types[] = {
    { .name = TYPE_TEST_INTC, .parent = TYPE_SYS_BUS_DEVICE,
      .instance_size = sizeof(TestIntc), .instance_init = intc_init },
    { .name = TYPE_TEST_SRC, .parent = TYPE_SYS_BUS_DEVICE,
      .instance_size = sizeof(TestSrc), .instance_init = src_init },
};

static void register_test_types(void)
{
    type_register_static(&test_types[0]);
    type_register_static(&test_types[1]);
}

type_init(register_test_types)

static int last_n = -1, last_level = -1, calls;

static void record(void *opaque, int n, int level)
{
    g_assert_true(opaque == &calls);
    last_n = n;
    last_level = level;
    calls++;
}

static void test_irq_lines(void)
{
    qemu_irq irq = qemu_allocate_irq(record, &calls, 5);
    qemu_irq *irqs = qemu_allocate_irqs(record, &calls, 3);

    qemu_irq_raise(irq);
    g_assert_cmpint(last_n, ==, 5);
    g_assert_cmpint(last_level, ==, 1);
    qemu_irq_lower(irq);
    g_assert_cmpint(last_level, ==, 0);
    calls = 0;
    qemu_irq_pulse(irq);
    g_assert_cmpint(calls, ==, 2);
    g_assert_cmpint(last_level, ==, 0);
    qemu_set_irq(irqs[2], 7);
    g_assert_cmpint(last_n, ==, 2);
    g_assert_cmpint(last_level, ==, 7);

    calls = 0;
    qemu_irq_raise(NULL);               /* unconnected: nothing happens */
    qemu_irq_pulse(NULL);
    g_assert_cmpint(calls, ==, 0);
    qemu_free_irq(irq);
    qemu_free_irqs(irqs, 3);
}

static void test_gpio_wiring(void)
{
    DeviceState *intc = qdev_new(TYPE_TEST_INTC);
    DeviceState *src = qdev_new(TYPE_TEST_SRC);
    TestIntc *ic = TEST_INTC(intc);
    TestSrc *s = TEST_SRC(src);

    sysbus_realize(SYS_BUS_DEVICE(intc), &error_fatal);
    sysbus_realize(SYS_BUS_DEVICE(src), &error_fatal);

    /* Unconnected outputs are NULL lines: the device need not check. */
    qemu_irq_raise(s->out[1]);
    g_assert_cmpint(ic->events, ==, 0);
    g_assert_null(qdev_get_gpio_out_connector(src, NULL, 1));

    qdev_connect_gpio_out(src, 1, qdev_get_gpio_in(intc, 3));
    qdev_connect_gpio_out_named(src, "alarm", 0, qdev_get_gpio_in(intc, 0));
    sysbus_connect_irq(SYS_BUS_DEVICE(src), 0, qdev_get_gpio_in(intc, 2));
    g_assert_true(qdev_get_gpio_out_connector(src, NULL, 1) ==
                  qdev_get_gpio_in(intc, 3));

    qemu_irq_raise(s->out[1]);
    g_assert_cmpint(ic->level[3], ==, 1);
    qemu_irq_raise(s->alarm);
    g_assert_cmpint(ic->level[0], ==, 1);
    qemu_irq_raise(s->bus_irq);
    g_assert_cmpint(ic->level[2], ==, 1);
    qemu_irq_lower(s->out[1]);
    g_assert_cmpint(ic->level[3], ==, 0);
    g_assert_cmpint(ic->level[1], ==, 0);
    g_assert_cmpint(ic->events, ==, 4);
    qemu_irq_raise(s->out[0]);          /* still unconnected */
    g_assert_cmpint(ic->events, ==, 4);
    object_unref(intc);
    object_unref(src);
}

static void test_gpio_in_qtree(void)
{
    if (g_test_subprocess()) {
        g_autoptr(GString) out = g_string_new("");

        sysbus_realize_and_unref(SYS_BUS_DEVICE(qdev_new(TYPE_TEST_SRC)),
                                 &error_fatal);
        sysbus_realize_and_unref(SYS_BUS_DEVICE(qdev_new(TYPE_TEST_INTC)),
                                 &error_fatal);
        qdev_print_tree(out);
        g_assert_cmpstr(out->str, ==,
            "bus: main-system-bus\n"
            "  type System\n"
            "  dev: test-src, id \"\"\n"
            "    gpio-out \"\" 2\n"
            "    gpio-out \"alarm\" 1\n"
            "    gpio-out \"sysbus-irq\" 1\n"
            "  dev: test-intc, id \"\"\n"
            "    gpio-in \"\" 4\n");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/irq/lines", test_irq_lines);
    g_test_add_func("/irq/gpio-wiring", test_gpio_wiring);
    g_test_add_func("/irq/gpio-in-qtree", test_gpio_in_qtree);
    return g_test_run();
}
