/*
 * virtio-pci modern transport: the PCI function, its capabilities,
 * interrupts (MSI-X in BAR1, or INTA) and types.  Each NAME-pci type
 * embeds its virtio device (child "virtio-backend") and forwards the
 * device's properties.  BAR4's structures are in virtio-pci-regs.c.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "virtio-pci-internal.h"

/* One NAME-pci type: its virtio device and PCI identity. */
typedef struct VirtIOPCIDeviceInfo {
    const char *name;
    const char *vdev_type;
    uint16_t virtio_id;
    uint16_t class_id;
} VirtIOPCIDeviceInfo;

typedef struct VirtIOPCIClass {
    PCIDeviceClass parent_class;
    const char *vdev_type;
    DeviceReset *parent_reset;
} VirtIOPCIClass;

#define VIRTIO_PCI_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtIOPCIClass, (klass), TYPE_VIRTIO_PCI)
#define VIRTIO_PCI_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtIOPCIClass, (obj), TYPE_VIRTIO_PCI)

static const VirtIOPCIDeviceInfo virtio_pci_devices[] = {
    { "virtio-blk-pci", "virtio-blk-device", VIRTIO_ID_BLOCK,
      PCI_CLASS_STORAGE_SCSI },
    { "virtio-rng-pci", "virtio-rng-device", VIRTIO_ID_RNG, 0x00ff },
    { "virtio-net-pci", "virtio-net-device", VIRTIO_ID_NET,
      PCI_CLASS_NETWORK_ETHERNET },
    /* Simple communication controller, other (0x0780), as in QEMU. */
    { "virtio-serial-pci", "virtio-serial-device", VIRTIO_ID_CONSOLE,
      0x0780 },
};

VirtIODevice *virtio_pci_get_vdev(PCIDevice *dev)
{
    return VIRTIO_PCI(dev)->vdev;
}

/* Interrupts. */

void virtio_pci_update_intx(VirtIOPCIProxy *s)
{
    PCIDevice *d = PCI_DEVICE(s);

    pci_set_irq(d, !msix_enabled(d) && s->vdev->isr);
}

static uint16_t source_vector(VirtIOPCIProxy *s, int source)
{
    if (source == VIRTIO_NOTIFY_CONFIG) {
        return s->config_vector;
    }
    return source >= 0 ? s->queue_vector[source] : VIRTIO_MSI_NO_VECTOR;
}

static void virtio_pci_bus_notify(BusState *bus, VirtIODevice *vdev,
                                  int source)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(bus->parent);
    PCIDevice *d = PCI_DEVICE(s);
    uint16_t vector = source_vector(s, source);
    EventNotifier *e = source >= 0 ? s->guest_notifier[source].e : NULL;

    virtio_pci_update_intx(s);
    if (msix_enabled(d) && vector != VIRTIO_MSI_NO_VECTOR) {
        if (e) {
            event_notifier_set(e);
        } else {
            msix_notify(d, vector);
        }
    }
}

/* Notifiers: ioeventfds for kicks, MSI-X vector notifiers for interrupts. */

static void host_notifier_ready(EventNotifier *e)
{
    VirtIOPCIHostNotifier *n = container_of(e, VirtIOPCIHostNotifier, e);

    virtio_queue_notify(n->proxy->vdev, n->queue);
}

static hwaddr host_notifier_addr(unsigned q)
{
    return q * VIRTIO_PCI_NOTIFY_MULTIPLIER;
}

static void guest_notifier_release(VirtIOPCIProxy *s, unsigned q)
{
    VirtIOPCIGuestNotifier *g = &s->guest_notifier[q];

    if (g->e) {
        msix_vector_release_notifier(PCI_DEVICE(s), g->vector);
        g->e = NULL;
    }
}

/* NULL (msix_notify) under TCG: a hop through an fd would only cost. */
void virtio_pci_queue_vector_changed(VirtIOPCIProxy *s, unsigned q)
{
    VirtIOPCIGuestNotifier *g = &s->guest_notifier[q];

    guest_notifier_release(s, q);
    if (s->ioeventfd && s->queue_vector[q] != VIRTIO_MSI_NO_VECTOR &&
        virtio_queue_get_ready(s->vdev, q)) {
        g->vector = s->queue_vector[q];
        g->e = msix_vector_use_notifier(PCI_DEVICE(s), g->vector);
    }
}

