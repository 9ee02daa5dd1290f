/*
 * The PC's pair of 8259A programmable interrupt controllers.
 *
 * Each chip keeps the request (IRR), in-service (ISR) and mask (IMR)
 * registers and a rotating priority base: IRQ number (priority_add + k) & 7
 * has priority k, 0 being the highest.  The slave's INT output feeds the
 * master's IRQ2.  Edge-triggered inputs latch IRR on a rising edge; level
 * inputs (ELCR bit set) follow the line.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/irq.h"
#include "hw/intc/i8259.h"

typedef struct PICChip {
    PICState *pair;
    bool master;
    uint8_t irr, imr, isr;
    uint8_t lines;              /* input levels, for edge detection */
    uint8_t elcr, elcr_mask;
    uint8_t priority_add;
    uint8_t irq_base;
    uint8_t init_state;         /* 0: ready; 1-3: expecting ICW2-ICW4 */
    bool icw4_needed, single_mode;
    bool read_isr, poll, special_mask;
    bool auto_eoi, rotate_on_auto_eoi, special_fully_nested;
    MemoryRegion io;
} PICChip;

struct PICState {
    SysBusDevice parent_obj;
    PICChip chip[2];            /* master, slave */
    MemoryRegion elcr_io;
    qemu_irq int_out;
    bool int_level;
    qemu_irq ack[16], unmask[16];       /* per ISA IRQ, pulsed */
};

#define NO_IRQ 8

/* Priority (0 highest) of the highest-priority bit in mask, or NO_IRQ. */
static int pic_priority(PICChip *c, uint8_t mask)
{
    for (int p = 0; p < 8; p++) {
        if (mask & (1 << ((p + c->priority_add) & 7))) {
            return p;
        }
    }
    return NO_IRQ;
}

/* The IRQ this chip would deliver now, or -1. */
static int pic_get_irq(PICChip *c)
{
    int p = pic_priority(c, c->irr & ~c->imr);
    uint8_t in_service = c->isr;

    if (p == NO_IRQ) {
        return -1;
    }
    /* Special mask mode: masked levels in service block nothing. */
    if (c->special_mask) {
        in_service &= ~c->imr;
    }
    /* Fully nested: the slave may interrupt its own cascade service. */
    if (c->special_fully_nested && c->master) {
        in_service &= ~(1 << 2);
    }
    if (p < pic_priority(c, in_service)) {
        return (p + c->priority_add) & 7;
    }
    return -1;
}

static void pic_chip_set_irq(PICChip *c, int irq, int level);

/* Propagate: slave INT into master IRQ2, master INT to the CPU. */
static void pic_update(PICState *s)
{
    pic_chip_set_irq(&s->chip[0], 2, pic_get_irq(&s->chip[1]) >= 0);
    s->int_level = pic_get_irq(&s->chip[0]) >= 0;
    qemu_set_irq(s->int_out, s->int_level);
}

static void pic_chip_set_irq(PICChip *c, int irq, int level)
{
    uint8_t mask = 1 << irq;

    if (c->elcr & mask) {
        c->irr = level ? c->irr | mask : c->irr & ~mask;
    } else if (level && !(c->lines & mask)) {
        c->irr |= mask;
    }
    c->lines = level ? c->lines | mask : c->lines & ~mask;
}

static void pic_input(void *opaque, int n, int level)
{
    PICState *s = I8259(opaque);

    pic_chip_set_irq(&s->chip[n >> 3], n & 7, level);
    pic_update(s);
}

static int pic_isa_irq(PICChip *c, int irq)
{
    return c->master ? irq : 8 + irq;
}

/* Pulse "unmask" for the IRQs of bits that were masked. */
static void pic_pulse_unmasked(PICChip *c, uint8_t bits)
{
    for (int irq = 0; irq < 8; irq++) {
        if (bits & (1 << irq)) {
            qemu_irq_pulse(c->pair->unmask[pic_isa_irq(c, irq)]);
        }
    }
}

/* Acknowledge irq on one chip (the INTA pulse or a poll). */
static void pic_intack(PICChip *c, int irq)
{
    if (c->auto_eoi) {
        if (c->rotate_on_auto_eoi) {
            c->priority_add = (irq + 1) & 7;
        }
    } else {
        c->isr |= 1 << irq;
    }
    if (!(c->elcr & (1 << irq))) {
        c->irr &= ~(1 << irq);
    }
}

/* After the INTA (or poll) is complete: a device may raise again at once. */
static void pic_pulse_ack(PICChip *c, int irq)
{
    qemu_irq_pulse(c->pair->ack[pic_isa_irq(c, irq)]);
}

