/*
 * AArch64 stage 1 address translation for the EL1&0 regime: the identity
 * map with the MMU off, else a walk of the VMSAv8-64 tables (4, 16 or
 * 64 KiB granule as TCR_EL1.TG0/TG1 select and the CPU implements, up to
 * 48-bit VA and PA), and the TCG tlb_fill hook on top.
 *
 * Top-byte-ignore (TCR_EL1.TBI0/TBI1, TBID0/TBID1 with FEAT_PAuth) is
 * applied here, as the Arm ARM's AddrTop: translated code hands the
 * softmmu the address as the guest formed it, tag included, so a fault
 * reports the tag in FAR_EL1 (as QEMU does in system mode) and an access
 * with TBI off costs nothing more.  Tagged pages get TLB entries of their
 * own; the TLBIs by VA then flush everything (tlb_tagged, sysreg.c).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "internals.h"
#include "features.h"

#define PA_MASK48     0x0000ffffffffffffull     /* 48-bit output address */
#define PA_MASK       0x0000fffffffff000ull     /* PAR_EL1.PA */
#define PAR_F         (1ull << 0)
#define PAR_NS        (1ull << 9)
#define PAR_RES1      (1ull << 11)
#define DESC_AF       (1ull << 10)
#define DESC_AP1      (1ull << 6)               /* EL0 access */
#define DESC_AP2      (1ull << 7)               /* read-only */
#define DESC_NG       (1ull << 11)              /* not global: ASID's */
#define DESC_PXN      (1ull << 53)
#define DESC_UXN      (1ull << 54)
#define TCR_TBI0_SHIFT  37                      /* TBI1: 38 */
#define TCR_TBID0_SHIFT 51                      /* TBID1: 52 */

static bool walk_fault(ARMWalkResult *res, uint32_t fsc, int level)
{
    res->fsc = fsc | (level & 3);
    return false;
}

/* Permissions of a final descriptor for an access from mmu_idx. */
static int desc_prot(uint64_t desc, int mmu_idx)
{
    bool el0_access = desc & DESC_AP1, ro = desc & DESC_AP2;
    int prot;

    if (mmu_idx == ARM_MMU_IDX_EL0) {
        if (!el0_access) {
            return 0;
        }
        prot = PAGE_READ | (ro ? 0 : PAGE_WRITE);
        return prot | ((desc & DESC_UXN) ? 0 : PAGE_EXEC);
    }
    prot = PAGE_READ | (ro ? 0 : PAGE_WRITE);
    /* EL1 never executes what EL0 can write. */
    if (!(desc & DESC_PXN) && !(el0_access && !ro)) {
        prot |= PAGE_EXEC;
    }
    return prot;
}

static bool access_allowed(int prot, MMUAccessType type)
{
    static const int need[] = {
        [MMU_DATA_LOAD] = PAGE_READ,
        [MMU_DATA_STORE] = PAGE_WRITE,
        [MMU_INST_FETCH] = PAGE_EXEC,
    };
    return prot & need[type];
}

/* Granule sizes (log2) the CPU implements, from ID_AA64MMFR0_EL1. */
static bool granule_implemented(CPUARMState *env, int shift)
{
    uint64_t mmfr0 = env_archcpu(env)->isar.id_aa64mmfr0;

    switch (shift) {
    case 12:
        return ((mmfr0 >> 28) & 0xf) != 0xf;
    case 14:
        return ((mmfr0 >> 20) & 0xf) != 0;
    default:
        return ((mmfr0 >> 24) & 0xf) != 0xf;
    }
}

/*
 * The granule of TCR_EL1.TG0 (hi: TG1, encoded differently).  A reserved
 * or unimplemented choice behaves as an implemented one (CONSTRAINED
 * UNPREDICTABLE): the largest, as QEMU chooses.
 */
static int granule_shift(CPUARMState *env, uint64_t tcr, bool hi)
{
    static const int tg0[] = { 12, 16, 14, 0 }, tg1[] = { 0, 14, 12, 16 };
    int shift = hi ? tg1[(tcr >> 30) & 3] : tg0[(tcr >> 14) & 3];

    if (shift && granule_implemented(env, shift)) {
        return shift;
    }
    for (shift = 16; shift > 12 && !granule_implemented(env, shift);
         shift -= 2) {
    }
    return shift;
}

/* Block descriptors (48-bit OA): levels 1-2 for 4K, level 2 otherwise. */
static bool block_allowed(int gshift, int level)
{
    return level == 2 || (gshift == 12 && level == 1);
}

