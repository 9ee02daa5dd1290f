/*
 * Accelerators: what runs the guest CPUs (kvm, tcg).  Everything above this
 * interface (boards, devices, monitor) is the same under each of them; a
 * device never asks which one runs.
 */
#ifndef SYSTEM_ACCEL_H
#define SYSTEM_ACCEL_H

#include "hw/core/cpu.h"
#include "kemu/event-notifier.h"

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
    /*
     * MSI routes (hw/pci/msix.c uses them; NULL: none).  A route is an
     * MSI (address, data) that the accelerator sends by itself when an
     * EventNotifier attached to it is set (KVM: a GSI route and an irqfd),
     * from any thread, without the main loop.  msi_route_add returns the
     * route's number, or -1 where the accelerator cannot (no in-kernel
     * irqchip, no irqfd): the caller then sends the message itself.
     */
    int (*msi_route_add)(uint64_t addr, uint32_t data);
    void (*msi_route_update)(int route, uint64_t addr, uint32_t data);
    void (*msi_route_release)(int route);
    /* Attach (true on success) or detach e; a detached e only counts. */
    bool (*msi_route_attach)(int route, EventNotifier *e, bool attach);
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