static void host_notifier_start(VirtIOPCIProxy *s, unsigned q)
{
    VirtIOPCIHostNotifier *n = &s->host_notifier[q];
    Error *err = NULL;

    if (!s->ioeventfd || n->watch ||
        !virtio_queue_get_ready(s->vdev, q) ||
        !address_space_eventfds_offloaded(&address_space_memory)) {
        return;
    }
    if (!event_notifier_init(&n->e, &err)) {
        /* The kick still works, through the notify region's write. */
        error_prepend(&err, "%s: queue %u: ", proxy_name(s), q);
        error_report_err(err);
        return;
    }
    n->proxy = s;
    n->queue = q;
    n->watch = event_notifier_watch(&n->e, host_notifier_ready);
    memory_region_add_eventfd(&s->notify, host_notifier_addr(q), 2, false, 0,
                              &n->e);
}

void virtio_pci_queue_enabled(VirtIOPCIProxy *s, unsigned q)
{
    if (q < s->nvqs) {
        host_notifier_start(s, q);
        virtio_pci_queue_vector_changed(s, q);
    }
}

void virtio_pci_notifiers_stop(VirtIOPCIProxy *s)
{
    for (unsigned q = 0; q < s->nvqs; q++) {
        VirtIOPCIHostNotifier *n = &s->host_notifier[q];

        guest_notifier_release(s, q);
        if (!n->watch) {
            continue;
        }
        memory_region_del_eventfd(&s->notify, host_notifier_addr(q), 2,
                                  false, 0, &n->e);
        /* A kick that arrived before the reset is dropped with the queue. */
        g_source_remove(n->watch);
        n->watch = 0;
        event_notifier_cleanup(&n->e);
    }
}

void virtio_pci_reset_state(VirtIOPCIProxy *s)
{
    virtio_pci_notifiers_stop(s);
    s->dfselect = s->gfselect = 0;
    s->queue_sel = 0;
    s->config_vector = VIRTIO_MSI_NO_VECTOR;
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        s->queue_vector[i] = VIRTIO_MSI_NO_VECTOR;
    }
    if (msix_present(PCI_DEVICE(s))) {
        msix_clear_pending(PCI_DEVICE(s));
    }
}

uint16_t virtio_pci_check_vector(VirtIOPCIProxy *s, uint16_t vector)
{
    unsigned n = msix_nr_vectors(PCI_DEVICE(s));

    if (vector != VIRTIO_MSI_NO_VECTOR && vector >= n) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: MSI-X vector %u of %u\n",
                      proxy_name(s), vector, n);
        return VIRTIO_MSI_NO_VECTOR;
    }
    return vector;
}

/* Set-up. */

static bool add_vendor_cap(VirtIOPCIProxy *s, uint8_t type, uint32_t offset,
                           uint32_t length, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    bool notify = type == VIRTIO_PCI_CAP_NOTIFY_CFG;
    uint8_t len = notify ? VIRTIO_PCI_NOTIFY_CAP_SIZE : VIRTIO_PCI_CAP_SIZE;
    uint8_t cap = pci_add_capability(d, PCI_CAP_ID_VNDR, 0, len, errp);

    if (!cap) {
        return false;
    }
    d->config[cap + VIRTIO_PCI_CAP_LEN] = len;
    d->config[cap + VIRTIO_PCI_CAP_CFG_TYPE] = type;
    d->config[cap + VIRTIO_PCI_CAP_BAR] = VIRTIO_PCI_MODERN_BAR;
    pci_set_long(d->config + cap + VIRTIO_PCI_CAP_OFFSET, offset);
    pci_set_long(d->config + cap + VIRTIO_PCI_CAP_LENGTH, length);
    if (notify) {
        pci_set_long(d->config + cap + VIRTIO_PCI_NOTIFY_CAP_MULT,
                     VIRTIO_PCI_NOTIFY_MULTIPLIER);
    }
    return true;
}

