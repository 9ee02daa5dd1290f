/*
 * x86 address translation: the 4-level long-mode and 3-level PAE page
 * walks with 4 KiB, 2 MiB and 1 GiB pages, and 32-bit paging (4 KiB
 * pages, 4 MiB ones with CR4.PSE); reserved-bit checks, present/write/
 * user/NX checks, CR0.WP, SMEP and SMAP (per MMU index, see cpu.h),
 * accessed and dirty bits, and #PF.  Non-canonical long-mode addresses
 * raise #GP(0).  With CR0.PG clear addresses are physical.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"

#define PG_P    (1ull << 0)
#define PG_RW   (1ull << 1)
#define PG_US   (1ull << 2)
#define PG_A    (1ull << 5)
#define PG_D    (1ull << 6)
#define PG_PS   (1ull << 7)
#define PG_G    (1ull << 8)
#define PG_NX   (1ull << 63)
#define PG_ADDR 0x000ffffffffff000ull
/* Physical address bits 51:MAXPHYADDR are reserved. */
#define PG_RSVD_HIGH (PG_ADDR & ~((1ull << X86_PHYS_ADDR_BITS) - 1))

/* #PF error code bits. */
#define PF_P    1
#define PF_W    2
#define PF_U    4
#define PF_RSVD 8
#define PF_I    16

/* Reserved bits of a present entry at level (4: PML4E ... 1: PTE). */
static uint64_t rsvd_mask(CPUX86State *env, int level, uint64_t pte)
{
    uint64_t m = PG_RSVD_HIGH | ((env->efer & EFER_NXE) ? 0 : PG_NX);

    if (level == 4) {
        m |= PG_PS;
    } else if (level == 3 && (pte & PG_PS)) {
        m |= 0x3fffe000ull;             /* 1 GiB page: bits 29:13 */
    } else if (level == 2 && (pte & PG_PS)) {
        m |= 0x1fe000ull;               /* 2 MiB page: bits 20:13 */
    }
    return m;
}

/*
 * The access rights the walk's combined bits give mmu_idx: user pages
 * are not accessible to KERNEL data accesses under SMAP nor executable
 * from supervisor mode under SMEP.
 */
static int page_prot(CPUX86State *env, int mmu_idx, bool rw, bool us, bool nx)
{
    bool user = mmu_idx == X86_MMU_IDX_USER;
    int prot = PAGE_READ | PAGE_WRITE | (nx ? 0 : PAGE_EXEC);

    if (user && !us) {
        return 0;
    }
    if (!rw && (user || (env->cr[0] & CR0_WP))) {
        prot &= ~PAGE_WRITE;
    }
    if (!user && us) {
        if ((env->cr[4] & CR4_SMAP) && mmu_idx == X86_MMU_IDX_KERNEL) {
            prot &= ~(PAGE_READ | PAGE_WRITE);
        }
        if (env->cr[4] & CR4_SMEP) {
            prot &= ~PAGE_EXEC;
        }
    }
    return prot;
}

/* The permission checks and A/D updates common to every walk. */
static bool finish_walk(CPUX86State *env, AddressSpace *as, bool rw, bool us,
                        bool nx, uint64_t pte, uint64_t pte_addr, bool wide,
                        MMUAccessType type, int mmu_idx, int err, X86Walk *w)
{
    bool write = type == MMU_DATA_STORE, fetch = type == MMU_INST_FETCH;
    int need = fetch ? PAGE_EXEC : write ? PAGE_WRITE : PAGE_READ;

    w->prot = page_prot(env, mmu_idx, rw, us, nx);
    if ((pte & PG_G) && (env->cr[4] & CR4_PGE)) {
        w->prot |= PAGE_GLOBAL;         /* kept by MOV CR3 */
    }
    if (!(w->prot & need)) {
        w->error = err | PF_P;
        return false;
    }
    if (write && !(pte & PG_D)) {
        if (wide) {
            address_space_stq_le(as, pte_addr, pte | PG_A | PG_D, NULL);
        } else {
            address_space_stl_le(as, pte_addr, pte | PG_A | PG_D, NULL);
        }
    } else if (!write) {
        w->prot &= ~PAGE_WRITE;         /* first write sets D: walk again */
    }
    return true;
}

/* 32-bit paging: two levels of 4-byte entries, 4 MiB pages with PSE. */
static bool walk32(CPUX86State *env, AddressSpace *as, uint32_t va,
                   MMUAccessType type, int mmu_idx, int err, X86Walk *w)
{
    uint64_t table = env->cr[3] & 0xfffff000, pte_addr = 0;
    uint32_t pte = 0;
    bool rw = true, us = true;

    for (int level = 2; level >= 1; level--) {
        int shift = level == 2 ? 22 : 12;

        pte_addr = table + ((va >> shift) & 0x3ff) * 4;
        pte = address_space_ldl_le(as, pte_addr, NULL);
        if (!(pte & PG_P)) {
            w->error = err;
            return false;
        }
        rw &= !!(pte & PG_RW);
        us &= !!(pte & PG_US);
        if (!(pte & PG_A)) {
            address_space_stl_le(as, pte_addr, pte | PG_A, NULL);
        }
        if (level == 1 || ((pte & PG_PS) && (env->cr[4] & CR4_PSE))) {
            /* A 4 MiB page: bits 20:13 are physical address bits 39:32. */
            w->page_size = 1ull << shift;
            w->pa = level == 1 ? (pte & 0xfffff000) | (va & 0xfff)
                               : (pte & 0xffc00000) |
                                 ((uint64_t)(pte >> 13 & 0xff) << 32) |
                                 (va & 0x3fffff);
            break;
        }
        table = pte & 0xfffff000;
    }
    return finish_walk(env, as, rw, us, false, pte, pte_addr, false, type,
                       mmu_idx, err, w);
}

