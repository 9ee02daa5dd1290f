/*
 * virtio-mmio transport, version 2 (non-legacy) register layout.
 * Registers are 32-bit; the device config space at 0x100 also takes 8-
 * and 16-bit accesses.  Without a device, Magic, Version and VendorID read
 * as usual and everything else as 0 (DeviceID 0: "nothing here").
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio.h"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOMMIOProxy, VIRTIO_MMIO)

enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
    R_VENDOR_ID = 0x00c, R_DEVICE_FEATURES = 0x010,
    R_DEVICE_FEATURES_SEL = 0x014, R_DRIVER_FEATURES = 0x020,
    R_DRIVER_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050, R_INTERRUPT_STATUS = 0x060,
    R_INTERRUPT_ACK = 0x064, R_STATUS = 0x070,
    R_QUEUE_DESC_LOW = 0x080, R_QUEUE_DESC_HIGH = 0x084,
    R_QUEUE_DRIVER_LOW = 0x090, R_QUEUE_DRIVER_HIGH = 0x094,
    R_QUEUE_DEVICE_LOW = 0x0a0, R_QUEUE_DEVICE_HIGH = 0x0a4,
    R_CONFIG_GENERATION = 0x0fc, R_CONFIG = 0x100,
};

struct VirtIOMMIOProxy {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    BusState *bus;
    uint32_t device_features_sel;
    uint32_t driver_features_sel;
    uint32_t queue_sel;
};

static VirtIODevice *proxy_vdev(VirtIOMMIOProxy *s)
{
    return s->bus->children->len
           ? VIRTIO_DEVICE(g_ptr_array_index(s->bus->children, 0)) : NULL;
}

static void proxy_update_irq(VirtIOMMIOProxy *s)
{
    VirtIODevice *vdev = proxy_vdev(s);

    qemu_set_irq(s->irq, vdev && vdev->isr);
}

/* QueueDesc/Driver/Device Low/High: which area, and the high half? */
static bool queue_addr_reg(hwaddr addr, int *which, bool *high)
{
    if (addr < R_QUEUE_DESC_LOW || addr > R_QUEUE_DEVICE_HIGH ||
        (addr & 0xf) > 4) {
        return false;
    }
    *which = (addr - R_QUEUE_DESC_LOW) >> 4;
    *high = addr & 4;
    return true;
}

static uint64_t proxy_read_reg(VirtIOMMIOProxy *s, VirtIODevice *vdev,
                               hwaddr addr)
{
    int which;
    bool high;

    if (queue_addr_reg(addr, &which, &high)) {
        return virtio_queue_get_addr(vdev, s->queue_sel, which) >>
               (high ? 32 : 0);
    }
    switch (addr) {
    case R_DEVICE_ID:
        return vdev->device_id;
    case R_DEVICE_FEATURES:
        return virtio_get_device_features(vdev, s->device_features_sel);
    case R_QUEUE_NUM_MAX:
        return virtio_queue_get_max_num(vdev, s->queue_sel);
    case R_QUEUE_READY:
        return virtio_queue_get_ready(vdev, s->queue_sel);
    case R_INTERRUPT_STATUS:
        return vdev->isr;
    case R_STATUS:
        return vdev->status;
    case R_CONFIG_GENERATION:
        return vdev->generation;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: read of write-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", addr);
        return 0;
    }
}

static uint64_t proxy_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOMMIOProxy *s = opaque;
    VirtIODevice *vdev = proxy_vdev(s);

    if (addr >= R_CONFIG) {
        return vdev ? virtio_config_read(vdev, addr - R_CONFIG, size) : 0;
    }
    if (size != 4) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: %u-byte read of "
                      "register 0x%" HWADDR_PRIx "\n", size, addr);
        return 0;
    }
    switch (addr) {
    case R_MAGIC:
        return VIRTIO_MMIO_MAGIC;
    case R_VERSION:
        return 2;
    case R_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    }
    return vdev ? proxy_read_reg(s, vdev, addr) : 0;
}

static void proxy_write_queue_addr(VirtIOMMIOProxy *s, VirtIODevice *vdev,
                                   int which, bool high, uint32_t val)
{
    uint64_t old = virtio_queue_get_addr(vdev, s->queue_sel, which);
    uint64_t v = high ? (old & 0xffffffffULL) | ((uint64_t)val << 32)
                      : (old & ~0xffffffffULL) | val;

    virtio_queue_set_addr(vdev, s->queue_sel, which, v);
}

static void proxy_write_reg(VirtIOMMIOProxy *s, VirtIODevice *vdev,
                            hwaddr addr, uint32_t val)
{
    int which;
    bool high;

    if (queue_addr_reg(addr, &which, &high)) {
        proxy_write_queue_addr(s, vdev, which, high, val);
        return;
    }
    switch (addr) {
    case R_DRIVER_FEATURES:
        virtio_set_driver_features(vdev, s->driver_features_sel, val);
        break;
    case R_QUEUE_NUM:
        virtio_queue_set_num(vdev, s->queue_sel, val);
        break;
    case R_QUEUE_READY:
        virtio_queue_set_ready(vdev, s->queue_sel, val & 1);
        break;
    case R_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val & 0xffff);
        break;
    case R_INTERRUPT_ACK:
        vdev->isr &= ~val;
        proxy_update_irq(s);
        break;
    case R_STATUS:
        if (!(val & 0xff)) {
            s->device_features_sel = s->driver_features_sel = 0;
            s->queue_sel = 0;
        }
        virtio_set_status(vdev, val & 0xff);
        proxy_update_irq(s);
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write of read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", addr);
    }
}

