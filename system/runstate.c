/*
 * Run state and system requests.  State changes happen on the main thread
 * under the device lock; requests from other threads are atomics that the
 * main loop turns into state changes.
 */
#include "kemu/osdep.h"
#include "system/runstate.h"
#include "kemu/timer.h"
#include "system/main-loop.h"
#include "system/cpus.h"

typedef struct StateHandler {
    VMChangeStateHandler *cb;
    void *opaque;
} StateHandler;

typedef struct EventHandler {
    SystemEventHandler *cb;
    void *opaque;
} EventHandler;

typedef struct ResetEntry {
    ResetHandler *fn;
    void *opaque;
} ResetEntry;

static RunState current_state = RUN_STATE_PRELAUNCH;
static GArray *state_handlers;      /* StateHandler */
static GArray *reset_handlers;      /* ResetEntry */
static GArray *event_handlers;      /* EventHandler */
static gint reset_requested;        /* ShutdownCause, 0 when none */
static gint shutdown_requested;
static gint stop_requested;         /* RunState + 1, 0 when none */
static gint exit_status;            /* for SHUTDOWN_CAUSE_GUEST_EXIT */
static bool policy_no_reboot, policy_no_shutdown;

static const char *const state_names[RUN_STATE__MAX] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_DEBUG] = "debug",
};

RunState runstate_get(void)
{
    return current_state;
}

const char *runstate_name(RunState state)
{
    assert(state < RUN_STATE__MAX);
    return state_names[state];
}

bool runstate_is_running(void)
{
    return current_state == RUN_STATE_RUNNING;
}

const char *runstate_status_text(void)
{
    switch (current_state) {
    case RUN_STATE_RUNNING:
        return "running";
    case RUN_STATE_PAUSED:
        return "paused";
    case RUN_STATE_PRELAUNCH:
        return "paused (prelaunch)";
    case RUN_STATE_SHUTDOWN:
        return "paused (shutdown)";
    case RUN_STATE_INTERNAL_ERROR:
        return "paused (internal-error)";
    case RUN_STATE_DEBUG:
        return "debug";
    default:
        g_assert_not_reached();
    }
}

void vm_state_add_handler(VMChangeStateHandler *cb, void *opaque)
{
    StateHandler h = { cb, opaque };

    if (!state_handlers) {
        state_handlers = g_array_new(FALSE, FALSE, sizeof(StateHandler));
    }
    g_array_append_val(state_handlers, h);
}

static void notify_state(bool running)
{
    for (guint i = 0; state_handlers && i < state_handlers->len; i++) {
        StateHandler *h = &g_array_index(state_handlers, StateHandler, i);
        h->cb(h->opaque, running);
    }
}

void vm_start(void)
{
    if (current_state == RUN_STATE_RUNNING) {
        return;
    }
    current_state = RUN_STATE_RUNNING;
    vm_clock_start();
    notify_state(true);
}

void vm_stop(RunState state)
{
    bool was_running = current_state == RUN_STATE_RUNNING;

    assert(state != RUN_STATE_RUNNING);
    current_state = state;
    if (was_running) {
        vm_clock_stop();
        notify_state(false);
    }
}

void system_event_add_handler(SystemEventHandler *cb, void *opaque)
{
    EventHandler h = { cb, opaque };

    if (!event_handlers) {
        event_handlers = g_array_new(FALSE, FALSE, sizeof(EventHandler));
    }
    g_array_append_val(event_handlers, h);
}

static void notify_event(const char *event, ShutdownCause cause)
{
    for (guint i = 0; event_handlers && i < event_handlers->len; i++) {
        EventHandler *h = &g_array_index(event_handlers, EventHandler, i);
        h->cb(h->opaque, event, cause);
    }
}

void kemu_register_reset(ResetHandler *fn, void *opaque)
{
    ResetEntry e = { fn, opaque };

    if (!reset_handlers) {
        reset_handlers = g_array_new(FALSE, FALSE, sizeof(ResetEntry));
    }
    g_array_append_val(reset_handlers, e);
}

void kemu_system_reset(void)
{
    for (guint i = 0; reset_handlers && i < reset_handlers->len; i++) {
        ResetEntry *e = &g_array_index(reset_handlers, ResetEntry, i);
        e->fn(e->opaque);
    }
}

void runstate_set_policy(bool no_reboot, bool no_shutdown)
{
    policy_no_reboot = no_reboot;
    policy_no_shutdown = no_shutdown;
}

/* Runs on the main loop, under the big lock, after a request. */
static gboolean on_request(gpointer unused)
{
    int status;

    if (runstate_process_requests(&status)) {
        main_loop_quit(status);
    }
    return G_SOURCE_REMOVE;
}

static void wake_main_loop(void)
{
    g_idle_add(on_request, NULL);
}

void kemu_system_reset_request(ShutdownCause cause)
{
    /* A guest reset with -no-reboot ends the process instead. */
    if (policy_no_reboot && cause == SHUTDOWN_CAUSE_GUEST_RESET) {
        g_atomic_int_set(&shutdown_requested, cause);
    } else {
        g_atomic_int_set(&reset_requested, cause);
    }
    wake_main_loop();
}

void kemu_system_shutdown_request(ShutdownCause cause)
{
    g_atomic_int_set(&shutdown_requested, cause);
    wake_main_loop();
}

void kemu_system_exit_request(int status)
{
    g_atomic_int_set(&exit_status, status);
    kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_EXIT);
}

void vm_stop_request(RunState state)
{
    g_atomic_int_set(&stop_requested, state + 1);
    wake_main_loop();
}

bool runstate_process_requests(int *status)
{
    ShutdownCause cause = g_atomic_int_exchange(&shutdown_requested, 0);
    int stop = g_atomic_int_exchange(&stop_requested, 0);

    if (stop) {
        vm_stop(stop - 1);
    }
    if (cause != SHUTDOWN_CAUSE_NONE) {
        notify_event("SHUTDOWN", cause);
        /* -no-shutdown keeps the process (and the monitor) after power-off. */
        if (policy_no_shutdown && cause == SHUTDOWN_CAUSE_GUEST_POWEROFF) {
            vm_stop(RUN_STATE_SHUTDOWN);
            return false;
        }
        if (cause == SHUTDOWN_CAUSE_GUEST_EXIT) {
            *status = g_atomic_int_get(&exit_status);
        } else {
            *status = cause == SHUTDOWN_CAUSE_GUEST_PANIC ? 1 : 0;
        }
        return true;
    }
    cause = g_atomic_int_exchange(&reset_requested, 0);
    if (cause != SHUTDOWN_CAUSE_NONE) {
        /* The vCPUs must not run while their state and memory are reset. */
        bool running = runstate_is_running();
        if (running) {
            pause_all_vcpus();
        }
        kemu_system_reset();
        if (running) {
            resume_all_vcpus();
        }
        notify_event("RESET", cause);
        if (current_state == RUN_STATE_SHUTDOWN) {
            vm_start();
        }
    }
    return false;
}
