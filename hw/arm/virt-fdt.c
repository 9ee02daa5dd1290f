/* The device tree of the virt board (see include/hw/arm/virt.h). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/arm/virt.h"

#define UART_PATH "/pl011@9000000"
#define RTC_PATH "/pl031@9010000"
#define CLK_PATH "/apb-pclk"

static void add_cpus(KemuFdt *fdt, const VirtFdtInfo *info)
{
    kemu_fdt_add_node(fdt, "/cpus", &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/cpus", "#address-cells", 1, &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/cpus", "#size-cells", 0, &error_fatal);
    for (unsigned i = 0; i < info->ncpus; i++) {
        g_autofree char *path = g_strdup_printf("/cpus/cpu@%u", i);
        /* MPIDR affinity as the CPUs get it: Aff0 = i % 8, Aff1 = i / 8. */
        uint32_t reg = (i % 8) | ((i / 8) << 8);

        kemu_fdt_add_node(fdt, path, &error_fatal);
        kemu_fdt_setprop_string(fdt, path, "device_type", "cpu", &error_fatal);
        kemu_fdt_setprop_string(fdt, path, "compatible", info->cpu_compatible,
                                &error_fatal);
        kemu_fdt_setprop_u32(fdt, path, "reg", reg, &error_fatal);
        if (info->ncpus > 1) {
            kemu_fdt_setprop_string(fdt, path, "enable-method", "psci",
                                    &error_fatal);
        }
    }
}

/* A primecell at base with the board's APB clock. */
static void add_primecell(KemuFdt *fdt, const char *path, const char *compat,
                          uint64_t base, uint64_t size, const char *clocks)
{
    const char *const compatible[] = { compat, "arm,primecell", NULL };
    const KemuFdtCell reg[] = { { 2, base }, { 2, size } };
    uint32_t clk = kemu_fdt_node_phandle(fdt, CLK_PATH, &error_fatal);

    kemu_fdt_add_node(fdt, path, &error_fatal);
    kemu_fdt_setprop_string_list(fdt, path, "compatible", compatible,
                                 &error_fatal);
    kemu_fdt_setprop_sized_cells(fdt, path, "reg", reg, 2, &error_fatal);
    if (!strcmp(clocks, "uartclk")) {
        const uint32_t cells[] = { clk, clk };
        kemu_fdt_setprop_cells(fdt, path, "clocks", cells, 2, &error_fatal);
        kemu_fdt_setprop(fdt, path, "clock-names", "uartclk\0apb_pclk",
                         sizeof("uartclk\0apb_pclk"), &error_fatal);
    } else {
        kemu_fdt_setprop_cells(fdt, path, "clocks", &clk, 1, &error_fatal);
        kemu_fdt_setprop_string(fdt, path, "clock-names", "apb_pclk",
                                &error_fatal);
    }
}

KemuFdt *virt_build_fdt(const VirtFdtInfo *info)
{
    KemuFdt *fdt = kemu_fdt_new(64 * 1024);
    const KemuFdtCell mem_reg[] = { { 2, VIRT_RAM_BASE }, { 2, info->ram_size } };

    kemu_fdt_setprop_string(fdt, "/", "compatible", "linux,dummy-virt",
                            &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/", "#address-cells", 2, &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/", "#size-cells", 2, &error_fatal);
    kemu_fdt_setprop_string(fdt, "/", "model", "linux,dummy-virt", &error_fatal);

    kemu_fdt_add_node(fdt, "/memory@40000000", &error_fatal);
    kemu_fdt_setprop_string(fdt, "/memory@40000000", "device_type", "memory",
                            &error_fatal);
    kemu_fdt_setprop_sized_cells(fdt, "/memory@40000000", "reg", mem_reg, 2,
                                 &error_fatal);
    add_cpus(fdt, info);

    kemu_fdt_add_node(fdt, CLK_PATH, &error_fatal);
    kemu_fdt_setprop_string(fdt, CLK_PATH, "compatible", "fixed-clock",
                            &error_fatal);
    kemu_fdt_setprop_u32(fdt, CLK_PATH, "#clock-cells", 0, &error_fatal);
    kemu_fdt_setprop_u32(fdt, CLK_PATH, "clock-frequency", 24000000,
                         &error_fatal);
    kemu_fdt_setprop_string(fdt, CLK_PATH, "clock-output-names", "clk24mhz",
                            &error_fatal);

    add_primecell(fdt, UART_PATH, "arm,pl011", VIRT_UART_BASE, VIRT_UART_SIZE,
                  "uartclk");
    add_primecell(fdt, RTC_PATH, "arm,pl031", VIRT_RTC_BASE, VIRT_RTC_SIZE,
                  "apb_pclk");

    kemu_fdt_add_node(fdt, "/chosen", &error_fatal);
    kemu_fdt_add_node(fdt, "/aliases", &error_fatal);
    kemu_fdt_setprop_string(fdt, "/aliases", "serial0", UART_PATH, &error_fatal);
    return fdt;
}

bool virt_fdt_set_chosen(KemuFdt *fdt, const VirtFdtInfo *info, Error **errp)
{
    if (kemu_fdt_add_node(fdt, "/chosen", errp) < 0 ||
        !kemu_fdt_setprop_string(fdt, "/chosen", "stdout-path", UART_PATH,
                                 errp)) {
        return false;
    }
    if (info->bootargs &&
        !kemu_fdt_setprop_string(fdt, "/chosen", "bootargs", info->bootargs,
                                 errp)) {
        return false;
    }
    if (info->initrd_end &&
        (!kemu_fdt_setprop_u64(fdt, "/chosen", "linux,initrd-start",
                               info->initrd_start, errp) ||
         !kemu_fdt_setprop_u64(fdt, "/chosen", "linux,initrd-end",
                               info->initrd_end, errp))) {
        return false;
    }
    return true;
}
