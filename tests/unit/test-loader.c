/*
 * Image loaders: ELF images of both classes and byte orders built in memory,
 * hostile and truncated headers, raw images, gzip inflation and its limits.
 */
#include "kemu/osdep.h"
#include "hw/loader.h"

#include <elf.h>
#include <glib/gstdio.h>
#include <zlib.h>

#define RAM_BASE 0x1000
#define RAM_SIZE 0x10000
#define RAM_FILL 0xaa

typedef struct FakeRam {
    uint8_t mem[RAM_SIZE];
    unsigned writes;
    bool fail;
} FakeRam;

static bool fake_write(void *opaque, uint64_t addr, const void *buf,
                       size_t len, Error **errp)
{
    FakeRam *ram = opaque;

    if (ram->fail) {
        error_setg(errp, "injected write failure");
        return false;
    }
    /* The loader must have range-checked against ram_base/ram_size. */
    g_assert_cmpuint(addr, >=, RAM_BASE);
    g_assert_true(range_fits(addr - RAM_BASE, len, RAM_SIZE));
    memcpy(ram->mem + (addr - RAM_BASE), buf, len);
    ram->writes++;
    return true;
}

static FakeRam *fake_ram_new(LoaderTarget *target)
{
    FakeRam *ram = g_new0(FakeRam, 1);

    memset(ram->mem, RAM_FILL, sizeof(ram->mem));
    *target = (LoaderTarget) {
        .write = fake_write, .opaque = ram,
        .ram_base = RAM_BASE, .ram_size = RAM_SIZE,
    };
    return ram;
}

static const uint8_t *ram_at(FakeRam *ram, uint64_t addr)
{
    return ram->mem + (addr - RAM_BASE);
}

/* ---- building ELF images ---- */

typedef struct ElfKind {
    const char *name;
    bool is64;
    bool be;
    uint16_t machine;
} ElfKind;

static const ElfKind kinds[] = {
    { "elf32le", false, false, EM_386 },
    { "elf32be", false, true, EM_MIPS },
    { "elf64le", true, false, EM_X86_64 },
    { "elf64be", true, true, EM_AARCH64 },
};

typedef struct TestSeg {
    uint64_t paddr, vaddr;
    const char *data;       /* filesz = strlen(data) */
    uint64_t memsz;
} TestSeg;

typedef struct TestSym {
    const char *name;
    uint64_t value;
} TestSym;

static void put(GByteArray *img, bool be, size_t off, size_t size, uint64_t v)
{
    g_assert_cmpuint(off + size, <=, img->len);
    for (size_t i = 0; i < size; i++) {
        img->data[off + (be ? size - 1 - i : i)] = v >> (8 * i);
    }
}

