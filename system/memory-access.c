/*
 * Dispatch: guest and device accesses through an address space.  RAM is
 * copied; I/O goes through the region's callbacks, cut to the sizes its
 * .valid and .impl rules allow; holes are logged and read as 0 or ~0.
 *
 * I/O callbacks run on the calling thread: accelerators call in with the
 * global device lock held.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "kemu/event-notifier.h"
#include "exec/memory-internal.h"

typedef enum AccessMode {
    ACCESS_BUFFER,      /* address_space_rw: split freely */
    ACCESS_EXACT,       /* ld/st helpers: one access of exactly len bytes */
    ACCESS_LOADER,      /* address_space_write_rom: RAM and ROM only */
} AccessMode;

static unsigned size_or(unsigned size, unsigned dflt)
{
    return size ? size : dflt;
}

static bool region_big_endian(const MemoryRegionOps *ops)
{
    return ops->endianness == DEVICE_BIG_ENDIAN ||
           (ops->endianness == DEVICE_NATIVE_ENDIAN &&
            memory_target_big_endian());
}

/* Byte k (in address order) of an n-byte value. */
static uint8_t value_byte(uint64_t v, unsigned n, unsigned k, bool big)
{
    return v >> (8 * (big ? n - 1 - k : k));
}

static uint64_t set_value_byte(uint64_t v, unsigned n, unsigned k, bool big,
                               uint8_t byte)
{
    unsigned shift = 8 * (big ? n - 1 - k : k);

    return (v & ~(0xffULL << shift)) | ((uint64_t)byte << shift);
}

/*
 * One valid access of size bytes at off, carried out as impl-sized units:
 * wider accesses become several calls, narrower ones one wider call (with
 * a read first when a write covers only part of the unit).
 */
static void io_dispatch(MemoryRegion *mr, hwaddr off, uint8_t *buf,
                        unsigned size, bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned unit = CLAMP(size, size_or(ops->impl.min_access_size, 1),
                          size_or(ops->impl.max_access_size, 4));
    bool big = region_big_endian(ops);
    hwaddr end = off + size;
    hwaddr c = ops->impl.unaligned ? off : off & ~(hwaddr)(unit - 1);

    for (; c < end; c += unit) {
        hwaddr lo = MAX(c, off), hi = MIN(c + unit, end);
        bool whole = lo == c && hi == c + unit;
        uint64_t v = 0;

        if (!is_write || !whole) {
            v = ops->read(mr->opaque, c, unit);
        }
        for (hwaddr x = lo; x < hi; x++) {
            if (is_write) {
                v = set_value_byte(v, unit, x - c, big, buf[x - off]);
            } else {
                buf[x - off] = value_byte(v, unit, x - c, big);
            }
        }
        if (is_write) {
            ops->write(mr->opaque, c, v, unit);
        }
    }
}

static MemTxResult io_refuse(MemoryRegion *mr, hwaddr off, uint8_t *buf,
                             hwaddr len, bool is_write)
{
    kemu_log_mask(LOG_GUEST_ERROR,
                  "invalid %s of %" PRIu64 " bytes at offset 0x%" HWADDR_PRIx
                  " of region '%s'\n", is_write ? "write" : "read",
                  (uint64_t)len, off, mr->name);
    if (!is_write) {
        memset(buf, 0xff, len);
    }
    return MEMTX_DECODE_ERROR;
}

/* Largest power of two not above n (n > 0). */
static hwaddr pow2_floor(hwaddr n)
{
    return 1ULL << (63 - __builtin_clzll(n));
}

static MemTxResult io_access(MemoryRegion *mr, hwaddr off, uint8_t *buf,
                             hwaddr len, bool is_write, bool exact)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned vmin = size_or(ops->valid.min_access_size, 1);
    unsigned vmax = size_or(ops->valid.max_access_size, 4);
    MemTxResult res = MEMTX_OK;

    if (exact && (len > vmax || (!ops->valid.unaligned && off % len))) {
        return io_refuse(mr, off, buf, len, is_write);
    }
    while (len) {
        hwaddr size = pow2_floor(MIN(len, vmax));

        if (!ops->valid.unaligned && off) {
            size = MIN(size, off & -off);
        }
        if (size < vmin) {
            res |= io_refuse(mr, off, buf, size, is_write);
        } else {
            io_dispatch(mr, off, buf, size, is_write);
        }
        off += size;
        buf += size;
        len -= size;
    }
    return res;
}

/* A write an ioeventfd takes: set its notifier instead of ops->write. */
static bool io_eventfd_write(MemoryRegion *mr, hwaddr off, const uint8_t *buf,
                             hwaddr len)
{
    bool big = region_big_endian(mr->ops);
    uint64_t v = 0;
    EventNotifier *e;

    if (len > 8) {
        return false;
    }
    for (hwaddr k = 0; k < len; k++) {
        v = set_value_byte(v, len, k, big, buf[k]);
    }
    e = memory_region_ioeventfd_match(mr, off, len, v);
    if (e) {
        event_notifier_set(e);
    }
    return e;
}

