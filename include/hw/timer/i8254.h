/*
 * "i8254": the PC's programmable interval timer.
 *
 * Three counters at ports 0x40-0x42 with the control word at 0x43, clocked
 * at 1.193182 MHz of virtual time.  Counter 0's output is the unnamed GPIO
 * output line 0 (ISA IRQ0).  Counter 2's gate and output are seen through
 * the PC's port 0x61 (bit 0 gate, bit 1 speaker data, bit 4 refresh toggle,
 * bit 5 counter 2 output), which this device also serves.
 *
 * Ports are placed by i8254_create / i8254_connect, as with isa-serial.
 */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/sysbus.h"

#define TYPE_I8254 "i8254"
#define PIT_FREQ 1193182

/* A realized i8254 with its ports in io and counter 0 wired to irq0. */
DeviceState *i8254_create(MemoryRegion *io, qemu_irq irq0);
/* Map a realized i8254's ports (0x40 and 0x61) in io. */
void i8254_connect(DeviceState *dev, MemoryRegion *io);

#endif
