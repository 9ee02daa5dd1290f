/*
 * "i8042": the PC's PS/2 keyboard controller with an AT keyboard behind
 * it, at ports 0x60 (data) and 0x64 (status/command).
 *
 * GPIO outputs: "kbd-irq" (ISA IRQ1), "aux-irq" (ISA IRQ12), "a20" (the
 * output port's A20 gate, high = enabled).  Pulsing the output port's
 * reset bit (command 0xfe, or 0xd1 with bit 0 clear) requests a guest
 * reset.  No mouse is attached: commands sent to the aux port answer 0xfe
 * (no acknowledge), so a probing guest gives up at once.
 */
#ifndef HW_INPUT_I8042_H
#define HW_INPUT_I8042_H

#include "hw/sysbus.h"

#define TYPE_I8042 "i8042"

/* A realized i8042 with its ports in io, wired to ISA IRQs 1 and 12. */
DeviceState *i8042_create(MemoryRegion *io, qemu_irq kbd_irq,
                          qemu_irq aux_irq);
/* Map a realized i8042's ports (0x60, 0x64) in io. */
void i8042_connect(DeviceState *dev, MemoryRegion *io);

/*
 * A key event from the display layer as a scan code set 1 byte: 0xe0
 * prefixes are separate calls, bit 7 marks a release.  The keyboard sends
 * it in its current scan set (set 2 by default, translated back to set 1
 * by the controller when the command byte asks for it).
 */
void kbd_put_keycode(DeviceState *dev, int keycode);

#endif
