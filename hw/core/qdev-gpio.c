/*
 * Named GPIO lines of a device: inputs it owns, outputs a board connects.
 */
#include "kemu/osdep.h"
#include "hw/qdev-core.h"
#include "qdev-internal.h"

static NamedGPIOList *gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *list;

    for (guint i = 0; i < dev->gpios->len; i++) {
        list = g_ptr_array_index(dev->gpios, i);
        if (!g_strcmp0(list->name, name)) {
            return list;
        }
    }
    list = g_new0(NamedGPIOList, 1);
    list->name = g_strdup(name);
    g_ptr_array_add(dev->gpios, list);
    return list;
}

void qdev_gpio_list_free(gpointer opaque)
{
    NamedGPIOList *list = opaque;

    qemu_free_irqs(list->in, list->num_in);
    g_free(list->out);
    g_free(list->name);
    g_free(list);
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *list = gpio_list(dev, name);

    list->in = g_renew(qemu_irq, list->in, list->num_in + n);
    for (int i = 0; i < n; i++, list->num_in++) {
        list->in[list->num_in] = qemu_allocate_irq(handler, dev,
                                                   list->num_in);
    }
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *list = gpio_list(dev, name);

    list->out = g_renew(qemu_irq *, list->out, list->num_out + n);
    for (int i = 0; i < n; i++) {
        list->out[list->num_out++] = &pins[i];
    }
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *list = gpio_list(dev, name);

    assert(n >= 0 && n < list->num_in);
    return list->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq irq)
{
    NamedGPIOList *list = gpio_list(dev, name);

    assert(n >= 0 && n < list->num_out);
    *list->out[n] = irq;
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(dev, NULL, n, irq);
}

qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n)
{
    NamedGPIOList *list = gpio_list(dev, name);

    assert(n >= 0 && n < list->num_out);
    return *list->out[n];
}
