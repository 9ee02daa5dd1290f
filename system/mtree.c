/*
 * "info mtree": each address space's region tree, in QEMU's layout:
 *
 *   address-space: memory
 *     0000000000000000-ffffffffffffffff (prio 0, i/o): system
 *       0000000000000000-0000000007ffffff (prio 0, ram): pc.ram
 *       00000000000a0000-00000000000bffff (prio 1, i/o): alias vga @vga.vram 0000000000000000-000000000001ffff
 */
#include "kemu/osdep.h"
#include "exec/memory-internal.h"

static const char *region_type(const MemoryRegion *mr)
{
    while (mr->kind == MR_KIND_ALIAS) {
        mr = mr->alias;
    }
    switch (mr->kind) {
    case MR_KIND_RAM:
        return "ram";
    case MR_KIND_ROM:
        return "rom";
    default:
        return "i/o";
    }
}

/* Children in address order; at one address, highest priority first. */
static gint child_order(gconstpointer pa, gconstpointer pb)
{
    const MemoryRegion *a = pa, *b = pb;

    if (a->addr != b->addr) {
        return a->addr < b->addr ? -1 : 1;
    }
    return b->priority - a->priority;
}

/* The inclusive end of size bytes from start (size 0 prints start - 1). */
static hwaddr end_of(hwaddr start, uint64_t size)
{
    return size == UINT64_MAX ? UINT64_MAX : start + size - 1;
}

static void print_region(GString *out, MemoryRegion *mr, hwaddr start,
                         int level)
{
    g_autoptr(GList) sorted = NULL;

    g_string_append_printf(out, "%*s%016" HWADDR_PRIx "-%016" HWADDR_PRIx
                           " (prio %d, %s): ", level * 2, "", start,
                           end_of(start, mr->size), mr->priority,
                           region_type(mr));
    if (mr->kind == MR_KIND_ALIAS) {
        g_string_append_printf(out, "alias %s @%s %016" HWADDR_PRIx
                               "-%016" HWADDR_PRIx, mr->name, mr->alias->name,
                               mr->alias_offset,
                               end_of(mr->alias_offset, mr->size));
    } else {
        g_string_append(out, mr->name);
    }
    g_string_append(out, mr->enabled ? "\n" : " [disabled]\n");

    sorted = g_list_sort(g_list_copy(mr->subregions), child_order);
    for (GList *l = sorted; l; l = l->next) {
        MemoryRegion *child = l->data;

        print_region(out, child, start + child->addr, level + 1);
    }
}

void mtree_info(GString *out)
{
    for (GList *l = address_space_list(); l; l = l->next) {
        AddressSpace *as = l->data;

        g_string_append_printf(out, "address-space: %s\n", as->name);
        if (as->root) {
            print_region(out, as->root, 0, 1);
        }
        g_string_append(out, "\n");
    }
}
