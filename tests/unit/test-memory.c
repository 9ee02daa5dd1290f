/*
 * Memory API: regions, priorities, aliases, flat views, dispatch size
 * rules, listeners, dirty tracking, DMA mapping and "info mtree".
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/event-notifier.h"
#include "exec/memory-internal.h"

/* Each test builds its own address space over its own root container. */
typedef struct Space {
    MemoryRegion root;
    AddressSpace as;
} Space;

static void space_init(Space *s, uint64_t size)
{
    memory_region_init(&s->root, NULL, "root", size);
    address_space_init(&s->as, &s->root, "test");
}

static void space_destroy(Space *s)
{
    while (s->root.subregions) {
        memory_region_del_subregion(&s->root, s->root.subregions->data);
    }
    address_space_destroy(&s->as);
    memory_region_finalize(&s->root);
}

static void ram_init(MemoryRegion *mr, const char *name, uint64_t size)
{
    g_assert_true(memory_region_init_ram(mr, "test", name, size,
                                         &error_fatal));
}

/*
 * An I/O device that behaves like a little register file: byte x holds
 * regs[x], and the callbacks pack bytes in the device's endianness.  Every
 * callback call is logged as "r<addr>/<size>" or "w<addr>/<size>=<val>".
 */
typedef struct TestDev {
    MemoryRegion mr;
    MemoryRegionOps ops;
    uint8_t regs[0x108];
    GString *calls;
} TestDev;

static bool dev_big(TestDev *d)
{
    return d->ops.endianness == DEVICE_BIG_ENDIAN;
}

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    g_string_append_printf(d->calls, "r%" PRIx64 "/%u ", addr, size);
    for (unsigned k = 0; k < size; k++) {
        unsigned shift = 8 * (dev_big(d) ? size - 1 - k : k);

        v |= (uint64_t)d->regs[addr + k] << shift;
    }
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestDev *d = opaque;

    g_string_append_printf(d->calls, "w%" PRIx64 "/%u=%" PRIx64 " ", addr,
                           size, val);
    for (unsigned k = 0; k < size; k++) {
        d->regs[addr + k] = val >> (8 * (dev_big(d) ? size - 1 - k : k));
    }
}

/* ops: endianness and valid/impl sizes set by the caller before init. */
static void dev_init(TestDev *d, const char *name, uint8_t base,
                     uint64_t size)
{
    g_assert_cmpuint(size, <=, sizeof(d->regs) - 8);
    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = base + i;
    }
    d->ops.read = dev_read;
    d->ops.write = dev_write;
    d->calls = g_string_new("");
    memory_region_init_io(&d->mr, "test", &d->ops, d, name, size);
}

/* The calls logged since the last look, then forget them. */
static char *dev_calls(TestDev *d)
{
    char *s = g_strdup(d->calls->str);

    g_string_truncate(d->calls, 0);
    return g_strchomp(s);
}

#define assert_calls(d, expected)                  \
    do {                                           \
        g_autofree char *got_ = dev_calls(d);      \
        g_assert_cmpstr(got_, ==, expected);       \
    } while (0)

