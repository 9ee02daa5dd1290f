/*
 * Flattening: a region tree becomes a FlatView, a sorted array of disjoint
 * ranges each pointing at a leaf region (RAM, ROM or I/O).
 *
 * Children are rendered highest priority first; a leaf only fills the
 * addresses nothing rendered before it has taken.  Windows are tracked in
 * each region's own offsets, so aliases that point "backwards" never need
 * negative addresses.
 */
#include "kemu/osdep.h"
#include "exec/memory-internal.h"

static void render_region(GArray *out, MemoryRegion *mr, hwaddr start,
                          hwaddr lo, hwaddr hi, bool readonly);

guint flatview_lower_bound(FlatView *fv, hwaddr addr)
{
    guint lo = 0, hi = flatview_nr(fv);

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;

        if (flatview_range(fv, mid)->last < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

FlatRange *flatview_lookup(FlatView *fv, hwaddr addr)
{
    guint i = flatview_lower_bound(fv, addr);
    FlatRange *fr;

    if (i == flatview_nr(fv)) {
        return NULL;
    }
    fr = flatview_range(fv, i);
    return fr->addr <= addr ? fr : NULL;
}

/* Same lower bound as flatview_lower_bound, on the array being built. */
static guint ranges_lower_bound(GArray *ranges, hwaddr addr)
{
    FlatView tmp = { .ranges = ranges };

    return flatview_lower_bound(&tmp, addr);
}

/*
 * Map leaf mr at addresses [a, b] (offset `offset` at a) wherever those
 * addresses are still free.
 */
static void insert_leaf(GArray *out, MemoryRegion *mr, hwaddr a, hwaddr b,
                        hwaddr offset, bool readonly)
{
    hwaddr first = a;
    guint i = ranges_lower_bound(out, a);

    for (;;) {
        FlatRange *next = i < out->len ? &g_array_index(out, FlatRange, i)
                                       : NULL;
        FlatRange fr;

        if (next && next->addr <= a) {
            /* Taken by a higher-priority region: skip past it. */
            if (next->last >= b) {
                return;
            }
            a = next->last + 1;
            i++;
            continue;
        }
        fr = (FlatRange) {
            .mr = mr,
            .offset_in_region = offset + (a - first),
            .addr = a,
            .last = next && next->addr <= b ? next->addr - 1 : b,
            .readonly = readonly,
            .dirty_log_mask = mr->dirty_log_mask,
        };
        g_array_insert_val(out, i, fr);
        if (fr.last == b) {
            return;
        }
        a = fr.last + 1;
        i++;
    }
}

/* Render child, placed at child->addr in a parent showing [lo, hi]. */
static void render_child(GArray *out, MemoryRegion *child, hwaddr start,
                         hwaddr lo, hwaddr hi, bool readonly)
{
    hwaddr last, clo, chi;

    if (!memory_region_last(child, &last) || hi < child->addr) {
        return;
    }
    clo = lo > child->addr ? lo - child->addr : 0;
    chi = MIN(hi - child->addr, last);
    if (clo <= chi) {
        render_region(out, child, start + child->addr, clo, chi, readonly);
    }
}

static void render_alias(GArray *out, MemoryRegion *mr, hwaddr start,
                         hwaddr lo, hwaddr hi, bool readonly)
{
    MemoryRegion *target = mr->alias;
    hwaddr tlo = lo + mr->alias_offset;
    hwaddr thi = hi + mr->alias_offset;
    hwaddr last;

    if (!memory_region_last(target, &last) || tlo < lo || tlo > last) {
        return;
    }
    if (thi < hi || thi > last) {
        thi = last;
    }
    render_region(out, target, start - mr->alias_offset, tlo, thi, readonly);
}

/*
 * Render the offsets [lo, hi] of mr, whose offset 0 sits at address start
 * (modulo 2^64; start + lo .. start + hi never wraps).
 */
static void render_region(GArray *out, MemoryRegion *mr, hwaddr start,
                          hwaddr lo, hwaddr hi, bool readonly)
{
    if (!mr->enabled) {
        return;
    }
    switch (mr->kind) {
    case MR_KIND_CONTAINER:
        for (GList *l = mr->subregions; l; l = l->next) {
            render_child(out, l->data, start, lo, hi, readonly);
        }
        break;
    case MR_KIND_ALIAS:
        render_alias(out, mr, start, lo, hi, readonly);
        break;
    case MR_KIND_ROM:
        insert_leaf(out, mr, start + lo, start + hi, lo, true);
        break;
    case MR_KIND_RAM:
    case MR_KIND_IO:
        insert_leaf(out, mr, start + lo, start + hi, lo, readonly);
        break;
    }
}

static bool can_merge(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && a->last + 1 == b->addr && a->last != UINT64_MAX &&
           a->offset_in_region + (a->last - a->addr) + 1 ==
               b->offset_in_region &&
           a->readonly == b->readonly &&
           a->dirty_log_mask == b->dirty_log_mask;
}

/* Join neighbours that continue the same region (e.g. split by a hole). */
static void simplify(GArray *ranges)
{
    guint out = 0;

    for (guint i = 0; i < ranges->len; i++) {
        FlatRange *cur = &g_array_index(ranges, FlatRange, i);
        FlatRange *prev = out ? &g_array_index(ranges, FlatRange, out - 1)
                              : NULL;

        if (prev && can_merge(prev, cur)) {
            prev->last = cur->last;
        } else {
            g_array_index(ranges, FlatRange, out++) = *cur;
        }
    }
    g_array_set_size(ranges, out);
}

FlatView *flatview_build(MemoryRegion *root)
{
    FlatView *fv = g_new0(FlatView, 1);
    hwaddr last;

    fv->ref = 1;
    fv->ranges = g_array_new(FALSE, FALSE, sizeof(FlatRange));
    if (root && memory_region_last(root, &last)) {
        render_region(fv->ranges, root, 0, 0, last, false);
        simplify(fv->ranges);
    }
    return fv;
}

FlatView *flatview_ref(FlatView *fv)
{
    g_atomic_int_inc(&fv->ref);
    return fv;
}

void flatview_unref(FlatView *fv)
{
    if (g_atomic_int_dec_and_test(&fv->ref)) {
        g_array_free(fv->ranges, TRUE);
        g_free(fv);
    }
}

bool flatrange_equal(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && a->addr == b->addr && a->last == b->last &&
           a->offset_in_region == b->offset_in_region &&
           a->readonly == b->readonly;
}

void flatrange_section(const FlatRange *fr, MemoryRegionSection *s)
{
    *s = (MemoryRegionSection) {
        .mr = fr->mr,
        .offset_within_region = fr->offset_in_region,
        .offset_within_address_space = fr->addr,
        /* 2^64 does not fit: UINT64_MAX stands for it, as for regions */
        .size = fr->last - fr->addr + 1 ? fr->last - fr->addr + 1
                                        : UINT64_MAX,
        .readonly = fr->readonly,
    };
}

MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen, bool is_write)
{
    guint i = flatview_lower_bound(fv, addr);
    FlatRange *fr = i < flatview_nr(fv) ? flatview_range(fv, i) : NULL;

    if (!fr || fr->addr > addr) {
        /* A hole: report how far it reaches. */
        if (fr && fr->addr - addr < *plen) {
            *plen = fr->addr - addr;
        }
        *xlat = 0;
        return NULL;
    }
    if (*plen && fr->last - addr < *plen - 1) {
        *plen = fr->last - addr + 1;
    }
    *xlat = fr->offset_in_region + (addr - fr->addr);
    return fr->mr;
}
