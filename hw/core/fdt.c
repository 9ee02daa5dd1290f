/*
 * Device tree helper over libfdt: path-addressed edits on a buffer that
 * doubles when libfdt runs out of room, and checked loading of -dtb files.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/fdt.h"

#include <fcntl.h>
#include <libfdt.h>
#include <sys/stat.h>
#include <unistd.h>

struct KemuFdt {
    void *blob;
    size_t size;                /* of the buffer, >= fdt_totalsize */
    uint32_t last_phandle;      /* highest handed out by alloc */
};

/* Room for the header, the root node and the memory reservation map. */
#define FDT_MIN_SIZE 256
/* Room for a board to add /chosen to a loaded tree without growing. */
#define FDT_LOAD_SLACK 4096

KemuFdt *kemu_fdt_new(size_t size)
{
    KemuFdt *fdt = g_new0(KemuFdt, 1);

    g_assert(size >= FDT_MIN_SIZE && size <= KEMU_FDT_MAX_SIZE);
    fdt->size = size;
    fdt->blob = g_malloc0(size);
    g_assert(fdt_create_empty_tree(fdt->blob, size) == 0);
    return fdt;
}

void kemu_fdt_free(KemuFdt *fdt)
{
    if (fdt) {
        g_free(fdt->blob);
        g_free(fdt);
    }
}

/* Double the buffer after libfdt said -FDT_ERR_NOSPACE. */
static bool fdt_grow(KemuFdt *fdt, Error **errp)
{
    size_t new_size = MIN(fdt->size * 2, (size_t)KEMU_FDT_MAX_SIZE);
    void *blob;
    int err;

    if (new_size <= fdt->size) {
        error_setg(errp, "device tree would exceed %d bytes",
                   KEMU_FDT_MAX_SIZE);
        return false;
    }
    blob = g_malloc0(new_size);
    err = fdt_open_into(fdt->blob, blob, new_size);
    if (err) {
        g_free(blob);
        error_setg(errp, "cannot grow device tree: %s", fdt_strerror(err));
        return false;
    }
    g_free(fdt->blob);
    fdt->blob = blob;
    fdt->size = new_size;
    return true;
}

/* A libfdt-style error code for "failed, and errp already says why". */
#define FDT_ERR_REPORTED (-1000)

/*
 * After a libfdt edit: on NOSPACE grow and tell the caller to retry; when
 * growing fails, *err becomes FDT_ERR_REPORTED.
 */
static bool fdt_retry(KemuFdt *fdt, int *err, Error **errp)
{
    if (*err != -FDT_ERR_NOSPACE) {
        return false;
    }
    if (!fdt_grow(fdt, errp)) {
        *err = FDT_ERR_REPORTED;
        return false;
    }
    return true;
}

static int fdt_node(KemuFdt *fdt, const char *path, Error **errp)
{
    int node = fdt_path_offset(fdt->blob, path);

    if (node < 0) {
        error_setg(errp, "device tree has no node '%s': %s", path,
                   fdt_strerror(node));
    }
    return node;
}

int kemu_fdt_add_node(KemuFdt *fdt, const char *path, Error **errp)
{
    g_autofree char *parent = NULL;
    const char *name;
    int node, err;

    if (path[0] != '/' || strstr(path, "//") ||
        (path[1] && g_str_has_suffix(path, "/"))) {
        error_setg(errp, "device tree path '%s' is not absolute", path);
        return -1;
    }
    node = fdt_path_offset(fdt->blob, path);
    if (node >= 0) {
        return node;
    }
    name = strrchr(path, '/') + 1;
    parent = name - path > 1 ? g_strndup(path, name - path - 1)
                             : g_strdup("/");
    if (kemu_fdt_add_node(fdt, parent, errp) < 0) {
        return -1;
    }
    do {
        /* Offsets move when the buffer grows: look the parent up again. */
        err = fdt_add_subnode(fdt->blob, fdt_path_offset(fdt->blob, parent),
                              name);
    } while (fdt_retry(fdt, &err, errp));
    if (err < 0 && err != FDT_ERR_REPORTED) {
        error_setg(errp, "cannot add device tree node '%s': %s", path,
                   fdt_strerror(err));
    }
    return err < 0 ? -1 : err;
}