static void test_ram_round_trip(void)
{
    Space s;
    MemoryRegion ram;
    uint8_t in[300], out[300];
    MemTxResult r;

    space_init(&s, UINT64_MAX);
    ram_init(&ram, "ram", 0x3000);
    memory_region_add_subregion(&s.root, 0x10000, &ram);
    for (unsigned i = 0; i < sizeof(in); i++) {
        in[i] = i * 7;
    }
    g_assert_cmpuint(address_space_write(&s.as, 0x10f80, in, sizeof(in)),
                     ==, MEMTX_OK);
    g_assert_cmpuint(address_space_read(&s.as, 0x10f80, out, sizeof(out)),
                     ==, MEMTX_OK);
    g_assert_cmpmem(in, sizeof(in), out, sizeof(out));
    /* The bytes are at the right place in host memory. */
    g_assert_cmpmem((uint8_t *)memory_region_get_ram_ptr(&ram) + 0xf80,
                    sizeof(in), in, sizeof(in));

    address_space_stl_le(&s.as, 0x10100, 0x11223344, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(address_space_ldl_be(&s.as, 0x10100, NULL), ==,
                    0x44332211);
    g_assert_cmphex(address_space_lduw_le(&s.as, 0x10102, NULL), ==, 0x1122);
    address_space_stq_be(&s.as, 0x10200, 0x0102030405060708ULL, NULL);
    g_assert_cmphex(address_space_ldub(&s.as, 0x10200, NULL), ==, 1);
    g_assert_cmphex(address_space_ldq_le(&s.as, 0x10200, NULL), ==,
                    0x0807060504030201ULL);
    /* RAM is rounded up to whole pages on the host, not in the map. */
    g_assert_cmpuint(memory_region_size(&ram), ==, 0x3000);
    space_destroy(&s);
    memory_region_finalize(&ram);
}

/*
 * Fixed-size accesses and translations remember the last RAM range they
 * hit: what they reach must still follow every map change, range edge
 * and ROM.
 */
static void test_ram_cache_follows_map(void)
{
    Space s;
    MemoryRegion a, b, rom;
    TestDev d = { .ops.endianness = DEVICE_LITTLE_ENDIAN };
    uint8_t *pa, *pb;
    hwaddr xlat, len;

    space_init(&s, UINT64_MAX);
    ram_init(&a, "a", 0x1000);
    ram_init(&b, "b", 0x1000);
    pa = memory_region_get_ram_ptr(&a);
    pb = memory_region_get_ram_ptr(&b);
    memset(pa, 0xaa, 0x1000);
    memset(pb, 0xbb, 0x1000);
    memory_region_add_subregion(&s.root, 0x10000, &a);
    memory_region_add_subregion(&s.root, 0x11000, &b);
    g_assert_cmphex(address_space_ldq_le(&s.as, 0x10008, NULL), ==,
                    0xaaaaaaaaaaaaaaaaULL);
    /* Across the end of a's range: half from a, half from b. */
    g_assert_cmphex(address_space_ldq_le(&s.as, 0x10ffc, NULL), ==,
                    0xbbbbbbbbaaaaaaaaULL);
    address_space_stl_le(&s.as, 0x10ffe, 0x11223344, NULL);
    g_assert_cmphex(pa[0xfff], ==, 0x33);
    g_assert_cmphex(pb[0], ==, 0x22);

    /* An I/O region mapped over a: its callbacks answer now. */
    dev_init(&d, "dev", 0x40, 0x100);
    memory_region_add_subregion_overlap(&s.root, 0x10000, &d.mr, 1);
    g_assert_cmphex(address_space_ldub(&s.as, 0x10008, NULL), ==, 0x48);
    assert_calls(&d, "r8/1");
    memory_region_del_subregion(&s.root, &d.mr);
    g_assert_cmphex(address_space_ldub(&s.as, 0x10008, NULL), ==, 0xaa);

    /* a moves away: its old place is a hole. */
    g_assert_cmphex(address_space_ldub(&s.as, 0x10010, NULL), ==, 0xaa);
    len = 0x100;
    g_assert_true(address_space_translate(&s.as, 0x10ff0, &xlat, &len,
                                          false) == &a);
    g_assert_cmphex(xlat, ==, 0xff0);
    g_assert_cmphex(len, ==, 0x10);
    memory_region_set_address(&a, 0x20000);
    g_assert_cmphex(address_space_ldub(&s.as, 0x10010, NULL), ==, 0);
    len = 1;
    g_assert_null(address_space_translate(&s.as, 0x10010, &xlat, &len,
                                          false));
    g_assert_true(address_space_translate(&s.as, 0x20010, &xlat, &len,
                                          false) == &a);
    g_assert_cmphex(xlat, ==, 0x10);
    g_assert_cmphex(address_space_ldub(&s.as, 0x20010, NULL), ==, 0xaa);

    /* A ROM read first is still not writable afterwards. */
    g_assert_true(memory_region_init_rom(&rom, NULL, "rom", 0x1000,
                                         &error_fatal));
    memory_region_add_subregion(&s.root, 0x30000, &rom);
    address_space_write_rom(&s.as, 0x30000, "\x5a", 1);
    g_assert_cmphex(address_space_ldub(&s.as, 0x30000, NULL), ==, 0x5a);
    address_space_stb(&s.as, 0x30000, 0x77, NULL);
    g_assert_cmphex(address_space_ldub(&s.as, 0x30000, NULL), ==, 0x5a);
    g_assert_cmphex(address_space_ldub(&s.as, 0x20010, NULL), ==, 0xaa);
    space_destroy(&s);

    /* A new space in the same place sees its own map, not the old one. */
    space_init(&s, UINT64_MAX);
    memory_region_add_subregion(&s.root, 0x20000, &b);
    g_assert_cmphex(address_space_ldub(&s.as, 0x20010, NULL), ==, 0xbb);
    space_destroy(&s);
    memory_region_finalize(&a);
    memory_region_finalize(&b);
    memory_region_finalize(&rom);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
}

static void test_ram_bad_size(void)
{
    MemoryRegion ram;
    Error *err = NULL;

    g_assert_false(memory_region_init_ram(&ram, NULL, "huge", UINT64_MAX - 1,
                                          &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "huge"));
    error_free(err);
}

static void test_rom_write_ignored(void)
{
    Space s;
    MemoryRegion rom;
    const char image[] = "firmware";
    char buf[sizeof(image)];

    space_init(&s, UINT64_MAX);
    g_assert_true(memory_region_init_rom(&rom, NULL, "bios", 0x1000,
                                         &error_fatal));
    memory_region_add_subregion(&s.root, 0xf000, &rom);
    g_assert_cmpuint(address_space_write_rom(&s.as, 0xf010, image,
                                             sizeof(image)), ==, MEMTX_OK);
    /* A guest write is dropped without an error, as on real ROM. */
    g_assert_cmpuint(address_space_write(&s.as, 0xf010, "XX", 2), ==,
                     MEMTX_OK);
    address_space_stb(&s.as, 0xf012, 'Y', NULL);
    g_assert_cmpuint(address_space_read(&s.as, 0xf010, buf, sizeof(buf)),
                     ==, MEMTX_OK);
    g_assert_cmpstr(buf, ==, image);
    g_assert_true(memory_region_is_rom(&rom));
    /* The loader path refuses to write into a hole. */
    g_assert_cmpuint(address_space_write_rom(&s.as, 0xfffe, "abcd", 4), ==,
                     MEMTX_DECODE_ERROR);
    space_destroy(&s);
    memory_region_finalize(&rom);
}

static void test_priorities(void)
{
    Space s;
    MemoryRegion lo, hi, same, under;
    hwaddr xlat, len = 1;

    space_init(&s, UINT64_MAX);
    ram_init(&lo, "lo", 0x10000);
    ram_init(&hi, "hi", 0x1000);
    ram_init(&same, "same", 0x1000);
    ram_init(&under, "under", 0x1000);
    memory_region_add_subregion(&s.root, 0, &lo);
    memory_region_add_subregion_overlap(&s.root, 0x4000, &hi, 1);
    /* Added later, lower priority: stays hidden under lo. */
    memory_region_add_subregion_overlap(&s.root, 0x8000, &under, -1);

    address_space_stb(&s.as, 0x4000, 0xaa, NULL);
    address_space_stb(&s.as, 0x3fff, 0x55, NULL);
    g_assert_cmphex(*(uint8_t *)memory_region_get_ram_ptr(&hi), ==, 0xaa);
    g_assert_cmphex(((uint8_t *)memory_region_get_ram_ptr(&lo))[0x3fff], ==,
                    0x55);
    g_assert_true(address_space_translate(&s.as, 0x4fff, &xlat, &len, false)
                  == &hi);
    g_assert_true(address_space_translate(&s.as, 0x5000, &xlat, &len, false)
                  == &lo);
    g_assert_true(address_space_translate(&s.as, 0x8000, &xlat, &len, false)
                  == &lo);

    /* Removing the higher one uncovers the lower one. */
    memory_region_del_subregion(&s.root, &hi);
    g_assert_true(address_space_translate(&s.as, 0x4000, &xlat, &len, false)
                  == &lo);
    g_assert_cmphex(xlat, ==, 0x4000);

    /* Equal priority: the region added last wins. */
    memory_region_add_subregion(&s.root, 0x2000, &same);
    g_assert_true(address_space_translate(&s.as, 0x2000, &xlat, &len, false)
                  == &same);
    space_destroy(&s);
    memory_region_finalize(&lo);
    memory_region_finalize(&hi);
    memory_region_finalize(&same);
    memory_region_finalize(&under);
}

static void test_aliases(void)
{
    Space s;
    MemoryRegion ram, win, win2, lo, hi;
    uint8_t *host;
    hwaddr xlat, len = 0x10000;

    space_init(&s, UINT64_MAX);
    ram_init(&ram, "ram", 0x4000);
    host = memory_region_get_ram_ptr(&ram);
    memory_region_init_alias(&win, NULL, "win", &ram, 0x1000, 0x2000);
    memory_region_init_alias(&win2, NULL, "win2", &win, 0x800, 0x800);
    memory_region_add_subregion(&s.root, 0x10000, &win);
    memory_region_add_subregion(&s.root, 0x20000, &win2);

    host[0x1800] = 0x42;
    g_assert_cmphex(address_space_ldub(&s.as, 0x10800, NULL), ==, 0x42);
    g_assert_cmphex(address_space_ldub(&s.as, 0x20000, NULL), ==, 0x42);
    g_assert_true(memory_region_get_ram_ptr(&win2) == host + 0x1800);
    /* The alias of an alias resolves to the RAM region itself. */
    g_assert_true(address_space_translate(&s.as, 0x20010, &xlat, &len, false)
                  == &ram);
    g_assert_cmphex(xlat, ==, 0x1810);
    g_assert_cmphex(len, ==, 0x7f0);
    /* Nothing past the window's end. */
    g_assert_null(address_space_translate(&s.as, 0x12000, &xlat, &len,
                                          false));

    memory_region_set_alias_offset(&win, 0);
    g_assert_cmphex(address_space_ldub(&s.as, 0x10000 + 0x1800, NULL), ==,
                    0x42);
    g_assert_cmphex(address_space_ldub(&s.as, 0x20800 + 0x200, NULL), ==, 0);
    host[0x800] = 0x17;
    g_assert_cmphex(address_space_ldub(&s.as, 0x20000, NULL), ==, 0x17);

    /* Adjacent windows that continue each other form one range. */
    memory_region_init_alias(&lo, NULL, "lo", &ram, 0, 0x1000);
    memory_region_init_alias(&hi, NULL, "hi", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&s.root, 0x30000, &lo);
    memory_region_add_subregion(&s.root, 0x31000, &hi);
    len = 0x10000;
    g_assert_true(address_space_translate(&s.as, 0x30000, &xlat, &len, false)
                  == &ram);
    g_assert_cmphex(len, ==, 0x2000);

    /* A window that reaches past its target is cut at the target's end. */
    memory_region_set_alias_offset(&win, 0x3000);
    len = 0x10000;
    g_assert_true(address_space_translate(&s.as, 0x10000, &xlat, &len, false)
                  == &ram);
    g_assert_cmphex(len, ==, 0x1000);
    g_assert_null(address_space_translate(&s.as, 0x11000, &xlat, &len,
                                          false));
    space_destroy(&s);
    memory_region_finalize(&win2);
    memory_region_finalize(&win);
    memory_region_finalize(&lo);
    memory_region_finalize(&hi);
    memory_region_finalize(&ram);
}

static void test_container_offsets(void)
{
    Space s;
    MemoryRegion outer, inner, ram;
    hwaddr xlat, len = 0x1000;

    space_init(&s, UINT64_MAX);
    memory_region_init(&outer, NULL, "outer", 0x100000);
    memory_region_init(&inner, NULL, "inner", 0x2000);
    ram_init(&ram, "ram", 0x4000);
    memory_region_add_subregion(&inner, 0x10, &ram);
    memory_region_add_subregion(&outer, 0x1000, &inner);
    memory_region_add_subregion(&s.root, 0x100000, &outer);

    g_assert_true(address_space_translate(&s.as, 0x101010, &xlat, &len,
                                          false) == &ram);
    g_assert_cmphex(xlat, ==, 0);
    /* ram is clipped by inner's size: it ends at inner's end. */
    g_assert_true(address_space_translate(&s.as, 0x102fff, &xlat, &len,
                                          false) == &ram);
    g_assert_cmphex(xlat, ==, 0x1fef);
    g_assert_null(address_space_translate(&s.as, 0x103000, &xlat, &len,
                                          false));

    memory_region_set_address(&outer, 0x200000);
    g_assert_null(address_space_translate(&s.as, 0x101010, &xlat, &len,
                                          false));
    g_assert_true(address_space_translate(&s.as, 0x201010, &xlat, &len,
                                          false) == &ram);
    memory_region_del_subregion(&inner, &ram);
    memory_region_del_subregion(&outer, &inner);
    space_destroy(&s);
    memory_region_finalize(&ram);
    memory_region_finalize(&inner);
    memory_region_finalize(&outer);
}

static void test_unassigned(void)
{
    Space s;
    uint8_t buf[4] = { 1, 2, 3, 4 };
    MemTxResult r;

    space_init(&s, UINT64_MAX);
    g_assert_cmpuint(address_space_read(&s.as, 0x1000, buf, 4), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(buf[0] | buf[1] | buf[2] | buf[3], ==, 0);
    g_assert_cmpuint(address_space_write(&s.as, 0x1000, buf, 4), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x5000, &r), ==, 0);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    space_destroy(&s);

    /* x86 port I/O: a port nobody decodes reads as all-ones. */
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x2f8, &r), ==,
                    0xff);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(address_space_lduw_le(&address_space_io, 0x2f8, NULL),
                    ==, 0xffff);
}

