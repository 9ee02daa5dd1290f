/*
 * The main loop: GLib's default context iterated by hand (prepare, query,
 * poll, check, dispatch) so the big lock can be dropped exactly around
 * poll() and re-taken for the handlers.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/timer.h"
#include "system/main-loop.h"

#include <glib-unix.h>
#include <signal.h>

static GMainContext *main_ctx;
static GArray *poll_fds;
static int quit_requested;
static int quit_status;

static GMutex iothread_mutex;
static __thread bool iothread_locked;

void kemu_mutex_lock_iothread(void)
{
    g_assert(!iothread_locked);
    g_mutex_lock(&iothread_mutex);
    iothread_locked = true;
}

void kemu_mutex_unlock_iothread(void)
{
    g_assert(iothread_locked);
    iothread_locked = false;
    g_mutex_unlock(&iothread_mutex);
}

void kemu_cond_wait_iothread(GCond *cond)
{
    g_assert(iothread_locked);
    g_cond_wait(cond, &iothread_mutex);
}

bool kemu_mutex_iothread_locked(void)
{
    return iothread_locked;
}

void main_loop_init(void)
{
    GSource *timers;

    if (main_ctx) {
        return;
    }
    main_ctx = g_main_context_default();
    g_main_context_acquire(main_ctx);
    poll_fds = g_array_new(FALSE, TRUE, sizeof(GPollFD));
    timers = timer_source_new();
    g_source_attach(timers, main_ctx);
    g_source_unref(timers);
    kemu_mutex_lock_iothread();
}

GMainContext *main_loop_context(void)
{
    g_assert(main_ctx);
    return main_ctx;
}

void main_loop_wakeup(void)
{
    g_main_context_wakeup(g_main_context_default());
}

void main_loop_quit(int status)
{
    g_atomic_int_set(&quit_status, status);
    g_atomic_int_set(&quit_requested, 1);
    main_loop_wakeup();
}

bool main_loop_quit_requested(void)
{
    return g_atomic_int_get(&quit_requested);
}

/* Query the context's fds into poll_fds; returns how many. */
static int main_loop_query(int max_priority, int *timeout)
{
    int n;

    for (;;) {
        n = g_main_context_query(main_ctx, max_priority, timeout,
                                 (GPollFD *)poll_fds->data, poll_fds->len);
        if (n <= (int)poll_fds->len) {
            return n;
        }
        g_array_set_size(poll_fds, n);
    }
}

bool main_loop_wait_once(int timeout_ms)
{
    int max_priority, ctx_timeout, nfds;
    bool ready;

    main_loop_init();
    g_assert(iothread_locked);
    g_main_context_prepare(main_ctx, &max_priority);
    nfds = main_loop_query(max_priority, &ctx_timeout);
    if (ctx_timeout < 0 || (timeout_ms >= 0 && timeout_ms < ctx_timeout)) {
        ctx_timeout = timeout_ms;
    }
    if (main_loop_quit_requested()) {
        ctx_timeout = 0;
    }

    kemu_mutex_unlock_iothread();
    g_poll((GPollFD *)poll_fds->data, nfds, ctx_timeout);
    kemu_mutex_lock_iothread();

    ready = g_main_context_check(main_ctx, max_priority,
                                 (GPollFD *)poll_fds->data, nfds);
    if (ready) {
        g_main_context_dispatch(main_ctx);
    }
    return ready;
}

int main_loop_run(void)
{
    while (!main_loop_quit_requested()) {
        main_loop_wait_once(-1);
    }
    g_atomic_int_set(&quit_requested, 0);
    return g_atomic_int_get(&quit_status);
}

static gboolean on_quit_signal(gpointer opaque)
{
    error_report("terminating on signal %d", GPOINTER_TO_INT(opaque));
    main_loop_quit(0);
    return G_SOURCE_CONTINUE;
}

void main_loop_install_signal_handlers(void)
{
    static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
    static bool installed;

    if (installed) {
        return;
    }
    installed = true;
    for (size_t i = 0; i < G_N_ELEMENTS(quit_signals); i++) {
        g_unix_signal_add(quit_signals[i], on_quit_signal,
                          GINT_TO_POINTER(quit_signals[i]));
    }
    signal(SIGPIPE, SIG_IGN);
}
