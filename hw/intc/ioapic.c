/*
 * I/O APIC: 24 redirection entries routing interrupt pins to APIC bus
 * messages.
 *
 * Edge-triggered pins send one message per rising edge while unmasked
 * (edges on a masked pin are lost, as on the real part).  Level-triggered
 * pins send a message while asserted and unmasked, then wait with remote
 * IRR set until the EOI for their vector.  Edge pins remember which sent
 * messages still await an EOI (eoi_wait), only to pulse their "ack" output.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/irq.h"
#include "hw/intc/ioapic.h"

OBJECT_DECLARE_SIMPLE_TYPE(IOAPICState, IOAPIC)

#define IOAPIC_VERSION      0x20
#define REG_SEL             0x00
#define REG_WIN             0x10
#define REG_EOI             0x40
#define IND_ID              0x00
#define IND_VERSION         0x01
#define IND_ARB             0x02
#define IND_REDTBL          0x10

#define RTE_VECTOR          0xffULL
#define RTE_DELIVERY_SHIFT  8
#define RTE_DEST_LOGICAL    (1ULL << 11)
#define RTE_DELIVERY_STATUS (1ULL << 12)
#define RTE_ACTIVE_LOW      (1ULL << 13)
#define RTE_REMOTE_IRR      (1ULL << 14)
#define RTE_LEVEL           (1ULL << 15)
#define RTE_MASKED          (1ULL << 16)
#define RTE_DEST_SHIFT      56
#define RTE_RO_BITS         (RTE_DELIVERY_STATUS | RTE_REMOTE_IRR)
/* Bits 17-55 are reserved. */
#define RTE_WRITABLE        (0xff0000000001ffffULL & ~RTE_RO_BITS)

struct IOAPICState {
    SysBusDevice parent_obj;
    MemoryRegion mmio;
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;               /* pins with a request pending */
    uint32_t lines;             /* input levels */
    uint32_t eoi_wait;          /* edge pins whose message awaits an EOI */
    uint64_t redtbl[IOAPIC_NUM_PINS];
    qemu_irq ack[IOAPIC_NUM_PINS], unmask[IOAPIC_NUM_PINS];
    IOAPICDeliverFn *deliver;
    void *deliver_opaque;
};

static void ioapic_send(IOAPICState *s, int pin)
{
    uint64_t e = s->redtbl[pin];
    IOAPICMessage msg = {
        .vector = e & RTE_VECTOR,
        .delivery_mode = (e >> RTE_DELIVERY_SHIFT) & 7,
        .dest_logical = e & RTE_DEST_LOGICAL,
        .dest = e >> RTE_DEST_SHIFT,
        .level_triggered = e & RTE_LEVEL,
        .active_low = e & RTE_ACTIVE_LOW,
        .pin = pin,
    };

    if (!s->deliver) {
        kemu_log_mask(LOG_GUEST_ERROR, "ioapic: pin %d interrupt with no "
                      "APIC bus connected\n", pin);
        return;
    }
    s->deliver(s->deliver_opaque, &msg);
    switch (msg.delivery_mode) {
    case IOAPIC_DM_FIXED:
    case IOAPIC_DM_LOWEST_PRIORITY:
        if (!msg.level_triggered) {
            s->eoi_wait |= 1U << pin;
        }
        break;
    case IOAPIC_DM_EXTINT:          /* the i8259's INTA acknowledges it */
        break;
    default:                        /* NMI, SMI, INIT: no EOI will come */
        qemu_irq_pulse(s->ack[pin]);
        break;
    }
}

/* Send what is pending and allowed. */
static void ioapic_service(IOAPICState *s)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint32_t bit = 1U << pin;
        uint64_t *e = &s->redtbl[pin];

        if (!(s->irr & bit) || (*e & RTE_MASKED)) {
            continue;
        }
        if (*e & RTE_LEVEL) {
            if (*e & RTE_REMOTE_IRR) {
                continue;
            }
            *e |= RTE_REMOTE_IRR;
        } else {
            s->irr &= ~bit;
        }
        ioapic_send(s, pin);
    }
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = IOAPIC(opaque);
    uint32_t bit = 1U << pin;
    bool masked = s->redtbl[pin] & RTE_MASKED;

    if (s->redtbl[pin] & RTE_LEVEL) {
        s->irr = level ? s->irr | bit : s->irr & ~bit;
    } else if (level && !(s->lines & bit) && !masked) {
        s->irr |= bit;
    }
    s->lines = level ? s->lines | bit : s->lines & ~bit;
    ioapic_service(s);
}

void ioapic_eoi_broadcast(DeviceState *dev, uint8_t vector)
{
    IOAPICState *s = IOAPIC(dev);

    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t *e = &s->redtbl[pin];

        if ((*e & RTE_REMOTE_IRR) && (*e & RTE_VECTOR) == vector) {
            *e &= ~RTE_REMOTE_IRR;
            qemu_irq_pulse(s->ack[pin]);
        }
    }
    ioapic_service(s);
}

