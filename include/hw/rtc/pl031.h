/*
 * Arm PrimeCell real-time clock (PL031), as a sysbus device "pl031": one
 * 4 KiB MMIO region and the alarm interrupt output.
 */
#ifndef HW_RTC_PL031_H
#define HW_RTC_PL031_H

#include "hw/sysbus.h"

#define TYPE_PL031 "pl031"
#define PL031_MMIO_SIZE 0x1000

/* Board helper: create, realize, map at addr, wire irq. */
DeviceState *pl031_create(hwaddr addr, qemu_irq irq);

#endif
