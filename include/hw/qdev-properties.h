/*
 * Static device properties: a table per device class, each entry naming a
 * field of the device state, its kind and its default.
 *
 *   static const Property pl011_props[] = {
 *       DEFINE_PROP_CHR("chardev", PL011State, chr),
 *       DEFINE_PROP_UINT32("fifo-depth", PL011State, fifo_depth, 16),
 *       DEFINE_PROP_END_OF_LIST(),
 *   };
 *   device_class_set_props(dc, pl011_props);
 *
 * Defaults are stored before the device's own instance_init runs.  Values
 * are parsed from strings (what -device gives); setting a property after
 * realize is an error.  Pointer-valued kinds (string, link, chardev, drive,
 * netdev) take optional extra initializers, e.g. `.required = true`, which
 * makes qdev_realize() refuse a device whose field is still NULL.
 *
 * Backends (chardev, drive, netdev): the field is a pointer the device
 * declares with its own type; it is set from the lookup function the
 * backend layer registered with qdev_prop_register_backend(), so this
 * layer does not depend on chardev/block/net.
 */
#ifndef HW_QDEV_PROPERTIES_H
#define HW_QDEV_PROPERTIES_H

#include "hw/qdev-core.h"

typedef struct PropertyInfo {
    const char *type;           /* shown in help: "uint32", "str", ... */
    const char *description;    /* NULL: none */
    bool quoted;                /* `info qtree` prints the value in quotes */
    bool is_ptr;                /* field is a pointer (may be .required) */
    int bits;                   /* integers: width; 0 for other kinds */
    bool is_signed;
    const char *backend;        /* "chardev", "drive", "netdev" or NULL */
    bool (*set)(DeviceState *dev, const Property *prop, const char *value,
                Error **errp);
    /* Links only: set from an object rather than a path. */
    bool (*set_link)(DeviceState *dev, const Property *prop, Object *target,
                     Error **errp);
    char *(*print)(DeviceState *dev, const Property *prop);
    char *(*print_default)(const Property *prop);   /* NULL: no default */
    void (*set_default)(DeviceState *dev, const Property *prop);
    void (*release)(DeviceState *dev, const Property *prop);
} PropertyInfo;

struct Property {
    const char *name;
    const PropertyInfo *info;
    size_t offset;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    const char *enum_type;              /* enum: name shown in help */
    const char *const *enum_values;     /* enum: NULL-terminated names */
    const char *link_type;              /* link: required target type */
    bool required;
};

extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_enum;
extern const PropertyInfo qdev_prop_link;
extern const PropertyInfo qdev_prop_chr;
extern const PropertyInfo qdev_prop_drive;
extern const PropertyInfo qdev_prop_netdev;

/* Compile-time checks that the field has the expected type or size. */
#define QDEV_PROP_TYPE_CHECK(_type, _state, _field) \
    ((_type *)0 - (typeof(((_state *)0)->_field) *)0)
#define QDEV_PROP_SIZE_CHECK(_state, _field, _size) \
    (0 * sizeof(char[sizeof(((_state *)0)->_field) == (_size) ? 1 : -1]))

#define DEFINE_PROP(_name, _state, _field, _info, _type, ...) \
    { .name = (_name), .info = &(_info), \
      .offset = offsetof(_state, _field) + \
                QDEV_PROP_TYPE_CHECK(_type, _state, _field), \
      __VA_ARGS__ }

#define DEFINE_PROP_BOOL(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_bool, bool, .defval.u = (bool)(_d))
#define DEFINE_PROP_UINT8(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uint8, uint8_t, .defval.u = (_d))
#define DEFINE_PROP_UINT16(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uint16, uint16_t, .defval.u = (_d))
#define DEFINE_PROP_UINT32(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uint32, uint32_t, .defval.u = (_d))
#define DEFINE_PROP_UINT64(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uint64, uint64_t, .defval.u = (_d))
#define DEFINE_PROP_INT32(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_int32, int32_t, .defval.i = (_d))
#define DEFINE_PROP_INT64(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_int64, int64_t, .defval.i = (_d))
/* uint64_t field; accepts suffixes: 512M, 1G. */
#define DEFINE_PROP_SIZE(_n, _s, _f, _d) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_size, uint64_t, .defval.u = (_d))
/* char * field, g_malloc'd, NULL by default. */
#define DEFINE_PROP_STRING(_n, _s, _f, ...) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_string, char *, __VA_ARGS__)
/* An int-sized (C enum) field holding an index into _values. */
#define DEFINE_PROP_ENUM(_n, _s, _f, _d, _enum_type, _values) \
    { .name = (_n), .info = &qdev_prop_enum, \
      .offset = offsetof(_s, _f) + QDEV_PROP_SIZE_CHECK(_s, _f, sizeof(int)), \
      .defval.i = (_d), .enum_type = (_enum_type), .enum_values = (_values) }
/* A _ptr_type field pointing at an object of type _link_type. */
#define DEFINE_PROP_LINK(_n, _s, _f, _link_type, _ptr_type, ...) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_link, _ptr_type, \
                .link_type = (_link_type), __VA_ARGS__)
#define DEFINE_PROP_BACKEND(_n, _s, _f, _info, ...) \
    { .name = (_n), .info = &(_info), \
      .offset = offsetof(_s, _f) + \
                QDEV_PROP_SIZE_CHECK(_s, _f, sizeof(void *)), \
      __VA_ARGS__ }
#define DEFINE_PROP_CHR(_n, _s, _f, ...) \
    DEFINE_PROP_BACKEND(_n, _s, _f, qdev_prop_chr, __VA_ARGS__)
#define DEFINE_PROP_DRIVE(_n, _s, _f, ...) \
    DEFINE_PROP_BACKEND(_n, _s, _f, qdev_prop_drive, __VA_ARGS__)
#define DEFINE_PROP_NETDEV(_n, _s, _f, ...) \
    DEFINE_PROP_BACKEND(_n, _s, _f, qdev_prop_netdev, __VA_ARGS__)
#define DEFINE_PROP_END_OF_LIST() { .name = NULL }

/*
 * The backend layer registers how an id becomes a backend pointer;
 * kind is "chardev", "drive" or "netdev".  lookup returns NULL for an
 * unknown id.  Registering a kind again replaces its lookup.
 */
void qdev_prop_register_backend(const char *kind,
                                void *(*lookup)(const char *id));

/* Board helpers: set a property that must exist and accept value. */
void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value);
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value);

#endif
