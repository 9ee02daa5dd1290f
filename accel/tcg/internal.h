/*
 * What the files of accel/tcg share: per-vCPU state, the configuration,
 * and the TB cache, translation and softmmu entry points.
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include "exec/exec-all.h"
#include "exec/translation-block.h"
#include "accel/tcg/tcg-accel.h"
#include "tlb-size.h"

#define TB_JMP_CACHE_BITS 14
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)
/* Entries of one page group of the jump cache (see tb_jmp_cache_hash). */
#define TB_JMP_PAGE_BITS (TB_JMP_CACHE_BITS / 2)
#define TB_JMP_PAGE_SIZE (1u << TB_JMP_PAGE_BITS)
#define TB_JMP_WAYS 4u
/* Entries of the fully associative victim TLB behind each table. */
#define CPU_VTLB_SIZE 8
/* Queued page flushes beyond this become a flush of the MMU indexes. */
#define TLB_PENDING_PAGES 16
/* AccelCPUState.pending_flush bits above the MMU indexes: */
#define TLB_PENDING_PAGE_BIT (1u << NB_MMU_MODES)   /* pending_pages */
#define TLB_PENDING_FREE_BIT (1u << (NB_MMU_MODES + 1)) /* tlb_garbage */

/* Generic "leave the loop" reasons that never reach the target. */
#define EXCP_TB_FLUSH   0x10010 /* the code buffer is full */

/* What the softmmu keeps per TLB entry besides the fast-path view. */
typedef struct CPUTLBEntryFull {
    hwaddr phys;                /* guest physical page */
    MemoryRegion *mr;           /* region there, NULL when unassigned */
    hwaddr xlat;                /* offset of the page in mr */
    RAMBlock *rb;               /* RAM: its block */
    int prot;
} CPUTLBEntryFull;

/*
 * One MMU index's TLB: a direct-mapped table of 1 << bits entries (its
 * fast-path view is neg->tlb_fast[idx]) and a small victim TLB that keeps
 * the entries the table evicted.  The fill log lists each slot filled
 * since the last flush once (logged[slot] says it is there), so flushes
 * and write-protection touch those only, whatever the table's size.
 */
typedef struct CPUTLBDesc {
    CPUTLBEntry *table;
    CPUTLBEntryFull *full;
    unsigned bits;
    uint32_t *fill_log;             /* slot numbers */
    uint8_t *logged;                /* per slot: in fill_log */
    uint32_t log_len;
    TLBSizeWindow window;
    /* The span of large pages installed since the last flush. */
    uint64_t large_page_addr, large_page_mask;
    CPUTLBEntry vtable[CPU_VTLB_SIZE];
    CPUTLBEntryFull vfull[CPU_VTLB_SIZE];
    uint32_t vnext;                 /* victim slot replaced next */
} CPUTLBDesc;

typedef struct TLBPendingPage {
    uint64_t addr;
    uint16_t idxmap;
} TLBPendingPage;

/*
 * A jump cache entry: a TB pointer, with JMP_CACHE_GLOBAL set when the
 * TB's code page was reached through a global translation, and a key:
 * the flush generation it was stored in, above a tag of the TB's pc
 * (jmp_cache_tag), which spares reading the TBs of the set's other ways.
 */
typedef struct JmpCacheEntry {
    uintptr_t tb;
    uint64_t key;
} JmpCacheEntry;

#define JMP_CACHE_GLOBAL 1
#define JMP_CACHE_TAG_BITS 16
#define JMP_CACHE_TAG_MASK ((1u << JMP_CACHE_TAG_BITS) - 1)

/* Host cache line: a jump cache set and a TB's lookup fields fit in one. */
#define TCG_CACHE_LINE 64