#define PUT(img, k, base, T, f, v)                                          \
    put((img), (k)->be,                                                     \
        (base) + ((k)->is64 ? offsetof(Elf64_##T, f)                        \
                            : offsetof(Elf32_##T, f)),                      \
        (k)->is64 ? sizeof(((Elf64_##T *)0)->f)                             \
                  : sizeof(((Elf32_##T *)0)->f), (v))

#define SIZEOF(k, T) ((k)->is64 ? sizeof(Elf64_##T) : sizeof(Elf32_##T))

/* Offset of program header i: right after the ELF header. */
static size_t phdr_off(const ElfKind *k, unsigned i)
{
    return SIZEOF(k, Ehdr) + i * SIZEOF(k, Phdr);
}

static size_t append(GByteArray *img, const void *data, size_t len)
{
    size_t off = img->len;

    g_byte_array_append(img, data, len);
    return off;
}

static void build_symtab(GByteArray *img, const ElfKind *k,
                         const TestSym *syms, unsigned nsym)
{
    g_autoptr(GString) str = g_string_new_len("", 1);
    size_t sym_off, str_off, sh_off, symsz = SIZEOF(k, Sym);
    g_autofree uint8_t *zero = g_malloc0(3 * SIZEOF(k, Shdr));

    sym_off = append(img, zero, symsz * (nsym + 1));
    for (unsigned i = 0; i < nsym; i++) {
        size_t s = sym_off + (i + 1) * symsz;

        PUT(img, k, s, Sym, st_name, str->len);
        PUT(img, k, s, Sym, st_value, syms[i].value);
        PUT(img, k, s, Sym, st_shndx, 1);
        g_string_append_len(str, syms[i].name, strlen(syms[i].name) + 1);
    }
    str_off = append(img, str->str, str->len);
    sh_off = append(img, zero, 3 * SIZEOF(k, Shdr));
    PUT(img, k, 0, Ehdr, e_shoff, sh_off);
    PUT(img, k, 0, Ehdr, e_shnum, 3);
    PUT(img, k, 0, Ehdr, e_shentsize, SIZEOF(k, Shdr));
    /* Section 1: the symbol table, linked to section 2: its strings. */
    sh_off += SIZEOF(k, Shdr);
    PUT(img, k, sh_off, Shdr, sh_type, SHT_SYMTAB);
    PUT(img, k, sh_off, Shdr, sh_offset, sym_off);
    PUT(img, k, sh_off, Shdr, sh_size, symsz * (nsym + 1));
    PUT(img, k, sh_off, Shdr, sh_link, 2);
    PUT(img, k, sh_off, Shdr, sh_entsize, symsz);
    sh_off += SIZEOF(k, Shdr);
    PUT(img, k, sh_off, Shdr, sh_type, SHT_STRTAB);
    PUT(img, k, sh_off, Shdr, sh_offset, str_off);
    PUT(img, k, sh_off, Shdr, sh_size, str->len);
}

static GByteArray *build_elf(const ElfKind *k, uint64_t entry,
                             const TestSeg *segs, unsigned nseg,
                             const TestSym *syms, unsigned nsym)
{
    GByteArray *img = g_byte_array_new();

    g_byte_array_set_size(img, phdr_off(k, nseg));
    memset(img->data, 0, img->len);
    memcpy(img->data, ELFMAG, SELFMAG);
    img->data[EI_CLASS] = k->is64 ? ELFCLASS64 : ELFCLASS32;
    img->data[EI_DATA] = k->be ? ELFDATA2MSB : ELFDATA2LSB;
    img->data[EI_VERSION] = EV_CURRENT;
    PUT(img, k, 0, Ehdr, e_type, ET_EXEC);
    PUT(img, k, 0, Ehdr, e_machine, k->machine);
    PUT(img, k, 0, Ehdr, e_version, EV_CURRENT);
    PUT(img, k, 0, Ehdr, e_entry, entry);
    PUT(img, k, 0, Ehdr, e_phoff, phdr_off(k, 0));
    PUT(img, k, 0, Ehdr, e_ehsize, SIZEOF(k, Ehdr));
    PUT(img, k, 0, Ehdr, e_phentsize, SIZEOF(k, Phdr));
    PUT(img, k, 0, Ehdr, e_phnum, nseg);
    for (unsigned i = 0; i < nseg; i++) {
        size_t ph = phdr_off(k, i);
        size_t len = strlen(segs[i].data);

        PUT(img, k, ph, Phdr, p_type, PT_LOAD);
        PUT(img, k, ph, Phdr, p_offset, append(img, segs[i].data, len));
        PUT(img, k, ph, Phdr, p_vaddr, segs[i].vaddr);
        PUT(img, k, ph, Phdr, p_paddr, segs[i].paddr);
        PUT(img, k, ph, Phdr, p_filesz, len);
        PUT(img, k, ph, Phdr, p_memsz, segs[i].memsz);
    }
    if (nsym) {
        build_symtab(img, k, syms, nsym);
    }
    return img;
}

/* Text at 0x2000, data + bss at 0x3000; the data ends the file. */
#define TEXT "kemu text segment"
#define DATA "data!"
static const TestSeg two_segs[] = {
    { 0x2000, 0xffff0000, TEXT, sizeof(TEXT) - 1 },
    { 0x3000, 0xffff1000, DATA, 0x100 },
};

static GByteArray *build_two_seg(const ElfKind *k)
{
    return build_elf(k, 0x2004, two_segs, 2, NULL, 0);
}

/* ---- ELF loading ---- */

static void test_elf_load(const void *data)
{
    const ElfKind *k = data;
    g_autoptr(GByteArray) img = build_two_seg(k);
    ElfLoadOptions opts = { .machine = k->machine == EM_386 ? EM_X86_64
                                                           : k->machine };
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    ElfLoadInfo info;

    g_assert_true(load_elf_from_buffer("test.elf", img->data, img->len,
                                       &target, &opts, &info, &error_fatal));
    g_assert_cmpmem(ram_at(ram, 0x2000), strlen(TEXT), TEXT, strlen(TEXT));
    g_assert_cmpmem(ram_at(ram, 0x3000), strlen(DATA), DATA, strlen(DATA));
    for (uint64_t a = 0x3000 + strlen(DATA); a < 0x3100; a++) {
        g_assert_cmphex(*ram_at(ram, a), ==, 0);
    }
    g_assert_cmphex(*ram_at(ram, 0x3100), ==, RAM_FILL);
    g_assert_cmphex(*ram_at(ram, 0x1fff), ==, RAM_FILL);
    g_assert_cmphex(info.entry, ==, 0x2004);
    g_assert_cmphex(info.low, ==, 0x2000);
    g_assert_cmphex(info.high, ==, 0x30ff);
    g_assert_cmpuint(info.machine, ==, k->machine);
    g_assert_cmpint(info.is64, ==, k->is64);
    g_assert_cmpint(info.big_endian, ==, k->be);
}

static void test_elf_vaddr(void)
{
    static const TestSeg seg = { 0x5000, 0x2000, "at vaddr", 8 };
    g_autoptr(GByteArray) img = build_elf(&kinds[2], 0, &seg, 1, NULL, 0);
    ElfLoadOptions opts = { .use_vaddr = true };
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    ElfLoadInfo info;

    g_assert_true(load_elf_from_buffer("v.elf", img->data, img->len, &target,
                                       &opts, &info, &error_fatal));
    g_assert_cmpmem(ram_at(ram, 0x2000), 8, "at vaddr", 8);
    g_assert_cmphex(info.low, ==, 0x2000);
}

static uint64_t kseg0_to_phys(void *opaque, uint64_t addr)
{
    return addr & 0x1fffffff;
}

static void test_elf_translate(void)
{
    static const TestSeg seg = { 0x80002000, 0x80002000, "mips", 0x10 };
    g_autoptr(GByteArray) img = build_elf(&kinds[1], 0x80002000, &seg, 1,
                                          NULL, 0);
    ElfLoadOptions opts = { .machine = EM_MIPS, .translate = kseg0_to_phys };
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    ElfLoadInfo info;

    g_assert_true(load_elf_from_buffer("mips.elf", img->data, img->len,
                                       &target, &opts, &info, &error_fatal));
    g_assert_cmpmem(ram_at(ram, 0x2000), 4, "mips", 4);
    g_assert_cmphex(info.entry, ==, 0x80002000);
    g_assert_cmphex(info.low, ==, 0x2000);
    g_assert_cmphex(info.high, ==, 0x200f);
}

/* Load must fail with an error containing want and leave RAM untouched. */
static void assert_elf_fails(const uint8_t *buf, size_t len,
                             const ElfLoadOptions *opts, const char *want)
{
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;

    g_assert_false(load_elf_from_buffer("test.elf", buf, len, &target, opts,
                                        NULL, &err));
    g_assert_nonnull(err);
    g_assert_true(g_str_has_prefix(error_get_pretty(err), "test.elf: "));
    if (want && !strstr(error_get_pretty(err), want)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), want);
    }
    g_assert_cmpuint(ram->writes, ==, 0);
    error_free(err);
}

static void test_elf_truncated(const void *data)
{
    g_autoptr(GByteArray) img = build_two_seg(data);

    for (size_t len = 0; len < img->len; len++) {
        /* A copy of exactly len bytes lets valgrind see any over-read. */
        g_autofree uint8_t *copy = g_memdup2(img->data, len);

        assert_elf_fails(copy, len, NULL, NULL);
    }
}

typedef struct Hostile {
    const char *name;
    void (*mutate)(GByteArray *img, const ElfKind *k);
    const char *want;
} Hostile;

static void bad_magic(GByteArray *img, const ElfKind *k)
{
    img->data[1] = 'X';
}

static void bad_class(GByteArray *img, const ElfKind *k)
{
    img->data[EI_CLASS] = 3;
}

static void bad_data(GByteArray *img, const ElfKind *k)
{
    img->data[EI_DATA] = 0;
}

static void bad_ehsize(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_ehsize, 12);
}

static void bad_type(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_type, ET_REL);
}

static void bad_machine(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_machine, EM_ARM);
}

static void phoff_past_end(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_phoff, img->len + 8);
}

static void phoff_huge(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_phoff, k->is64 ? UINT64_MAX - 8 : UINT32_MAX - 8);
}

static void phdr_past_end(GByteArray *img, const ElfKind *k)
{
    /* Headers 0 and 1 are fine; header 2 would run past the end. */
    PUT(img, k, 0, Ehdr, e_phnum, 3);
}

static void bad_phentsize(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_phentsize, SIZEOF(k, Phdr) - 1);
}

static void phnum_huge(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_phnum, 0xffff);
}

static void phnum_zero(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_phnum, 0);
}