static MemTxResult ram_access(const FlatRange *fr, hwaddr off, uint8_t *buf,
                              hwaddr len, bool is_write, AccessMode mode)
{
    RAMBlock *rb = fr->mr->ram_block;
    uint8_t *host = ram_block_host(rb) + off;

    if (!is_write) {
        memcpy(buf, host, len);
        return MEMTX_OK;
    }
    if (fr->readonly && mode != ACCESS_LOADER) {
        kemu_log_mask(LOG_GUEST_ERROR, "write to ROM '%s' at offset 0x%"
                      HWADDR_PRIx " ignored\n", fr->mr->name, off);
        return MEMTX_OK;
    }
    memcpy(host, buf, len);
    ram_block_set_dirty(rb, off, len);
    return MEMTX_OK;
}

static MemTxResult unassigned_access(AddressSpace *as, hwaddr addr,
                                     uint8_t *buf, hwaddr len, bool is_write)
{
    kemu_log_mask(LOG_GUEST_ERROR, "unassigned %s of %" PRIu64 " bytes at 0x%"
                  HWADDR_PRIx " in address space '%s'\n",
                  is_write ? "write" : "read", (uint64_t)len, addr, as->name);
    if (!is_write) {
        memset(buf, as->unassigned_ones ? 0xff : 0, len);
    }
    return MEMTX_DECODE_ERROR;
}

/*
 * The RAM (or ROM) range the last fixed-size access or translation of
 * this thread hit,
 * valid while its address space keeps the view of generation gen.  Page
 * walks read a few PTEs per TLB fill through address_space_ld*; this
 * spares them the view's lock, reference and searches.  A reader that
 * saw the old generation just before a map change behaves as if it ran
 * before the change, as one holding a reference to the old view does.
 */
typedef struct RAMRangeCache {
    AddressSpace *as;
    uint64_t gen;
    hwaddr addr, last;          /* guest physical, inclusive */
    uint8_t *host;              /* of addr */
    MemoryRegion *mr;
    RAMBlock *rb;
    hwaddr offset;              /* of addr in rb */
    bool readonly;
} RAMRangeCache;

static __thread RAMRangeCache ram_cache;

static void ram_cache_fill(AddressSpace *as, FlatView *fv, const FlatRange *fr)
{
    RAMBlock *rb = fr->mr->ram_block;

    ram_cache = (RAMRangeCache) {
        .as = as, .gen = fv->gen, .addr = fr->addr, .last = fr->last,
        .host = ram_block_host(rb) + fr->offset_in_region, .mr = fr->mr,
        .rb = rb,
        .offset = fr->offset_in_region, .readonly = fr->readonly,
    };
}

/* Whether the cache holds [addr, addr + size) of as (size > 0). */
static inline bool ram_cache_covers(AddressSpace *as, hwaddr addr,
                                    hwaddr size)
{
    const RAMRangeCache *c = &ram_cache;
    hwaddr span = c->last - c->addr;    /* no overflow, unlike addr + size */

    return c->as == as &&
           c->gen == __atomic_load_n(&as->map_gen, __ATOMIC_ACQUIRE) &&
           addr >= c->addr && span >= size - 1 &&
           addr - c->addr <= span - (size - 1);
}

/* The host address of [addr, addr + size) when the cache covers it. */
static inline uint8_t *ram_cache_ptr(AddressSpace *as, hwaddr addr,
                                     unsigned size, bool is_write)
{
    if (!ram_cache_covers(as, addr, size) ||
        (is_write && ram_cache.readonly)) {
        return NULL;
    }
    return ram_cache.host + (addr - ram_cache.addr);
}

/* Walk [addr, addr + len) range by range through the current view. */
static MemTxResult as_access(AddressSpace *as, hwaddr addr, uint8_t *buf,
                             hwaddr len, bool is_write, AccessMode mode)
{
    FlatView *fv = address_space_get_flatview(as);
    MemTxResult res = MEMTX_OK;
    hwaddr total = len;

    while (len) {
        hwaddr l = len, off;
        MemoryRegion *mr = flatview_translate(fv, addr, &off, &l, is_write);

        if (!mr) {
            res |= unassigned_access(as, addr, buf, l, is_write);
        } else if (memory_region_is_ram(mr)) {
            const FlatRange *fr = flatview_lookup(fv, addr);

            if (mode == ACCESS_EXACT) {
                ram_cache_fill(as, fv, fr);
            }
            res |= ram_access(fr, off, buf, l, is_write, mode);
        } else if (is_write && mode != ACCESS_LOADER && mr->ioeventfds &&
                   io_eventfd_write(mr, off, buf, l)) {
            /* the notifier's handler does the work */
        } else if (mode != ACCESS_LOADER) {
            /* An exact access split across ranges is several accesses. */
            res |= io_access(mr, off, buf, l, is_write,
                             mode == ACCESS_EXACT && l == total);
        }
        addr += l;
        buf += l;
        len -= l;
    }
    flatview_unref(fv);
    return res;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf,
                             hwaddr len, bool is_write)
{
    return as_access(as, addr, buf, len, is_write, ACCESS_BUFFER);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf,
                               hwaddr len)
{
    return as_access(as, addr, buf, len, false, ACCESS_BUFFER);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                const void *buf, hwaddr len)
{
    /* Writes only read from buf. */
    return as_access(as, addr, (uint8_t *)buf, len, true, ACCESS_BUFFER);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, hwaddr len)
{
    return as_access(as, addr, (uint8_t *)buf, len, true, ACCESS_LOADER);
}

