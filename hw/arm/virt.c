/*
 * -M virt for kemu-system-aarch64: RAM at 0x40000000, PL011 at 0x09000000
 * (serial 0), PL031 at 0x09010000, a generated (or -dtb) device tree, and
 * the CPUs started at the -kernel entry, a GICv3 (distributor at
 * 0x08000000, redistributors at 0x080a0000) taking the generic timers'
 * PPIs and the devices' SPIs, PSCI through HVC, and 32 virtio-mmio
 * transports at 0x0a000000 (SPIs 16-47).  gic-version=3 is the
 * default (QEMU picks 2 for cortex-a72); gic-version=2 puts a GICv2 there
 * instead, its CPU interface at 0x08010000 (at most 8 CPUs).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/char/pl011.h"
#include "hw/rtc/pl031.h"
#include "hw/arm/virt.h"
#include "hw/arm/boot.h"
#include "hw/loader.h"
#include "system/backends.h"
#include "qom/object.h"
#include "hw/core/cpu.h"
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/virtio/virtio-mmio.h"

#define VIRT_DEFAULT_CPU "cortex-a72"

static KemuFdt *virt_make_fdt(MachineState *ms, const VirtFdtInfo *info,
                              Error **errp)
{
    KemuFdt *fdt = ms->cfg->dtb ? kemu_fdt_load(ms->cfg->dtb, errp)
                                : virt_build_fdt(info);

    if (!fdt) {
        error_prepend(errp, "-dtb: ");
        return NULL;
    }
    if (!virt_fdt_set_chosen(fdt, info, errp)) {
        kemu_fdt_free(fdt);
        return NULL;
    }
    kemu_fdt_finish(fdt);
    return fdt;
}

/* -M virt,dumpdtb=FILE: write the tree and exit, as QEMU does. */
static void virt_dump_dtb_and_exit(MachineState *ms, KemuFdt *fdt)
{
    const char *path = keyval_get(ms->cfg->machine_opts, "dumpdtb");
    Error *err = NULL;

    if (!path) {
        return;
    }
    if (!kemu_fdt_dump(fdt, path, &err)) {
        error_prepend(&err, "-machine dumpdtb: ");
        error_report_err(err);
        exit(1);
    }
    exit(0);
}

/*
 * -M virt,gic-version=2|3|max: 3 is the default and "max" (the newest GIC
 * Kemu emulates, as QEMU's TCG reads it); "host" needs KVM.  Returns 2 or
 * 3, or 0 on error.
 */
static int virt_gic_version(MachineState *ms, Error **errp)
{
    const char *v = keyval_get(ms->cfg->machine_opts, "gic-version");

    if (!v || !strcmp(v, "3") || !strcmp(v, "max")) {
        return 3;
    }
    if (!strcmp(v, "2")) {
        if (ms->cfg->smp.cpus > GIC_MAX_CPUS) {
            error_setg(errp, "-machine gic-version=2: a GICv2 serves at most "
                       "%d CPUs, not %u (-smp; use gic-version=3)",
                       GIC_MAX_CPUS, ms->cfg->smp.cpus);
            return 0;
        }
        return 2;
    }
    if (!strcmp(v, "host")) {
        error_setg(errp, "-machine gic-version=host: needs KVM, which Kemu "
                   "does not use for AArch64 guests (use 2, 3 or max)");
    } else {
        error_setg(errp, "-machine gic-version: '%s' is not 2, 3 or max", v);
    }
    return 0;
}

static DeviceState *virt_create_gic(unsigned ncpus, int version)
{
    if (version == 2) {
        return gic_create(ncpus, VIRT_GICV2_NUM_IRQ, VIRT_GIC_DIST_BASE,
                          VIRT_GIC_CPU_BASE);
    }
    return gicv3_create(ncpus, VIRT_GIC_NUM_IRQ, VIRT_GIC_DIST_BASE,
                        VIRT_GIC_REDIST_BASE);
}

/* CPU i's IRQ/FIQ (and with a GICv3 its ICC_* registers), timer PPIs. */
static void virt_wire_cpu(DeviceState *gic, int version, unsigned i,
                          DeviceState *cpu)
{
    qemu_irq (*ppi)(DeviceState *, unsigned, unsigned) =
        version == 2 ? gic_get_ppi : gicv3_get_ppi;

    if (version == 2) {
        gic_connect_cpu(gic, i, CPU(cpu));
    } else {
        gicv3_connect_cpu(gic, i, CPU(cpu));
    }
    qdev_connect_gpio_out(cpu, 0, ppi(gic, i, 16 + VIRT_PPI_PHYS));
    qdev_connect_gpio_out(cpu, 1, ppi(gic, i, 16 + VIRT_PPI_VIRT));
}

