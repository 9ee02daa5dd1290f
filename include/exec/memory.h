/*
 * Memory API: a tree of MemoryRegions (RAM, ROM, MMIO, alias, container)
 * rooted in an AddressSpace, flattened into a sorted FlatView of ranges.
 *
 * Sizes: a region size of UINT64_MAX means 2^64 (a whole address space),
 * as in QEMU; the same rule applies to MemoryRegionSection.size.
 *
 * Threads: map changes (init, add/del subregion, enable, move, set_log)
 * happen under the global device lock.  Accesses (address_space_read/write,
 * translate, map) may run on any thread: they take a reference on the
 * current FlatView, which a map change swaps atomically.  Regions are owned
 * by their device or board and must outlive every view that maps them.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "kemu/error.h"

typedef uint64_t hwaddr;
#define HWADDR_PRIx PRIx64

/* Results are bit flags so that the parts of a split access can be OR-ed. */
typedef uint32_t MemTxResult;
#define MEMTX_OK            0
#define MEMTX_ERROR         (1U << 0)   /* the device reported an error */
#define MEMTX_DECODE_ERROR  (1U << 1)   /* nothing there, or access refused */

#define KEMU_PAGE_BITS 12
#define KEMU_PAGE_SIZE (1ULL << KEMU_PAGE_BITS)

enum device_endian {
    DEVICE_NATIVE_ENDIAN,   /* the guest's: see memory_set_target_big_endian */
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
};

/* Dirty-memory clients: one bitmap each per RAM block. */
enum {
    DIRTY_MEMORY_VGA,
    DIRTY_MEMORY_CODE,
    DIRTY_MEMORY_MIGRATION,
    DIRTY_MEMORY_NUM,
};

typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t val, unsigned size);
    enum device_endian endianness;
    /*
     * What the guest may do.  Zero sizes default to 1 (min) and 4 (max).
     * Wider accesses are split into max_access_size pieces; narrower ones,
     * and accesses that are unaligned while unaligned is false, are refused.
     */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } valid;
    /*
     * What the callbacks implement.  Zero sizes default to 1 and 4.
     * Accesses are carried out as impl-sized, impl-aligned callback calls
     * (ascending addresses); a write that covers only part of such a unit
     * reads the unit first (read-modify-write).
     */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
} MemoryRegionOps;

typedef enum MemoryRegionKind {
    MR_KIND_CONTAINER,
    MR_KIND_RAM,
    MR_KIND_ROM,
    MR_KIND_IO,
    MR_KIND_ALIAS,
} MemoryRegionKind;

typedef struct RAMBlock RAMBlock;
typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct EventNotifier EventNotifier;

/* Embed in the owning device's state; fields are private to system/. */
struct MemoryRegion {
    MemoryRegionKind kind;
    char *name;
    char *owner;
    uint64_t size;
    bool enabled;
    uint8_t dirty_log_mask;
    /* placement in the parent container */
    MemoryRegion *container;
    hwaddr addr;
    int priority;
    GList *subregions;          /* highest priority first */
    /* MR_KIND_IO */
    const MemoryRegionOps *ops;
    void *opaque;
    /* MR_KIND_RAM, MR_KIND_ROM */
    RAMBlock *ram_block;
    /* MR_KIND_ALIAS */
    MemoryRegion *alias;
    hwaddr alias_offset;
    /* MR_KIND_IO: MemoryRegionIoeventfd, see memory_region_add_eventfd */
    GArray *ioeventfds;
};

/* A piece of a flat view, as listeners and translate see it. */
typedef struct MemoryRegionSection {
    MemoryRegion *mr;                   /* a leaf: RAM, ROM or I/O */
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    uint64_t size;
    bool readonly;
} MemoryRegionSection;

