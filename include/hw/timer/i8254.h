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
 *
 * Property "lost-tick-policy": what becomes of counter 0's periodic
 * interrupts (modes 2 and 3) that the guest could not take in time:
 *   "discard" (default)  every output transition reaches the line when it
 *                        is due; edges the guest has not yet taken merge
 *                        in the interrupt controller, as on hardware;
 *   "delay"              catch-up, as KVM's reinjection: an edge waits for
 *                        the acknowledgment of the one before it; the
 *                        periods that ended meanwhile (at most
 *                        PIT_MAX_MISSED) are delivered one per
 *                        acknowledgment, then the ticks run in step again.
 * The board pulses two named GPIO inputs for the delay policy: "ack" when
 * the interrupt controller acknowledges counter 0's interrupt (I/O APIC
 * EOI, i8259 INTA), "unmask" when IRQ0 is unmasked there (the missed
 * periods are dropped: they were missed while nobody listened).  An
 * acknowledgment overdue by PIT_MAX_MISSED periods counts as lost.
 */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/sysbus.h"

#define TYPE_I8254 "i8254"
#define PIT_FREQ 1193182
#define PIT_MAX_MISSED 64

typedef enum PITLostTickPolicy {
    PIT_LOST_TICK_DISCARD,
    PIT_LOST_TICK_DELAY,
} PITLostTickPolicy;

/* A realized i8254 with its ports in io and counter 0 wired to irq0. */
DeviceState *i8254_create(MemoryRegion *io, qemu_irq irq0);
/* The same with a lost-tick policy (the ack inputs still to be wired). */
DeviceState *i8254_create_policy(MemoryRegion *io, qemu_irq irq0,
                                 PITLostTickPolicy policy);
/* Map a realized i8254's ports (0x40 and 0x61) in io. */
void i8254_connect(DeviceState *dev, MemoryRegion *io);

#endif
