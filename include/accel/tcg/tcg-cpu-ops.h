/*
 * What a target provides to run under TCG (CPUClass.tcg_ops).
 */
#ifndef ACCEL_TCG_TCG_CPU_OPS_H
#define ACCEL_TCG_TCG_CPU_OPS_H

#include "exec/translation-block.h"

typedef struct CPUState CPUState;

typedef enum MMUAccessType {
    MMU_DATA_LOAD  = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

typedef struct TCGCPUOps {
    /* The target's memory model lets vCPUs run in parallel (thread=multi). */
    bool mttcg_supported;
    /* Create the target's TCG globals (guest registers); called once. */
    void (*initialize)(void);
    /* Translate one TB starting at pc (host_pc: its host mapping or NULL). */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb,
                           int *max_insns, uint64_t pc, void *host_pc);
    /* The state a TB lookup is keyed on. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc, uint64_t *cs_base,
                             uint32_t *flags);
    /* Set the guest pc to the start of tb (after an early exit). */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /* Restore the guest pc (and extras) from insn_start data. */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /*
     * Take a pending interrupt if the CPU can now; returns true when it
     * changed the control flow (then the loop looks up a new TB).
     */
    bool (*cpu_exec_interrupt)(CPUState *cpu, int interrupt_request);
    /* Deliver cpu->exception_index (vector, save state, switch mode). */
    void (*do_interrupt)(CPUState *cpu);
    /* The MMU index of the current mode (ifetch: for code fetches). */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    /*
     * -d in_asm: disassemble len bytes of guest code at pc (usually
     * disas_append() with the DisasArch of the CPU's current mode); NULL
     * logs the bytes in hex.
     */
    void (*disas_log)(CPUState *cpu, GString *out, const void *code,
                      size_t len, uint64_t pc);
    /*
     * Translate addr for access_type in mmu_idx and install it with
     * tlb_set_page().  On a fault: return false if probe, else raise the
     * guest exception (cpu_loop_exit_restore(cpu, retaddr), no return).
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t addr, int size,
                     MMUAccessType access_type, int mmu_idx, bool probe,
                     uintptr_t retaddr);
    /* An access that violates its MemOp alignment; must not return. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t addr,
                                MMUAccessType access_type, int mmu_idx,
                                uintptr_t retaddr);
    /* A debug exception for gdb (breakpoint hit or step done). */
    void (*debug_excp_handler)(CPUState *cpu);
} TCGCPUOps;

#endif
