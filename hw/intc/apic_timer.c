/*
 * The local APIC timer: one-shot and periodic counts of the virtual clock
 * (1 GHz) through the divide configuration, and TSC-deadline mode.
 *
 * Like the i8254, the counter does not tick: it remembers when the count
 * was loaded and derives the current count from the virtual clock.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "apic_internal.h"

#define TIMER_MODE(lvt) (((lvt) >> LVT_TIMER_MODE_SHIFT) & 3)

static int64_t vnow(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

/* Divide configuration bits 3,1:0 -> shift: 000 /2 ... 110 /128, 111 /1. */
static int count_shift(const APICState *s)
{
    uint32_t v = (s->divide_conf & 3) | ((s->divide_conf >> 1) & 4);

    return (v + 1) & 7;
}

static int timer_mode(const APICState *s)
{
    return TIMER_MODE(s->lvt[LVT_TIMER]);
}

/* The next expiry of the count, or -1 when it has run out for good. */
static int64_t count_next_expiry(const APICState *s, int64_t now)
{
    int64_t period = (int64_t)s->initial_count << count_shift(s);
    int64_t elapsed = now - s->count_start_ns;

    if (!s->initial_count) {
        return -1;
    }
    if (timer_mode(s) == TIMER_ONESHOT) {
        return elapsed < period ? s->count_start_ns + period : -1;
    }
    return s->count_start_ns + (elapsed / period + 1) * period;
}

/* When the TSC reaches the deadline, counted from the TSC now. */
static int64_t deadline_ns(const APICState *s)
{
    int64_t now = vnow();
    uint64_t tsc = s->tsc_now ? s->tsc_now(s->tsc_opaque)
                 : (unsigned __int128)now * s->tsc_hz / NANOSECONDS_PER_SECOND;
    unsigned __int128 ns;

    if (s->tsc_deadline <= tsc) {
        return now;
    }
    ns = ((unsigned __int128)(s->tsc_deadline - tsc) *
          NANOSECONDS_PER_SECOND + s->tsc_hz - 1) / s->tsc_hz;
    return ns > (unsigned __int128)(INT64_MAX - now) ? INT64_MAX
                                                      : now + (int64_t)ns;
}

static void timer_arm(APICState *s, int64_t next)
{
    if (next < 0) {
        timer_del(s->timer);
        return;
    }
    s->next_ns = next;
    timer_mod(s->timer, next);
}

static void timer_rearm(APICState *s)
{
    if (timer_mode(s) == TIMER_TSC_DEADLINE) {
        timer_arm(s, s->tsc_deadline ? deadline_ns(s) : -1);
    } else {
        timer_arm(s, count_next_expiry(s, vnow()));
    }
}

static void timer_fire(void *opaque)
{
    APICState *s = opaque;
    uint32_t lvt = s->lvt[LVT_TIMER];

    if (!(lvt & LVT_MASKED)) {
        apic_accept(s, APIC_DM_FIXED, lvt & 0xff, false);
    }
    if (timer_mode(s) == TIMER_TSC_DEADLINE) {
        s->tsc_deadline = 0;
        return;
    }
    /* Periodic: the next period after now; missed ones are not replayed. */
    timer_arm(s, count_next_expiry(s, MAX(vnow(), s->next_ns)));
}

void apic_timer_lvt_changed(APICState *s, uint32_t old, uint32_t new)
{
    if (TIMER_MODE(old) == TIMER_MODE(new)) {
        return;
    }
    if (TIMER_MODE(new) == 3) {
        kemu_log_mask(LOG_GUEST_ERROR, "apic: reserved timer mode 3\n");
    }
    s->lvt[LVT_TIMER] = new;
    if (TIMER_MODE(old) == TIMER_TSC_DEADLINE ||
        TIMER_MODE(new) == TIMER_TSC_DEADLINE) {
        /* Switching into or out of TSC-deadline mode disarms the timer. */
        s->initial_count = 0;
        s->tsc_deadline = 0;
    }
    timer_rearm(s);
}

void apic_timer_set_initial(APICState *s, uint32_t count)
{
    if (timer_mode(s) == TIMER_TSC_DEADLINE) {
        return;                 /* ignored in this mode */
    }
    s->initial_count = count;
    s->count_start_ns = vnow();
    timer_rearm(s);
}

void apic_timer_set_divide(APICState *s, uint32_t val)
{
    int64_t now = vnow();
    int64_t ticks = (now - s->count_start_ns) >> count_shift(s);

    s->divide_conf = val & 0xb;
    /* Keep the current count: rebase its start on the new divider. */
    s->count_start_ns = now - (ticks << count_shift(s));
    if (timer_mode(s) != TIMER_TSC_DEADLINE && timer_pending(s->timer)) {
        timer_rearm(s);
    }
}

uint32_t apic_timer_current(APICState *s)
{
    uint64_t ticks;

    if (!s->initial_count || timer_mode(s) == TIMER_TSC_DEADLINE) {
        return 0;
    }
    ticks = (uint64_t)(vnow() - s->count_start_ns) >> count_shift(s);
    if (timer_mode(s) == TIMER_ONESHOT) {
        return ticks >= s->initial_count ? 0 : s->initial_count - ticks;
    }
    return s->initial_count - ticks % s->initial_count;
}

uint64_t apic_timer_get_deadline(APICState *s)
{
    return timer_mode(s) == TIMER_TSC_DEADLINE ? s->tsc_deadline : 0;
}

void apic_timer_set_deadline(APICState *s, uint64_t tsc)
{
    if (timer_mode(s) != TIMER_TSC_DEADLINE) {
        return;                 /* writes are ignored outside the mode */
    }
    s->tsc_deadline = tsc;
    timer_rearm(s);
}

void apic_timer_reset(APICState *s)
{
    s->initial_count = 0;
    s->divide_conf = 0;
    s->tsc_deadline = 0;
    s->count_start_ns = vnow();
    timer_del(s->timer);
}

void apic_timer_init(APICState *s)
{
    s->tsc_hz = NANOSECONDS_PER_SECOND;
    s->timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, timer_fire, s);
}
