/*
 * Intel 8254 programmable interval timer.
 *
 * A counter does not tick in software: it remembers when it started (in
 * virtual nanoseconds) and how many input clocks had elapsed before that
 * (held), and every read derives the current count and output from the
 * virtual clock.  Only counter 0 drives an interrupt; a timer is armed for
 * its next output transition and none when the output can no longer change.
 *
 * With lost-tick-policy=delay (catch-up), counter 0 in a periodic mode
 * (2 or 3) drives its line itself: each period's end is a rising edge
 * unless the edge before it is still unacknowledged; then the line is held
 * high and the period counted in missed, to be delivered on an "ack".
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/timer/i8254.h"

OBJECT_DECLARE_SIMPLE_TYPE(PITState, I8254)

#define NO_TRANSITION UINT64_MAX
#define REFRESH_PERIOD_NS 15085         /* DRAM refresh toggle, port 0x61 */

/* Read/write access states. */
enum { RW_LSB = 1, RW_MSB = 2, RW_WORD0 = 3, RW_WORD1 = 4 };

typedef struct PITChannel {
    uint32_t count;             /* reload value in clocks, 1..0x10000 */
    uint8_t mode, rw_mode;
    bool bcd;
    bool gate;
    bool loaded;                /* a count was written since the mode */
    bool awaiting_trigger;      /* modes 1 and 5 before a gate edge */
    bool running;
    bool null_count;
    uint64_t held;              /* clocks elapsed before start_ns */
    int64_t start_ns;
    uint16_t latched_count;
    uint8_t count_latched;      /* RW_* of the latched count, 0: none */
    bool status_latched;
    uint8_t status;
    uint8_t read_state, write_state, write_latch;
} PITChannel;

struct PITState {
    SysBusDevice parent_obj;
    PITChannel ch[3];
    bool speaker_data;
    int lost_tick_policy;       /* PITLostTickPolicy */
    bool out;                   /* counter 0's output at the last update */
    bool unacked;               /* delay: a delivered edge awaits its ack */
    uint32_t missed;            /* delay: periods ended while unacked */
    qemu_irq irq;
    KemuTimer *timer;
    int64_t next_ns;            /* when counter 0's output next changes */
    MemoryRegion io, port61;
};

