/*
 * The VM's run state, the notifiers that follow it, and the requests
 * (reset, shutdown) that any thread may raise for the main loop to act on.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

typedef enum RunState {
    RUN_STATE_PRELAUNCH,        /* built, never run (-S) */
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,           /* stop from the monitor */
    RUN_STATE_SHUTDOWN,         /* guest powered off with -no-shutdown */
    RUN_STATE_INTERNAL_ERROR,   /* the accelerator failed */
    RUN_STATE_DEBUG,            /* stopped by the gdbstub */
    RUN_STATE__MAX
} RunState;

typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_QUIT,   /* monitor quit, C-a x, SIGTERM */
    SHUTDOWN_CAUSE_GUEST_POWEROFF,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_HOST_RESET,  /* monitor system_reset */
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_GUEST_EXIT,  /* isa-debug-exit: a status of its own */
} ShutdownCause;

RunState runstate_get(void);
const char *runstate_name(RunState state);
bool runstate_is_running(void);
/* "running", "paused", "paused (prelaunch)", ... as `info status` says. */
const char *runstate_status_text(void);

/*
 * System events for QMP: "SHUTDOWN" (guest or host, just before exit),
 * "RESET", "POWERDOWN"...  Called on the main thread.
 */
typedef void SystemEventHandler(void *opaque, const char *event,
                                ShutdownCause cause);
void system_event_add_handler(SystemEventHandler *cb, void *opaque);

/* Called with running=true on vm_start and false on vm_stop. */
typedef void VMChangeStateHandler(void *opaque, bool running);
void vm_state_add_handler(VMChangeStateHandler *cb, void *opaque);

/* Start (or resume) the guest; a no-op when running. */
void vm_start(void);
/* Stop the guest and enter state (PAUSED, SHUTDOWN, ...). */
void vm_stop(RunState state);

/* Reset handlers run in registration order on every system reset. */
typedef void ResetHandler(void *opaque);
void kemu_register_reset(ResetHandler *fn, void *opaque);
void kemu_system_reset(void);

/*
 * Requests, safe from any thread (vCPU threads, signal-driven sources).
 * Each one schedules runstate_process_requests() on the main loop, which
 * quits the loop when the process should exit.
 */
void kemu_system_reset_request(ShutdownCause cause);
void kemu_system_shutdown_request(ShutdownCause cause);
/*
 * The guest asks the process to exit with status (a test device such as
 * isa-debug-exit).  Not subject to -no-shutdown.
 */
void kemu_system_exit_request(int status);
/* Stop the VM in state (e.g. DEBUG after a breakpoint) from any thread. */
void vm_stop_request(RunState state);
/* Set by -no-reboot / -no-shutdown. */
void runstate_set_policy(bool no_reboot, bool no_shutdown);
/*
 * Act on pending requests.  Returns true when the process should exit,
 * with *status set to its exit status.
 */
bool runstate_process_requests(int *status);

#endif
