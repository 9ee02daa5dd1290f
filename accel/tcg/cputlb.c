/*
 * The softmmu: per-vCPU, per-MMU-index TLBs (direct-mapped tables sized
 * at run time, see tlb-size.h, each with a victim TLB), the slow path of
 * guest loads and stores (fills, alignment, page-crossing accesses, MMIO
 * through the memory API, writes to pages holding code), code fetch for
 * the translator, and TLB flushes.
 *
 * A TLB is written by its own vCPU thread only, except that other threads
 * set TLB_NOTDIRTY on write entries (tlb_protect_code_all), under
 * tlb_lock.  Flushes asked by other threads are queued and done by the
 * owner before its next TB.  Only the owner resizes a table, at a flush
 * of the whole table: generated code reloads tlb_fast at every access, and
 * the old table is freed back in the CPU loop, where no softmmu function
 * holds an entry pointer.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/memory-internal.h"
#include "system/main-loop.h"
#include "internal.h"

#define TLB_IDX_MASK ((1u << NB_MMU_MODES) - 1)

static uint32_t tlb_index(const CPUTLBDesc *d, uint64_t addr)
{
    return (addr >> TARGET_PAGE_BITS) & ((1u << d->bits) - 1);
}

static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static void entry_clear(CPUTLBEntry *e)
{
    memset(e, -1, sizeof(*e));
}

static bool entry_is_empty(const CPUTLBEntry *e)
{
    return (e->addr_read & e->addr_write & e->addr_code) == (uint64_t)-1;
}

static bool entry_maps(const CPUTLBEntry *e, uint64_t page)
{
    uint64_t m = TARGET_PAGE_MASK | TLB_INVALID_MASK;

    return (e->addr_read & m) == page || (e->addr_write & m) == page ||
           (e->addr_code & m) == page;
}

/* ---- Tables ---- */

/* Bytes of one table of 1 << bits entries with its bookkeeping. */
static size_t tlb_table_bytes(unsigned bits)
{
    return ((size_t)1 << bits) * (sizeof(CPUTLBEntry) +
                                  sizeof(CPUTLBEntryFull) +
                                  sizeof(uint32_t) + sizeof(uint8_t));
}

/*
 * Give MMU index idx an empty table of 1 << bits entries: one block
 * holding the entries, their CPUTLBEntryFull, the fill log and its flags.
 */
static void tlb_alloc_table(CPUState *cpu, int idx, unsigned bits)
{
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[idx];
    size_t n = (size_t)1 << bits;
    /* Cache-line aligned: an entry never straddles two lines. */
    uint8_t *p = g_aligned_alloc(1, tlb_table_bytes(bits), 64);

    d->bits = bits;
    d->table = (CPUTLBEntry *)p;
    d->full = (CPUTLBEntryFull *)(p + n * sizeof(CPUTLBEntry));
    d->fill_log = (uint32_t *)(d->full + n);
    d->logged = (uint8_t *)(d->fill_log + n);
    d->log_len = 0;
    memset(d->table, -1, n * sizeof(CPUTLBEntry));
    memset(d->logged, 0, n);
    cpu->neg->tlb_fast[idx].mask = (uintptr_t)(n - 1) << CPU_TLB_ENTRY_BITS;
    cpu->neg->tlb_fast[idx].table = d->table;
    __atomic_add_fetch(&tcg_stats.tlb_bytes, tlb_table_bytes(bits),
                       __ATOMIC_RELAXED);
}

/* Swap in an empty table of 1 << bits entries; the old one is freed later. */
static void tlb_resize_locked(CPUState *cpu, int idx, unsigned bits)
{
    AccelCPUState *t = tcg_cpu(cpu);
    CPUTLBDesc *d = &t->tlb[idx];

    __atomic_sub_fetch(&tcg_stats.tlb_bytes, tlb_table_bytes(d->bits),
                       __ATOMIC_RELAXED);
    g_ptr_array_add(t->tlb_garbage, d->table);
    tlb_alloc_table(cpu, idx, bits);
    g_atomic_int_or(&t->pending_flush, TLB_PENDING_FREE_BIT);
    tcg_stat_inc(tlb_resizes);
}