bool kemu_fdt_setprop(KemuFdt *fdt, const char *path, const char *name,
                      const void *val, size_t len, Error **errp)
{
    int node, err;

    if (len > KEMU_FDT_MAX_SIZE) {
        error_setg(errp, "device tree property '%s' of '%s' is too large",
                   name, path);
        return false;
    }
    do {
        node = fdt_node(fdt, path, errp);
        if (node < 0) {
            return false;
        }
        err = fdt_setprop(fdt->blob, node, name, val, len);
    } while (fdt_retry(fdt, &err, errp));
    if (err < 0 && err != FDT_ERR_REPORTED) {
        error_setg(errp, "cannot set device tree property '%s' of '%s': %s",
                   name, path, fdt_strerror(err));
    }
    return err == 0;
}

bool kemu_fdt_setprop_string(KemuFdt *fdt, const char *path,
                             const char *name, const char *str, Error **errp)
{
    return kemu_fdt_setprop(fdt, path, name, str, strlen(str) + 1, errp);
}

bool kemu_fdt_setprop_string_list(KemuFdt *fdt, const char *path,
                                  const char *name, const char *const *strs,
                                  Error **errp)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();

    for (int i = 0; strs[i]; i++) {
        g_byte_array_append(buf, (const uint8_t *)strs[i],
                            strlen(strs[i]) + 1);
    }
    return kemu_fdt_setprop(fdt, path, name, buf->data, buf->len, errp);
}

bool kemu_fdt_setprop_u32(KemuFdt *fdt, const char *path, const char *name,
                          uint32_t val, Error **errp)
{
    fdt32_t cell = cpu_to_fdt32(val);

    return kemu_fdt_setprop(fdt, path, name, &cell, sizeof(cell), errp);
}

bool kemu_fdt_setprop_u64(KemuFdt *fdt, const char *path, const char *name,
                          uint64_t val, Error **errp)
{
    fdt64_t cells = cpu_to_fdt64(val);

    return kemu_fdt_setprop(fdt, path, name, &cells, sizeof(cells), errp);
}

bool kemu_fdt_setprop_cells(KemuFdt *fdt, const char *path, const char *name,
                            const uint32_t *cells, size_t n, Error **errp)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);

    for (size_t i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    return kemu_fdt_setprop(fdt, path, name, be, n * sizeof(*be), errp);
}

bool kemu_fdt_setprop_sized_cells(KemuFdt *fdt, const char *path,
                                  const char *name, const KemuFdtCell *cells,
                                  size_t n, Error **errp)
{
    g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(uint32_t));

    for (size_t i = 0; i < n; i++) {
        uint64_t v = cells[i].value;
        uint32_t hi = v >> 32, lo = v;

        if (cells[i].ncells == 2) {
            g_array_append_val(out, hi);
        } else if (cells[i].ncells != 1 || hi) {
            error_setg(errp, "device tree property '%s' of '%s': value 0x%"
                       PRIx64 " does not fit in %u cell(s)", name, path, v,
                       cells[i].ncells);
            return false;
        }
        g_array_append_val(out, lo);
    }
    return kemu_fdt_setprop_cells(fdt, path, name, (uint32_t *)out->data,
                                  out->len, errp);
}

uint32_t kemu_fdt_alloc_phandle(KemuFdt *fdt)
{
    uint32_t max = 0;

    fdt_find_max_phandle(fdt->blob, &max);
    fdt->last_phandle = MAX(fdt->last_phandle, max) + 1;
    return fdt->last_phandle;
}

uint32_t kemu_fdt_node_phandle(KemuFdt *fdt, const char *path, Error **errp)
{
    int node = fdt_node(fdt, path, errp);
    uint32_t phandle;

    if (node < 0) {
        return 0;
    }
    phandle = fdt_get_phandle(fdt->blob, node);
    if (phandle) {
        return phandle;
    }
    phandle = kemu_fdt_alloc_phandle(fdt);
    if (!kemu_fdt_setprop_u32(fdt, path, "phandle", phandle, errp)) {
        return 0;
    }
    return phandle;
}

