/*
 * The main loop: one GLib main context (the default one) run by the main
 * thread, and the global device lock ("big lock") that serialises device
 * state between the main loop and the vCPU threads.
 *
 * The main thread takes the big lock in main_loop_init() and keeps it,
 * except while it sleeps in poll(): every handler the loop dispatches
 * (fd watches, timers, chardev input) runs with the lock held.  A vCPU
 * thread takes it around device access.
 */
#ifndef SYSTEM_MAIN_LOOP_H
#define SYSTEM_MAIN_LOOP_H

/* Set up the loop and its timer source; the caller becomes the main thread
 * and holds the big lock from now on.  Idempotent. */
void main_loop_init(void);
GMainContext *main_loop_context(void);

/*
 * Run until main_loop_quit() is requested; returns its status and clears
 * the request (a quit requested before the call returns at once).
 */
int main_loop_run(void);
/* Ask the loop to stop with an exit status.  Any thread, any time. */
void main_loop_quit(int status);
bool main_loop_quit_requested(void);
/*
 * One iteration: poll for at most timeout_ms (-1: until something is
 * ready), then dispatch.  Returns true when some handler ran.
 */
bool main_loop_wait_once(int timeout_ms);
/* Make a sleeping main loop re-evaluate its sources.  Any thread. */
void main_loop_wakeup(void);

/*
 * SIGINT, SIGTERM and SIGHUP request a clean quit (status 0, after
 * "terminating on signal N"); SIGPIPE is ignored so a dead socket peer is
 * an EPIPE error, not a crash.  Idempotent.
 */
void main_loop_install_signal_handlers(void);

/* The big lock.  Not recursive: locking it twice in a thread asserts. */
void kemu_mutex_lock_iothread(void);
void kemu_mutex_unlock_iothread(void);
bool kemu_mutex_iothread_locked(void);
/* Sleep on cond, releasing the big lock meanwhile (which the caller holds). */
void kemu_cond_wait_iothread(GCond *cond);

#endif