int pic_read_irq(PICState *s)
{
    PICChip *m = &s->chip[0], *sl = &s->chip[1];
    int irq = pic_get_irq(m), irq2 = -1, vector;

    if (irq < 0) {
        vector = m->irq_base + 7;       /* spurious IRQ7 */
    } else if (irq == 2) {
        irq2 = pic_get_irq(sl);
        if (irq2 >= 0) {
            pic_intack(sl, irq2);
        }
        pic_intack(m, irq);
        vector = sl->irq_base + (irq2 >= 0 ? irq2 : 7);  /* or IRQ15 */
    } else {
        pic_intack(m, irq);
        vector = m->irq_base + irq;
    }
    pic_update(s);
    if (irq2 >= 0) {
        pic_pulse_ack(sl, irq2);
    } else if (irq >= 0 && irq != 2) {
        pic_pulse_ack(m, irq);
    }
    return vector;
}

bool pic_get_output(PICState *s)
{
    return s->int_level;
}

/*
 * What ICW1 and a device reset clear; ELCR survives ICW1.  The input
 * levels (lines) are the wires' and stay: an edge-triggered input that is
 * high now must go low and high again to request (the 8259A's "edge
 * sense circuit is reset"), even when its device repeats the high level.
 */
static void pic_chip_init_reset(PICChip *c)
{
    c->irr &= c->elcr;
    c->imr = 0;
    c->isr = 0;
    c->priority_add = 0;
    c->irq_base = 0;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->init_state = 0;
    c->auto_eoi = false;
    c->rotate_on_auto_eoi = false;
    c->special_fully_nested = false;
    c->icw4_needed = false;
    c->single_mode = false;
}

static const char *pic_name(PICChip *c)
{
    return c->master ? "i8259 master" : "i8259 slave";
}

static void pic_write_icw1(PICChip *c, uint8_t val)
{
    uint8_t was_masked = c->imr;

    pic_chip_init_reset(c);
    pic_pulse_unmasked(c, was_masked);
    c->init_state = 1;
    c->icw4_needed = val & 1;
    c->single_mode = val & 2;
    if (val & 0x08) {
        kemu_log_mask(LOG_UNIMP, "%s: level-triggered mode in ICW1 is not "
                      "supported (use the ELCR)\n", pic_name(c));
    }
}

static void pic_write_ocw2(PICChip *c, uint8_t val)
{
    int cmd = val >> 5, p, irq;

    switch (cmd) {
    case 0:
    case 4:
        c->rotate_on_auto_eoi = cmd == 4;
        break;
    case 1:                     /* non-specific EOI */
    case 5:                     /* ... and rotate */
        p = pic_priority(c, c->isr);
        if (p != NO_IRQ) {
            irq = (p + c->priority_add) & 7;
            c->isr &= ~(1 << irq);
            if (cmd == 5) {
                c->priority_add = (irq + 1) & 7;
            }
        }
        break;
    case 3:                     /* specific EOI */
        c->isr &= ~(1 << (val & 7));
        break;
    case 6:                     /* set lowest priority */
        c->priority_add = (val + 1) & 7;
        break;
    case 7:                     /* specific EOI and rotate */
        c->isr &= ~(1 << (val & 7));
        c->priority_add = ((val & 7) + 1) & 7;
        break;
    default:                    /* 2: no operation */
        break;
    }
}

static void pic_write_ocw3(PICChip *c, uint8_t val)
{
    if (val & 0x04) {
        c->poll = true;
    }
    if (val & 0x02) {
        c->read_isr = val & 1;
    }
    if (val & 0x40) {
        c->special_mask = (val >> 5) & 1;
    }
}

static void pic_write_data(PICChip *c, uint8_t val)
{
    uint8_t unmasked;

    switch (c->init_state) {
    case 0:
        unmasked = c->imr & ~val;
        c->imr = val;
        pic_pulse_unmasked(c, unmasked);
        break;
    case 1:
        c->irq_base = val & 0xf8;
        c->init_state = c->single_mode ? (c->icw4_needed ? 3 : 0) : 2;
        break;
    case 2:
        c->init_state = c->icw4_needed ? 3 : 0;
        break;
    case 3:
        if (!(val & 1)) {
            kemu_log_mask(LOG_UNIMP, "%s: 8080/8085 mode (ICW4 bit 0 "
                          "clear) is not supported\n", pic_name(c));
        }
        c->special_fully_nested = (val >> 4) & 1;
        c->auto_eoi = (val >> 1) & 1;
        c->init_state = 0;
        break;
    }
}

