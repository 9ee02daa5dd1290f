/*
 * 16550A UART.
 *
 * The core (SerialState) is embedded by the device types that place its
 * eight registers somewhere:
 *   "isa-serial"  x86 port I/O at iobase (COM1-4 defaults by index).  There
 *                 is no ISA bus yet: it is a sysbus device whose board maps
 *                 its ports into the I/O space and wires its interrupt with
 *                 isa_serial_connect().  An ISA bus can take over that job
 *                 later without changing the device.
 *   "serial-mm"   memory-mapped, register i at i << regshift, with a chosen
 *                 endianness (MIPS Malta and others).
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "chardev/char.h"
#include "hw/sysbus.h"
#include "kemu/timer.h"

#define TYPE_ISA_SERIAL "isa-serial"
#define TYPE_SERIAL_MM "serial-mm"

#define UART_FIFO_DEPTH 16
#define MAX_ISA_SERIAL_PORTS 4

typedef struct SerialState {
    /* Set through the owning device's properties. */
    Chardev *chr;
    uint32_t baudbase;          /* input clock / 16, e.g. 1843200 / 16 */

    CharFrontend fe;
    qemu_irq irq;
    KemuTimer *timeout_timer;   /* character timeout, virtual clock */

    uint16_t divisor;
    uint8_t ier, lcr, mcr, msr, scr, fcr;
    uint8_t lsr_errors;         /* OE, PE, FE, BI until LSR is read */
    unsigned rx_trigger;
    bool thr_ipending;
    bool timeout_ipending;
    /* Received characters, each with its LSR error bits << 8. */
    uint16_t rx_fifo[UART_FIFO_DEPTH];
    unsigned rx_head, rx_count;
} SerialState;

/* Core, for the device types (hw/char/serial*.c). */
bool serial_realize_core(SerialState *s, Error **errp);
void serial_unrealize_core(SerialState *s);
void serial_reset(SerialState *s);
/* Register reg (0..7) as the guest sees it (DLAB selects the latches). */
uint8_t serial_reg_read(SerialState *s, unsigned reg);
void serial_reg_write(SerialState *s, unsigned reg, uint8_t val);

/*
 * Board helpers.  isa_serial_create makes "isa-serial" number index
 * (COM1-4 ports and IRQs) on chr (may be NULL) and connects it to io (the
 * board's get_system_io()) and isa_irqs[0..15].
 */
DeviceState *isa_serial_create(int index, Chardev *chr, MemoryRegion *io,
                               const qemu_irq *isa_irqs);
/* Map a realized isa-serial's ports in io and wire isa_irqs[its irq]. */
void isa_serial_connect(DeviceState *dev, MemoryRegion *io,
                        const qemu_irq *isa_irqs);
/* "serial-mm" at addr in system memory, wired to irq. */
DeviceState *serial_mm_create(hwaddr addr, unsigned regshift, qemu_irq irq,
                              unsigned baudbase, Chardev *chr,
                              enum device_endian endianness);

#endif
