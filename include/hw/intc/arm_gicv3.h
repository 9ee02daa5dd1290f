/*
 * "arm-gicv3": a GICv3 interrupt controller without security extensions
 * (GICD_CTLR.DS = 1), affinity routing always on, no LPIs/ITS.
 *
 * MMIO region 0 is the distributor (64 KiB), region 1 the redistributors:
 * one 128 KiB pair of frames (RD_base, SGI_base) per CPU.  The CPU
 * interface is the ICC_*_EL1 system registers of each CPU, installed by
 * gicv3_connect_cpu().  Properties: "num-cpu", "num-irq" (32 + SPIs,
 * a multiple of 32, at most 1020 rounded down: 992).
 *
 * GPIO inputs: SPI n (INTID 32 + n) is input n, then 32 inputs per CPU
 * for its PPIs (input num_spi + 32 * cpu + INTID).  GPIO outputs: the IRQ
 * line of CPU i is output i, its FIQ line output num_cpu + i.
 */
#ifndef HW_INTC_ARM_GICV3_H
#define HW_INTC_ARM_GICV3_H

#include "hw/sysbus.h"
#include "hw/core/cpu.h"

#define TYPE_ARM_GICV3 "arm-gicv3"
#define GICV3_DIST_SIZE     0x10000
#define GICV3_REDIST_SIZE   0x20000     /* per CPU */
#define GICV3_MAX_IRQ       992         /* as GIC_MAX_IRQ */
#define GICV3_INTID_SPURIOUS 1023

/* Board helper: realize with ncpu CPUs and num_irq INTIDs, map both regions. */
DeviceState *gicv3_create(unsigned ncpu, unsigned num_irq, hwaddr dist,
                          hwaddr redist);
/*
 * Redistributor i serves cs (an AArch64 CPU): its affinity comes from the
 * CPU's MPIDR, its IRQ/FIQ outputs go to the CPU's inputs, and its CPU
 * interface registers become the CPU's ICC_* registers.
 */
void gicv3_connect_cpu(DeviceState *gic, unsigned i, CPUState *cs);
/* The input line of PPI intid (16-31) of CPU cpu. */
qemu_irq gicv3_get_ppi(DeviceState *gic, unsigned cpu, unsigned intid);

#endif
