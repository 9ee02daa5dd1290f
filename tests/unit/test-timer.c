/*
 * Clocks, timers and the main loop: deadline order, timer_del, re-arming
 * earlier from another thread, the virtual clock stopping, quit, big lock.
 */
#include "kemu/osdep.h"
#include "kemu/timer.h"
#include "system/main-loop.h"

#include <signal.h>

typedef struct Fired {
    int order[8];
    int count;
    int64_t when[8];
} Fired;

typedef struct Probe {
    Fired *fired;
    int id;
    KemuClockType clock;
} Probe;

static void probe_cb(void *opaque)
{
    Probe *p = opaque;

    g_assert_true(kemu_mutex_iothread_locked());
    p->fired->when[p->fired->count] = kemu_clock_get_ns(p->clock);
    p->fired->order[p->fired->count++] = p->id;
}

/* Iterate the loop until *count reaches want or max_ms of real time pass. */
static void run_until_count(int *count, int want, int max_ms)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + max_ms;

    while (*count < want && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(20);
    }
}

static void run_for_ms(int ms)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + ms;

    while (kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(5);
    }
}

static void check_order_on(KemuClockType clock)
{
    static const int delays_ms[] = { 30, 10, 20 };
    Fired fired = { 0 };
    Probe probes[3];
    KemuTimer *t[3];
    int64_t now = kemu_clock_get_ns(clock);

    for (int i = 0; i < 3; i++) {
        probes[i] = (Probe){ &fired, i, clock };
        t[i] = timer_new_ns(clock, probe_cb, &probes[i]);
        timer_mod(t[i], now + delays_ms[i] * SCALE_MS);
        g_assert_true(timer_pending(t[i]));
    }
    run_until_count(&fired.count, 3, 2000);
    g_assert_cmpint(fired.count, ==, 3);
    g_assert_cmpint(fired.order[0], ==, 1);
    g_assert_cmpint(fired.order[1], ==, 2);
    g_assert_cmpint(fired.order[2], ==, 0);
    for (int i = 0; i < 3; i++) {
        /* Never early. */
        g_assert_cmpint(fired.when[i], >=,
                        now + delays_ms[fired.order[i]] * SCALE_MS);
        g_assert_false(timer_pending(t[i]));
        timer_free(t[i]);
    }
}

static void test_realtime_order(void)
{
    check_order_on(KEMU_CLOCK_REALTIME);
}

static void test_virtual_order(void)
{
    vm_clock_start();
    check_order_on(KEMU_CLOCK_VIRTUAL);
}

static void test_del(void)
{
    Fired fired = { 0 };
    Probe a = { &fired, 1, KEMU_CLOCK_REALTIME };
    Probe b = { &fired, 2, KEMU_CLOCK_REALTIME };
    KemuTimer *ta = timer_new_ns(KEMU_CLOCK_REALTIME, probe_cb, &a);
    KemuTimer *tb = timer_new_ns(KEMU_CLOCK_REALTIME, probe_cb, &b);
    int64_t now = kemu_clock_get_ns(KEMU_CLOCK_REALTIME);

    timer_mod(ta, now + 10 * SCALE_MS);
    timer_mod(tb, now + 30 * SCALE_MS);
    timer_del(ta);
    g_assert_false(timer_pending(ta));
    g_assert_cmpint(timer_expire_time_ns(ta), ==, -1);
    run_until_count(&fired.count, 1, 2000);
    run_for_ms(30);
    g_assert_cmpint(fired.count, ==, 1);
    g_assert_cmpint(fired.order[0], ==, 2);
    timer_free(ta);
    timer_free(tb);
}

typedef struct Mover {
    KemuTimer *t;
} Mover;

/* A "vCPU" thread re-arming a timer earlier while the loop sleeps. */
static gpointer mover_thread(gpointer opaque)
{
    Mover *m = opaque;

    g_usleep(50 * 1000);
    kemu_mutex_lock_iothread();
    timer_mod(m->t, kemu_clock_get_ns(KEMU_CLOCK_REALTIME) + 10 * SCALE_MS);
    kemu_mutex_unlock_iothread();
    return NULL;
}

static void test_mod_earlier_wakes_loop(void)
{
    Fired fired = { 0 };
    Probe p = { &fired, 1, KEMU_CLOCK_REALTIME };
    Mover m = { timer_new_ns(KEMU_CLOCK_REALTIME, probe_cb, &p) };
    int64_t start = kemu_clock_get_ns(KEMU_CLOCK_REALTIME);
    GThread *thr;

    timer_mod(m.t, start + 5 * NANOSECONDS_PER_SECOND);
    thr = g_thread_new("mover", mover_thread, &m);
    /* Sleep with no timeout: only the wakeup can end it early. */
    while (fired.count == 0) {
        main_loop_wait_once(-1);
    }
    g_thread_join(thr);
    g_assert_cmpint(kemu_clock_get_ns(KEMU_CLOCK_REALTIME) - start, <,
                    NANOSECONDS_PER_SECOND);
    timer_free(m.t);
}

