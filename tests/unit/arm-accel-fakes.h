/* What the accel/tcg stand-ins of arm-accel-fakes.c record. */
#ifndef TESTS_UNIT_ARM_ACCEL_FAKES_H
#define TESTS_UNIT_ARM_ACCEL_FAKES_H

typedef struct FakeTlbEntry {
    uint64_t vaddr, paddr;
    int prot, mmu_idx;
    uint64_t size;
} FakeTlbEntry;

/* The last tlb_set_page() and the number of tlb_flush() calls. */
extern FakeTlbEntry fake_tlb_last;
extern int fake_tlb_flushes;

#endif