static void test_impl_max_split(void)
{
    Space s;
    TestDev le = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN,
                            .impl.max_access_size = 1 } };
    TestDev be = { .ops = { .endianness = DEVICE_BIG_ENDIAN,
                            .impl.max_access_size = 1 } };
    TestDev be2 = { .ops = { .endianness = DEVICE_BIG_ENDIAN,
                             .impl.max_access_size = 2 } };

    space_init(&s, UINT64_MAX);
    dev_init(&le, "le", 0x10, 0x100);
    dev_init(&be, "be", 0x10, 0x100);
    dev_init(&be2, "be2", 0x10, 0x100);
    memory_region_add_subregion(&s.root, 0x1000, &le.mr);
    memory_region_add_subregion(&s.root, 0x2000, &be.mr);
    memory_region_add_subregion(&s.root, 0x3000, &be2.mr);

    address_space_stl_le(&s.as, 0x1000, 0xaabbccdd, NULL);
    assert_calls(&le, "w0/1=dd w1/1=cc w2/1=bb w3/1=aa");
    address_space_stl_be(&s.as, 0x2000, 0xaabbccdd, NULL);
    assert_calls(&be, "w0/1=aa w1/1=bb w2/1=cc w3/1=dd");
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x1000, NULL), ==,
                    0xaabbccdd);
    assert_calls(&le, "r0/1 r1/1 r2/1 r3/1");
    g_assert_cmphex(address_space_ldl_be(&s.as, 0x2000, NULL), ==,
                    0xaabbccdd);
    assert_calls(&be, "r0/1 r1/1 r2/1 r3/1");

    address_space_stl_be(&s.as, 0x3004, 0xaabbccdd, NULL);
    assert_calls(&be2, "w4/2=aabb w6/2=ccdd");
    g_assert_cmphex(address_space_ldl_be(&s.as, 0x3004, NULL), ==,
                    0xaabbccdd);
    assert_calls(&be2, "r4/2 r6/2");
    /* A cross-endian load sees the bytes the other way round. */
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x3004, NULL), ==,
                    0xddccbbaa);
    assert_calls(&be2, "r4/2 r6/2");
    space_destroy(&s);
    memory_region_finalize(&le.mr);
    memory_region_finalize(&be.mr);
    memory_region_finalize(&be2.mr);
    g_string_free(le.calls, TRUE);
    g_string_free(be.calls, TRUE);
    g_string_free(be2.calls, TRUE);
}

