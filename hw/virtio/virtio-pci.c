/*
 * virtio-pci modern transport: the PCI function, its capabilities and the
 * common/ISR/device/notify structures in BAR4, MSI-X in BAR1.  Each
 * NAME-pci type embeds its virtio device (child "virtio-backend") and
 * forwards the device's properties.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/pci/msix.h"
#include "hw/virtio/virtio-pci.h"

typedef struct VirtIOPCIProxy VirtIOPCIProxy;

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
};

#define VIRTIO_PCI(obj) OBJECT_CHECK(VirtIOPCIProxy, (obj), TYPE_VIRTIO_PCI)
#define VIRTIO_PCI_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtIOPCIClass, (klass), TYPE_VIRTIO_PCI)
#define VIRTIO_PCI_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtIOPCIClass, (obj), TYPE_VIRTIO_PCI)

static const VirtIOPCIDeviceInfo virtio_pci_devices[] = {
    { "virtio-blk-pci", "virtio-blk-device", VIRTIO_ID_BLOCK,
      PCI_CLASS_STORAGE_SCSI },
    { "virtio-rng-pci", "virtio-rng-device", VIRTIO_ID_RNG, 0x00ff },
};

static const char *proxy_name(VirtIOPCIProxy *s)
{
    return object_get_typename(OBJECT(s));
}

VirtIODevice *virtio_pci_get_vdev(PCIDevice *dev)
{
    return VIRTIO_PCI(dev)->vdev;
}

/* Interrupts. */

static void proxy_update_intx(VirtIOPCIProxy *s)
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

    proxy_update_intx(s);
    if (msix_enabled(d) && vector != VIRTIO_MSI_NO_VECTOR) {
        msix_notify(d, vector);
    }
}

/* Transport state that a device reset (status 0) clears. */
static void proxy_reset_state(VirtIOPCIProxy *s)
{
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

/* A vector the driver asks for: valid, or NO_VECTOR (which it reads back). */
static uint16_t proxy_check_vector(VirtIOPCIProxy *s, uint16_t vector)
{
    unsigned n = msix_nr_vectors(PCI_DEVICE(s));

    if (vector != VIRTIO_MSI_NO_VECTOR && vector >= n) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: MSI-X vector %u of %u\n",
                      proxy_name(s), vector, n);
        return VIRTIO_MSI_NO_VECTOR;
    }
    return vector;
}

/* Common configuration. */

/* The width of the field at addr (64-bit fields: 32-bit halves), or 0. */
static unsigned common_field_size(hwaddr addr)
{
    if (addr < VIRTIO_PCI_COMMON_MSIX ||
        (addr >= VIRTIO_PCI_COMMON_Q_DESCLO &&
         addr < VIRTIO_PCI_COMMON_CFG_SIZE)) {
        return addr % 4 ? 0 : 4;
    }
    if (addr == VIRTIO_PCI_COMMON_STATUS ||
        addr == VIRTIO_PCI_COMMON_CFGGENERATION) {
        return 1;
    }
    if (addr < VIRTIO_PCI_COMMON_Q_DESCLO) {
        return addr % 2 ? 0 : 2;
    }
    return 0;
}

static bool common_access_ok(VirtIOPCIProxy *s, hwaddr addr, unsigned size,
                             const char *what)
{
    if (common_field_size(addr) != size) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: %u-byte %s of common config at "
                      "0x%" HWADDR_PRIx "\n", proxy_name(s), size, what,
                      addr);
        return false;
    }
    return true;
}

/* queue_desc/driver/device halves: which area and which half. */
static int queue_addr_field(hwaddr addr, bool *high)
{
    if (addr < VIRTIO_PCI_COMMON_Q_DESCLO ||
        addr >= VIRTIO_PCI_COMMON_CFG_SIZE) {
        return -1;
    }
    *high = addr & 4;
    return (addr - VIRTIO_PCI_COMMON_Q_DESCLO) / 8;
}

static uint32_t common_read_queue(VirtIOPCIProxy *s, hwaddr addr)
{
    VirtIODevice *vdev = s->vdev;
    unsigned q = s->queue_sel;
    bool high;
    int which = queue_addr_field(addr, &high);

    if (which >= 0) {
        return virtio_queue_get_addr(vdev, q, which) >> (high ? 32 : 0);
    }
    switch (addr) {
    case VIRTIO_PCI_COMMON_Q_SIZE:
        return virtio_queue_get_num(vdev, q);
    case VIRTIO_PCI_COMMON_Q_MSIX:
        return q < VIRTIO_QUEUE_MAX ? s->queue_vector[q]
                                    : VIRTIO_MSI_NO_VECTOR;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        return virtio_queue_get_ready(vdev, q);
    case VIRTIO_PCI_COMMON_Q_NOFF:
        return q;
    }
    return 0;
}

