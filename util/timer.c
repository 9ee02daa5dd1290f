/*
 * Clocks and timers: one deadline-sorted GSequence per clock, run by a
 * GSource on the main loop.
 */
#include "kemu/osdep.h"
#include "kemu/timer.h"

#include <time.h>

struct KemuTimer {
    KemuClockType type;
    KemuTimerCb *cb;
    void *opaque;
    int64_t expire_ns;
    uint64_t seq;           /* equal deadlines fire in arming order */
    GSequenceIter *iter;    /* position in its list; NULL when not pending */
};

/* Protects the lists, every timer's iter/expire_ns/seq and next_seq. */
static GMutex timers_lock;
static GSequence *timer_lists[KEMU_CLOCK_MAX];
static uint64_t next_seq;
static GSource *timer_source;

/* Virtual clock: host time + offset while running, frozen_ns while not. */
static GMutex vclock_lock;
static bool vclock_running;
static int64_t vclock_offset;
static int64_t vclock_frozen;

static int64_t host_monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t kemu_clock_get_ns(KemuClockType type)
{
    int64_t now;

    if (type == KEMU_CLOCK_REALTIME) {
        return host_monotonic_ns();
    }
    g_assert(type == KEMU_CLOCK_VIRTUAL);
    g_mutex_lock(&vclock_lock);
    now = vclock_running ? host_monotonic_ns() + vclock_offset : vclock_frozen;
    g_mutex_unlock(&vclock_lock);
    return now;
}

static void timers_notify(void)
{
    GSource *src = g_atomic_pointer_get(&timer_source);

    if (src) {
        g_main_context_wakeup(g_source_get_context(src));
    }
}

void vm_clock_stop(void)
{
    g_mutex_lock(&vclock_lock);
    if (vclock_running) {
        vclock_frozen = host_monotonic_ns() + vclock_offset;
        vclock_running = false;
    }
    g_mutex_unlock(&vclock_lock);
}

void vm_clock_start(void)
{
    g_mutex_lock(&vclock_lock);
    if (!vclock_running) {
        vclock_offset = vclock_frozen - host_monotonic_ns();
        vclock_running = true;
    }
    g_mutex_unlock(&vclock_lock);
    /* Virtual timers that were held back may be due now. */
    timers_notify();
}

bool vm_clock_running(void)
{
    bool running;

    g_mutex_lock(&vclock_lock);
    running = vclock_running;
    g_mutex_unlock(&vclock_lock);
    return running;
}

/* Called with timers_lock held. */
static GSequence *timer_list(KemuClockType type)
{
    g_assert(type < KEMU_CLOCK_MAX);
    if (!timer_lists[type]) {
        timer_lists[type] = g_sequence_new(NULL);
    }
    return timer_lists[type];
}

static int timer_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
    const KemuTimer *ta = a, *tb = b;

    if (ta->expire_ns != tb->expire_ns) {
        return ta->expire_ns < tb->expire_ns ? -1 : 1;
    }
    return ta->seq < tb->seq ? -1 : ta->seq > tb->seq;
}

KemuTimer *timer_new_ns(KemuClockType type, KemuTimerCb *cb, void *opaque)
{
    KemuTimer *t = g_new0(KemuTimer, 1);

    g_assert(type < KEMU_CLOCK_MAX && cb);
    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    return t;
}

/* Called with timers_lock held. */
static void timer_unlink(KemuTimer *t)
{
    if (t->iter) {
        g_sequence_remove(t->iter);
        t->iter = NULL;
    }
}

void timer_mod(KemuTimer *t, int64_t expire_ns)
{
    bool first;

    g_mutex_lock(&timers_lock);
    timer_unlink(t);
    t->expire_ns = expire_ns;
    t->seq = next_seq++;
    t->iter = g_sequence_insert_sorted(timer_list(t->type), t, timer_cmp, NULL);
    first = g_sequence_iter_is_begin(t->iter);
    g_mutex_unlock(&timers_lock);
    if (first) {
        timers_notify();
    }
}

void timer_del(KemuTimer *t)
{
    g_mutex_lock(&timers_lock);
    timer_unlink(t);
    g_mutex_unlock(&timers_lock);
}