static void test_native_endian(void)
{
    Space s;
    TestDev d = { .ops = { .endianness = DEVICE_NATIVE_ENDIAN,
                           .impl.min_access_size = 4 } };

    space_init(&s, UINT64_MAX);
    dev_init(&d, "native", 0, 0x10);
    memory_region_add_subregion(&s.root, 0, &d.mr);
    address_space_stl_le(&s.as, 0, 0x11223344, NULL);
    assert_calls(&d, "w0/4=11223344");
    memory_set_target_big_endian(true);
    address_space_stl_le(&s.as, 0, 0x11223344, NULL);
    assert_calls(&d, "w0/4=44332211");
    memory_set_target_big_endian(false);
    space_destroy(&s);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
}

static void test_impl_min_widen(void)
{
    Space s;
    TestDev d = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN,
                           .impl.min_access_size = 4,
                           .impl.max_access_size = 4 } };

    space_init(&s, UINT64_MAX);
    dev_init(&d, "wide", 0x10, 0x10);
    memory_region_add_subregion(&s.root, 0x1000, &d.mr);

    g_assert_cmphex(address_space_ldub(&s.as, 0x1005, NULL), ==, 0x15);
    assert_calls(&d, "r4/4");
    g_assert_cmphex(address_space_lduw_le(&s.as, 0x100a, NULL), ==, 0x1b1a);
    assert_calls(&d, "r8/4");
    /* A narrow write reads the unit, merges, and writes it back. */
    address_space_stb(&s.as, 0x1006, 0x99, NULL);
    assert_calls(&d, "r4/4 w4/4=17991514");
    /* An unaligned 4-byte write (valid allows 4) touches two units. */
    d.ops.valid.unaligned = true;
    address_space_stl_le(&s.as, 0x1002, 0xa1a2a3a4, NULL);
    assert_calls(&d, "r0/4 w0/4=a3a41110 r4/4 w4/4=1799a1a2");
    space_destroy(&s);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
}

static void test_valid_rejects(void)
{
    Space s;
    TestDev d = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN,
                           .valid.min_access_size = 4,
                           .valid.max_access_size = 4 } };
    uint8_t buf[8];
    MemTxResult r;

    space_init(&s, UINT64_MAX);
    dev_init(&d, "strict", 0x10, 0x10);
    memory_region_add_subregion(&s.root, 0x1000, &d.mr);

    /* Too narrow: refused, reads all-ones, the device never sees it. */
    g_assert_cmphex(address_space_ldub(&s.as, 0x1000, &r), ==, 0xff);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    address_space_stw_le(&s.as, 0x1000, 0, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    /* Unaligned, and too wide for one guest access. */
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x1002, &r), ==, 0xffffffff);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(address_space_ldq_le(&s.as, 0x1000, &r), ==, UINT64_MAX);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    assert_calls(&d, "");

    /* Valid accesses go through; a buffer is cut into valid pieces. */
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x1004, &r), ==, 0x17161514);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    assert_calls(&d, "r4/4");
    g_assert_cmpuint(address_space_read(&s.as, 0x1000, buf, 8), ==,
                     MEMTX_OK);
    assert_calls(&d, "r0/4 r4/4");
    g_assert_cmphex(buf[7], ==, 0x17);
    /* A buffer piece below the minimum is refused on its own. */
    g_assert_cmpuint(address_space_read(&s.as, 0x1000, buf, 6), ==,
                     MEMTX_DECODE_ERROR);
    assert_calls(&d, "r0/4");
    g_assert_cmphex(buf[3], ==, 0x13);
    g_assert_cmphex(buf[4], ==, 0xff);
    space_destroy(&s);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
}

static void test_unaligned_span(void)
{
    Space s;
    TestDev a = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } };
    TestDev b = { .ops = { .endianness = DEVICE_BIG_ENDIAN } };
    MemoryRegion ram;
    uint8_t buf[8];

    space_init(&s, UINT64_MAX);
    dev_init(&a, "a", 0x10, 4);
    dev_init(&b, "b", 0x20, 4);
    ram_init(&ram, "ram", 0x1000);
    memory_region_add_subregion(&s.root, 0x1000, &a.mr);
    memory_region_add_subregion(&s.root, 0x1004, &b.mr);
    memory_region_add_subregion(&s.root, 0, &ram);

    /* Bytes 12 13 from a, then 20 21 from b. */
    g_assert_cmphex(address_space_ldl_le(&s.as, 0x1002, NULL), ==,
                    0x21201312);
    assert_calls(&a, "r2/2");
    assert_calls(&b, "r0/2");
    address_space_stl_le(&s.as, 0x1003, 0xd4c3b2a1, NULL);
    assert_calls(&a, "w3/1=a1");
    assert_calls(&b, "w0/2=b2c3 w2/1=d4");

    /* RAM then I/O in one buffer access. */
    memset(memory_region_get_ram_ptr(&ram), 0x5a, 0x1000);
    g_assert_cmpuint(address_space_read(&s.as, 0xffe, buf, 4), ==, MEMTX_OK);
    g_assert_cmphex(buf[1], ==, 0x5a);
    g_assert_cmphex(buf[2], ==, 0x10);
    g_assert_cmphex(buf[3], ==, 0x11);
    assert_calls(&a, "r0/2");
    space_destroy(&s);
    memory_region_finalize(&ram);
    memory_region_finalize(&a.mr);
    memory_region_finalize(&b.mr);
    g_string_free(a.calls, TRUE);
    g_string_free(b.calls, TRUE);
}

#define NR_CHILDREN 200

/* The region a naive model says is visible at addr (highest prio wins). */
static MemoryRegion *model_lookup(TestDev *devs, int n, MemoryRegion *bg,
                                  hwaddr addr)
{
    MemoryRegion *best = addr < 0x100000 ? bg : NULL;
    int best_prio = 0;

    for (int i = 0; i < n; i++) {
        MemoryRegion *mr = &devs[i].mr;

        if (addr >= mr->addr && addr - mr->addr < mr->size &&
            (!best || mr->priority >= best_prio)) {
            /* ties go to the later-added region, i.e. higher i */
            best = mr;
            best_prio = mr->priority;
        }
    }
    return best;
}

