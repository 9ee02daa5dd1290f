/*
 * RAM blocks: the host memory behind RAM and ROM regions, and the
 * per-client dirty page bitmaps that track guest writes to it.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/memory-internal.h"
#include "util/bitmap.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>

struct RAMBlock {
    MemoryRegion *mr;
    uint8_t *host;
    uint64_t length;            /* whole pages */
    unsigned long *dirty[DIRTY_MEMORY_NUM];
};

struct DirtyBitmapSnapshot {
    hwaddr start;               /* first page byte, 64-page aligned */
    hwaddr end;
    unsigned long *dirty;
};

/* Every block, for ram_block_from_host (unmap may run on any thread). */
static GMutex ram_list_lock;
static GPtrArray *ram_list;

#define ALIGN_DOWN(n, m) ((n) / (m) * (m))

static uint64_t page_count(uint64_t bytes)
{
    return bytes >> KEMU_PAGE_BITS;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23          /* Linux 5.14 */
#endif

/*
 * The file behind -mem-path: in a directory a fresh file, unlinked at once
 * so that nothing is left behind; otherwise the file itself.
 */
static int open_mem_path(const char *path, Error **errp)
{
    struct stat st;
    int fd;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        g_autofree char *name = g_build_filename(path, "kemu_back_mem.XXXXXX",
                                                 NULL);

        fd = mkostemp(name, O_CLOEXEC);
        if (fd >= 0) {
            unlink(name);
        }
    } else {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    }
    if (fd < 0) {
        error_setg_errno(errp, errno, "-mem-path '%s': cannot create the "
                         "guest RAM file", path);
    }
    return fd;
}

/* Map length bytes of -mem-path, grown to whole pages of its file system. */
static void *map_mem_path(const char *path, uint64_t *length, Error **errp)
{
    struct statfs fs;
    struct stat st;
    void *host;
    int fd = open_mem_path(path, errp);

    if (fd < 0) {
        return NULL;
    }
    if (fstatfs(fd, &fs) == 0 && (uint64_t)fs.f_bsize > KEMU_PAGE_SIZE) {
        *length = ALIGN_DOWN(*length + fs.f_bsize - 1, (uint64_t)fs.f_bsize);
    }
    /* A named file may be bigger already: never shrink it. */
    if ((fstat(fd, &st) < 0 || (uint64_t)st.st_size < *length) &&
        ftruncate(fd, *length) < 0) {
        error_setg_errno(errp, errno, "-mem-path '%s': cannot size the guest "
                         "RAM file to %" PRIu64 " bytes", path, *length);
        close(fd);
        return NULL;
    }
    /* Private, as QEMU's default mem-share=off; the mapping keeps the file. */
    host = mmap(NULL, *length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (host == MAP_FAILED) {
        error_setg_errno(errp, errno, "-mem-path '%s': cannot map %" PRIu64
                         " bytes", path, *length);
        return NULL;
    }
    return host;
}

/* Fault in every page for writing, failing cleanly where memory is short. */
static bool prealloc_ram(uint8_t *host, uint64_t length, Error **errp)
{
    if (madvise(host, length, MADV_POPULATE_WRITE) < 0) {
        if (errno != EINVAL) {
            error_setg_errno(errp, errno, "-mem-prealloc: cannot allocate "
                             "%" PRIu64 " bytes of guest RAM", length);
            return false;
        }
        /* An older kernel: touch the pages (a shortage kills the process). */
        for (uint64_t off = 0; off < length; off += KEMU_PAGE_SIZE) {
            ((volatile uint8_t *)host)[off] = 0;
        }
    }
    return true;
}

static void *alloc_host(MemoryRegion *mr, uint64_t *length,
                        const RAMBackendOptions *opts, Error **errp)
{
    void *host;

    if (opts && opts->mem_path) {
        host = map_mem_path(opts->mem_path, length, errp);
    } else {
        /*
         * With -mem-prealloc the kernel's overcommit check may refuse the
         * size here, an error rather than the OOM killer later.
         */
        int noreserve = opts && opts->prealloc ? 0 : MAP_NORESERVE;

        host = mmap(NULL, *length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | noreserve, -1, 0);
        if (host == MAP_FAILED) {
            error_setg_errno(errp, errno, "cannot allocate %" PRIu64
                             " bytes for RAM region '%s'", *length, mr->name);
            host = NULL;
        }
    }
    if (!host || !opts) {
        return host;
    }
    /* KSM may be missing from the host kernel: merging is only a hint. */
    if (opts->merge) {
        madvise(host, *length, MADV_MERGEABLE);
    }
    if (opts->prealloc && !prealloc_ram(host, *length, errp)) {
        munmap(host, *length);
        return NULL;
    }
    return host;
}

RAMBlock *ram_block_new(MemoryRegion *mr, uint64_t size,
                        const RAMBackendOptions *opts, Error **errp)
{
    uint64_t length = ALIGN_DOWN(size + KEMU_PAGE_SIZE - 1, KEMU_PAGE_SIZE);
    RAMBlock *rb;
    void *host;

    if (size == 0 || length < size || length > SIZE_MAX) {
        error_setg(errp, "RAM region '%s': invalid size %" PRIu64,
                   mr->name, size);
        return NULL;
    }
    host = alloc_host(mr, &length, opts, errp);
    if (!host) {
        return NULL;
    }
    rb = g_new0(RAMBlock, 1);
    rb->mr = mr;
    rb->host = host;
    rb->length = length;
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        rb->dirty[i] = bitmap_new(page_count(length));
    }
    /* No page holds translated code yet: all are "dirty" for that client. */
    bitmap_set_atomic(rb->dirty[DIRTY_MEMORY_CODE], 0, page_count(length));
    g_mutex_lock(&ram_list_lock);
    if (!ram_list) {
        ram_list = g_ptr_array_new();
    }
    g_ptr_array_add(ram_list, rb);
    g_mutex_unlock(&ram_list_lock);
    return rb;
}

