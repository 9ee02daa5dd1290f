/*
 * isa-debug-exit: lets a test guest choose the emulator's exit status.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/misc/debugexit.h"
#include "hw/qdev-properties.h"
#include "system/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(DebugExitState, ISA_DEBUG_EXIT)

struct DebugExitState {
    SysBusDevice parent_obj;
    MemoryRegion io;
    uint32_t iobase;
    uint32_t iosize;
};

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    kemu_system_exit_request((val << 1) | 1);
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static bool debug_exit_realize(DeviceState *dev, Error **errp)
{
    DebugExitState *s = ISA_DEBUG_EXIT(dev);

    if (s->iosize == 0 || s->iosize > 0x10000 ||
        s->iobase > 0x10000 - s->iosize) {
        error_setg(errp, "isa-debug-exit: iobase 0x%x with iosize 0x%x does "
                   "not fit in the I/O space", s->iobase, s->iosize);
        return false;
    }
    memory_region_init_io(&s->io, "isa-debug-exit", &debug_exit_ops, s,
                          "isa-debug-exit", s->iosize);
    memory_region_add_subregion(get_system_io(), s->iobase, &s->io);
    return true;
}

static void debug_exit_unrealize(DeviceState *dev)
{
    DebugExitState *s = ISA_DEBUG_EXIT(dev);

    memory_region_del_subregion(get_system_io(), &s->io);
    memory_region_finalize(&s->io);
}

static const Property debug_exit_props[] = {
    DEFINE_PROP_UINT32("iobase", DebugExitState, iobase, 0x501),
    DEFINE_PROP_UINT32("iosize", DebugExitState, iosize, 2),
    DEFINE_PROP_END_OF_LIST(),
};

static void debug_exit_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "exit the emulator with status (value << 1) | 1";
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
    dc->realize = debug_exit_realize;
    dc->unrealize = debug_exit_unrealize;
    device_class_set_props(dc, debug_exit_props);
}

static const TypeInfo debug_exit_info = {
    .name = TYPE_ISA_DEBUG_EXIT,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(DebugExitState),
    .class_init = debug_exit_class_init,
};

static void debug_exit_register_types(void)
{
    type_register_static(&debug_exit_info);
}
type_init(debug_exit_register_types)
