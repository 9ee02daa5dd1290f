/*
 * Motorola MC146818 CMOS real-time clock, as on the PC.
 *
 * Guest time is base_sec at virtual time base_ns, plus the virtual time
 * since; the time registers are filled from it when read.  Setting SET in
 * register B (or holding the divider in reset) freezes the registers for
 * the guest to write; leaving that state makes them the new time.
 *
 * Interrupt flags: the periodic and update timers run only while their
 * interrupt is enabled (AIE also needs the update timer).  With an
 * interrupt disabled, reading register C still reports PF and UF if a
 * period or a second boundary passed since the last read.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "hw/rtc/mc146818rtc.h"

#include <time.h>

OBJECT_DECLARE_SIMPLE_TYPE(RTCState, MC146818_RTC)

enum {
    REG_SEC = 0, REG_SEC_ALARM = 1, REG_MIN = 2, REG_MIN_ALARM = 3,
    REG_HOUR = 4, REG_HOUR_ALARM = 5, REG_WDAY = 6, REG_MDAY = 7,
    REG_MON = 8, REG_YEAR = 9, REG_A = 10, REG_B = 11, REG_C = 12,
    REG_D = 13,
};

#define REG_A_UIP       0x80
#define REG_A_DV_MASK   0x70
#define REG_A_DV_NORMAL 0x20    /* 32.768 kHz time base running */
#define REG_A_RS_MASK   0x0f
#define REG_B_SET       0x80
#define REG_B_PIE       0x40
#define REG_B_AIE       0x20
#define REG_B_UIE       0x10
#define REG_B_DM        0x04    /* binary, not BCD */
#define REG_B_24H       0x02
#define REG_C_IRQF      0x80
#define REG_C_PF        0x40
#define REG_C_AF        0x20
#define REG_C_UF        0x10
#define REG_D_VRT       0x80

#define UIP_NS          244000  /* UIP is set this long before an update */
#define ALARM_DONT_CARE 0xc0

struct RTCState {
    SysBusDevice parent_obj;
    MemoryRegion io;
    qemu_irq irq;
    uint8_t cmos[128];
    uint8_t index;
    bool nmi_masked;
    int64_t base_sec;           /* guest time (UTC seconds) at base_ns */
    int64_t base_ns;            /* virtual time */
    int64_t last_c_ns;          /* virtual time register C was last read */
    KemuTimer *periodic_timer;
    KemuTimer *update_timer;
};

