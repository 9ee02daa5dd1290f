/*
 * x86 direct Linux boot: setup header parsing of synthetic bzImages (good
 * and corrupt), boot_params contents, command line, initrd placement, the
 * E820 map, error paths that write nothing, and the Debian amd64 kernel
 * from the guest asset cache (skipped when it is not there).
 */
#include "kemu/osdep.h"
#include "hw/i386/x86-linux-boot.h"

#include <unistd.h>

#define MiB (1024ull * 1024)

typedef struct Blob {
    uint64_t addr;
    GBytes *data;
} Blob;

static GArray *blobs;       /* what the loader wrote, in order */

static bool capture(void *opaque, uint64_t addr, const void *buf, size_t len,
                    Error **errp)
{
    Blob b = { addr, g_bytes_new(buf, len) };

    g_array_append_val(blobs, b);
    return true;
}

static void blobs_reset(void)
{
    for (guint i = 0; blobs && i < blobs->len; i++) {
        g_bytes_unref(g_array_index(blobs, Blob, i).data);
    }
    g_clear_pointer(&blobs, g_array_unref);
    blobs = g_array_new(FALSE, FALSE, sizeof(Blob));
}

/* Guest bytes at addr, which some write must have covered. */
static const uint8_t *guest(uint64_t addr, size_t len)
{
    for (guint i = 0; i < blobs->len; i++) {
        Blob *b = &g_array_index(blobs, Blob, i);
        gsize size;
        const uint8_t *p = g_bytes_get_data(b->data, &size);

        if (addr >= b->addr && addr + len <= b->addr + size) {
            return p + (addr - b->addr);
        }
    }
    g_assert_not_reached();
}

