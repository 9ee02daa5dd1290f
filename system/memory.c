/*
 * Memory API: region set-up and placement, transactions, address spaces
 * and the listeners that hear about their map changes.
 *
 * Every map change runs inside a transaction; the outermost commit
 * rebuilds the flat view of every address space once, swaps it in under
 * the space's map_lock (readers take a reference under the same lock, so
 * a view is freed only when its last reader drops it), and tells the
 * listeners what changed.  Each view made current gets a new generation,
 * which lets memory-access.c cache a RAM range without a reference.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/memory-internal.h"

static unsigned transaction_depth;
static bool update_pending;
static GList *address_spaces;
static bool target_big_endian;

static MemoryRegion system_memory;
static MemoryRegion system_io;
AddressSpace address_space_memory;
AddressSpace address_space_io;

GList *address_space_list(void)
{
    return address_spaces;
}

void memory_set_target_big_endian(bool big)
{
    target_big_endian = big;
}

bool memory_target_big_endian(void)
{
    return target_big_endian;
}

/* Regions */

void memory_region_init(MemoryRegion *mr, const char *owner,
                        const char *name, uint64_t size)
{
    *mr = (MemoryRegion) {
        .kind = MR_KIND_CONTAINER,
        .name = g_strdup(name),
        .owner = g_strdup(owner),
        .size = size,
        .enabled = true,
    };
}

void memory_region_init_io(MemoryRegion *mr, const char *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    assert(ops && ops->read && ops->write);
    memory_region_init(mr, owner, name, size);
    mr->kind = MR_KIND_IO;
    mr->ops = ops;
    mr->opaque = opaque;
}

static bool init_ram_kind(MemoryRegion *mr, MemoryRegionKind kind,
                          const char *owner, const char *name, uint64_t size,
                          const RAMBackendOptions *opts, Error **errp)
{
    memory_region_init(mr, owner, name, size);
    mr->kind = kind;
    mr->ram_block = ram_block_new(mr, size, opts, errp);
    if (!mr->ram_block) {
        memory_region_finalize(mr);
        return false;
    }
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, const char *owner,
                            const char *name, uint64_t size, Error **errp)
{
    return init_ram_kind(mr, MR_KIND_RAM, owner, name, size, NULL, errp);
}

bool memory_region_init_ram_backed(MemoryRegion *mr, const char *owner,
                                   const char *name, uint64_t size,
                                   const RAMBackendOptions *opts,
                                   Error **errp)
{
    return init_ram_kind(mr, MR_KIND_RAM, owner, name, size, opts, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, const char *owner,
                            const char *name, uint64_t size, Error **errp)
{
    return init_ram_kind(mr, MR_KIND_ROM, owner, name, size, NULL, errp);
}

void memory_region_init_alias(MemoryRegion *mr, const char *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    assert(orig);
    memory_region_init(mr, owner, name, size);
    mr->kind = MR_KIND_ALIAS;
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_finalize(MemoryRegion *mr)
{
    assert(!mr->container && !mr->subregions);
    if (mr->ram_block) {
        ram_block_free(mr->ram_block);
    }
    memory_region_free_ioeventfds(mr);
    g_free(mr->name);
    g_free(mr->owner);
    memset(mr, 0, sizeof(*mr));
}

/* Rebuild the views now, or at the end of the enclosing transaction. */
static void map_changed(void)
{
    memory_region_transaction_begin();
    update_pending = true;
    memory_region_transaction_commit();
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *child, int priority)
{
    GList *l;

    assert(parent->kind == MR_KIND_CONTAINER);
    assert(!child->container && child != parent);
    child->container = parent;
    child->addr = offset;
    child->priority = priority;
    /* Before the first child of lower or equal priority: newest wins ties. */
    for (l = parent->subregions; l; l = l->next) {
        if (priority >= ((MemoryRegion *)l->data)->priority) {
            break;
        }
    }
    parent->subregions = g_list_insert_before(parent->subregions, l, child);
    map_changed();
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *child)
{
    memory_region_add_subregion_overlap(parent, offset, child, 0);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child)
{
    assert(child->container == parent);
    parent->subregions = g_list_remove(parent->subregions, child);
    child->container = NULL;
    map_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        map_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr != addr) {
        mr->addr = addr;
        if (mr->container) {
            map_changed();
        }
    }
}

void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    MemoryRegionIoeventfd fd = {
        .mr = mr, .addr = addr, .size = size,
        .match_data = match_data, .data = match_data ? data : 0, .e = e,
    };

    assert(mr->kind == MR_KIND_IO);
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    if (!mr->ioeventfds) {
        mr->ioeventfds = g_array_new(FALSE, FALSE, sizeof(fd));
    }
    g_array_append_val(mr->ioeventfds, fd);
    map_changed();
}

