/*
 * i440FX host bridge: configuration mechanism #1 and the two functions of
 * the chipset on bus 0.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/pci-host/i440fx.h"
#include "system/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(I440FXHostState, I440FX_PCI_HOST)

#define CONFIG_ENABLE   0x80000000u
#define RCR_SYS_RESET   0x02
#define RCR_RESET_CPU   0x04

struct I440FXHostState {
    SysBusDevice parent_obj;
    MemoryRegion conf_io;       /* 0xcf8-0xcfb (0xcf9: reset control) */
    MemoryRegion data_io;       /* 0xcfc-0xcff */
    MemoryRegion *pci_mem, *pci_io;
    PCIBus *bus;
    PCIDevice *piix3;
    uint32_t config_reg;
    uint8_t rcr;
};

static uint64_t conf_read(void *opaque, hwaddr addr, unsigned size)
{
    I440FXHostState *s = opaque;

    if (size == 4 && addr == 0) {
        return s->config_reg;
    }
    if (size == 1 && addr == 1) {
        return s->rcr;
    }
    return UINT32_MAX >> (32 - 8 * size);
}

static void conf_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    I440FXHostState *s = opaque;

    if (size == 4 && addr == 0) {
        s->config_reg = val & ~3u;
    } else if (size == 1 && addr == 1) {
        s->rcr = val & RCR_SYS_RESET;
        if (val & RCR_RESET_CPU) {
            kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
    }
    /* Other narrow accesses (Linux probes with outb 0xcfb) go nowhere. */
}

static const MemoryRegionOps conf_ops = {
    .read = conf_read,
    .write = conf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Config cycles reach bus 0 only (there are no PCI bridges yet). */
static bool data_target(I440FXHostState *s, hwaddr addr, uint8_t *devfn,
                        uint32_t *reg)
{
    if (!(s->config_reg & CONFIG_ENABLE) || ((s->config_reg >> 16) & 0xff)) {
        return false;
    }
    *devfn = s->config_reg >> 8;
    *reg = (s->config_reg & 0xfc) | addr;
    return true;
}

static uint64_t data_read(void *opaque, hwaddr addr, unsigned size)
{
    I440FXHostState *s = opaque;
    uint8_t devfn;
    uint32_t reg;

    if (!data_target(s, addr, &devfn, &reg)) {
        return UINT32_MAX >> (32 - 8 * size);
    }
    return pci_bus_config_read(s->bus, devfn, reg, size);
}

static void data_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    I440FXHostState *s = opaque;
    uint8_t devfn;
    uint32_t reg;

    if (data_target(s, addr, &devfn, &reg)) {
        pci_bus_config_write(s->bus, devfn, reg, val, size);
    }
}

static const MemoryRegionOps data_ops = {
    .read = data_read,
    .write = data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Slot s, pin p (0 = INTA) -> PIRQ (s - 1 + p) & 3. */
static int i440fx_map_irq(PCIDevice *d, int pin)
{
    return (PCI_SLOT(d->devfn) - 1 + pin) & 3;
}

static bool i440fx_host_realize(DeviceState *dev, Error **errp)
{
    I440FXHostState *s = I440FX_PCI_HOST(dev);

    assert(s->pci_mem && s->pci_io);
    s->bus = pci_bus_new(dev, "pci.0", s->pci_mem, s->pci_io);
    return true;
}

static void i440fx_host_unrealize(DeviceState *dev)
{
    I440FXHostState *s = I440FX_PCI_HOST(dev);

    if (s->conf_io.container) {
        memory_region_del_subregion(s->conf_io.container, &s->conf_io);
        memory_region_del_subregion(s->data_io.container, &s->data_io);
    }
}

static void i440fx_host_reset(DeviceState *dev)
{
    I440FXHostState *s = I440FX_PCI_HOST(dev);

    s->config_reg = 0;
    s->rcr = 0;
}

static void i440fx_host_init(Object *obj)
{
    I440FXHostState *s = I440FX_PCI_HOST(obj);

    memory_region_init_io(&s->conf_io, "i440fx-pcihost", &conf_ops, s,
                          "pci-conf-idx", 4);
    memory_region_init_io(&s->data_io, "i440fx-pcihost", &data_ops, s,
                          "pci-conf-data", 4);
}

static void i440fx_host_finalize(Object *obj)
{
    I440FXHostState *s = I440FX_PCI_HOST(obj);

    memory_region_finalize(&s->conf_io);
    memory_region_finalize(&s->data_io);
}

static void i440fx_host_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "i440FX PCI host bridge";
    dc->category = DEVICE_CATEGORY_BRIDGE;
    dc->realize = i440fx_host_realize;
    dc->unrealize = i440fx_host_unrealize;
    dc->reset = i440fx_host_reset;
}

static void i440fx_pci_class_init(ObjectClass *klass, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    DEVICE_CLASS(klass)->desc = "i440FX host bridge function";
    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = 0x1237;
    pc->revision = 0x02;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
}

static const TypeInfo i440fx_types[] = {
    {
        .name = TYPE_I440FX_PCI_HOST,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(I440FXHostState),
        .instance_init = i440fx_host_init,
        .instance_finalize = i440fx_host_finalize,
        .class_init = i440fx_host_class_init,
    }, {
        .name = TYPE_I440FX_PCI_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .class_init = i440fx_pci_class_init,
    },
};

static void i440fx_register_types(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(i440fx_types); i++) {
        type_register_static(&i440fx_types[i]);
    }
}
type_init(i440fx_register_types)

DeviceState *i440fx_create(MemoryRegion *io, MemoryRegion *pci_mem,
                           MemoryRegion *pci_io)
{
    DeviceState *dev = qdev_new(TYPE_I440FX_PCI_HOST);
    I440FXHostState *s = I440FX_PCI_HOST(dev);

    s->pci_mem = pci_mem;
    s->pci_io = pci_io;
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    memory_region_add_subregion(io, 0xcf8, &s->conf_io);
    memory_region_add_subregion(io, 0xcfc, &s->data_io);
    pci_create_simple(s->bus, PCI_DEVFN(0, 0), TYPE_I440FX_PCI_DEVICE);
    s->piix3 = pci_create_simple(s->bus, PCI_DEVFN(1, 0), TYPE_PIIX3_DEVICE);
    pci_bus_irqs(s->bus, piix3_set_pirq, i440fx_map_irq, s->piix3,
                 PIIX3_NUM_PIRQS);
    return dev;
}

PCIBus *i440fx_get_bus(DeviceState *host)
{
    return I440FX_PCI_HOST(host)->bus;
}

DeviceState *i440fx_get_piix3(DeviceState *host)
{
    return DEVICE(I440FX_PCI_HOST(host)->piix3);
}