static uint32_t g32(uint64_t addr)
{
    const uint8_t *p = guest(addr, 4);

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t g16(uint64_t addr)
{
    const uint8_t *p = guest(addr, 2);

    return p[0] | p[1] << 8;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

/* A bzImage with setup_sects 4 and a kernel_len byte pattern. */
static uint8_t *make_image(uint16_t version, uint16_t xlf, size_t kernel_len,
                           size_t *len)
{
    size_t setup = 5 * 512;
    uint8_t *b = g_malloc0(setup + kernel_len);

    b[0x1f1] = 4;
    put32(b + 0x1f4, kernel_len / 16);
    put16(b + 0x1fe, 0xaa55);
    b[0x200] = 0xeb;
    b[0x201] = 0x6a;                        /* header ends at 0x26c */
    memcpy(b + 0x202, "HdrS", 4);
    put16(b + 0x206, version);
    b[0x211] = 0x01;                        /* LOADED_HIGH */
    put32(b + 0x22c, 0x7fffffff);
    put32(b + 0x230, 2 * MiB);
    b[0x234] = 1;
    put16(b + 0x236, xlf);
    put32(b + 0x238, 255);
    put32(b + 0x258, 16 * MiB);             /* pref_address */
    put32(b + 0x260, 32 * MiB);             /* init_size */
    for (size_t i = 0; i < kernel_len; i++) {
        b[setup + i] = i * 7;
    }
    *len = setup + kernel_len;
    return b;
}

static void test_parse_good(void)
{
    size_t len;
    g_autofree uint8_t *b = make_image(0x020f, 0x7f, 64 * 1024, &len);
    X86BzImage img;

    g_assert_true(x86_bzimage_parse("good", b, len, &img, &error_fatal));
    g_assert_cmphex(img.version, ==, 0x020f);
    g_assert_cmpuint(img.setup_sects, ==, 4);
    g_assert_cmpuint(img.kernel_offset, ==, 5 * 512);
    g_assert_cmpuint(img.kernel_size, ==, 64 * 1024);
    g_assert_cmphex(img.syssize, ==, 64 * 1024 / 16);
    g_assert_cmphex(img.pref_address, ==, 16 * MiB);
    g_assert_cmphex(img.init_size, ==, 32 * MiB);
    g_assert_cmpuint(img.cmdline_size, ==, 255);
    g_assert_cmpuint(img.header_end, ==, 0x26c);
    g_assert_true(img.relocatable);
    /* setup_sects 0 means 4. */
    b[0x1f1] = 0;
    g_assert_true(x86_bzimage_parse("good", b, len, &img, &error_fatal));
    g_assert_cmpuint(img.kernel_offset, ==, 5 * 512);
}

static void expect_parse_error(const uint8_t *b, size_t len, const char *msg)
{
    X86BzImage img;
    Error *err = NULL;

    g_assert_false(x86_bzimage_parse("bad.img", b, len, &img, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), msg);
    }
    g_assert_nonnull(strstr(error_get_pretty(err), "bad.img"));
    error_free(err);
}

static void test_parse_corrupt(void)
{
    size_t len;
    g_autofree uint8_t *b = make_image(0x020f, 0x7f, 4096, &len);
    g_autofree uint8_t *old = make_image(0x0206, 0x7f, 4096, &len);
    g_autofree uint8_t *no64 = make_image(0x020f, 0x02, 4096, &len);

    expect_parse_error(b, 0x100, "not a Linux bzImage");
    expect_parse_error(old, len, "boot protocol 2.06 is too old");
    expect_parse_error(no64, len, "XLF_KERNEL_64");
    expect_parse_error(b, len - 16, "truncated or corrupt");
    b[0x1f1] = 200;                         /* setup beyond the file */
    expect_parse_error(b, len, "truncated or corrupt");
    b[0x1f1] = 4;
    put32(b + 0x1f4, 0);
    expect_parse_error(b, len, "syssize 0x0");
    put32(b + 0x1f4, 4096 / 16);
    put32(b + 0x230, 3 * MiB);
    expect_parse_error(b, len, "kernel_alignment");
    put32(b + 0x230, 2 * MiB);
    memcpy(b + 0x202, "HdrX", 4);
    expect_parse_error(b, len, "not a Linux bzImage");
}

static const X86E820Entry test_e820[] = {
    { 0, 0x9fc00, E820_RAM },
    { 0x9fc00, 0x400, E820_RESERVED },
    { 0xe0000, 0x20000, E820_RESERVED },
    { MiB, 255 * MiB, E820_RAM },
};

static X86LinuxBootConfig test_config(const char *cmdline)
{
    return (X86LinuxBootConfig){
        .cmdline = cmdline,
        .lowmem = 256 * MiB,
        .e820 = test_e820,
        .e820_entries = G_N_ELEMENTS(test_e820),
        .acpi_rsdp_addr = 0xf0000,
        .vga_text = true,
    };
}

static void test_setup(void)
{
    size_t len;
    g_autofree uint8_t *b = make_image(0x020f, 0x7f, 64 * 1024, &len);
    uint8_t initrd[10000];
    LoaderTarget t = { capture, NULL, 0, 256 * MiB };
    X86LinuxBootConfig cfg = test_config("console=ttyS0 quiet");
    X86LinuxBootInfo info;
    const uint64_t bp = X86_BOOT_PARAMS_ADDR;

    memset(initrd, 0x5a, sizeof(initrd));
    blobs_reset();
    g_assert_true(x86_linux_setup("k", b, len, "i", initrd, sizeof(initrd),
                                  &cfg, &t, &info, &error_fatal));
    g_assert_cmphex(info.entry64, ==, 0x100200);
    g_assert_cmphex(info.boot_params, ==, bp);
    g_assert_cmphex(info.kernel_end, ==, 48 * MiB);  /* pref + init_size */
    /* The protected-mode kernel at 1 MiB. */
    g_assert_cmpmem(guest(MiB, 64 * 1024), 64 * 1024, b + 5 * 512, 64 * 1024);
    /* The initrd: page-aligned, as high as RAM allows. */
    g_assert_cmphex(info.initrd_addr, ==, (256 * MiB - 10000) & ~0xfffull);
    g_assert_cmpuint(info.initrd_size, ==, 10000);
    g_assert_cmpmem(guest(info.initrd_addr, 10000), 10000, initrd, 10000);
    g_assert_cmpstr((const char *)guest(X86_CMDLINE_ADDR, 20), ==,
                    "console=ttyS0 quiet");
    /* boot_params. */
    g_assert_cmphex(g32(bp + 0x202), ==, 0x53726448);
    g_assert_cmphex(g16(bp + 0x206), ==, 0x020f);
    g_assert_cmphex(g16(bp + 0x1fe), ==, 0xaa55);
    g_assert_cmphex(*guest(bp + 0x210, 1), ==, 0xff);
    g_assert_cmphex(g16(bp + 0x1fa), ==, 0xffff);
    g_assert_cmphex(g32(bp + 0x228), ==, X86_CMDLINE_ADDR);
    g_assert_cmphex(g32(bp + 0x218), ==, info.initrd_addr);
    g_assert_cmphex(g32(bp + 0x21c), ==, 10000);
    g_assert_cmphex(g32(bp + 0x258), ==, 16 * MiB);  /* copied header */
    g_assert_cmphex(*guest(bp + 0x1ef, 1), ==, 0);   /* sentinel */
    g_assert_cmphex(g32(bp + 0x70), ==, 0xf0000);    /* acpi_rsdp_addr */
    g_assert_cmpuint(*guest(bp + 0x07, 1), ==, 80);
    g_assert_cmpuint(*guest(bp + 0x0e, 1), ==, 25);
    g_assert_cmpuint(*guest(bp + 0x1e8, 1), ==, 4);
    g_assert_cmphex(g32(bp + 0x2d0 + 3 * 20), ==, MiB);
    g_assert_cmphex(g32(bp + 0x2d0 + 3 * 20 + 8), ==, 255 * MiB);
    g_assert_cmpuint(g32(bp + 0x2d0 + 3 * 20 + 16), ==, E820_RAM);
    g_assert_cmpuint(g32(bp + 0x2d0 + 1 * 20 + 16), ==, E820_RESERVED);
    /* Without an initrd or command line. */
    cfg = test_config(NULL);
    cfg.vga_text = false;
    blobs_reset();
    g_assert_true(x86_linux_setup("k", b, len, NULL, NULL, 0, &cfg, &t,
                                  &info, &error_fatal));
    g_assert_cmpuint(info.initrd_size, ==, 0);
    g_assert_cmphex(g32(bp + 0x218), ==, 0);
    g_assert_cmpuint(*guest(bp + 0x07, 1), ==, 0);   /* no text console */
    g_assert_cmpuint(*guest(X86_CMDLINE_ADDR, 1), ==, 0);
}

static void expect_setup_error(const uint8_t *b, size_t len, size_t initrd_len,
                               X86LinuxBootConfig *cfg, const char *msg)
{
    LoaderTarget t = { capture, NULL, 0, cfg->lowmem };
    g_autofree uint8_t *initrd = g_malloc0(initrd_len + 1);
    X86LinuxBootInfo info;
    Error *err = NULL;

    blobs_reset();
    g_assert_false(x86_linux_setup("vmlinuz", b, len, "initrd.img", initrd,
                                   initrd_len, cfg, &t, &info, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), msg);
    }
    error_free(err);
    g_assert_cmpuint(blobs->len, ==, 0);    /* nothing written */
}

