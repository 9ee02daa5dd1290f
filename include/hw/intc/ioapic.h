/*
 * "ioapic": an 82093AA-style I/O APIC (version 0x20, 24 pins) with
 * IOREGSEL at +0x00, IOWIN at +0x10 and the EOI register at +0x40 of its
 * MMIO page (0xfec00000 on a PC).  Inputs are the 24 unnamed GPIO lines,
 * active high (boards wire ISA IRQs as they are, PCI INTx as levels).
 *
 * The APIC bus is a callback: every interrupt the I/O APIC sends reaches
 * the function the board installed with ioapic_set_delivery() as an
 * IOAPICMessage, which the local APICs (target/i386) consume.  The local
 * APIC's EOI of a level-triggered vector comes back through
 * ioapic_eoi_broadcast(), of an edge-triggered one through ioapic_eoi_edge().
 *
 * For devices that reinject missed interrupts (the i8254's catch-up), two
 * named GPIO output arrays of IOAPIC_NUM_PINS lines pulse per pin:
 *   "ack"     the pin's interrupt was serviced: the EOI of the vector it
 *             sent as fixed or lowest-priority, or at once for NMI, SMI
 *             and INIT (ExtINT is acknowledged by the i8259);
 *   "unmask"  a write cleared the pin's mask bit.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/sysbus.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC_NUM_PINS 24
#define IOAPIC_DEFAULT_ADDR 0xfec00000ULL
#define IOAPIC_MMIO_SIZE 0x1000

typedef enum IOAPICDeliveryMode {
    IOAPIC_DM_FIXED = 0,
    IOAPIC_DM_LOWEST_PRIORITY = 1,
    IOAPIC_DM_SMI = 2,
    IOAPIC_DM_NMI = 4,
    IOAPIC_DM_INIT = 5,
    IOAPIC_DM_EXTINT = 7,
} IOAPICDeliveryMode;

typedef struct IOAPICMessage {
    uint8_t vector;
    IOAPICDeliveryMode delivery_mode;
    bool dest_logical;          /* destination mode: logical, else physical */
    uint8_t dest;               /* APIC ID or logical destination */
    bool level_triggered;
    bool active_low;            /* the pin's polarity bit, for the record */
    int pin;
} IOAPICMessage;

typedef void IOAPICDeliverFn(void *opaque, const IOAPICMessage *msg);

/* A realized I/O APIC mapped at addr in system memory. */
DeviceState *ioapic_create(hwaddr addr);
/* Where messages go; until set they are dropped (and logged). */
void ioapic_set_delivery(DeviceState *dev, IOAPICDeliverFn *fn, void *opaque);
/*
 * A local APIC's EOI for vector: clears remote IRR of the level-triggered
 * pins using it, and delivers again any whose line is still asserted.
 */
void ioapic_eoi_broadcast(DeviceState *dev, uint8_t vector);
/* A local APIC's EOI of an edge-triggered vector: the "ack" of its pins. */
void ioapic_eoi_edge(DeviceState *dev, uint8_t vector);

#endif