bool kemu_fdt_setprop_phandle(KemuFdt *fdt, const char *path,
                              const char *name, const char *target,
                              Error **errp)
{
    uint32_t phandle = kemu_fdt_node_phandle(fdt, target, errp);

    return phandle && kemu_fdt_setprop_u32(fdt, path, name, phandle, errp);
}

const void *kemu_fdt_getprop(KemuFdt *fdt, const char *path,
                             const char *name, int *lenp)
{
    int node = fdt_path_offset(fdt->blob, path);

    return node < 0 ? NULL : fdt_getprop(fdt->blob, node, name, lenp);
}

void kemu_fdt_finish(KemuFdt *fdt)
{
    /* Trees here are built by us or passed fdt_check_full: no failure. */
    g_assert(fdt_pack(fdt->blob) == 0);
}

const void *kemu_fdt_blob(KemuFdt *fdt)
{
    return fdt->blob;
}

size_t kemu_fdt_size(KemuFdt *fdt)
{
    return fdt_totalsize(fdt->blob);
}

bool kemu_fdt_dump(KemuFdt *fdt, const char *path, Error **errp)
{
    g_autoptr(GError) gerr = NULL;

    if (!g_file_set_contents(path, fdt->blob, kemu_fdt_size(fdt), &gerr)) {
        error_setg(errp, "cannot write device tree to '%s': %s", path,
                   gerr->message);
        return false;
    }
    return true;
}

/* The whole file, refusing anything larger than max before reading it. */
static void *fdt_read_file(const char *path, size_t max, size_t *len,
                           Error **errp)
{
    g_autoptr(GError) gerr = NULL;
    struct stat st;
    gchar *data;
    gsize n;

    if (stat(path, &st) < 0) {
        error_setg_errno(errp, errno, "cannot open device tree '%s'", path);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
        error_setg(errp, "device tree '%s' is too large (%" PRIu64
                   " bytes, at most %zu)", path, (uint64_t)st.st_size, max);
        return NULL;
    }
    if (!g_file_get_contents(path, &data, &n, &gerr)) {
        error_setg(errp, "cannot read device tree '%s': %s", path,
                   gerr->message);
        return NULL;
    }
    if (n > max) {
        g_free(data);
        error_setg(errp, "device tree '%s' is too large (at most %zu bytes)",
                   path, max);
        return NULL;
    }
    *len = n;
    return data;
}

/* Whether data holds one complete, well-formed flattened device tree. */
static bool fdt_validate(const char *path, const void *data, size_t len,
                         Error **errp)
{
    int err;

    if (len < sizeof(struct fdt_header)) {
        error_setg(errp, "device tree '%s' is too small (%zu bytes) to be "
                   "a flattened device tree", path, len);
        return false;
    }
    err = fdt_check_header(data);
    if (err) {
        error_setg(errp, "'%s' is not a valid device tree blob: %s", path,
                   fdt_strerror(err));
        return false;
    }
    if (fdt_totalsize(data) > len) {
        error_setg(errp, "device tree '%s' is truncated: its header says %u "
                   "bytes, the file has %zu", path, fdt_totalsize(data), len);
        return false;
    }
    err = fdt_check_full(data, len);
    if (err) {
        error_setg(errp, "device tree '%s' is corrupt: %s", path,
                   fdt_strerror(err));
        return false;
    }
    return true;
}

KemuFdt *kemu_fdt_load(const char *path, Error **errp)
{
    size_t max = KEMU_FDT_MAX_SIZE - FDT_LOAD_SLACK;
    g_autofree void *data = NULL;
    KemuFdt *fdt;
    size_t len;
    int err;

    data = fdt_read_file(path, max, &len, errp);
    if (!data || !fdt_validate(path, data, len, errp)) {
        return NULL;
    }
    fdt = g_new0(KemuFdt, 1);
    fdt->size = fdt_totalsize(data) + FDT_LOAD_SLACK;
    fdt->blob = g_malloc0(fdt->size);
    err = fdt_open_into(data, fdt->blob, fdt->size);
    if (err) {
        kemu_fdt_free(fdt);
        error_setg(errp, "device tree '%s' cannot be opened: %s", path,
                   fdt_strerror(err));
        return NULL;
    }
    return fdt;
}