static void filesz_gt_memsz(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 1), Phdr, p_memsz, 2);
}

static void offset_overflow(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 0), Phdr, p_offset,
        k->is64 ? UINT64_MAX - 4 : UINT32_MAX - 4);
}

static void filesz_past_end(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 1), Phdr, p_filesz, 6);
    PUT(img, k, phdr_off(k, 1), Phdr, p_memsz, 6);
}

static void addr_wraps(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 1), Phdr, p_paddr,
        k->is64 ? UINT64_MAX - 0x10 : UINT32_MAX - 0x10);
}

static void outside_ram(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 1), Phdr, p_paddr, RAM_BASE + RAM_SIZE - 0x10);
}

static void no_load_segment(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, phdr_off(k, 0), Phdr, p_type, PT_NOTE);
    PUT(img, k, phdr_off(k, 1), Phdr, p_type, PT_NOTE);
}

static void shoff_past_end(GByteArray *img, const ElfKind *k)
{
    PUT(img, k, 0, Ehdr, e_shoff, img->len - 8);
    PUT(img, k, 0, Ehdr, e_shnum, 2);
    PUT(img, k, 0, Ehdr, e_shentsize, SIZEOF(k, Shdr));
}

static const Hostile hostile[] = {
    { "magic", bad_magic, "not an ELF file" },
    { "class", bad_class, "unsupported ELF class 3" },
    { "data", bad_data, "unsupported ELF data encoding 0" },
    { "ehsize", bad_ehsize, "bad ELF header size 12" },
    { "type", bad_type, "not an executable" },
    { "machine", bad_machine, "wrong ELF machine 40" },
    { "phoff-past-end", phoff_past_end,
      "program header 0 extends past end of file" },
    { "phoff-huge", phoff_huge, "program header 0 extends past end of file" },
    { "phdr-past-end", phdr_past_end,
      "program header 2 extends past end of file" },
    { "phentsize", bad_phentsize, "bad program header size" },
    { "phnum-huge", phnum_huge, "too many program headers (65535" },
    { "phnum-zero", phnum_zero, "no program headers" },
    { "filesz-gt-memsz", filesz_gt_memsz,
      "program header 1: file size 0x5 exceeds memory size 0x2" },
    { "offset-overflow", offset_overflow,
      "program header 0: segment data extends past end of file" },
    { "filesz-past-end", filesz_past_end,
      "program header 1: segment data extends past end of file" },
    { "addr-wraps", addr_wraps, "wraps around the address space" },
    { "outside-ram", outside_ram, "is outside guest RAM 0x1000-0x10fff" },
    { "no-load", no_load_segment, "no loadable segments" },
    { "shoff-past-end", shoff_past_end,
      "section header table extends past end of file" },
};

