/*
 * The TB cache: the hash table of TBs, the RAM pages that hold their code
 * (self-modifying code), direct chaining and invalidation.
 *
 * One lock (tb_lock) guards all of it.  TBs are never freed until a flush,
 * which runs with every vCPU outside translated code, so a vCPU may keep
 * using a TB pointer it read from its jump cache after the TB was dropped:
 * it only checks CF_INVALID.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/memory-internal.h"
#include "internal.h"

/* A RAM page holding code: its TBs, and the generation of its last write. */
typedef struct PageDesc {
    RAMBlock *rb;
    hwaddr offset;
    GPtrArray *tbs;
    uint64_t gen;
} PageDesc;

static GMutex tb_lock;
static GHashTable *tb_htable;       /* TB set keyed on the lookup fields */
static GHashTable *code_pages;      /* host page address -> PageDesc */
static GTree *tb_by_code;           /* TBs by host code address */
static GPtrArray *all_tbs;          /* everything until the next flush */
static uint64_t page_gen;

#define TB_CFLAGS_KEY(c) ((c) & ~CF_INVALID)

static guint tb_hash(gconstpointer p)
{
    const TranslationBlock *tb = p;
    uint64_t h = tb->phys_pc * 0x9e3779b97f4a7c15ull;

    h ^= tb->pc ^ tb->cs_base ^ ((uint64_t)tb->flags << 32) ^
         TB_CFLAGS_KEY(tb->cflags);
    return h ^ (h >> 32);
}

static gboolean tb_equal(gconstpointer pa, gconstpointer pb)
{
    const TranslationBlock *a = pa, *b = pb;

    return a->phys_pc == b->phys_pc && a->pc == b->pc &&
           a->cs_base == b->cs_base && a->flags == b->flags &&
           TB_CFLAGS_KEY(a->cflags) == TB_CFLAGS_KEY(b->cflags);
}

static gint tb_code_cmp(gconstpointer pa, gconstpointer pb,
                        gpointer unused)
{
    const TranslationBlock *a = pa, *b = pb;
    uintptr_t ca = (uintptr_t)a->tc.code, cb = (uintptr_t)b->tc.code;

    return ca < cb ? -1 : ca > cb;
}

static void page_desc_free(gpointer p)
{
    PageDesc *pd = p;

    g_ptr_array_free(pd->tbs, true);
    g_free(pd);
}

/* A write through the memory API (DMA, loaders) reached a code page. */
static void code_write(RAMBlock *rb, hwaddr offset, hwaddr len)
{
    tb_invalidate_host_range(NULL, rb, offset, len, 0);
}

void tb_maint_init(void)
{
    ram_block_set_code_write_fn(code_write);
    tb_htable = g_hash_table_new(tb_hash, tb_equal);
    code_pages = g_hash_table_new_full(NULL, NULL, NULL, page_desc_free);
    tb_by_code = g_tree_new_full(tb_code_cmp, NULL, NULL, NULL);
    all_tbs = g_ptr_array_new_with_free_func(g_aligned_free);
}

TranslationBlock *tb_htable_lookup(uint64_t phys_pc, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags)
{
    TranslationBlock key = {
        .phys_pc = phys_pc, .pc = pc, .cs_base = cs_base,
        .flags = flags, .cflags = cflags,
    };
    TranslationBlock *tb;

    g_mutex_lock(&tb_lock);
    tb = g_hash_table_lookup(tb_htable, &key);
    g_mutex_unlock(&tb_lock);
    return tb;
}

static gint tb_code_search(gconstpointer key, gconstpointer data)
{
    const TranslationBlock *tb = key;
    uintptr_t pc = *(const uintptr_t *)data;
    uintptr_t start = (uintptr_t)tb->tc.code;

    if (pc < start) {
        return -1;
    }
    return pc >= start + tb->tc.size;
}

