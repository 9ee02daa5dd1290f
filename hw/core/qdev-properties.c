/*
 * Static device properties: parsing, printing, defaults, backend lookup.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "util/keyval.h"

static void *prop_field(DeviceState *dev, const Property *prop)
{
    return (char *)dev + prop->offset;
}

static const char *dev_type(DeviceState *dev)
{
    return object_get_typename(OBJECT(dev));
}

/* Integers: a width and a signedness per PropertyInfo. */
static void int_limits(const PropertyInfo *info, int64_t *min, uint64_t *max)
{
    if (info->is_signed) {
        *max = ((uint64_t)1 << (info->bits - 1)) - 1;
        *min = -(int64_t)*max - 1;
    } else {
        *max = info->bits == 64 ? UINT64_MAX
                                : ((uint64_t)1 << info->bits) - 1;
        *min = 0;
    }
}

/* "-5" style for signed kinds; the magnitude comes from parse_uint. */
static bool parse_int(const char *str, bool *neg, uint64_t *mag)
{
    *neg = str[0] == '-';
    return parse_uint(*neg ? str + 1 : str, mag);
}

static void int_store(DeviceState *dev, const Property *prop, uint64_t v)
{
    void *field = prop_field(dev, prop);

    switch (prop->info->bits) {
    case 8:
        *(uint8_t *)field = v;
        break;
    case 16:
        *(uint16_t *)field = v;
        break;
    case 32:
        *(uint32_t *)field = v;
        break;
    default:
        *(uint64_t *)field = v;
        break;
    }
}

static bool set_int(DeviceState *dev, const Property *prop,
                    const char *value, Error **errp)
{
    const PropertyInfo *info = prop->info;
    int64_t min;
    uint64_t max, mag;
    bool neg;

    int_limits(info, &min, &max);
    if (!parse_int(value, &neg, &mag) || (neg && !info->is_signed)) {
        error_setg(errp, "Property '%s.%s' expects an integer, not '%s'",
                   dev_type(dev), prop->name, value);
        return false;
    }
    if (neg ? mag > (uint64_t)-(min + 1) + 1 : mag > max) {
        error_setg(errp, "Property '%s.%s' doesn't take value %s "
                   "(minimum: %" PRId64 ", maximum: %" PRIu64 ")",
                   dev_type(dev), prop->name, value, min, max);
        return false;
    }
    int_store(dev, prop, neg ? -mag : mag);
    return true;
}

static char *print_int_value(const PropertyInfo *info, const void *field)
{
    switch (info->bits) {
    case 8:
        return g_strdup_printf("%" PRIu8, *(const uint8_t *)field);
    case 16:
        return g_strdup_printf("%" PRIu16, *(const uint16_t *)field);
    case 32:
        return info->is_signed
            ? g_strdup_printf("%" PRId32, *(const int32_t *)field)
            : g_strdup_printf("%" PRIu32, *(const uint32_t *)field);
    default:
        return info->is_signed
            ? g_strdup_printf("%" PRId64, *(const int64_t *)field)
            : g_strdup_printf("%" PRIu64, *(const uint64_t *)field);
    }
}

static char *print_int(DeviceState *dev, const Property *prop)
{
    return print_int_value(prop->info, prop_field(dev, prop));
}

static char *print_int_default(const Property *prop)
{
    return prop->info->is_signed
        ? g_strdup_printf("%" PRId64, prop->defval.i)
        : g_strdup_printf("%" PRIu64, prop->defval.u);
}

static void set_default_int(DeviceState *dev, const Property *prop)
{
    int_store(dev, prop, prop->defval.u);
}

#define INT_INFO(_type, _bits, _signed) { \
    .type = (_type), .bits = (_bits), .is_signed = (_signed), \
    .set = set_int, .print = print_int, \
    .print_default = print_int_default, .set_default = set_default_int }

const PropertyInfo qdev_prop_uint8 = INT_INFO("uint8", 8, false);
const PropertyInfo qdev_prop_uint16 = INT_INFO("uint16", 16, false);
const PropertyInfo qdev_prop_uint32 = INT_INFO("uint32", 32, false);
const PropertyInfo qdev_prop_uint64 = INT_INFO("uint64", 64, false);
const PropertyInfo qdev_prop_int32 = INT_INFO("int32", 32, true);
const PropertyInfo qdev_prop_int64 = INT_INFO("int64", 64, true);

static bool set_size(DeviceState *dev, const Property *prop,
                     const char *value, Error **errp)
{
    if (!parse_size(value, 1, prop_field(dev, prop))) {
        error_setg(errp, "Property '%s.%s' expects a size (like 512M or 1G), "
                   "not '%s'", dev_type(dev), prop->name, value);
        return false;
    }
    return true;
}

const PropertyInfo qdev_prop_size = {
    .type = "size", .bits = 64,
    .set = set_size, .print = print_int,
    .print_default = print_int_default, .set_default = set_default_int,
};

static bool set_bool(DeviceState *dev, const Property *prop,
                     const char *value, Error **errp)
{
    if (!parse_bool(value, prop_field(dev, prop))) {
        error_setg(errp, "Property '%s.%s' expects on or off, not '%s'",
                   dev_type(dev), prop->name, value);
        return false;
    }
    return true;
}

static char *print_bool(DeviceState *dev, const Property *prop)
{
    return g_strdup(*(bool *)prop_field(dev, prop) ? "true" : "false");
}

static char *print_bool_default(const Property *prop)
{
    return g_strdup(prop->defval.u ? "true" : "false");
}

static void set_default_bool(DeviceState *dev, const Property *prop)
{
    *(bool *)prop_field(dev, prop) = prop->defval.u;
}

