/*
 * Shared between the files of hw/core that implement qdev; not for
 * devices or boards.
 */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/qdev-properties.h"

struct NamedGPIOList {
    char *name;                 /* NULL for the unnamed list */
    qemu_irq *in;
    int num_in;
    qemu_irq **out;             /* the device's qemu_irq fields */
    int num_out;
};

void qdev_gpio_list_free(gpointer list);

/* Checks every .required property of dev is set. */
bool qdev_check_required_props(DeviceState *dev, Error **errp);
/* Stores every default (from DeviceState's instance_init). */
void qdev_props_set_defaults(DeviceState *dev);
/* Frees strings, drops links and backend ids (at finalize). */
void qdev_props_release(DeviceState *dev);
/* `info qtree` lines "name = value" for dev's static properties. */
void qdev_print_props(GString *out, DeviceState *dev, int indent);

/* Realized devices that sit on no bus, in realize order. */
GPtrArray *qdev_busless_devices(void);

#endif