static void test_elf_hostile(const void *data)
{
    const ElfKind *k = data;
    ElfLoadOptions opts = { .machine = k->machine };

    for (size_t i = 0; i < G_N_ELEMENTS(hostile); i++) {
        g_autoptr(GByteArray) img = build_two_seg(k);

        g_test_message("%s: %s", k->name, hostile[i].name);
        hostile[i].mutate(img, k);
        assert_elf_fails(img->data, img->len, &opts, hostile[i].want);
    }
}

static void test_elf_write_error(void)
{
    g_autoptr(GByteArray) img = build_two_seg(&kinds[0]);
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;

    ram->fail = true;
    g_assert_false(load_elf_from_buffer("w.elf", img->data, img->len,
                                        &target, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "w.elf: program header 0: injected write failure");
    error_free(err);
}

static void test_elf_symbols(const void *data)
{
    static const TestSym syms[] = { { "_start", 0x2004 }, { "tohost", 0x3008 } };
    g_autoptr(GByteArray) img = build_elf(data, 0x2004, two_segs, 2, syms, 2);
    g_autoptr(GByteArray) plain = build_two_seg(data);
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;
    uint64_t value = 0;

    g_assert_true(elf_lookup_symbol("s.elf", img->data, img->len, "tohost",
                                    &value, &error_fatal));
    g_assert_cmphex(value, ==, 0x3008);
    g_assert_true(elf_lookup_symbol("s.elf", img->data, img->len, "_start",
                                    &value, &error_fatal));
    g_assert_cmphex(value, ==, 0x2004);
    g_assert_false(elf_lookup_symbol("s.elf", img->data, img->len, "_star",
                                     &value, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "s.elf: no symbol '_star'");
    error_free(err);
    err = NULL;
    g_assert_false(elf_lookup_symbol("p.elf", plain->data, plain->len, "x",
                                     &value, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "p.elf: no symbol table");
    error_free(err);
    /* Sections do not stop the image from loading, unless cut short. */
    g_assert_true(load_elf_from_buffer("s.elf", img->data, img->len, &target,
                                       NULL, NULL, &error_fatal));
    g_assert_cmpmem(ram_at(ram, 0x2000), strlen(TEXT), TEXT, strlen(TEXT));
    assert_elf_fails(img->data, img->len - 1, NULL,
                     "section header table extends past end of file");
    for (size_t len = 0; len < img->len; len++) {
        g_autofree uint8_t *copy = g_memdup2(img->data, len);

        g_assert_false(elf_lookup_symbol("s.elf", copy, len, "tohost",
                                         &value, NULL));
    }
}

typedef struct CountingTarget {
    uint64_t bytes;
} CountingTarget;

static bool count_write(void *opaque, uint64_t addr, const void *buf,
                        size_t len, Error **errp)
{
    ((CountingTarget *)opaque)->bytes += len;
    return true;
}

/* This test program itself: an ELF file from the real host toolchain. */
static void test_elf_toolchain_file(void)
{
    CountingTarget count = { 0 };
    LoaderTarget target = { .write = count_write, .opaque = &count };
    g_autofree uint8_t *buf = NULL;
    ElfLoadInfo info;
    uint64_t main_addr;
    size_t len;

    g_assert_true(load_elf("/proc/self/exe", &target, NULL, &info,
                           &error_fatal));
    /* Segments leave page-alignment gaps between them. */
    g_assert_cmpuint(count.bytes, >, 0);
    g_assert_cmpuint(count.bytes, <=, info.high - info.low + 1);
    buf = loader_read_file("/proc/self/exe", LOADER_ELF_MAX_FILE_SIZE, &len,
                           &error_fatal);
    g_assert_true(elf_lookup_symbol("self", buf, len, "main", &main_addr,
                                    &error_fatal));
    g_assert_cmphex(main_addr, >=, info.low);
    g_assert_cmphex(main_addr, <=, info.high);
    g_assert_cmphex(info.entry, >=, info.low);
    g_assert_cmphex(info.entry, <=, info.high);
}

/* ---- files and gzip ---- */

static char *tmp_dir;

static char *write_tmp(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmp_dir, name, NULL);

    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static GByteArray *gzip(const void *data, size_t len)
{
    z_stream zs = { 0 };
    GByteArray *out = g_byte_array_new();

    g_assert_cmpint(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED,
                                 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
                    ==, Z_OK);
    g_byte_array_set_size(out, deflateBound(&zs, len));
    zs.next_in = (Bytef *)data;
    zs.avail_in = len;
    zs.next_out = out->data;
    zs.avail_out = out->len;
    g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
    g_byte_array_set_size(out, zs.total_out);
    deflateEnd(&zs);
    return out;
}

static void assert_error(Error *err, const char *want)
{
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), want)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), want);
    }
    error_free(err);
}