static int64_t rtc_now(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

static bool rtc_frozen(RTCState *s)
{
    return (s->cmos[REG_B] & REG_B_SET) ||
           (s->cmos[REG_A] & REG_A_DV_MASK) != REG_A_DV_NORMAL;
}

static int64_t rtc_seconds(RTCState *s, int64_t now)
{
    return s->base_sec + (now - s->base_ns) / NANOSECONDS_PER_SECOND;
}

/* Virtual time of the next update (second boundary) after now. */
static int64_t rtc_next_update_ns(RTCState *s, int64_t now)
{
    int64_t into = (now - s->base_ns) % NANOSECONDS_PER_SECOND;

    return now - into + NANOSECONDS_PER_SECOND;
}

static uint8_t rtc_encode(RTCState *s, int v)
{
    return (s->cmos[REG_B] & REG_B_DM) ? v : (v / 10) << 4 | (v % 10);
}

static int rtc_decode(RTCState *s, uint8_t v)
{
    return (s->cmos[REG_B] & REG_B_DM) ? v : (v >> 4) * 10 + (v & 0xf);
}

static uint8_t rtc_encode_hour(RTCState *s, int hour)
{
    if (s->cmos[REG_B] & REG_B_24H) {
        return rtc_encode(s, hour);
    }
    return rtc_encode(s, hour % 12 ? hour % 12 : 12) | (hour >= 12) << 7;
}

static int rtc_decode_hour(RTCState *s, uint8_t v)
{
    if (s->cmos[REG_B] & REG_B_24H) {
        return rtc_decode(s, v);
    }
    return rtc_decode(s, v & 0x7f) % 12 + ((v & 0x80) ? 12 : 0);
}

/* Write the current time into the time registers. */
static void rtc_fill_time(RTCState *s, int64_t now)
{
    time_t t = rtc_seconds(s, now);
    struct tm tm;

    gmtime_r(&t, &tm);
    s->cmos[REG_SEC] = rtc_encode(s, tm.tm_sec);
    s->cmos[REG_MIN] = rtc_encode(s, tm.tm_min);
    s->cmos[REG_HOUR] = rtc_encode_hour(s, tm.tm_hour);
    s->cmos[REG_WDAY] = rtc_encode(s, tm.tm_wday + 1);
    s->cmos[REG_MDAY] = rtc_encode(s, tm.tm_mday);
    s->cmos[REG_MON] = rtc_encode(s, tm.tm_mon + 1);
    s->cmos[REG_YEAR] = rtc_encode(s, (tm.tm_year + 1900) % 100);
    s->cmos[RTC_REG_CENTURY] = rtc_encode(s, (tm.tm_year + 1900) / 100);
}

/* Take the time registers as the time at now (whole second). */
static void rtc_take_time(RTCState *s, int64_t now)
{
    struct tm tm = {
        .tm_sec = rtc_decode(s, s->cmos[REG_SEC]),
        .tm_min = rtc_decode(s, s->cmos[REG_MIN]),
        .tm_hour = rtc_decode_hour(s, s->cmos[REG_HOUR]),
        .tm_mday = rtc_decode(s, s->cmos[REG_MDAY]),
        .tm_mon = rtc_decode(s, s->cmos[REG_MON]) - 1,
        .tm_year = rtc_decode(s, s->cmos[RTC_REG_CENTURY]) * 100 +
                   rtc_decode(s, s->cmos[REG_YEAR]) - 1900,
    };

    s->base_sec = timegm(&tm);
    s->base_ns = now;
}

static void rtc_update_irq(RTCState *s)
{
    uint8_t *c = &s->cmos[REG_C];

    if (*c & s->cmos[REG_B] & (REG_C_PF | REG_C_AF | REG_C_UF)) {
        *c |= REG_C_IRQF;
    }
    qemu_set_irq(s->irq, (*c & REG_C_IRQF) != 0);
}

/* Periodic rate from register A: 0 (off) or the period in ns. */
static int64_t rtc_period_ns(RTCState *s)
{
    int rs = s->cmos[REG_A] & REG_A_RS_MASK;

    if (rs == 0 || (s->cmos[REG_A] & REG_A_DV_MASK) != REG_A_DV_NORMAL) {
        return 0;
    }
    if (rs <= 2) {
        rs += 7;                /* 1 and 2 repeat 8 and 9: 256 and 128 Hz */
    }
    /* 2^(rs-1) cycles of the 32768 Hz time base. */
    return (NANOSECONDS_PER_SECOND << (rs - 1)) / 32768;
}

static void rtc_arm_timers(RTCState *s)
{
    int64_t now = rtc_now(), period = rtc_period_ns(s);

    if (period && (s->cmos[REG_B] & REG_B_PIE)) {
        timer_mod(s->periodic_timer, (now / period + 1) * period);
    } else {
        timer_del(s->periodic_timer);
    }
    if (!rtc_frozen(s) && (s->cmos[REG_B] & (REG_B_UIE | REG_B_AIE))) {
        timer_mod(s->update_timer, rtc_next_update_ns(s, now));
    } else {
        timer_del(s->update_timer);
    }
}

static void rtc_periodic_cb(void *opaque)
{
    RTCState *s = opaque;

    s->cmos[REG_C] |= REG_C_PF;
    rtc_update_irq(s);
    rtc_arm_timers(s);
}

static bool rtc_alarm_matches(RTCState *s)
{
    static const int pairs[][2] = {
        { REG_SEC_ALARM, REG_SEC }, { REG_MIN_ALARM, REG_MIN },
        { REG_HOUR_ALARM, REG_HOUR },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        uint8_t alarm = s->cmos[pairs[i][0]];

        if ((alarm & ALARM_DONT_CARE) != ALARM_DONT_CARE &&
            alarm != s->cmos[pairs[i][1]]) {
            return false;
        }
    }
    return true;
}

static void rtc_update_cb(void *opaque)
{
    RTCState *s = opaque;

    rtc_fill_time(s, rtc_now());
    s->cmos[REG_C] |= REG_C_UF;
    if (rtc_alarm_matches(s)) {
        s->cmos[REG_C] |= REG_C_AF;
    }
    rtc_update_irq(s);
    rtc_arm_timers(s);
}

/* PF and UF the disabled timers did not record since the last C read. */
static uint8_t rtc_lazy_flags(RTCState *s, int64_t now)
{
    int64_t period = rtc_period_ns(s);
    uint8_t flags = 0;

    if (period && !timer_pending(s->periodic_timer) &&
        now / period > s->last_c_ns / period) {
        flags |= REG_C_PF;
    }
    if (!rtc_frozen(s) && !timer_pending(s->update_timer) &&
        rtc_seconds(s, now) > rtc_seconds(s, MAX(s->last_c_ns, s->base_ns))) {
        flags |= REG_C_UF;
    }
    return flags;
}

static uint8_t rtc_read_reg(RTCState *s, int reg)
{
    int64_t now = rtc_now();
    uint8_t v;

    switch (reg) {
    case REG_A:
        v = s->cmos[REG_A];
        if (!rtc_frozen(s) &&
            (now - s->base_ns) % NANOSECONDS_PER_SECOND >=
            NANOSECONDS_PER_SECOND - UIP_NS) {
            v |= REG_A_UIP;
        }
        return v;
    case REG_C:
        v = s->cmos[REG_C] | rtc_lazy_flags(s, now);
        s->cmos[REG_C] = 0;
        s->last_c_ns = now;
        rtc_update_irq(s);
        return v;
    case REG_D:
        return REG_D_VRT;
    case REG_SEC ... REG_YEAR:
    case RTC_REG_CENTURY:
        if (!rtc_frozen(s) && reg != REG_SEC_ALARM &&
            reg != REG_MIN_ALARM && reg != REG_HOUR_ALARM) {
            rtc_fill_time(s, now);
        }
        return s->cmos[reg];
    default:
        return s->cmos[reg];
    }
}

/* Registers A and B: freeze or restart the time as SET/DV change. */
static void rtc_write_control(RTCState *s, int reg, uint8_t val)
{
    int64_t now = rtc_now();
    bool was_frozen = rtc_frozen(s);

    if (!was_frozen) {
        rtc_fill_time(s, now);
    }
    if (reg == REG_A) {
        s->cmos[REG_A] = val & ~REG_A_UIP;
    } else {
        if (val & REG_B_SET) {
            val &= ~REG_B_UIE;
        }
        s->cmos[REG_B] = val;
    }
    if (was_frozen && !rtc_frozen(s)) {
        rtc_take_time(s, now);
    }
    rtc_update_irq(s);
    rtc_arm_timers(s);
}

static void rtc_write_reg(RTCState *s, int reg, uint8_t val)
{
    int64_t now = rtc_now();
    bool time_reg = (reg <= REG_YEAR && reg != REG_SEC_ALARM &&
                     reg != REG_MIN_ALARM && reg != REG_HOUR_ALARM) ||
                    reg == RTC_REG_CENTURY;

    switch (reg) {
    case REG_A:
    case REG_B:
        rtc_write_control(s, reg, val);
        return;
    case REG_C:
    case REG_D:
        kemu_log_mask(LOG_GUEST_ERROR, "mc146818rtc: write 0x%02x to "
                      "read-only register %c\n", val, 'A' + reg - REG_A);
        return;
    }
    if (time_reg && !rtc_frozen(s)) {
        /* Setting one field while running keeps the others and the phase. */
        int64_t into = (now - s->base_ns) % NANOSECONDS_PER_SECOND;

        rtc_fill_time(s, now);
        s->cmos[reg] = val;
        rtc_take_time(s, now - into);
        rtc_arm_timers(s);
        return;
    }
    s->cmos[reg] = val;
}

static uint64_t rtc_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        kemu_log_mask(LOG_GUEST_ERROR, "mc146818rtc: read of the "
                      "write-only index port 0x70\n");
        return 0xff;
    }
    return rtc_read_reg(s, s->index);
}

