/*
 * -M pc for kemu-system-x86_64: RAM from address 0 up to 3 GiB, below
 * the 32-bit PCI hole, and the rest from 4 GiB (as QEMU's pc with -m of
 * 3.5 GiB or more), one local APIC per CPU with the I/O APIC and the
 * i8259 pair (pc-irq.c), the i440FX PCI host with its PIIX3 (pc-pci.c)
 * for virtio-pci devices, the legacy ISA devices — i8254 (IRQ 0),
 * mc146818 RTC (IRQ 8), i8042 (IRQs 1 and 12), 16550 at 0x3f8 (IRQ 4) —
 * and acpi-pm at 0x600 (SCI on IRQ 9; S5 powers off).  There is no
 * firmware: -kernel takes a Linux bzImage or a bare-metal ELF64, both
 * entered in long mode (pc-boot.c); the other CPUs wait for INIT/SIPI.
 * Under KVM the kernel's APICs, I/O APIC, i8259 and i8254 stand in for
 * ours (pc_irq_init_kernel, docs/devel/kvm.md).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/core/cpu.h"
#include "hw/char/serial.h"
#include "hw/timer/i8254.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/input/i8042.h"
#include "hw/acpi/acpi-pm.h"
#include "system/backends.h"
#include "system/kvm.h"
#include "pc-internal.h"

#define PC_DEFAULT_CPU "qemu64"

static bool pc_create_cpus(PCMachine *pc, Error **errp)
{
    const char *model = pc->ms->cfg->cpu_model ? pc->ms->cfg->cpu_model
                                               : PC_DEFAULT_CPU;
    g_autofree char *type = cpu_model_type_name("x86_64", model);
    const SmpConfig *smp = &pc->ms->cfg->smp;

    /* The APIC ID is the CPU index, so the fields must not leave gaps. */
    if ((smp->cores & (smp->cores - 1)) ||
        (smp->threads & (smp->threads - 1))) {
        error_setg(errp, "-smp: -M pc needs cores and threads to be powers "
                   "of two (APIC IDs are CPU indexes)");
        return false;
    }
    if (!object_class_by_name(type)) {
        error_setg(errp, "-cpu: unknown CPU model '%s' (use -cpu help)", model);
        return false;
    }
    for (unsigned i = 0; i < pc->ncpus; i++) {
        DeviceState *dev = qdev_new(type);

        qdev_prop_set_uint32(dev, "cores", smp->cores);
        qdev_prop_set_uint32(dev, "threads", smp->threads);
        if (!qdev_realize_and_unref(dev, NULL, errp)) {
            return false;
        }
        pc->cpu[i] = CPU(dev);
    }
    return true;
}

/* Port 0x80, the POST code port Linux writes for I/O delays: ignored. */
static uint64_t port80_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0xff;
}

static void port80_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
}

static const MemoryRegionOps port80_ops = {
    .read = port80_read,
    .write = port80_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
};

static void pc_create_i8254(PCMachine *pc, MemoryRegion *io)
{
    /*
     * Ticks the guest missed (a late main loop, a descheduled vCPU) catch
     * up, one per acknowledgment, as with KVM's in-kernel PIT.
     */
    DeviceState *pit = i8254_create_policy(io, pc->isa_irq[0],
                                           PIT_LOST_TICK_DELAY);

    pc_isa_irq_connect_ack(pc, 0, qdev_get_gpio_in_named(pit, "ack", 0),
                           qdev_get_gpio_in_named(pit, "unmask", 0));
}

static void pc_create_isa_devices(PCMachine *pc)
{
    MemoryRegion *io = get_system_io();

    memory_region_init_io(&pc->port80, "pc", &port80_ops, NULL, "port80", 1);
    memory_region_add_subregion(io, 0x80, &pc->port80);

    if (!pc->kernel_irqchip) {
        pc_create_i8254(pc, io);
    }
    mc146818_rtc_create(io, pc->isa_irq[8]);
    i8042_create(io, pc->isa_irq[1], pc->isa_irq[12]);
    isa_serial_create(0, serial_hd(0), io, pc->isa_irq);
    acpi_pm_create(io, ACPI_PM_DEFAULT_BASE, pc->isa_irq[PC_SCI_IRQ]);
}

uint64_t pc_lowmem(const PCMachine *pc)
{
    return MIN(pc->ms->ram_size, PC_LOWMEM_MAX);
}

/* ms->ram split around the PCI hole by two aliases. */
static void pc_map_ram(PCMachine *pc)
{
    MachineState *ms = pc->ms;
    uint64_t low = pc_lowmem(pc);

    memory_region_init_alias(&pc->ram_below_4g, "pc", "ram-below-4g",
                             &ms->ram, 0, low);
    memory_region_add_subregion(get_system_memory(), 0, &pc->ram_below_4g);
    if (ms->ram_size > low) {
        memory_region_init_alias(&pc->ram_above_4g, "pc", "ram-above-4g",
                                 &ms->ram, low, ms->ram_size - low);
        memory_region_add_subregion(get_system_memory(), PC_HIGHMEM_BASE,
                                    &pc->ram_above_4g);
    }
}

static bool pc_init(MachineState *ms, Error **errp)
{
    PCMachine *pc = g_new0(PCMachine, 1);

    pc->ms = ms;
    pc->ncpus = ms->cfg->smp.cpus;
    pc_map_ram(pc);
    if (!pc_create_cpus(pc, errp)) {
        return false;
    }
    if (kvm_irqchip_in_kernel()) {
        pc_irq_init_kernel(pc);
    } else {
        pc_irq_init(pc);
    }
    pc_create_isa_devices(pc);
    pc_pci_init(pc);
    return pc_boot_init(pc, errp);
}

static const MachineClass pc_machine = {
    .name = "pc",
    .desc = "Kemu PC (i440FX + PIIX3, APICs, ACPI; Linux bzImage or "
            "ELF64 -kernel, no firmware)",
    .arch = "x86_64",
    .is_default = true,
    .max_cpus = PC_MAX_CPUS,
    .default_ram_size = 128 * 1024 * 1024,
    .virtio_blk_device = "virtio-blk-pci",
    .default_nic = "virtio-net-pci",
    .boots_kernel = true,
    .init = pc_init,
};
machine_init(pc_machine)
