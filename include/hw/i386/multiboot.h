/*
 * Multiboot (v1) loading for -M pc: images whose header carries the
 * address fields (flag 16, "a.out kludge") are loaded flat and started in
 * 32-bit protected mode, as GRUB and qemu-system-x86_64 -kernel do.
 */
#ifndef HW_I386_MULTIBOOT_H
#define HW_I386_MULTIBOOT_H

#include "kemu/error.h"
#include "hw/core/cpu.h"
#include "hw/loader.h"

/*
 * If path (not an ELF file) has a multiboot header in its first 8 KiB:
 * load it through target, write the information structure (memory sizes
 * of a machine with ram_size bytes) and set cpu's entry.  Returns 1 when
 * loaded, 0 when path is not such an image, -1 with errp set on error.
 */
int multiboot_try_load(const char *path, const LoaderTarget *target,
                       uint64_t ram_size, CPUState *cpu, Error **errp);

#endif