static TranslationBlock *find_by_host_pc_locked(uintptr_t host_pc)
{
    return g_tree_search(tb_by_code, tb_code_search, &host_pc);
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    TranslationBlock *tb;

    g_mutex_lock(&tb_lock);
    tb = find_by_host_pc_locked(host_pc);
    g_mutex_unlock(&tb_lock);
    return tb;
}

/* ---- Code pages ---- */

static PageDesc *page_find(uintptr_t host_page)
{
    return g_hash_table_lookup(code_pages, (gpointer)host_page);
}

static uintptr_t host_page_of(RAMBlock *rb, hwaddr offset)
{
    return (uintptr_t)ram_block_host(rb) + (offset & TARGET_PAGE_MASK);
}

void tb_protect_page(TranslationBlock *tb, int n, RAMBlock *rb,
                     hwaddr offset)
{
    uintptr_t host = host_page_of(rb, offset);
    bool created = false;
    PageDesc *pd;

    g_mutex_lock(&tb_lock);
    pd = page_find(host);
    if (!pd) {
        pd = g_new0(PageDesc, 1);
        pd->rb = rb;
        pd->offset = offset & TARGET_PAGE_MASK;
        pd->tbs = g_ptr_array_new();
        pd->gen = ++page_gen;
        g_hash_table_insert(code_pages, (gpointer)host, pd);
        ram_block_set_code_clean(rb, pd->offset, true);
        created = true;
    }
    tb->host_page[n] = host;
    tb->page_gen[n] = pd->gen;
    g_mutex_unlock(&tb_lock);
    if (created) {
        tlb_protect_code_all(rb, offset & TARGET_PAGE_MASK);
    }
}

/* Drop an empty page: writes to it no longer need the slow path. */
static void page_release_if_empty(uintptr_t host)
{
    PageDesc *pd = page_find(host);

    if (pd && pd->tbs->len == 0) {
        ram_block_set_code_clean(pd->rb, pd->offset, false);
        g_hash_table_remove(code_pages, (gpointer)host);
    }
}

TranslationBlock *tb_insert(TranslationBlock *tb)
{
    TranslationBlock *old;
    int npages = tb->host_page[1] ? 2 : 1;

    g_mutex_lock(&tb_lock);
    for (int i = 0; i < npages; i++) {
        PageDesc *pd = page_find(tb->host_page[i]);

        if (!pd || pd->gen != tb->page_gen[i]) {
            g_mutex_unlock(&tb_lock);
            tb_free(tb);
            return NULL;
        }
    }
    old = g_hash_table_lookup(tb_htable, tb);
    if (old) {
        /* Another vCPU translated it meanwhile: its code stays unused. */
        g_mutex_unlock(&tb_lock);
        tb_free(tb);
        return old;
    }
    g_hash_table_add(tb_htable, tb);
    for (int i = 0; i < npages; i++) {
        g_ptr_array_add(page_find(tb->host_page[i])->tbs, tb);
    }
    g_tree_insert(tb_by_code, tb, tb);
    g_ptr_array_add(all_tbs, tb);
    g_mutex_unlock(&tb_lock);
    return tb;
}

/* ---- Chaining ---- */

/* Patching needs a backend; threads that never translate have no tcg_ctx. */
static void tb_set_jmp(TranslationBlock *tb, int n, const void *target)
{
    TCGContext *saved = tcg_ctx;

    if (!saved) {
        tcg_set_context(tcg_parent_context());
    }
    tcg_tb_set_jmp_target(&tb->tc, n, target);
    tcg_set_context(saved);
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next)
{
    if (tb->tc.jmp_insn_offset[n] == UINT32_MAX) {
        return;
    }
    g_mutex_lock(&tb_lock);
    if (!(tb->cflags & CF_INVALID) && !(next->cflags & CF_INVALID) &&
        !tb->jmp_dest[n]) {
        tb->jmp_dest[n] = next;
        tb->jmp_list_next[n] = next->jmp_list_head;
        next->jmp_list_head = (uintptr_t)tb | n;
        tb_set_jmp(tb, n, next->tc.code);
        tcg_stat_inc(chains);
    }
    g_mutex_unlock(&tb_lock);
}