static void test_flatview_many(void)
{
    Space s;
    MemoryRegion bg;
    TestDev *devs = g_new0(TestDev, NR_CHILDREN);
    FlatView *fv;
    GRand *rand = g_rand_new_with_seed(42);

    space_init(&s, UINT64_MAX);
    ram_init(&bg, "bg", 0x100000);
    memory_region_transaction_begin();
    memory_region_add_subregion(&s.root, 0, &bg);
    for (int i = 0; i < NR_CHILDREN; i++) {
        g_autofree char *name = g_strdup_printf("dev%d", i);

        devs[i].ops.endianness = DEVICE_LITTLE_ENDIAN;
        dev_init(&devs[i], name, 0, 0x10 * g_rand_int_range(rand, 1, 16));
        memory_region_add_subregion_overlap(
            &s.root, 0x10 * g_rand_int_range(rand, 0, 0x10400),
            &devs[i].mr, g_rand_int_range(rand, 1, 4));
    }
    memory_region_transaction_commit();

    fv = address_space_get_flatview(&s.as);
    g_assert_cmpuint(flatview_nr(fv), >, NR_CHILDREN);
    for (guint i = 0; i < flatview_nr(fv); i++) {
        FlatRange *fr = flatview_range(fv, i);

        g_assert_cmphex(fr->addr, <=, fr->last);
        if (i > 0) {
            g_assert_cmphex(flatview_range(fv, i - 1)->last, <, fr->addr);
        }
    }
    for (int i = 0; i < 20000; i++) {
        hwaddr addr = g_rand_int_range(rand, 0, 0x108000);
        hwaddr xlat, len = 1;
        MemoryRegion *want = model_lookup(devs, NR_CHILDREN, &bg, addr);
        MemoryRegion *got = flatview_translate(fv, addr, &xlat, &len, false);

        g_assert_true(got == want);
        if (got) {
            g_assert_cmphex(xlat, ==, addr - got->addr);
        }
    }
    flatview_unref(fv);
    space_destroy(&s);
    memory_region_finalize(&bg);
    for (int i = 0; i < NR_CHILDREN; i++) {
        memory_region_finalize(&devs[i].mr);
        g_string_free(devs[i].calls, TRUE);
    }
    g_free(devs);
    g_rand_free(rand);
}

/* A listener that writes down what it hears, one event per word. */
typedef struct Recorder {
    MemoryListener l;
    GString *log;
    int begins, commits;
} Recorder;

static void rec_event(MemoryListener *l, const char *what,
                      MemoryRegionSection *s)
{
    Recorder *r = container_of(l, Recorder, l);

    g_string_append_printf(r->log, "%s:%s@%" PRIx64 "+%" PRIx64 "/%" PRIx64
                           " ", what, memory_region_name(s->mr),
                           s->offset_within_address_space, s->size,
                           s->offset_within_region);
}

static void rec_add(MemoryListener *l, MemoryRegionSection *s)
{
    rec_event(l, "add", s);
}

static void rec_del(MemoryListener *l, MemoryRegionSection *s)
{
    rec_event(l, "del", s);
}

static void rec_log_start(MemoryListener *l, MemoryRegionSection *s,
                          int old, int new)
{
    rec_event(l, "log_start", s);
}

static void rec_log_stop(MemoryListener *l, MemoryRegionSection *s,
                         int old, int new)
{
    rec_event(l, "log_stop", s);
}

static void rec_begin(MemoryListener *l)
{
    container_of(l, Recorder, l)->begins++;
}

static void rec_commit(MemoryListener *l)
{
    container_of(l, Recorder, l)->commits++;
}

static void recorder_init(Recorder *r)
{
    *r = (Recorder) {
        .l = { .begin = rec_begin, .commit = rec_commit,
               .region_add = rec_add, .region_del = rec_del,
               .log_start = rec_log_start, .log_stop = rec_log_stop },
        .log = g_string_new(""),
    };
}

static char *recorder_take(Recorder *r)
{
    char *s = g_strdup(r->log->str);

    g_string_truncate(r->log, 0);
    return g_strchomp(s);
}

#define assert_heard(r, expected)                  \
    do {                                           \
        g_autofree char *got_ = recorder_take(r);  \
        g_assert_cmpstr(got_, ==, expected);       \
    } while (0)

static void test_listener_sequence(void)
{
    Space s;
    MemoryRegion ram, hi;
    TestDev io = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } };
    Recorder r;

    space_init(&s, UINT64_MAX);
    ram_init(&ram, "ram", 0x1000);
    ram_init(&hi, "hi", 0x100);
    dev_init(&io, "io", 0, 0x100);
    memory_region_add_subregion(&s.root, 0, &ram);

    recorder_init(&r);
    memory_listener_register(&r.l, &s.as);
    assert_heard(&r, "add:ram@0+1000/0");
    g_assert_cmpint(r.begins, ==, 1);
    g_assert_cmpint(r.commits, ==, 1);

    memory_region_add_subregion(&s.root, 0x2000, &io.mr);
    assert_heard(&r, "add:io@2000+100/0");
    memory_region_set_address(&io.mr, 0x3000);
    assert_heard(&r, "del:io@2000+100/0 add:io@3000+100/0");
    memory_region_set_enabled(&io.mr, false);
    assert_heard(&r, "del:io@3000+100/0");
    memory_region_set_enabled(&io.mr, true);
    assert_heard(&r, "add:io@3000+100/0");
    memory_region_del_subregion(&s.root, &io.mr);
    assert_heard(&r, "del:io@3000+100/0");

    /* A region laid over the middle of another splits it. */
    memory_region_add_subregion_overlap(&s.root, 0x800, &hi, 1);
    assert_heard(&r, "del:ram@0+1000/0 add:ram@0+800/0 add:hi@800+100/0 "
                 "add:ram@900+700/900");
    memory_region_del_subregion(&s.root, &hi);
    assert_heard(&r, "del:ram@0+800/0 del:hi@800+100/0 del:ram@900+700/900 "
                 "add:ram@0+1000/0");

    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    assert_heard(&r, "log_start:ram@0+1000/0");
    memory_region_set_log(&ram, false, DIRTY_MEMORY_VGA);
    assert_heard(&r, "log_stop:ram@0+1000/0");

    memory_listener_unregister(&r.l);
    assert_heard(&r, "del:ram@0+1000/0");
    memory_region_add_subregion(&s.root, 0x2000, &io.mr);
    assert_heard(&r, "");

    g_string_free(r.log, TRUE);
    space_destroy(&s);
    memory_region_finalize(&ram);
    memory_region_finalize(&hi);
    memory_region_finalize(&io.mr);
    g_string_free(io.calls, TRUE);
}

