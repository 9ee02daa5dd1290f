/*
 * Devices and buses: creation, realize/unrealize, reset, bus lookup.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "qdev-internal.h"

static GPtrArray *busless;      /* not referenced: the tree holds them */

GPtrArray *qdev_busless_devices(void)
{
    if (!busless) {
        busless = g_ptr_array_new();
    }
    return busless;
}

DeviceState *qdev_new(const char *typename)
{
    return DEVICE(object_new(typename));
}

static bool bus_is_full(BusState *bus)
{
    int max = BUS_GET_CLASS(bus)->max_dev;

    return max && (int)bus->children->len >= max;
}

static bool check_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    const char *type = object_get_typename(OBJECT(dev));

    if (bus && (!dc->bus_type || !object_dynamic_cast(OBJECT(bus),
                                                      dc->bus_type))) {
        error_setg(errp, "Device '%s' can't go on %s bus", type,
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    if (bus && bus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return false;
    }
    if (!bus && dc->bus_type) {
        error_setg(errp, "Device '%s' needs a bus of type %s", type,
                   dc->bus_type);
        return false;
    }
    return true;
}

static void bus_add_child(BusState *bus, DeviceState *dev)
{
    dev->parent_bus = bus;
    g_ptr_array_add(bus->children, object_ref(dev));
}

static void bus_remove_child(BusState *bus, DeviceState *dev)
{
    dev->parent_bus = NULL;
    g_ptr_array_remove(bus->children, dev);
    object_unref(dev);
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    static int unattached_count;
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    bool attached = false;

    assert(!dev->realized);
    if (!check_bus(dev, bus, errp) || !qdev_check_required_props(dev, errp)) {
        return false;
    }
    if (!OBJECT(dev)->parent) {
        g_autofree char *name = g_strdup_printf("device[%d]",
                                                unattached_count++);
        object_property_add_child(container_get(object_get_root(),
                                                "/machine/unattached"),
                                  name, OBJECT(dev));
        attached = true;
    }
    if (bus) {
        bus_add_child(bus, dev);
    }
    if (dc->realize && !dc->realize(dev, errp)) {
        if (bus) {
            bus_remove_child(bus, dev);
        }
        if (attached) {
            object_unparent(OBJECT(dev));
        }
        return false;
    }
    dev->realized = true;
    if (!bus) {
        g_ptr_array_add(qdev_busless_devices(), dev);
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ok = qdev_realize(dev, bus, errp);

    object_unref(dev);
    return ok;
}

void qdev_unrealize(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!dev->realized) {
        return;
    }
    for (guint i = 0; i < dev->child_buses->len; i++) {
        BusState *bus = g_ptr_array_index(dev->child_buses, i);

        while (bus->children->len) {
            qdev_unrealize(g_ptr_array_index(bus->children,
                                             bus->children->len - 1));
        }
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    dev->realized = false;
    if (dev->parent_bus) {
        BusClass *bc = BUS_GET_CLASS(dev->parent_bus);
        if (bc->device_unrealized) {
            bc->device_unrealized(dev->parent_bus, dev);
        }
        bus_remove_child(dev->parent_bus, dev);
    } else {
        g_ptr_array_remove(qdev_busless_devices(), dev);
    }
}

void device_cold_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    for (guint i = 0; i < dev->child_buses->len; i++) {
        bus_cold_reset(g_ptr_array_index(dev->child_buses, i));
    }
    if (dc->reset) {
        dc->reset(dev);
    }
}

void bus_cold_reset(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    for (guint i = 0; i < bus->children->len; i++) {
        device_cold_reset(g_ptr_array_index(bus->children, i));
    }
    if (bc->reset) {
        bc->reset(bus);
    }
}

void qdev_reset_all_devices(void)
{
    GPtrArray *devs = qdev_busless_devices();

    bus_cold_reset(sysbus_get_default());
    for (guint i = 0; i < devs->len; i++) {
        device_cold_reset(g_ptr_array_index(devs, i));
    }
}

/* Devices on child buses leave first, so nothing is left on a dead bus. */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    for (guint i = 0; i < dev->child_buses->len; i++) {
        BusState *bus = g_ptr_array_index(dev->child_buses, i);

        while (bus->children->len) {
            Object *child = g_ptr_array_index(bus->children,
                                              bus->children->len - 1);

            assert(child->parent);  /* realized devices are in the tree */
            object_unparent(child);
        }
    }
    qdev_unrealize(dev);
}

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    dev->child_buses = g_ptr_array_new();
    dev->gpios = g_ptr_array_new_with_free_func(qdev_gpio_list_free);
    dev->backend_ids = g_hash_table_new_full(g_str_hash, g_str_equal,
                                             NULL, g_free);
    qdev_props_set_defaults(dev);
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    assert(!dev->realized);
    qdev_props_release(dev);
    assert(!dev->child_buses->len);     /* buses are our children */
    g_ptr_array_free(dev->child_buses, TRUE);
    g_ptr_array_free(dev->gpios, TRUE);
    g_hash_table_destroy(dev->backend_ids);
    g_free(dev->id);
}

