/*
 * Direct kernel boot for AArch64 boards: an ELF (-kernel prog.elf, entered
 * at e_entry) or a Linux arm64 Image (optionally gzipped), an initrd, and
 * where the device tree goes.
 */
#ifndef HW_ARM_BOOT_H
#define HW_ARM_BOOT_H

#include "kemu/error.h"

typedef struct ArmBootInfo {
    uint64_t entry;                 /* where the boot CPU starts */
    uint64_t kernel_end;            /* first byte after the loaded image */
    uint64_t initrd_start, initrd_end;  /* end 0: no initrd */
    bool is_linux;                  /* an arm64 Image: x0 = dtb address */
} ArmBootInfo;

/* arm64 Image header fields (Documentation/arch/arm64/booting.rst). */
#define ARM64_IMAGE_MAGIC 0x644d5241    /* "ARM\x64" at offset 56 */

/*
 * Load kernel (and initrd, when not NULL) into RAM at ram_base.  Errors
 * name the option and file at fault.
 */
bool arm64_load_kernel(const char *kernel, const char *initrd,
                       uint64_t ram_base, uint64_t ram_size,
                       ArmBootInfo *info, Error **errp);

/* Where a dtb of size bytes goes: the next 2 MiB boundary after the images. */
bool arm64_dtb_address(const ArmBootInfo *info, uint64_t ram_base,
                       uint64_t ram_size, size_t size, uint64_t *addr,
                       Error **errp);

#endif
