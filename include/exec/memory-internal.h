/*
 * Memory API internals shared by system/memory.c, flatview.c,
 * memory-access.c, mtree.c and physmem.c.  Not for devices.
 */
#ifndef EXEC_MEMORY_INTERNAL_H
#define EXEC_MEMORY_INTERNAL_H

#include "exec/memory.h"

/* One piece of a flat view: addresses [addr, last] map to mr at offset. */
typedef struct FlatRange {
    MemoryRegion *mr;
    hwaddr offset_in_region;
    hwaddr addr;
    hwaddr last;                /* inclusive: a range may end at 2^64 - 1 */
    bool readonly;
    uint8_t dirty_log_mask;
} FlatRange;

struct FlatView {
    gint ref;
    GArray *ranges;             /* of FlatRange, sorted, disjoint */
    /* Unique over all address spaces, given when it becomes current. */
    uint64_t gen;
};

/* The last offset of mr (size UINT64_MAX means 2^64); false if size 0. */
static inline bool memory_region_last(const MemoryRegion *mr, hwaddr *last)
{
    if (mr->size == 0) {
        return false;
    }
    *last = mr->size == UINT64_MAX ? UINT64_MAX : mr->size - 1;
    return true;
}

static inline FlatRange *flatview_range(FlatView *fv, guint i)
{
    return &g_array_index(fv->ranges, FlatRange, i);
}

static inline guint flatview_nr(const FlatView *fv)
{
    return fv->ranges->len;
}

/* flatview.c */
FlatView *flatview_build(MemoryRegion *root);
FlatView *flatview_ref(FlatView *fv);
/* Index of the first range ending at or after addr (may be flatview_nr). */
guint flatview_lower_bound(FlatView *fv, hwaddr addr);
/* The range holding addr, or NULL. */
FlatRange *flatview_lookup(FlatView *fv, hwaddr addr);
bool flatrange_equal(const FlatRange *a, const FlatRange *b);
void flatrange_section(const FlatRange *fr, MemoryRegionSection *s);

/* memory.c */
GList *address_space_list(void);

/* ioeventfd.c */
typedef struct MemoryRegionIoeventfd {
    MemoryRegion *mr;
    hwaddr addr;                /* in mr, or in the address space if placed */
    unsigned size;
    bool match_data;
    uint64_t data;
    EventNotifier *e;
} MemoryRegionIoeventfd;

/* The notifier a write of size bytes of value val at off in mr sets. */
EventNotifier *memory_region_ioeventfd_match(MemoryRegion *mr, hwaddr off,
                                             unsigned size, uint64_t val);
/* After a view change: tell the listeners which ioeventfds moved. */
void address_space_update_ioeventfds(AddressSpace *as, FlatView *fv);
/* A listener (un)registering hears every placed ioeventfd. */
void address_space_replay_ioeventfds(AddressSpace *as, MemoryListener *l,
                                     bool add);
void memory_region_free_ioeventfds(MemoryRegion *mr);

/* physmem.c */
/* opts may be NULL: anonymous memory, allocated as the guest touches it. */
RAMBlock *ram_block_new(MemoryRegion *mr, uint64_t size,
                        const RAMBackendOptions *opts, Error **errp);
void ram_block_free(RAMBlock *rb);
uint8_t *ram_block_host(RAMBlock *rb);
/* The block holding host pointer ptr and the offset in it, or NULL. */
RAMBlock *ram_block_from_host(const void *ptr, hwaddr *offset);
void ram_block_set_dirty(RAMBlock *rb, hwaddr offset, hwaddr len);

/*
 * The DIRTY_MEMORY_CODE client belongs to TCG: a page holding translated
 * code is clean in it.  Once fn is set, a write through the memory API
 * (guest DMA, loaders, TCG's own slow path) to a range with a clean code
 * page calls fn instead of marking the code bit, and TCG marks the page
 * dirty itself when no code is left on it.
 */
typedef void RAMCodeWriteFn(RAMBlock *rb, hwaddr offset, hwaddr len);
void ram_block_set_code_write_fn(RAMCodeWriteFn *fn);
bool ram_block_code_clean(RAMBlock *rb, hwaddr offset);
void ram_block_set_code_clean(RAMBlock *rb, hwaddr offset, bool clean);

#endif