typedef struct MemoryListener MemoryListener;
struct MemoryListener {
    /* Around every view rebuild (and replay) of the address space. */
    void (*begin)(MemoryListener *l);
    void (*commit)(MemoryListener *l);
    void (*region_add)(MemoryListener *l, MemoryRegionSection *s);
    void (*region_del)(MemoryListener *l, MemoryRegionSection *s);
    void (*region_nop)(MemoryListener *l, MemoryRegionSection *s);
    /* A surviving section whose dirty-log client mask changed. */
    void (*log_start)(MemoryListener *l, MemoryRegionSection *s,
                      int old_mask, int new_mask);
    void (*log_stop)(MemoryListener *l, MemoryRegionSection *s,
                     int old_mask, int new_mask);
    /*
     * An ioeventfd entering or leaving the map: a write of s->size bytes
     * at s->offset_within_address_space (of value data if match_data)
     * sets e.  KVM hands these to the kernel, so such writes never come
     * back to userspace; the memory core matches the ones that do.
     */
    void (*eventfd_add)(MemoryListener *l, MemoryRegionSection *s,
                        bool match_data, uint64_t data, EventNotifier *e);
    void (*eventfd_del)(MemoryListener *l, MemoryRegionSection *s,
                        bool match_data, uint64_t data, EventNotifier *e);
    /* Lower priority hears region_add first and region_del last. */
    int priority;
    /* private */
    AddressSpace *as;
};

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    /* private */
    FlatView *current_map;      /* swapped under map_lock */
    GMutex map_lock;
    uint64_t map_gen;           /* current_map's generation (atomic) */
    GPtrArray *listeners;       /* sorted by priority */
    GArray *ioeventfds;         /* placed ones, as listeners last heard */
    bool unassigned_ones;
};

/* Region set-up.  owner names the device or board (may be NULL). */
void memory_region_init(MemoryRegion *mr, const char *owner,
                        const char *name, uint64_t size);
void memory_region_init_io(MemoryRegion *mr, const char *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* Anonymous host memory rounded up to whole pages; fails on ENOMEM. */
bool memory_region_init_ram(MemoryRegion *mr, const char *owner,
                            const char *name, uint64_t size, Error **errp);
/*
 * Where and how a board's main RAM gets its host memory: QEMU's
 * -mem-path, -mem-prealloc and -machine mem-merge.
 */
typedef struct RAMBackendOptions {
    const char *mem_path;       /* a directory (unlinked file) or a file */
    bool prealloc;              /* populate every page now, or fail */
    bool merge;                 /* MADV_MERGEABLE (KSM) */
} RAMBackendOptions;
bool memory_region_init_ram_backed(MemoryRegion *mr, const char *owner,
                                   const char *name, uint64_t size,
                                   const RAMBackendOptions *opts,
                                   Error **errp);
/* RAM the guest can only read; fill it with address_space_write_rom. */
bool memory_region_init_rom(MemoryRegion *mr, const char *owner,
                            const char *name, uint64_t size, Error **errp);
/* A window of size bytes onto orig, starting at offset in orig. */
void memory_region_init_alias(MemoryRegion *mr, const char *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);
/* Free what init allocated; mr must not be mapped. */
void memory_region_finalize(MemoryRegion *mr);

/* Map child at offset in parent with priority 0. */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *child);
/*
 * Map child with a priority: where children overlap the higher priority
 * wins; with equal priority the one added last wins.
 */
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *child, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move mr to a new offset within its parent. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);

/*
 * ioeventfds: a guest write of size bytes (1, 2, 4 or 8) at addr in the
 * I/O region mr, whose value (in the region's byte order) is data or,
 * without match_data, anything, sets e instead of calling ops->write.
 * Whoever watches e then does the write's work, asynchronously: only for
 * doorbells such as virtio queue notifications.  Under KVM the write
 * never leaves the kernel.  del takes the same arguments as add.
 */
void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);
void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);

const char *memory_region_name(const MemoryRegion *mr);
const char *memory_region_owner(const MemoryRegion *mr);
uint64_t memory_region_size(const MemoryRegion *mr);
bool memory_region_is_ram(const MemoryRegion *mr);     /* RAM or ROM */
bool memory_region_is_rom(const MemoryRegion *mr);
/* Host pointer to offset 0 of a RAM/ROM region (aliases resolved), or NULL. */
void *memory_region_get_ram_ptr(MemoryRegion *mr);

/* Batch map changes: views are rebuilt once, at the outermost commit. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* Guest endianness for DEVICE_NATIVE_ENDIAN regions (default little). */
void memory_set_target_big_endian(bool big);
bool memory_target_big_endian(void);

