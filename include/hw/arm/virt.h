/*
 * The AArch64 "virt" board (QEMU's memory map): RAM at 1 GiB, PL011 and
 * PL031 below it, described to the guest by a device tree.
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include "hw/fdt.h"

#define VIRT_UART_BASE  0x09000000
#define VIRT_UART_SIZE  0x1000
#define VIRT_RTC_BASE   0x09010000
#define VIRT_RTC_SIZE   0x1000
#define VIRT_RAM_BASE   0x40000000ull

/* What the device tree describes. */
typedef struct VirtFdtInfo {
    uint64_t ram_size;
    unsigned ncpus;
    const char *cpu_compatible;     /* "arm,cortex-a72" */
    const char *bootargs;           /* NULL: none */
    uint64_t initrd_start, initrd_end;  /* end 0: no initrd */
} VirtFdtInfo;

/* The board's own tree. */
KemuFdt *virt_build_fdt(const VirtFdtInfo *info);
/* /chosen: bootargs, initrd and stdout-path, also on a -dtb tree. */
bool virt_fdt_set_chosen(KemuFdt *fdt, const VirtFdtInfo *info, Error **errp);

#endif