/* Slot i holds (or held) an entry since the last flush. */
static void tlb_log_slot(CPUTLBDesc *d, uint32_t i)
{
    if (!d->logged[i]) {
        d->logged[i] = 1;
        d->fill_log[d->log_len++] = i;
    }
}

void tlb_init(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);
    int64_t now = now_ms();

    g_mutex_init(&t->tlb_lock);
    t->pending_pages = g_array_new(false, false, sizeof(TLBPendingPage));
    t->tlb_garbage = g_ptr_array_new_with_free_func(g_aligned_free);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &t->tlb[i];

        tlb_alloc_table(cpu, i, CPU_TLB_DYN_DEFAULT_BITS);
        tlb_size_window_init(&d->window, now);
        memset(d->vtable, -1, sizeof(d->vtable));
        d->large_page_addr = -1;
        d->large_page_mask = 0;
    }
}

/* ---- Flushing ---- */

/* The victims and the large-page span of an emptied table. */
static void tlb_reset_extras(CPUTLBDesc *d)
{
    memset(d->vtable, -1, sizeof(d->vtable));
    d->large_page_addr = -1;
    d->large_page_mask = 0;
}

/*
 * Empty MMU index idx: a moment to resize, the policy looking at how many
 * slots were filled since the last flush.
 */
static void tlb_flush_idx_locked(CPUState *cpu, int idx, int64_t now)
{
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[idx];
    unsigned bits = tlb_size_at_flush(&d->window, d->bits, d->log_len, now);

    if (bits != d->bits) {
        tlb_resize_locked(cpu, idx, bits);
    } else {
        for (uint32_t k = 0; k < d->log_len; k++) {
            entry_clear(&d->table[d->fill_log[k]]);
            d->logged[d->fill_log[k]] = 0;
        }
        d->log_len = 0;
    }
    tlb_reset_extras(d);
}

/*
 * Drop MMU index idx's entries without PAGE_GLOBAL.  Only logged slots
 * can hold any; the log keeps the global ones that stay.  When the policy
 * wants another size, the global ones go too.
 */
static void tlb_flush_nonglobal_idx_locked(CPUState *cpu, int idx,
                                           int64_t now)
{
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[idx];
    unsigned bits = tlb_size_at_flush(&d->window, d->bits, d->log_len, now);
    uint32_t kept = 0;

    if (bits != d->bits) {
        tlb_resize_locked(cpu, idx, bits);
        tlb_reset_extras(d);
        return;
    }
    for (uint32_t k = 0; k < d->log_len; k++) {
        uint32_t i = d->fill_log[k];
        CPUTLBEntry *e = &d->table[i];

        if (!(d->full[i].prot & PAGE_GLOBAL)) {
            entry_clear(e);
        }
        if (entry_is_empty(e)) {
            d->logged[i] = 0;
        } else {
            d->fill_log[kept++] = i;
        }
    }
    d->log_len = kept;
    for (int v = 0; v < CPU_VTLB_SIZE; v++) {
        if (!(d->vfull[v].prot & PAGE_GLOBAL)) {
            entry_clear(&d->vtable[v]);
        }
    }
}

static void flush_local(CPUState *cpu, uint16_t idxmap)
{
    AccelCPUState *t = tcg_cpu(cpu);
    int64_t now = now_ms();

    g_mutex_lock(&t->tlb_lock);
    /* Tables not filled since their last flush are still empty. */
    idxmap &= t->tlb_used;
    t->tlb_used &= ~idxmap;
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1u << i)) {
            tlb_flush_idx_locked(cpu, i, now);
        }
    }
    g_mutex_unlock(&t->tlb_lock);
    tb_jmp_cache_clear(cpu);
}