/*
 * Walk the tables at ttbr for va (inputsize bits of VA, granule of 2^gshift
 * bytes, each level resolving gshift - 3 bits).
 */
static bool walk(AddressSpace *as, uint64_t ttbr, uint64_t va, int inputsize,
                 int gshift, int mmu_idx, ARMWalkResult *res)
{
    int stride = gshift - 3;
    int start = 4 - (inputsize - gshift + stride - 1) / stride;
    int first_bits = inputsize - (gshift + stride * (3 - start));
    /* TTBR BADDR: aligned to the size of the first table, 64 B at least. */
    uint64_t table = ttbr & PA_MASK48 &
                     ~((1ull << MAX(first_bits + 3, 6)) - 1);
    uint64_t gmask = (1ull << gshift) - 1;

    for (int level = start;; level++) {
        int shift = gshift + stride * (3 - level);
        int bits = level == start ? first_bits : stride;
        uint64_t idx = (va >> shift) & ((1ull << bits) - 1);
        MemTxResult r;
        uint64_t desc = address_space_ldq_le(as, table + idx * 8, &r);

        if (r != MEMTX_OK) {
            return walk_fault(res, 0x14, level);  /* external abort on walk */
        }
        if (!(desc & 1) || (level == 3 && !(desc & 2)) ||
            (level < 3 && !(desc & 2) && !block_allowed(gshift, level))) {
            return walk_fault(res, ARM_FSC_TRANSLATION, level);
        }
        if (level < 3 && (desc & 2)) {
            table = desc & PA_MASK48 & ~gmask;
            continue;
        }
        if (!(desc & DESC_AF)) {
            return walk_fault(res, ARM_FSC_ACCESS_FLAG, level);
        }
        res->page_size = 1ull << shift;
        res->pa = (desc & PA_MASK48 & ~(res->page_size - 1)) |
                  (va & (res->page_size - 1));
        res->prot = desc_prot(desc, mmu_idx) |
                    (desc & DESC_NG ? 0 : PAGE_GLOBAL);
        res->attrindx = (desc >> 2) & 7;
        res->sh = (desc >> 8) & 3;
        res->fsc = level;       /* the level, for a permission fault */
        return true;
    }
}

bool arm_addr_tbi(CPUARMState *env, bool hi, bool instr)
{
    uint64_t tcr = env->cp15.tcr_el1;

    if (!((tcr >> (TCR_TBI0_SHIFT + hi)) & 1)) {
        return false;
    }
    /* TBIDx is RES0 without FEAT_PAuth. */
    return !instr || !isar_pauth(&env_archcpu(env)->isar) ||
           !((tcr >> (TCR_TBID0_SHIFT + hi)) & 1);
}

uint64_t arm_branch_addr(CPUARMState *env, uint64_t va)
{
    if (arm_addr_tbi(env, (va >> 55) & 1, true)) {
        return (uint64_t)((int64_t)(va << 8) >> 8);
    }
    return va;
}

bool arm_stage1_translate(CPUARMState *env, AddressSpace *as, uint64_t va,
                          MMUAccessType access_type, int mmu_idx,
                          ARMWalkResult *res)
{
    uint64_t tcr = env->cp15.tcr_el1;
    bool hi = (va >> 55) & 1;
    int tsz = hi ? (tcr >> 16) & 0x3f : tcr & 0x3f;
    bool epd = hi ? (tcr >> 23) & 1 : (tcr >> 7) & 1;
    /* The address's bits [0, width): AddrTop is 55 with TBI, else 63. */
    int width = arm_addr_tbi(env, hi, access_type == MMU_INST_FETCH) ? 56
                                                                      : 64;
    uint64_t used = va & (~0ull >> (64 - width));
    int inputsize;

    memset(res, 0, sizeof(*res));
    if (!(env->cp15.sctlr_el1 & SCTLR_M)) {
        if (used >> 48) {
            return walk_fault(res, ARM_FSC_ADDRSIZE, 0);
        }
        res->pa = used;
        res->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC | PAGE_GLOBAL;
        res->page_size = TARGET_PAGE_SIZE;
        return true;
    }
    tsz = MAX(16, MIN(39, tsz));
    inputsize = 64 - tsz;
    /* Bits [inputsize, width) must all equal bit 55. */
    if (used >> inputsize != (hi ? ~0ull >> (64 - width + inputsize) : 0) ||
        epd) {
        return walk_fault(res, ARM_FSC_TRANSLATION, 0);
    }
    if (!walk(as, hi ? env->cp15.ttbr1_el1 : env->cp15.ttbr0_el1, va,
              inputsize, granule_shift(env, tcr, hi), mmu_idx, res)) {
        return false;
    }
    if (!access_allowed(res->prot, access_type)) {
        return walk_fault(res, ARM_FSC_PERMISSION, res->fsc);
    }
    return true;
}

