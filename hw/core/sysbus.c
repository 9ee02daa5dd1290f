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