static uint64_t common_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *s = opaque;
    VirtIODevice *vdev = s->vdev;

    if (!common_access_ok(s, addr, size, "read")) {
        return 0;
    }
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        return s->dfselect;
    case VIRTIO_PCI_COMMON_DF:
        return virtio_get_device_features(vdev, s->dfselect);
    case VIRTIO_PCI_COMMON_GFSELECT:
        return s->gfselect;
    case VIRTIO_PCI_COMMON_GF:
        return s->gfselect < 2
               ? (uint32_t)(vdev->driver_features >> (32 * s->gfselect)) : 0;
    case VIRTIO_PCI_COMMON_MSIX:
        return s->config_vector;
    case VIRTIO_PCI_COMMON_NUMQ:
        return s->nvqs;
    case VIRTIO_PCI_COMMON_STATUS:
        return vdev->status;
    case VIRTIO_PCI_COMMON_CFGGENERATION:
        return vdev->generation & 0xff;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        return s->queue_sel;
    }
    return common_read_queue(s, addr);
}

static void common_write_queue_addr(VirtIOPCIProxy *s, int which, bool high,
                                    uint32_t val)
{
    uint64_t old = virtio_queue_get_addr(s->vdev, s->queue_sel, which);
    uint64_t v = high ? (old & 0xffffffffULL) | ((uint64_t)val << 32)
                      : (old & ~0xffffffffULL) | val;

    virtio_queue_set_addr(s->vdev, s->queue_sel, which, v);
}

static void common_write_queue(VirtIOPCIProxy *s, hwaddr addr, uint32_t val)
{
    unsigned q = s->queue_sel;
    bool high;
    int which = queue_addr_field(addr, &high);

    if (which >= 0) {
        common_write_queue_addr(s, which, high, val);
        return;
    }
    switch (addr) {
    case VIRTIO_PCI_COMMON_Q_SIZE:
        virtio_queue_set_num(s->vdev, q, val);
        return;
    case VIRTIO_PCI_COMMON_Q_MSIX:
        if (q < s->nvqs) {
            s->queue_vector[q] = proxy_check_vector(s, val);
            return;
        }
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        if (val == 1) {
            virtio_queue_set_ready(s->vdev, q, true);
            return;
        }
        break;
    }
    kemu_log_mask(LOG_GUEST_ERROR, "%s: write of 0x%x to common config 0x%"
                  HWADDR_PRIx " (queue %u of %u) ignored\n", proxy_name(s),
                  val, addr, q, s->nvqs);
}

static void common_write_status(VirtIOPCIProxy *s, uint8_t val)
{
    if (!val) {
        proxy_reset_state(s);
    }
    virtio_set_status(s->vdev, val);
}

static void common_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *s = opaque;

    if (!common_access_ok(s, addr, size, "write")) {
        return;
    }
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        s->dfselect = val;
        return;
    case VIRTIO_PCI_COMMON_GFSELECT:
        s->gfselect = val;
        return;
    case VIRTIO_PCI_COMMON_GF:
        virtio_set_driver_features(s->vdev, s->gfselect, val);
        return;
    case VIRTIO_PCI_COMMON_MSIX:
        s->config_vector = proxy_check_vector(s, val);
        return;
    case VIRTIO_PCI_COMMON_STATUS:
        common_write_status(s, val);
        return;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        if (val >= s->nvqs) {
            kemu_log_mask(LOG_GUEST_ERROR, "%s: queue_select %u of %u "
                          "queues\n", proxy_name(s), (unsigned)val, s->nvqs);
        }
        s->queue_sel = val;
        return;
    case VIRTIO_PCI_COMMON_DF:
    case VIRTIO_PCI_COMMON_NUMQ:
    case VIRTIO_PCI_COMMON_CFGGENERATION:
    case VIRTIO_PCI_COMMON_Q_NOFF:
        kemu_log_mask(LOG_GUEST_ERROR, "%s: write to read-only common "
                      "config 0x%" HWADDR_PRIx "\n", proxy_name(s), addr);
        return;
    }
    common_write_queue(s, addr, val);
}

static const MemoryRegionOps common_ops = {
    .read = common_read,
    .write = common_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ISR status: reading it acknowledges the interrupt. */

static uint64_t isr_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *s = opaque;
    uint8_t isr = s->vdev->isr;

    if (addr) {
        return 0;
    }
    s->vdev->isr = 0;
    proxy_update_intx(s);
    return isr;
}

static void isr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    kemu_log_mask(LOG_GUEST_ERROR, "%s: write to the read-only ISR status\n",
                  proxy_name(opaque));
}

static const MemoryRegionOps isr_ops = {
    .read = isr_read,
    .write = isr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* Device-specific configuration. */

static uint64_t device_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *s = opaque;

    return virtio_config_read(s->vdev, addr, size);
}

static void device_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *s = opaque;

    virtio_config_write(s->vdev, addr, val, size);
}

static const MemoryRegionOps device_ops = {
    .read = device_read,
    .write = device_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Notifications: a write at 4 * n kicks queue n. */

static uint64_t notify_read(void *opaque, hwaddr addr, unsigned size)
{
    kemu_log_mask(LOG_GUEST_ERROR, "%s: read of the notification area\n",
                  proxy_name(opaque));
    return 0;
}

static void notify_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *s = opaque;
    unsigned q = addr / VIRTIO_PCI_NOTIFY_MULTIPLIER;

    if (addr % VIRTIO_PCI_NOTIFY_MULTIPLIER || q >= s->nvqs ||
        !virtio_queue_get_ready(s->vdev, q)) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: notification at 0x%" HWADDR_PRIx
                      " for no enabled queue\n", proxy_name(s), addr);
        return;
    }
    virtio_queue_notify(s->vdev, q);
}

