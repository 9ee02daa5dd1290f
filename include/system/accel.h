/*
 * Accelerators: what runs the guest CPUs (kvm, tcg).  Everything above this
 * interface (boards, devices, monitor) is the same under each of them; a
 * device never asks which one runs.
 */
#ifndef SYSTEM_ACCEL_H
#define SYSTEM_ACCEL_H

#include "hw/core/cpu.h"

typedef struct Keyval Keyval;
typedef struct MachineState MachineState;

typedef struct AccelOps {
    const char *name;                   /* "kvm", "tcg" */
    /* Can it run guests of arch here?  If not, errp says why. */
    bool (*available)(const char *arch, Error **errp);
    /* May it be chosen without -accel?  NULL: whenever available. */
    bool (*default_ok)(const char *arch);
    /* VM-wide set-up, before the board creates CPUs; opts from -accel. */
    bool (*init_machine)(MachineState *ms, Keyval *opts, Error **errp);
    /*
     * Start cpu's thread.  The thread calls cpu_thread_signal_created()
     * once it runs, then loops: run guest code while cpu_can_run(), else
     * cpu_thread_wait_io_event().
     */
    bool (*create_vcpu_thread)(CPUState *cpu, Error **errp);
    /* Make a vCPU that runs guest code come back to its loop. */
    void (*kick_vcpu_thread)(CPUState *cpu);
    /* Registers: accelerator -> CPUState, and back after reset/init. */
    void (*synchronize_state)(CPUState *cpu);
    void (*synchronize_post_reset)(CPUState *cpu);
    void (*synchronize_post_init)(CPUState *cpu);
    /* cpu->breakpoints or cpu->singlestep changed (the vCPU is stopped). */
    void (*update_guest_debug)(CPUState *cpu);
    /* "info jit": the translator's counters; NULL if it does not translate. */
    void (*format_jit_stats)(GString *out);
} AccelOps;

void accel_register(const AccelOps *ops);
#define accel_init(ops)                                                 \
    static void __attribute__((constructor)) register_##ops(void)       \
    {                                                                   \
        accel_register(&ops);                                           \
    }

const AccelOps *accel_find(const char *name);
/*
 * The accelerator for arch: the one asked for (an error if it cannot run
 * here, never a silent fallback), or by default kvm when it runs this
 * architecture at speed (hardware virtualization), otherwise tcg.
 */
const AccelOps *accel_select(const char *requested, const char *arch,
                             Error **errp);
/* Make ops the running accelerator and set up the VM for it. */
bool accel_init_machine(const AccelOps *ops, MachineState *ms, Keyval *opts,
                        Error **errp);
/* The running accelerator, or NULL before one is chosen (-M none). */
const AccelOps *current_accel(void);
/* `-accel help`. */
void accel_print_list(GString *out);

#endif