void ioapic_eoi_edge(DeviceState *dev, uint8_t vector)
{
    IOAPICState *s = IOAPIC(dev);

    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        if ((s->eoi_wait & (1U << pin)) &&
            (s->redtbl[pin] & RTE_VECTOR) == vector) {
            s->eoi_wait &= ~(1U << pin);
            qemu_irq_pulse(s->ack[pin]);
        }
    }
}

void ioapic_set_delivery(DeviceState *dev, IOAPICDeliverFn *fn, void *opaque)
{
    IOAPICState *s = IOAPIC(dev);

    s->deliver = fn;
    s->deliver_opaque = opaque;
}

static uint32_t ioapic_read_indirect(IOAPICState *s)
{
    unsigned reg = s->ioregsel, pin;

    switch (reg) {
    case IND_ID:
    case IND_ARB:
        return s->id << 24;
    case IND_VERSION:
        return IOAPIC_VERSION | (IOAPIC_NUM_PINS - 1) << 16;
    }
    pin = (reg - IND_REDTBL) / 2;
    if (reg < IND_REDTBL || pin >= IOAPIC_NUM_PINS) {
        kemu_log_mask(LOG_GUEST_ERROR, "ioapic: read of bad register "
                      "0x%02x\n", reg);
        return 0;
    }
    return s->redtbl[pin] >> (reg & 1 ? 32 : 0);
}

static void ioapic_write_redtbl(IOAPICState *s, unsigned pin, bool high,
                                uint32_t val)
{
    uint64_t *e = &s->redtbl[pin];
    uint64_t v = high ? (*e & 0xffffffffULL) | (uint64_t)val << 32
                      : (*e & ~0xffffffffULL) | val;
    bool unmasking = (*e & RTE_MASKED) && !(v & RTE_MASKED);

    *e = (*e & RTE_RO_BITS) | (v & RTE_WRITABLE);
    if (unmasking) {
        qemu_irq_pulse(s->unmask[pin]);
    }
    if (!(*e & RTE_LEVEL)) {
        *e &= ~RTE_REMOTE_IRR;
        s->irr &= ~(1U << pin);
    } else if (s->lines & (1U << pin)) {
        s->irr |= 1U << pin;        /* a level pin asks while asserted */
    }
    ioapic_service(s);
}

static void ioapic_write_indirect(IOAPICState *s, uint32_t val)
{
    unsigned reg = s->ioregsel, pin = (reg - IND_REDTBL) / 2;

    if (reg == IND_ID) {
        s->id = (val >> 24) & 0xf;
    } else if (reg >= IND_REDTBL && pin < IOAPIC_NUM_PINS) {
        ioapic_write_redtbl(s, pin, reg & 1, val);
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "ioapic: write 0x%x to bad or "
                      "read-only register 0x%02x\n", val, reg);
    }
}

static uint64_t ioapic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case REG_SEL:
        return s->ioregsel;
    case REG_WIN:
        return ioapic_read_indirect(s);
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "ioapic: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        return 0;
    }
}

static void ioapic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case REG_SEL:
        s->ioregsel = val;
        break;
    case REG_WIN:
        ioapic_write_indirect(s, val);
        break;
    case REG_EOI:
        ioapic_eoi_broadcast(DEVICE(s), val);
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "ioapic: write to bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
}

static const MemoryRegionOps ioapic_ops = {
    .read = ioapic_mmio_read,
    .write = ioapic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void ioapic_reset(DeviceState *dev)
{
    IOAPICState *s = IOAPIC(dev);

    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    s->eoi_wait = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->redtbl[i] = RTE_MASKED;
    }
}

static void ioapic_init(Object *obj)
{
    IOAPICState *s = IOAPIC(obj);

    memory_region_init_io(&s->mmio, "ioapic", &ioapic_ops, s, "ioapic",
                          IOAPIC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    qdev_init_gpio_in(DEVICE(obj), ioapic_set_irq, IOAPIC_NUM_PINS);
    qdev_init_gpio_out_named(DEVICE(obj), s->ack, "ack", IOAPIC_NUM_PINS);
    qdev_init_gpio_out_named(DEVICE(obj), s->unmask, "unmask",
                             IOAPIC_NUM_PINS);
    ioapic_reset(DEVICE(obj));
}

static void ioapic_finalize(Object *obj)
{
    memory_region_finalize(&IOAPIC(obj)->mmio);
}

static void ioapic_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "I/O APIC (24 pins)";
    dc->reset = ioapic_reset;
}

static const TypeInfo ioapic_info = {
    .name = TYPE_IOAPIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IOAPICState),
    .instance_init = ioapic_init,
    .instance_finalize = ioapic_finalize,
    .class_init = ioapic_class_init,
};

static void ioapic_register_types(void)
{
    type_register_static(&ioapic_info);
}
type_init(ioapic_register_types)

DeviceState *ioapic_create(hwaddr addr)
{
    DeviceState *dev = qdev_new(TYPE_IOAPIC);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    return dev;
}