void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    for (guint i = 0; mr->ioeventfds && i < mr->ioeventfds->len; i++) {
        MemoryRegionIoeventfd *fd = &g_array_index(mr->ioeventfds,
                                                   MemoryRegionIoeventfd, i);

        if (fd->addr == addr && fd->size == size && fd->e == e &&
            fd->match_data == match_data &&
            (!match_data || fd->data == data)) {
            g_array_remove_index(mr->ioeventfds, i);
            map_changed();
            return;
        }
    }
    g_assert_not_reached();
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    assert(mr->kind == MR_KIND_ALIAS);
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        map_changed();
    }
}

void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client)
{
    uint8_t mask;

    assert(memory_region_is_ram(mr) && client < DIRTY_MEMORY_NUM);
    mask = log ? mr->dirty_log_mask | (1U << client)
               : mr->dirty_log_mask & ~(1U << client);
    if (mask != mr->dirty_log_mask) {
        mr->dirty_log_mask = mask;
        map_changed();
    }
}

uint8_t memory_region_get_dirty_log_mask(const MemoryRegion *mr)
{
    return mr->dirty_log_mask;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

const char *memory_region_owner(const MemoryRegion *mr)
{
    return mr->owner;
}

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->kind == MR_KIND_RAM || mr->kind == MR_KIND_ROM;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->kind == MR_KIND_ROM;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    while (mr->kind == MR_KIND_ALIAS) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    return memory_region_is_ram(mr) ? ram_block_host(mr->ram_block) + offset
                                    : NULL;
}

/* Listeners */

static void section_notify(AddressSpace *as, const FlatRange *fr, bool add)
{
    GPtrArray *ls = as->listeners;
    MemoryRegionSection s;

    flatrange_section(fr, &s);
    /* Low priority first for additions, last for removals. */
    for (guint k = 0; k < ls->len; k++) {
        MemoryListener *l = g_ptr_array_index(ls, add ? k : ls->len - 1 - k);

        if (add && l->region_add) {
            l->region_add(l, &s);
        } else if (!add && l->region_del) {
            l->region_del(l, &s);
        }
    }
}

static void section_nop(AddressSpace *as, const FlatRange *old,
                        const FlatRange *fr)
{
    MemoryRegionSection s;
    int was = old->dirty_log_mask, now = fr->dirty_log_mask;

    flatrange_section(fr, &s);
    for (guint k = 0; k < as->listeners->len; k++) {
        MemoryListener *l = g_ptr_array_index(as->listeners, k);

        if (l->region_nop) {
            l->region_nop(l, &s);
        }
        if ((now & ~was) && l->log_start) {
            l->log_start(l, &s, was, now);
        }
        if ((was & ~now) && l->log_stop) {
            l->log_stop(l, &s, was, now);
        }
    }
}

static void listeners_call(AddressSpace *as, bool begin)
{
    for (guint k = 0; k < as->listeners->len; k++) {
        MemoryListener *l = g_ptr_array_index(as->listeners, k);

        if (begin && l->begin) {
            l->begin(l);
        } else if (!begin && l->commit) {
            l->commit(l);
        }
    }
}

/*
 * Walk both sorted views: ranges only in the old one are deleted (first
 * pass), ranges only in the new one are added (second pass), so a listener
 * never sees two overlapping sections at once.
 */
static void views_diff(AddressSpace *as, FlatView *old, FlatView *new,
                       bool adding)
{
    guint i = 0, j = 0;

    while (i < flatview_nr(old) || j < flatview_nr(new)) {
        FlatRange *o = i < flatview_nr(old) ? flatview_range(old, i) : NULL;
        FlatRange *n = j < flatview_nr(new) ? flatview_range(new, j) : NULL;

        if (o && n && flatrange_equal(o, n)) {
            if (adding) {
                section_nop(as, o, n);
            }
            i++;
            j++;
        } else if (o && (!n || o->addr <= n->addr)) {
            if (!adding) {
                section_notify(as, o, false);
            }
            i++;
        } else {
            if (adding) {
                section_notify(as, n, true);
            }
            j++;
        }
    }
}