static void flush_nonglobal_local(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);
    int64_t now = now_ms();

    g_mutex_lock(&t->tlb_lock);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (t->tlb_used & (1u << i)) {
            tlb_flush_nonglobal_idx_locked(cpu, i, now);
        }
    }
    g_mutex_unlock(&t->tlb_lock);
    tb_jmp_cache_clear_nonglobal(cpu);
}

/* Drop page's entry from idx's table and victims; false: flush it all. */
static bool flush_page_idx_locked(CPUTLBDesc *d, uint64_t page)
{
    CPUTLBEntry *e = &d->table[tlb_index(d, page)];

    if ((page & d->large_page_mask) == d->large_page_addr) {
        return false;                   /* inside a large page */
    }
    if (entry_maps(e, page)) {
        entry_clear(e);
    }
    for (int v = 0; v < CPU_VTLB_SIZE; v++) {
        if (entry_maps(&d->vtable[v], page)) {
            entry_clear(&d->vtable[v]);
        }
    }
    return true;
}

static void flush_page_local(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    AccelCPUState *t = tcg_cpu(cpu);
    uint64_t page = addr & TARGET_PAGE_MASK;
    bool large = false;

    g_mutex_lock(&t->tlb_lock);
    idxmap &= t->tlb_used;
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if ((idxmap & (1u << i)) &&
            !flush_page_idx_locked(&t->tlb[i], page)) {
            tlb_flush_idx_locked(cpu, i, now_ms());
            large = true;
        }
    }
    g_mutex_unlock(&t->tlb_lock);
    if (large) {
        tb_jmp_cache_clear(cpu);
    } else {
        tb_jmp_cache_clear_page(cpu, page);
    }
}

/* The owner may flush now; others queue the work for it. */
static bool flush_is_local(CPUState *cpu)
{
    return tcg_current_cpu() == cpu || !cpu->created;
}

void tlb_process_pending(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);
    uint32_t mask = g_atomic_int_and(&t->pending_flush, 0);
    g_autoptr(GArray) pages = NULL;

    if (mask & TLB_IDX_MASK) {
        flush_local(cpu, mask & TLB_IDX_MASK);
    }
    if (mask & TLB_PENDING_PAGE_BIT) {
        g_mutex_lock(&t->tlb_lock);
        pages = g_array_copy(t->pending_pages);
        g_array_set_size(t->pending_pages, 0);
        g_mutex_unlock(&t->tlb_lock);
    }
    for (guint i = 0; pages && i < pages->len; i++) {
        TLBPendingPage *p = &g_array_index(pages, TLBPendingPage, i);

        flush_page_local(cpu, p->addr, p->idxmap);
    }
    /* Back in the CPU loop: nothing points into replaced tables. */
    g_ptr_array_set_size(t->tlb_garbage, 0);
    g_atomic_int_and(&t->pending_flush, ~TLB_PENDING_FREE_BIT);
}

static void queue_flush(CPUState *cpu, uint16_t idxmap)
{
    g_atomic_int_or(&tcg_cpu(cpu)->pending_flush, idxmap);
    cpu_exit(cpu);
}

static void queue_flush_page(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    AccelCPUState *t = tcg_cpu(cpu);
    TLBPendingPage p = { addr, idxmap };

    g_mutex_lock(&t->tlb_lock);
    if (t->pending_pages->len < TLB_PENDING_PAGES) {
        g_array_append_val(t->pending_pages, p);
        g_mutex_unlock(&t->tlb_lock);
        /* The CPU loop looks at pending_flush only. */
        g_atomic_int_or(&t->pending_flush, TLB_PENDING_PAGE_BIT);
        cpu_exit(cpu);
        return;
    }
    g_mutex_unlock(&t->tlb_lock);
    queue_flush(cpu, idxmap);
}
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    if (!tcg_cpu(cpu)) {
        return;
    }
    if (flush_is_local(cpu)) {
        flush_local(cpu, idxmap);
    } else {
        queue_flush(cpu, idxmap);
    }
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, 0xffff);
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    if (!tcg_cpu(cpu)) {
        return;
    }
    if (flush_is_local(cpu)) {
        flush_page_local(cpu, addr, idxmap);
    } else {
        queue_flush_page(cpu, addr, idxmap);
    }
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, 0xffff);
}