static const MemoryRegionOps notify_ops = {
    .read = notify_read,
    .write = notify_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/*
 * The PCI configuration access capability: a window (pci_cfg_data) onto
 * cap.length bytes at cap.offset of BAR cap.bar, for firmware that cannot
 * reach the BAR itself.
 */

/* BAR4's structures, one per VIRTIO_PCI_REGION_SIZE, in BAR order. */
static const MemoryRegionOps *const bar4_ops[] = {
    &common_ops, &isr_ops, &device_ops, &notify_ops,
};

/* The structure the window points at now, or NULL (logged). */
static const MemoryRegionOps *cfg_window(VirtIOPCIProxy *s, hwaddr *rel,
                                         unsigned *len)
{
    const uint8_t *cap = PCI_DEVICE(s)->config + s->cfg_cap;
    uint32_t off = pci_get_long(cap + VIRTIO_PCI_CAP_OFFSET);

    *len = pci_get_long(cap + VIRTIO_PCI_CAP_LENGTH);
    if (cap[VIRTIO_PCI_CAP_BAR] != VIRTIO_PCI_MODERN_BAR ||
        (*len != 1 && *len != 2 && *len != 4) || off % *len ||
        off >= VIRTIO_PCI_MODERN_BAR_SIZE) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: PCI config window of %u bytes "
                      "at BAR%u offset 0x%x\n", proxy_name(s), *len,
                      cap[VIRTIO_PCI_CAP_BAR], off);
        return NULL;
    }
    *rel = off % VIRTIO_PCI_REGION_SIZE;
    return bar4_ops[off / VIRTIO_PCI_REGION_SIZE];
}

static bool cfg_data_hit(VirtIOPCIProxy *s, uint32_t addr, int len)
{
    uint32_t data = s->cfg_cap + VIRTIO_PCI_CFG_DATA;

    return s->cfg_cap && addr < data + 4 && data < addr + len;
}

static uint32_t virtio_pci_config_read(PCIDevice *d, uint32_t addr, int len)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(d);
    const MemoryRegionOps *ops;
    unsigned wlen;
    hwaddr rel;

    if (cfg_data_hit(s, addr, len) && (ops = cfg_window(s, &rel, &wlen))) {
        pci_set_long(d->config + s->cfg_cap + VIRTIO_PCI_CFG_DATA,
                     ops->read(s, rel, wlen));
    }
    return pci_default_read_config(d, addr, len);
}

static void virtio_pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                                    int len)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(d);
    const MemoryRegionOps *ops;
    unsigned wlen;
    hwaddr rel;

    pci_default_write_config(d, addr, val, len);
    /* Enabling MSI-X takes the device off its INTx pin, and back. */
    proxy_update_intx(s);
    if (cfg_data_hit(s, addr, len) && (ops = cfg_window(s, &rel, &wlen))) {
        uint32_t data = pci_get_long(d->config + s->cfg_cap +
                                     VIRTIO_PCI_CFG_DATA);

        ops->write(s, rel, data & (UINT32_MAX >> (32 - 8 * wlen)), wlen);
    }
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

static void init_region(VirtIOPCIProxy *s, MemoryRegion *mr,
                        const MemoryRegionOps *ops, const char *name,
                        hwaddr offset)
{
    memory_region_init_io(mr, proxy_name(s), ops, s, name,
                          VIRTIO_PCI_REGION_SIZE);
    memory_region_add_subregion(&s->modern_bar, offset, mr);
}

static void init_modern_bar(VirtIOPCIProxy *s)
{
    memory_region_init(&s->modern_bar, proxy_name(s), "virtio-pci",
                       VIRTIO_PCI_MODERN_BAR_SIZE);
    init_region(s, &s->common, &common_ops, "virtio-pci-common",
                VIRTIO_PCI_COMMON_OFFSET);
    init_region(s, &s->isr, &isr_ops, "virtio-pci-isr",
                VIRTIO_PCI_ISR_OFFSET);
    init_region(s, &s->device, &device_ops, "virtio-pci-device",
                VIRTIO_PCI_DEVICE_OFFSET);
    init_region(s, &s->notify, &notify_ops, "virtio-pci-notify",
                VIRTIO_PCI_NOTIFY_OFFSET);
    pci_register_bar(PCI_DEVICE(s), VIRTIO_PCI_MODERN_BAR,
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->modern_bar);
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
    VirtIOPCIProxy *s = VIRTIO_PCI(d);
    MemoryRegion *regions[] = { &s->common, &s->isr, &s->device, &s->notify };

    for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
        memory_region_del_subregion(&s->modern_bar, regions[i]);
        memory_region_finalize(regions[i]);
    }
    memory_region_finalize(&s->modern_bar);
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
    init_modern_bar(s);
    proxy_reset_state(s);
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
    proxy_reset_state(s);
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
