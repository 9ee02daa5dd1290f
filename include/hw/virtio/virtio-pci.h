/*
 * virtio-pci, the modern (virtio 1.x, section 4.1) transport: a PCI
 * function 1af4:(1040 + virtio device ID), revision 1, subsystem
 * 1af4:1100, holding one virtio device on its bus "virtio-pci-bus.N".
 *
 * BAR4 (64-bit prefetchable memory, 16 KiB) holds the structures that the
 * vendor capabilities (cfg_type 1-4) point at:
 *
 *   0x0000  common configuration (features, status, queue set-up)
 *   0x1000  ISR status (read to clear; drives INTx)
 *   0x2000  device-specific configuration (absent when it is empty)
 *   0x3000  notifications: queue n at 0x3000 + 4 * n (multiplier 4)
 *
 * A fifth vendor capability (cfg_type 5) is the PCI configuration access
 * window onto BAR4, for firmware that cannot reach the BAR.
 *
 * BAR1 holds the MSI-X table and PBA: one vector per queue plus one for
 * configuration changes.  While MSI-X is disabled the device raises INTA
 * (level: high while ISR status is non-zero).
 *
 * Each device type gets a PCI type of its own, named as in QEMU, whose
 * properties are the device's (forwarded) plus the PCI ones (addr=):
 *
 *   -device virtio-blk-pci,drive=ID[,serial=S]
 *   -device virtio-rng-pci
 *
 * A machine with a PCI bus takes them; elsewhere -device says "No 'PCI'
 * bus found for device 'virtio-blk-pci'".  For -drive if=virtio a board
 * sets MachineClass.virtio_blk_device = "virtio-blk-pci".
 *
 * Adding a device (e.g. virtio-net once hw/net/virtio-net.c exists) is one
 * line in the table in hw/virtio/virtio-pci.c:
 *
 *   { "virtio-net-pci", "virtio-net-device", VIRTIO_ID_NET,
 *     PCI_CLASS_NETWORK_ETHERNET },
 */
#ifndef HW_VIRTIO_VIRTIO_PCI_H
#define HW_VIRTIO_VIRTIO_PCI_H

#include "hw/pci/pci.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_PCI "virtio-pci"
#define TYPE_VIRTIO_PCI_BUS "virtio-pci-bus"

#define PCI_VENDOR_ID_REDHAT_QUMRANET   0x1af4
#define PCI_SUBDEVICE_ID_QEMU           0x1100
#define PCI_DEVICE_ID_VIRTIO_10_BASE    0x1040

/* Vendor capability (struct virtio_pci_cap). */
#define VIRTIO_PCI_CAP_LEN          2
#define VIRTIO_PCI_CAP_CFG_TYPE     3
#define VIRTIO_PCI_CAP_BAR          4
#define VIRTIO_PCI_CAP_OFFSET       8
#define VIRTIO_PCI_CAP_LENGTH       12
#define VIRTIO_PCI_NOTIFY_CAP_MULT  16      /* notify_off_multiplier */
#define VIRTIO_PCI_CAP_SIZE         16
#define VIRTIO_PCI_NOTIFY_CAP_SIZE  20

#define VIRTIO_PCI_CAP_COMMON_CFG   1
#define VIRTIO_PCI_CAP_NOTIFY_CFG   2
#define VIRTIO_PCI_CAP_ISR_CFG      3
#define VIRTIO_PCI_CAP_DEVICE_CFG   4
#define VIRTIO_PCI_CAP_PCI_CFG      5

/* struct virtio_pci_cfg_cap: the window's data after the header. */
#define VIRTIO_PCI_CFG_DATA         16
#define VIRTIO_PCI_CFG_CAP_SIZE     20

/* struct virtio_pci_common_cfg */
#define VIRTIO_PCI_COMMON_DFSELECT      0x00
#define VIRTIO_PCI_COMMON_DF            0x04
#define VIRTIO_PCI_COMMON_GFSELECT      0x08
#define VIRTIO_PCI_COMMON_GF            0x0c
#define VIRTIO_PCI_COMMON_MSIX          0x10
#define VIRTIO_PCI_COMMON_NUMQ          0x12
#define VIRTIO_PCI_COMMON_STATUS        0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION 0x15
#define VIRTIO_PCI_COMMON_Q_SELECT      0x16
#define VIRTIO_PCI_COMMON_Q_SIZE        0x18
#define VIRTIO_PCI_COMMON_Q_MSIX        0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE      0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF        0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO      0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI      0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO     0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI     0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO      0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI      0x34
#define VIRTIO_PCI_COMMON_CFG_SIZE      0x38

#define VIRTIO_MSI_NO_VECTOR            0xffff

/* BAR numbers and the layout of the capability BAR. */
#define VIRTIO_PCI_MSIX_BAR             1
#define VIRTIO_PCI_MODERN_BAR           4
#define VIRTIO_PCI_COMMON_OFFSET        0x0000
#define VIRTIO_PCI_ISR_OFFSET           0x1000
#define VIRTIO_PCI_DEVICE_OFFSET        0x2000
#define VIRTIO_PCI_NOTIFY_OFFSET        0x3000
#define VIRTIO_PCI_REGION_SIZE          0x1000
#define VIRTIO_PCI_MODERN_BAR_SIZE      0x4000
#define VIRTIO_PCI_NOTIFY_MULTIPLIER    4

/* The virtio device inside a virtio-pci function (for boards, tests). */
VirtIODevice *virtio_pci_get_vdev(PCIDevice *dev);

#endif