void tlb_flush_nonglobal(CPUState *cpu)
{
    if (!tcg_cpu(cpu)) {
        return;
    }
    if (flush_is_local(cpu)) {
        flush_nonglobal_local(cpu);
    } else {
        queue_flush(cpu, 0xffff);       /* rare: the whole TLB */
    }
}

/*
 * Every other vCPU has the work queued and leaves translated code; the
 * caller does its part now and, when it is a vCPU, waits for the others
 * to be out of translated code (and so to flush first) before going on.
 */
static void sync_barrier(CPUState *src)
{
    if (tcg_current_cpu() == src) {
        tcg_cpu(src)->sync_barrier = true;
        g_atomic_int_set(&src->neg->exit_request, 1);
    }
}

void tlb_flush_all_cpus_synced(CPUState *src)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
    sync_barrier(src);
}

void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t addr)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush_page(cpu, addr);
    }
    sync_barrier(src);
}

/* ---- Filling ---- */
/* ---- Filling ---- */

static void tlb_add_large_page(CPUTLBDesc *d, uint64_t vaddr, uint64_t size)
{
    uint64_t mask = ~(size - 1);

    if (d->large_page_addr == (uint64_t)-1) {
        d->large_page_addr = vaddr & mask;
        d->large_page_mask = mask;
        return;
    }
    /* Widen the span until it covers both. */
    mask &= d->large_page_mask;
    while (((d->large_page_addr ^ vaddr) & mask) != 0) {
        mask <<= 1;
    }
    d->large_page_addr &= mask;
    d->large_page_mask = mask;
}

/*
 * Put e (for vpage) into slot i.  Another page's entry there moves to the
 * victim TLB; older copies of vpage among the victims go.
 */
static void tlb_install_locked(CPUTLBDesc *d, uint32_t i, uint64_t vpage,
                               const CPUTLBEntry *e,
                               const CPUTLBEntryFull *full)
{
    CPUTLBEntry *old = &d->table[i];

    for (int v = 0; v < CPU_VTLB_SIZE; v++) {
        if (entry_maps(&d->vtable[v], vpage)) {
            entry_clear(&d->vtable[v]);
        }
    }
    if (!entry_is_empty(old) && !entry_maps(old, vpage)) {
        uint32_t v = d->vnext++ % CPU_VTLB_SIZE;

        d->vtable[v] = *old;
        d->vfull[v] = d->full[i];
    }
    tlb_log_slot(d, i);
    *old = *e;
    d->full[i] = *full;
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    AccelCPUState *t = tcg_cpu(cpu);
    CPUTLBDesc *d = &t->tlb[mmu_idx];
    uint64_t vpage = vaddr & TARGET_PAGE_MASK;
    hwaddr xlat, plen = TARGET_PAGE_SIZE;
    MemoryRegion *mr;
    CPUTLBEntryFull full = { .phys = paddr & TARGET_PAGE_MASK, .prot = prot };
    CPUTLBEntry e = { .addend = 0 };
    uint64_t flags = TLB_MMIO, wflags;

    /* Through the per-thread RAM range cache: no view lock or reference. */
    mr = address_space_translate(cpu->as, full.phys, &xlat, &plen, false);
    full.mr = mr;
    full.xlat = xlat;
    if (mr && memory_region_is_ram(mr) && mr->ram_block &&
        plen >= TARGET_PAGE_SIZE && !(xlat & ~TARGET_PAGE_MASK)) {
        full.rb = mr->ram_block;
        flags = 0;
        e.addend = (uintptr_t)memory_region_get_ram_ptr(mr) + xlat - vpage;
    }

    g_mutex_lock(&t->tlb_lock);
    t->tlb_used |= 1u << mmu_idx;
    if (size > TARGET_PAGE_SIZE) {
        tlb_add_large_page(d, vaddr, size);
    }
    wflags = flags;
    if (full.rb && memory_region_is_rom(mr)) {
        wflags = TLB_MMIO;              /* the memory API ignores and logs */
    } else if (full.rb && ram_block_code_clean(full.rb, xlat)) {
        wflags = TLB_NOTDIRTY;
    }
    e.addr_read = prot & PAGE_READ ? vpage | flags : (uint64_t)-1;
    e.addr_code = prot & PAGE_EXEC ? vpage | flags : (uint64_t)-1;
    e.addr_write = prot & PAGE_WRITE ? vpage | wflags : (uint64_t)-1;
    tlb_install_locked(d, tlb_index(d, vpage), vpage, &e, &full);
    g_mutex_unlock(&t->tlb_lock);
    tcg_stat_inc(tlb_fills);
}