static uint64_t ns_to_clocks(int64_t ns)
{
    return (unsigned __int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND;
}

/* The first nanosecond at which the clock count has reached clocks. */
static int64_t clocks_to_ns_ceil(uint64_t clocks)
{
    return ((unsigned __int128)clocks * NANOSECONDS_PER_SECOND +
            PIT_FREQ - 1) / PIT_FREQ;
}

static int64_t pit_now(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

/* Input clocks counted since the count was loaded (or triggered). */
static uint64_t pit_elapsed(PITChannel *c, int64_t now)
{
    return c->running ? c->held + ns_to_clocks(now - c->start_ns) : c->held;
}

static bool pit_out(PITChannel *c, uint64_t d)
{
    if (!c->loaded) {
        return c->mode != 0;
    }
    if (c->awaiting_trigger || ((c->mode == 2 || c->mode == 3) && !c->gate)) {
        return true;
    }
    switch (c->mode) {
    case 0:
    case 1:
        return d >= c->count;
    case 2:                     /* low for the one clock at count 1 */
        return d % c->count != c->count - 1;
    case 3:
        return d % c->count < (c->count + 1) / 2;
    default:                    /* 4, 5: low for one clock at count 0 */
        return d != c->count;
    }
}

/* The elapsed-clock value at which the output next changes. */
static uint64_t pit_next_transition(PITChannel *c, uint64_t d)
{
    uint64_t r, base, half;

    if (!c->loaded || c->awaiting_trigger || !c->running) {
        return NO_TRANSITION;
    }
    switch (c->mode) {
    case 0:
    case 1:
        return d < c->count ? c->count : NO_TRANSITION;
    case 2:
        if (c->count < 2) {
            return NO_TRANSITION;
        }
        r = d % c->count;
        base = d - r;
        return r < c->count - 1 ? base + c->count - 1 : base + c->count;
    case 3:
        if (c->count < 2) {
            return NO_TRANSITION;
        }
        r = d % c->count;
        base = d - r;
        half = (c->count + 1) / 2;
        return r < half ? base + half : base + c->count;
    default:
        if (d < c->count) {
            return c->count;
        }
        return d == c->count ? c->count + 1 : NO_TRANSITION;
    }
}

static uint16_t to_bcd16(uint32_t v)
{
    return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 |
           (v / 1000 % 10) << 12;
}

/* The counting element as the guest reads it. */
static uint16_t pit_read_counter(PITChannel *c, int64_t now)
{
    uint64_t d = pit_elapsed(c, now);
    uint32_t modulus = c->bcd ? 10000 : 0x10000;
    uint32_t v;

    if (!c->loaded || c->awaiting_trigger) {
        v = c->count % modulus;
    } else if (c->mode == 2) {
        v = c->count - d % c->count;
    } else if (c->mode == 3) {
        v = c->count - (2 * d) % c->count;
    } else {
        v = (c->count + modulus - d % modulus) % modulus;
    }
    v %= modulus;
    return c->bcd ? to_bcd16(v) : v;
}

/* The delay policy applies: counter 0 counts periods. */
static bool pit_catching_up(PITState *s)
{
    PITChannel *c = &s->ch[0];

    return s->lost_tick_policy == PIT_LOST_TICK_DELAY && c->loaded &&
           c->running && (c->mode == 2 || c->mode == 3);
}

/* One period's interrupt: a rising edge, to be acknowledged. */
static void pit_deliver_edge(PITState *s)
{
    qemu_set_irq(s->irq, 0);
    qemu_set_irq(s->irq, 1);
    s->unacked = true;
}

static void pit_period_end(PITState *s)
{
    if (!s->unacked) {
        pit_deliver_edge(s);
    } else if (s->missed < PIT_MAX_MISSED) {
        s->missed++;
    } else {
        /* The acknowledgment is overdue: count that edge lost. */
        s->missed = 0;
        pit_deliver_edge(s);
    }
}

/* The delay policy's line: the output's rises are period ends. */
static void pit_catch_up_output(PITState *s, bool out)
{
    if (!out) {
        if (!s->unacked) {              /* else held high */
            qemu_set_irq(s->irq, 0);
        }
    } else if (!s->out) {
        pit_period_end(s);
    }
}

static void pit_update_irq(PITState *s, int64_t now)
{
    PITChannel *c = &s->ch[0];
    uint64_t d = pit_elapsed(c, now);
    uint64_t next = pit_next_transition(c, d);
    bool out = pit_out(c, d);

    if (pit_catching_up(s)) {
        pit_catch_up_output(s, out);
    } else {
        qemu_set_irq(s->irq, out);
    }
    s->out = out;
    if (next == NO_TRANSITION) {
        timer_del(s->timer);
        return;
    }
    s->next_ns = c->start_ns + clocks_to_ns_ceil(next - c->held);
    timer_mod(s->timer, s->next_ns);
}

/*
 * Steps through every transition up to now, each at its planned time, so
 * that no edge is lost when the main loop runs late.
 */
static void pit_timer_cb(void *opaque)
{
    PITState *s = opaque;
    int64_t now = pit_now();

    do {
        pit_update_irq(s, s->next_ns);
    } while (timer_pending(s->timer) && s->next_ns <= now);
}

/* Counter 0 reprogrammed or its missed periods dropped: in step again. */
static void pit_resync(PITState *s)
{
    s->unacked = false;
    s->missed = 0;
    qemu_set_irq(s->irq, s->out);       /* no longer held high */
}

static void pit_changed(PITState *s, PITChannel *c, int64_t now)
{
    if (c == &s->ch[0]) {
        pit_resync(s);
        pit_update_irq(s, now);
    }
}

/* "ack": counter 0's interrupt was taken; deliver a missed period. */
static void pit_ack(void *opaque, int n, int level)
{
    PITState *s = I8254(opaque);

    if (!level || !s->unacked || !pit_catching_up(s)) {
        return;
    }
    s->unacked = false;
    if (s->missed) {
        s->missed--;
        pit_deliver_edge(s);
    } else {
        qemu_set_irq(s->irq, s->out);
    }
}

/* "unmask": what was missed while IRQ0 was masked is dropped. */
static void pit_unmask(void *opaque, int n, int level)
{
    if (level) {
        pit_resync(I8254(opaque));
    }
}

static void pit_set_gate(PITState *s, PITChannel *c, bool gate)
{
    int64_t now = pit_now();

    if (gate == c->gate) {
        return;
    }
    switch (c->mode) {
    case 0:
    case 4:                     /* gate low suspends counting */
        c->held = pit_elapsed(c, now);
        c->start_ns = now;
        c->running = gate && c->loaded;
        break;
    case 1:
    case 5:                     /* a rising edge (re)starts the count */
        if (gate && c->loaded) {
            c->awaiting_trigger = false;
            c->held = 0;
            c->start_ns = now;
            c->running = true;
        }
        break;
    default:                    /* 2, 3: low stops, rising edge reloads */
        c->held = 0;
        c->start_ns = now;
        c->running = gate && c->loaded;
        break;
    }
    c->gate = gate;
    pit_changed(s, c, now);
}

static uint32_t from_bcd16(uint16_t raw)
{
    uint32_t v = 0;

    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned digit = (raw >> shift) & 0xf;

        if (digit > 9) {
            kemu_log_mask(LOG_GUEST_ERROR, "i8254: count 0x%04x is not "
                          "BCD\n", raw);
            digit = 9;
        }
        v = v * 10 + digit;
    }
    return v;
}

static void pit_load_count(PITState *s, PITChannel *c, uint16_t raw)
{
    int64_t now = pit_now();
    uint32_t count = c->bcd ? from_bcd16(raw) : raw;

    c->count = count ? count : (c->bcd ? 10000 : 0x10000);
    if (c->count == 1 && (c->mode == 2 || c->mode == 3)) {
        kemu_log_mask(LOG_GUEST_ERROR, "i8254: count 1 is not valid in "
                      "mode %d\n", c->mode);
    }
    c->loaded = true;
    c->null_count = false;
    c->held = 0;
    c->start_ns = now;
    c->awaiting_trigger = c->mode == 1 || c->mode == 5;
    c->running = c->gate && !c->awaiting_trigger;
    pit_changed(s, c, now);
}

static void pit_latch_count(PITChannel *c)
{
    if (!c->count_latched) {
        c->latched_count = pit_read_counter(c, pit_now());
        c->count_latched = c->rw_mode;
    }
}

static void pit_latch_status(PITChannel *c)
{
    if (!c->status_latched) {
        c->status = pit_out(c, pit_elapsed(c, pit_now())) << 7 |
                    c->null_count << 6 | c->rw_mode << 4 | c->mode << 1 |
                    c->bcd;
        c->status_latched = true;
    }
}

static void pit_write_control(PITState *s, uint8_t val)
{
    int sel = val >> 6;
    int rw = (val >> 4) & 3;
    PITChannel *c;

    if (sel == 3) {                     /* read-back */
        for (int i = 0; i < 3; i++) {
            if (val & (2 << i)) {
                if (!(val & 0x20)) {
                    pit_latch_count(&s->ch[i]);
                }
                if (!(val & 0x10)) {
                    pit_latch_status(&s->ch[i]);
                }
            }
        }
        return;
    }
    c = &s->ch[sel];
    if (rw == 0) {
        pit_latch_count(c);
        return;
    }
    c->rw_mode = rw;
    c->read_state = c->write_state = rw;
    c->mode = (val >> 1) & 7;
    if (c->mode > 5) {
        c->mode -= 4;                   /* 6 and 7 are 2 and 3 */
    }
    c->bcd = val & 1;
    c->loaded = false;
    c->awaiting_trigger = false;
    c->running = false;
    c->null_count = true;
    c->count_latched = 0;
    c->held = 0;
    pit_changed(s, c, pit_now());
}

static void pit_write_data(PITState *s, PITChannel *c, uint8_t val)
{
    switch (c->write_state) {
    case RW_LSB:
        pit_load_count(s, c, val);
        break;
    case RW_MSB:
        pit_load_count(s, c, val << 8);
        break;
    case RW_WORD0:
        c->write_latch = val;
        c->write_state = RW_WORD1;
        break;
    default:
        pit_load_count(s, c, c->write_latch | val << 8);
        c->write_state = RW_WORD0;
        break;
    }
}

static void pit_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PITState *s = opaque;

    if (addr == 3) {
        pit_write_control(s, val);
    } else {
        pit_write_data(s, &s->ch[addr], val);
    }
}

