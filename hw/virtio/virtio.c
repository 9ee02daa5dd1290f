/*
 * The virtio device core: feature negotiation, device status, config
 * space, queue set-up and interrupts (the rings are in virtqueue.c).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "hw/qdev-properties.h"
#include "virtio-internal.h"

#include <stdarg.h>

static void virtio_bus_notify(VirtIODevice *vdev, int source)
{
    BusState *bus = DEVICE(vdev)->parent_bus;

    if (bus && VIRTIO_BUS_GET_CLASS(bus)->notify) {
        VIRTIO_BUS_GET_CLASS(bus)->notify(bus, vdev, source);
    }
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    kemu_log_mask(LOG_GUEST_ERROR, "%s: %s\n", vdev->name, msg);
    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    virtio_notify_config(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->generation++;
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_bus_notify(vdev, VIRTIO_NOTIFY_CONFIG);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (vdev->broken || !virtqueue_should_notify(vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_bus_notify(vdev, vq - vdev->vq);
}

void virtio_reset(VirtIODevice *vdev)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (vdc->reset) {
        vdc->reset(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->broken = false;
    vdev->guest_features = 0;
    vdev->driver_features = 0;
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        virtqueue_reset(&vdev->vq[i]);
    }
    virtio_bus_notify(vdev, VIRTIO_NOTIFY_RESET);
}

uint32_t virtio_get_device_features(VirtIODevice *vdev, unsigned sel)
{
    return sel < 2 ? vdev->host_features >> (32 * sel) : 0;
}

void virtio_set_driver_features(VirtIODevice *vdev, unsigned sel,
                                uint32_t val)
{
    if (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: driver features written after "
                      "FEATURES_OK\n", vdev->name);
        return;
    }
    if (sel >= 2) {
        if (val) {
            kemu_log_mask(LOG_GUEST_ERROR, "%s: driver features word %u "
                          "(0x%x) not offered\n", vdev->name, sel, val);
        }
        return;
    }
    vdev->driver_features &= ~(0xffffffffULL << (32 * sel));
    vdev->driver_features |= (uint64_t)val << (32 * sel);
}

/* FEATURES_OK: only offered bits, and a modern driver. */
static bool virtio_accept_features(VirtIODevice *vdev)
{
    uint64_t f = vdev->driver_features;

    if (!virtio_has_feature(f, VIRTIO_F_VERSION_1)) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: driver did not accept "
                      "VIRTIO_F_VERSION_1 (legacy drivers are not "
                      "supported)\n", vdev->name);
        return false;
    }
    if (f & ~vdev->host_features) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: driver accepted features 0x%"
                      PRIx64 " that were not offered\n", vdev->name,
                      f & ~vdev->host_features);
        return false;
    }
    vdev->guest_features = f;
    return true;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (val == 0) {
        virtio_reset(vdev);
        return;
    }
    if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !virtio_accept_features(vdev)) {
        val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    if ((val & VIRTIO_CONFIG_S_DRIVER_OK) &&
        !(val & VIRTIO_CONFIG_S_FEATURES_OK)) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: DRIVER_OK without FEATURES_OK\n",
                      vdev->name);
        val &= ~VIRTIO_CONFIG_S_DRIVER_OK;
    }
    /* Only a reset clears NEEDS_RESET. */
    val = (val & ~VIRTIO_CONFIG_S_NEEDS_RESET) |
          (vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET);
    vdev->status = val;
    if (vdc->set_status) {
        vdc->set_status(vdev, val);
    }
}

static bool config_range_ok(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    if (addr + (uint64_t)size > vdev->config_len) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: config access of %u bytes at "
                      "0x%x beyond %zu bytes\n", vdev->name, size, addr,
                      vdev->config_len);
        return false;
    }
    return true;
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint32_t val = 0;

    if (!config_range_ok(vdev, addr, size)) {
        return UINT32_MAX;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)vdev->config[addr + i] << (8 * i);
    }
    return val;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val,
                         unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!config_range_ok(vdev, addr, size)) {
        return;
    }
    if (!vdc->set_config) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: write to read-only config at "
                      "0x%x\n", vdev->name, addr);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        vdev->config[addr + i] = val >> (8 * i);
    }
    vdc->set_config(vdev, vdev->config);
}

/* The queue a transport register names, or NULL (logged). */
static VirtQueue *queue_sel(VirtIODevice *vdev, unsigned n, const char *what)
{
    if (n >= VIRTIO_QUEUE_MAX || !vdev->vq[n].num_max) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: %s of queue %u, which does not "
                      "exist\n", vdev->name, what, n);
        return NULL;
    }
    return &vdev->vq[n];
}

/* Queue set-up registers may change only while the queue is not ready. */
static VirtQueue *queue_sel_setup(VirtIODevice *vdev, unsigned n,
                                  const char *what)
{
    VirtQueue *vq = queue_sel(vdev, n, what);

    if (vq && vq->ready) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: %s of queue %u while it is "
                      "ready\n", vdev->name, what, n);
        return NULL;
    }
    return vq;
}

