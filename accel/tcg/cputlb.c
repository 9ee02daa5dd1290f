/*
 * The softmmu: per-vCPU, per-MMU-index TLBs (direct-mapped, CPU_TLB_SIZE
 * entries), the slow path of guest loads and stores (fills, alignment,
 * page-crossing accesses, MMIO through the memory API, writes to pages
 * holding code), code fetch for the translator, and TLB flushes.
 *
 * A TLB is written by its own vCPU thread only, except that other threads
 * set TLB_NOTDIRTY on write entries (tlb_protect_code_all), under
 * tlb_lock.  Flushes asked by other threads are queued and done by the
 * owner before its next TB.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/memory-internal.h"
#include "system/main-loop.h"
#include "internal.h"

static uint32_t tlb_index(uint64_t addr)
{
    return (addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
}

static void tlb_flush_idx_locked(CPUTLBDesc *d)
{
    memset(d->table, -1, sizeof(d->table));
    d->large_page_addr = -1;
    d->large_page_mask = 0;
}

void tlb_init(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);

    g_mutex_init(&t->tlb_lock);
    t->pending_pages = g_array_new(false, false, sizeof(TLBPendingPage));
    for (int i = 0; i < NB_MMU_MODES; i++) {
        cpu->neg->tlb_fast[i].mask = (uintptr_t)(CPU_TLB_SIZE - 1)
                                     << CPU_TLB_ENTRY_BITS;
        cpu->neg->tlb_fast[i].table = t->tlb[i].table;
        tlb_flush_idx_locked(&t->tlb[i]);
    }
}

/* ---- Flushing ---- */

static void flush_local(CPUState *cpu, uint16_t idxmap)
{
    AccelCPUState *t = tcg_cpu(cpu);

    g_mutex_lock(&t->tlb_lock);
    /* Tables not filled since their last flush are still empty. */
    idxmap &= t->tlb_used;
    t->tlb_used &= ~idxmap;
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1u << i)) {
            tlb_flush_idx_locked(&t->tlb[i]);
        }
    }
    g_mutex_unlock(&t->tlb_lock);
    tb_jmp_cache_clear(cpu);
}

static void flush_nonglobal_local(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);

    g_mutex_lock(&t->tlb_lock);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &t->tlb[i];

        if (!(t->tlb_used & (1u << i))) {
            continue;
        }
        for (uint32_t j = 0; j < CPU_TLB_SIZE; j++) {
            if (!(d->full[j].prot & PAGE_GLOBAL)) {
                memset(&d->table[j], -1, sizeof(d->table[j]));
            }
        }
    }
    g_mutex_unlock(&t->tlb_lock);
    tb_jmp_cache_clear_nonglobal(cpu);
}

static bool entry_maps(const CPUTLBEntry *e, uint64_t page)
{
    uint64_t m = TARGET_PAGE_MASK | TLB_INVALID_MASK;

    return (e->addr_read & m) == page || (e->addr_write & m) == page ||
           (e->addr_code & m) == page;
}

static void flush_page_local(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    AccelCPUState *t = tcg_cpu(cpu);
    uint64_t page = addr & TARGET_PAGE_MASK;
    bool large = false;

    g_mutex_lock(&t->tlb_lock);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &t->tlb[i];
        CPUTLBEntry *e = &d->table[tlb_index(page)];

        if (!(idxmap & (1u << i))) {
            continue;
        }
        if ((page & d->large_page_mask) == d->large_page_addr) {
            tlb_flush_idx_locked(d);    /* inside a large page: all of it */
            large = true;
        } else if (entry_maps(e, page)) {
            memset(e, -1, sizeof(*e));
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

    if (mask) {
        flush_local(cpu, mask);
    }
    g_mutex_lock(&t->tlb_lock);
    if (t->pending_pages->len) {
        pages = g_array_copy(t->pending_pages);
        g_array_set_size(t->pending_pages, 0);
    }
    g_mutex_unlock(&t->tlb_lock);
    for (guint i = 0; pages && i < pages->len; i++) {
        TLBPendingPage *p = &g_array_index(pages, TLBPendingPage, i);

        flush_page_local(cpu, p->addr, p->idxmap);
    }
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

void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    AccelCPUState *t = tcg_cpu(cpu);
    CPUTLBDesc *d = &t->tlb[mmu_idx];
    uint64_t vpage = vaddr & TARGET_PAGE_MASK;
    FlatView *fv = address_space_get_flatview(cpu->as);
    hwaddr xlat, plen = TARGET_PAGE_SIZE;
    MemoryRegion *mr;
    CPUTLBEntryFull full = { .phys = paddr & TARGET_PAGE_MASK, .prot = prot };
    CPUTLBEntry e = { .addend = 0 };
    uint64_t flags = TLB_MMIO, wflags;
    uint32_t i = tlb_index(vpage);

    mr = flatview_translate(fv, full.phys, &xlat, &plen, false);
    full.mr = mr;
    full.xlat = xlat;
    if (mr && memory_region_is_ram(mr) && mr->ram_block &&
        plen >= TARGET_PAGE_SIZE && !(xlat & ~TARGET_PAGE_MASK)) {
        full.rb = mr->ram_block;
        flags = 0;
        e.addend = (uintptr_t)memory_region_get_ram_ptr(mr) + xlat - vpage;
    }
    flatview_unref(fv);

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
    d->table[i] = e;
    d->full[i] = full;
    g_mutex_unlock(&t->tlb_lock);
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
            for (uint32_t i = 0; i < CPU_TLB_SIZE; i++) {
                CPUTLBEntry *e = &t->tlb[m].table[i];
                CPUTLBEntryFull *f = &t->tlb[m].full[i];

                if (!(e->addr_write & TLB_FLAGS_MASK) && f->rb == rb &&
                    (f->xlat & TARGET_PAGE_MASK) == offset) {
                    __atomic_or_fetch(&e->addr_write, TLB_NOTDIRTY,
                                      __ATOMIC_RELAXED);
                }
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

/* The entry for addr, filled if needed; false only when a probe failed. */
static bool tlb_lookup(CPUState *cpu, uint64_t addr, int size,
                       MMUAccessType type, int mmu_idx, bool probe,
                       uintptr_t ra, CPUTLBEntry **pe, CPUTLBEntryFull **pf)
{
    CPUTLBDesc *d = &tcg_cpu(cpu)->tlb[mmu_idx];
    uint32_t i = tlb_index(addr);

    if (!tlb_hit(tlb_cmp(&d->table[i], type), addr)) {
        if (!cpu_tcg_ops(cpu)->tlb_fill(cpu, addr, size, type, mmu_idx,
                                        probe, ra)) {
            return false;
        }
        /* tlb_fill installed the page with this access allowed. */
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
    uint32_t i = tlb_index(addr);

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
