/*
 * "isa-serial": a 16550A at x86 I/O ports iobase..iobase+7.
 *
 * Without an ISA bus, the board maps the ports into its I/O space and
 * wires the interrupt (isa_serial_connect); the device only works out its
 * COM port defaults.  That is why it is not creatable with -device yet.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/char/serial.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISASerialState, ISA_SERIAL)

struct ISASerialState {
    SysBusDevice parent_obj;
    SerialState serial;
    MemoryRegion io;
    int32_t index;              /* -1: the next free COM port */
    uint32_t iobase;            /* -1: the COM port's default */
    uint32_t isairq;            /* -1: the COM port's default */
};

static const uint16_t com_iobase[MAX_ISA_SERIAL_PORTS] = {
    0x3f8, 0x2f8, 0x3e8, 0x2e8
};
static const uint8_t com_irq[MAX_ISA_SERIAL_PORTS] = { 4, 3, 4, 3 };

static uint64_t isa_serial_read(void *opaque, hwaddr addr, unsigned size)
{
    return serial_reg_read(opaque, addr);
}

static void isa_serial_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    serial_reg_write(opaque, addr, val);
}

static const MemoryRegionOps isa_serial_ops = {
    .read = isa_serial_read,
    .write = isa_serial_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* Fill in the COM port defaults; the properties change only on success. */
static bool isa_serial_pick_resources(ISASerialState *s, Error **errp)
{
    static int next_index;
    int index = s->index == -1 ? next_index : s->index;
    uint32_t iobase, isairq;

    if (index < 0 || index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "isa-serial: index %d out of range: at most %d "
                   "ISA serial ports are supported", index,
                   MAX_ISA_SERIAL_PORTS);
        return false;
    }
    iobase = s->iobase == UINT32_MAX ? com_iobase[index] : s->iobase;
    isairq = s->isairq == UINT32_MAX ? com_irq[index] : s->isairq;
    if (iobase > 0xfff8) {
        error_setg(errp, "isa-serial: iobase 0x%x is outside the I/O space",
                   iobase);
        return false;
    }
    if (isairq > 15) {
        error_setg(errp, "isa-serial: irq %u is not an ISA IRQ (0-15)",
                   isairq);
        return false;
    }
    s->index = index;
    s->iobase = iobase;
    s->isairq = isairq;
    next_index = MAX(next_index, index + 1);
    return true;
}

static bool isa_serial_realize(DeviceState *dev, Error **errp)
{
    ISASerialState *s = ISA_SERIAL(dev);

    if (!isa_serial_pick_resources(s, errp)) {
        return false;
    }
    return serial_realize_core(&s->serial, errp);
}

static void isa_serial_unrealize(DeviceState *dev)
{
    ISASerialState *s = ISA_SERIAL(dev);

    if (s->io.container) {
        memory_region_del_subregion(s->io.container, &s->io);
    }
    serial_unrealize_core(&s->serial);
}

static void isa_serial_reset(DeviceState *dev)
{
    serial_reset(&ISA_SERIAL(dev)->serial);
}

static void isa_serial_init(Object *obj)
{
    ISASerialState *s = ISA_SERIAL(obj);

    memory_region_init_io(&s->io, "isa-serial", &isa_serial_ops, &s->serial,
                          "serial", 8);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->serial.irq);
}

static void isa_serial_finalize(Object *obj)
{
    memory_region_finalize(&ISA_SERIAL(obj)->io);
}

static const Property isa_serial_props[] = {
    DEFINE_PROP_INT32("index", ISASerialState, index, -1),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, UINT32_MAX),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, UINT32_MAX),
    DEFINE_PROP_CHR("chardev", ISASerialState, serial.chr),
    DEFINE_PROP_UINT32("baudbase", ISASerialState, serial.baudbase, 115200),
    DEFINE_PROP_END_OF_LIST(),
};

static void isa_serial_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "16550A UART at ISA I/O ports";
    dc->realize = isa_serial_realize;
    dc->unrealize = isa_serial_unrealize;
    dc->reset = isa_serial_reset;
    device_class_set_props(dc, isa_serial_props);
}

static const TypeInfo isa_serial_info = {
    .name = TYPE_ISA_SERIAL,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(ISASerialState),
    .instance_init = isa_serial_init,
    .instance_finalize = isa_serial_finalize,
    .class_init = isa_serial_class_init,
};

static void isa_serial_register_types(void)
{
    type_register_static(&isa_serial_info);
}
type_init(isa_serial_register_types)

void isa_serial_connect(DeviceState *dev, MemoryRegion *io,
                        const qemu_irq *isa_irqs)
{
    ISASerialState *s = ISA_SERIAL(dev);

    g_assert(dev->realized);
    memory_region_add_subregion(io, s->iobase, &s->io);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, isa_irqs[s->isairq]);
}

DeviceState *isa_serial_create(int index, Chardev *chr, MemoryRegion *io,
                               const qemu_irq *isa_irqs)
{
    DeviceState *dev = qdev_new(TYPE_ISA_SERIAL);

    qdev_prop_set_uint32(dev, "index", index);
    if (chr) {
        qdev_prop_set_string(dev, "chardev", chardev_id(chr));
    }
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    isa_serial_connect(dev, io, isa_irqs);
    return dev;
}