static bool walk(CPUX86State *env, AddressSpace *as, uint64_t va,
                 MMUAccessType type, int mmu_idx, X86Walk *w)
{
    bool write = type == MMU_DATA_STORE, fetch = type == MMU_INST_FETCH;
    bool user = mmu_idx == X86_MMU_IDX_USER;
    bool nxe = env->efer & EFER_NXE;
    uint64_t table = env->cr[3] & PG_ADDR, pte = 0, pte_addr = 0;
    bool rw = true, us = true, nx = false;
    int levels = (env->efer & EFER_LMA) ? 4 : 3;
    int err = (write ? PF_W : 0) | (user ? PF_U : 0) |
              (fetch && (nxe || (env->cr[4] & CR4_SMEP)) ? PF_I : 0);

    if (!(env->cr[4] & CR4_PAE)) {
        return walk32(env, as, va, type, mmu_idx, err & ~PF_I, w);
    }
    if (levels == 3) {
        table = env->cr[3] & 0xffffffe0;
    }
    for (int level = levels; level >= 1; level--) {
        int shift = 12 + 9 * (level - 1);
        unsigned idx = (va >> shift) & (level == 3 && levels == 3 ? 3 : 511);

        pte_addr = table + idx * 8;
        pte = address_space_ldq_le(as, pte_addr, NULL);
        if (!(pte & PG_P)) {
            w->error = err;
            return false;
        }
        if (levels == 3 && level == 3) {
            table = pte & PG_ADDR;      /* PDPTEs carry no permissions */
            continue;
        }
        if (levels == 4 && (pte & rsvd_mask(env, level, pte))) {
            w->error = err | PF_P | PF_RSVD;
            return false;
        }
        rw &= !!(pte & PG_RW);
        us &= !!(pte & PG_US);
        nx |= nxe && (pte & PG_NX);
        if (!(pte & PG_A)) {
            address_space_stq_le(as, pte_addr, pte | PG_A, NULL);
        }
        if (level == 1 || ((pte & PG_PS) && level <= 3)) {
            w->page_size = 1ull << shift;
            w->pa = (pte & PG_ADDR & ~(w->page_size - 1)) |
                    (va & (w->page_size - 1));
            break;
        }
        table = pte & PG_ADDR;
    }
    return finish_walk(env, as, rw, us, nx, pte, pte_addr, true, type,
                       mmu_idx, err, w);
}

bool x86_translate(CPUX86State *env, AddressSpace *as, uint64_t va,
                   MMUAccessType type, int mmu_idx, X86Walk *w)
{
    if (!(env->cr[0] & CR0_PG)) {
        w->pa = va;
        w->page_size = TARGET_PAGE_SIZE;
        w->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return true;
    }
    return walk(env, as, va, type, mmu_idx, w);
}

bool x86_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    /* Unchecked: called on every TLB miss. */
    CPUX86State *env = &container_of(cs, X86CPU, parent_obj)->env;
    X86Walk w;

    if ((env->efer & EFER_LMA) && !x86_canonical(addr)) {
        if (probe) {
            return false;
        }
        kemu_log_mask(LOG_MMU, "x86: non-canonical address 0x%" PRIx64
                      ": #GP\n", addr);
        x86_raise_exception(env, EXCP0D_GPF, 0, retaddr);
    }
    if (!x86_translate(env, cs->as, addr, access_type, mmu_idx, &w)) {
        if (probe) {
            return false;
        }
        kemu_log_mask(LOG_MMU, "x86: #PF at 0x%" PRIx64 " error 0x%x\n",
                      addr, w.error);
        env->cr[2] = addr;
        x86_raise_exception(env, EXCP0E_PAGE, w.error, retaddr);
    }
    tlb_set_page(cs, addr & TARGET_PAGE_MASK, w.pa & TARGET_PAGE_MASK, w.prot,
                 mmu_idx, MAX(w.page_size, (uint64_t)TARGET_PAGE_SIZE));
    return true;
}

bool x86_cpu_memory_rw_debug(CPUState *cs, uint64_t addr, uint8_t *buf,
                             size_t len, bool is_write)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    while (len) {
        size_t chunk = MIN(len, TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK));
        X86Walk w;
        MemTxResult r;

        if (!x86_translate(env, cs->as, addr, MMU_DATA_LOAD,
                           X86_MMU_IDX_KERNEL_AC, &w)) {
            return false;
        }
        r = is_write ? address_space_write_rom(cs->as, w.pa, buf, chunk)
                     : address_space_read(cs->as, w.pa, buf, chunk);
        if (r != MEMTX_OK) {
            return false;
        }
        addr += chunk, buf += chunk, len -= chunk;
    }
    return true;
}