static uint8_t pit_read_latched(PITChannel *c)
{
    uint8_t v;

    if (c->count_latched == RW_MSB) {
        v = c->latched_count >> 8;
        c->count_latched = 0;
    } else {
        v = c->latched_count;
        /* Word latches give the MSB next. */
        c->count_latched = c->count_latched == RW_WORD0 ? RW_MSB : 0;
    }
    return v;
}

static uint64_t pit_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    PITChannel *c;
    uint16_t count;

    if (addr == 3) {
        kemu_log_mask(LOG_GUEST_ERROR, "i8254: read of the write-only "
                      "control port 0x43\n");
        return 0xff;
    }
    c = &s->ch[addr];
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        return pit_read_latched(c);
    }
    count = pit_read_counter(c, pit_now());
    switch (c->read_state) {
    case RW_LSB:
        return count & 0xff;
    case RW_MSB:
        return count >> 8;
    case RW_WORD0:
        c->read_state = RW_WORD1;
        return count & 0xff;
    default:
        c->read_state = RW_WORD0;
        return count >> 8;
    }
}

static const MemoryRegionOps pit_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t port61_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    PITChannel *c = &s->ch[2];
    int64_t now = pit_now();
    bool refresh = (now / REFRESH_PERIOD_NS) & 1;

    return c->gate | s->speaker_data << 1 | refresh << 4 |
           pit_out(c, pit_elapsed(c, now)) << 5;
}

