/*
 * The counting test CPU and its accelerator (see counter-cpu.h).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "gdbstub/gdbstub.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "counter-cpu.h"

static const char counter_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE feature SYSTEM \"gdb-target.dtd\">"
    "<feature name=\"org.kemu.counter\">"
    "<reg name=\"scratch\" bitsize=\"64\"/><reg name=\"pc\" bitsize=\"64\"/>"
    "</feature>";

static bool counter_has_work(CPUState *cpu)
{
    return cpu->interrupt_request != 0;
}

static int counter_gdb_read(CPUState *cpu, GByteArray *buf, int n)
{
    CounterCPU *c = COUNTER_CPU(cpu);
    uint64_t v = GUINT64_TO_LE(n == 0 ? c->scratch : (uint64_t)c->steps);

    g_byte_array_append(buf, (const uint8_t *)&v, 8);
    return 8;
}

static int counter_gdb_write(CPUState *cpu, const uint8_t *buf, int n)
{
    CounterCPU *c = COUNTER_CPU(cpu);
    uint64_t v;

    memcpy(&v, buf, 8);
    v = GUINT64_FROM_LE(v);
    if (n == 0) {
        c->scratch = v;
    } else {
        g_atomic_int_set(&c->steps, v);
    }
    return 8;
}

static void counter_class_init(ObjectClass *klass, const void *data)
{
    CPUClass *cc = CPU_CLASS(klass);

    cc->arch = "test";
    cc->has_work = counter_has_work;
    cc->gdb_arch_name = "counter";
    cc->gdb_core_xml_name = "counter-core.xml";
    cc->gdb_core_xml = counter_xml;
    cc->gdb_num_core_regs = 2;
    cc->gdb_read_register = counter_gdb_read;
    cc->gdb_write_register = counter_gdb_write;
}

static const TypeInfo counter_cpu_info = {
    .name = TYPE_COUNTER_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(CounterCPU),
    .class_init = counter_class_init,
};

/* One step of guest code; false when the CPU must leave its run loop. */
static bool counter_step(CPUState *cpu)
{
    CounterCPU *c = COUNTER_CPU(cpu);
    int pc = g_atomic_int_add(&c->steps, 1) + 1;

    if (cpu->singlestep || (cpu->breakpoints && cpu_breakpoint_test(cpu, pc))) {
        kemu_mutex_lock_iothread();
        gdb_cpu_debug_stop(cpu);
        cpu_request_stop(cpu);
        kemu_mutex_unlock_iothread();
        return false;
    }
    if (pc == c->halt_after) {
        cpu->halted = true;
        return false;
    }
    return true;
}

static void counter_run(CPUState *cpu)
{
    kemu_mutex_unlock_iothread();
    while (!g_atomic_int_get(&cpu->exit_request) && counter_step(cpu)) {
    }
    kemu_mutex_lock_iothread();
    g_atomic_int_set(&cpu->exit_request, 0);
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

/* Like TCG's kick: make the running loop return to the thread's event wait. */
static void counter_kick(CPUState *cpu)
{
    g_atomic_int_set(&cpu->exit_request, 1);
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
    .kick_vcpu_thread = counter_kick,
    .synchronize_state = counter_sync,
};

static void register_types(void)
{
    type_register_static(&counter_cpu_info);
    accel_register(&counter_accel);
}
type_init(register_types)

void counter_setup(void)
{
    main_loop_init();
    g_assert_true(accel_init_machine(accel_select("counter", "test", &error_fatal),
                                     NULL, NULL, &error_fatal));
}

CPUState *counter_cpu_new(void)
{
    DeviceState *dev = qdev_new(TYPE_COUNTER_CPU);

    g_assert_true(qdev_realize(dev, NULL, &error_fatal));
    return CPU(dev);
}