/* A write entry of RAM page (rb, offset) takes the slow path from now. */
static void protect_entry(CPUTLBEntry *e, const CPUTLBEntryFull *f,
                          RAMBlock *rb, hwaddr offset)
{
    if (!(e->addr_write & TLB_FLAGS_MASK) && f->rb == rb &&
        (f->xlat & TARGET_PAGE_MASK) == offset) {
        __atomic_or_fetch(&e->addr_write, TLB_NOTDIRTY, __ATOMIC_RELAXED);
    }
}

void tlb_protect_code_all(RAMBlock *rb, hwaddr offset)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        AccelCPUState *t = tcg_cpu(cpu);

        if (!t) {
            continue;
        }
        g_mutex_lock(&t->tlb_lock);
        for (int m = 0; m < NB_MMU_MODES; m++) {
            CPUTLBDesc *d = &t->tlb[m];

            if (!(t->tlb_used & (1u << m))) {
                continue;
            }
            /* Only logged slots hold entries. */
            for (uint32_t k = 0; k < d->log_len; k++) {
                uint32_t i = d->fill_log[k];

                protect_entry(&d->table[i], &d->full[i], rb, offset);
            }
            for (int v = 0; v < CPU_VTLB_SIZE; v++) {
                protect_entry(&d->vtable[v], &d->vfull[v], rb, offset);
            }
        }
        g_mutex_unlock(&t->tlb_lock);
    }
}

/* The page has no code left: writes through this entry may go fast. */
static void tlb_unprotect_entry(CPUState *cpu, CPUTLBEntry *e,
                                uint64_t vpage)
{
    AccelCPUState *t = tcg_cpu(cpu);

    g_mutex_lock(&t->tlb_lock);
    if ((e->addr_write & ~(uint64_t)TLB_NOTDIRTY) == vpage) {
        e->addr_write = vpage;
    }
    g_mutex_unlock(&t->tlb_lock);
}

static uint64_t tlb_cmp(const CPUTLBEntry *e, MMUAccessType type)
{
    switch (type) {
    case MMU_DATA_LOAD:
        return e->addr_read;
    case MMU_DATA_STORE:
        return __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
    default:
        return e->addr_code;
    }
}

static bool tlb_hit(uint64_t cmp, uint64_t addr)
{
    return (cmp & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) ==
           (addr & TARGET_PAGE_MASK);
}

/* A victim that translates addr for type changes places with slot i. */
static bool victim_hit(CPUState *cpu, CPUTLBDesc *d, uint32_t i,
                       MMUAccessType type, uint64_t addr)
{
    AccelCPUState *t = tcg_cpu(cpu);

    for (int v = 0; v < CPU_VTLB_SIZE; v++) {
        if (tlb_hit(tlb_cmp(&d->vtable[v], type), addr)) {
            CPUTLBEntry e;
            CPUTLBEntryFull f;

            g_mutex_lock(&t->tlb_lock);
            e = d->table[i];
            f = d->full[i];
            d->table[i] = d->vtable[v];
            d->full[i] = d->vfull[v];
            d->vtable[v] = e;
            d->vfull[v] = f;
            tlb_log_slot(d, i);
            g_mutex_unlock(&t->tlb_lock);
            tcg_stat_inc(tlb_victim_hits);
            return true;
        }
    }
    return false;
}