static bool virt_create_cpus(MachineState *ms, DeviceState *gic,
                             int gic_version, uint64_t entry, uint64_t x0,
                             Error **errp)
{
    const char *model = ms->cfg->cpu_model ? ms->cfg->cpu_model
                                           : VIRT_DEFAULT_CPU;
    g_autofree char *type = cpu_model_type_name("aarch64", model);

    if (!object_class_by_name(type)) {
        error_setg(errp, "-cpu: unknown CPU model '%s' (use -cpu help)", model);
        return false;
    }
    for (unsigned i = 0; i < ms->cfg->smp.cpus; i++) {
        DeviceState *dev = qdev_new(type);
        Object *obj = OBJECT(dev);

        /* Secondary CPUs wait powered off (PSCI CPU_ON will start them). */
        if (!object_property_set_uint(obj, "reset-pc", entry, errp) ||
            !object_property_set_uint(obj, "reset-x0", i ? 0 : x0, errp) ||
            !object_property_set_bool(obj, "start-powered-off", i > 0, errp) ||
            !object_property_set_bool(obj, "semihosting",
                                      ms->cfg->semihosting, errp) ||
            !object_property_set_bool(obj, "psci-hvc", true, errp) ||
            !qdev_realize_and_unref(dev, NULL, errp)) {
            return false;
        }
        virt_wire_cpu(gic, gic_version, i, dev);
    }
    return true;
}

/* Empty transports: -device NAME-device and -drive if=virtio fill them. */
static void virt_create_virtio(DeviceState *gic)
{
    qemu_irq irqs[VIRT_VIRTIO_COUNT];

    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        irqs[i] = qdev_get_gpio_in(gic, VIRT_VIRTIO_SPI + i);
    }
    virtio_mmio_create_transports(VIRT_VIRTIO_BASE, irqs, VIRT_VIRTIO_COUNT);
}

static bool virt_init(MachineState *ms, Error **errp)
{
    const KemuConfig *cfg = ms->cfg;
    VirtFdtInfo fdt_info = {
        .ram_size = ms->ram_size,
        .ncpus = cfg->smp.cpus,
        .bootargs = cfg->append,
    };
    g_autofree char *compat = g_strdup_printf("arm,%s", cfg->cpu_model &&
                              strcmp(cfg->cpu_model, "max") ? cfg->cpu_model
                              : VIRT_DEFAULT_CPU);
    g_autoptr(KemuFdt) fdt = NULL;
    ArmBootInfo boot = { .entry = VIRT_RAM_BASE };
    uint64_t dtb_addr = 0;
    int gic_version = virt_gic_version(ms, errp);
    DeviceState *gic;

    if (!gic_version) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(), VIRT_RAM_BASE, &ms->ram);
    gic = virt_create_gic(cfg->smp.cpus, gic_version);
    pl011_create(VIRT_UART_BASE, qdev_get_gpio_in(gic, VIRT_UART_SPI),
                 serial_hd(0));
    pl031_create(VIRT_RTC_BASE, qdev_get_gpio_in(gic, VIRT_RTC_SPI));
    virt_create_virtio(gic);

    if (cfg->kernel && !arm64_load_kernel(cfg->kernel, cfg->initrd,
                                          VIRT_RAM_BASE, ms->ram_size,
                                          &boot, errp)) {
        return false;
    }
    if (cfg->initrd && !cfg->kernel) {
        error_setg(errp, "-initrd: only allowed with -kernel");
        return false;
    }
    fdt_info.cpu_compatible = compat;
    fdt_info.gic_version = gic_version;
    fdt_info.initrd_start = boot.initrd_start;
    fdt_info.initrd_end = boot.initrd_end;
    fdt = virt_make_fdt(ms, &fdt_info, errp);
    if (!fdt) {
        return false;
    }
    virt_dump_dtb_and_exit(ms, fdt);
    if (!arm64_dtb_address(&boot, VIRT_RAM_BASE, ms->ram_size,
                           kemu_fdt_size(fdt), &dtb_addr, errp) ||
        !loader_write_boot_blob(dtb_addr, kemu_fdt_blob(fdt),
                                kemu_fdt_size(fdt), errp)) {
        return false;
    }
    return virt_create_cpus(ms, gic, gic_version, boot.entry, dtb_addr,
                            errp);
}

static const char *const virt_props[] = { "dumpdtb", "gic-version", NULL };

static const MachineClass virt_machine = {
    .name = "virt",
    .desc = "Kemu AArch64 Virtual Machine",
    .arch = "aarch64",
    .is_default = true,
    .max_cpus = 8,
    .default_ram_size = 128 * 1024 * 1024,
    .virtio_blk_device = "virtio-blk-device",
    .props = virt_props,
    .boots_kernel = true,
    .init = virt_init,
};
machine_init(virt_machine)
