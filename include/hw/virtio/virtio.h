/*
 * The device-independent virtio core (virtio 1.x, split virtqueues).
 *
 * A VirtIODevice (virtio-blk-device, virtio-rng-device, ...) sits on a
 * virtio bus that a transport (virtio-mmio, virtio-pci) owns.  The
 * transport turns register accesses into calls to this API (features,
 * status, queue set-up, notifications, config space); the core turns
 * virtio_notify() into the bus class's notify callback (with the queue, or
 * config), which updates the transport's interrupt line or sends its MSI-X
 * vector.
 *
 * Only modern (VIRTIO_F_VERSION_1, little-endian) drivers are supported.
 * Everything the guest controls is validated: a bad ring marks the device
 * broken (DEVICE_NEEDS_RESET), logs under LOG_GUEST_ERROR and stops the
 * device until the driver resets it.  Descriptors are mapped only where
 * they are guest RAM (address_space_map), never elsewhere.
 *
 * Locking: everything here runs under the big lock (vCPU MMIO handlers and
 * main-loop completions both hold it).
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include "exec/memory.h"
#include "hw/qdev-core.h"

#include <sys/uio.h>

/* Device status bits. */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE         1
#define VIRTIO_CONFIG_S_DRIVER              2
#define VIRTIO_CONFIG_S_DRIVER_OK           4
#define VIRTIO_CONFIG_S_FEATURES_OK         8
#define VIRTIO_CONFIG_S_NEEDS_RESET         0x40
#define VIRTIO_CONFIG_S_FAILED              0x80

/* Feature bits of the core (device-specific ones are 0..23). */
#define VIRTIO_RING_F_INDIRECT_DESC         28
#define VIRTIO_RING_F_EVENT_IDX             29
#define VIRTIO_F_VERSION_1                  32

/* Descriptor flags. */
#define VRING_DESC_F_NEXT                   1
#define VRING_DESC_F_WRITE                  2
#define VRING_DESC_F_INDIRECT               4
/* avail->flags and used->flags. */
#define VRING_AVAIL_F_NO_INTERRUPT          1
#define VRING_USED_F_NO_NOTIFY              1

/* Interrupt status (ISR) bits. */
#define VIRTIO_ISR_QUEUE                    1
#define VIRTIO_ISR_CONFIG                   2

/* Device IDs. */
#define VIRTIO_ID_NET                       1
#define VIRTIO_ID_BLOCK                     2
#define VIRTIO_ID_CONSOLE                   3
#define VIRTIO_ID_RNG                       4

/* Queues per device: virtio-serial has 2 per port and 2 for control. */
#define VIRTIO_QUEUE_MAX                    64
#define VIRTQUEUE_MAX_SIZE                  1024    /* descriptors per queue */

#define TYPE_VIRTIO_DEVICE "virtio-device"
#define TYPE_VIRTIO_BUS "virtio-bus"

typedef struct VirtQueue VirtQueue;
typedef struct VirtIODevice VirtIODevice;

/*
 * One popped request: the device-readable (out) and device-writable (in)
 * buffers of a descriptor chain, as host iovecs over guest RAM.  A device
 * may embed it at the start of a larger struct (see virtqueue_pop).
 */
typedef struct VirtQueueElement {
    unsigned index;             /* head descriptor, returned in the used ring */
    unsigned out_num;
    unsigned in_num;
    struct iovec *out_sg;
    struct iovec *in_sg;
} VirtQueueElement;

typedef void VirtIOHandleOutput(VirtIODevice *vdev, VirtQueue *vq);

struct VirtIODevice {
    DeviceState parent_obj;
    const char *name;
    uint16_t device_id;
    uint8_t status;
    uint8_t isr;
    bool broken;
    uint32_t generation;        /* config generation */
    uint64_t host_features;     /* offered */
    uint64_t guest_features;    /* accepted at FEATURES_OK */
    uint64_t driver_features;   /* written by the driver, not yet accepted */
    size_t config_len;
    uint8_t *config;
    AddressSpace *dma_as;
    VirtQueue *vq;              /* VIRTIO_QUEUE_MAX of them */
    /* core properties */
    bool indirect_desc;
    bool event_idx;
};

