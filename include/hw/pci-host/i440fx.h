/*
 * The PC's PCI host: an i440FX-style host bridge with configuration
 * mechanism #1 (address register 0xcf8, data 0xcfc-0xcff) and bus 0
 * ("pci.0") holding the host bridge function at 00.0 (8086:1237) and a
 * PIIX3-like ISA bridge at 01.0 (8086:7000).
 *
 * INTx: device pin p in slot s drives PIRQ (s - 1 + p) & 3 (the swizzle of
 * QEMU's pc board, which ACPI tables describe).  The PIIX3 routes PIRQA-D
 * through its config registers 0x60-0x63 (bit 7 disables, bits 0-3 the ISA
 * IRQ) to its "isa-irq" outputs 0-15, which the board connects to the 8259
 * inputs, and exposes the raw PIRQ levels as its "pirq" outputs 0-3 for
 * I/O APIC pins 16-19.  The PIIX3 drives an ISA line only while a PIRQ is
 * routed to it: the board must not route PIRQs to lines ISA devices use.
 *
 * Port 0xcf9 (a byte access) is the PIIX3 reset control register: writing
 * bit 2 requests a system reset.
 */
#ifndef HW_PCI_HOST_I440FX_H
#define HW_PCI_HOST_I440FX_H

#include "hw/pci/pci.h"
#include "hw/sysbus.h"

#define TYPE_I440FX_PCI_HOST "i440fx-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"
#define TYPE_PIIX3_DEVICE "PIIX3"

#define PIIX3_NUM_PIRQS 4

/*
 * Create the host bridge with its ports in io, memory BARs mapping into
 * pci_mem and I/O BARs into pci_io (usually io itself), and its two
 * functions on bus 0.
 */
DeviceState *i440fx_create(MemoryRegion *io, MemoryRegion *pci_mem,
                           MemoryRegion *pci_io);
PCIBus *i440fx_get_bus(DeviceState *host);
DeviceState *i440fx_get_piix3(DeviceState *host);

/* The bus's INTx lines into the PIIX3 (the host bridge wires this). */
void piix3_set_pirq(void *opaque, int pirq, int level);

#endif
