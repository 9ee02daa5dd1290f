/*
 * The main system bus and the devices that sit on it (memory-mapped
 * devices of a board).  Every board has exactly one: sysbus_get_default().
 */
#ifndef HW_SYSBUS_H
#define HW_SYSBUS_H

#include "hw/qdev-core.h"
#include "exec/memory.h"

#define TYPE_SYSTEM_BUS "System"
#define TYPE_SYS_BUS_DEVICE "sys-bus-device"

#define SYSBUS_MAX_MMIO 8

typedef struct SysBusDevice {
    DeviceState parent_obj;
    int num_mmio;
    struct {
        MemoryRegion *region;
        hwaddr addr;            /* where the board mapped it, or -1 */
    } mmio[SYSBUS_MAX_MMIO];
} SysBusDevice;

#define SYS_BUS_DEVICE(obj) \
    OBJECT_CHECK(SysBusDevice, (obj), TYPE_SYS_BUS_DEVICE)

/* "main-system-bus", created on first use at /machine/unattached/sysbus. */
BusState *sysbus_get_default(void);

/* Outputs named "sysbus-irq", numbered in the order they are declared. */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);

/* Declare the device's MMIO regions (numbered in order) for the board. */
void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr);
/* Map region n at addr in system memory (optionally above others). */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);
void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority);
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);

bool sysbus_realize(SysBusDevice *dev, Error **errp);
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

#endif