/* Address spaces */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);
/* Unassigned reads return 0 by default; all-ones for x86 port I/O. */
void address_space_set_unassigned_ones(AddressSpace *as, bool ones);

MemoryRegion *get_system_memory(void);  /* "system", 2^64 bytes */
MemoryRegion *get_system_io(void);      /* "io", 64 KiB of x86 ports */
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;

/* Views: reference-counted snapshots of an address space's map. */
FlatView *address_space_get_flatview(AddressSpace *as);
void flatview_unref(FlatView *fv);
/*
 * The leaf region at addr and the offset in it (*xlat); *plen is cut to
 * the end of that range.  NULL when nothing is mapped there (*plen is cut
 * to the next mapped range).
 */
MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen, bool is_write);
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write);

/*
 * Byte-buffer accesses.  Parts that reach no region read as 0 (or all-ones,
 * see address_space_set_unassigned_ones), are logged as guest errors and
 * give MEMTX_DECODE_ERROR.  ROM writes are ignored and logged.
 */
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf,
                               hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                const void *buf, hwaddr len);
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf,
                             hwaddr len, bool is_write);
/* For loaders: writes RAM and ROM, skips I/O; gaps give DECODE_ERROR. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, hwaddr len);

/*
 * One guest access of a fixed size.  Unlike the buffer calls, an I/O access
 * wider than .valid.max_access_size or unaligned against .valid is refused
 * as a whole (reads give all-ones).  result may be NULL.
 */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxResult *r);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxResult *r);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxResult *r);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxResult *r);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxResult *r);

/*
 * Zero-copy DMA: a host pointer to guest RAM at addr, with *plen cut to the
 * contiguous RAM range there.  NULL (and *plen 0) for I/O, gaps, and for
 * writes to ROM.  Unmap with the length actually accessed (marks it dirty).
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/* Device DMA through an address space; bounds-checked like any access. */
static inline MemTxResult dma_memory_read(AddressSpace *as, hwaddr addr,
                                          void *buf, hwaddr len)
{
    return address_space_read(as, addr, buf, len);
}

static inline MemTxResult dma_memory_write(AddressSpace *as, hwaddr addr,
                                           const void *buf, hwaddr len)
{
    return address_space_write(as, addr, buf, len);
}

/* Listeners: register replays the current view as region_add. */
void memory_listener_register(MemoryListener *l, AddressSpace *as);
/*
 * Whether a listener (KVM's) takes as's ioeventfds out of the memory core.
 * Only then is an ioeventfd worth it: handled in the core, the doorbell
 * wakes the main loop, which costs a TCG vCPU more than the write.
 */
bool address_space_eventfds_offloaded(AddressSpace *as);
/* Sends region_del for every section of the current view. */
void memory_listener_unregister(MemoryListener *l);

/*
 * Dirty tracking (RAM/ROM regions, 4 KiB pages).  Writes through the
 * address space and memory_region_set_dirty mark pages dirty for every
 * client; set_log tells listeners (log_start/log_stop) which clients care.
 */
void memory_region_set_log(MemoryRegion *mr, bool log, unsigned client);
/* Clients logging mr, as a bit mask (e.g. KVM asks when adding a slot). */
uint8_t memory_region_get_dirty_log_mask(const MemoryRegion *mr);
void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size);
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client);
void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client);

typedef struct DirtyBitmapSnapshot DirtyBitmapSnapshot;
/* Copy then clear the client's dirty bits for [addr, addr + size). */
DirtyBitmapSnapshot *memory_region_snapshot_and_clear_dirty(MemoryRegion *mr,
                                                            hwaddr addr,
                                                            hwaddr size,
                                                            unsigned client);
/* Whether any page of [addr, addr + size) was dirty in the snapshot. */
bool memory_region_snapshot_get_dirty(MemoryRegion *mr,
                                      DirtyBitmapSnapshot *snap,
                                      hwaddr addr, hwaddr size);
void dirty_bitmap_snapshot_free(DirtyBitmapSnapshot *snap);

/* "info mtree": every address space's region tree, QEMU style. */
void mtree_info(GString *out);

#endif
