/* The device tree of the virt board (see include/hw/arm/virt.h). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/arm/virt.h"
#include "hw/virtio/virtio-mmio.h"

#define UART_PATH "/pl011@9000000"
#define RTC_PATH "/pl031@9010000"
#define CLK_PATH "/apb-pclk"
#define GIC_PATH "/intc@8000000"

/* Interrupt specifier cells of the GIC binding. */
#define GIC_FDT_SPI 0
#define GIC_FDT_PPI 1
#define GIC_FDT_LEVEL_HIGH 4
#define GIC_FDT_PPI_CPU_SHIFT 8     /* GICv2: the CPUs a PPI goes to */

static void add_gic(KemuFdt *fdt, int version)
{
    const KemuFdtCell reg[] = {
        { 2, VIRT_GIC_DIST_BASE }, { 2, VIRT_GIC_DIST_SIZE },
        { 2, version == 2 ? VIRT_GIC_CPU_BASE : VIRT_GIC_REDIST_BASE },
        { 2, version == 2 ? VIRT_GIC_CPU_SIZE : VIRT_GIC_REDIST_SIZE },
    };

    kemu_fdt_add_node(fdt, GIC_PATH, &error_fatal);
    kemu_fdt_setprop_string(fdt, GIC_PATH, "compatible", version == 2
                            ? "arm,cortex-a15-gic" : "arm,gic-v3",
                            &error_fatal);
    kemu_fdt_setprop_u32(fdt, GIC_PATH, "#interrupt-cells", 3, &error_fatal);
    kemu_fdt_setprop(fdt, GIC_PATH, "interrupt-controller", NULL, 0,
                     &error_fatal);
    kemu_fdt_setprop_u32(fdt, GIC_PATH, "#address-cells", 2, &error_fatal);
    kemu_fdt_setprop_u32(fdt, GIC_PATH, "#size-cells", 2, &error_fatal);
    kemu_fdt_setprop(fdt, GIC_PATH, "ranges", NULL, 0, &error_fatal);
    kemu_fdt_setprop_sized_cells(fdt, GIC_PATH, "reg", reg, 4, &error_fatal);
    kemu_fdt_setprop_phandle(fdt, "/", "interrupt-parent", GIC_PATH,
                             &error_fatal);
}

/* The generic timer's PPIs: secure and non-secure physical, virtual, hyp. */
static void add_timer(KemuFdt *fdt, const VirtFdtInfo *info)
{
    uint32_t flags = GIC_FDT_LEVEL_HIGH;
    const char *const compatible[] = { "arm,armv8-timer", NULL };
    const uint32_t ppis[] = {
        VIRT_PPI_SEC_PHYS, VIRT_PPI_PHYS, VIRT_PPI_VIRT, VIRT_PPI_HYP,
    };
    uint32_t cells[12];

    if (info->gic_version == 2) {
        flags |= ((1u << info->ncpus) - 1) << GIC_FDT_PPI_CPU_SHIFT;
    }
    for (int i = 0; i < 4; i++) {
        cells[3 * i] = GIC_FDT_PPI;
        cells[3 * i + 1] = ppis[i];
        cells[3 * i + 2] = flags;
    }
    kemu_fdt_add_node(fdt, "/timer", &error_fatal);
    kemu_fdt_setprop_string_list(fdt, "/timer", "compatible", compatible,
                                 &error_fatal);
    kemu_fdt_setprop_cells(fdt, "/timer", "interrupts", cells, 12,
                           &error_fatal);
    kemu_fdt_setprop(fdt, "/timer", "always-on", NULL, 0, &error_fatal);
}

/* PSCI 1.0 through HVC, with the 0.1 function ids QEMU also lists. */
static void add_psci(KemuFdt *fdt)
{
    const char *const compatible[] = {
        "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL,
    };

    kemu_fdt_add_node(fdt, "/psci", &error_fatal);
    kemu_fdt_setprop_string_list(fdt, "/psci", "compatible", compatible,
                                 &error_fatal);
    kemu_fdt_setprop_string(fdt, "/psci", "method", "hvc", &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/psci", "cpu_suspend", 0xc4000001,
                         &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/psci", "cpu_off", 0x84000002, &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/psci", "cpu_on", 0xc4000003, &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/psci", "migrate", 0xc4000005, &error_fatal);
}

static void set_spi(KemuFdt *fdt, const char *path, uint32_t spi)
{
    const uint32_t cells[] = { GIC_FDT_SPI, spi, GIC_FDT_LEVEL_HIGH };

    kemu_fdt_setprop_cells(fdt, path, "interrupts", cells, 3, &error_fatal);
}

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
    add_gic(fdt, info->gic_version == 2 ? 2 : 3);
    add_timer(fdt, info);
    add_psci(fdt);

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
    set_spi(fdt, UART_PATH, VIRT_UART_SPI);
    set_spi(fdt, RTC_PATH, VIRT_RTC_SPI);
    virtio_mmio_fdt_add_nodes(fdt, VIRT_VIRTIO_BASE, VIRT_VIRTIO_COUNT,
                              VIRT_VIRTIO_SPI, &error_fatal);

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
