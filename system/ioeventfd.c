/*
 * ioeventfds in the memory core: matching a guest write against a region's
 * ioeventfds, and placing them in each address space's map so that
 * listeners (KVM) hear which address/size/value sets which notifier.
 */
#include "kemu/osdep.h"
#include "kemu/event-notifier.h"
#include "exec/memory-internal.h"

static bool ioeventfd_equal(const MemoryRegionIoeventfd *a,
                            const MemoryRegionIoeventfd *b)
{
    return a->mr == b->mr && a->addr == b->addr && a->size == b->size &&
           a->match_data == b->match_data &&
           (!a->match_data || a->data == b->data) && a->e == b->e;
}

EventNotifier *memory_region_ioeventfd_match(MemoryRegion *mr, hwaddr off,
                                             unsigned size, uint64_t val)
{
    GArray *fds = mr->ioeventfds;

    for (guint i = 0; fds && i < fds->len; i++) {
        MemoryRegionIoeventfd *fd = &g_array_index(fds,
                                                   MemoryRegionIoeventfd, i);

        if (fd->addr == off && fd->size == size &&
            (!fd->match_data || fd->data == val)) {
            return fd->e;
        }
    }
    return NULL;
}

/* Every ioeventfd wholly inside a range of fv, at its address there. */
static GArray *ioeventfds_placed(FlatView *fv)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(MemoryRegionIoeventfd));

    for (guint i = 0; i < flatview_nr(fv); i++) {
        const FlatRange *fr = flatview_range(fv, i);
        GArray *fds = fr->mr->ioeventfds;
        hwaddr lo = fr->offset_in_region;
        hwaddr hi = lo + (fr->last - fr->addr);

        for (guint k = 0; fds && k < fds->len; k++) {
            MemoryRegionIoeventfd fd = g_array_index(fds,
                                                     MemoryRegionIoeventfd, k);

            if (fd.addr >= lo && fd.addr + fd.size - 1 <= hi) {
                fd.addr = fr->addr + (fd.addr - lo);
                g_array_append_val(out, fd);
            }
        }
    }
    return out;
}

static bool ioeventfds_contain(GArray *fds, const MemoryRegionIoeventfd *fd)
{
    for (guint i = 0; i < fds->len; i++) {
        if (ioeventfd_equal(&g_array_index(fds, MemoryRegionIoeventfd, i),
                            fd)) {
            return true;
        }
    }
    return false;
}

static void ioeventfd_notify(MemoryListener *l, MemoryRegionIoeventfd *fd,
                             bool add)
{
    MemoryRegionSection s = {
        .mr = fd->mr,
        .offset_within_address_space = fd->addr,
        .size = fd->size,
    };

    if (add && l->eventfd_add) {
        l->eventfd_add(l, &s, fd->match_data, fd->data, fd->e);
    } else if (!add && l->eventfd_del) {
        l->eventfd_del(l, &s, fd->match_data, fd->data, fd->e);
    }
}

/* Tell every listener about the ioeventfds in from but not in to. */
static void ioeventfds_diff(AddressSpace *as, GArray *from, GArray *to,
                            bool add)
{
    for (guint i = 0; i < from->len; i++) {
        MemoryRegionIoeventfd *fd = &g_array_index(from,
                                                   MemoryRegionIoeventfd, i);

        if (ioeventfds_contain(to, fd)) {
            continue;
        }
        for (guint k = 0; k < as->listeners->len; k++) {
            ioeventfd_notify(g_ptr_array_index(as->listeners, k), fd, add);
        }
    }
}

void address_space_update_ioeventfds(AddressSpace *as, FlatView *fv)
{
    GArray *old = as->ioeventfds;
    GArray *new = ioeventfds_placed(fv);

    ioeventfds_diff(as, old, new, false);
    ioeventfds_diff(as, new, old, true);
    g_array_free(old, TRUE);
    as->ioeventfds = new;
}

void address_space_replay_ioeventfds(AddressSpace *as, MemoryListener *l,
                                     bool add)
{
    for (guint i = 0; i < as->ioeventfds->len; i++) {
        ioeventfd_notify(l, &g_array_index(as->ioeventfds,
                                           MemoryRegionIoeventfd, i), add);
    }
}

void memory_region_free_ioeventfds(MemoryRegion *mr)
{
    if (mr->ioeventfds) {
        g_array_free(mr->ioeventfds, TRUE);
        mr->ioeventfds = NULL;
    }
}
