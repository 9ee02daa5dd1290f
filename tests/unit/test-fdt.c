/*
 * Device tree helper: build a tree and read it back with libfdt, growth,
 * phandles, error paths, dump and load (including corrupt files), and
 * dtc parsing the dump when dtc is installed.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/fdt.h"

#include <libfdt.h>
#include <unistd.h>

static char *tmp_dir;

static char *tmp_path(const char *name)
{
    if (!tmp_dir) {
        tmp_dir = g_dir_make_tmp("kemu-fdt-XXXXXX", NULL);
        g_assert_nonnull(tmp_dir);
    }
    return g_build_filename(tmp_dir, name, NULL);
}

/* A small virt-like tree. */
static KemuFdt *build_tree(void)
{
    static const char *const compat[] = { "arm,pl011", "arm,primecell", NULL };
    const KemuFdtCell reg[] = { { 2, 0x9000000 }, { 2, 0x1000 } };
    KemuFdt *fdt = kemu_fdt_new(4096);

    g_assert_cmpint(kemu_fdt_add_node(fdt, "/soc/uart@9000000", &error_fatal),
                    >, 0);
    kemu_fdt_setprop_string(fdt, "/", "model", "kemu virt", &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/soc", "#address-cells", 2, &error_fatal);
    kemu_fdt_setprop_string_list(fdt, "/soc/uart@9000000", "compatible",
                                 compat, &error_fatal);
    kemu_fdt_setprop_sized_cells(fdt, "/soc/uart@9000000", "reg", reg, 2,
                                 &error_fatal);
    KEMU_FDT_SETPROP_CELLS(fdt, "/soc/uart@9000000", "interrupts",
                           &error_fatal, 0, 1, 4);
    kemu_fdt_setprop_u64(fdt, "/soc", "big", 0x123456789abcdef0ULL,
                         &error_fatal);
    kemu_fdt_add_node(fdt, "/chosen", &error_fatal);
    kemu_fdt_setprop_string(fdt, "/chosen", "bootargs", "console=ttyAMA0",
                            &error_fatal);
    return fdt;
}

static void check_tree(const void *blob)
{
    const fdt32_t *cells;
    const fdt64_t *big;
    const char *s;
    int uart, len;

    g_assert_cmpint(fdt_check_full(blob, fdt_totalsize(blob)), ==, 0);
    s = fdt_getprop(blob, 0, "model", NULL);
    g_assert_cmpstr(s, ==, "kemu virt");
    uart = fdt_path_offset(blob, "/soc/uart@9000000");
    g_assert_cmpint(uart, >, 0);
    g_assert_cmpint(fdt_parent_offset(blob, uart), ==,
                    fdt_path_offset(blob, "/soc"));
    g_assert_cmpint(fdt_stringlist_count(blob, uart, "compatible"), ==, 2);
    g_assert_cmpstr(fdt_stringlist_get(blob, uart, "compatible", 1, NULL),
                    ==, "arm,primecell");
    g_assert_cmpint(fdt_node_check_compatible(blob, uart, "arm,pl011"), ==, 0);
    cells = fdt_getprop(blob, uart, "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt32_to_cpu(cells[0]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(cells[1]), ==, 0x9000000);
    g_assert_cmphex(fdt32_to_cpu(cells[2]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(cells[3]), ==, 0x1000);
    cells = fdt_getprop(blob, uart, "interrupts", &len);
    g_assert_cmpint(len, ==, 12);
    g_assert_cmphex(fdt32_to_cpu(cells[2]), ==, 4);
    big = fdt_getprop(blob, fdt_path_offset(blob, "/soc"), "big", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmphex(fdt64_to_cpu(*big), ==, 0x123456789abcdef0ULL);
    s = fdt_getprop(blob, fdt_path_offset(blob, "/chosen"), "bootargs", NULL);
    g_assert_cmpstr(s, ==, "console=ttyAMA0");
}

static void test_build_and_read_back(void)
{
    g_autoptr(KemuFdt) fdt = build_tree();
    const fdt32_t *ac;
    size_t before = kemu_fdt_size(fdt);
    int len;

    check_tree(kemu_fdt_blob(fdt));
    ac = kemu_fdt_getprop(fdt, "/soc", "#address-cells", &len);
    g_assert_cmpint(len, ==, 4);
    g_assert_cmpint(fdt32_to_cpu(*ac), ==, 2);
    g_assert_null(kemu_fdt_getprop(fdt, "/soc", "nothing", NULL));
    g_assert_null(kemu_fdt_getprop(fdt, "/nowhere", "model", NULL));
    /* Adding an existing node is harmless; replacing a property works. */
    g_assert_cmpint(kemu_fdt_add_node(fdt, "/soc", &error_fatal), >, 0);
    kemu_fdt_setprop_string(fdt, "/", "model", "other", &error_fatal);
    g_assert_cmpstr(kemu_fdt_getprop(fdt, "/", "model", NULL), ==, "other");

    kemu_fdt_finish(fdt);
    g_assert_cmpuint(kemu_fdt_size(fdt), <, before);
    g_assert_cmpint(fdt_check_full(kemu_fdt_blob(fdt), kemu_fdt_size(fdt)),
                    ==, 0);
    /* Still editable after packing. */
    kemu_fdt_setprop_u32(fdt, "/chosen", "late", 7, &error_fatal);
    g_assert_nonnull(kemu_fdt_getprop(fdt, "/chosen", "late", NULL));
}

static void test_grows(void)
{
    g_autoptr(KemuFdt) fdt = kemu_fdt_new(256);
    const void *blob;

    for (int i = 0; i < 300; i++) {
        g_autofree char *path = g_strdup_printf("/bus@%d/dev@%x", i % 7, i);

        g_assert_cmpint(kemu_fdt_add_node(fdt, path, &error_fatal), >, 0);
        kemu_fdt_setprop_u32(fdt, path, "index", i, &error_fatal);
    }
    blob = kemu_fdt_blob(fdt);
    g_assert_cmpint(fdt_check_full(blob, kemu_fdt_size(fdt)), ==, 0);
    g_assert_cmpuint(kemu_fdt_size(fdt), >, 256);
    for (int i = 0; i < 300; i++) {
        g_autofree char *path = g_strdup_printf("/bus@%d/dev@%x", i % 7, i);
        const fdt32_t *v = kemu_fdt_getprop(fdt, path, "index", NULL);

        g_assert_nonnull(v);
        g_assert_cmpint(fdt32_to_cpu(*v), ==, i);
    }
}

static void test_phandles(void)
{
    g_autoptr(KemuFdt) fdt = kemu_fdt_new(1024);
    const void *blob;
    uint32_t intc, a, b;
    const fdt32_t *ref;

    kemu_fdt_add_node(fdt, "/intc@8000000", &error_fatal);
    kemu_fdt_add_node(fdt, "/uart", &error_fatal);
    kemu_fdt_add_node(fdt, "/rtc", &error_fatal);
    kemu_fdt_setprop_phandle(fdt, "/uart", "interrupt-parent",
                             "/intc@8000000", &error_fatal);
    kemu_fdt_setprop_phandle(fdt, "/rtc", "interrupt-parent",
                             "/intc@8000000", &error_fatal);
    intc = kemu_fdt_node_phandle(fdt, "/intc@8000000", &error_fatal);
    g_assert_cmpuint(intc, !=, 0);
    blob = kemu_fdt_blob(fdt);
    g_assert_cmpint(fdt_node_offset_by_phandle(blob, intc), ==,
                    fdt_path_offset(blob, "/intc@8000000"));
    ref = kemu_fdt_getprop(fdt, "/rtc", "interrupt-parent", NULL);
    g_assert_cmpuint(fdt32_to_cpu(*ref), ==, intc);
    /* Fresh phandles never collide, even before they are used. */
    a = kemu_fdt_alloc_phandle(fdt);
    b = kemu_fdt_alloc_phandle(fdt);
    g_assert_cmpuint(a, !=, intc);
    g_assert_cmpuint(b, !=, intc);
    g_assert_cmpuint(a, !=, b);
    g_assert_cmpuint(kemu_fdt_node_phandle(fdt, "/uart", &error_fatal), >, b);
}

static void expect_error(Error *err, const char *needle)
{
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), needle)) {
        g_error("'%s' does not contain '%s'", error_get_pretty(err), needle);
    }
    error_free(err);
}

static void test_edit_errors(void)
{
    g_autoptr(KemuFdt) fdt = kemu_fdt_new(1024);
    const KemuFdtCell wide[] = { { 1, 0x100000000ULL } };
    Error *err = NULL;

    g_assert_false(kemu_fdt_setprop_u32(fdt, "/missing", "x", 1, &err));
    expect_error(err, "no node '/missing'");
    err = NULL;
    g_assert_cmpint(kemu_fdt_add_node(fdt, "soc", &err), ==, -1);
    expect_error(err, "'soc' is not absolute");
    err = NULL;
    g_assert_cmpint(kemu_fdt_add_node(fdt, "/a//b", &err), ==, -1);
    expect_error(err, "not absolute");
    err = NULL;
    g_assert_false(kemu_fdt_setprop_sized_cells(fdt, "/", "reg", wide, 1,
                                                &err));
    expect_error(err, "does not fit in 1 cell");
    err = NULL;
    g_assert_cmpuint(kemu_fdt_node_phandle(fdt, "/nope", &err), ==, 0);
    expect_error(err, "no node '/nope'");
    g_assert_null(kemu_fdt_getprop(fdt, "/", "reg", NULL));
}

static void test_dump_and_load(void)
{
    g_autoptr(KemuFdt) fdt = build_tree();
    g_autoptr(KemuFdt) loaded = NULL;
    g_autofree char *path = tmp_path("virt.dtb");

    kemu_fdt_finish(fdt);
    g_assert_true(kemu_fdt_dump(fdt, path, &error_fatal));
    loaded = kemu_fdt_load(path, &error_fatal);
    check_tree(kemu_fdt_blob(loaded));
    /* A board can add to a loaded tree. */
    g_assert_true(kemu_fdt_setprop_string(loaded, "/chosen", "bootargs",
                                          "console=ttyAMA0 root=/dev/vda",
                                          &error_fatal));
    g_assert_cmpstr(kemu_fdt_getprop(loaded, "/chosen", "bootargs", NULL), ==,
                    "console=ttyAMA0 root=/dev/vda");
    unlink(path);
}

static void expect_load_error(const char *path, const char *needle)
{
    Error *err = NULL;

    g_assert_null(kemu_fdt_load(path, &err));
    expect_error(err, needle);
}

static void test_load_rejects_bad_files(void)
{
    g_autoptr(KemuFdt) fdt = build_tree();
    g_autofree char *missing = tmp_path("missing.dtb");
    g_autofree char *garbage = tmp_path("garbage.dtb");
    g_autofree char *tiny = tmp_path("tiny.dtb");
    g_autofree char *trunc = tmp_path("trunc.dtb");
    g_autofree char *corrupt = tmp_path("corrupt.dtb");
    g_autofree char *huge = tmp_path("huge.dtb");
    g_autofree uint8_t *copy = NULL;
    const uint8_t *blob;
    size_t size;
    FILE *f;

    kemu_fdt_finish(fdt);
    blob = kemu_fdt_blob(fdt);
    size = kemu_fdt_size(fdt);

    expect_load_error(missing, "cannot open device tree");
    g_assert_true(g_file_set_contents(garbage, "this is no device tree at "
                                      "all, just text of some length", -1,
                                      NULL));
    expect_load_error(garbage, "is not a valid device tree blob");
    g_assert_true(g_file_set_contents(tiny, "\xd0\x0d", 2, NULL));
    expect_load_error(tiny, "too small");
    g_assert_true(g_file_set_contents(trunc, (const char *)blob, size / 2,
                                      NULL));
    expect_load_error(trunc, "truncated");

    /* Break the structure block: the first node's begin tag. */
    copy = g_memdup2(blob, size);
    copy[fdt_off_dt_struct(blob) + 3] = 0x7f;
    g_assert_true(g_file_set_contents(corrupt, (const char *)copy, size,
                                      NULL));
    expect_load_error(corrupt, "is corrupt");

    f = fopen(huge, "w");
    g_assert_nonnull(f);
    g_assert_cmpint(ftruncate(fileno(f), KEMU_FDT_MAX_SIZE + 1), ==, 0);
    fclose(f);
    expect_load_error(huge, "too large");
    unlink(garbage);
    unlink(tiny);
    unlink(trunc);
    unlink(corrupt);
    unlink(huge);
}

static void test_dtc_parses_dump(void)
{
    g_autofree char *dtc = g_find_program_in_path("dtc");
    g_autoptr(KemuFdt) fdt = build_tree();
    g_autofree char *path = tmp_path("for-dtc.dtb");
    g_autofree char *out = NULL, *err = NULL;
    int status;

    if (!dtc) {
        g_test_skip("dtc not installed (Debian: device-tree-compiler)");
        return;
    }
    kemu_fdt_setprop_phandle(fdt, "/soc/uart@9000000", "interrupt-parent",
                             "/soc", &error_fatal);
    kemu_fdt_finish(fdt);
    g_assert_true(kemu_fdt_dump(fdt, path, &error_fatal));
    g_assert_true(g_spawn_sync(NULL, (char *[]){ dtc, "-I", "dtb", "-O",
                                                 "dts", path, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_error("dtc failed: %s", err);
    }
    g_assert_nonnull(strstr(out, "uart@9000000 {"));
    /* dtc versions print string lists as "a\0b" or "a", "b". */
    g_assert_true(
        strstr(out, "compatible = \"arm,pl011\\0arm,primecell\";") ||
        strstr(out, "compatible = \"arm,pl011\", \"arm,primecell\";"));
    g_assert_nonnull(strstr(out, "reg = <0x00 0x9000000 0x00 0x1000>;"));
    g_assert_nonnull(strstr(out, "bootargs = \"console=ttyAMA0\";"));
    g_assert_nonnull(strstr(out, "phandle = <0x01>;"));
    unlink(path);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fdt/build-and-read-back", test_build_and_read_back);
    g_test_add_func("/fdt/grows", test_grows);
    g_test_add_func("/fdt/phandles", test_phandles);
    g_test_add_func("/fdt/edit-errors", test_edit_errors);
    g_test_add_func("/fdt/dump-and-load", test_dump_and_load);
    g_test_add_func("/fdt/load-rejects-bad-files",
                    test_load_rejects_bad_files);
    g_test_add_func("/fdt/dtc-parses-dump", test_dtc_parses_dump);
    ret = g_test_run();
    if (tmp_dir) {
        rmdir(tmp_dir);
    }
    return ret;
}
