/*
 * virtio-mmio transport, version 2 (virtio 1.x section 4.2): a sysbus
 * device "virtio-mmio" with one 0x200-byte register window, one interrupt
 * output (level: high while InterruptStatus is non-zero) and a bus
 * "virtio-mmio-bus" that holds at most one virtio device.  An empty
 * transport reads DeviceID 0, as QEMU's do, so boards can create many and
 * -device NAME-device,... fills the first free one.
 *
 * For the AArch64 virt board (hw/arm/virt.c), as QEMU lays it out:
 *
 *   qemu_irq irqs[VIRT_VIRTIO_COUNT];       // 32
 *   for (i = 0; i < 32; i++) irqs[i] = <GIC input of SPI 16 + i>;
 *   virtio_mmio_create_transports(0x0a000000, irqs, 32);
 *   ... later, while building the tree:
 *   virtio_mmio_fdt_add_nodes(fdt, 0x0a000000, 32, 16, &error_fatal);
 *
 * Transports must exist before -device options are handled.
 */
#ifndef HW_VIRTIO_VIRTIO_MMIO_H
#define HW_VIRTIO_VIRTIO_MMIO_H

#include "hw/sysbus.h"
#include "hw/fdt.h"

#define TYPE_VIRTIO_MMIO "virtio-mmio"
#define TYPE_VIRTIO_MMIO_BUS "virtio-mmio-bus"
#define VIRTIO_MMIO_SIZE 0x200

#define VIRTIO_MMIO_MAGIC 0x74726976        /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551       /* "QEMU", as Linux expects */

/* One transport: realized, mapped at base, its IRQ wired to irq. */
DeviceState *virtio_mmio_create(hwaddr base, qemu_irq irq);
/* n transports at base + i * VIRTIO_MMIO_SIZE, transport i on irqs[i]. */
void virtio_mmio_create_transports(hwaddr base, const qemu_irq *irqs, int n);
/*
 * Device-tree nodes "/virtio_mmio@ADDR" for those transports: compatible
 * "virtio,mmio", reg (2+2 cells), interrupts <GIC_SPI first_spi+i
 * edge-rising> (3 cells, interrupt-parent inherited from the root) and
 * dma-coherent.  Nodes appear lowest address first.
 */
bool virtio_mmio_fdt_add_nodes(KemuFdt *fdt, hwaddr base, int n,
                               uint32_t first_spi, Error **errp);

#endif