/* Syndrome of an abort: instruction or data, from EL0 or EL1. */
static uint32_t abort_syndrome(CPUARMState *env, MMUAccessType type,
                               uint32_t fsc)
{
    bool same_el = arm_current_el(env) == 1;
    uint32_t ec;

    if (type == MMU_INST_FETCH) {
        ec = same_el ? EC_INSNABORT_SAME_EL : EC_INSNABORT;
        return (ec << ARM_EL_EC_SHIFT) | ARM_EL_IL | fsc;
    }
    ec = same_el ? EC_DATAABORT_SAME_EL : EC_DATAABORT;
    return (ec << ARM_EL_EC_SHIFT) | ARM_EL_IL |
           (type == MMU_DATA_STORE ? 1u << 6 : 0) | fsc;
}

static KEMU_NORETURN void raise_abort(CPUARMState *env, uint64_t addr,
                                      MMUAccessType type, uint32_t fsc,
                                      uintptr_t ra)
{
    env->exception.vaddress = addr;
    arm_raise_exception(env, type == MMU_INST_FETCH ? EXCP_PREFETCH_ABORT
                                                    : EXCP_DATA_ABORT,
                        abort_syndrome(env, type, fsc), ra);
}

bool arm_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    CPUARMState *env = &ARM_CPU(cs)->env;
    ARMWalkResult res;
    uint64_t page;

    if (!arm_stage1_translate(env, cs->as, addr, access_type, mmu_idx, &res)) {
        if (probe) {
            return false;
        }
        kemu_log_mask(LOG_MMU, "aarch64: fault at 0x%" PRIx64 " fsc 0x%x\n",
                      addr, res.fsc);
        raise_abort(env, addr, access_type, res.fsc, retaddr);
    }
    /* A tagged address: its bits 63:56 are not copies of bit 55. */
    if ((uint64_t)((int64_t)(addr << 8) >> 8) != addr) {
        __atomic_store_n(&env->tlb_tagged, true, __ATOMIC_RELAXED);
    }
    page = addr & TARGET_PAGE_MASK;
    tlb_set_page(cs, page, res.pa & TARGET_PAGE_MASK, res.prot, mmu_idx,
                 MAX(res.page_size, (uint64_t)TARGET_PAGE_SIZE));
    return true;
}

bool arm_tlb_take_tagged(CPUARMState *env)
{
    return __atomic_exchange_n(&env->tlb_tagged, false, __ATOMIC_RELAXED);
}

void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t addr,
                                 MMUAccessType access_type, int mmu_idx,
                                 uintptr_t retaddr)
{
    raise_abort(&ARM_CPU(cs)->env, addr, access_type, ARM_FSC_ALIGNMENT,
                retaddr);
}

void arm_at_s1e1(CPUARMState *env, uint64_t va, MMUAccessType type,
                 int mmu_idx)
{
    ARMWalkResult res;

    /* Bit 11 is RES1; NS: no EL3, so every access is Non-secure. */
    if (arm_stage1_translate(env, env_cpu(env)->as, va, type, mmu_idx, &res)) {
        uint64_t attrs = (env->cp15.mair_el1 >> (8 * res.attrindx)) & 0xff;

        env->cp15.par_el1 = (res.pa & PA_MASK) | (attrs << 56) |
                            PAR_RES1 | PAR_NS | ((uint64_t)res.sh << 7);
    } else {
        env->cp15.par_el1 = PAR_F | (res.fsc << 1) | PAR_RES1;
    }
}

bool arm_cpu_memory_rw_debug(CPUState *cs, uint64_t addr, uint8_t *buf,
                             size_t len, bool is_write)
{
    CPUARMState *env = &ARM_CPU(cs)->env;
    int idx = arm_current_el(env) ? ARM_MMU_IDX_EL1 : ARM_MMU_IDX_EL0;

    while (len) {
        size_t chunk = MIN(len, TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK));
        ARMWalkResult res;
        MemTxResult r;

        if (!arm_stage1_translate(env, cs->as, addr, MMU_DATA_LOAD, idx, &res)) {
            return false;
        }
        r = is_write ? address_space_write_rom(cs->as, res.pa, buf, chunk)
                     : address_space_read(cs->as, res.pa, buf, chunk);
        if (r != MEMTX_OK) {
            return false;
        }
        addr += chunk, buf += chunk, len -= chunk;
    }
    return true;
}
