/*
 * Atomic read-modify-write and compare-and-swap on guest memory, for
 * frontends whose vCPUs run in parallel (MTTCG).  RAM is changed with host
 * atomics through the host address that probe_access() gives; MMIO (no
 * host address) is read and written under the big lock, which serializes
 * it against every other device access.  See docs/devel/tcg.md.
 */
#ifndef EXEC_GUEST_ATOMIC_H
#define EXEC_GUEST_ATOMIC_H

#include "hw/core/cpu.h"
#include "tcg/memop.h"
#include "tcg/tcg-op.h"

typedef enum GuestAtomicOp {
    GUEST_ATOMIC_XCHG,          /* new = val */
    GUEST_ATOMIC_ADD,
    GUEST_ATOMIC_AND,
    GUEST_ATOMIC_OR,
    GUEST_ATOMIC_XOR,
    GUEST_ATOMIC_SMAX,          /* signed at the access size */
    GUEST_ATOMIC_SMIN,
    GUEST_ATOMIC_UMAX,
    GUEST_ATOMIC_UMIN,
    GUEST_ATOMIC_NOPS,
} GuestAtomicOp;

/*
 * Atomically replace the value v at addr (oi: size, byte order, MMU index;
 * the access must be naturally aligned or it raises the target's alignment
 * fault) with op(v, val); returns v zero-extended (MO_SIGN: sign-extended).
 * Faults as a store would, restoring the guest state for ra.
 */
uint64_t cpu_atomic_rmw(CPUState *cpu, uint64_t addr, uint64_t val,
                        GuestAtomicOp op, MemOpIdx oi, uintptr_t ra);
/* Store newv at addr if it holds cmp; returns the old value either way. */
uint64_t cpu_atomic_cmpxchg(CPUState *cpu, uint64_t addr, uint64_t cmp,
                            uint64_t newv, MemOpIdx oi, uintptr_t ra);
/*
 * The same on 16 bytes (16-aligned) as two little-endian 64-bit words
 * (low word at addr): old[] receives what memory held.
 */
void cpu_atomic_cmpxchg128(CPUState *cpu, uint64_t addr, const uint64_t cmp[2],
                           const uint64_t newv[2], uint64_t old[2],
                           int mmu_idx, uintptr_t ra);

/* IR builders: the same from translated code (helper calls). */
void tcg_gen_atomic_rmw_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 val,
                            GuestAtomicOp op, int mmu_idx, MemOp mop);
void tcg_gen_atomic_cmpxchg_i64(TCGv_i64 ret, TCGv_i64 addr, TCGv_i64 cmp,
                                TCGv_i64 newv, int mmu_idx, MemOp mop);
/* A full memory barrier between the guest accesses before and after. */
void tcg_gen_guest_mb(void);

#endif
