/*
 * Arm PrimeCell real-time clock (PL031).
 *
 * The counter is the host's wall-clock time when the device is realized
 * plus the seconds the virtual clock has run since, so guest time stands
 * still while the VM is paused.  It always counts (CR only records the
 * enable bit) and keeps its time across a system reset, as a battery-backed
 * RTC does.  The alarm is a virtual-clock timer set for the moment the
 * counter reaches MR.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "hw/rtc/pl031.h"

OBJECT_DECLARE_SIMPLE_TYPE(PL031State, PL031)

enum {
    R_DR = 0x00, R_MR = 0x04, R_LR = 0x08, R_CR = 0x0c, R_IMSC = 0x10,
    R_RIS = 0x14, R_MIS = 0x18, R_ICR = 0x1c, R_ID = 0xfe0,
};

#define INT_ALARM 1

static const uint8_t pl031_id[8] = {
    0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

struct PL031State {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    KemuTimer *alarm;
    uint32_t tick_offset;       /* counter value at virtual time 0 */
    uint32_t mr, lr, cr, imsc, ris;
};

static int64_t pl031_vm_seconds(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) / NANOSECONDS_PER_SECOND;
}

static uint32_t pl031_count(PL031State *s)
{
    return s->tick_offset + (uint32_t)pl031_vm_seconds();
}

static void pl031_update_irq(PL031State *s)
{
    qemu_set_irq(s->irq, (s->ris & s->imsc) != 0);
}

static void pl031_alarm_fired(void *opaque)
{
    PL031State *s = opaque;

    s->ris |= INT_ALARM;
    pl031_update_irq(s);
}

/* Arm the alarm for the second at which the counter becomes MR. */
static void pl031_set_alarm(PL031State *s)
{
    int64_t secs = pl031_vm_seconds();
    uint32_t delta = s->mr - (s->tick_offset + (uint32_t)secs);

    if (delta == 0) {
        timer_del(s->alarm);
        pl031_alarm_fired(s);
        return;
    }
    timer_mod(s->alarm, (secs + delta) * NANOSECONDS_PER_SECOND);
}

static uint64_t pl031_read(void *opaque, hwaddr addr, unsigned size)
{
    PL031State *s = opaque;

    if (addr >= R_ID) {
        return pl031_id[(addr - R_ID) >> 2];
    }
    switch (addr) {
    case R_DR:
        return pl031_count(s);
    case R_MR:
        return s->mr;
    case R_LR:
        return s->lr;
    case R_CR:
        return s->cr;
    case R_IMSC:
        return s->imsc;
    case R_RIS:
        return s->ris;
    case R_MIS:
        return s->ris & s->imsc;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "pl031: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        return 0;
    }
}

static void pl031_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    PL031State *s = opaque;

    switch (addr) {
    case R_MR:
        s->mr = val;
        pl031_set_alarm(s);
        break;
    case R_LR:
        s->lr = val;
        s->tick_offset = val - (uint32_t)pl031_vm_seconds();
        pl031_set_alarm(s);
        break;
    case R_CR:
        s->cr = val & 1;
        return;
    case R_IMSC:
        s->imsc = val & INT_ALARM;
        break;
    case R_ICR:
        s->ris &= ~(val & INT_ALARM);
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "pl031: write to %s offset 0x%"
                      HWADDR_PRIx "\n",
                      addr == R_DR || addr == R_RIS || addr == R_MIS ||
                      addr >= R_ID ? "read-only" : "bad", addr);
        return;
    }
    pl031_update_irq(s);
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void pl031_reset(DeviceState *dev)
{
    PL031State *s = PL031(dev);

    timer_del(s->alarm);
    s->mr = 0;
    s->lr = 0;
    s->cr = 0;
    s->imsc = 0;
    s->ris = 0;
    pl031_update_irq(s);
}

static void pl031_init(Object *obj)
{
    PL031State *s = PL031(obj);

    memory_region_init_io(&s->iomem, "pl031", &pl031_ops, s, "pl031",
                          PL031_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void pl031_finalize(Object *obj)
{
    memory_region_finalize(&PL031(obj)->iomem);
}

static bool pl031_realize(DeviceState *dev, Error **errp)
{
    PL031State *s = PL031(dev);
    int64_t host_secs = g_get_real_time() / G_USEC_PER_SEC;

    s->tick_offset = (uint32_t)host_secs - (uint32_t)pl031_vm_seconds();
    s->alarm = timer_new_ns(KEMU_CLOCK_VIRTUAL, pl031_alarm_fired, s);
    pl031_reset(dev);
    return true;
}

static void pl031_unrealize(DeviceState *dev)
{
    PL031State *s = PL031(dev);

    timer_free(s->alarm);
    s->alarm = NULL;
}

static void pl031_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "Arm PrimeCell RTC (PL031)";
    dc->realize = pl031_realize;
    dc->unrealize = pl031_unrealize;
    dc->reset = pl031_reset;
}

static const TypeInfo pl031_info = {
    .name = TYPE_PL031,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL031State),
    .instance_init = pl031_init,
    .instance_finalize = pl031_finalize,
    .class_init = pl031_class_init,
};

static void pl031_register_types(void)
{
    type_register_static(&pl031_info);
}
type_init(pl031_register_types)

DeviceState *pl031_create(hwaddr addr, qemu_irq irq)
{
    DeviceState *dev = qdev_new(TYPE_PL031);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, addr);
    sysbus_connect_irq(sbd, 0, irq);
    return dev;
}
