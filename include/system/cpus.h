/*
 * vCPU threads: start, pause, resume, kick, and work run on a vCPU thread.
 *
 * The protocol (all state under the big lock): an accelerator's vCPU thread
 * runs guest code while cpu_can_run(), and otherwise sleeps in
 * cpu_thread_wait_io_event(), which also acknowledges pause requests and
 * runs queued work.  pause_all_vcpus() returns only when every vCPU has
 * stopped, so the monitor and gdbstub can then read registers safely.
 */
#ifndef SYSTEM_CPUS_H
#define SYSTEM_CPUS_H

#include "hw/core/cpu.h"

/* Start cpu's thread with the running accelerator; waits until it is up. */
bool cpu_vcpu_start(CPUState *cpu, Error **errp);

/* For accelerator threads. */
void cpu_thread_signal_created(CPUState *cpu);
bool cpu_can_run(CPUState *cpu);
bool cpu_thread_is_idle(CPUState *cpu);
void cpu_thread_wait_io_event(CPUState *cpu);
/*
 * The same without sleeping: acknowledge a pause request and run queued
 * work.  For a thread that serves several vCPUs (TCG round-robin).
 */
void cpu_thread_handle_events(CPUState *cpu);
/* The guest stopped itself (e.g. a debug trap): pause it like `stop`. */
void cpu_request_stop(CPUState *cpu);

void pause_all_vcpus(void);
void resume_all_vcpus(void);
bool all_vcpus_paused(void);
/* Wake cpu's thread: out of guest code and out of a halt sleep. */
void cpu_kick(CPUState *cpu);
bool cpu_is_self(CPUState *cpu);
/* Run fn on cpu's thread and wait for it (directly if we are that thread). */
void run_on_cpu(CPUState *cpu, RunOnCpuFunc *fn, void *data);

/* Registers: pull them from the accelerator, push them after a reset. */
void cpu_synchronize_state(CPUState *cpu);
void cpu_synchronize_post_reset(CPUState *cpu);
void cpu_synchronize_all_states(void);

#endif
