/*
 * Image loaders: raw, gzip-compressed and ELF images into guest memory.
 *
 * The loaders know nothing about the memory API.  A board describes guest
 * memory with a LoaderTarget: a write callback and, optionally, the RAM
 * window every write must fall into.  All parsing is bounded: a truncated
 * or hostile image is an error naming the file, never an out-of-bounds read.
 */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include "kemu/error.h"

/* Copy len bytes to guest address addr.  Returns false with errp set. */
typedef bool (*LoaderWriteFn)(void *opaque, uint64_t addr, const void *buf,
                              size_t len, Error **errp);

typedef struct LoaderTarget {
    LoaderWriteFn write;
    void *opaque;
    /*
     * When ram_size is not 0, every write must lie inside
     * [ram_base, ram_base + ram_size): anything else is an error before
     * write() is called.  ram_size 0 leaves range checks to write().
     */
    uint64_t ram_base;
    uint64_t ram_size;
} LoaderTarget;

/* Largest file load_elf() reads (ELF files carry debug info). */
#define LOADER_ELF_MAX_FILE_SIZE (1024 * 1024 * 1024)

/*
 * Write len bytes, or len zero bytes when buf is NULL, to addr after the
 * ram_base/ram_size check.
 */
bool loader_write(const LoaderTarget *target, uint64_t addr, const void *buf,
                  uint64_t len, Error **errp);
/* The ram_base/ram_size check alone, for validating before any write. */
bool loader_check_range(const LoaderTarget *target, uint64_t addr,
                        uint64_t len, Error **errp);

/*
 * Read a whole file of at most max_size bytes into a g_malloc'ed buffer.
 * Errors name the path: "could not open 'x': No such file or directory",
 * "'x' is too large (N bytes, limit M bytes)".
 */
uint8_t *loader_read_file(const char *path, size_t max_size, size_t *len,
                          Error **errp);

/* True when buf starts with the gzip magic bytes. */
bool loader_is_gzip(const uint8_t *buf, size_t len);

/*
 * Inflate the gzip stream in buf into a g_malloc'ed buffer of at most
 * max_size bytes.  A larger output (a gzip bomb), corrupt or truncated data
 * is an error naming name.  Data after the first gzip member is ignored.
 */
uint8_t *loader_gunzip(const char *name, const uint8_t *buf, size_t len,
                       size_t max_size, size_t *out_len, Error **errp);

/*
 * Read path; when it is gzip-compressed, inflate it.  max_size bounds the
 * returned (inflated) data.  Returns a g_malloc'ed buffer.
 */
uint8_t *read_file_maybe_gunzip(const char *path, size_t max_size,
                                size_t *len, Error **errp);

/*
 * Load the file verbatim at addr.  Returns the size loaded, or -1 with errp
 * set (a file larger than max_size is an error naming both sizes).
 */
int64_t load_image_raw(const char *path, uint64_t addr, size_t max_size,
                       const LoaderTarget *target, Error **errp);

/*
 * Like load_image_raw(), but a gzip-compressed file is inflated first;
 * max_size bounds the inflated size.
 */
int64_t load_image_gzipped(const char *path, uint64_t addr, size_t max_size,
                           const LoaderTarget *target, Error **errp);

/* Maps a segment's ELF address to the guest address to load it at. */
typedef uint64_t (*LoaderTranslateFn)(void *opaque, uint64_t addr);

typedef struct ElfLoadOptions {
    /*
     * Required e_machine (EM_X86_64, EM_AARCH64, EM_MIPS, ...); EM_X86_64
     * also accepts EM_386.  EM_NONE accepts any machine.
     */
    uint16_t machine;
    /* Load segments at p_vaddr; the default is p_paddr. */
    bool use_vaddr;
    /*
     * Optional: applied to each segment's start address (e.g. MIPS KSEG0
     * 0x80000000 -> 0).  A segment is assumed linear in both spaces.
     */
    LoaderTranslateFn translate;
    void *translate_opaque;
} ElfLoadOptions;

typedef struct ElfLoadInfo {
    uint64_t entry;         /* e_entry as in the file (not translated) */
    uint64_t low;           /* first and last guest address loaded, */
    uint64_t high;          /* bss included, after translation */
    uint16_t machine;       /* e_machine of the file */
    bool is64;              /* ELFCLASS64 */
    bool big_endian;        /* ELFDATA2MSB */
} ElfLoadInfo;

/*
 * Load the PT_LOAD segments of an ELF32 or ELF64 image of either byte
 * order: p_filesz bytes from the file, then zeros up to p_memsz.  The whole
 * image is validated before anything is written.  info may be NULL.
 * load_elf() also accepts a gzip-compressed file.
 */
bool load_elf(const char *path, const LoaderTarget *target,
              const ElfLoadOptions *opts, ElfLoadInfo *info, Error **errp);
/* The same from memory; name is used in error messages. */
bool load_elf_from_buffer(const char *name, const uint8_t *buf, size_t len,
                          const LoaderTarget *target,
                          const ElfLoadOptions *opts, ElfLoadInfo *info,
                          Error **errp);

/*
 * Look symbol up in the image's SHT_SYMTAB.  Returns false with errp set
 * when the image has no symbol table or no such symbol.
 */
bool elf_lookup_symbol(const char *name, const uint8_t *buf, size_t len,
                       const char *symbol, uint64_t *value, Error **errp);

/*
 * Write buf (NULL: len zero bytes) into guest RAM at addr and keep a copy
 * that every system reset writes again, so a reboot starts from the images
 * the board loaded (hw/core/boot-blob.c).  Boards' LoaderTarget callbacks
 * use it for -kernel, -initrd and the device tree.
 */
bool loader_write_boot_blob(uint64_t addr, const void *buf, size_t len,
                            Error **errp);

#endif