struct AccelCPUState {
    CPUState *cpu;
    TCGContext *ctx;                /* the vCPU thread's context */
    /* Guards entries against write-protection from other threads. */
    GMutex tlb_lock;
    CPUTLBDesc tlb[NB_MMU_MODES];
    uint16_t tlb_used;              /* MMU indexes filled since flushed */
    JmpCacheEntry jmp_cache[TB_JMP_CACHE_SIZE]
        __attribute__((aligned(TCG_CACHE_LINE)));
    /* Flush generations of the jump cache: see jmp_cache_entry_tb(). */
    uint64_t jmp_gen;               /* bumped by every flush */
    uint64_t jmp_global_gen;        /* jmp_gen at the last full flush */
    bool running;                   /* inside cpu_exec (exclusive) */
    /* Flushes asked by other threads, done before the next TB. */
    uint32_t pending_flush;         /* MMU index, TLB_PENDING_* bits; atomic */
    GArray *pending_pages;          /* TLBPendingPage, under tlb_lock */
    /* Tables replaced by a resize, freed back in the CPU loop. */
    GPtrArray *tlb_garbage;
    bool sync_barrier;              /* wait for the others after exec */
    int32_t cflags_next_tb;         /* -1: none */
    uint64_t bp_skip_pc;            /* resume over this breakpoint once */
    bool bp_skip;
};

typedef struct TCGAccelConfig {
    bool mttcg;
    bool mttcg_set;                 /* thread= given explicitly */
    uint64_t tb_size;
    bool one_insn_per_tb;
    const TCGBackend *backend;
} TCGAccelConfig;

extern TCGAccelConfig tcg_cfg;
extern TCGAccelStats tcg_stats;     /* updated atomically */
#define tcg_stat_add(field, n) \
    __atomic_fetch_add(&tcg_stats.field, (n), __ATOMIC_RELAXED)
#define tcg_stat_inc(field) tcg_stat_add(field, 1)
/* Report the counters at exit when -d jit asks for them. */
void tcg_stats_init(void);

static inline AccelCPUState *tcg_cpu(CPUState *cpu)
{
    return cpu->accel;
}

/* Unchecked: this runs between every two TBs, a checked cast costs ~5%. */
static inline const TCGCPUOps *cpu_tcg_ops(CPUState *cpu)
{
    return ((CPUClass *)OBJECT(cpu)->klass)->tcg_ops;
}

/*
 * The page number picks a group of entries and the address a set of
 * TB_JMP_WAYS entries in it, so flushing one guest page forgets its TBs
 * without clearing the whole cache.  The address is mixed by a multiply:
 * its low bits are often all zero (A64 code is word-aligned).
 */
static inline uint32_t tb_jmp_cache_hash(uint64_t pc)
{
    uint32_t group = (pc >> TARGET_PAGE_BITS) & (TB_JMP_PAGE_SIZE - 1);
    uint32_t mix = (uint32_t)(pc ^ (pc >> TARGET_PAGE_BITS)) * 0x9e3779b1u;

    return group << TB_JMP_PAGE_BITS | mix >> (32 - TB_JMP_PAGE_BITS);
}

/*
 * The jump cache is set associative, most recently used entry first: an
 * interpreter has dozens of hot TBs on one page, which would evict each
 * other from single entries on every lookup.
 */
static inline JmpCacheEntry *tb_jmp_cache_set(AccelCPUState *t, uint64_t pc)
{
    return &t->jmp_cache[tb_jmp_cache_hash(pc) & ~(TB_JMP_WAYS - 1)];
}

static inline TranslationBlock *jmp_cache_tb(uintptr_t entry)
{
    return (TranslationBlock *)(entry & ~(uintptr_t)JMP_CACHE_GLOBAL);
}

/* The pc bits an entry keeps: the low ones tell a set's TBs apart. */
static inline uint32_t jmp_cache_tag(uint64_t pc)
{
    return (pc ^ pc >> JMP_CACHE_TAG_BITS) & JMP_CACHE_TAG_MASK;
}

/* The key of an entry stored now for a TB at pc. */
static inline uint64_t jmp_cache_key(const AccelCPUState *t, uint64_t pc)
{
    return t->jmp_gen << JMP_CACHE_TAG_BITS | jmp_cache_tag(pc);
}