static void pic_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PICChip *c = opaque;

    if (addr == 1) {
        pic_write_data(c, val);
    } else if (val & 0x10) {
        pic_write_icw1(c, val);
    } else if (val & 0x08) {
        pic_write_ocw3(c, val);
    } else {
        pic_write_ocw2(c, val);
    }
    pic_update(c->pair);
}

/* Poll command: acknowledge as INTA would, answer 0x80 | irq or 0. */
static uint8_t pic_poll_read(PICChip *c)
{
    int irq = pic_get_irq(c);

    c->poll = false;
    if (irq < 0) {
        return 0;
    }
    pic_intack(c, irq);
    pic_update(c->pair);
    pic_pulse_ack(c, irq);
    return 0x80 | irq;
}

static uint64_t pic_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICChip *c = opaque;

    if (c->poll) {
        return pic_poll_read(c);
    }
    if (addr == 1) {
        return c->imr;
    }
    return c->read_isr ? c->isr : c->irr;
}

static const MemoryRegionOps pic_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t elcr_read(void *opaque, hwaddr addr, unsigned size)
{
    return I8259(opaque)->chip[addr].elcr;
}

static void elcr_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    PICState *s = I8259(opaque);
    PICChip *c = &s->chip[addr];

    c->elcr = val & c->elcr_mask;
    /* A line switched to level mode requests while it is high. */
    c->irr = (c->irr & ~c->elcr) | (c->lines & c->elcr);
    pic_update(s);
}

static const MemoryRegionOps elcr_ops = {
    .read = elcr_read,
    .write = elcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void i8259_reset(DeviceState *dev)
{
    PICState *s = I8259(dev);

    for (int i = 0; i < 2; i++) {
        s->chip[i].elcr = 0;
        s->chip[i].irr = 0;
        pic_chip_init_reset(&s->chip[i]);
    }
    pic_update(s);
}

static void i8259_init(Object *obj)
{
    PICState *s = I8259(obj);
    DeviceState *dev = DEVICE(obj);

    for (int i = 0; i < 2; i++) {
        PICChip *c = &s->chip[i];

        c->pair = s;
        c->master = i == 0;
        /* IRQ0-2 and IRQ8/IRQ13 are always edge-triggered on a PC. */
        c->elcr_mask = c->master ? 0xf8 : 0xde;
        memory_region_init_io(&c->io, "i8259", &pic_ops, c,
                              c->master ? "pic-master" : "pic-slave", 2);
    }
    memory_region_init_io(&s->elcr_io, "i8259", &elcr_ops, s, "elcr", 2);
    qdev_init_gpio_in(dev, pic_input, 16);
    qdev_init_gpio_out(dev, &s->int_out, 1);
    qdev_init_gpio_out_named(dev, s->ack, "ack", 16);
    qdev_init_gpio_out_named(dev, s->unmask, "unmask", 16);
}

static void i8259_unrealize(DeviceState *dev)
{
    PICState *s = I8259(dev);
    MemoryRegion *regions[] = { &s->chip[0].io, &s->chip[1].io, &s->elcr_io };

    for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
        if (regions[i]->container) {
            memory_region_del_subregion(regions[i]->container, regions[i]);
        }
    }
}

static void i8259_finalize(Object *obj)
{
    PICState *s = I8259(obj);

    memory_region_finalize(&s->chip[0].io);
    memory_region_finalize(&s->chip[1].io);
    memory_region_finalize(&s->elcr_io);
}

static void i8259_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "8259A interrupt controller pair (ISA IRQ 0-15)";
    dc->unrealize = i8259_unrealize;
    dc->reset = i8259_reset;
}

static const TypeInfo i8259_info = {
    .name = TYPE_I8259,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PICState),
    .instance_init = i8259_init,
    .instance_finalize = i8259_finalize,
    .class_init = i8259_class_init,
};

static void i8259_register_types(void)
{
    type_register_static(&i8259_info);
}
type_init(i8259_register_types)

void i8259_connect(DeviceState *dev, MemoryRegion *io)
{
    PICState *s = I8259(dev);

    g_assert(dev->realized);
    memory_region_add_subregion(io, 0x20, &s->chip[0].io);
    memory_region_add_subregion(io, 0xa0, &s->chip[1].io);
    memory_region_add_subregion(io, 0x4d0, &s->elcr_io);
}

DeviceState *i8259_create(MemoryRegion *io, qemu_irq int_out)
{
    DeviceState *dev = qdev_new(TYPE_I8259);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    qdev_connect_gpio_out(dev, 0, int_out);
    i8259_connect(dev, io);
    return dev;
}