static void rtc_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        s->index = val & 0x7f;
        s->nmi_masked = val & 0x80;
    } else {
        rtc_write_reg(s, s->index, val);
    }
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_ioport_read,
    .write = rtc_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* A system reset keeps the time and RAM, and quiets the interrupts. */
static void rtc_reset(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    s->cmos[REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE | 0x08);
    s->cmos[REG_C] = 0;
    s->last_c_ns = rtc_now();
    rtc_update_irq(s);
    rtc_arm_timers(s);
}

static bool rtc_realize(DeviceState *dev, Error **errp)
{
    RTCState *s = MC146818_RTC(dev);

    s->periodic_timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, rtc_periodic_cb, s);
    s->update_timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, rtc_update_cb, s);
    s->base_sec = g_get_real_time() / G_USEC_PER_SEC;
    s->base_ns = rtc_now();
    s->cmos[REG_A] = REG_A_DV_NORMAL | 0x06;
    s->cmos[REG_B] = REG_B_24H;
    s->cmos[REG_D] = REG_D_VRT;
    rtc_fill_time(s, s->base_ns);
    rtc_reset(dev);
    return true;
}

static void rtc_unrealize(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    timer_free(s->periodic_timer);
    timer_free(s->update_timer);
    s->periodic_timer = s->update_timer = NULL;
    if (s->io.container) {
        memory_region_del_subregion(s->io.container, &s->io);
    }
}