unsigned virtio_queue_get_max_num(VirtIODevice *vdev, unsigned n)
{
    return n < VIRTIO_QUEUE_MAX ? vdev->vq[n].num_max : 0;
}

unsigned virtio_queue_get_num(VirtIODevice *vdev, unsigned n)
{
    return n < VIRTIO_QUEUE_MAX ? vdev->vq[n].num : 0;
}

void virtio_queue_set_num(VirtIODevice *vdev, unsigned n, unsigned num)
{
    VirtQueue *vq = queue_sel_setup(vdev, n, "size");

    if (vq) {
        vq->num = num;
    }
}

bool virtio_queue_get_ready(VirtIODevice *vdev, unsigned n)
{
    return n < VIRTIO_QUEUE_MAX && vdev->vq[n].ready;
}

void virtio_queue_set_ready(VirtIODevice *vdev, unsigned n, bool ready)
{
    VirtQueue *vq = queue_sel(vdev, n, "ready");

    if (!vq || vq->ready == ready) {
        return;
    }
    if (ready && (!vq->num || vq->num > vq->num_max ||
                  (vq->num & (vq->num - 1)))) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: queue %u size %u is not a power "
                      "of two up to %u\n", vdev->name, n, vq->num,
                      vq->num_max);
        return;
    }
    if (!ready) {
        /* Disabling a queue forgets it (virtio-mmio QueueReady = 0). */
        virtqueue_reset(vq);
        return;
    }
    vq->ready = true;
}

uint64_t virtio_queue_get_addr(VirtIODevice *vdev, unsigned n, int which)
{
    VirtQueue *vq;

    if (n >= VIRTIO_QUEUE_MAX) {
        return 0;
    }
    vq = &vdev->vq[n];
    return which == 0 ? vq->desc : which == 1 ? vq->avail : vq->used;
}

void virtio_queue_set_addr(VirtIODevice *vdev, unsigned n, int which,
                           uint64_t addr)
{
    VirtQueue *vq = queue_sel_setup(vdev, n, "address");

    if (!vq) {
        return;
    }
    if (which == 0) {
        vq->desc = addr;
    } else if (which == 1) {
        vq->avail = addr;
    } else {
        vq->used = addr;
    }
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned n)
{
    VirtQueue *vq = queue_sel(vdev, n, "notify");

    if (!vq || vdev->broken || !vq->ready || !vq->handle ||
        !(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vq->handle(vdev, vq);
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned n)
{
    assert(n < VIRTIO_QUEUE_MAX);
    return &vdev->vq[n];
}

VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq)
{
    return vq->vdev;
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned max_size,
                            VirtIOHandleOutput *handle)
{
    int i = 0;

    assert(max_size && max_size <= VIRTQUEUE_MAX_SIZE &&
           !(max_size & (max_size - 1)));
    while (i < VIRTIO_QUEUE_MAX && vdev->vq[i].num_max) {
        i++;
    }
    assert(i < VIRTIO_QUEUE_MAX);
    vdev->vq[i].num_max = max_size;
    vdev->vq[i].handle = handle;
    virtqueue_reset(&vdev->vq[i]);
    return &vdev->vq[i];
}

void virtio_init(VirtIODevice *vdev, const char *name, uint16_t device_id,
                 size_t config_len)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    vdev->name = name;
    vdev->device_id = device_id;
    vdev->config_len = config_len;
    vdev->config = g_malloc0(MAX(config_len, 1));
    vdev->dma_as = &address_space_memory;
    vdev->vq = g_new0(VirtQueue, VIRTIO_QUEUE_MAX);
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
    }
    vdev->host_features = 1ULL << VIRTIO_F_VERSION_1;
    if (vdev->indirect_desc) {
        vdev->host_features |= 1ULL << VIRTIO_RING_F_INDIRECT_DESC;
    }
    if (vdev->event_idx) {
        vdev->host_features |= 1ULL << VIRTIO_RING_F_EVENT_IDX;
    }
    if (vdc->get_features) {
        vdev->host_features |= vdc->get_features(vdev);
    }
}

void virtio_cleanup(VirtIODevice *vdev)
{
    g_clear_pointer(&vdev->config, g_free);
    g_clear_pointer(&vdev->vq, g_free);
}

static void virtio_device_reset(DeviceState *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static const Property virtio_device_props[] = {
    DEFINE_PROP_BOOL("indirect_desc", VirtIODevice, indirect_desc, true),
    DEFINE_PROP_BOOL("event_idx", VirtIODevice, event_idx, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_device_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_VIRTIO_BUS;
    dc->reset = virtio_device_reset;
    device_class_set_props(dc, virtio_device_props);
}

static const TypeInfo virtio_device_info = {
    .name = TYPE_VIRTIO_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .class_size = sizeof(VirtioDeviceClass),
    .class_init = virtio_device_class_init,
    .abstract = true,
};

static const TypeInfo virtio_bus_info = {
    .name = TYPE_VIRTIO_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(BusState),
    .class_size = sizeof(VirtioBusClass),
    .abstract = true,
};

static void virtio_register_types(void)
{
    type_register_static(&virtio_device_info);
    type_register_static(&virtio_bus_info);
}

type_init(virtio_register_types)
