/*
 * The pc board's PCI: the i440FX host bridge (0xcf8/0xcfc) with its
 * PIIX3.  BARs map straight into system memory and the I/O ports; with no
 * firmware, Linux assigns them inside the DSDT's windows.  PIRQA-D reach
 * I/O APIC pins 16-19 as the DSDT's _PRT says; the PIIX3's routed ISA
 * outputs (config 0x60-0x63) go to the 8259 only, as on the real chipset.
 * virtio-pci's MSI-X writes land in the APIC window (pc-irq.c).
 */
#include "kemu/osdep.h"
#include "exec/memory.h"
#include "hw/intc/i8259.h"
#include "hw/pci-host/i440fx.h"
#include "system/kvm.h"
#include "pc-internal.h"

void pc_pci_init(PCMachine *pc)
{
    MemoryRegion *io = get_system_io();
    DeviceState *piix3;

    pc->pci_host = i440fx_create(io, get_system_memory(), io);
    piix3 = i440fx_get_piix3(pc->pci_host);
    for (int i = 0; i < PIIX3_NUM_PIRQS; i++) {
        int gsi = PC_PIRQ_GSI_BASE + i;

        qdev_connect_gpio_out_named(piix3, "pirq", i,
                                    pc->kernel_irqchip
                                    ? pc_kernel_irq(gsi)
                                    : qdev_get_gpio_in(pc->ioapic, gsi));
    }
    for (int i = 0; i < PC_NUM_ISA_IRQS; i++) {
        qdev_connect_gpio_out_named(piix3, "isa-irq", i,
                                    pc->kernel_irqchip
                                    ? pc_kernel_irq(KVM_X86_GSI_PIC_ONLY + i)
                                    : qdev_get_gpio_in(pc->pic, i));
    }
}