static void device_class_init(ObjectClass *klass, const void *data)
{
    klass->unparent = device_unparent;
}

static const TypeInfo device_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_finalize = device_finalize,
    .class_size = sizeof(DeviceClass),
    .class_init = device_class_init,
    .abstract = true,
};

/* Buses. */

BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name)
{
    BusState *bus = BUS(object_new(typename));

    if (name) {
        bus->name = g_strdup(name);
    } else {
        int n = parent ? parent->child_buses->len : 0;

        bus->name = parent && parent->id
            ? g_strdup_printf("%s.%d", parent->id, n)
            : g_strdup_printf("%s.%d", typename, n);
        for (char *p = bus->name; *p; p++) {
            *p = g_ascii_tolower(*p);
        }
    }
    if (parent) {
        bus->parent = parent;
        g_ptr_array_add(parent->child_buses, bus);
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        object_unref(bus);
    }
    return bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    for (guint i = 0; i < dev->child_buses->len; i++) {
        BusState *bus = g_ptr_array_index(dev->child_buses, i);

        if (!strcmp(bus->name, name)) {
            return bus;
        }
    }
    return NULL;
}

/* Looking up by type alone skips full buses (the first free one wins). */
static bool bus_matches(BusState *bus, const char *name, const char *type)
{
    return (!name || !strcmp(bus->name, name)) &&
           (!type || object_dynamic_cast(OBJECT(bus), type)) &&
           (name || !bus_is_full(bus));
}

static BusState *find_in_bus(BusState *bus, const char *name,
                             const char *type);

static BusState *find_below_dev(DeviceState *dev, const char *name,
                                const char *type)
{
    for (guint i = 0; i < dev->child_buses->len; i++) {
        BusState *found = find_in_bus(g_ptr_array_index(dev->child_buses, i),
                                      name, type);
        if (found) {
            return found;
        }
    }
    return NULL;
}

/* Depth first, a bus before the buses of the devices on it. */
static BusState *find_in_bus(BusState *bus, const char *name,
                             const char *type)
{
    if (bus_matches(bus, name, type)) {
        return bus;
    }
    for (guint i = 0; i < bus->children->len; i++) {
        BusState *found = find_below_dev(g_ptr_array_index(bus->children, i),
                                         name, type);
        if (found) {
            return found;
        }
    }
    return NULL;
}

BusState *qbus_find(const char *name, const char *typename)
{
    GPtrArray *devs = qdev_busless_devices();
    BusState *found = find_in_bus(sysbus_get_default(), name, typename);

    for (guint i = 0; !found && i < devs->len; i++) {
        found = find_below_dev(g_ptr_array_index(devs, i), name, typename);
    }
    return found;
}

static void bus_initfn(Object *obj)
{
    BUS(obj)->children = g_ptr_array_new();
}

static void bus_finalize(Object *obj)
{
    BusState *bus = BUS(obj);

    assert(!bus->children->len);
    if (bus->parent) {
        g_ptr_array_remove(bus->parent->child_buses, bus);
    }
    g_ptr_array_free(bus->children, TRUE);
    g_free(bus->name);
}

static const TypeInfo bus_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .instance_init = bus_initfn,
    .instance_finalize = bus_finalize,
    .class_size = sizeof(BusClass),
    .abstract = true,
};

static void qdev_register_types(void)
{
    type_register_static(&device_info);
    type_register_static(&bus_info);
}

type_init(qdev_register_types)
