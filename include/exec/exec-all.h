/*
 * What target code (helpers, MMU walks, exception entry) calls in accel/tcg.
 */
#ifndef EXEC_EXEC_ALL_H
#define EXEC_EXEC_ALL_H

#include "hw/core/cpu.h"
#include "accel/tcg/tcg-cpu-ops.h"
#include "tcg/memop.h"

/* Page protection bits for tlb_set_page(). */
#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4
/* A global translation (not tagged with an address space id). */
#define PAGE_GLOBAL 8

/*
 * Generic exception numbers (cpu->exception_index), above every target's
 * own.  The CPU loop handles them itself instead of calling do_interrupt.
 */
#define EXCP_INTERRUPT  0x10000 /* left the loop: exit request, kick */
#define EXCP_HLT        0x10001 /* the guest halted itself (cpu->halted) */
#define EXCP_DEBUG      0x10002 /* gdb breakpoint hit or single step done */
#define EXCP_HALTED     0x10003 /* the CPU is halted with nothing to do */
#define EXCP_YIELD      0x10004 /* give other vCPUs a turn */

/* Leave translated code for the CPU loop, which handles exception_index. */
KEMU_NORETURN void cpu_loop_exit(CPUState *cpu);
/* The same from a helper: first restore the guest pc for retaddr. */
KEMU_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
/* The same, without restoring (the state is already exact). */
KEMU_NORETURN void cpu_loop_exit_noexc(CPUState *cpu);
/* Restore the guest state for a host pc inside a TB; false if none. */
bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc);

/* Install one translation (size >= TARGET_PAGE_SIZE for large pages). */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, uint64_t addr);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap);
/*
 * A change of address space id: forget the translations without
 * PAGE_GLOBAL, and the TBs whose code was not found through global ones.
 */
void tlb_flush_nonglobal(CPUState *cpu);
/* The same on every CPU, done before any CPU runs guest code again. */
void tlb_flush_all_cpus_synced(CPUState *src);
void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t addr);

/* Guest memory access from helpers, through the softmmu. */
uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra);
void cpu_st_mmu(CPUState *cpu, uint64_t addr, uint64_t val, MemOpIdx oi,
                uintptr_t ra);
/*
 * Check that [addr, addr+size) within one page is accessible, faulting as
 * the access would; returns the host address for RAM or NULL (MMIO).
 */
void *probe_access(CPUState *cpu, uint64_t addr, int size,
                   MMUAccessType access_type, int mmu_idx, uintptr_t ra);

/*
 * Drop every TB (after a change that affects all translations).  From a
 * vCPU running guest code the flush happens when it leaves the TB, with
 * every vCPU out of translated code.
 */
void tb_flush(CPUState *cpu);
/* Drop the TBs whose code overlaps [addr, addr + len) (guest physical). */
void tb_invalidate_phys_range(CPUState *cpu, hwaddr addr, hwaddr len);

#endif
