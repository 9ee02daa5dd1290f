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
#define VIRT_GIC_DIST_BASE      0x08000000
#define VIRT_GIC_DIST_SIZE      0x10000
#define VIRT_GIC_REDIST_BASE    0x080a0000
#define VIRT_GIC_REDIST_SIZE    0x00f60000  /* room for 123 CPUs */
#define VIRT_GIC_NUM_IRQ        256         /* 224 SPIs, as QEMU */
/* gic-version=2: the GICv2 CPU interface instead of redistributors. */
#define VIRT_GIC_CPU_BASE       0x08010000
#define VIRT_GIC_CPU_SIZE       0x10000
#define VIRT_GICV2_NUM_IRQ      288         /* 256 SPIs, as QEMU's GICv2 */
#define VIRT_UART_SPI   1
#define VIRT_RTC_SPI    2
/* 32 virtio-mmio transports, as QEMU's virt lays them out. */
#define VIRT_VIRTIO_BASE    0x0a000000
#define VIRT_VIRTIO_COUNT   32
#define VIRT_VIRTIO_SPI     16
/* Generic timer PPIs (INTID - 16), in the order of the timer binding. */
#define VIRT_PPI_SEC_PHYS   13
#define VIRT_PPI_PHYS       14
#define VIRT_PPI_VIRT       11
#define VIRT_PPI_HYP        10

/* What the device tree describes. */
typedef struct VirtFdtInfo {
    uint64_t ram_size;
    unsigned ncpus;
    const char *cpu_compatible;     /* "arm,cortex-a72" */
    int gic_version;                /* 2 or 3 (0: 3) */
    const char *bootargs;           /* NULL: none */
    uint64_t initrd_start, initrd_end;  /* end 0: no initrd */
} VirtFdtInfo;

/* The board's own tree. */
KemuFdt *virt_build_fdt(const VirtFdtInfo *info);
/* /chosen: bootargs, initrd and stdout-path, also on a -dtb tree. */
bool virt_fdt_set_chosen(KemuFdt *fdt, const VirtFdtInfo *info, Error **errp);

#endif