/* Remove (src | n) from dest's list of incoming jumps. */
static void jmp_list_remove(TranslationBlock *dest, TranslationBlock *src,
                            int n)
{
    uintptr_t *link = &dest->jmp_list_head;
    uintptr_t want = (uintptr_t)src | n;

    while (*link) {
        TranslationBlock *t = (TranslationBlock *)(*link & ~(uintptr_t)3);
        int tn = *link & 3;

        if (*link == want) {
            *link = t->jmp_list_next[tn];
            return;
        }
        link = &t->jmp_list_next[tn];
    }
}

static void tb_unchain(TranslationBlock *tb)
{
    uintptr_t link = tb->jmp_list_head;

    /* Incoming jumps go back to their unchained exits. */
    while (link) {
        TranslationBlock *src = (TranslationBlock *)(link & ~(uintptr_t)3);
        int n = link & 3;

        link = src->jmp_list_next[n];
        src->jmp_dest[n] = NULL;
        tb_set_jmp(src, n, NULL);
    }
    tb->jmp_list_head = 0;
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            jmp_list_remove(tb->jmp_dest[n], tb, n);
            tb->jmp_dest[n] = NULL;
        }
    }
}

/* ---- Invalidation ---- */

static void tb_invalidate_locked(TranslationBlock *tb)
{
    CPUState *cpu;

    g_atomic_int_or((gint *)&tb->cflags, CF_INVALID);
    g_hash_table_remove(tb_htable, tb);
    for (int i = 0; i < 2 && tb->host_page[i]; i++) {
        PageDesc *pd = page_find(tb->host_page[i]);

        if (pd) {
            g_ptr_array_remove_fast(pd->tbs, tb);
        }
    }
    tb_unchain(tb);
    CPU_FOREACH(cpu) {
        AccelCPUState *t = tcg_cpu(cpu);

        for (unsigned i = 0; t && i < TB_JMP_WAYS; i++) {
            uintptr_t *slot = &tb_jmp_cache_set(t, tb->pc)[i].tb;
            uintptr_t e = __atomic_load_n(slot, __ATOMIC_RELAXED);

            if (jmp_cache_tb(e) == tb) {
                __atomic_compare_exchange_n(slot, &e, 0, false,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED);
            }
        }
    }
    tcg_stat_inc(invalidations);
}

/* The part of host page `host` that tb's code covers, as page offsets. */
static bool tb_page_span(const TranslationBlock *tb, uintptr_t host,
                         hwaddr *start, hwaddr *end)
{
    hwaddr first = tb->phys_pc & ~TARGET_PAGE_MASK;
    hwaddr in_first = MIN(tb->size, TARGET_PAGE_SIZE - first);

    if (host == tb->host_page[0]) {
        *start = first;
        *end = first + in_first;
        return true;
    }
    if (host == tb->host_page[1]) {
        *start = 0;
        *end = tb->size - in_first;
        return true;
    }
    return false;
}

/* Invalidate what overlaps [start, end) of one page; true: hit current. */
static bool invalidate_page_range(uintptr_t host, hwaddr start, hwaddr end,
                                  TranslationBlock *current)
{
    PageDesc *pd = page_find(host);
    g_autoptr(GPtrArray) tbs = NULL;
    bool hit = false;

    if (!pd) {
        return false;
    }
    pd->gen = ++page_gen;
    tbs = g_ptr_array_copy(pd->tbs, NULL, NULL);
    for (guint i = 0; i < tbs->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(tbs, i);
        hwaddr s, e;

        if (tb_page_span(tb, host, &s, &e) && s < end && start < e) {
            hit |= tb == current;
            tb_invalidate_locked(tb);
        }
    }
    page_release_if_empty(host);
    return hit;
}

