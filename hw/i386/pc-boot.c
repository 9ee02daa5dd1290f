/*
 * What -M pc writes into guest RAM before the boot CPU starts (steps 7-9
 * of docs/devel/x86-pc-platform.md): the ACPI tables, and for -kernel
 * either a Linux bzImage (boot_params with the E820 map, the command line
 * and the initrd) entered through its 64-bit entry point, or a bare-metal
 * ELF64 started at its entry point.  Both start in long mode with the low
 * 4 GiB identity-mapped; the GDT and page tables sit at 0x1000.  A flat
 * multiboot image starts in 32-bit protected mode instead (multiboot.c).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/loader.h"
#include "hw/i386/acpi-build.h"
#include "hw/i386/multiboot.h"
#include "hw/i386/x86-entry.h"
#include "hw/i386/x86-linux-boot.h"
#include "pc-internal.h"

#define PC_ENTRY_TABLES 0x1000          /* GDT and page tables */
#define EM_X86_64 62
#define BZIMAGE_MAGIC_OFF 0x202         /* "HdrS" in the setup header */

static bool ram_write(void *opaque, uint64_t addr, const void *buf, size_t len,
                      Error **errp)
{
    return loader_write_boot_blob(addr, buf, len, errp);
}

/* Does the file start like a bzImage?  Errors are left to the loaders. */
static bool is_bzimage(const char *path)
{
    char magic[4];
    FILE *f = fopen(path, "rb");
    bool ret;

    if (!f) {
        return false;
    }
    ret = fseek(f, BZIMAGE_MAGIC_OFF, SEEK_SET) == 0 &&
          fread(magic, 1, 4, f) == 4 && !memcmp(magic, "HdrS", 4);
    fclose(f);
    return ret;
}

static bool pc_load_elf(PCMachine *pc, X86LongModeEntry *entry, Error **errp)
{
    const char *kernel = pc->ms->cfg->kernel;
    LoaderTarget target = { ram_write, NULL, 0, pc_lowmem(pc) };
    ElfLoadOptions opts = { .machine = EM_X86_64 };
    ElfLoadInfo elf;

    if (pc->ms->cfg->initrd) {
        error_setg(errp, "-initrd: only with a Linux bzImage as -kernel");
        return false;
    }
    if (!load_elf(kernel, &target, &opts, &elf, errp)) {
        error_prepend(errp, "-kernel: ");
        return false;
    }
    if (!elf.is64) {
        error_setg(errp, "-kernel '%s': -M pc takes a Linux bzImage or an "
                   "ELF64 image (no firmware yet)", kernel);
        return false;
    }
    if (elf.low < PC_ENTRY_TABLES + X86_ENTRY_TABLES_SIZE) {
        error_setg(errp, "-kernel '%s': loads at 0x%" PRIx64 ", over the "
                   "boot page tables (keep it above 0x%x)", kernel,
                   elf.low, PC_ENTRY_TABLES + X86_ENTRY_TABLES_SIZE);
        return false;
    }
    return x86_entry_write_tables(PC_ENTRY_TABLES, elf.entry,
                                  X86_ENTRY_CODE_SEL, entry, errp);
}

static bool pc_load_linux(PCMachine *pc, uint64_t rsdp,
                          X86LongModeEntry *entry, Error **errp)
{
    const KemuConfig *cfg = pc->ms->cfg;
    g_autoptr(GArray) map = x86_e820_pc_map(pc->ms->ram_size,
                                            pc_lowmem(pc));
    X86LinuxBootConfig bcfg = {
        .cmdline = cfg->append,
        .lowmem = pc_lowmem(pc),
        .e820 = (const X86E820Entry *)map->data,
        .e820_entries = map->len,
        .acpi_rsdp_addr = rsdp,
    };
    X86LinuxBootInfo info;

    if (!x86_linux_load(cfg->kernel, cfg->initrd, &bcfg, &info, errp) ||
        !x86_entry_write_tables(PC_ENTRY_TABLES, info.entry64,
                                X86_LINUX_BOOT_CS, entry, errp)) {
        return false;
    }
    entry->rsi = info.boot_params;
    return true;
}

bool pc_boot_init(PCMachine *pc, Error **errp)
{
    const KemuConfig *cfg = pc->ms->cfg;
    X86AcpiConfig acfg = x86_acpi_default_config(pc->ncpus, pc_lowmem(pc));
    X86LongModeEntry entry;
    uint64_t rsdp;

    acfg.pci_gsi_base = PC_PIRQ_GSI_BASE;
    acfg.sci_irq = PC_SCI_IRQ;
    if (!x86_acpi_load(&acfg, &rsdp, errp)) {
        return false;
    }
    if (!cfg->kernel) {
        error_setg(errp, "-M pc needs -kernel with a Linux bzImage or an "
                   "ELF64 image (there is no firmware yet)");
        return false;
    }
    if (!is_bzimage(cfg->kernel)) {
        LoaderTarget target = { ram_write, NULL, 0, pc_lowmem(pc) };
        int mb = multiboot_try_load(cfg->kernel, &target, pc_lowmem(pc),
                                    pc->cpu[0], errp);

        if (mb) {
            return mb > 0;
        }
    }
    if (is_bzimage(cfg->kernel) ? !pc_load_linux(pc, rsdp, &entry, errp)
                                : !pc_load_elf(pc, &entry, errp)) {
        return false;
    }
    x86_cpu_set_long_mode_entry(pc->cpu[0], &entry);
    return true;
}