static void test_setup_errors(void)
{
    size_t len;
    g_autofree uint8_t *b = make_image(0x020f, 0x7f, 4096, &len);
    g_autofree char *longline = g_strnfill(256, 'x');
    X86LinuxBootConfig cfg = test_config(longline);

    expect_setup_error(b, len, 0, &cfg, "command line is 256 bytes");
    cfg = test_config(NULL);
    expect_setup_error(b, len, 209 * MiB, &cfg, "-initrd 'initrd.img' is "
                       "too big");
    cfg.lowmem = 40 * MiB;
    expect_setup_error(b, len, 0, &cfg, "needs RAM up to 0x3000000");
    /* initrd_addr_max caps the initrd below RAM's end. */
    put32(b + 0x22c, 64 * MiB - 1);
    cfg = test_config(NULL);
    expect_setup_error(b, len, 17 * MiB, &cfg, "too big");
    b[0x211] = 0;
    b[0x1f1] = 100;
    expect_setup_error(b, len, 0, &cfg, "truncated");
}

static void test_e820_pc_map(void)
{
    GArray *m = x86_e820_pc_map(3072 * MiB, 2048 * MiB);
    X86E820Entry *e = (X86E820Entry *)m->data;

    g_assert_cmpuint(m->len, ==, 5);
    g_assert_cmphex(e[0].size, ==, 0x9fc00);
    g_assert_cmpuint(e[1].type, ==, E820_RESERVED);
    g_assert_cmphex(e[2].addr, ==, 0xe0000);
    g_assert_cmphex(e[3].addr, ==, MiB);
    g_assert_cmphex(e[3].size, ==, 2047 * MiB);
    g_assert_cmphex(e[4].addr, ==, 4096 * MiB);
    g_assert_cmphex(e[4].size, ==, 1024 * MiB);
    x86_e820_add(m, 0xfec00000, 0x1000, E820_RESERVED);
    e = (X86E820Entry *)m->data;
    g_assert_cmphex(e[4].addr, ==, 0xfec00000);
    g_assert_cmphex(e[5].addr, ==, 4096 * MiB);
    g_array_unref(m);
    /* Small RAM: nothing above 4 GiB. */
    m = x86_e820_pc_map(128 * MiB, 3072 * MiB);
    g_assert_cmpuint(m->len, ==, 4);
    g_assert_cmphex(g_array_index(m, X86E820Entry, 3).size, ==, 127 * MiB);
    g_array_unref(m);
}