/* Fixed-size accesses */

/* The size-byte value (size 1, 2, 4 or 8) at p in the given byte order. */
static uint64_t ld_bytes(const uint8_t *p, unsigned size, bool big)
{
    unsigned shift = 64 - 8 * size;
    uint64_t v = 0;

    memcpy(&v, p, size);
    if (G_BYTE_ORDER == G_BIG_ENDIAN) {
        v >>= shift;                    /* p's bytes, most significant first */
        return big ? v : __builtin_bswap64(v) >> shift;
    }
    return big ? __builtin_bswap64(v) >> shift : v;
}

static void st_bytes(uint8_t *p, unsigned size, bool big, uint64_t v)
{
    unsigned shift = 64 - 8 * size;

    if (big != (G_BYTE_ORDER == G_BIG_ENDIAN)) {
        v = __builtin_bswap64(v) >> shift;
    }
    if (G_BYTE_ORDER == G_BIG_ENDIAN) {
        v <<= shift;                    /* the bytes to write come first */
    }
    memcpy(p, &v, size);
}

static uint64_t load(AddressSpace *as, hwaddr addr, unsigned size, bool big,
                     MemTxResult *r)
{
    uint8_t buf[8];
    uint8_t *host = ram_cache_ptr(as, addr, size, false);
    MemTxResult res = MEMTX_OK;

    if (!host) {
        res = as_access(as, addr, buf, size, false, ACCESS_EXACT);
        host = buf;
    }
    if (r) {
        *r = res;
    }
    return ld_bytes(host, size, big);
}

static void store(AddressSpace *as, hwaddr addr, unsigned size, bool big,
                  uint64_t v, MemTxResult *r)
{
    uint8_t *host = ram_cache_ptr(as, addr, size, true);
    MemTxResult res = MEMTX_OK;
    uint8_t buf[8];

    if (host) {
        st_bytes(host, size, big, v);
        ram_block_set_dirty(ram_cache.rb,
                            ram_cache.offset + (addr - ram_cache.addr), size);
    } else {
        st_bytes(buf, size, big, v);
        res = as_access(as, addr, buf, size, true, ACCESS_EXACT);
    }
    if (r) {
        *r = res;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 1, false, r);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 2, false, r);
}

uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 2, true, r);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 4, false, r);
}

uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 4, true, r);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 8, false, r);
}

uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return load(as, addr, 8, true, r);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxResult *r)
{
    store(as, addr, 1, false, val, r);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r)
{
    store(as, addr, 2, false, val, r);
}

void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r)
{
    store(as, addr, 2, true, val, r);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r)
{
    store(as, addr, 4, false, val, r);
}

void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxResult *r)
{
    store(as, addr, 4, true, val, r);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxResult *r)
{
    store(as, addr, 8, false, val, r);
}

void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxResult *r)
{
    store(as, addr, 8, true, val, r);
}

/* Translation and DMA mapping */

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write)
{
    FlatView *fv;
    MemoryRegion *mr;

    if (ram_cache_covers(as, addr, 1)) {
        const RAMRangeCache *c = &ram_cache;

        if (*plen && c->last - addr < *plen - 1) {
            *plen = c->last - addr + 1;
        }
        *xlat = c->offset + (addr - c->addr);
        return c->mr;
    }
    fv = address_space_get_flatview(as);
    mr = flatview_translate(fv, addr, xlat, plen, is_write);
    if (mr && memory_region_is_ram(mr)) {
        ram_cache_fill(as, fv, flatview_lookup(fv, addr));
    }
    flatview_unref(fv);
    return mr;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write)
{
    hwaddr off;
    MemoryRegion *mr = address_space_translate(as, addr, &off, plen,
                                               is_write);

    if (!mr || !memory_region_is_ram(mr) || (is_write && mr->kind ==
                                             MR_KIND_ROM) || *plen == 0) {
        kemu_log_mask(LOG_GUEST_ERROR, "DMA map of 0x%" HWADDR_PRIx
                      " in '%s' does not hit %s\n", addr, as->name,
                      is_write ? "RAM" : "RAM or ROM");
        *plen = 0;
        return NULL;
    }
    return ram_block_host(mr->ram_block) + off;
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    hwaddr off;
    RAMBlock *rb;

    if (!buffer || !is_write) {
        return;
    }
    rb = ram_block_from_host(buffer, &off);
    assert(rb);     /* only pointers from address_space_map come back */
    ram_block_set_dirty(rb, off, MIN(access_len, len));
}
