/*
 * The user's view of devices: -device, its help, and `info qtree`.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "util/keyval.h"
#include "qdev-internal.h"

/* The class behind a user-given driver name, or an error. */
static DeviceClass *user_device_class(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                   "type");
        return NULL;
    }
    if (!DEVICE_CLASS(oc)->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device type");
        return NULL;
    }
    return DEVICE_CLASS(oc);
}

static bool check_id(const char *id, Error **errp)
{
    g_autofree char *path = g_strdup_printf("/machine/peripheral/%s", id);

    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier, not '%s'",
                   id);
        return false;
    }
    if (object_resolve_path(path, NULL)) {
        error_setg(errp, "Duplicate ID '%s' for device", id);
        return false;
    }
    return true;
}

static BusState *choose_bus(DeviceClass *dc, const char *busname,
                            Error **errp)
{
    BusState *bus = NULL;
    const char *driver = object_class_get_name(OBJECT_CLASS(dc));

    if (busname) {
        bus = qbus_find(busname, NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", busname);
        }
    } else if (dc->bus_type) {
        bus = qbus_find(NULL, dc->bus_type);
        if (!bus) {
            error_setg(errp, "No '%s' bus found for device '%s'",
                       dc->bus_type, driver);
        }
    }
    return bus;
}

static bool set_user_props(DeviceState *dev, Keyval *kv, Error **errp)
{
    for (size_t i = 0; i < keyval_count(kv); i++) {
        const char *key = keyval_key(kv, i);

        if (!strcmp(key, "driver") || !strcmp(key, "id") ||
            !strcmp(key, "bus")) {
            continue;
        }
        if (!object_property_set_str(OBJECT(dev), key, keyval_value(kv, i),
                                     errp)) {
            return false;
        }
    }
    return true;
}

/* /machine/peripheral/<id> or /machine/peripheral-anon/device[N]. */
static void add_to_tree(DeviceState *dev)
{
    static int anon_count;
    g_autofree char *name = NULL;
    Object *container;

    if (dev->id) {
        container = container_get(object_get_root(), "/machine/peripheral");
        name = g_strdup(dev->id);
    } else {
        container = container_get(object_get_root(),
                                  "/machine/peripheral-anon");
        name = g_strdup_printf("device[%d]", anon_count++);
    }
    object_property_add_child(container, name, OBJECT(dev));
}

DeviceState *qdev_device_add_from_str(const char *optstr, Error **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(optstr, "driver", errp);
    const char *driver, *id;
    DeviceClass *dc;
    BusState *bus = NULL;
    DeviceState *dev;

    if (!kv) {
        return NULL;
    }
    driver = keyval_get(kv, "driver");
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    dc = user_device_class(driver, errp);
    id = keyval_get(kv, "id");
    if (!dc || (id && !check_id(id, errp))) {
        return NULL;
    }
    if (keyval_has(kv, "bus") || dc->bus_type) {
        bus = choose_bus(dc, keyval_get(kv, "bus"), errp);
        if (!bus) {
            return NULL;
        }
    }
    dev = qdev_new(driver);
    dev->id = g_strdup(id);
    if (!set_user_props(dev, kv, errp)) {
        object_unref(dev);
        return NULL;
    }
    add_to_tree(dev);
    if (!qdev_realize(dev, bus, errp)) {
        object_unparent(OBJECT(dev));
        object_unref(dev);
        return NULL;
    }
    object_unref(dev);
    return dev;
}

static const char *const category_names[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_UNCATEGORIZED] = "Uncategorized",
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
    [DEVICE_CATEGORY_USB] = "USB",
    [DEVICE_CATEGORY_STORAGE] = "Storage",
    [DEVICE_CATEGORY_NETWORK] = "Network",
    [DEVICE_CATEGORY_INPUT] = "Input",
    [DEVICE_CATEGORY_DISPLAY] = "Display",
    [DEVICE_CATEGORY_SOUND] = "Sound",
    [DEVICE_CATEGORY_MISC] = "Misc",
    [DEVICE_CATEGORY_CPU] = "CPU",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
};