const PropertyInfo qdev_prop_bool = {
    .type = "bool",
    .set = set_bool, .print = print_bool,
    .print_default = print_bool_default, .set_default = set_default_bool,
};

static bool set_string(DeviceState *dev, const Property *prop,
                       const char *value, Error **errp)
{
    char **field = prop_field(dev, prop);

    g_free(*field);
    *field = g_strdup(value);
    return true;
}

static char *print_string(DeviceState *dev, const Property *prop)
{
    return g_strdup(*(char **)prop_field(dev, prop) ?: "");
}

static void release_string(DeviceState *dev, const Property *prop)
{
    g_clear_pointer((char **)prop_field(dev, prop), g_free);
}

const PropertyInfo qdev_prop_string = {
    .type = "str", .quoted = true, .is_ptr = true,
    .set = set_string, .print = print_string, .release = release_string,
};

static bool set_enum(DeviceState *dev, const Property *prop,
                     const char *value, Error **errp)
{
    g_autofree char *valid = NULL;

    for (int i = 0; prop->enum_values[i]; i++) {
        if (!strcmp(prop->enum_values[i], value)) {
            *(int *)prop_field(dev, prop) = i;
            return true;
        }
    }
    valid = g_strjoinv(", ", (char **)prop->enum_values);
    error_setg(errp, "Property '%s.%s' doesn't take value '%s' "
               "(valid values: %s)", dev_type(dev), prop->name, value, valid);
    return false;
}

static char *print_enum(DeviceState *dev, const Property *prop)
{
    return g_strdup(prop->enum_values[*(int *)prop_field(dev, prop)]);
}

static char *print_enum_default(const Property *prop)
{
    return g_strdup(prop->enum_values[prop->defval.i]);
}

static void set_default_enum(DeviceState *dev, const Property *prop)
{
    *(int *)prop_field(dev, prop) = prop->defval.i;
}

const PropertyInfo qdev_prop_enum = {
    .quoted = true,
    .set = set_enum, .print = print_enum,
    .print_default = print_enum_default, .set_default = set_default_enum,
};

static bool store_link(DeviceState *dev, const Property *prop,
                       Object *target, Error **errp)
{
    Object **field = prop_field(dev, prop);

    if (target && !object_dynamic_cast(target, prop->link_type)) {
        error_setg(errp, "Property '%s.%s': object of type '%s' is not a "
                   "'%s'", dev_type(dev), prop->name,
                   object_get_typename(target), prop->link_type);
        return false;
    }
    object_ref(target);
    object_unref(*field);
    *field = target;
    return true;
}

static bool set_link(DeviceState *dev, const Property *prop,
                     const char *value, Error **errp)
{
    Object *target = NULL;
    bool ambiguous;

    if (*value) {
        target = object_resolve_path(value, &ambiguous);
        if (!target) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'%s",
                       dev_type(dev), prop->name, value,
                       ambiguous ? " (the path is ambiguous)" : "");
            return false;
        }
    }
    return store_link(dev, prop, target, errp);
}

static char *print_link(DeviceState *dev, const Property *prop)
{
    Object *target = *(Object **)prop_field(dev, prop);
    char *path = target ? object_get_canonical_path(target) : NULL;

    return path ? path : g_strdup("");
}

static void release_link(DeviceState *dev, const Property *prop)
{
    Object **field = prop_field(dev, prop);

    object_unref(*field);
    *field = NULL;
}

const PropertyInfo qdev_prop_link = {
    .quoted = true, .is_ptr = true,
    .set = set_link, .set_link = store_link, .print = print_link,
    .release = release_link,
};

/* Backends: the lookups the backend layers registered. */
static struct {
    const char *kind;
    void *(*lookup)(const char *id);
} backends[] = {
    { "chardev" }, { "drive" }, { "netdev" },
};

void qdev_prop_register_backend(const char *kind,
                                void *(*lookup)(const char *id))
{
    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        if (!strcmp(backends[i].kind, kind)) {
            backends[i].lookup = lookup;
            return;
        }
    }
    g_error("qdev_prop_register_backend: unknown kind '%s'", kind);
}

static void *backend_lookup(const char *kind, const char *id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
        if (!strcmp(backends[i].kind, kind)) {
            return backends[i].lookup ? backends[i].lookup(id) : NULL;
        }
    }
    g_assert_not_reached();
}

static bool set_backend(DeviceState *dev, const Property *prop,
                        const char *value, Error **errp)
{
    void **field = prop_field(dev, prop);
    void *backend = NULL;

    if (*value) {
        backend = backend_lookup(prop->info->backend, value);
        if (!backend) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       dev_type(dev), prop->name, value);
            return false;
        }
        g_hash_table_insert(dev->backend_ids, (gpointer)prop->name,
                            g_strdup(value));
    } else {
        g_hash_table_remove(dev->backend_ids, prop->name);
    }
    *field = backend;
    return true;
}

static char *print_backend(DeviceState *dev, const Property *prop)
{
    return g_strdup(g_hash_table_lookup(dev->backend_ids, prop->name) ?: "");
}

#define BACKEND_INFO(_kind, _desc) { \
    .type = "str", .description = (_desc), .backend = (_kind), \
    .quoted = true, .is_ptr = true, \
    .set = set_backend, .print = print_backend }

const PropertyInfo qdev_prop_chr =
    BACKEND_INFO("chardev", "ID of a chardev to use as a backend");
const PropertyInfo qdev_prop_drive =
    BACKEND_INFO("drive", "ID of a drive to use as a backend");
const PropertyInfo qdev_prop_netdev =
    BACKEND_INFO("netdev", "ID of a netdev to use as a backend");
