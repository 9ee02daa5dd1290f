/*
 * Arm PrimeCell UART (PL011), as a sysbus device "pl011": one 4 KiB MMIO
 * region, one combined interrupt output, and a "chardev" property.
 */
#ifndef HW_CHAR_PL011_H
#define HW_CHAR_PL011_H

#include "hw/sysbus.h"

#define TYPE_PL011 "pl011"
#define PL011_MMIO_SIZE 0x1000

typedef struct Chardev Chardev;

/* Board helper: create, connect to chr (may be NULL), realize, map, wire. */
DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr);

#endif
