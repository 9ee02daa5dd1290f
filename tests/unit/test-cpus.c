/*
 * vCPU threads under a test accelerator whose "guest code" counts: start,
 * pause, resume, kick out of halt, run_on_cpu, state synchronisation.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/core/cpu.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"

#define TYPE_COUNTER_CPU "counter-test-cpu"

typedef struct CounterCPU {
    CPUState parent_obj;
    gint steps;             /* "guest instructions" executed */
    int halt_after;         /* halt once steps reach this (0: never) */
    int syncs;
    GThread *ran_on;        /* thread that ran the last queued work */
} CounterCPU;

#define COUNTER_CPU(obj) OBJECT_CHECK(CounterCPU, (obj), TYPE_COUNTER_CPU)

static bool counter_has_work(CPUState *cpu)
{
    return cpu->interrupt_request != 0;
}

static void counter_class_init(ObjectClass *klass, const void *data)
{
    CPU_CLASS(klass)->has_work = counter_has_work;
    CPU_CLASS(klass)->arch = "test";
}

static const TypeInfo counter_cpu_info = {
    .name = TYPE_COUNTER_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(CounterCPU),
    .class_init = counter_class_init,
};

/* Guest code: count until asked to exit, or halt at halt_after steps. */
static void counter_run(CPUState *cpu)
{
    CounterCPU *c = COUNTER_CPU(cpu);

    kemu_mutex_unlock_iothread();
    while (!g_atomic_int_get(&cpu->exit_request)) {
        if (g_atomic_int_add(&c->steps, 1) + 1 == c->halt_after) {
            cpu->halted = true;
            break;
        }
    }
    kemu_mutex_lock_iothread();
    g_atomic_int_set(&cpu->exit_request, 0);
    if (cpu->interrupt_request) {
        cpu->halted = false;
    }
}

static gpointer counter_thread(gpointer opaque)
{
    CPUState *cpu = opaque;

    kemu_mutex_lock_iothread();
    cpu_thread_signal_created(cpu);
    while (!cpu->unplug) {
        if (cpu_can_run(cpu) && !cpu->halted) {
            counter_run(cpu);
        }
        cpu_thread_wait_io_event(cpu);
        if (cpu->halted && cpu->interrupt_request) {
            cpu->halted = false;
        }
    }
    kemu_mutex_unlock_iothread();
    return NULL;
}

static bool counter_create_thread(CPUState *cpu, Error **errp)
{
    cpu->thread = g_thread_new("vcpu", counter_thread, cpu);
    return true;
}

static void counter_sync(CPUState *cpu)
{
    COUNTER_CPU(cpu)->syncs++;
    COUNTER_CPU(cpu)->ran_on = g_thread_self();
}

static bool counter_available(const char *arch, Error **errp)
{
    return true;
}

static const AccelOps counter_accel = {
    .name = "counter",
    .available = counter_available,
    .create_vcpu_thread = counter_create_thread,
    .synchronize_state = counter_sync,
};

static void register_types(void)
{
    type_register_static(&counter_cpu_info);
    accel_register(&counter_accel);
}
type_init(register_types)

static CPUState *new_cpu(void)
{
    DeviceState *dev = qdev_new(TYPE_COUNTER_CPU);

    g_assert_true(qdev_realize(dev, NULL, &error_fatal));
    return CPU(dev);
}

static void setup(void)
{
    main_loop_init();
    g_assert_true(accel_init_machine(accel_select("counter", "test", &error_fatal),
                                     NULL, NULL, &error_fatal));
}

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

    setup();
    a = new_cpu();
    b = new_cpu();
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

    setup();
    cpu = new_cpu();
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

    setup();
    cpu = new_cpu();
    vm_start();
    cpu_synchronize_state(cpu);
    g_assert_cmpint(COUNTER_CPU(cpu)->syncs, ==, 1);
    g_assert_true(COUNTER_CPU(cpu)->ran_on == cpu->thread);
    vm_stop(RUN_STATE_PAUSED);
    cpu_synchronize_state(cpu);         /* paused CPUs still do work */
    g_assert_cmpint(COUNTER_CPU(cpu)->syncs, ==, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpus/start-pause-resume", test_start_pause_resume);
    g_test_add_func("/cpus/halt-and-interrupt", test_halt_and_interrupt);
    g_test_add_func("/cpus/run-on-cpu-and-sync", test_run_on_cpu_and_sync);
    return g_test_run();
}