static bool add_cfg_cap(VirtIOPCIProxy *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint8_t cap = pci_add_capability(d, PCI_CAP_ID_VNDR, 0,
                                     VIRTIO_PCI_CFG_CAP_SIZE, errp);

    if (!cap) {
        return false;
    }
    s->cfg_cap = cap;
    d->config[cap + VIRTIO_PCI_CAP_LEN] = VIRTIO_PCI_CFG_CAP_SIZE;
    d->config[cap + VIRTIO_PCI_CAP_CFG_TYPE] = VIRTIO_PCI_CAP_PCI_CFG;
    d->wmask[cap + VIRTIO_PCI_CAP_BAR] = 0xff;
    pci_set_long(d->wmask + cap + VIRTIO_PCI_CAP_OFFSET, UINT32_MAX);
    pci_set_long(d->wmask + cap + VIRTIO_PCI_CAP_LENGTH, UINT32_MAX);
    pci_set_long(d->wmask + cap + VIRTIO_PCI_CFG_DATA, UINT32_MAX);
    return true;
}

static bool add_caps(VirtIOPCIProxy *s, Error **errp)
{
    size_t config_len = s->vdev->config_len;

    return add_vendor_cap(s, VIRTIO_PCI_CAP_COMMON_CFG,
                          VIRTIO_PCI_COMMON_OFFSET,
                          VIRTIO_PCI_COMMON_CFG_SIZE, errp) &&
           add_vendor_cap(s, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_ISR_OFFSET,
                          1, errp) &&
           (!config_len ||
            add_vendor_cap(s, VIRTIO_PCI_CAP_DEVICE_CFG,
                           VIRTIO_PCI_DEVICE_OFFSET,
                           MIN(config_len, VIRTIO_PCI_REGION_SIZE), errp)) &&
           add_vendor_cap(s, VIRTIO_PCI_CAP_NOTIFY_CFG,
                          VIRTIO_PCI_NOTIFY_OFFSET,
                          s->nvqs * VIRTIO_PCI_NOTIFY_MULTIPLIER, errp) &&
           add_cfg_cap(s, errp);
}

static void virtio_pci_exit(PCIDevice *d)
{
    virtio_pci_notifiers_stop(VIRTIO_PCI(d));
    virtio_pci_free_modern_bar(VIRTIO_PCI(d));
}

static bool virtio_pci_realize(PCIDevice *d, Error **errp)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(d);

    if (!qdev_realize(DEVICE(s->vdev), s->bus, errp)) {
        error_prepend(errp, "%s: ", proxy_name(s));
        return false;
    }
    s->nvqs = 0;
    while (s->nvqs < VIRTIO_QUEUE_MAX &&
           virtio_queue_get_max_num(s->vdev, s->nvqs)) {
        s->nvqs++;
    }
    assert(pci_get_word(d->config + PCI_DEVICE_ID) ==
           PCI_DEVICE_ID_VIRTIO_10_BASE + s->vdev->device_id);
    d->config[PCI_INTERRUPT_PIN] = 1;
    virtio_pci_init_modern_bar(s);
    virtio_pci_reset_state(s);
    if (!add_caps(s, errp) ||
        !msix_init_exclusive_bar(d, s->nvqs + 1, VIRTIO_PCI_MSIX_BAR, errp)) {
        msix_uninit(d);
        virtio_pci_exit(d);
        qdev_unrealize(DEVICE(s->vdev));
        return false;
    }
    return true;
}

/* After the device behind it (children first): PCI state and ours. */
static void virtio_pci_reset(DeviceState *dev)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(dev);

    VIRTIO_PCI_GET_CLASS(dev)->parent_reset(dev);
    virtio_pci_reset_state(s);
    /* The config window's bar, offset, length and data. */
    memset(PCI_DEVICE(s)->config + s->cfg_cap + VIRTIO_PCI_CAP_BAR, 0,
           VIRTIO_PCI_CFG_CAP_SIZE - VIRTIO_PCI_CAP_BAR);
}

static void virtio_pci_instance_init(Object *obj)
{
    static int bus_count;
    VirtIOPCIProxy *s = VIRTIO_PCI(obj);
    g_autofree char *name = g_strdup_printf("%s.%d", TYPE_VIRTIO_PCI_BUS,
                                            bus_count++);

    s->bus = qbus_new(TYPE_VIRTIO_PCI_BUS, DEVICE(obj), name);
    s->vdev = VIRTIO_DEVICE(object_new(VIRTIO_PCI_GET_CLASS(obj)->vdev_type));
    object_property_add_child(obj, "virtio-backend", OBJECT(s->vdev));
    object_unref(s->vdev);
}