static void test_virtual_stop(void)
{
    Fired vfired = { 0 }, rfired = { 0 };
    Probe vp = { &vfired, 1, KEMU_CLOCK_VIRTUAL };
    Probe rp = { &rfired, 2, KEMU_CLOCK_REALTIME };
    KemuTimer *vt = timer_new_ns(KEMU_CLOCK_VIRTUAL, probe_cb, &vp);
    KemuTimer *rt = timer_new_ns(KEMU_CLOCK_REALTIME, probe_cb, &rp);
    int64_t vstop, restart;

    vm_clock_start();
    g_assert_true(vm_clock_running());
    timer_mod(vt, kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) + 60 * SCALE_MS);
    vm_clock_stop();
    g_assert_false(vm_clock_running());
    vstop = kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
    timer_mod(rt, kemu_clock_get_ns(KEMU_CLOCK_REALTIME) + 100 * SCALE_MS);

    run_until_count(&rfired.count, 1, 2000);
    g_assert_cmpint(rfired.count, ==, 1);
    g_assert_cmpint(vfired.count, ==, 0);
    g_assert_true(timer_pending(vt));
    g_assert_cmpint(kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL), ==, vstop);

    restart = kemu_clock_get_ns(KEMU_CLOCK_REALTIME);
    vm_clock_start();
    /* Resumes where it stopped: no jump over the 100 ms pause. */
    g_assert_cmpint(kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) - vstop, <,
                    40 * SCALE_MS);
    run_until_count(&vfired.count, 1, 2000);
    g_assert_cmpint(vfired.count, ==, 1);
    g_assert_cmpint(kemu_clock_get_ns(KEMU_CLOCK_REALTIME) - restart, >=,
                    40 * SCALE_MS);
    timer_free(vt);
    timer_free(rt);
}

typedef struct Periodic {
    KemuTimer *t;
    int count;
} Periodic;

/* Re-arming at "now" must wait for the next dispatch, not spin. */
static void periodic_cb(void *opaque)
{
    Periodic *p = opaque;

    p->count++;
    timer_mod(p->t, kemu_clock_get_ns(KEMU_CLOCK_REALTIME));
}

static void test_rearm_in_callback(void)
{
    Periodic p = { 0 };

    p.t = timer_new_ns(KEMU_CLOCK_REALTIME, periodic_cb, &p);
    timer_mod(p.t, 0);
    main_loop_wait_once(0);
    g_assert_cmpint(p.count, ==, 1);
    main_loop_wait_once(0);
    g_assert_cmpint(p.count, ==, 2);
    timer_free(p.t);
}

static gpointer quitter_thread(gpointer opaque)
{
    g_usleep(20 * 1000);
    main_loop_quit(GPOINTER_TO_INT(opaque));
    return NULL;
}

static void test_quit_from_thread(void)
{
    GThread *thr = g_thread_new("quit", quitter_thread, GINT_TO_POINTER(3));

    g_assert_cmpint(main_loop_run(), ==, 3);
    g_assert_false(main_loop_quit_requested());
    g_thread_join(thr);
}

static gpointer locker_thread(gpointer opaque)
{
    kemu_mutex_lock_iothread();
    g_assert_true(kemu_mutex_iothread_locked());
    g_atomic_int_set((int *)opaque, 1);
    kemu_mutex_unlock_iothread();
    main_loop_wakeup();
    return NULL;
}

static void test_big_lock_dropped_in_poll(void)
{
    int got = 0;
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 2000;
    GThread *thr;

    g_assert_true(kemu_mutex_iothread_locked());
    thr = g_thread_new("locker", locker_thread, &got);
    while (!g_atomic_int_get(&got) &&
           kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(100);
    }
    g_thread_join(thr);
    g_assert_cmpint(got, ==, 1);
    g_assert_true(kemu_mutex_iothread_locked());
}

static void test_signal_quits(void)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 2000;

    main_loop_install_signal_handlers();
    raise(SIGTERM);
    while (!main_loop_quit_requested() &&
           kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(50);
    }
    g_assert_true(main_loop_quit_requested());
    g_assert_cmpint(main_loop_run(), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    main_loop_init();
    g_test_add_func("/timer/realtime-order", test_realtime_order);
    g_test_add_func("/timer/virtual-order", test_virtual_order);
    g_test_add_func("/timer/del", test_del);
    g_test_add_func("/timer/mod-earlier-wakes-loop",
                    test_mod_earlier_wakes_loop);
    g_test_add_func("/timer/virtual-stop", test_virtual_stop);
    g_test_add_func("/timer/rearm-in-callback", test_rearm_in_callback);
    g_test_add_func("/main-loop/quit-from-thread", test_quit_from_thread);
    g_test_add_func("/main-loop/big-lock-dropped-in-poll",
                    test_big_lock_dropped_in_poll);
    g_test_add_func("/main-loop/signal-quits", test_signal_quits);
    return g_test_run();
}
