/*
 * ELF32/ELF64 loader, either byte order.  Fields are read byte by byte at
 * offsets taken from <elf.h>, so the file needs no alignment and the host
 * byte order does not matter.  Every table and segment is range-checked
 * against the file size before it is read.
 */
#include "kemu/osdep.h"
#include "hw/loader.h"

#include <elf.h>

/* More program headers than any kernel or firmware carries. */
#define ELF_MAX_PHNUM 512

typedef struct ElfImage {
    const char *name;
    const uint8_t *buf;
    size_t len;
    bool is64;
    bool big_endian;
} ElfImage;

typedef struct ElfPhdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz;
} ElfPhdr;

/* Read an unsigned field of size bytes at base + off; range already checked. */
static uint64_t elf_read(const ElfImage *img, uint64_t base, size_t off,
                         size_t size)
{
    const uint8_t *p;
    uint64_t v = 0;

    g_assert(range_fits(base, off + size, img->len));
    p = img->buf + base + off;
    for (size_t i = 0; i < size; i++) {
        v = (v << 8) | p[img->big_endian ? i : size - 1 - i];
    }
    return v;
}

/* Field f of structure T (Ehdr, Phdr, Shdr, Sym) at file offset base. */
#define ELF_FIELD(img, base, T, f)                                          \
    elf_read((img), (base),                                                 \
             (img)->is64 ? offsetof(Elf64_##T, f) : offsetof(Elf32_##T, f), \
             (img)->is64 ? sizeof(((Elf64_##T *)0)->f)                      \
                         : sizeof(((Elf32_##T *)0)->f))

#define ELF_SIZEOF(img, T) ((img)->is64 ? sizeof(Elf64_##T) : sizeof(Elf32_##T))

static bool elf_parse_ident(ElfImage *img, Error **errp)
{
    const uint8_t *id = img->buf;
    uint64_t ehsize;

    if (img->len < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG) != 0) {
        error_setg(errp, "%s: not an ELF file", img->name);
        return false;
    }
    if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) {
        error_setg(errp, "%s: unsupported ELF class %u", img->name,
                   id[EI_CLASS]);
        return false;
    }
    if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB) {
        error_setg(errp, "%s: unsupported ELF data encoding %u", img->name,
                   id[EI_DATA]);
        return false;
    }
    if (id[EI_VERSION] != EV_CURRENT) {
        error_setg(errp, "%s: unsupported ELF version %u", img->name,
                   id[EI_VERSION]);
        return false;
    }
    img->is64 = id[EI_CLASS] == ELFCLASS64;
    img->big_endian = id[EI_DATA] == ELFDATA2MSB;
    if (img->len < ELF_SIZEOF(img, Ehdr)) {
        error_setg(errp, "%s: ELF header extends past end of file",
                   img->name);
        return false;
    }
    ehsize = ELF_FIELD(img, 0, Ehdr, e_ehsize);
    if (ehsize != ELF_SIZEOF(img, Ehdr)) {
        error_setg(errp, "%s: bad ELF header size %" PRIu64 " (expected %zu)",
                   img->name, ehsize, ELF_SIZEOF(img, Ehdr));
        return false;
    }
    return true;
}

/* With sections present, their header table must be sane and in the file. */
static bool elf_check_sections(const ElfImage *img, Error **errp)
{
    uint64_t shnum = ELF_FIELD(img, 0, Ehdr, e_shnum);
    uint64_t shoff = ELF_FIELD(img, 0, Ehdr, e_shoff);
    uint64_t shentsize = ELF_FIELD(img, 0, Ehdr, e_shentsize);

    if (shnum == 0) {
        return true;
    }
    if (shentsize != ELF_SIZEOF(img, Shdr)) {
        error_setg(errp, "%s: bad section header size %" PRIu64
                   " (expected %zu)", img->name, shentsize,
                   ELF_SIZEOF(img, Shdr));
        return false;
    }
    if (!range_fits(shoff, shnum * shentsize, img->len)) {
        error_setg(errp, "%s: section header table extends past end of file",
                   img->name);
        return false;
    }
    return true;
}

static bool machine_matches(uint16_t want, uint64_t have)
{
    return want == EM_NONE || have == want ||
           (want == EM_X86_64 && have == EM_386);
}

static bool elf_check_header(const ElfImage *img, const ElfLoadOptions *opts,
                             Error **errp)
{
    uint64_t type = ELF_FIELD(img, 0, Ehdr, e_type);
    uint64_t machine = ELF_FIELD(img, 0, Ehdr, e_machine);
    uint64_t phentsize = ELF_FIELD(img, 0, Ehdr, e_phentsize);
    uint64_t phnum = ELF_FIELD(img, 0, Ehdr, e_phnum);

    if (type != ET_EXEC && type != ET_DYN) {
        error_setg(errp, "%s: not an executable (ELF type %" PRIu64 ")",
                   img->name, type);
        return false;
    }
    if (!machine_matches(opts->machine, machine)) {
        error_setg(errp, "%s: wrong ELF machine %" PRIu64 " (expected %u)",
                   img->name, machine, opts->machine);
        return false;
    }
    if (phentsize != ELF_SIZEOF(img, Phdr)) {
        error_setg(errp, "%s: bad program header size %" PRIu64
                   " (expected %zu)", img->name, phentsize,
                   ELF_SIZEOF(img, Phdr));
        return false;
    }
    if (phnum == 0) {
        error_setg(errp, "%s: no program headers", img->name);
        return false;
    }
    if (phnum > ELF_MAX_PHNUM) {
        error_setg(errp, "%s: too many program headers (%" PRIu64
                   ", limit %d)", img->name, phnum, ELF_MAX_PHNUM);
        return false;
    }
    return elf_check_sections(img, errp);
}

static bool elf_read_phdr(const ElfImage *img, unsigned i, ElfPhdr *ph,
                          Error **errp)
{
    uint64_t phoff = ELF_FIELD(img, 0, Ehdr, e_phoff);
    uint64_t size = ELF_SIZEOF(img, Phdr);
    uint64_t base;

    /* i < ELF_MAX_PHNUM and phoff <= len: the sum cannot overflow. */
    if (phoff > img->len || !range_fits(phoff + i * size, size, img->len)) {
        error_setg(errp, "%s: program header %u extends past end of file",
                   img->name, i);
        return false;
    }
    base = phoff + i * size;
    ph->type = ELF_FIELD(img, base, Phdr, p_type);
    ph->offset = ELF_FIELD(img, base, Phdr, p_offset);
    ph->vaddr = ELF_FIELD(img, base, Phdr, p_vaddr);
    ph->paddr = ELF_FIELD(img, base, Phdr, p_paddr);
    ph->filesz = ELF_FIELD(img, base, Phdr, p_filesz);
    ph->memsz = ELF_FIELD(img, base, Phdr, p_memsz);
    return true;
}

/* Validate PT_LOAD segment i and work out the guest address it loads at. */
static bool elf_segment_addr(const ElfImage *img, const ElfLoadOptions *opts,
                             const LoaderTarget *target, unsigned i,
                             const ElfPhdr *ph, uint64_t *addr, Error **errp)
{
    uint64_t limit = img->is64 ? UINT64_MAX : UINT32_MAX;
    uint64_t a = opts->use_vaddr ? ph->vaddr : ph->paddr;

    if (ph->filesz > ph->memsz) {
        error_setg(errp, "%s: program header %u: file size 0x%" PRIx64
                   " exceeds memory size 0x%" PRIx64, img->name, i,
                   ph->filesz, ph->memsz);
        return false;
    }
    if (!range_fits(ph->offset, ph->filesz, img->len)) {
        error_setg(errp, "%s: program header %u: segment data extends past "
                   "end of file", img->name, i);
        return false;
    }
    if (ph->memsz && ph->memsz - 1 > limit - a) {
        error_setg(errp, "%s: program header %u: segment 0x%" PRIx64
                   "+0x%" PRIx64 " wraps around the address space",
                   img->name, i, a, ph->memsz);
        return false;
    }
    if (opts->translate) {
        a = opts->translate(opts->translate_opaque, a);
    }
    if (!loader_check_range(target, a, ph->memsz, errp)) {
        error_prepend(errp, "%s: program header %u: ", img->name, i);
        return false;
    }
    *addr = a;
    return true;
}

static bool elf_load_segment(const ElfImage *img, const LoaderTarget *target,
                             unsigned i, const ElfPhdr *ph, uint64_t addr,
                             Error **errp)
{
    if (!loader_write(target, addr, img->buf + ph->offset, ph->filesz, errp) ||
        !loader_write(target, addr + ph->filesz, NULL,
                      ph->memsz - ph->filesz, errp)) {
        error_prepend(errp, "%s: program header %u: ", img->name, i);
        return false;
    }
    return true;
}

bool load_elf_from_buffer(const char *name, const uint8_t *buf, size_t len,
                          const LoaderTarget *target,
                          const ElfLoadOptions *opts, ElfLoadInfo *info,
                          Error **errp)
{
    static const ElfLoadOptions defaults;
    ElfImage img = { .name = name, .buf = buf, .len = len };
    g_autofree ElfPhdr *ph = NULL;
    g_autofree uint64_t *addr = NULL;
    uint64_t low = UINT64_MAX, high = 0;
    unsigned phnum;

    opts = opts ? opts : &defaults;
    if (!elf_parse_ident(&img, errp) || !elf_check_header(&img, opts, errp)) {
        return false;
    }
    phnum = ELF_FIELD(&img, 0, Ehdr, e_phnum);
    ph = g_new(ElfPhdr, phnum);
    addr = g_new(uint64_t, phnum);

    /* Validate everything first: a bad image leaves guest memory alone. */
    for (unsigned i = 0; i < phnum; i++) {
        if (!elf_read_phdr(&img, i, &ph[i], errp)) {
            return false;
        }
        if (ph[i].type != PT_LOAD || ph[i].memsz == 0) {
            continue;
        }
        if (!elf_segment_addr(&img, opts, target, i, &ph[i], &addr[i], errp)) {
            return false;
        }
        low = MIN(low, addr[i]);
        high = MAX(high, addr[i] + (ph[i].memsz - 1));
    }
    if (low > high) {
        error_setg(errp, "%s: no loadable segments", name);
        return false;
    }
    for (unsigned i = 0; i < phnum; i++) {
        if (ph[i].type == PT_LOAD && ph[i].memsz &&
            !elf_load_segment(&img, target, i, &ph[i], addr[i], errp)) {
            return false;
        }
    }
    if (info) {
        info->entry = ELF_FIELD(&img, 0, Ehdr, e_entry);
        info->low = low;
        info->high = high;
        info->machine = ELF_FIELD(&img, 0, Ehdr, e_machine);
        info->is64 = img.is64;
        info->big_endian = img.big_endian;
    }
    return true;
}

bool load_elf(const char *path, const LoaderTarget *target,
              const ElfLoadOptions *opts, ElfLoadInfo *info, Error **errp)
{
    size_t len;
    g_autofree uint8_t *buf = read_file_maybe_gunzip(
        path, LOADER_ELF_MAX_FILE_SIZE, &len, errp);

    return buf && load_elf_from_buffer(path, buf, len, target, opts, info,
                                       errp);
}

/* Search one SHT_SYMTAB section (header at shdr) for a defined symbol. */
static bool elf_symtab_find(const ElfImage *img, uint64_t shdr,
                            const char *symbol, uint64_t *value, Error **errp)
{
    uint64_t shoff = ELF_FIELD(img, 0, Ehdr, e_shoff);
    uint64_t shnum = ELF_FIELD(img, 0, Ehdr, e_shnum);
    uint64_t link = ELF_FIELD(img, shdr, Shdr, sh_link);
    uint64_t off = ELF_FIELD(img, shdr, Shdr, sh_offset);
    uint64_t size = ELF_FIELD(img, shdr, Shdr, sh_size);
    uint64_t entsize = ELF_FIELD(img, shdr, Shdr, sh_entsize);
    uint64_t str, str_off, str_size;
    size_t want = strlen(symbol);

    if (link >= shnum || entsize != ELF_SIZEOF(img, Sym) ||
        !range_fits(off, size, img->len)) {
        error_setg(errp, "%s: malformed symbol table", img->name);
        return false;
    }
    str = shoff + link * ELF_SIZEOF(img, Shdr);
    str_off = ELF_FIELD(img, str, Shdr, sh_offset);
    str_size = ELF_FIELD(img, str, Shdr, sh_size);
    if (!range_fits(str_off, str_size, img->len)) {
        error_setg(errp, "%s: malformed string table", img->name);
        return false;
    }
    for (uint64_t sym = off; sym + entsize <= off + size; sym += entsize) {
        uint64_t name = ELF_FIELD(img, sym, Sym, st_name);
        const char *s = (const char *)img->buf + str_off + name;

        if (name < str_size && ELF_FIELD(img, sym, Sym, st_shndx) != SHN_UNDEF &&
            strnlen(s, str_size - name) == want && memcmp(s, symbol, want) == 0) {
            *value = ELF_FIELD(img, sym, Sym, st_value);
            return true;
        }
    }
    error_setg(errp, "%s: no symbol '%s'", img->name, symbol);
    return false;
}

bool elf_lookup_symbol(const char *name, const uint8_t *buf, size_t len,
                       const char *symbol, uint64_t *value, Error **errp)
{
    ElfImage img = { .name = name, .buf = buf, .len = len };
    uint64_t shoff, shnum;

    if (!elf_parse_ident(&img, errp) || !elf_check_sections(&img, errp)) {
        return false;
    }
    shoff = ELF_FIELD(&img, 0, Ehdr, e_shoff);
    shnum = ELF_FIELD(&img, 0, Ehdr, e_shnum);
    for (uint64_t i = 0; i < shnum; i++) {
        uint64_t shdr = shoff + i * ELF_SIZEOF(&img, Shdr);

        if (ELF_FIELD(&img, shdr, Shdr, sh_type) == SHT_SYMTAB) {
            return elf_symtab_find(&img, shdr, symbol, value, errp);
        }
    }
    error_setg(errp, "%s: no symbol table", name);
    return false;
}