bool timer_pending(KemuTimer *t)
{
    bool pending;

    g_mutex_lock(&timers_lock);
    pending = t->iter != NULL;
    g_mutex_unlock(&timers_lock);
    return pending;
}

int64_t timer_expire_time_ns(KemuTimer *t)
{
    int64_t expire;

    g_mutex_lock(&timers_lock);
    expire = t->iter ? t->expire_ns : -1;
    g_mutex_unlock(&timers_lock);
    return expire;
}

void timer_free(KemuTimer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

static bool clock_active(KemuClockType type)
{
    return type != KEMU_CLOCK_VIRTUAL || vm_clock_running();
}

/* Nanoseconds until the nearest deadline of a running clock, or -1. */
static int64_t timers_deadline_ns(void)
{
    int64_t best = -1;

    for (KemuClockType type = 0; type < KEMU_CLOCK_MAX; type++) {
        int64_t now, expire = 0;
        GSequenceIter *head;
        bool armed;

        if (!clock_active(type)) {
            continue;
        }
        now = kemu_clock_get_ns(type);
        g_mutex_lock(&timers_lock);
        head = g_sequence_get_begin_iter(timer_list(type));
        armed = !g_sequence_iter_is_end(head);
        if (armed) {
            expire = ((KemuTimer *)g_sequence_get(head))->expire_ns;
        }
        g_mutex_unlock(&timers_lock);
        if (armed) {
            int64_t delta = MAX(expire - now, 0);
            best = best < 0 ? delta : MIN(best, delta);
        }
    }
    return best;
}

/* Unlink and return the first timer of type due at now, or NULL. */
static KemuTimer *timers_take_due(KemuClockType type, int64_t now)
{
    GSequenceIter *head;
    KemuTimer *t;

    g_mutex_lock(&timers_lock);
    head = g_sequence_get_begin_iter(timer_list(type));
    t = g_sequence_iter_is_end(head) ? NULL : g_sequence_get(head);
    if (t && t->expire_ns <= now) {
        timer_unlink(t);
    } else {
        t = NULL;
    }
    g_mutex_unlock(&timers_lock);
    return t;
}

/* Fire the timers of one clock due at entry (re-armed ones wait a turn). */
static void timers_run_clock(KemuClockType type)
{
    int64_t now = kemu_clock_get_ns(type);
    KemuTimer *t;

    while (clock_active(type) && (t = timers_take_due(type, now))) {
        t->cb(t->opaque);
    }
}

void vm_clock_advance(int64_t ns)
{
    int64_t now;
    KemuTimer *t;

    g_assert(ns >= 0);
    g_mutex_lock(&vclock_lock);
    g_assert(!vclock_running);
    vclock_frozen += ns;
    now = vclock_frozen;
    g_mutex_unlock(&vclock_lock);
    while ((t = timers_take_due(KEMU_CLOCK_VIRTUAL, now))) {
        t->cb(t->opaque);
    }
}

static gboolean timer_source_prepare(GSource *src, gint *timeout)
{
    int64_t ns = timers_deadline_ns();

    if (ns < 0) {
        *timeout = -1;
    } else {
        /* Round up: waking early would just spin until the deadline. */
        *timeout = MIN((ns + SCALE_MS - 1) / SCALE_MS, G_MAXINT);
    }
    return ns == 0;
}

static gboolean timer_source_check(GSource *src)
{
    return timers_deadline_ns() == 0;
}

static gboolean timer_source_dispatch(GSource *src, GSourceFunc cb,
                                      gpointer data)
{
    for (KemuClockType type = 0; type < KEMU_CLOCK_MAX; type++) {
        timers_run_clock(type);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_source_funcs = {
    .prepare = timer_source_prepare,
    .check = timer_source_check,
    .dispatch = timer_source_dispatch,
};

GSource *timer_source_new(void)
{
    GSource *src = g_source_new(&timer_source_funcs, sizeof(GSource));

    g_source_set_name(src, "kemu-timers");
    g_atomic_pointer_set(&timer_source, src);
    return src;
}