static void test_load_file_errors(void)
{
    size_t len;
    g_autofree uint8_t *b = make_image(0x020f, 0x7f, 4096, &len);
    g_autofree char *kpath = NULL, *ipath = NULL;
    X86LinuxBootConfig cfg = test_config(NULL);
    X86LinuxBootInfo info;
    Error *err = NULL;
    int fd;

    g_assert_false(x86_linux_load("/nonexistent/vmlinuz", NULL, &cfg, &info,
                                  &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "-kernel: "));
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/vmlinuz"));
    g_clear_pointer(&err, error_free);
    fd = g_file_open_tmp("kemu-bz-XXXXXX", &kpath, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(kpath, (char *)b, len, NULL));
    fd = g_file_open_tmp("kemu-initrd-XXXXXX", &ipath, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_false(x86_linux_load(kpath, ipath, &cfg, &info, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "is empty"));
    g_clear_pointer(&err, error_free);
    g_assert_false(x86_linux_load(kpath, "/nonexistent/initrd", &cfg, &info,
                                  &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "-initrd: "));
    g_clear_pointer(&err, error_free);
    unlink(kpath);
    unlink(ipath);
}

static char *asset(const char *name)
{
    const char *cache = g_getenv("KEMU_CACHE");
    g_autofree char *root = cache ? g_strdup(cache)
                          : g_build_filename(g_get_home_dir(), ".cache",
                                             "kemu", NULL);

    return g_build_filename(root, "x86_64", "current", name, NULL);
}

static void test_debian_kernel(void)
{
    g_autofree char *kpath = asset("vmlinuz");
    g_autofree char *ipath = asset("initrd.gz");
    g_autofree uint8_t *k = NULL, *i = NULL;
    gsize klen, ilen;
    X86BzImage img;
    X86LinuxBootConfig cfg = test_config("console=ttyS0");
    LoaderTarget t = { capture, NULL, 0, 512 * MiB };
    X86LinuxBootInfo info;

    if (!g_file_get_contents(kpath, (char **)&k, &klen, NULL) ||
        !g_file_get_contents(ipath, (char **)&i, &ilen, NULL)) {
        g_test_skip("no Debian amd64 kernel: run scripts/fetch-guest-assets.sh "
                    "x86_64");
        return;
    }
    g_assert_true(x86_bzimage_parse(kpath, k, klen, &img, &error_fatal));
    g_assert_cmphex(img.version, >=, 0x020c);
    g_assert_true(img.xloadflags & XLF_KERNEL_64);
    g_assert_true(img.relocatable);
    g_assert_cmphex(img.kernel_alignment, ==, 2 * MiB);
    g_assert_cmpuint(img.cmdline_size, >=, 255);
    g_assert_cmpuint(img.kernel_offset + img.syssize * 16, <=, klen);
    cfg.lowmem = 512 * MiB;
    blobs_reset();
    g_assert_true(x86_linux_setup(kpath, k, klen, ipath, i, ilen, &cfg, &t,
                                  &info, &error_fatal));
    g_assert_cmphex(info.entry64, ==, 0x100200);
    g_assert_cmphex(info.kernel_end, ==, img.pref_address + img.init_size);
    g_assert_cmphex(info.initrd_addr, >=, info.kernel_end);
    g_assert_cmphex(info.initrd_addr + ilen, <=, 512 * MiB);
    g_assert_cmphex(g16(X86_BOOT_PARAMS_ADDR + 0x206), ==, img.version);
    g_assert_cmpmem(guest(info.initrd_addr, ilen), ilen, i, ilen);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-linux-boot/parse-good", test_parse_good);
    g_test_add_func("/x86-linux-boot/parse-corrupt", test_parse_corrupt);
    g_test_add_func("/x86-linux-boot/setup", test_setup);
    g_test_add_func("/x86-linux-boot/setup-errors", test_setup_errors);
    g_test_add_func("/x86-linux-boot/e820-pc-map", test_e820_pc_map);
    g_test_add_func("/x86-linux-boot/load-file-errors", test_load_file_errors);
    g_test_add_func("/x86-linux-boot/debian-kernel", test_debian_kernel);
    ret = g_test_run();
    blobs_reset();
    g_array_unref(blobs);
    return ret;
}
