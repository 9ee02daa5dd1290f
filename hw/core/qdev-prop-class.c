/*
 * Static properties as class properties: registration, the realize
 * guard, defaults, release, required checks and `info qtree` printing.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "qdev-internal.h"

static bool prop_settable(DeviceState *dev, const char *name, Error **errp)
{
    if (dev->realized) {
        error_setg(errp, "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized", name,
                   dev->id ?: "<anonymous>", object_get_typename(OBJECT(dev)));
        return false;
    }
    return true;
}

static bool static_prop_set(Object *obj, ObjectProperty *op,
                            const char *value, Error **errp)
{
    const Property *prop = op->opaque;
    DeviceState *dev = DEVICE(obj);

    return prop_settable(dev, prop->name, errp) &&
           prop->info->set(dev, prop, value, errp);
}

static char *static_prop_get(Object *obj, ObjectProperty *op, Error **errp)
{
    const Property *prop = op->opaque;

    return prop->info->print(DEVICE(obj), prop);
}

static bool static_prop_set_link(Object *obj, ObjectProperty *op,
                                 Object *target, Error **errp)
{
    const Property *prop = op->opaque;
    DeviceState *dev = DEVICE(obj);

    return prop_settable(dev, prop->name, errp) &&
           prop->info->set_link(dev, prop, target, errp);
}

static char *prop_type_name(const Property *prop)
{
    if (prop->info == &qdev_prop_link) {
        return g_strdup_printf("link<%s>", prop->link_type);
    }
    if (prop->info == &qdev_prop_enum) {
        return g_strdup(prop->enum_type);
    }
    return g_strdup(prop->info->type);
}

void device_class_set_props(DeviceClass *dc, const Property *props)
{
    ObjectClass *klass = OBJECT_CLASS(dc);

    dc->props = props;
    for (const Property *prop = props; prop->name; prop++) {
        g_autofree char *type = prop_type_name(prop);
        ObjectProperty *op;

        assert(!prop->required || prop->info->is_ptr);
        op = object_class_property_add(klass, prop->name, type,
                                       static_prop_get, static_prop_set,
                                       (void *)prop);
        if (prop->info == &qdev_prop_enum) {
            op->description = g_strjoinv("/", (char **)prop->enum_values);
        } else {
            op->description = g_strdup(prop->info->description);
        }
        if (prop->info->print_default) {
            op->defval = prop->info->print_default(prop);
        }
        if (prop->info->set_link) {
            op->set_link = static_prop_set_link;
        }
    }
}

/* Each class level's own table, most derived first. */
static void foreach_prop(DeviceState *dev,
                         void (*fn)(DeviceState *dev, const Property *prop,
                                    void *opaque),
                         void *opaque)
{
    ObjectClass *klass = object_get_class(OBJECT(dev));
    ObjectClass *base = object_class_by_name(TYPE_DEVICE);

    for (; klass != base; klass = object_class_get_parent(klass)) {
        const Property *props = DEVICE_CLASS(klass)->props;
        ObjectClass *parent = object_class_get_parent(klass);

        if (!props || DEVICE_CLASS(parent)->props == props) {
            continue;   /* inherited unchanged: the parent level has it */
        }
        for (; props->name; props++) {
            fn(dev, props, opaque);
        }
    }
}

static void set_default(DeviceState *dev, const Property *prop, void *opaque)
{
    if (prop->info->set_default) {
        prop->info->set_default(dev, prop);
    }
}

void qdev_props_set_defaults(DeviceState *dev)
{
    foreach_prop(dev, set_default, NULL);
}

static void release(DeviceState *dev, const Property *prop, void *opaque)
{
    if (prop->info->release) {
        prop->info->release(dev, prop);
    }
}

void qdev_props_release(DeviceState *dev)
{
    foreach_prop(dev, release, NULL);
}

static void check_required(DeviceState *dev, const Property *prop,
                           void *opaque)
{
    const Property **missing = opaque;

    if (prop->required && !*missing &&
        !*(void **)((char *)dev + prop->offset)) {
        *missing = prop;
    }
}

bool qdev_check_required_props(DeviceState *dev, Error **errp)
{
    const Property *missing = NULL;

    foreach_prop(dev, check_required, &missing);
    if (missing) {
        error_setg(errp, "Property '%s.%s' must be set",
                   object_get_typename(OBJECT(dev)), missing->name);
        return false;
    }
    return true;
}

typedef struct PrintCtx {
    GString *out;
    int indent;
} PrintCtx;

static void print_prop(DeviceState *dev, const Property *prop, void *opaque)
{
    PrintCtx *ctx = opaque;
    g_autofree char *value = prop->info->print(dev, prop);
    const char *q = prop->info->quoted ? "\"" : "";

    g_string_append_printf(ctx->out, "%*s%s = %s%s%s\n", ctx->indent, "",
                           prop->name, q, value, q);
}

void qdev_print_props(GString *out, DeviceState *dev, int indent)
{
    PrintCtx ctx = { out, indent };

    foreach_prop(dev, print_prop, &ctx);
}

static void prop_set_or_die(DeviceState *dev, const char *name,
                            const char *value)
{
    Error *err = NULL;

    if (!object_property_set_str(OBJECT(dev), name, value, &err)) {
        g_error("%s", error_get_pretty(err));
    }
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    g_autofree char *str = g_strdup_printf("%" PRIu32, value);

    prop_set_or_die(dev, name, str);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    g_autofree char *str = g_strdup_printf("%" PRIu64, value);

    prop_set_or_die(dev, name, str);
}

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    prop_set_or_die(dev, name, value ? "on" : "off");
}

void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value)
{
    prop_set_or_die(dev, name, value);
}