static void proxy_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    VirtIOMMIOProxy *s = opaque;
    VirtIODevice *vdev = proxy_vdev(s);

    if (addr >= R_CONFIG) {
        if (vdev) {
            virtio_config_write(vdev, addr - R_CONFIG, val, size);
        }
        return;
    }
    if (size != 4) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: %u-byte write of "
                      "register 0x%" HWADDR_PRIx "\n", size, addr);
        return;
    }
    switch (addr) {
    case R_DEVICE_FEATURES_SEL:
        s->device_features_sel = val;
        return;
    case R_DRIVER_FEATURES_SEL:
        s->driver_features_sel = val;
        return;
    case R_QUEUE_SEL:
        s->queue_sel = val;
        return;
    }
    if (!vdev) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write of register 0x%"
                      HWADDR_PRIx " without a device\n", addr);
        return;
    }
    proxy_write_reg(s, vdev, addr, val);
}

static const MemoryRegionOps proxy_ops = {
    .read = proxy_read,
    .write = proxy_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void virtio_mmio_bus_notify(BusState *bus, VirtIODevice *vdev,
                                   int source)
{
    proxy_update_irq(VIRTIO_MMIO(bus->parent));
}

static void proxy_init(Object *obj)
{
    static int bus_count;
    VirtIOMMIOProxy *s = VIRTIO_MMIO(obj);
    g_autofree char *name = g_strdup_printf("%s.%d", TYPE_VIRTIO_MMIO_BUS,
                                            bus_count++);

    memory_region_init_io(&s->iomem, TYPE_VIRTIO_MMIO, &proxy_ops, s,
                          TYPE_VIRTIO_MMIO, VIRTIO_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->bus = qbus_new(TYPE_VIRTIO_MMIO_BUS, DEVICE(obj), name);
}

static void proxy_finalize(Object *obj)
{
    memory_region_finalize(&VIRTIO_MMIO(obj)->iomem);
}

/* After the device behind it was reset (children first). */
static void proxy_reset(DeviceState *dev)
{
    VirtIOMMIOProxy *s = VIRTIO_MMIO(dev);

    s->device_features_sel = s->driver_features_sel = 0;
    s->queue_sel = 0;
    proxy_update_irq(s);
}

static void proxy_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "virtio-mmio transport";
    dc->reset = proxy_reset;
}

static void virtio_mmio_bus_class_init(ObjectClass *klass, const void *data)
{
    BUS_CLASS(klass)->max_dev = 1;
    VIRTIO_BUS_CLASS(klass)->notify = virtio_mmio_bus_notify;
}

static const TypeInfo proxy_info = {
    .name = TYPE_VIRTIO_MMIO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(VirtIOMMIOProxy),
    .instance_init = proxy_init,
    .instance_finalize = proxy_finalize,
    .class_init = proxy_class_init,
};

static const TypeInfo virtio_mmio_bus_info = {
    .name = TYPE_VIRTIO_MMIO_BUS,
    .parent = TYPE_VIRTIO_BUS,
    .class_init = virtio_mmio_bus_class_init,
};

static void virtio_mmio_register_types(void)
{
    type_register_static(&proxy_info);
    type_register_static(&virtio_mmio_bus_info);
}
type_init(virtio_mmio_register_types)

DeviceState *virtio_mmio_create(hwaddr base, qemu_irq irq)
{
    DeviceState *dev = qdev_new(TYPE_VIRTIO_MMIO);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, base);
    sysbus_connect_irq(sbd, 0, irq);
    return dev;
}

void virtio_mmio_create_transports(hwaddr base, const qemu_irq *irqs, int n)
{
    for (int i = 0; i < n; i++) {
        virtio_mmio_create(base + (hwaddr)i * VIRTIO_MMIO_SIZE, irqs[i]);
    }
}

bool virtio_mmio_fdt_add_nodes(KemuFdt *fdt, hwaddr base, int n,
                               uint32_t first_spi, Error **errp)
{
    /* libfdt puts a new node before its siblings: add the last one first. */
    for (int i = n - 1; i >= 0; i--) {
        hwaddr addr = base + (hwaddr)i * VIRTIO_MMIO_SIZE;
        g_autofree char *path = g_strdup_printf("/virtio_mmio@%" HWADDR_PRIx,
                                                addr);
        const KemuFdtCell reg[] = { { 2, addr }, { 2, VIRTIO_MMIO_SIZE } };

        if (kemu_fdt_add_node(fdt, path, errp) < 0 ||
            !kemu_fdt_setprop_string(fdt, path, "compatible", "virtio,mmio",
                                     errp) ||
            !kemu_fdt_setprop_sized_cells(fdt, path, "reg", reg, 2, errp) ||
            /* GIC_SPI, the SPI number, IRQ_TYPE_EDGE_RISING (as QEMU) */
            !KEMU_FDT_SETPROP_CELLS(fdt, path, "interrupts", errp,
                                    0, first_spi + i, 1) ||
            !kemu_fdt_setprop(fdt, path, "dma-coherent", NULL, 0, errp)) {
            return false;
        }
    }
    return true;
}
