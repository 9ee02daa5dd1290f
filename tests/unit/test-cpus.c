/*
 * vCPU threads under the counting test accelerator: start, pause, resume,
 * kick out of halt, run_on_cpu, state synchronisation.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/core/cpu.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "counter-cpu.h"

static int steps_after_wait(CPUState *cpu)
{
    kemu_mutex_unlock_iothread();
    g_usleep(20000);
    kemu_mutex_lock_iothread();
    return g_atomic_int_get(&COUNTER_CPU(cpu)->steps);
}

static void test_start_pause_resume(void)
{
    CPUState *a, *b;
    int frozen;

    counter_setup();
    a = counter_cpu_new();
    b = counter_cpu_new();
    g_assert_cmpint(a->cpu_index, ==, 0);
    g_assert_cmpint(b->cpu_index, ==, 1);
    g_assert_true(first_cpu() == a);

    /* Created before the VM runs: they do not execute. */
    g_assert_cmpint(steps_after_wait(a), ==, 0);
    vm_start();
    g_assert_cmpint(steps_after_wait(b), >, 0);

    vm_stop(RUN_STATE_PAUSED);          /* returns once both stopped */
    g_assert_true(all_vcpus_paused());
    frozen = g_atomic_int_get(&COUNTER_CPU(a)->steps);
    g_assert_cmpint(steps_after_wait(a), ==, frozen);

    vm_start();
    g_assert_false(all_vcpus_paused());
    g_assert_cmpint(steps_after_wait(a), >, frozen);
}

static void test_halt_and_interrupt(void)
{
    CPUState *cpu;

    counter_setup();
    cpu = counter_cpu_new();
    COUNTER_CPU(cpu)->halt_after = 1000;
    vm_start();
    /* After 1000 steps the CPU halts and stays halted without work. */
    g_assert_cmpint(steps_after_wait(cpu), ==, 1000);
    g_assert_cmpint(steps_after_wait(cpu), ==, 1000);
    cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    g_assert_cmpint(steps_after_wait(cpu), >, 1000);
}

static void test_run_on_cpu_and_sync(void)
{
    CPUState *cpu;

    counter_setup();
    cpu = counter_cpu_new();
    vm_start();
    cpu_synchronize_state(cpu);
    g_assert_cmpint(COUNTER_CPU(cpu)->syncs, ==, 1);
    g_assert_true(COUNTER_CPU(cpu)->ran_on == cpu->thread);
    vm_stop(RUN_STATE_PAUSED);
    cpu_synchronize_state(cpu);         /* paused CPUs still do work */
    g_assert_cmpint(COUNTER_CPU(cpu)->syncs, ==, 2);
}

static void record_current(CPUState *cpu, void *opaque)
{
    *(CPUState **)opaque = current_cpu;
}

/* current_cpu: each vCPU thread sees its own CPU, the main thread none. */
static void test_current_cpu(void)
{
    CPUState *a, *b, *seen = NULL;

    counter_setup();
    a = counter_cpu_new();
    b = counter_cpu_new();
    g_assert_null(current_cpu);
    vm_start();
    run_on_cpu(a, record_current, &seen);
    g_assert_true(seen == a);
    run_on_cpu(b, record_current, &seen);
    g_assert_true(seen == b);
    g_assert_true(cpu_is_self(a) == false && cpu_is_self(b) == false);
    vm_stop(RUN_STATE_PAUSED);
    run_on_cpu(a, record_current, &seen);     /* still set while paused */
    g_assert_true(seen == a);
    g_assert_null(current_cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpus/start-pause-resume", test_start_pause_resume);
    g_test_add_func("/cpus/halt-and-interrupt", test_halt_and_interrupt);
    g_test_add_func("/cpus/run-on-cpu-and-sync", test_run_on_cpu_and_sync);
    g_test_add_func("/cpus/current-cpu", test_current_cpu);
    return g_test_run();
}
