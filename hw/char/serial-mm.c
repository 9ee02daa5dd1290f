/*
 * "serial-mm": a memory-mapped 16550A.  Register i sits at i << regshift;
 * an access anywhere within that slot reaches register i, so a byte access
 * to the low-order byte of a big-endian 32-bit slot works as well.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/char/serial.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(SerialMMState, SERIAL_MM)

struct SerialMMState {
    SysBusDevice parent_obj;
    SerialState serial;
    MemoryRegion iomem;
    uint8_t regshift;
    int endianness;             /* enum device_endian */
};

static const char *const endian_names[] = {
    [DEVICE_NATIVE_ENDIAN] = "native",
    [DEVICE_BIG_ENDIAN] = "big",
    [DEVICE_LITTLE_ENDIAN] = "little",
    NULL,
};

static uint64_t serial_mm_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialMMState *s = opaque;

    return serial_reg_read(&s->serial, addr >> s->regshift);
}

static void serial_mm_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    SerialMMState *s = opaque;

    serial_reg_write(&s->serial, addr >> s->regshift, val);
}

/* One table per endianness: the field is const in MemoryRegionOps. */
#define SERIAL_MM_OPS(_endian) { \
    .read = serial_mm_read, \
    .write = serial_mm_write, \
    .endianness = (_endian), \
    .valid = { .min_access_size = 1, .max_access_size = 4 }, \
    .impl = { .min_access_size = 1, .max_access_size = 4 }, \
}

static const MemoryRegionOps serial_mm_ops[] = {
    [DEVICE_NATIVE_ENDIAN] = SERIAL_MM_OPS(DEVICE_NATIVE_ENDIAN),
    [DEVICE_BIG_ENDIAN] = SERIAL_MM_OPS(DEVICE_BIG_ENDIAN),
    [DEVICE_LITTLE_ENDIAN] = SERIAL_MM_OPS(DEVICE_LITTLE_ENDIAN),
};

static bool serial_mm_realize(DeviceState *dev, Error **errp)
{
    SerialMMState *s = SERIAL_MM(dev);

    if (s->regshift > 4) {
        error_setg(errp, "serial-mm: regshift %u is too large (at most 4)",
                   s->regshift);
        return false;
    }
    if (!serial_realize_core(&s->serial, errp)) {
        return false;
    }
    memory_region_init_io(&s->iomem, "serial-mm",
                          &serial_mm_ops[s->endianness], s, "serial",
                          8u << s->regshift);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->iomem);
    return true;
}

static void serial_mm_unrealize(DeviceState *dev)
{
    serial_unrealize_core(&SERIAL_MM(dev)->serial);
}

static void serial_mm_reset(DeviceState *dev)
{
    serial_reset(&SERIAL_MM(dev)->serial);
}

static void serial_mm_init(Object *obj)
{
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &SERIAL_MM(obj)->serial.irq);
}

static void serial_mm_finalize(Object *obj)
{
    memory_region_finalize(&SERIAL_MM(obj)->iomem);
}

static const Property serial_mm_props[] = {
    DEFINE_PROP_UINT8("regshift", SerialMMState, regshift, 0),
    DEFINE_PROP_ENUM("endianness", SerialMMState, endianness,
                     DEVICE_NATIVE_ENDIAN, "DeviceEndian", endian_names),
    DEFINE_PROP_CHR("chardev", SerialMMState, serial.chr),
    DEFINE_PROP_UINT32("baudbase", SerialMMState, serial.baudbase, 115200),
    DEFINE_PROP_END_OF_LIST(),
};

static void serial_mm_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "memory-mapped 16550A UART";
    dc->realize = serial_mm_realize;
    dc->unrealize = serial_mm_unrealize;
    dc->reset = serial_mm_reset;
    device_class_set_props(dc, serial_mm_props);
}

static const TypeInfo serial_mm_info = {
    .name = TYPE_SERIAL_MM,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(SerialMMState),
    .instance_init = serial_mm_init,
    .instance_finalize = serial_mm_finalize,
    .class_init = serial_mm_class_init,
};

static void serial_mm_register_types(void)
{
    type_register_static(&serial_mm_info);
}
type_init(serial_mm_register_types)

DeviceState *serial_mm_create(hwaddr addr, unsigned regshift, qemu_irq irq,
                              unsigned baudbase, Chardev *chr,
                              enum device_endian endianness)
{
    DeviceState *dev = qdev_new(TYPE_SERIAL_MM);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    qdev_prop_set_uint32(dev, "regshift", regshift);
    qdev_prop_set_uint32(dev, "baudbase", baudbase);
    qdev_prop_set_string(dev, "endianness", endian_names[endianness]);
    if (chr) {
        qdev_prop_set_string(dev, "chardev", chardev_id(chr));
    }
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, addr);
    sysbus_connect_irq(sbd, 0, irq);
    return dev;
}