/* The entry for addr, filled if needed; false only when a probe failed. */
static bool tlb_lookup(CPUState *cpu, uint64_t addr, int size,
                       MMUAccessType type, int mmu_idx, bool probe,
                       uintptr_t ra, CPUTLBEntry **pe, CPUTLBEntryFull **pf)
{
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[mmu_idx];
    uint32_t i = tlb_index(d, addr);

    if (!tlb_hit(tlb_cmp(&d->table[i], type), addr) &&
        !victim_hit(cpu, d, i, type, addr)) {
        if (!cpu_tcg_ops(cpu)->tlb_fill(cpu, addr, size, type, mmu_idx,
                                        probe, ra)) {
            return false;
        }
        /* tlb_fill installed the page (maybe in a resized table). */
        i = tlb_index(d, addr);
        g_assert(tlb_hit(tlb_cmp(&d->table[i], type), addr));
    }
    *pe = &d->table[i];
    *pf = &d->full[i];
    return true;
}

/* ---- Data accesses ---- */

static bool memop_big_endian(MemOp mop)
{
    return (G_BYTE_ORDER == G_BIG_ENDIAN) != !!(mop & MO_BSWAP);
}

/* Device accesses run under the big lock, translated code never does. */
static bool io_lock(void)
{
    bool locked = kemu_mutex_iothread_locked();

    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    return locked;
}

static void io_unlock(CPUState *cpu, bool was_locked)
{
    if (!was_locked) {
        kemu_mutex_unlock_iothread();
    }
    /* A device may have interrupted this very CPU (cpu_exit on self). */
    if (g_atomic_int_get(&cpu->exit_request)) {
        g_atomic_int_set(&cpu->neg->exit_request, 1);
    }
}

static uint64_t io_read(CPUState *cpu, const CPUTLBEntryFull *f,
                        uint64_t addr, unsigned size, bool be)
{
    AddressSpace *as = cpu->as;
    hwaddr pa = f->phys | (addr & ~TARGET_PAGE_MASK);
    bool locked = io_lock();
    uint64_t v;

    switch (size) {
    case 1:
        v = address_space_ldub(as, pa, NULL);
        break;
    case 2:
        v = be ? address_space_lduw_be(as, pa, NULL)
               : address_space_lduw_le(as, pa, NULL);
        break;
    case 4:
        v = be ? address_space_ldl_be(as, pa, NULL)
               : address_space_ldl_le(as, pa, NULL);
        break;
    default:
        v = be ? address_space_ldq_be(as, pa, NULL)
               : address_space_ldq_le(as, pa, NULL);
        break;
    }
    io_unlock(cpu, locked);
    return v;
}

static void io_write(CPUState *cpu, const CPUTLBEntryFull *f, uint64_t addr,
                     uint64_t val, unsigned size, bool be)
{
    AddressSpace *as = cpu->as;
    hwaddr pa = f->phys | (addr & ~TARGET_PAGE_MASK);
    bool locked = io_lock();

    switch (size) {
    case 1:
        address_space_stb(as, pa, val, NULL);
        break;
    case 2:
        (be ? address_space_stw_be : address_space_stw_le)(as, pa, val, NULL);
        break;
    case 4:
        (be ? address_space_stl_be : address_space_stl_le)(as, pa, val, NULL);
        break;
    default:
        (be ? address_space_stq_be : address_space_stq_le)(as, pa, val, NULL);
        break;
    }
    io_unlock(cpu, locked);
}

static void io_bytes(CPUState *cpu, const CPUTLBEntryFull *f, uint64_t addr,
                     uint8_t *buf, unsigned len, bool is_write)
{
    bool locked = io_lock();

    address_space_rw(cpu->as, f->phys | (addr & ~TARGET_PAGE_MASK), buf, len,
                     is_write);
    io_unlock(cpu, locked);
}