static void test_transaction_rebuilds_once(void)
{
    Space s;
    TestDev d[3] = {
        { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } },
        { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } },
        { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } },
    };
    Recorder r;
    FlatView *before, *after;

    space_init(&s, UINT64_MAX);
    recorder_init(&r);
    memory_listener_register(&r.l, &s.as);
    for (int i = 0; i < 3; i++) {
        dev_init(&d[i], "d", 0, 0x100);
    }
    before = address_space_get_flatview(&s.as);

    memory_region_transaction_begin();
    memory_region_add_subregion(&s.root, 0x1000, &d[0].mr);
    memory_region_transaction_begin();      /* nesting is allowed */
    memory_region_add_subregion(&s.root, 0x2000, &d[1].mr);
    memory_region_transaction_commit();
    memory_region_add_subregion(&s.root, 0x3000, &d[2].mr);
    /* Nothing is rebuilt until the outermost commit. */
    g_assert_cmpint(r.begins, ==, 1);
    after = address_space_get_flatview(&s.as);
    g_assert_true(after == before);
    flatview_unref(after);
    memory_region_transaction_commit();

    g_assert_cmpint(r.begins, ==, 2);
    g_assert_cmpint(r.commits, ==, 2);
    assert_heard(&r, "add:d@1000+100/0 add:d@2000+100/0 add:d@3000+100/0");
    /* The old view stays valid for a reader that still holds it. */
    g_assert_cmpuint(flatview_nr(before), ==, 0);
    flatview_unref(before);

    /* Without a transaction each change rebuilds on its own. */
    memory_region_set_enabled(&d[0].mr, false);
    memory_region_set_enabled(&d[1].mr, false);
    g_assert_cmpint(r.begins, ==, 4);

    memory_listener_unregister(&r.l);
    g_string_free(r.log, TRUE);
    space_destroy(&s);
    for (int i = 0; i < 3; i++) {
        memory_region_finalize(&d[i].mr);
        g_string_free(d[i].calls, TRUE);
    }
}

static void test_dirty_tracking(void)
{
    Space s;
    MemoryRegion ram;
    DirtyBitmapSnapshot *snap;
    const hwaddr P = KEMU_PAGE_SIZE;

    space_init(&s, UINT64_MAX);
    ram_init(&ram, "vram", 0x100 * P);
    memory_region_add_subregion(&s.root, 0x100000, &ram);
    g_assert_cmpuint(memory_region_get_dirty_log_mask(&ram), ==, 0);
    memory_region_set_log(&ram, true, DIRTY_MEMORY_VGA);
    g_assert_cmpuint(memory_region_get_dirty_log_mask(&ram), ==,
                     1U << DIRTY_MEMORY_VGA);
    memory_region_reset_dirty(&ram, 0, 0x100 * P, DIRTY_MEMORY_VGA);
    g_assert_false(memory_region_get_dirty(&ram, 0, 0x100 * P,
                                           DIRTY_MEMORY_VGA));

    /* A write across a page boundary dirties both pages. */
    address_space_write(&s.as, 0x100000 + 3 * P - 2, "abcd", 4);
    g_assert_true(memory_region_get_dirty(&ram, 2 * P, 1, DIRTY_MEMORY_VGA));
    g_assert_true(memory_region_get_dirty(&ram, 3 * P + 100, 1,
                                          DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&ram, 4 * P, P,
                                           DIRTY_MEMORY_VGA));
    g_assert_false(memory_region_get_dirty(&ram, 0, 2 * P,
                                           DIRTY_MEMORY_VGA));
    /* Clients are independent. */
    g_assert_true(memory_region_get_dirty(&ram, 2 * P, 1,
                                          DIRTY_MEMORY_MIGRATION));
    memory_region_reset_dirty(&ram, 2 * P, 2 * P, DIRTY_MEMORY_VGA);
    g_assert_false(memory_region_get_dirty(&ram, 0, 0x100 * P,
                                           DIRTY_MEMORY_VGA));
    g_assert_true(memory_region_get_dirty(&ram, 2 * P, 1,
                                          DIRTY_MEMORY_MIGRATION));
    /* Reads do not dirty anything. */
    g_assert_cmphex(address_space_ldub(&s.as, 0x100000 + 9 * P, NULL), ==,
                    0);
    g_assert_false(memory_region_get_dirty(&ram, 9 * P, 1,
                                           DIRTY_MEMORY_VGA));

    memory_region_set_dirty(&ram, 70 * P + 5, 1);
    address_space_stb(&s.as, 0x100000 + 200 * P, 1, NULL);
    snap = memory_region_snapshot_and_clear_dirty(&ram, 65 * P, 150 * P,
                                                  DIRTY_MEMORY_VGA);
    g_assert_true(memory_region_snapshot_get_dirty(&ram, snap, 70 * P, P));
    g_assert_true(memory_region_snapshot_get_dirty(&ram, snap, 200 * P, 1));
    g_assert_false(memory_region_snapshot_get_dirty(&ram, snap, 71 * P,
                                                    129 * P));
    g_assert_false(memory_region_get_dirty(&ram, 70 * P, P,
                                           DIRTY_MEMORY_VGA));
    dirty_bitmap_snapshot_free(snap);
    memory_region_set_log(&ram, false, DIRTY_MEMORY_VGA);
    space_destroy(&s);
    memory_region_finalize(&ram);
}

static void test_dma_map(void)
{
    Space s;
    MemoryRegion ram, rom;
    TestDev io = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } };
    uint8_t *host, *p;
    hwaddr len;
    uint8_t buf[16];

    space_init(&s, UINT64_MAX);
    ram_init(&ram, "ram", 0x10000);
    g_assert_true(memory_region_init_rom(&rom, NULL, "rom", 0x1000,
                                         &error_fatal));
    dev_init(&io, "io", 0, 0x100);
    memory_region_add_subregion(&s.root, 0, &ram);
    memory_region_add_subregion(&s.root, 0x10000, &io.mr);
    memory_region_add_subregion(&s.root, 0x20000, &rom);
    host = memory_region_get_ram_ptr(&ram);

    len = 0x1000;
    p = address_space_map(&s.as, 0x100, &len, true);
    g_assert_true(p == host + 0x100);
    g_assert_cmphex(len, ==, 0x1000);
    memory_region_reset_dirty(&ram, 0, 0x10000, DIRTY_MEMORY_MIGRATION);
    address_space_unmap(&s.as, p, len, true, 0x10);
    g_assert_true(memory_region_get_dirty(&ram, 0x100, 1,
                                          DIRTY_MEMORY_MIGRATION));

    /* Cut at the end of RAM, never beyond it. */
    len = 0x1000;
    g_assert_true(address_space_map(&s.as, 0xff00, &len, false) ==
                  host + 0xff00);
    g_assert_cmphex(len, ==, 0x100);
    /* I/O, holes and ROM writes are refused. */
    len = 4;
    g_assert_null(address_space_map(&s.as, 0x10000, &len, false));
    g_assert_cmphex(len, ==, 0);
    len = 4;
    g_assert_null(address_space_map(&s.as, 0x30000, &len, false));
    g_assert_cmphex(len, ==, 0);
    len = 4;
    g_assert_null(address_space_map(&s.as, 0x20000, &len, true));
    len = 4;
    g_assert_nonnull(address_space_map(&s.as, 0x20000, &len, false));

    /* dma_memory_* report what they could not reach. */
    g_assert_cmpuint(dma_memory_write(&s.as, 0xfff8, "0123456789abcdef",
                                      16), ==, MEMTX_OK);
    g_assert_cmpuint(dma_memory_read(&s.as, 0x1fff8, buf, 16), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host + 0xfff8, 8, "01234567", 8);
    space_destroy(&s);
    memory_region_finalize(&ram);
    memory_region_finalize(&rom);
    memory_region_finalize(&io.mr);
    g_string_free(io.calls, TRUE);
}

