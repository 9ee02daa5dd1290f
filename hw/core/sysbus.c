/*
 * The main system bus.
 */
#include "kemu/osdep.h"
#include "hw/sysbus.h"

#define SYSBUS_IRQ "sysbus-irq"

BusState *sysbus_get_default(void)
{
    static BusState *main_system_bus;

    if (!main_system_bus) {
        main_system_bus = qbus_new(TYPE_SYSTEM_BUS, NULL, "main-system-bus");
        object_property_add_child(container_get(object_get_root(),
                                                "/machine/unattached"),
                                  "sysbus", OBJECT(main_system_bus));
        object_unref(main_system_bus);
    }
    return main_system_bus;
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_IRQ, 1);
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_IRQ, n, irq);
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr)
{
    assert(dev->num_mmio < SYSBUS_MAX_MMIO);
    dev->mmio[dev->num_mmio].region = mr;
    dev->mmio[dev->num_mmio].addr = (hwaddr)-1;
    dev->num_mmio++;
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    assert(n >= 0 && n < dev->num_mmio);
    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), dev->mmio[n].region);
    }
    dev->mmio[n].addr = addr;
    memory_region_add_subregion_overlap(get_system_memory(), addr,
                                        dev->mmio[n].region, priority);
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_overlap(dev, n, addr, 0);
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    assert(n >= 0 && n < dev->num_mmio);
    return dev->mmio[n].region;
}

/* `info qtree` shows where each region sits, as QEMU does. */
static void sysbus_print_dev(GString *out, DeviceState *dev, int indent)
{
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < sbd->num_mmio; i++) {
        g_string_append_printf(out, "%*smmio %016" PRIx64 "/%016" PRIx64 "\n",
                               indent, "", sbd->mmio[i].addr,
                               memory_region_size(sbd->mmio[i].region));
    }
}

/* An unrealized device leaves the memory map with its regions. */
static void sysbus_device_unrealized(BusState *bus, DeviceState *dev)
{
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < sbd->num_mmio; i++) {
        if (sbd->mmio[i].addr != (hwaddr)-1) {
            memory_region_del_subregion(get_system_memory(),
                                        sbd->mmio[i].region);
            sbd->mmio[i].addr = (hwaddr)-1;
        }
    }
}

static void system_bus_class_init(ObjectClass *klass, const void *data)
{
    BusClass *bc = OBJECT_CLASS_CHECK(BusClass, klass, TYPE_BUS);

    bc->print_dev = sysbus_print_dev;
    bc->device_unrealized = sysbus_device_unrealized;
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

static void sysbus_device_class_init(ObjectClass *klass, const void *data)
{
    DEVICE_CLASS(klass)->bus_type = TYPE_SYSTEM_BUS;
}

static const TypeInfo system_bus_info = {
    .name = TYPE_SYSTEM_BUS,
    .parent = TYPE_BUS,
    .class_init = system_bus_class_init,
};

static const TypeInfo sysbus_device_info = {
    .name = TYPE_SYS_BUS_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(SysBusDevice),
    .class_init = sysbus_device_class_init,
    .abstract = true,
};

static void sysbus_register_types(void)
{
    type_register_static(&system_bus_info);
    type_register_static(&sysbus_device_info);
}

type_init(sysbus_register_types)
