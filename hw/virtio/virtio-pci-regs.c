/*
 * virtio-pci: the structures in BAR4 (common configuration, ISR status,
 * device-specific configuration, notifications) and the PCI configuration
 * access window onto them.  Every guest value is checked; bad accesses are
 * logged (LOG_GUEST_ERROR) and ignored.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "hw/pci/msix.h"
#include "virtio-pci-internal.h"

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
            s->queue_vector[q] = virtio_pci_check_vector(s, val);
            virtio_pci_queue_vector_changed(s, q);
            return;
        }
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        if (val == 1) {
            virtio_queue_set_ready(s->vdev, q, true);
            virtio_pci_queue_enabled(s, q);
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
        virtio_pci_reset_state(s);
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
        s->config_vector = virtio_pci_check_vector(s, val);
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
    virtio_pci_update_intx(s);
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

/*
 * Notifications: a write at 4 * n kicks queue n.  A 16-bit write to an
 * enabled queue's slot goes to its ioeventfd instead when it has one.
 */

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

uint32_t virtio_pci_config_read(PCIDevice *d, uint32_t addr, int len)
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

void virtio_pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                             int len)
{
    VirtIOPCIProxy *s = VIRTIO_PCI(d);
    const MemoryRegionOps *ops;
    unsigned wlen;
    hwaddr rel;

    pci_default_write_config(d, addr, val, len);
    /* Enabling MSI-X takes the device off its INTx pin, and back. */
    virtio_pci_update_intx(s);
    if (cfg_data_hit(s, addr, len) && (ops = cfg_window(s, &rel, &wlen))) {
        uint32_t data = pci_get_long(d->config + s->cfg_cap +
                                     VIRTIO_PCI_CFG_DATA);

        ops->write(s, rel, data & (UINT32_MAX >> (32 - 8 * wlen)), wlen);
    }
}

/* BAR4. */

static void init_region(VirtIOPCIProxy *s, MemoryRegion *mr,
                        const MemoryRegionOps *ops, const char *name,
                        hwaddr offset)
{
    memory_region_init_io(mr, proxy_name(s), ops, s, name,
                          VIRTIO_PCI_REGION_SIZE);
    memory_region_add_subregion(&s->modern_bar, offset, mr);
}

void virtio_pci_init_modern_bar(VirtIOPCIProxy *s)
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

void virtio_pci_free_modern_bar(VirtIOPCIProxy *s)
{
    MemoryRegion *regions[] = { &s->common, &s->isr, &s->device, &s->notify };

    for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
        memory_region_del_subregion(&s->modern_bar, regions[i]);
        memory_region_finalize(regions[i]);
    }
    memory_region_finalize(&s->modern_bar);
}