/* Properties of the virtio device, offered by the PCI type. */

static char *forward_get(Object *obj, ObjectProperty *prop, Error **errp)
{
    return object_property_get_str(OBJECT(VIRTIO_PCI(obj)->vdev), prop->name,
                                   errp);
}

static bool forward_set(Object *obj, ObjectProperty *prop, const char *value,
                        Error **errp)
{
    return object_property_set_str(OBJECT(VIRTIO_PCI(obj)->vdev), prop->name,
                                   value, errp);
}

static void forward_props(ObjectClass *klass, const char *vdev_type)
{
    ObjectClass *vklass = object_class_by_name(vdev_type);
    g_autoptr(GPtrArray) props = object_class_property_list(vklass);

    for (guint i = 0; i < props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(props, i);
        ObjectProperty *op;

        if (object_class_property_find(klass, p->name)) {
            continue;
        }
        op = object_class_property_add(klass, p->name, p->type, forward_get,
                                       forward_set, NULL);
        op->description = g_strdup(p->description);
        op->defval = g_strdup(p->defval);
    }
}

static const Property virtio_pci_props[] = {
    DEFINE_PROP_BOOL("ioeventfd", VirtIOPCIProxy, ioeventfd, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_pci_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    VIRTIO_PCI_CLASS(klass)->parent_reset = dc->reset;
    dc->reset = virtio_pci_reset;
    pc->realize = virtio_pci_realize;
    pc->exit = virtio_pci_exit;
    pc->config_read = virtio_pci_config_read;
    pc->config_write = virtio_pci_config_write;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pc->subsystem_vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pc->subsystem_id = PCI_SUBDEVICE_ID_QEMU;
    pc->revision = 1;
    device_class_set_props(dc, virtio_pci_props);
}

static void virtio_pci_device_class_init(ObjectClass *klass,
                                         const void *data)
{
    const VirtIOPCIDeviceInfo *info = data;
    DeviceClass *dc = DEVICE_CLASS(klass);
    DeviceClass *vdc = DEVICE_CLASS(object_class_by_name(info->vdev_type));
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    dc->desc = vdc->desc;
    dc->category = vdc->category;
    dc->user_creatable = true;
    pc->device_id = PCI_DEVICE_ID_VIRTIO_10_BASE + info->virtio_id;
    pc->class_id = info->class_id;
    VIRTIO_PCI_CLASS(klass)->vdev_type = info->vdev_type;
    forward_props(klass, info->vdev_type);
}

static void virtio_pci_bus_class_init(ObjectClass *klass, const void *data)
{
    BUS_CLASS(klass)->max_dev = 1;
    VIRTIO_BUS_CLASS(klass)->notify = virtio_pci_bus_notify;
}

static const TypeInfo virtio_pci_info = {
    .name = TYPE_VIRTIO_PCI,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VirtIOPCIProxy),
    .instance_init = virtio_pci_instance_init,
    .class_size = sizeof(VirtIOPCIClass),
    .class_init = virtio_pci_class_init,
    .abstract = true,
};

static const TypeInfo virtio_pci_bus_info = {
    .name = TYPE_VIRTIO_PCI_BUS,
    .parent = TYPE_VIRTIO_BUS,
    .class_init = virtio_pci_bus_class_init,
};

static void virtio_pci_register_types(void)
{
    static TypeInfo types[G_N_ELEMENTS(virtio_pci_devices)];

    type_register_static(&virtio_pci_info);
    type_register_static(&virtio_pci_bus_info);
    for (size_t i = 0; i < G_N_ELEMENTS(virtio_pci_devices); i++) {
        types[i] = (TypeInfo){
            .name = virtio_pci_devices[i].name,
            .parent = TYPE_VIRTIO_PCI,
            .class_init = virtio_pci_device_class_init,
            .class_data = &virtio_pci_devices[i],
        };
        type_register_static(&types[i]);
    }
}
type_init(virtio_pci_register_types)
