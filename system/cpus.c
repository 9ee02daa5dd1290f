/*
 * vCPU thread management: the part of running CPUs that does not depend on
 * the accelerator.  See include/system/cpus.h for the protocol.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"

typedef struct RunOnCpuItem {
    RunOnCpuFunc *fn;
    void *data;
    bool done;
} RunOnCpuItem;

/* Broadcast under the big lock when a vCPU is created, stops, or did work. */
static GCond cpu_state_cond;

static bool cpus_registered;

static void cpus_follow_runstate(void *opaque, bool running)
{
    if (running) {
        resume_all_vcpus();
    } else {
        pause_all_vcpus();
    }
}

bool cpu_vcpu_start(CPUState *cpu, Error **errp)
{
    const AccelOps *ops = current_accel();

    assert(ops && kemu_mutex_iothread_locked());
    if (!cpus_registered) {
        vm_state_add_handler(cpus_follow_runstate, NULL);
        cpus_registered = true;
    }
    g_cond_init(&cpu->halt_cond);
    g_queue_init(&cpu->work_list);
    /* A CPU created while the VM is stopped starts stopped. */
    cpu->stop = !runstate_is_running();
    if (!ops->create_vcpu_thread(cpu, errp)) {
        return false;
    }
    while (!cpu->created) {
        kemu_cond_wait_iothread(&cpu_state_cond);
    }
    return true;
}

void cpu_thread_signal_created(CPUState *cpu)
{
    assert(kemu_mutex_iothread_locked());
    current_cpu = cpu;
    cpu->created = true;
    g_cond_broadcast(&cpu_state_cond);
}

/* The calling thread serves cpu (one thread may serve several). */
bool cpu_is_self(CPUState *cpu)
{
    return current_cpu == cpu ||
           (current_cpu && cpu->thread && cpu->thread == current_cpu->thread);
}

bool cpu_can_run(CPUState *cpu)
{
    return !cpu->stop && !cpu->stopped && !cpu->unplug &&
           runstate_is_running();
}

bool cpu_thread_is_idle(CPUState *cpu)
{
    if (cpu->stop || !g_queue_is_empty(&cpu->work_list)) {
        return false;
    }
    if (cpu->stopped || !runstate_is_running()) {
        return true;
    }
    return cpu->halted && !CPU_GET_CLASS(cpu)->has_work(cpu);
}

static void process_queued_work(CPUState *cpu)
{
    RunOnCpuItem *item;

    while ((item = g_queue_pop_head(&cpu->work_list))) {
        item->fn(cpu, item->data);
        item->done = true;
    }
    g_cond_broadcast(&cpu_state_cond);
}

void cpu_thread_wait_io_event(CPUState *cpu)
{
    while (cpu_thread_is_idle(cpu) && !cpu->unplug) {
        kemu_cond_wait_iothread(&cpu->halt_cond);
    }
    cpu_thread_handle_events(cpu);
}

void cpu_thread_handle_events(CPUState *cpu)
{
    if (cpu->stop) {
        cpu->stop = false;
        cpu->stopped = true;
        g_cond_broadcast(&cpu_state_cond);
    }
    process_queued_work(cpu);
}

void cpu_request_stop(CPUState *cpu)
{
    cpu->stop = true;
    cpu_exit(cpu);
}

void cpu_kick(CPUState *cpu)
{
    const AccelOps *ops = current_accel();

    g_cond_broadcast(&cpu->halt_cond);
    /*
     * Not from the thread serving cpu: with thread=single that thread
     * reaches cpu in its next round anyway.  (Ending the running vCPU's
     * slice there instead let Linux guests stall with -smp 4.)
     */
    if (ops && ops->kick_vcpu_thread && !cpu_is_self(cpu)) {
        ops->kick_vcpu_thread(cpu);
    }
}

void cpu_exit(CPUState *cpu)
{
    g_atomic_int_set(&cpu->exit_request, 1);
    cpu_kick(cpu);
}

bool all_vcpus_paused(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (!cpu->stopped) {
            return false;
        }
    }
    return true;
}

void pause_all_vcpus(void)
{
    CPUState *cpu;

    assert(kemu_mutex_iothread_locked());
    CPU_FOREACH(cpu) {
        if (cpu_is_self(cpu)) {
            cpu->stopped = true;        /* a vCPU pausing the VM itself */
            continue;
        }
        cpu->stop = true;
        cpu_exit(cpu);
    }
    while (!all_vcpus_paused()) {
        kemu_cond_wait_iothread(&cpu_state_cond);
    }
}

void resume_all_vcpus(void)
{
    CPUState *cpu;

    assert(kemu_mutex_iothread_locked());
    CPU_FOREACH(cpu) {
        cpu->stop = false;
        cpu->stopped = false;
        cpu_kick(cpu);
    }
}

void run_on_cpu(CPUState *cpu, RunOnCpuFunc *fn, void *data)
{
    RunOnCpuItem item = { fn, data, false };

    if (cpu_is_self(cpu) || !cpu->created) {
        fn(cpu, data);
        return;
    }
    g_queue_push_tail(&cpu->work_list, &item);
    cpu_kick(cpu);
    while (!item.done) {
        kemu_cond_wait_iothread(&cpu_state_cond);
    }
}

static void do_sync_state(CPUState *cpu, void *unused)
{
    current_accel()->synchronize_state(cpu);
}

void cpu_synchronize_state(CPUState *cpu)
{
    const AccelOps *ops = current_accel();

    if (ops && ops->synchronize_state) {
        run_on_cpu(cpu, do_sync_state, NULL);
    }
}

static void do_sync_post_reset(CPUState *cpu, void *unused)
{
    current_accel()->synchronize_post_reset(cpu);
}

void cpu_synchronize_post_reset(CPUState *cpu)
{
    const AccelOps *ops = current_accel();

    if (ops && ops->synchronize_post_reset) {
        run_on_cpu(cpu, do_sync_post_reset, NULL);
    }
}

void cpu_synchronize_all_states(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        cpu_synchronize_state(cpu);
    }
}
