/*
 * The architecture-neutral part of a virtual CPU.
 *
 * A target's CPU type (target/<arch>/cpu.c) derives from TYPE_CPU and
 * embeds CPUState first in its own struct, followed by the architectural
 * state ("env").  The accelerator runs it on its own thread (system/cpus.c
 * has the thread protocol), and the monitor, gdbstub and snapshots see the
 * registers through CPUClass hooks after cpu_synchronize_state().
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "exec/cpu-defs.h"

#include <setjmp.h>

#define TYPE_CPU "cpu"

typedef struct AccelCPUState AccelCPUState;
typedef struct TCGCPUOps TCGCPUOps;

/* Bits of CPUState.interrupt_request; targets may use the TGT bits. */
enum {
    CPU_INTERRUPT_HARD  = 1 << 1,   /* an external interrupt line is up */
    CPU_INTERRUPT_EXITTB = 1 << 2,  /* leave translated code */
    CPU_INTERRUPT_HALT  = 1 << 5,
    CPU_INTERRUPT_FIQ   = 1 << 6,
    CPU_INTERRUPT_RESET = 1 << 8,
    CPU_INTERRUPT_INIT  = 1 << 9,   /* x86 INIT */
    CPU_INTERRUPT_SIPI  = 1 << 10,  /* x86 startup IPI */
    CPU_INTERRUPT_NMI   = 1 << 11,
    CPU_INTERRUPT_TGT_EXT_0 = 1 << 12,
    CPU_INTERRUPT_TGT_EXT_1 = 1 << 13,
    CPU_INTERRUPT_TGT_INT_0 = 1 << 14,
    CPU_INTERRUPT_TGT_INT_1 = 1 << 15,
};

typedef struct CPUClass {
    DeviceClass parent_class;
    const char *arch;               /* "x86_64", "aarch64", "mipsel" */
    /* The target's part of realize, before the vCPU thread starts. */
    bool (*realize)(CPUState *cpu, Error **errp);
    /* Registers for `info registers` and -d cpu. */
    void (*dump_state)(CPUState *cpu, GString *out);
    /* True when the CPU has something to do while halted. */
    bool (*has_work)(CPUState *cpu);
    /* The guest program counter, for logs and the gdbstub. */
    uint64_t (*get_pc)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);

    /* The gdbstub's view: the core registers of the target description. */
    const char *gdb_core_xml_name;  /* "aarch64-core.xml" */
    const char *gdb_core_xml;       /* its text */
    const char *gdb_arch_name;      /* "aarch64" */
    int gdb_num_core_regs;
    /* Append register n in target byte order; returns its size (0: none). */
    int (*gdb_read_register)(CPUState *cpu, GByteArray *buf, int n);
    /* Set register n from buf; returns the size consumed (0: none). */
    int (*gdb_write_register)(CPUState *cpu, const uint8_t *buf, int n);
    /*
     * Guest-virtual memory access for the debugger and the monitor's x.
     * NULL means addresses are physical in cpu->as.
     */
    bool (*memory_rw_debug)(CPUState *cpu, uint64_t addr, uint8_t *buf,
                            size_t len, bool is_write);

    /* How the target runs under TCG (accel/tcg/tcg-cpu-ops.h). */
    const TCGCPUOps *tcg_ops;
} CPUClass;

/* Work queued for a vCPU thread (run_on_cpu). */
typedef void RunOnCpuFunc(CPUState *cpu, void *data);

struct CPUState {
    DeviceState parent_obj;

    int cpu_index;                  /* 0.., in creation order */
    unsigned socket_id, core_id, thread_id;
    AddressSpace *as;               /* what the CPU sees: system memory */

    /* Thread protocol, all guarded by the big lock (system/cpus.c). */
    GThread *thread;
    GCond halt_cond;                /* the vCPU thread sleeps here */
    bool created;                   /* the thread is up */
    bool stop;                      /* asked to pause */
    bool stopped;                   /* paused, acknowledged */
    bool halted;                    /* waiting for an interrupt (WFI, HLT) */
    bool unplug;                    /* thread should end */
    GQueue work_list;               /* queued RunOnCpuItem */

    /* Read by running guest code without the lock. */
    volatile int exit_request;      /* leave the accelerator loop soon */
    volatile uint32_t interrupt_request;

    /* Debugging: gdb's breakpoints (uint64_t guest addresses), stepping. */
    GArray *breakpoints;
    bool singlestep;

    /*
     * The architectural state, right after a CPUNegativeOffsetState (see
     * exec/cpu-defs.h); the target's instance_init sets both and
     * neg->cpu.
     */
    void *env_ptr;
    CPUNegativeOffsetState *neg;
    /* TCG: the pending exception and where cpu_loop_exit() returns to. */
    int exception_index;
    sigjmp_buf jmp_env;

    /* The accelerator's own per-vCPU state (KVM fd and run area, ...). */
    AccelCPUState *accel;
    /* Registers here are newer than the accelerator's (KVM). */
    bool vcpu_dirty;
};

#define CPU(obj) OBJECT_CHECK(CPUState, (obj), TYPE_CPU)
#define CPU_CLASS(klass) OBJECT_CLASS_CHECK(CPUClass, (klass), TYPE_CPU)
#define CPU_GET_CLASS(obj) OBJECT_GET_CLASS(CPUClass, (obj), TYPE_CPU)

/* Every realized CPU, in cpu_index order. */
extern GPtrArray *cpu_list;
#define CPU_FOREACH(cpu)                                                \
    for (guint cpu_i_ = 0;                                              \
         cpu_list && cpu_i_ < cpu_list->len &&                          \
         ((cpu) = g_ptr_array_index(cpu_list, cpu_i_), true);           \
         cpu_i_++)
CPUState *cpu_by_index(int index);

/*
 * The vCPU the calling thread runs: set by the accelerator on a vCPU
 * thread for the thread's lifetime (a round-robin thread that serves
 * several vCPUs switches it to the one it runs or serves), NULL on the
 * main loop thread and every other thread.  Devices whose registers are
 * banked per CPU (GICv2 CPU interface, x86 local APIC) use it to tell
 * which CPU accesses them.
 */
extern __thread CPUState *current_cpu;
static inline CPUState *first_cpu(void)
{
    return cpu_by_index(0);
}

/* Raise/lower interrupt_request bits and make the vCPU notice. */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);
/* Ask the vCPU to leave guest code and come back to its loop. */
void cpu_exit(CPUState *cpu);

/*
 * CPU models: a target registers each model as the QOM type
 * "<model>-<arch>-cpu" (e.g. "cortex-a72-aarch64-cpu"), abstract ones
 * excluded.  -cpu takes the model name.
 */
char *cpu_model_type_name(const char *arch, const char *model);
/* `-cpu help` for arch (NULL: every arch); false if there is none. */
bool cpu_print_models(GString *out, const char *arch);

/* Debugger memory access through the CPU's view (see memory_rw_debug). */
bool cpu_memory_rw_debug(CPUState *cpu, uint64_t addr, uint8_t *buf,
                         size_t len, bool is_write);
bool cpu_breakpoint_insert(CPUState *cpu, uint64_t addr);
bool cpu_breakpoint_remove(CPUState *cpu, uint64_t addr);
bool cpu_breakpoint_test(CPUState *cpu, uint64_t addr);
void cpu_breakpoint_remove_all(CPUState *cpu);

/* `info registers` for one CPU (synchronizes state first). */
void cpu_dump_state(CPUState *cpu, GString *out);

#endif