static void test_mtree(void)
{
    MemoryRegion sys, ram, vga, low;
    TestDev io = { .ops = { .endianness = DEVICE_LITTLE_ENDIAN } };
    AddressSpace as;
    g_autoptr(GString) out = g_string_new("");

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    ram_init(&ram, "pc.ram", 0x8000000);
    memory_region_init_alias(&low, NULL, "ram-below-4g", &ram, 0, 0xa0000);
    dev_init(&io, "vga-lowmem", 0, 0x100);
    memory_region_init(&vga, NULL, "vga", 0x20000);
    memory_region_add_subregion(&sys, 0, &low);
    memory_region_add_subregion_overlap(&sys, 0xa0000, &vga, 1);
    memory_region_add_subregion(&vga, 0x100, &io.mr);
    memory_region_set_enabled(&vga, false);
    address_space_init(&as, &sys, "mtree-test");

    mtree_info(out);
    g_assert_nonnull(strstr(out->str,
        "address-space: mtree-test\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): sys\n"
        "    0000000000000000-000000000009ffff (prio 0, ram): alias "
        "ram-below-4g @pc.ram 0000000000000000-000000000009ffff\n"
        "    00000000000a0000-00000000000bffff (prio 1, i/o): vga "
        "[disabled]\n"
        "      00000000000a0100-00000000000a01ff (prio 0, i/o): "
        "vga-lowmem\n"));
    g_assert_nonnull(strstr(out->str, "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"));
    g_assert_nonnull(strstr(out->str, "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"));

    address_space_destroy(&as);
    memory_region_del_subregion(&vga, &io.mr);
    memory_region_del_subregion(&sys, &vga);
    memory_region_del_subregion(&sys, &low);
    memory_region_finalize(&io.mr);
    memory_region_finalize(&vga);
    memory_region_finalize(&low);
    memory_region_finalize(&ram);
    memory_region_finalize(&sys);
    g_string_free(io.calls, TRUE);
}

typedef struct Reader {
    AddressSpace *as;
    gint stop;
    int bad;
    gint reads;
} Reader;

static gpointer reader_thread(gpointer opaque)
{
    Reader *rd = opaque;

    while (!g_atomic_int_get(&rd->stop)) {
        uint32_t v = address_space_ldl_le(rd->as, 0x1000, NULL);

        if (v != 0xaaaaaaaa && v != 0xbbbbbbbb) {
            rd->bad++;
        }
        g_atomic_int_inc(&rd->reads);
    }
    return NULL;
}

/* A vCPU-like thread keeps reading while the map flips under it. */
static void test_concurrent_readers(void)
{
    Space s;
    MemoryRegion a, b;
    Reader rd = { .as = &s.as };
    GThread *t;

    space_init(&s, UINT64_MAX);
    ram_init(&a, "a", 0x2000);
    ram_init(&b, "b", 0x2000);
    memset(memory_region_get_ram_ptr(&a), 0xaa, 0x2000);
    memset(memory_region_get_ram_ptr(&b), 0xbb, 0x2000);
    memory_region_add_subregion(&s.root, 0, &a);
    memory_region_add_subregion_overlap(&s.root, 0, &b, 1);

    t = g_thread_new("reader", reader_thread, &rd);
    /* Flip until the reader has overlapped many changes, however scheduled. */
    for (int i = 0; i < 2000 || g_atomic_int_get(&rd.reads) < 1000; i++) {
        memory_region_set_enabled(&b, i & 1);
    }
    g_atomic_int_set(&rd.stop, 1);
    g_thread_join(t);
    g_assert_cmpint(rd.bad, ==, 0);
    g_assert_cmpint(rd.reads, >, 0);
    space_destroy(&s);
    memory_region_finalize(&a);
    memory_region_finalize(&b);
}

static void test_event_notifier(void)
{
    EventNotifier e;

    g_assert_true(event_notifier_init(&e, &error_fatal));
    g_assert_cmpint(event_notifier_get_fd(&e), >=, 0);
    g_assert_false(event_notifier_test_and_clear(&e));
    event_notifier_set(&e);
    event_notifier_set(&e);
    g_assert_true(event_notifier_test_and_clear(&e));
    g_assert_false(event_notifier_test_and_clear(&e));
    event_notifier_cleanup(&e);
    g_assert_cmpint(event_notifier_get_fd(&e), ==, -1);
}

/*
 * Writes matching an ioeventfd's offset, size and (with match_data) value
 * set its notifier and skip the callback; every other access reaches it.
 */
static void test_ioeventfd_match(void)
{
    Space s;
    TestDev d = { .ops.endianness = DEVICE_BIG_ENDIAN };
    EventNotifier any, two;

    space_init(&s, 0x10000);
    dev_init(&d, "dev", 0, 0x100);
    memory_region_add_subregion(&s.root, 0x1000, &d.mr);
    g_assert_true(event_notifier_init(&any, &error_fatal));
    g_assert_true(event_notifier_init(&two, &error_fatal));
    memory_region_add_eventfd(&d.mr, 0x10, 2, false, 0, &any);
    memory_region_add_eventfd(&d.mr, 0x20, 4, true, 2, &two);

    address_space_stw_be(&s.as, 0x1010, 0x1234, NULL);
    g_assert_true(event_notifier_test_and_clear(&any));
    assert_calls(&d, "");
    address_space_stl_be(&s.as, 0x1010, 0x1234, NULL);    /* wrong size */
    g_assert_false(event_notifier_test_and_clear(&any));
    assert_calls(&d, "w10/4=1234");
    address_space_stw_be(&s.as, 0x1012, 0x1234, NULL);    /* wrong offset */
    assert_calls(&d, "w12/2=1234");
    g_assert_cmpuint(address_space_lduw_be(&s.as, 0x1010, NULL), ==, 0);
    assert_calls(&d, "r10/2");

    address_space_stl_be(&s.as, 0x1020, 3, NULL);         /* wrong value */
    g_assert_false(event_notifier_test_and_clear(&two));
    assert_calls(&d, "w20/4=3");
    address_space_stl_be(&s.as, 0x1020, 2, NULL);
    g_assert_true(event_notifier_test_and_clear(&two));
    assert_calls(&d, "");
    /* byte buffers match in the region's byte order */
    address_space_write(&s.as, 0x1020, (uint8_t[]){ 0, 0, 0, 2 }, 4);
    g_assert_true(event_notifier_test_and_clear(&two));
    address_space_write(&s.as, 0x1020, (uint8_t[]){ 2, 0, 0, 0 }, 4);
    g_assert_false(event_notifier_test_and_clear(&two));
    assert_calls(&d, "w20/4=2000000");

    memory_region_del_eventfd(&d.mr, 0x10, 2, false, 0, &any);
    address_space_stw_be(&s.as, 0x1010, 0x1234, NULL);
    g_assert_false(event_notifier_test_and_clear(&any));
    assert_calls(&d, "w10/2=1234");

    memory_region_del_eventfd(&d.mr, 0x20, 4, true, 2, &two);
    space_destroy(&s);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
    event_notifier_cleanup(&any);
    event_notifier_cleanup(&two);
}

