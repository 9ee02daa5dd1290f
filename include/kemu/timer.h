/*
 * Clocks and timers.
 *
 * KEMU_CLOCK_REALTIME is the host's monotonic clock.  KEMU_CLOCK_VIRTUAL is
 * the guest's time base: it starts stopped at 0, advances only between
 * vm_clock_start() and vm_clock_stop(), and so does not jump over a pause.
 * (The names carry a KEMU_ prefix because <time.h> owns CLOCK_REALTIME.)
 *
 * Timers fire on the main loop with the big lock held, in deadline order
 * per clock; virtual-clock timers never fire while that clock is stopped.
 * timer_mod/timer_del are thread-safe (vCPU threads call them under the
 * big lock) and wake the main loop when the nearest deadline moves earlier.
 */
#ifndef KEMU_TIMER_H
#define KEMU_TIMER_H

typedef enum KemuClockType {
    KEMU_CLOCK_REALTIME,
    KEMU_CLOCK_VIRTUAL,
    KEMU_CLOCK_MAX,
} KemuClockType;

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS 1000000LL

typedef void KemuTimerCb(void *opaque);
typedef struct KemuTimer KemuTimer;

int64_t kemu_clock_get_ns(KemuClockType type);
static inline int64_t kemu_clock_get_ms(KemuClockType type)
{
    return kemu_clock_get_ns(type) / SCALE_MS;
}

/* Freeze / resume the virtual clock (the run state does this). */
void vm_clock_stop(void);
void vm_clock_start(void);
bool vm_clock_running(void);
/*
 * With the virtual clock stopped: move it forward by ns and fire the
 * virtual timers now due, in order (deterministic device tests).
 */
void vm_clock_advance(int64_t ns);

KemuTimer *timer_new_ns(KemuClockType type, KemuTimerCb *cb, void *opaque);
/* Arm (or re-arm) the timer to fire once the clock reaches expire_ns. */
void timer_mod(KemuTimer *t, int64_t expire_ns);
void timer_del(KemuTimer *t);
bool timer_pending(KemuTimer *t);
int64_t timer_expire_time_ns(KemuTimer *t);
/* Deletes the timer if pending; NULL is allowed. */
void timer_free(KemuTimer *t);

/*
 * The GSource that runs expired timers; main_loop_init() attaches it.
 * Its timeout is the nearest deadline of the running clocks.
 */
GSource *timer_source_new(void);

#endif
