/*
 * A test CPU whose "guest code" counts, and the test accelerator that runs
 * it ("counter"): enough of a vCPU to test threads, pausing, the gdbstub.
 * Its pc is the step count; it halts at halt_after steps (0: never), stops
 * for gdb at breakpoints on the pc, and steps one count at a time when
 * single-stepping.
 */
#ifndef TESTS_COUNTER_CPU_H
#define TESTS_COUNTER_CPU_H

#include "hw/core/cpu.h"

#define TYPE_COUNTER_CPU "counter-test-cpu"

typedef struct CounterCPU {
    CPUState parent_obj;
    gint steps;             /* "guest instructions" executed: the pc */
    uint64_t scratch;       /* a register for gdb to read and write */
    int halt_after;
    int syncs;              /* synchronize_state calls */
    GThread *ran_on;        /* thread of the last synchronize_state */
} CounterCPU;

#define COUNTER_CPU(obj) OBJECT_CHECK(CounterCPU, (obj), TYPE_COUNTER_CPU)

/* Start the counter accelerator (and the main loop); call once per test. */
void counter_setup(void);
CPUState *counter_cpu_new(void);

#endif