static void test_raw_load(void)
{
    g_autofree char *path = write_tmp("raw.bin", "0123456789", 10);
    g_autofree char *msg = NULL;
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;

    g_assert_cmpint(load_image_raw(path, 0x4000, 10, &target, &error_fatal),
                    ==, 10);
    g_assert_cmpmem(ram_at(ram, 0x4000), 10, "0123456789", 10);
    g_assert_cmphex(*ram_at(ram, 0x400a), ==, RAM_FILL);

    g_assert_cmpint(load_image_raw(path, 0x4000, 9, &target, &err), ==, -1);
    msg = g_strdup_printf("'%s' is too large (10 bytes, limit 9 bytes)", path);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
    err = NULL;

    g_assert_cmpint(load_image_raw(path, RAM_BASE + RAM_SIZE - 4, 10, &target,
                                   &err), ==, -1);
    assert_error(err, "raw.bin: 0x10ffc-0x11005 is outside guest RAM");
}

static void test_missing_file(void)
{
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;

    g_assert_cmpint(load_image_raw("/nonexistent/bzImage", 0, 100, &target,
                                   &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "could not open "
                    "'/nonexistent/bzImage': No such file or directory");
    error_free(err);
    err = NULL;
    g_assert_false(load_elf("/nonexistent/kernel.elf", &target, NULL, NULL,
                            &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "could not open "
                    "'/nonexistent/kernel.elf': No such file or directory");
    error_free(err);
    g_assert_cmpuint(ram->writes, ==, 0);
}

static void test_gzip_round_trip(void)
{
    g_autoptr(GByteArray) plain = g_byte_array_new();
    g_autoptr(GByteArray) gz = NULL;
    g_autofree char *path = NULL;
    g_autofree uint8_t *out = NULL;
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;
    size_t len = 0;

    for (unsigned i = 0; i < 5000; i++) {
        uint8_t b = (i * 7) ^ (i >> 3);
        g_byte_array_append(plain, &b, 1);
    }
    gz = gzip(plain->data, plain->len);
    path = write_tmp("data.gz", gz->data, gz->len);

    /* An exact fit is allowed; one byte less is the output limit. */
    out = read_file_maybe_gunzip(path, plain->len, &len, &error_fatal);
    g_assert_cmpmem(out, len, plain->data, plain->len);
    g_assert_null(read_file_maybe_gunzip(path, plain->len - 1, &len, &err));
    assert_error(err, "data.gz: decompressed data exceeds the limit of 4999");

    g_assert_cmpint(load_image_gzipped(path, 0x5000, 8192, &target,
                                       &error_fatal), ==, 5000);
    g_assert_cmpmem(ram_at(ram, 0x5000), 5000, plain->data, plain->len);
}

static void test_gzip_not_gzip(void)
{
    g_autofree char *path = write_tmp("plain.bin", "\x1fplain", 6);
    g_autofree uint8_t *out = NULL;
    Error *err = NULL;
    size_t len = 0;

    out = read_file_maybe_gunzip(path, 6, &len, &error_fatal);
    g_assert_cmpmem(out, len, "\x1fplain", 6);
    g_assert_null(read_file_maybe_gunzip(path, 5, &len, &err));
    assert_error(err, "plain.bin' is too large (6 bytes, limit 5 bytes)");
}

static void test_gzip_corrupt(void)
{
    static const char text[] = "some text that compresses some text";
    g_autoptr(GByteArray) gz = gzip(text, sizeof(text));
    g_autofree uint8_t *copy = g_memdup2(gz->data, gz->len);
    Error *err = NULL;
    size_t len;

    /* Invalid deflate block type in the first block header. */
    copy[10] |= 0x06;
    g_assert_null(loader_gunzip("bad.gz", copy, gz->len, 1024, &len, &err));
    assert_error(err, "bad.gz: corrupt gzip data (");

    err = NULL;
    memcpy(copy, gz->data, gz->len);
    copy[gz->len - 5] ^= 0xff;      /* the CRC32 trailer */
    g_assert_null(loader_gunzip("crc.gz", copy, gz->len, 1024, &len, &err));
    assert_error(err, "crc.gz: corrupt gzip data (incorrect data check)");

    for (size_t cut = 0; cut < gz->len; cut++) {
        g_autofree uint8_t *part = g_memdup2(gz->data, cut);

        err = NULL;
        g_assert_null(loader_gunzip("cut.gz", part, cut, 1024, &len, &err));
        g_assert_nonnull(err);
        error_free(err);
    }
    err = NULL;
    g_assert_null(loader_gunzip("cut.gz", gz->data, gz->len - 1, 1024, &len,
                                &err));
    assert_error(err, "cut.gz: truncated gzip data");
}

static void test_gzip_bomb(void)
{
    size_t big = 16 * 1024 * 1024;
    g_autofree uint8_t *zeros = g_malloc0(big);
    g_autoptr(GByteArray) gz = gzip(zeros, big);
    g_autofree char *path = write_tmp("bomb.gz", gz->data, gz->len);
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    Error *err = NULL;
    size_t len;

    g_assert_cmpuint(gz->len, <, 32 * 1024);
    g_assert_null(read_file_maybe_gunzip(path, 1024 * 1024, &len, &err));
    assert_error(err, "bomb.gz: decompressed data exceeds the limit of "
                 "1048576 bytes");
    err = NULL;
    g_assert_false(load_elf(path, &target, NULL, NULL, &err));
    assert_error(err, "bomb.gz: not an ELF file");
    g_assert_cmpuint(ram->writes, ==, 0);
}

static void test_elf_gzipped_file(void)
{
    g_autoptr(GByteArray) img = build_two_seg(&kinds[3]);
    g_autoptr(GByteArray) gz = gzip(img->data, img->len);
    g_autofree char *path = write_tmp("vmlinux.gz", gz->data, gz->len);
    LoaderTarget target;
    g_autofree FakeRam *ram = fake_ram_new(&target);
    ElfLoadInfo info;

    g_assert_true(load_elf(path, &target, NULL, &info, &error_fatal));
    g_assert_cmpmem(ram_at(ram, 0x3000), strlen(DATA), DATA, strlen(DATA));
    g_assert_cmphex(info.entry, ==, 0x2004);
    g_assert_true(info.big_endian);
}

static void remove_tmp_dir(void)
{
    g_autoptr(GDir) dir = g_dir_open(tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(tmp_dir, name, NULL);

        g_unlink(path);
    }
    g_rmdir(tmp_dir);
    g_free(tmp_dir);
}

static void add_kind_test(const char *what, const ElfKind *k,
                          GTestDataFunc fn)
{
    g_autofree char *path = g_strdup_printf("/loader/elf/%s/%s", what,
                                            k->name);

    g_test_add_data_func(path, k, fn);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        add_kind_test("load", &kinds[i], test_elf_load);
        add_kind_test("truncated", &kinds[i], test_elf_truncated);
        add_kind_test("hostile", &kinds[i], test_elf_hostile);
        add_kind_test("symbols", &kinds[i], test_elf_symbols);
    }
    g_test_add_func("/loader/elf/vaddr", test_elf_vaddr);
    g_test_add_func("/loader/elf/translate", test_elf_translate);
    g_test_add_func("/loader/elf/write-error", test_elf_write_error);
    g_test_add_func("/loader/elf/gzipped-file", test_elf_gzipped_file);
    g_test_add_func("/loader/elf/toolchain-file", test_elf_toolchain_file);
    g_test_add_func("/loader/raw/load", test_raw_load);
    g_test_add_func("/loader/missing-file", test_missing_file);
    g_test_add_func("/loader/gzip/round-trip", test_gzip_round_trip);
    g_test_add_func("/loader/gzip/not-gzip", test_gzip_not_gzip);
    g_test_add_func("/loader/gzip/corrupt", test_gzip_corrupt);
    g_test_add_func("/loader/gzip/bomb", test_gzip_bomb);

    tmp_dir = g_dir_make_tmp("kemu-loader-XXXXXX", NULL);
    g_assert_nonnull(tmp_dir);
    ret = g_test_run();
    remove_tmp_dir();
    return ret;
}