static uint64_t bytes_to_val(const uint8_t *buf, unsigned size, bool be)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | buf[be ? i : size - 1 - i];
    }
    return v;
}

static void val_to_bytes(uint8_t *buf, uint64_t v, unsigned size, bool be)
{
    for (unsigned i = 0; i < size; i++) {
        buf[be ? size - 1 - i : i] = v >> (8 * i);
    }
}

static void check_alignment(CPUState *cpu, uint64_t addr, MemOp mop,
                            MMUAccessType type, int mmu_idx, uintptr_t ra)
{
    if (addr & (memop_alignment(mop) - 1)) {
        cpu_tcg_ops(cpu)->do_unaligned_access(cpu, addr, type, mmu_idx, ra);
        g_assert_not_reached();
    }
}

static bool crosses_page(uint64_t addr, unsigned size)
{
    return (addr & ~TARGET_PAGE_MASK) + size > TARGET_PAGE_SIZE;
}

/* Bytes in memory order from one page. */
static void ld_bytes(CPUState *cpu, uint64_t addr, uint8_t *buf,
                     unsigned len, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;

    tlb_lookup(cpu, addr, len, MMU_DATA_LOAD, mmu_idx, false, ra, &e, &f);
    if (e->addr_read & TLB_MMIO) {
        io_bytes(cpu, f, addr, buf, len, false);
    } else {
        memcpy(buf, (void *)(e->addend + addr), len);
    }
}

uint64_t cpu_ld_mmu(CPUState *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    unsigned size = memop_size(mop), n1;
    bool be = memop_big_endian(mop);
    uint8_t buf[8];
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;

    check_alignment(cpu, addr, mop, MMU_DATA_LOAD, mmu_idx, ra);
    if (crosses_page(addr, size)) {
        n1 = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
        ld_bytes(cpu, addr, buf, n1, mmu_idx, ra);
        ld_bytes(cpu, addr + n1, buf + n1, size - n1, mmu_idx, ra);
        return bytes_to_val(buf, size, be);
    }
    tlb_lookup(cpu, addr, size, MMU_DATA_LOAD, mmu_idx, false, ra, &e, &f);
    if (e->addr_read & TLB_MMIO) {
        return io_read(cpu, f, addr, size, be);
    }
    memcpy(buf, (void *)(e->addend + addr), size);
    return bytes_to_val(buf, size, be);
}

/*
 * A RAM write to a page holding code: drop the TBs it overwrites first
 * (leaving the current TB if it is one of them), write, then let the
 * other dirty clients know.
 */
static void notdirty_write(CPUState *cpu, CPUTLBEntry *e, CPUTLBEntryFull *f,
                           uint64_t addr, const uint8_t *buf, unsigned len,
                           uintptr_t ra)
{
    hwaddr off = f->xlat + (addr & ~TARGET_PAGE_MASK);

    tb_invalidate_host_range(cpu, f->rb, off, len, ra);
    memcpy((void *)(e->addend + addr), buf, len);
    ram_block_set_dirty(f->rb, off, len);
    if (!ram_block_code_clean(f->rb, f->xlat)) {
        tlb_unprotect_entry(cpu, e, addr & TARGET_PAGE_MASK);
    }
}

static void st_bytes(CPUState *cpu, CPUTLBEntry *e, CPUTLBEntryFull *f,
                     uint64_t addr, const uint8_t *buf, unsigned len,
                     uintptr_t ra)
{
    uint64_t flags = tlb_cmp(e, MMU_DATA_STORE) & TLB_FLAGS_MASK;

    if (flags & TLB_MMIO) {
        io_bytes(cpu, f, addr, (uint8_t *)buf, len, true);
    } else if (flags & TLB_NOTDIRTY) {
        notdirty_write(cpu, e, f, addr, buf, len, ra);
    } else {
        memcpy((void *)(e->addend + addr), buf, len);
    }
}