void tb_invalidate_host_range(CPUState *cpu, RAMBlock *rb, hwaddr offset,
                              hwaddr len, uintptr_t retaddr)
{
    TranslationBlock *current = NULL;
    hwaddr end = offset + len;
    bool hit = false;

    g_mutex_lock(&tb_lock);
    if (cpu && retaddr) {
        current = find_by_host_pc_locked(retaddr);
    }
    for (hwaddr page = offset & TARGET_PAGE_MASK; page < end;
         page += TARGET_PAGE_SIZE) {
        hwaddr s = MAX(offset, page) - page;
        hwaddr e = MIN(end, page + TARGET_PAGE_SIZE) - page;

        hit |= invalidate_page_range(host_page_of(rb, page), s, e, current);
    }
    g_mutex_unlock(&tb_lock);
    if (hit) {
        /* Re-run the writing insn alone, then translate what follows. */
        cpu_restore_state(cpu, retaddr);
        tcg_cpu(cpu)->cflags_next_tb = 1 | CF_NO_GOTO_TB;
        cpu_loop_exit_noexc(cpu);
    }
}

/* A new generation: every entry stored so far is stale (jmp_cache_entry_tb). */
void tb_jmp_cache_clear(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);

    t->jmp_global_gen = ++t->jmp_gen;
}

/* Entries of global translations stay valid across this generation. */
void tb_jmp_cache_clear_nonglobal(CPUState *cpu)
{
    tcg_cpu(cpu)->jmp_gen++;
}

/* Forget the TBs of guest page `page` and of the page before (its TBs may
 * run into `page`). */
void tb_jmp_cache_clear_page(CPUState *cpu, uint64_t page)
{
    AccelCPUState *t = tcg_cpu(cpu);

    for (int k = 0; k < 2; k++) {
        uint64_t pc = page - k * TARGET_PAGE_SIZE;
        uint32_t first = tb_jmp_cache_hash(pc) & ~(TB_JMP_PAGE_SIZE - 1);

        for (guint i = 0; i < TB_JMP_PAGE_SIZE; i++) {
            __atomic_store_n(&t->jmp_cache[first + i].tb, 0,
                             __ATOMIC_RELAXED);
        }
    }
}

static gboolean page_mark_dirty(gpointer key, gpointer value, gpointer u)
{
    PageDesc *pd = value;

    ram_block_set_code_clean(pd->rb, pd->offset, false);
    return true;
}

void tb_maint_flush(void)
{
    CPUState *cpu;

    g_mutex_lock(&tb_lock);
    g_hash_table_foreach_remove(code_pages, page_mark_dirty, NULL);
    g_hash_table_remove_all(tb_htable);
    g_tree_destroy(tb_by_code);
    tb_by_code = g_tree_new_full(tb_code_cmp, NULL, NULL, NULL);
    g_ptr_array_set_size(all_tbs, 0);
    g_mutex_unlock(&tb_lock);
    /* The TBs are freed: no entry may keep a pointer to one. */
    CPU_FOREACH(cpu) {
        if (tcg_cpu(cpu)) {
            memset(tcg_cpu(cpu)->jmp_cache, 0,
                   sizeof(tcg_cpu(cpu)->jmp_cache));
        }
    }
}

void tb_invalidate_phys_range(CPUState *cpu, hwaddr addr, hwaddr len)
{
    while (len) {
        hwaddr off, l = len;
        MemoryRegion *mr = address_space_translate(cpu->as, addr, &off, &l,
                                                   true);

        if (mr && memory_region_is_ram(mr) && mr->ram_block) {
            tb_invalidate_host_range(NULL, mr->ram_block, off, l, 0);
        }
        if (l == 0) {
            break;
        }
        addr += l;
        len -= l;
    }
}