typedef struct VirtioDeviceClass {
    DeviceClass parent_class;
    /* Device bits to offer (the core adds its own). */
    uint64_t (*get_features)(VirtIODevice *vdev);
    /* Refresh vdev->config before the driver reads it. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* The driver wrote vdev->config (may be NULL: config is read-only). */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Status changed (after the core's own handling); may be NULL. */
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
    /* Device reset (driver wrote 0 to status, or system reset). */
    void (*reset)(VirtIODevice *vdev);
} VirtioDeviceClass;

/* Why a transport is notified: queue n (>= 0), or one of these. */
#define VIRTIO_NOTIFY_CONFIG    -1      /* config change (ISR bit 1) */
#define VIRTIO_NOTIFY_RESET     -2      /* device reset, ISR cleared */

/* A transport's bus: one device at most (BusClass.max_dev = 1). */
typedef struct VirtioBusClass {
    BusClass parent_class;
    /*
     * vdev->isr changed because of source: update the interrupt line, or
     * send the source's message-signalled vector.
     */
    void (*notify)(BusState *bus, VirtIODevice *vdev, int source);
} VirtioBusClass;

#define VIRTIO_DEVICE(obj) \
    OBJECT_CHECK(VirtIODevice, (obj), TYPE_VIRTIO_DEVICE)
#define VIRTIO_DEVICE_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtioDeviceClass, (klass), TYPE_VIRTIO_DEVICE)
#define VIRTIO_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtioDeviceClass, (obj), TYPE_VIRTIO_DEVICE)
#define VIRTIO_BUS_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtioBusClass, (klass), TYPE_VIRTIO_BUS)
#define VIRTIO_BUS_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtioBusClass, (obj), TYPE_VIRTIO_BUS)

static inline bool virtio_has_feature(uint64_t features, unsigned bit)
{
    return (features >> bit) & 1;
}

static inline bool virtio_vdev_has_feature(VirtIODevice *vdev, unsigned bit)
{
    return virtio_has_feature(vdev->guest_features, bit);
}

/* From the device's realize: its ID and config space size. */
void virtio_init(VirtIODevice *vdev, const char *name, uint16_t device_id,
                 size_t config_len);
/* From the device's unrealize. */
void virtio_cleanup(VirtIODevice *vdev);
/* Add the next queue (max_size a power of two <= VIRTQUEUE_MAX_SIZE). */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned max_size,
                            VirtIOHandleOutput *handle);

/*
 * The guest did something wrong: log it (LOG_GUEST_ERROR), mark the device
 * broken and set DEVICE_NEEDS_RESET (with a config interrupt).
 */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Transport side: features, status, config, queue set-up, notify. */
void virtio_reset(VirtIODevice *vdev);
void virtio_set_driver_features(VirtIODevice *vdev, unsigned sel,
                                uint32_t val);
uint32_t virtio_get_device_features(VirtIODevice *vdev, unsigned sel);
void virtio_set_status(VirtIODevice *vdev, uint8_t val);
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val,
                         unsigned size);
/* Driver -> device: queue n has new buffers. */
void virtio_queue_notify(VirtIODevice *vdev, unsigned n);

/* Queue registers as a transport sees them (n < VIRTIO_QUEUE_MAX). */
unsigned virtio_queue_get_max_num(VirtIODevice *vdev, unsigned n);
unsigned virtio_queue_get_num(VirtIODevice *vdev, unsigned n);
void virtio_queue_set_num(VirtIODevice *vdev, unsigned n, unsigned num);
bool virtio_queue_get_ready(VirtIODevice *vdev, unsigned n);
void virtio_queue_set_ready(VirtIODevice *vdev, unsigned n, bool ready);
/* which: 0 descriptor table, 1 driver (avail) area, 2 device (used) area. */
uint64_t virtio_queue_get_addr(VirtIODevice *vdev, unsigned n, int which);
void virtio_queue_set_addr(VirtIODevice *vdev, unsigned n, int which,
                           uint64_t addr);

/* Device side. */
VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned n);
/*
 * The next available chain, in a g_malloc0'd block of sz bytes
 * (sz >= sizeof(VirtQueueElement)), or NULL when the queue is empty, not
 * ready, or the device is (now) broken.  Finish it with virtqueue_push (or
 * virtqueue_detach_element), then g_free it.
 */
void *virtqueue_pop(VirtQueue *vq, size_t sz);
/* Unmap elem's buffers and put it in the used ring (len bytes written). */
void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, unsigned len);
/* Unmap elem's buffers without using it (the device is being reset). */
void virtqueue_detach_element(VirtQueue *vq, VirtQueueElement *elem);
/*
 * Whether the driver should notify (kick) vq for new buffers; on after a
 * reset.  A device that drains the queue on its own turns it off meanwhile,
 * and must look at the queue again after turning it back on.
 */
void virtqueue_set_notification(VirtQueue *vq, bool enable);
/* Interrupt the driver for vq, unless it suppressed it (event idx/flags). */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* Config space changed: bump the generation, config interrupt. */
void virtio_notify_config(VirtIODevice *vdev);
VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq);

#endif
