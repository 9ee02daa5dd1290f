/*
 * What translated code and the softmmu share about a guest CPU: the page
 * size, the TLB layout that the host backend's inline fast path reads, and
 * the per-CPU state placed right before the architectural state ("env").
 *
 * Every target's CPU struct is laid out as
 *
 *     struct ArchCPU {
 *         CPUState parent_obj;
 *         CPUNegativeOffsetState neg;     // immediately before env
 *         CPUArchState env;
 *     };
 *
 * so generated code reaches the TLB and the exit flag at fixed negative
 * offsets from the env pointer it holds in a register (cpu_neg(), and
 * CPU_NEG_CHECK(ArchCPU) asserts the layout at build time).
 */
#ifndef EXEC_CPU_DEFS_H
#define EXEC_CPU_DEFS_H

/* 4 KiB guest pages for the softmmu, for every target. */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1u << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(uint64_t)(TARGET_PAGE_SIZE - 1))

/* MMU indexes: each target maps its translation regimes onto 0..15. */
#define NB_MMU_MODES 16

/*
 * A TLB entry: for each access kind the page-aligned guest virtual address
 * it translates, with flag bits in the low (sub-page) bits, or -1 when
 * empty.  A fast-path hit is "(addr & TARGET_PAGE_MASK) == addr_read"
 * with all flags clear; any flag sends the access to the slow path.
 * For RAM, host pointer = guest address + addend.
 */
typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} CPUTLBEntry;

#define CPU_TLB_ENTRY_BITS 5
_Static_assert(sizeof(CPUTLBEntry) == 1 << CPU_TLB_ENTRY_BITS,
               "CPUTLBEntry size");

/* Low flag bits of CPUTLBEntry.addr_*. */
#define TLB_INVALID_MASK (1u << (TARGET_PAGE_BITS - 1)) /* no valid mapping */
#define TLB_MMIO         (1u << (TARGET_PAGE_BITS - 2)) /* not RAM: dispatch */
#define TLB_NOTDIRTY     (1u << (TARGET_PAGE_BITS - 3)) /* page holds code */
#define TLB_FLAGS_MASK   (TLB_INVALID_MASK | TLB_MMIO | TLB_NOTDIRTY)

/*
 * The fast-path view of one MMU index's table: entry for addr is at
 * (uint8_t *)table + ((addr >> (TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS))
 * & mask).  mask = (number of entries - 1) << CPU_TLB_ENTRY_BITS.
 */
typedef struct CPUTLBDescFast {
    uintptr_t mask;
    CPUTLBEntry *table;
} CPUTLBDescFast;

typedef struct CPUState CPUState;

typedef struct CPUNegativeOffsetState {
    CPUTLBDescFast tlb_fast[NB_MMU_MODES];
    /* Non-zero: leave translated code at the next TB start. */
    int32_t exit_request;
    int32_t pad;
    /* The CPU this env belongs to (env_cpu()). */
    CPUState *cpu;
} CPUNegativeOffsetState;

#define CPU_NEG_CHECK(ArchCPU)                                          \
    _Static_assert(offsetof(ArchCPU, env) - offsetof(ArchCPU, neg) ==   \
                   sizeof(CPUNegativeOffsetState),                      \
                   #ArchCPU ": neg must sit right before env")

static inline CPUNegativeOffsetState *env_neg(void *env)
{
    return (CPUNegativeOffsetState *)env - 1;
}

/* The CPUState of an env pointer (helpers get env from generated code). */
static inline CPUState *env_cpu(void *env)
{
    return env_neg(env)->cpu;
}

/* Offset of neg's field from env, for generated code. */
#define NEG_OFFSET(field)                                               \
    ((intptr_t)offsetof(CPUNegativeOffsetState, field) -                \
     (intptr_t)sizeof(CPUNegativeOffsetState))

#endif