static void rtc_init(Object *obj)
{
    RTCState *s = MC146818_RTC(obj);

    memory_region_init_io(&s->io, "mc146818rtc", &rtc_ops, s, "rtc", 2);
    qdev_init_gpio_out(DEVICE(obj), &s->irq, 1);
}

static void rtc_finalize(Object *obj)
{
    memory_region_finalize(&MC146818_RTC(obj)->io);
}

static void rtc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "MC146818 CMOS real-time clock";
    dc->realize = rtc_realize;
    dc->unrealize = rtc_unrealize;
    dc->reset = rtc_reset;
}

static const TypeInfo rtc_info = {
    .name = TYPE_MC146818_RTC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(RTCState),
    .instance_init = rtc_init,
    .instance_finalize = rtc_finalize,
    .class_init = rtc_class_init,
};

static void rtc_register_types(void)
{
    type_register_static(&rtc_info);
}
type_init(rtc_register_types)

void mc146818_rtc_connect(DeviceState *dev, MemoryRegion *io)
{
    g_assert(dev->realized);
    memory_region_add_subregion(io, 0x70, &MC146818_RTC(dev)->io);
}

DeviceState *mc146818_rtc_create(MemoryRegion *io, qemu_irq irq)
{
    DeviceState *dev = qdev_new(TYPE_MC146818_RTC);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    qdev_connect_gpio_out(dev, 0, irq);
    mc146818_rtc_connect(dev, io);
    return dev;
}

void rtc_set_memory(DeviceState *dev, int addr, uint8_t val)
{
    g_assert(addr >= REG_D + 1 && addr < 128);
    MC146818_RTC(dev)->cmos[addr] = val;
}

uint8_t rtc_get_memory(DeviceState *dev, int addr)
{
    g_assert(addr >= 0 && addr < 128);
    return MC146818_RTC(dev)->cmos[addr];
}

bool rtc_nmi_masked(DeviceState *dev)
{
    return MC146818_RTC(dev)->nmi_masked;
}