void cpu_st_mmu(CPUState *cpu, uint64_t addr, uint64_t val, MemOpIdx oi,
                uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    unsigned size = memop_size(mop), n1;
    bool be = memop_big_endian(mop);
    uint8_t buf[8];
    CPUTLBEntry *e, *e2;
    CPUTLBEntryFull *f, *f2;

    check_alignment(cpu, addr, mop, MMU_DATA_STORE, mmu_idx, ra);
    val_to_bytes(buf, val, size, be);
    if (crosses_page(addr, size)) {
        n1 = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
        /* Both pages must be writable before either is written. */
        tlb_lookup(cpu, addr + n1, size - n1, MMU_DATA_STORE, mmu_idx, false,
                   ra, &e2, &f2);
        tlb_lookup(cpu, addr, n1, MMU_DATA_STORE, mmu_idx, false, ra, &e, &f);
        /* Adjacent pages never share a slot: e2 is still valid. */
        st_bytes(cpu, e, f, addr, buf, n1, ra);
        st_bytes(cpu, e2, f2, addr + n1, buf + n1, size - n1, ra);
        return;
    }
    tlb_lookup(cpu, addr, size, MMU_DATA_STORE, mmu_idx, false, ra, &e, &f);
    if (tlb_cmp(e, MMU_DATA_STORE) & TLB_MMIO) {
        io_write(cpu, f, addr, val, size, be);
    } else {
        st_bytes(cpu, e, f, addr, buf, size, ra);
    }
}

void *probe_access(CPUState *cpu, uint64_t addr, int size,
                   MMUAccessType access_type, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;
    uint64_t flags;

    g_assert(!crosses_page(addr, size ? size : 1));
    tlb_lookup(cpu, addr, size, access_type, mmu_idx, false, ra, &e, &f);
    flags = tlb_cmp(e, access_type) & TLB_FLAGS_MASK;
    if (flags & TLB_MMIO) {
        return NULL;
    }
    if (flags & TLB_NOTDIRTY) {
        hwaddr off = f->xlat + (addr & ~TARGET_PAGE_MASK);

        /* The caller writes through the pointer: drop the code now. */
        tb_invalidate_host_range(cpu, f->rb, off, size, ra);
        ram_block_set_dirty(f->rb, off, size);
    }
    return (void *)(e->addend + addr);
}

uint64_t tcg_guest_load(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    return cpu_ld_mmu(env_cpu(env), addr, oi, ra);
}

void tcg_guest_store(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                     uintptr_t ra)
{
    cpu_st_mmu(env_cpu(env), addr, val, oi, ra);
}

/* ---- Code ---- */

uint64_t get_page_addr_code(CPUState *cpu, uint64_t addr, void **hostp,
                            RAMBlock **rbp, hwaddr *offp)
{
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;

    tlb_lookup(cpu, addr, 1, MMU_INST_FETCH, mmu_idx, false, 0, &e, &f);
    if ((e->addr_code & TLB_MMIO) || !f->rb) {
        *hostp = NULL;
        return -1;
    }
    *hostp = (void *)(e->addend + addr);
    *rbp = f->rb;
    *offp = f->xlat + (addr & ~TARGET_PAGE_MASK);
    return f->phys | (addr & ~TARGET_PAGE_MASK);
}

bool tlb_code_is_global(CPUState *cpu, uint64_t addr)
{
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[mmu_idx];
    uint32_t i = tlb_index(d, addr);

    return tlb_hit(d->table[i].addr_code, addr) &&
           (d->full[i].prot & PAGE_GLOBAL);
}

/* ---- Memory map changes ---- */

static void tlb_map_commit(MemoryListener *l)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

static MemoryListener tlb_listener = {
    .commit = tlb_map_commit,
    .priority = 10,
};

void tlb_memory_listener_init(AddressSpace *as)
{
    memory_listener_register(&tlb_listener, as);
}
