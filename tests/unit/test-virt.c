/* The virt board's device tree (hw/arm/virt-fdt.c). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/arm/virt.h"

static void test_virt_fdt(void)
{
    VirtFdtInfo info = {
        .ram_size = 256 * 1024 * 1024, .ncpus = 2,
        .cpu_compatible = "arm,cortex-a72", .bootargs = "console=ttyAMA0",
        .initrd_start = 0x48000000, .initrd_end = 0x48100000,
    };
    g_autoptr(KemuFdt) fdt = virt_build_fdt(&info);
    const uint32_t *reg;
    const char *s;
    int len;

    g_assert_true(virt_fdt_set_chosen(fdt, &info, &error_fatal));
    s = kemu_fdt_getprop(fdt, "/pl011@9000000", "compatible", &len);
    g_assert_cmpint(len, ==, sizeof("arm,pl011\0arm,primecell"));
    g_assert_cmpmem(s, len, "arm,pl011\0arm,primecell", len);
    s = kemu_fdt_getprop(fdt, "/pl031@9010000", "compatible", &len);
    g_assert_cmpstr(s, ==, "arm,pl031");
    reg = kemu_fdt_getprop(fdt, "/memory@40000000", "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(GUINT32_FROM_BE(reg[1]), ==, 0x40000000);
    g_assert_cmphex(GUINT32_FROM_BE(reg[3]), ==, 0x10000000);
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/cpus/cpu@1", "compatible", NULL),
                    ==, "arm,cortex-a72");
    g_assert_null(kemu_fdt_getprop(fdt, "/cpus/cpu@2", "reg", NULL));
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/chosen", "stdout-path", NULL), ==,
                    "/pl011@9000000");
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/chosen", "bootargs", NULL), ==,
                    "console=ttyAMA0");
    reg = kemu_fdt_getprop(fdt, "/chosen", "linux,initrd-end", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(GUINT32_FROM_BE(reg[1]), ==, 0x48100000);
}

static uint32_t cell(const uint32_t *cells, int i)
{
    return GUINT32_FROM_BE(cells[i]);
}

/* The GICv3, the timer PPIs, PSCI over HVC, and the devices' SPIs. */
static void test_virt_fdt_interrupts(void)
{
    VirtFdtInfo info = {
        .ram_size = 128 * 1024 * 1024, .ncpus = 2,
        .cpu_compatible = "arm,cortex-a72",
    };
    g_autoptr(KemuFdt) fdt = virt_build_fdt(&info);
    const uint32_t *p;
    const char *s;
    int len;

    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/intc@8000000", "compatible",
                                     NULL), ==, "arm,gic-v3");
    p = kemu_fdt_getprop(fdt, "/intc@8000000", "#interrupt-cells", NULL);
    g_assert_cmpuint(cell(p, 0), ==, 3);
    g_assert_nonnull(kemu_fdt_getprop(fdt, "/intc@8000000",
                                      "interrupt-controller", NULL));
    p = kemu_fdt_getprop(fdt, "/intc@8000000", "reg", &len);
    g_assert_cmpint(len, ==, 32);
    g_assert_cmphex(cell(p, 1), ==, 0x08000000);
    g_assert_cmphex(cell(p, 5), ==, 0x080a0000);
    g_assert_cmphex(cell(p, 7), ==, 0x00f60000);
    g_assert_cmphex(cell(kemu_fdt_getprop(fdt, "/", "interrupt-parent", NULL),
                         0), ==,
                    cell(kemu_fdt_getprop(fdt, "/intc@8000000", "phandle",
                                          NULL), 0));

    p = kemu_fdt_getprop(fdt, "/timer", "interrupts", &len);
    g_assert_cmpint(len, ==, 48);
    for (int i = 0; i < 4; i++) {
        static const uint32_t ppis[] = { 13, 14, 11, 10 };
        g_assert_cmpuint(cell(p, 3 * i), ==, 1);
        g_assert_cmpuint(cell(p, 3 * i + 1), ==, ppis[i]);
    }
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/timer", "compatible", NULL), ==,
                    "arm,armv8-timer");

    s = kemu_fdt_getprop(fdt, "/psci", "compatible", &len);
    g_assert_cmpstr(s, ==, "arm,psci-1.0");
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/psci", "method", NULL), ==, "hvc");
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/cpus/cpu@1", "enable-method",
                                     NULL), ==, "psci");

    p = kemu_fdt_getprop(fdt, "/pl011@9000000", "interrupts", &len);
    g_assert_cmpint(len, ==, 12);
    g_assert_cmpuint(cell(p, 0), ==, 0);
    g_assert_cmpuint(cell(p, 1), ==, 1);
    g_assert_cmpuint(cell(p, 2), ==, 4);
    p = kemu_fdt_getprop(fdt, "/pl031@9010000", "interrupts", &len);
    g_assert_cmpuint(cell(p, 1), ==, 2);
}

/* gic-version=2: a cortex-a15-gic node, timer PPIs with a CPU mask. */
static void test_virt_fdt_gicv2(void)
{
    VirtFdtInfo info = {
        .ram_size = 128 * 1024 * 1024, .ncpus = 3,
        .cpu_compatible = "arm,cortex-a72", .gic_version = 2,
    };
    g_autoptr(KemuFdt) fdt = virt_build_fdt(&info);
    const uint32_t *p;
    int len;

    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/intc@8000000", "compatible",
                                     NULL), ==, "arm,cortex-a15-gic");
    p = kemu_fdt_getprop(fdt, "/intc@8000000", "reg", &len);
    g_assert_cmpint(len, ==, 32);
    g_assert_cmphex(cell(p, 1), ==, 0x08000000);
    g_assert_cmphex(cell(p, 3), ==, 0x10000);
    g_assert_cmphex(cell(p, 5), ==, 0x08010000);
    g_assert_cmphex(cell(p, 7), ==, 0x10000);
    p = kemu_fdt_getprop(fdt, "/timer", "interrupts", &len);
    g_assert_cmpint(len, ==, 48);
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(cell(p, 3 * i + 2), ==, 0x0704);  /* CPUs 0-2 */
    }
    p = kemu_fdt_getprop(fdt, "/pl011@9000000", "interrupts", &len);
    g_assert_cmphex(cell(p, 2), ==, 4);                 /* SPIs: no mask */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virt/fdt", test_virt_fdt);
    g_test_add_func("/virt/fdt-interrupts", test_virt_fdt_interrupts);
    g_test_add_func("/virt/fdt-gicv2", test_virt_fdt_gicv2);
    return g_test_run();
}
