/*
 * Device trees for boards, over libfdt: build one node by node (the buffer
 * grows as needed), or load a -dtb file with validation, then hand the
 * blob to the guest or dump it to a file.
 *
 * Nodes are named by absolute path ("/soc/uart@9000000").  Functions that
 * can fail take Error **errp: a board building its own tree passes
 * &error_fatal, code editing a user's tree reports the error.
 */
#ifndef HW_FDT_H
#define HW_FDT_H

#include "kemu/error.h"

/* No tree, built or loaded, may exceed this. */
#define KEMU_FDT_MAX_SIZE (16 * 1024 * 1024)

typedef struct KemuFdt KemuFdt;

/* One value of a "sized cells" property: 1 or 2 cells wide. */
typedef struct KemuFdtCell {
    unsigned ncells;
    uint64_t value;
} KemuFdtCell;

/* An empty tree (root node only) in a buffer of size bytes, to grow. */
KemuFdt *kemu_fdt_new(size_t size);
/*
 * Load a flattened device tree file: size limits, header and structure
 * checks.  Errors name the file and say what is wrong with it.
 */
KemuFdt *kemu_fdt_load(const char *path, Error **errp);
void kemu_fdt_free(KemuFdt *fdt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KemuFdt, kemu_fdt_free)

/*
 * The node at path, created along with any missing ancestors (an existing
 * node is fine).  Returns its offset, or -1.
 */
int kemu_fdt_add_node(KemuFdt *fdt, const char *path, Error **errp);

/* Set (or replace) property name of the existing node at path. */
bool kemu_fdt_setprop(KemuFdt *fdt, const char *path, const char *name,
                      const void *val, size_t len, Error **errp);
bool kemu_fdt_setprop_string(KemuFdt *fdt, const char *path,
                             const char *name, const char *str, Error **errp);
/* strs: NULL-terminated; stored as "a\0b\0" (e.g. compatible). */
bool kemu_fdt_setprop_string_list(KemuFdt *fdt, const char *path,
                                  const char *name, const char *const *strs,
                                  Error **errp);
bool kemu_fdt_setprop_u32(KemuFdt *fdt, const char *path, const char *name,
                          uint32_t val, Error **errp);
/* One 64-bit value as two cells. */
bool kemu_fdt_setprop_u64(KemuFdt *fdt, const char *path, const char *name,
                          uint64_t val, Error **errp);
bool kemu_fdt_setprop_cells(KemuFdt *fdt, const char *path, const char *name,
                            const uint32_t *cells, size_t n, Error **errp);
/* Values of 1 or 2 cells each, e.g. reg = <addr-hi addr-lo size>. */
bool kemu_fdt_setprop_sized_cells(KemuFdt *fdt, const char *path,
                                  const char *name, const KemuFdtCell *cells,
                                  size_t n, Error **errp);

/* KEMU_FDT_SETPROP_CELLS(fdt, "/intc", "interrupts", errp, 0, 5, 4) */
#define KEMU_FDT_SETPROP_CELLS(fdt, path, name, errp, ...) \
    kemu_fdt_setprop_cells((fdt), (path), (name), \
                           (const uint32_t[]){ __VA_ARGS__ }, \
                           sizeof((const uint32_t[]){ __VA_ARGS__ }) / \
                           sizeof(uint32_t), (errp))

/* A phandle used by no node of the tree and not handed out before. */
uint32_t kemu_fdt_alloc_phandle(KemuFdt *fdt);
/* The phandle of the node at path, giving it one if it has none; 0 on error. */
uint32_t kemu_fdt_node_phandle(KemuFdt *fdt, const char *path, Error **errp);
/* name = <phandle of the node at target> (e.g. interrupt-parent). */
bool kemu_fdt_setprop_phandle(KemuFdt *fdt, const char *path,
                              const char *name, const char *target,
                              Error **errp);

/* The property's value and length, or NULL when node or property is missing. */
const void *kemu_fdt_getprop(KemuFdt *fdt, const char *path,
                             const char *name, int *lenp);

/* Drop the free space at the end; the tree can still be edited after. */
void kemu_fdt_finish(KemuFdt *fdt);
const void *kemu_fdt_blob(KemuFdt *fdt);
size_t kemu_fdt_size(KemuFdt *fdt);     /* the blob's total size */
/* Write the blob to path (-machine dumpdtb=). */
bool kemu_fdt_dump(KemuFdt *fdt, const char *path, Error **errp);

#endif