void ram_block_free(RAMBlock *rb)
{
    g_mutex_lock(&ram_list_lock);
    g_ptr_array_remove(ram_list, rb);
    g_mutex_unlock(&ram_list_lock);
    munmap(rb->host, rb->length);
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        g_free(rb->dirty[i]);
    }
    g_free(rb);
}

uint8_t *ram_block_host(RAMBlock *rb)
{
    return rb->host;
}

RAMBlock *ram_block_from_host(const void *ptr, hwaddr *offset)
{
    const uint8_t *p = ptr;
    RAMBlock *found = NULL;

    g_mutex_lock(&ram_list_lock);
    for (guint i = 0; ram_list && i < ram_list->len; i++) {
        RAMBlock *rb = g_ptr_array_index(ram_list, i);

        if (p >= rb->host && p < rb->host + rb->length) {
            *offset = p - rb->host;
            found = rb;
            break;
        }
    }
    g_mutex_unlock(&ram_list_lock);
    return found;
}

/* Page range of [offset, offset + len) inside the block; false if empty. */
static bool page_span(RAMBlock *rb, hwaddr offset, hwaddr len,
                      size_t *first, size_t *nr)
{
    hwaddr end;

    if (len == 0 || offset >= rb->length) {
        return false;
    }
    end = MIN(rb->length - offset, len) + offset;
    *first = page_count(offset);
    *nr = page_count(end - 1) - *first + 1;
    return true;
}

static RAMCodeWriteFn *code_write_fn;

void ram_block_set_code_write_fn(RAMCodeWriteFn *fn)
{
    code_write_fn = fn;
}

void ram_block_set_dirty(RAMBlock *rb, hwaddr offset, hwaddr len)
{
    size_t first, nr;

    if (!page_span(rb, offset, len, &first, &nr)) {
        return;
    }
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        if (i != DIRTY_MEMORY_CODE || !code_write_fn) {
            bitmap_set_atomic(rb->dirty[i], first, nr);
        }
    }
    /* Code pages are clean in the CODE client: their owner must hear. */
    for (size_t p = first; code_write_fn && p < first + nr; p++) {
        if (!bitmap_test_range(rb->dirty[DIRTY_MEMORY_CODE], p, 1)) {
            code_write_fn(rb, offset, len);
            break;
        }
    }
}

bool ram_block_code_clean(RAMBlock *rb, hwaddr offset)
{
    return !bitmap_test_range(rb->dirty[DIRTY_MEMORY_CODE],
                              page_count(offset), 1);
}

void ram_block_set_code_clean(RAMBlock *rb, hwaddr offset, bool clean)
{
    if (clean) {
        bitmap_test_and_clear_atomic(rb->dirty[DIRTY_MEMORY_CODE],
                                     page_count(offset), 1);
    } else {
        bitmap_set_atomic(rb->dirty[DIRTY_MEMORY_CODE], page_count(offset), 1);
    }
}

static RAMBlock *dirty_block(MemoryRegion *mr, unsigned client)
{
    assert(memory_region_is_ram(mr) && mr->ram_block);
    assert(client < DIRTY_MEMORY_NUM);
    return mr->ram_block;
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size)
{
    ram_block_set_dirty(dirty_block(mr, 0), addr, size);
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client)
{
    RAMBlock *rb = dirty_block(mr, client);
    size_t first, nr;

    return page_span(rb, addr, size, &first, &nr) &&
           bitmap_test_range(rb->dirty[client], first, nr);
}

void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client)
{
    RAMBlock *rb = dirty_block(mr, client);
    size_t first, nr;

    if (page_span(rb, addr, size, &first, &nr)) {
        bitmap_test_and_clear_atomic(rb->dirty[client], first, nr);
    }
}

DirtyBitmapSnapshot *memory_region_snapshot_and_clear_dirty(MemoryRegion *mr,
                                                            hwaddr addr,
                                                            hwaddr size,
                                                            unsigned client)
{
    RAMBlock *rb = dirty_block(mr, client);
    DirtyBitmapSnapshot *snap = g_new0(DirtyBitmapSnapshot, 1);
    /* Whole bitmap words, so the copy needs no bit shifting. */
    hwaddr align = KEMU_PAGE_SIZE * BITS_PER_LONG;
    size_t first, nr;

    size = MIN(size, rb->length);
    snap->start = ALIGN_DOWN(MIN(addr, rb->length), align);
    snap->end = snap->start;
    if (page_span(rb, snap->start, addr - snap->start + size, &first, &nr)) {
        snap->end = (hwaddr)(first + nr) << KEMU_PAGE_BITS;
        snap->dirty = bitmap_new(nr);
        bitmap_copy_and_clear_atomic(snap->dirty, rb->dirty[client],
                                     first, nr);
    }
    return snap;
}

bool memory_region_snapshot_get_dirty(MemoryRegion *mr,
                                      DirtyBitmapSnapshot *snap,
                                      hwaddr addr, hwaddr size)
{
    size_t first, nr;

    if (size == 0 || addr < snap->start || addr >= snap->end) {
        return false;
    }
    size = MIN(size, snap->end - addr);
    first = page_count(addr - snap->start);
    nr = page_count(addr - snap->start + size - 1) - first + 1;
    return bitmap_test_range(snap->dirty, first, nr);
}

void dirty_bitmap_snapshot_free(DirtyBitmapSnapshot *snap)
{
    if (snap) {
        g_free(snap->dirty);
        g_free(snap);
    }
}
