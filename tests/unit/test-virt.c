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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virt/fdt", test_virt_fdt);
    return g_test_run();
}
