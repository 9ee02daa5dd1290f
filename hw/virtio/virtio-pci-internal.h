/*
 * What the two halves of virtio-pci share: virtio-pci.c (the PCI function,
 * capabilities, interrupts, types) and virtio-pci-regs.c (the structures
 * in BAR4 and the PCI configuration access window onto them).
 */
#ifndef HW_VIRTIO_VIRTIO_PCI_INTERNAL_H
#define HW_VIRTIO_VIRTIO_PCI_INTERNAL_H

#include "kemu/event-notifier.h"
#include "hw/virtio/virtio-pci.h"

typedef struct VirtIOPCIProxy VirtIOPCIProxy;

/* A queue's kick through an ioeventfd on its notification address. */
typedef struct VirtIOPCIHostNotifier {
    EventNotifier e;
    guint watch;                /* main-loop fd watch; 0 when unassigned */
    VirtIOPCIProxy *proxy;
    uint16_t queue;
} VirtIOPCIHostNotifier;

/*
 * A queue's interrupt through a notifier of its MSI-X vector: under KVM an
 * irqfd, so completing a request injects it without KVM_SIGNAL_MSI.
 */
typedef struct VirtIOPCIGuestNotifier {
    EventNotifier *e;           /* NULL: msix_notify() */
    uint16_t vector;            /* the vector e belongs to */
} VirtIOPCIGuestNotifier;

struct VirtIOPCIProxy {
    PCIDevice parent_obj;
    BusState *bus;
    VirtIODevice *vdev;
    MemoryRegion modern_bar;
    MemoryRegion common, isr, device, notify;
    unsigned nvqs;
    uint32_t dfselect;
    uint32_t gfselect;
    uint16_t queue_sel;
    uint16_t config_vector;
    uint16_t queue_vector[VIRTIO_QUEUE_MAX];
    uint8_t cfg_cap;            /* the PCI configuration access capability */
    bool ioeventfd;             /* property: kicks, interrupts by notifier */
    VirtIOPCIHostNotifier host_notifier[VIRTIO_QUEUE_MAX];
    VirtIOPCIGuestNotifier guest_notifier[VIRTIO_QUEUE_MAX];
};

#define VIRTIO_PCI(obj) OBJECT_CHECK(VirtIOPCIProxy, (obj), TYPE_VIRTIO_PCI)

static inline const char *proxy_name(VirtIOPCIProxy *s)
{
    return object_get_typename(OBJECT(s));
}

/* virtio-pci.c */
/* INTA follows ISR status while MSI-X is off. */
void virtio_pci_update_intx(VirtIOPCIProxy *s);
/* Transport state that a device reset (status 0) clears. */
void virtio_pci_reset_state(VirtIOPCIProxy *s);
/* A vector the driver asks for: valid, or NO_VECTOR (logged). */
uint16_t virtio_pci_check_vector(VirtIOPCIProxy *s, uint16_t vector);

/*
 * With the ioeventfd property on, a queue the driver enables is kicked
 * through an ioeventfd (under KVM the vCPU does not exit for it) and
 * interrupts through its vector's notifier (under KVM an irqfd); reset
 * takes them all away.  A new queue vector moves the interrupt's notifier.
 */
void virtio_pci_queue_enabled(VirtIOPCIProxy *s, unsigned q);
void virtio_pci_queue_vector_changed(VirtIOPCIProxy *s, unsigned q);
void virtio_pci_notifiers_stop(VirtIOPCIProxy *s);

/* virtio-pci-regs.c */
/* BAR4 with its four structures, registered as the device's BAR. */
void virtio_pci_init_modern_bar(VirtIOPCIProxy *s);
void virtio_pci_free_modern_bar(VirtIOPCIProxy *s);
/* PCIDeviceClass config hooks: the config window. */
uint32_t virtio_pci_config_read(PCIDevice *d, uint32_t addr, int len);
void virtio_pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                             int len);

#endif
