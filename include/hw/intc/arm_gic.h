/*
 * "arm-gic": a GICv2 interrupt controller without security extensions
 * or virtualization extensions, as QEMU's virt board has with
 * gic-version=2: up to 8 CPUs, 8 priority bits, groups 0 and 1 (group 0
 * may go to FIQ with GICC_CTLR.FIQEn).
 *
 * MMIO region 0 is the distributor (64 KiB), region 1 the CPU interface
 * (8 KiB: GICC_DIR at 0x1000).  The CPU interface is banked: an access
 * reaches the interface of the vCPU making it (current_cpu), or CPU 0's
 * from a thread that runs no vCPU (monitor, debugger).  Properties:
 * "num-cpu" (1-8), "num-irq" (32 + SPIs, a multiple of 32, 64-992).
 *
 * GPIO inputs: SPI n (INTID 32 + n) is input n, then 32 inputs per CPU
 * for its PPIs (input num_spi + 32 * cpu + INTID).  GPIO outputs: the IRQ
 * line of CPU i is output i, its FIQ line output num_cpu + i.
 */
#ifndef HW_INTC_ARM_GIC_H
#define HW_INTC_ARM_GIC_H

#include "hw/sysbus.h"
#include "hw/core/cpu.h"

#define TYPE_ARM_GIC        "arm-gic"
#define GIC_DIST_SIZE       0x10000
#define GIC_CPUIF_SIZE      0x2000
#define GIC_MAX_CPUS        8

/* Board helper: realize with ncpu CPUs and num_irq INTIDs, map both. */
DeviceState *gic_create(unsigned ncpu, unsigned num_irq, hwaddr dist,
                        hwaddr cpuif);
/* CPU i is cs: its accesses bank the CPU interface; IRQ/FIQ go to it. */
void gic_connect_cpu(DeviceState *gic, unsigned i, CPUState *cs);
/* The input line of PPI intid (16-31) of CPU cpu. */
qemu_irq gic_get_ppi(DeviceState *gic, unsigned cpu, unsigned intid);

#endif