static void print_devinfo(GString *out, DeviceClass *dc)
{
    g_string_append_printf(out, "name \"%s\"",
                           object_class_get_name(OBJECT_CLASS(dc)));
    if (dc->bus_type) {
        g_string_append_printf(out, ", bus %s", dc->bus_type);
    }
    if (dc->desc) {
        g_string_append_printf(out, ", desc \"%s\"", dc->desc);
    }
    g_string_append_c(out, '\n');
}

/* One category's devices; returns whether it printed any. */
static bool print_category(GString *out, GSList *list, DeviceCategory cat,
                           bool separate)
{
    bool printed = false;

    for (GSList *l = list; l; l = l->next) {
        DeviceClass *dc = DEVICE_CLASS(l->data);

        if (!dc->user_creatable || dc->category != cat) {
            continue;
        }
        if (!printed) {
            g_string_append_printf(out, "%s%s devices:\n",
                                   separate ? "\n" : "",
                                   category_names[cat]);
            printed = true;
        }
        print_devinfo(out, dc);
    }
    return printed;
}

void qdev_print_device_list(GString *out)
{
    g_autoptr(GSList) list = object_class_get_list(TYPE_DEVICE, false);
    bool any = false;

    for (int cat = DEVICE_CATEGORY_UNCATEGORIZED + 1;
         cat < DEVICE_CATEGORY_MAX; cat++) {
        any |= print_category(out, list, cat, any);
    }
    print_category(out, list, DEVICE_CATEGORY_UNCATEGORIZED, any);
}

static void print_prop_help(GString *out, ObjectProperty *prop)
{
    gsize start = out->len;

    g_string_append_printf(out, "  %s=<%s>", prop->name, prop->type);
    if (prop->description || prop->defval) {
        while (out->len - start < 24) {
            g_string_append_c(out, ' ');
        }
        g_string_append(out, " -");
        if (prop->description) {
            g_string_append_printf(out, " %s", prop->description);
        }
        if (prop->defval) {
            g_string_append_printf(out, " (default: %s)", prop->defval);
        }
    }
    g_string_append_c(out, '\n');
}

bool qdev_print_device_help(const char *driver, GString *out, Error **errp)
{
    DeviceClass *dc = user_device_class(driver, errp);
    g_autoptr(GPtrArray) props = NULL;

    if (!dc) {
        return false;
    }
    props = object_class_property_list(OBJECT_CLASS(dc));
    if (!props->len) {
        g_string_append_printf(out, "There are no options for %s.\n", driver);
        return true;
    }
    g_string_append_printf(out, "%s options:\n", driver);
    for (guint i = 0; i < props->len; i++) {
        print_prop_help(out, g_ptr_array_index(props, i));
    }
    return true;
}

static void print_bus(GString *out, BusState *bus, int indent);

static void print_dev(GString *out, DeviceState *dev, int indent)
{
    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ?: "");
    indent += 2;
    for (guint i = 0; i < dev->gpios->len; i++) {
        NamedGPIOList *list = g_ptr_array_index(dev->gpios, i);

        if (list->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   list->name ?: "", list->num_in);
        }
        if (list->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent,
                                   "", list->name ?: "", list->num_out);
        }
    }
    qdev_print_props(out, dev, indent);
    if (dev->parent_bus && BUS_GET_CLASS(dev->parent_bus)->print_dev) {
        BUS_GET_CLASS(dev->parent_bus)->print_dev(out, dev, indent);
    }
    for (guint i = 0; i < dev->child_buses->len; i++) {
        print_bus(out, g_ptr_array_index(dev->child_buses, i), indent);
    }
}

static void print_bus(GString *out, BusState *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    indent += 2;
    g_string_append_printf(out, "%*stype %s\n", indent, "",
                           object_get_typename(OBJECT(bus)));
    for (guint i = 0; i < bus->children->len; i++) {
        print_dev(out, g_ptr_array_index(bus->children, i), indent);
    }
}

void qdev_print_tree(GString *out)
{
    print_bus(out, sysbus_get_default(), 0);
}
