/* Pieces of target/arm shared between its files (not for other layers). */
#ifndef TARGET_ARM_INTERNALS_H
#define TARGET_ARM_INTERNALS_H

#include "cpu.h"

/* Fault status codes (DFSC/IFSC) of stage 1 walks; | level where it applies. */
#define ARM_FSC_ADDRSIZE    0x00
#define ARM_FSC_TRANSLATION 0x04
#define ARM_FSC_ACCESS_FLAG 0x08
#define ARM_FSC_PERMISSION  0x0c
#define ARM_FSC_ALIGNMENT   0x21

typedef struct ARMWalkResult {
    uint64_t pa;            /* physical address of va */
    int prot;               /* PAGE_READ | PAGE_WRITE | PAGE_EXEC */
    uint64_t page_size;     /* of the mapping (block or page) */
    uint8_t attrindx;       /* MAIR_EL1 index of the mapping */
    uint8_t sh;             /* its shareability */
    uint32_t fsc;           /* on failure: fault status code */
} ARMWalkResult;

/*
 * Stage 1 translation of va for an access in the EL1&0 regime (mmu_idx
 * ARM_MMU_IDX_EL0/EL1), descriptors read from as.  With SCTLR_EL1.M clear
 * it is the identity map.  Returns false with res->fsc on a fault,
 * including a permission fault for access_type.
 */
bool arm_stage1_translate(CPUARMState *env, AddressSpace *as, uint64_t va,
                          MMUAccessType access_type, int mmu_idx,
                          ARMWalkResult *res);

/*
 * Whether TBI applies to an address in the TTBR0 (hi false) or TTBR1 half
 * of the EL1&0 regime: for data, TCR_EL1.TBIx; for instruction addresses
 * also TBIDx clear (FEAT_PAuth).
 */
bool arm_addr_tbi(CPUARMState *env, bool hi, bool instr);
/* AArch64.BranchAddr: va without its tag when TBI applies to branches. */
uint64_t arm_branch_addr(CPUARMState *env, uint64_t va);
/*
 * Whether this vCPU's TLB may hold tagged addresses since the last call;
 * clears the mark (call before the flush that removes them).
 */
bool arm_tlb_take_tagged(CPUARMState *env);

/* AT S1E1R/W, S1E0R/W: the result in PAR_EL1. */
void arm_at_s1e1(CPUARMState *env, uint64_t va, MMUAccessType type,
                 int mmu_idx);

/* Raise exception excp with syndrome at the current pc: no return. */
KEMU_NORETURN void arm_raise_exception(CPUARMState *env, int excp,
                                       uint32_t syndrome, uintptr_t ra);

/* The logical-immediate decoder of translate-a64.c (for tests). */
bool arm_decode_bitmask(bool sf, int n, int imms, int immr, uint64_t *result);

void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t addr,
                                 MMUAccessType access_type, int mmu_idx,
                                 uintptr_t retaddr);
bool arm_cpu_memory_rw_debug(CPUState *cs, uint64_t addr, uint8_t *buf,
                             size_t len, bool is_write);

#endif
