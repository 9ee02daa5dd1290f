/*
 * -M pc for kemu-system-x86_64 (a first slice): RAM from address 0, the
 * x86 port I/O space with an i8259 pair wired to the CPU's INTR, an i8254
 * (IRQ 0), an mc146818 RTC (IRQ 8), an i8042 (IRQs 1 and 12) and a 16550
 * at 0x3f8 (IRQ 4, serial 0).  There is no firmware yet: -kernel takes an
 * ELF64 image, which starts in 64-bit long mode at its entry point with
 * the low 4 GiB identity-mapped (hw/i386/x86-entry.c).  No PCI, no APIC
 * yet.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/core/cpu.h"
#include "hw/loader.h"
#include "hw/char/serial.h"
#include "hw/intc/i8259.h"
#include "hw/timer/i8254.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/input/i8042.h"
#include "hw/i386/x86-entry.h"
#include "hw/i386/multiboot.h"
#include "system/backends.h"

#define PC_DEFAULT_CPU "qemu64"
#define PC_ENTRY_TABLES 0x1000          /* GDT and page tables */
#define PC_MAX_RAM (3ull << 30)         /* below the 32-bit PCI hole */
#define EM_X86_64 62

static bool ram_write(void *opaque, uint64_t addr, const void *buf, size_t len,
                      Error **errp)
{
    return loader_write_boot_blob(addr, buf, len, errp);
}

static DeviceState *pc_create_cpu(MachineState *ms, Error **errp)
{
    const char *model = ms->cfg->cpu_model ? ms->cfg->cpu_model
                                           : PC_DEFAULT_CPU;
    g_autofree char *type = cpu_model_type_name("x86_64", model);
    DeviceState *dev;

    if (!object_class_by_name(type)) {
        error_setg(errp, "-cpu: unknown CPU model '%s' (use -cpu help)", model);
        return NULL;
    }
    dev = qdev_new(type);
    if (!qdev_realize_and_unref(dev, NULL, errp)) {
        return NULL;
    }
    return dev;
}

/* An ELF64 kernel started in long mode at its entry point. */
static bool pc_load_kernel(MachineState *ms, CPUState *cpu, Error **errp)
{
    LoaderTarget target = { ram_write, NULL, 0, ms->ram_size };
    ElfLoadOptions opts = { .machine = EM_X86_64 };
    X86LongModeEntry entry;
    ElfLoadInfo elf;
    int mb = multiboot_try_load(ms->cfg->kernel, &target, ms->ram_size, cpu,
                                errp);

    if (mb) {
        return mb > 0;                  /* a flat multiboot image */
    }
    if (!load_elf(ms->cfg->kernel, &target, &opts, &elf, errp)) {
        error_prepend(errp, "-kernel: ");
        return false;
    }
    if (!elf.is64) {
        error_setg(errp, "-kernel '%s': only ELF64 images are supported on "
                   "-M pc (no firmware yet)", ms->cfg->kernel);
        return false;
    }
    if (elf.low < PC_ENTRY_TABLES + X86_ENTRY_TABLES_SIZE) {
        error_setg(errp, "-kernel '%s': loads at 0x%" PRIx64 ", over the "
                   "boot page tables (keep it above 0x%x)", ms->cfg->kernel,
                   elf.low, PC_ENTRY_TABLES + X86_ENTRY_TABLES_SIZE);
        return false;
    }
    if (!x86_entry_write_tables(PC_ENTRY_TABLES, elf.entry, &entry, errp)) {
        return false;
    }
    x86_cpu_set_long_mode_entry(cpu, &entry);
    return true;
}

static int pc_intack(void *opaque)
{
    return pic_read_irq(opaque);
}

static bool pc_init(MachineState *ms, Error **errp)
{
    const KemuConfig *cfg = ms->cfg;
    MemoryRegion *io = get_system_io();
    qemu_irq isa_irqs[16];
    DeviceState *cpu, *pic;

    if (ms->ram_size > PC_MAX_RAM) {
        error_setg(errp, "-m: at most 3 GiB on -M pc for now (no RAM above "
                   "4 GiB yet)");
        return false;
    }
    if (!cfg->kernel) {
        error_setg(errp, "-M pc needs -kernel with an ELF64 image (there is "
                   "no firmware yet)");
        return false;
    }
    if (cfg->initrd) {
        error_setg(errp, "-initrd: not supported on -M pc yet");
        return false;
    }
    memory_region_add_subregion(get_system_memory(), 0, &ms->ram);
    cpu = pc_create_cpu(ms, errp);
    if (!cpu) {
        return false;
    }
    pic = i8259_create(io, qdev_get_gpio_in(cpu, 0));
    x86_cpu_set_intack(CPU(cpu), pc_intack, I8259(pic));
    for (int i = 0; i < 16; i++) {
        isa_irqs[i] = qdev_get_gpio_in(pic, i);
    }
    i8254_create(io, isa_irqs[0]);
    mc146818_rtc_create(io, isa_irqs[8]);
    i8042_create(io, isa_irqs[1], isa_irqs[12]);
    isa_serial_create(0, serial_hd(0), io, isa_irqs);
    return pc_load_kernel(ms, CPU(cpu), errp);
}

static const MachineClass pc_machine = {
    .name = "pc",
    .desc = "Kemu PC (bare-metal ELF64 entry, legacy devices; no firmware)",
    .arch = "x86_64",
    .is_default = true,
    .max_cpus = 1,
    .default_ram_size = 128 * 1024 * 1024,
    .boots_kernel = true,
    .init = pc_init,
};
machine_init(pc_machine)
