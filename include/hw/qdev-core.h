/*
 * The device model: devices on buses.
 *
 * Life of a device: qdev_new() -> set properties -> qdev_realize() (which
 * puts it on its bus and calls DeviceClass.realize) -> reset -> ... ->
 * qdev_unrealize() or object_unparent().  Properties can only be set
 * before realize.
 *
 * Buses belong to a device (child buses) except the main system bus,
 * which every board has (sysbus_get_default() in hw/sysbus.h).  A bus
 * keeps its devices in realize order, which is the order `info qtree`
 * prints and reset walks.
 *
 * Reset order: children before parents.  device_cold_reset(dev) first
 * resets every device on dev's child buses (recursively), then dev.  A
 * device's reset therefore runs after the devices behind it are quiet.
 */
#ifndef HW_QDEV_CORE_H
#define HW_QDEV_CORE_H

#include "qom/object.h"
#include "hw/irq.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"

typedef struct Property Property;
typedef struct DeviceState DeviceState;
typedef struct DeviceClass DeviceClass;
typedef struct BusState BusState;
typedef struct BusClass BusClass;

/* `-device help` groups devices by these, uncategorized ones last. */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_UNCATEGORIZED,  /* the default */
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

typedef bool DeviceRealize(DeviceState *dev, Error **errp);
typedef void DeviceUnrealize(DeviceState *dev);
typedef void DeviceReset(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;
    DeviceCategory category;
    const char *desc;
    const Property *props;      /* this class level; see set_props */
    bool user_creatable;        /* may be created with -device */
    const char *bus_type;       /* NULL: the device sits on no bus */
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    DeviceReset *reset;
};

typedef struct NamedGPIOList NamedGPIOList;

struct DeviceState {
    Object parent_obj;
    char *id;                   /* -device id=, NULL for board devices */
    bool realized;
    BusState *parent_bus;
    GPtrArray *child_buses;     /* BusState *, creation order */
    GPtrArray *gpios;           /* NamedGPIOList * */
    GHashTable *backend_ids;    /* prop name -> backend id (qdev-properties) */
};

typedef struct BusClass {
    ObjectClass parent_class;
    /*
     * Devices the bus can hold (0: no limit).  A full bus refuses more,
     * and -device without bus= skips it for the next one of its type.
     */
    int max_dev;
    /* Extra `info qtree` lines for a device on this bus (e.g. mmio). */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);
    /* Bus-level reset, after the devices on it. */
    void (*reset)(BusState *bus);
    /* dev was unrealized and is leaving the bus (undo what the bus did). */
    void (*device_unrealized)(BusState *bus, DeviceState *dev);
} BusClass;

struct BusState {
    Object obj;
    DeviceState *parent;        /* NULL for the main system bus */
    char *name;
    GPtrArray *children;        /* DeviceState * (referenced), realize order */
};

#define DEVICE(obj) OBJECT_CHECK(DeviceState, (obj), TYPE_DEVICE)
#define DEVICE_CLASS(klass) \
    OBJECT_CLASS_CHECK(DeviceClass, (klass), TYPE_DEVICE)
#define DEVICE_GET_CLASS(obj) OBJECT_GET_CLASS(DeviceClass, (obj), TYPE_DEVICE)
#define BUS(obj) OBJECT_CHECK(BusState, (obj), TYPE_BUS)
#define BUS_CLASS(klass) OBJECT_CLASS_CHECK(BusClass, (klass), TYPE_BUS)
#define BUS_GET_CLASS(obj) OBJECT_GET_CLASS(BusClass, (obj), TYPE_BUS)

/*
 * Registers the static properties (an array ended by
 * DEFINE_PROP_END_OF_LIST()) as class properties.  Call from class_init.
 */
void device_class_set_props(DeviceClass *dc, const Property *props);

/* A board's device: an unknown or abstract type is a programming error. */
DeviceState *qdev_new(const char *typename);
/*
 * Checks bus type and required properties, puts dev on bus, and realizes
 * it.  A device outside the object tree goes under /machine/unattached.
 * On failure dev stays unrealized and off the bus.
 */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
/* qdev_realize, then drops the caller's (qdev_new) reference. */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
/* Unrealizes the devices on dev's child buses, then dev; takes it off bus. */
void qdev_unrealize(DeviceState *dev);

/* Resets dev after everything on its child buses (see above). */
void device_cold_reset(DeviceState *dev);
void bus_cold_reset(BusState *bus);
/*
 * The machine's system reset: the main system bus tree, then realized
 * devices that sit on no bus (with their child buses), in realize order.
 */
void qdev_reset_all_devices(void);

/*
 * A bus owned by parent (NULL only for the main system bus).  A NULL name
 * becomes "<parent id>.<n>" or "<bus type>.<n>".
 */
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);
/* The first bus named name, or of type typename (either may be NULL). */
BusState *qbus_find(const char *name, const char *typename);
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);

/*
 * GPIO lines: named (or NULL-named) arrays of inputs and outputs.  Inputs
 * are IRQs the device owns (handler gets dev as opaque); outputs are
 * qemu_irq fields in the device state that a board connects to inputs.
 */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq irq);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq irq);
/* The qemu_irq an output is connected to (NULL if none). */
qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n);

/* `info qtree`: the main system bus and everything below it. */
void qdev_print_tree(GString *out);

/* -device (hw/core/qdev-monitor.c). */
/*
 * Creates, configures and realizes a device from "driver,id=x,prop=val",
 * under /machine/peripheral/<id> or /machine/peripheral-anon.  Returns the
 * device (the tree holds the reference) or NULL.
 */
DeviceState *qdev_device_add_from_str(const char *optstr, Error **errp);
/* `-device help`: user-creatable devices grouped by category. */
void qdev_print_device_list(GString *out);
/* `-device NAME,help`: NAME's properties, type and default. */
bool qdev_print_device_help(const char *driver, GString *out, Error **errp);

#endif