static void port61_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PITState *s = opaque;

    s->speaker_data = (val >> 1) & 1;
    pit_set_gate(s, &s->ch[2], val & 1);
}

static const MemoryRegionOps port61_ops = {
    .read = port61_read,
    .write = port61_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* Unprogrammed counters: the output is low and nothing ticks. */
static void i8254_reset(DeviceState *dev)
{
    PITState *s = I8254(dev);

    for (int i = 0; i < 3; i++) {
        s->ch[i] = (PITChannel){
            .count = 0x10000, .rw_mode = 3, .read_state = RW_WORD0,
            .write_state = RW_WORD0, .gate = i != 2,
        };
    }
    s->speaker_data = false;
    s->unacked = false;
    s->missed = 0;
    pit_update_irq(s, pit_now());
}

static bool i8254_realize(DeviceState *dev, Error **errp)
{
    PITState *s = I8254(dev);

    s->timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, pit_timer_cb, s);
    i8254_reset(dev);
    return true;
}

static void i8254_unrealize(DeviceState *dev)
{
    PITState *s = I8254(dev);

    timer_free(s->timer);
    s->timer = NULL;
    if (s->io.container) {
        memory_region_del_subregion(s->io.container, &s->io);
    }
    if (s->port61.container) {
        memory_region_del_subregion(s->port61.container, &s->port61);
    }
}

static void i8254_init(Object *obj)
{
    PITState *s = I8254(obj);

    memory_region_init_io(&s->io, "i8254", &pit_ops, s, "pit", 4);
    memory_region_init_io(&s->port61, "i8254", &port61_ops, s,
                          "pit-port61", 1);
    qdev_init_gpio_out(DEVICE(obj), &s->irq, 1);
    qdev_init_gpio_in_named(DEVICE(obj), pit_ack, "ack", 1);
    qdev_init_gpio_in_named(DEVICE(obj), pit_unmask, "unmask", 1);
}

static void i8254_finalize(Object *obj)
{
    PITState *s = I8254(obj);

    memory_region_finalize(&s->io);
    memory_region_finalize(&s->port61);
}

static const char *const lost_tick_names[] = { "discard", "delay", NULL };

static const Property i8254_props[] = {
    DEFINE_PROP_ENUM("lost-tick-policy", PITState, lost_tick_policy,
                     PIT_LOST_TICK_DISCARD, "LostTickPolicy",
                     lost_tick_names),
    DEFINE_PROP_END_OF_LIST(),
};

static void i8254_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "8254 programmable interval timer";
    dc->realize = i8254_realize;
    dc->unrealize = i8254_unrealize;
    dc->reset = i8254_reset;
    device_class_set_props(dc, i8254_props);
}

static const TypeInfo i8254_info = {
    .name = TYPE_I8254,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PITState),
    .instance_init = i8254_init,
    .instance_finalize = i8254_finalize,
    .class_init = i8254_class_init,
};

static void i8254_register_types(void)
{
    type_register_static(&i8254_info);
}
type_init(i8254_register_types)

void i8254_connect(DeviceState *dev, MemoryRegion *io)
{
    PITState *s = I8254(dev);

    g_assert(dev->realized);
    memory_region_add_subregion(io, 0x40, &s->io);
    memory_region_add_subregion(io, 0x61, &s->port61);
}

DeviceState *i8254_create(MemoryRegion *io, qemu_irq irq0)
{
    return i8254_create_policy(io, irq0, PIT_LOST_TICK_DISCARD);
}

DeviceState *i8254_create_policy(MemoryRegion *io, qemu_irq irq0,
                                 PITLostTickPolicy policy)
{
    DeviceState *dev = qdev_new(TYPE_I8254);

    qdev_prop_set_string(dev, "lost-tick-policy", lost_tick_names[policy]);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    qdev_connect_gpio_out(dev, 0, irq0);
    i8254_connect(dev, io);
    return dev;
}
