/*
 * "i8259": the PC's cascaded pair of 8259A interrupt controllers.
 *
 * Master at ports 0x20/0x21, slave at 0xa0/0xa1 cascaded on the master's
 * IRQ2, edge/level control registers (ELCR) at 0x4d0/0x4d1.  Inputs are
 * the 16 unnamed GPIO lines (ISA IRQ 0-15; input 2 is unused because the
 * slave sits there).  The output is one unnamed GPIO line, INT, which the
 * CPU side samples; when it is high the CPU runs the INTA cycle with
 * pic_read_irq(), which returns the vector and updates the in-service state.
 *
 * For devices that reinject missed interrupts (the i8254's catch-up), two
 * named GPIO output arrays of 16 lines (ISA IRQ n) pulse:
 *   "ack"     IRQ n was acknowledged (the INTA cycle or a poll);
 *   "unmask"  its IMR bit went from 1 to 0 (OCW1, or ICW1 clearing IMR).
 *
 * Like isa-serial, the device maps no ports by itself: i8259_create (or
 * i8259_connect for a device created by hand) places them in an I/O space.
 */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include "hw/sysbus.h"

#define TYPE_I8259 "i8259"

OBJECT_DECLARE_SIMPLE_TYPE(PICState, I8259)

/* A realized i8259 with its ports in io and INT wired to int_out. */
DeviceState *i8259_create(MemoryRegion *io, qemu_irq int_out);
/* Map a realized i8259's ports (0x20, 0xa0, 0x4d0) in io. */
void i8259_connect(DeviceState *dev, MemoryRegion *io);

/*
 * The INTA cycle: the vector of the highest-priority pending interrupt,
 * which moves to in-service (unless in auto-EOI mode).  With nothing
 * pending it returns the spurious vector (IRQ7 of the master, or IRQ15 of
 * the slave when the master acknowledged the cascade), setting no ISR bit.
 */
int pic_read_irq(PICState *s);
/* Whether INT is asserted (the level the CPU would see). */
bool pic_get_output(PICState *s);

#endif