/* Make fv current (map_lock held); returns the view it replaces. */
static FlatView *install_view(AddressSpace *as, FlatView *fv)
{
    static uint64_t view_gen;
    FlatView *old = as->current_map;

    fv->gen = __atomic_add_fetch(&view_gen, 1, __ATOMIC_RELAXED);
    as->current_map = fv;
    __atomic_store_n(&as->map_gen, fv->gen, __ATOMIC_RELEASE);
    return old;
}

static void address_space_update(AddressSpace *as)
{
    FlatView *new = flatview_build(as->root), *old;

    g_mutex_lock(&as->map_lock);
    old = install_view(as, new);
    g_mutex_unlock(&as->map_lock);

    listeners_call(as, true);
    views_diff(as, old, new, false);
    views_diff(as, old, new, true);
    address_space_update_ioeventfds(as, new);
    listeners_call(as, false);
    flatview_unref(old);
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    assert(transaction_depth > 0);
    if (--transaction_depth == 0 && update_pending) {
        update_pending = false;
        for (GList *l = address_spaces; l; l = l->next) {
            address_space_update(l->data);
        }
    }
}

bool address_space_eventfds_offloaded(AddressSpace *as)
{
    for (guint k = 0; k < as->listeners->len; k++) {
        if (((MemoryListener *)g_ptr_array_index(as->listeners,
                                                 k))->eventfd_add) {
            return true;
        }
    }
    return false;
}

void memory_listener_register(MemoryListener *l, AddressSpace *as)
{
    FlatView *fv = address_space_get_flatview(as);
    guint k = 0;

    assert(!l->as);
    l->as = as;
    while (k < as->listeners->len &&
           ((MemoryListener *)g_ptr_array_index(as->listeners, k))->priority
               <= l->priority) {
        k++;
    }
    g_ptr_array_insert(as->listeners, k, l);

    if (l->begin) {
        l->begin(l);
    }
    for (guint i = 0; l->region_add && i < flatview_nr(fv); i++) {
        MemoryRegionSection s;

        flatrange_section(flatview_range(fv, i), &s);
        l->region_add(l, &s);
    }
    address_space_replay_ioeventfds(as, l, true);
    if (l->commit) {
        l->commit(l);
    }
    flatview_unref(fv);
}

void memory_listener_unregister(MemoryListener *l)
{
    AddressSpace *as = l->as;
    FlatView *fv;

    if (!as) {
        return;
    }
    fv = address_space_get_flatview(as);
    if (l->begin) {
        l->begin(l);
    }
    address_space_replay_ioeventfds(as, l, false);
    for (guint i = flatview_nr(fv); l->region_del && i > 0; i--) {
        MemoryRegionSection s;

        flatrange_section(flatview_range(fv, i - 1), &s);
        l->region_del(l, &s);
    }
    if (l->commit) {
        l->commit(l);
    }
    flatview_unref(fv);
    g_ptr_array_remove(as->listeners, l);
    l->as = NULL;
}

/* Address spaces */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    *as = (AddressSpace) {
        .name = g_strdup(name),
        .root = root,
        .listeners = g_ptr_array_new(),
        .ioeventfds = g_array_new(FALSE, FALSE,
                                  sizeof(MemoryRegionIoeventfd)),
    };
    g_mutex_init(&as->map_lock);
    install_view(as, flatview_build(root));
    address_spaces = g_list_append(address_spaces, as);
}

void address_space_destroy(AddressSpace *as)
{
    assert(as->listeners->len == 0);
    address_spaces = g_list_remove(address_spaces, as);
    flatview_unref(as->current_map);
    g_ptr_array_free(as->listeners, TRUE);
    g_array_free(as->ioeventfds, TRUE);
    g_mutex_clear(&as->map_lock);
    g_free(as->name);
    memset(as, 0, sizeof(*as));
}

void address_space_set_unassigned_ones(AddressSpace *as, bool ones)
{
    as->unassigned_ones = ones;
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    FlatView *fv;

    g_mutex_lock(&as->map_lock);
    fv = flatview_ref(as->current_map);
    g_mutex_unlock(&as->map_lock);
    return fv;
}

MemoryRegion *get_system_memory(void)
{
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    return &system_io;
}

/* The two global spaces exist before main() so any code may use them. */
static void __attribute__((constructor)) memory_map_init(void)
{
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, &system_memory, "memory");
    memory_region_init(&system_io, NULL, "io", 0x10000);
    address_space_init(&address_space_io, &system_io, "I/O");
    /* Nothing answers on an x86 port: the bus floats high. */
    address_space_set_unassigned_ones(&address_space_io, true);
}