typedef struct EventfdRecorder {
    MemoryListener l;
    GString *log;
} EventfdRecorder;

static void rec_eventfd(MemoryListener *l, MemoryRegionSection *sec,
                        bool match_data, uint64_t data, EventNotifier *e,
                        char op)
{
    EventfdRecorder *r = container_of(l, EventfdRecorder, l);

    g_string_append_printf(r->log, "%c%" HWADDR_PRIx "/%" PRIu64, op,
                           sec->offset_within_address_space, sec->size);
    if (match_data) {
        g_string_append_printf(r->log, "=%" PRIx64, data);
    }
    g_string_append_c(r->log, ' ');
}

static void rec_eventfd_add(MemoryListener *l, MemoryRegionSection *sec,
                            bool match_data, uint64_t data, EventNotifier *e)
{
    rec_eventfd(l, sec, match_data, data, e, '+');
}

static void rec_eventfd_del(MemoryListener *l, MemoryRegionSection *sec,
                            bool match_data, uint64_t data, EventNotifier *e)
{
    rec_eventfd(l, sec, match_data, data, e, '-');
}

static void assert_eventfd_log(EventfdRecorder *r, const char *expected)
{
    g_autofree char *got = g_strchomp(g_strdup(r->log->str));

    g_assert_cmpstr(got, ==, expected);
    g_string_truncate(r->log, 0);
}

/*
 * Listeners hear ioeventfds at their address-space address, through
 * aliases, as the map changes, and on (un)register.
 */
static void test_ioeventfd_listener(void)
{
    Space s;
    TestDev d = { .ops.endianness = DEVICE_LITTLE_ENDIAN };
    MemoryRegion alias;
    EventNotifier e;
    EventfdRecorder r = {
        .l = { .eventfd_add = rec_eventfd_add,
               .eventfd_del = rec_eventfd_del },
        .log = g_string_new(""),
    };

    space_init(&s, 0x10000);
    dev_init(&d, "dev", 0, 0x100);
    g_assert_true(event_notifier_init(&e, &error_fatal));
    memory_region_add_eventfd(&d.mr, 0x8, 2, true, 5, &e);
    memory_region_add_subregion(&s.root, 0x1000, &d.mr);
    g_assert_false(address_space_eventfds_offloaded(&s.as));
    memory_listener_register(&r.l, &s.as);
    g_assert_true(address_space_eventfds_offloaded(&s.as));
    assert_eventfd_log(&r, "+1008/2=5");

    /* an alias onto the second half shows no ioeventfd, the first one does */
    memory_region_init_alias(&alias, "test", "alias", &d.mr, 0x80, 0x80);
    memory_region_add_subregion(&s.root, 0x4000, &alias);
    assert_eventfd_log(&r, "");
    memory_region_set_alias_offset(&alias, 0);
    assert_eventfd_log(&r, "+4008/2=5");

    memory_region_set_address(&d.mr, 0x2000);
    assert_eventfd_log(&r, "-1008/2=5 +2008/2=5");
    memory_region_del_subregion(&s.root, &alias);
    assert_eventfd_log(&r, "-4008/2=5");
    memory_region_del_eventfd(&d.mr, 0x8, 2, true, 5, &e);
    assert_eventfd_log(&r, "-2008/2=5");
    memory_region_add_eventfd(&d.mr, 0x0, 1, false, 0, &e);
    assert_eventfd_log(&r, "+2000/1");
    memory_listener_unregister(&r.l);
    assert_eventfd_log(&r, "-2000/1");
    g_assert_false(address_space_eventfds_offloaded(&s.as));

    memory_region_del_eventfd(&d.mr, 0x0, 1, false, 0, &e);
    space_destroy(&s);
    memory_region_finalize(&alias);
    memory_region_finalize(&d.mr);
    g_string_free(d.calls, TRUE);
    g_string_free(r.log, TRUE);
    event_notifier_cleanup(&e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/ram-round-trip", test_ram_round_trip);
    g_test_add_func("/memory/ram-cache-follows-map",
                    test_ram_cache_follows_map);
    g_test_add_func("/memory/ram-bad-size", test_ram_bad_size);
    g_test_add_func("/memory/rom-write-ignored", test_rom_write_ignored);
    g_test_add_func("/memory/priorities", test_priorities);
    g_test_add_func("/memory/aliases", test_aliases);
    g_test_add_func("/memory/container-offsets", test_container_offsets);
    g_test_add_func("/memory/unassigned", test_unassigned);
    g_test_add_func("/memory/mmio/impl-max-split", test_impl_max_split);
    g_test_add_func("/memory/mmio/native-endian", test_native_endian);
    g_test_add_func("/memory/mmio/impl-min-widen", test_impl_min_widen);
    g_test_add_func("/memory/mmio/valid-rejects", test_valid_rejects);
    g_test_add_func("/memory/mmio/unaligned-span", test_unaligned_span);
    g_test_add_func("/memory/flatview-many", test_flatview_many);
    g_test_add_func("/memory/listener-sequence", test_listener_sequence);
    g_test_add_func("/memory/transaction-once",
                    test_transaction_rebuilds_once);
    g_test_add_func("/memory/dirty-tracking", test_dirty_tracking);
    g_test_add_func("/memory/dma-map", test_dma_map);
    g_test_add_func("/memory/mtree", test_mtree);
    g_test_add_func("/memory/concurrent-readers", test_concurrent_readers);
    g_test_add_func("/memory/event-notifier", test_event_notifier);
    g_test_add_func("/memory/ioeventfd-match", test_ioeventfd_match);
    g_test_add_func("/memory/ioeventfd-listener", test_ioeventfd_listener);
    return g_test_run();
}