/*
 * The TB of entry (tb, key) if it may be the one for pc, or NULL.  A
 * flush does not walk the cache (every MOV CR3 did): it starts a
 * generation, and entries stored before it are stale, except global ones
 * when only non-global translations were dropped.  Only the owner vCPU
 * stores entries and keys; other threads may zero an entry's tb.
 */
static inline TranslationBlock *jmp_cache_entry_tb(const AccelCPUState *t,
                                                   uintptr_t tb, uint64_t key,
                                                   uint64_t pc)
{
    uint64_t gen = key >> JMP_CACHE_TAG_BITS;

    if ((key & JMP_CACHE_TAG_MASK) != jmp_cache_tag(pc)) {
        return NULL;
    }
    if (gen != t->jmp_gen &&
        !((tb & JMP_CACHE_GLOBAL) && gen >= t->jmp_global_gen)) {
        return NULL;
    }
    return jmp_cache_tb(tb);
}

/* TBs start on a cache line, so a lookup reads pc..tc.code from one. */
G_STATIC_ASSERT(offsetof(TranslationBlock, tc.code) + sizeof(void *) <=
                TCG_CACHE_LINE);

static inline TranslationBlock *tb_alloc(void)
{
    return g_aligned_alloc0(1, sizeof(TranslationBlock), TCG_CACHE_LINE);
}

static inline void tb_free(TranslationBlock *tb)
{
    g_aligned_free(tb);
}

/* tcg-accel-ops.c: exclusive sections (callers hold the big lock). */
void start_exclusive(void);
void end_exclusive(void);
/* The vCPU running guest code on this thread, or NULL. */
CPUState *tcg_current_cpu(void);

/* translate-all.c */
void tcg_translate_init(void);
void tcg_exec_thread_init(void);
TCGContext *tcg_parent_context(void);
/* A new TB for the state, or NULL when the code buffer is full. */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);
/* Flush now; every vCPU is outside translated code. */
void tb_flush_locked_world(void);
/* Run any flush asked for meanwhile (big lock held, outside exec). */
void tb_flush_if_requested(void);

/* tb-maint.c */
void tb_maint_init(void);
TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags);
/*
 * Insert tb (or return the equal one already there); NULL when its code
 * was written while it was translated (translate again).
 */
TranslationBlock *tb_insert(TranslationBlock *tb);
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next);
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
/*
 * Write-protect a RAM page that is about to hold code (page n of tb):
 * records its host page and write generation in tb.
 */
void tb_protect_page(TranslationBlock *tb, int n, RAMBlock *rb,
                     hwaddr offset);
/*
 * Invalidate the TBs overlapping host RAM [host, host + len); if the TB
 * cpu runs at retaddr is one of them, leave it (no return).
 */
void tb_invalidate_host_range(CPUState *cpu, RAMBlock *rb, hwaddr offset,
                              hwaddr len, uintptr_t retaddr);
void tb_jmp_cache_clear(CPUState *cpu);
void tb_jmp_cache_clear_page(CPUState *cpu, uint64_t page);
void tb_jmp_cache_clear_nonglobal(CPUState *cpu);
void tb_maint_flush(void);

/* cputlb.c */
void tlb_init(CPUState *cpu);
void tlb_process_pending(CPUState *cpu);
/*
 * The guest physical address of code at addr (and its host address in
 * *hostp, NULL when it is not RAM: then -1 is returned).  May raise the
 * fetch fault.
 */
uint64_t get_page_addr_code(CPUState *cpu, uint64_t addr, void **hostp,
                            RAMBlock **rbp, hwaddr *offp);
/* Set TLB_NOTDIRTY on every CPU's write entries for this RAM page. */
void tlb_protect_code_all(RAMBlock *rb, hwaddr offset);
/* Whether addr's code page is in the TLB through a PAGE_GLOBAL entry. */
bool tlb_code_is_global(CPUState *cpu, uint64_t addr);
void tlb_memory_listener_init(AddressSpace *as);
uint64_t tcg_guest_load(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra);
void tcg_guest_store(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                     uintptr_t ra);

/* cpu-exec.c */
int cpu_exec(CPUState *cpu);
uint32_t curr_cflags(CPUState *cpu);

#endif
