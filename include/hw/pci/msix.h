/*
 * MSI-X (PCI Local Bus 3.0, section 6.8.2): a capability in config space
 * (message control with table size, function mask and enable; table and
 * PBA offset/BIR) and, in a memory BAR, the vector table (16 bytes per
 * vector: address low/high, data, vector control with the mask bit) and
 * the pending bit array.
 *
 * msix_notify() sends a vector: with MSI-X enabled, bus mastering on and
 * neither the function nor the vector masked, the message data is written
 * as a 32-bit little-endian store to the message address in
 * address_space_memory (the local APIC's MSI window at 0xfee00000 on a PC).
 * Otherwise the vector's pending bit is set, and the message goes out as
 * soon as the driver unmasks it (vector control, function mask, enable).
 *
 * The PCI core takes care of the rest: config writes to the capability
 * (pci_default_write_config), reset (everything masked and disabled) and
 * unrealize (msix_uninit).  A device whose MSI-X is disabled signals
 * through its INTx pin instead (pci_set_irq); msix_enabled() tells which.
 */
#ifndef HW_PCI_MSIX_H
#define HW_PCI_MSIX_H

#include "hw/pci/pci.h"
#include "kemu/event-notifier.h"

#define PCI_MSIX_CAP_SIZE           12
#define PCI_MSIX_FLAGS              2       /* message control */
#define  PCI_MSIX_FLAGS_QSIZE       0x07ff  /* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL     0x4000
#define  PCI_MSIX_FLAGS_ENABLE      0x8000
#define PCI_MSIX_TABLE              4       /* offset | BIR */
#define PCI_MSIX_PBA                8
#define  PCI_MSIX_BIR_MASK          7

#define PCI_MSIX_ENTRY_SIZE         16
#define PCI_MSIX_ENTRY_ADDR_LO      0
#define PCI_MSIX_ENTRY_ADDR_HI      4
#define PCI_MSIX_ENTRY_DATA         8
#define PCI_MSIX_ENTRY_CTRL         12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT 1

#define PCI_MSIX_MAX_VECTORS        2048

typedef struct MSIXRoute MSIXRoute;

/*
 * MSI-X with nentries vectors in a BAR of its own: a 32-bit memory BAR
 * bar_nr holding the table at 0 and the PBA at 0x800 (one 4 KiB page for
 * up to 128 vectors, more pages beyond).  Adds the capability at the next
 * free config offset.  Call from the device's realize.
 */
bool msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries,
                             uint8_t bar_nr, Error **errp);
/* Frees the table (the PCI core calls it at unrealize). */
void msix_uninit(PCIDevice *dev);

bool msix_present(PCIDevice *dev);
bool msix_enabled(PCIDevice *dev);
unsigned msix_nr_vectors(PCIDevice *dev);
/* Masked by its vector control or the function mask. */
bool msix_is_masked(PCIDevice *dev, unsigned vector);
bool msix_is_pending(PCIDevice *dev, unsigned vector);
/* Send vector (ignored, logged, when out of range). */
void msix_notify(PCIDevice *dev, unsigned vector);
/* Forget pending vectors (the device's interrupt sources were reset). */
void msix_clear_pending(PCIDevice *dev);

/*
 * A notifier for vector: setting it (any thread, no lock) sends the vector
 * as msix_notify() would, but the accelerator delivers the message itself
 * (KVM: an MSI GSI route and an irqfd, so the interrupt is injected by
 * the kernel, not through the main loop and KVM_SIGNAL_MSI).  The route
 * follows the table: a rewritten address/data updates it; while the vector
 * may not send (masked, function mask, MSI-X or bus mastering off) the
 * notifier is detached and a set becomes the pending bit; on unmask the
 * pending vector goes out.  NULL when the accelerator has no MSI routes
 * (TCG) or vector is out of range: then call msix_notify() directly.
 * Vectors shared by several users count them; release each use.
 */
EventNotifier *msix_vector_use_notifier(PCIDevice *dev, unsigned vector);
void msix_vector_release_notifier(PCIDevice *dev, unsigned vector);

/* PCI core hooks. */
void msix_reset(PCIDevice *dev);
/* The command register or message control was written. */
void msix_config_changed(PCIDevice *dev);

#endif
