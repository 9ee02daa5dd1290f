/*
 * qcow2 driver: read/write patterns against a shadow buffer, discard,
 * backing files and copy-on-write, compressed clusters, refcount
 * consistency (the driver's own check), growth of every table, corrupt
 * or unsupported images, and threads reading and writing at once (the
 * driver is thread-safe: data reads run outside its lock).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static void create_qcow2(const char *path, uint64_t size, uint64_t cs,
                         const char *backing, const char *backing_fmt)
{
    BlockCreateOptions o = { .size = size, .cluster_size = cs,
                             .backing_file = backing,
                             .backing_fmt = backing_fmt };

    g_assert_true(bdrv_create("qcow2", path, &o, &error_fatal));
}

static BlockDriverState *open_img(const char *path, int flags)
{
    return bdrv_open(path, "qcow2", flags, BDRV_CACHE_WRITEBACK,
                     &error_fatal);
}

static void fill_random(GRand *r, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = g_rand_int(r);
    }
}

static void assert_clean(BlockDriverState *bs)
{
    BdrvCheckResult res;

    g_assert_cmpint(bdrv_check(bs, &res, BDRV_CHECK_ONLY), ==, 0);
    g_assert_cmpint(res.corruptions, ==, 0);
    g_assert_cmpint(res.leaks, ==, 0);
    g_assert_cmpint(res.check_errors, ==, 0);
}

static void assert_image_equals(BlockDriverState *bs, const uint8_t *shadow,
                                uint64_t size)
{
    g_autofree uint8_t *buf = g_malloc(size);

    g_assert_cmpint(bdrv_pread(bs, 0, buf, size), ==, 0);
    g_assert_true(memcmp(buf, shadow, size) == 0);
}

/* Unaligned, cross-cluster, sparse and overwriting writes. */
static void run_patterns(uint64_t cs)
{
    g_autofree char *path = tmp_path("patterns.qcow2");
    const uint64_t size = 4 * 1024 * 1024;
    g_autofree uint8_t *shadow = g_malloc0(size);
    g_autofree uint8_t *buf = g_malloc(3 * cs + 100);
    GRand *r = g_rand_new_with_seed(cs);
    BlockDriverState *bs;
    const uint64_t fixed[][2] = {
        { 1, 17 }, { cs - 5, 10 }, { 3 * cs + 7, 2 * cs + 3 },
        { size - 100, 100 }, { 0, 1 }, { cs - 5, 3 },
    };

    create_qcow2(path, size, cs, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    for (size_t i = 0; i < G_N_ELEMENTS(fixed) + 200; i++) {
        uint64_t off, len;

        if (i < G_N_ELEMENTS(fixed)) {
            off = fixed[i][0];
            len = fixed[i][1];
        } else {
            len = g_rand_int_range(r, 1, 3 * cs + 100);
            off = g_rand_int_range(r, 0, size - len);
        }
        fill_random(r, buf, len);
        g_assert_cmpint(bdrv_pwrite(bs, off, buf, len), ==, 0);
        memcpy(shadow + off, buf, len);
    }
    assert_image_equals(bs, shadow, size);
    g_assert_cmpint(bdrv_pread(bs, size - 1, buf, 2), ==, -EIO);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);
    /* Everything survives a reopen. */
    bs = open_img(path, 0);
    assert_image_equals(bs, shadow, size);
    assert_clean(bs);
    bdrv_close(bs);
    g_rand_free(r);
}

static void test_patterns_64k(void)
{
    run_patterns(65536);
}

static void test_patterns_4k(void)
{
    run_patterns(4096);
}

static void test_discard(void)
{
    g_autofree char *path = tmp_path("discard.qcow2");
    g_autofree uint8_t *buf = g_malloc(3 * 65536);
    g_autofree uint8_t *zero = g_malloc0(3 * 65536);
    BlockDriverState *bs;

    create_qcow2(path, 1024 * 1024, 0, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    memset(buf, 0x5a, 3 * 65536);
    g_assert_cmpint(bdrv_pwrite(bs, 0, buf, 3 * 65536), ==, 0);
    g_assert_cmpint(bdrv_discard(bs, 65536, 65536), ==, 0);
    g_assert_cmpint(bdrv_pread(bs, 65536, buf, 65536), ==, 0);
    g_assert_true(memcmp(buf, zero, 65536) == 0);
    g_assert_cmpint(bdrv_pread(bs, 0, buf, 1), ==, 0);
    g_assert_cmpint(buf[0], ==, 0x5a);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);
}

/* Reads fall through to the backing file; partial writes copy the rest
 * of the cluster from it; the backing file is never written. */
static void test_backing_cow(void)
{
    g_autofree char *base = tmp_path("base.raw");
    g_autofree char *top = tmp_path("top.qcow2");
    const uint64_t size = 512 * 1024;
    g_autofree uint8_t *pattern = g_malloc(size);
    g_autofree uint8_t *buf = g_malloc(size);
    BlockCreateOptions ro = { .size = size };
    BlockDriverState *bs;

    for (uint64_t i = 0; i < size; i++) {
        pattern[i] = i * 7 + 3;
    }
    g_assert_true(bdrv_create("raw", base, &ro, &error_fatal));
    bs = bdrv_open(base, "raw", BDRV_O_RDWR, 0, &error_fatal);
    g_assert_cmpint(bdrv_pwrite(bs, 0, pattern, size), ==, 0);
    bdrv_close(bs);

    create_qcow2(top, size, 0, "base.raw", "raw");
    bs = open_img(top, BDRV_O_RDWR);
    g_assert_nonnull(bs->backing);
    assert_image_equals(bs, pattern, size);
    memset(pattern + 70000, 0xee, 100);
    g_assert_cmpint(bdrv_pwrite(bs, 70000, pattern + 70000, 100), ==, 0);
    assert_image_equals(bs, pattern, size);
    /* Discard on an overlay hides the backing data (zero flag). */
    g_assert_cmpint(bdrv_discard(bs, 131072, 65536), ==, 0);
    memset(pattern + 131072, 0, 65536);
    assert_image_equals(bs, pattern, size);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);

    bs = bdrv_open(base, "raw", 0, 0, &error_fatal);
    g_assert_cmpint(bdrv_pread(bs, 70000, buf, 100), ==, 0);
    g_assert_cmpint(buf[0], ==, (uint8_t)(70000 * 7 + 3));
    bdrv_close(bs);
}

static void test_compressed(void)
{
    g_autofree char *path = tmp_path("comp.qcow2");
    const uint64_t cs = 65536, size = 32 * cs;
    g_autofree uint8_t *shadow = g_malloc0(size);
    BlockDriverState *bs;
    struct stat st;

    for (uint64_t i = 0; i < size; i++) {
        shadow[i] = (i / 1000) & 0xff;   /* compressible */
    }
    create_qcow2(path, size, cs, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    for (uint64_t off = 0; off < size; off += cs) {
        g_assert_cmpint(bdrv_pwrite_compressed(bs, off, shadow + off, cs),
                        ==, 0);
    }
    g_assert_cmpint(bdrv_pwrite_compressed(bs, 100, shadow, cs), ==,
                    -EINVAL);
    assert_image_equals(bs, shadow, size);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_size, <, size / 2);
    /* A partial overwrite of a compressed cluster copies it first. */
    memset(shadow + cs + 10, 0x77, 20);
    g_assert_cmpint(bdrv_pwrite(bs, cs + 10, shadow + cs + 10, 20), ==, 0);
    assert_image_equals(bs, shadow, size);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);
}

/* 512-byte clusters: the L1 table and the refcount table must grow. */
static void test_table_growth(void)
{
    g_autofree char *path = tmp_path("grow.qcow2");
    const uint64_t size = 12 * 1024 * 1024;
    g_autofree uint8_t *shadow = g_malloc0(size);
    BlockDriverState *bs;

    create_qcow2(path, 64 * 1024, 512, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    g_assert_true(bdrv_truncate(bs, size, &error_fatal));
    g_assert_false(bdrv_truncate(bs, 1024, NULL));
    g_assert_cmpint(bdrv_getlength(bs), ==, size);
    for (uint64_t i = 0; i < size; i++) {
        shadow[i] = i % 251;
    }
    g_assert_cmpint(bdrv_pwrite(bs, 0, shadow, size), ==, 0);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);
    bs = open_img(path, 0);
    assert_image_equals(bs, shadow, size);
    bdrv_close(bs);
}

static uint64_t read_be64(int fd, off_t off)
{
    uint64_t v;

    g_assert_cmpint(pread(fd, &v, 8, off), ==, 8);
    return GUINT64_FROM_BE(v);
}

static void write_be64(int fd, off_t off, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    g_assert_cmpint(pwrite(fd, &v, 8, off), ==, 8);
}

static void write_be32(int fd, off_t off, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    g_assert_cmpint(pwrite(fd, &v, 4, off), ==, 4);
}

/* A refcount with no reference is a leak; -r leaks repairs it. */
static void test_check_leak(void)
{
    g_autofree char *path = tmp_path("leak.qcow2");
    BdrvCheckResult res;
    BlockDriverState *bs;
    uint64_t rb;
    uint16_t one = GUINT16_TO_BE(1);
    int fd;

    create_qcow2(path, 1024 * 1024, 0, NULL, NULL);
    fd = open(path, O_RDWR);
    rb = read_be64(fd, read_be64(fd, 48));
    /* Cluster 10 is past the end of the metadata and unused. */
    g_assert_cmpint(pwrite(fd, &one, 2, rb + 20), ==, 2);
    g_assert_cmpint(ftruncate(fd, 11 * 65536), ==, 0);
    close(fd);
    bs = open_img(path, 0);
    g_assert_cmpint(bdrv_check(bs, &res, BDRV_CHECK_ONLY), ==, 0);
    g_assert_cmpint(res.leaks, ==, 1);
    g_assert_cmpint(res.corruptions, ==, 0);
    bdrv_close(bs);
    bs = open_img(path, BDRV_O_RDWR | BDRV_O_CHECK);
    g_assert_cmpint(bdrv_check(bs, &res, BDRV_FIX_LEAKS), ==, 0);
    g_assert_cmpint(res.leaks_fixed, ==, 1);
    assert_clean(bs);
    bdrv_close(bs);
}

/* Header damage is a clear error at open. */
static void test_bad_headers(void)
{
    static const struct {
        off_t off;
        int width;
        uint64_t value;
        const char *msg;
    } cases[] = {
        { 0, 4, 0x12345678, "not in qcow2 format" },
        { 4, 4, 4, "Unsupported qcow2 version 4" },
        { 20, 4, 30, "Unsupported cluster size" },
        { 96, 4, 5, "Unsupported refcount width: 32 bits" },
        { 40, 8, 1ULL << 40, "Invalid L1 table offset" },
        { 48, 8, 1ULL << 40, "Invalid reference count table offset" },
        { 36, 4, 0, "L1 table size" },
        { 72, 8, 1ULL << 20, "Unsupported qcow2 feature(s)" },
        { 32, 4, 1, "Encrypted" },
    };
    g_autofree char *path = tmp_path("bad.qcow2");

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;
        int fd;

        create_qcow2(path, 1024 * 1024 * 1024, 0, NULL, NULL);
        fd = open(path, O_RDWR);
        if (cases[i].width == 4) {
            write_be32(fd, cases[i].off, cases[i].value);
        } else {
            write_be64(fd, cases[i].off, cases[i].value);
        }
        close(fd);
        g_assert_null(bdrv_open(path, "qcow2", 0, 0, &err));
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), cases[i].msg)) {
            g_error("case %zu: '%s' lacks '%s'", i, error_get_pretty(err),
                    cases[i].msg);
        }
        error_free(err);
    }
}

/* An L2 entry pointing at the L1 table: the write is refused, the image
 * marked corrupt, and it no longer opens read/write. */
static void test_l2_into_metadata(void)
{
    g_autofree char *path = tmp_path("meta.qcow2");
    uint8_t buf[512] = { 1 };
    BlockDriverState *bs;
    uint64_t l1, l2;
    Error *err = NULL;
    int fd;

    create_qcow2(path, 1024 * 1024, 0, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    g_assert_cmpint(bdrv_pwrite(bs, 0, buf, sizeof(buf)), ==, 0);
    bdrv_close(bs);
    fd = open(path, O_RDWR);
    l1 = read_be64(fd, 40);
    l2 = read_be64(fd, l1) & 0x00fffffffffffe00ULL;
    write_be64(fd, l2, l1 | (1ULL << 63));
    close(fd);

    bs = open_img(path, BDRV_O_RDWR);
    g_assert_cmpint(bdrv_pwrite(bs, 0, buf, sizeof(buf)), ==, -EIO);
    g_assert_true(bs->read_only);
    bdrv_close(bs);
    g_assert_null(bdrv_open(path, "qcow2", BDRV_O_RDWR, 0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "corrupt"));
    error_free(err);
    bs = open_img(path, 0);
    bdrv_close(bs);
}

static void test_backing_loop(void)
{
    g_autofree char *path = tmp_path("loop.qcow2");
    Error *err = NULL;

    create_qcow2(path, 1024 * 1024, 0, "loop.qcow2", "qcow2");
    g_assert_null(bdrv_open(path, "qcow2", 0, 0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "loop"));
    error_free(err);
}

/* Dirty (lazy refcounts) images open read-only; a full repair cleans. */
static void test_dirty_bit(void)
{
    g_autofree char *path = tmp_path("dirty.qcow2");
    BlockDriverState *bs;
    BdrvCheckResult res;
    BlockInfo info;
    Error *err = NULL;
    int fd;

    create_qcow2(path, 1024 * 1024, 0, NULL, NULL);
    fd = open(path, O_RDWR);
    write_be64(fd, 72, 1);
    close(fd);
    g_assert_null(bdrv_open(path, "qcow2", BDRV_O_RDWR, 0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "dirty"));
    error_free(err);
    bs = open_img(path, BDRV_O_RDWR | BDRV_O_CHECK);
    g_assert_cmpint(bdrv_check(bs, &res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS),
                    ==, 0);
    bdrv_get_info(bs, &info);
    g_assert_false(info.dirty);
    block_info_clear(&info);
    bdrv_close(bs);
    bs = open_img(path, BDRV_O_RDWR);
    bdrv_close(bs);
}

/*
 * A multi-cluster write into unallocated space, starting part-way into a
 * cluster, gets contiguous host clusters (written as one host request);
 * reading back in one request crosses a hole, a partial and whole data
 * clusters.
 */
static void test_contiguous_runs(void)
{
    g_autofree char *path = tmp_path("runs.qcow2");
    const uint64_t cs = 4096, size = 1024 * 1024;
    g_autofree uint8_t *buf = g_malloc(16 * cs);
    g_autofree uint8_t *back = g_malloc(20 * cs);
    GRand *r = g_rand_new_with_seed(7);
    BlockDriverState *bs;
    g_autofree char *file = NULL;
    gsize len;

    create_qcow2(path, size, cs, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    fill_random(r, buf, 16 * cs);
    g_assert_cmpint(bdrv_pwrite(bs, 4 * cs + 100, buf, 16 * cs - 100), ==, 0);
    /* Guest clusters 5..19 lie back to back in the file. */
    g_assert_true(g_file_get_contents(path, &file, &len, NULL));
    g_assert_nonnull(memmem(file, len, buf + cs - 100, 15 * cs));
    g_assert_cmpint(bdrv_pread(bs, 2 * cs, back, 20 * cs), ==, 0);
    for (size_t i = 0; i < 2 * cs + 100; i++) {
        g_assert_cmpint(back[i], ==, 0);
    }
    g_assert_true(memcmp(back + 2 * cs + 100, buf, 16 * cs - 100) == 0);
    for (size_t i = 18 * cs; i < 20 * cs; i++) {
        g_assert_cmpint(back[i], ==, 0);
    }
    assert_clean(bs);
    bdrv_close(bs);
    g_rand_free(r);
}

#define THREADS 4
#define SLICE (512 * 1024)              /* each thread's part of the disk */

typedef struct Worker {
    BlockDriverState *bs;
    unsigned id;
    uint8_t *shadow;                    /* the whole disk's expected data */
} Worker;

/*
 * Allocate, overwrite and read back its own slice (cluster-unaligned
 * pieces, so copy-on-write, L2 and refcount updates happen), while reading
 * the other threads' first cluster, which nobody writes after set-up.
 */
static gpointer worker_run(gpointer opaque)
{
    Worker *w = opaque;
    GRand *r = g_rand_new_with_seed(w->id);
    g_autofree uint8_t *buf = g_malloc(3 * 4096 + 100);
    g_autofree uint8_t *back = g_malloc(3 * 4096 + 100);
    uint64_t base = (uint64_t)w->id * SLICE;

    for (int i = 0; i < 300; i++) {
        uint64_t len = g_rand_int_range(r, 1, 3 * 4096 + 100);
        uint64_t off = base + 4096 + g_rand_int_range(r, 0,
                                                      SLICE - 4096 - len);
        unsigned other = g_rand_int_range(r, 0, THREADS);

        fill_random(r, buf, len);
        g_assert_cmpint(bdrv_pwrite(w->bs, off, buf, len), ==, 0);
        memcpy(w->shadow + off, buf, len);
        g_assert_cmpint(bdrv_pread(w->bs, off, back, len), ==, 0);
        g_assert_true(memcmp(back, buf, len) == 0);
        g_assert_cmpint(bdrv_pread(w->bs, (uint64_t)other * SLICE, back,
                                   4096), ==, 0);
        g_assert_true(memcmp(back, w->shadow + (uint64_t)other * SLICE,
                             4096) == 0);
        if (i % 50 == 49) {
            g_assert_cmpint(bdrv_flush(w->bs), ==, 0);
        }
    }
    g_rand_free(r);
    return NULL;
}

static void test_threads(void)
{
    g_autofree char *path = tmp_path("threads.qcow2");
    const uint64_t size = THREADS * SLICE;
    g_autofree uint8_t *shadow = g_malloc0(size);
    GRand *r = g_rand_new_with_seed(7);
    Worker w[THREADS];
    GThread *t[THREADS];
    BlockDriverState *bs;

    create_qcow2(path, size, 4096, NULL, NULL);
    bs = open_img(path, BDRV_O_RDWR);
    for (unsigned i = 0; i < THREADS; i++) {
        fill_random(r, shadow + i * SLICE, 4096);
        g_assert_cmpint(bdrv_pwrite(bs, i * SLICE, shadow + i * SLICE, 4096),
                        ==, 0);
    }
    for (unsigned i = 0; i < THREADS; i++) {
        w[i] = (Worker){ bs, i, shadow };
        t[i] = g_thread_new("qcow2-test", worker_run, &w[i]);
    }
    for (unsigned i = 0; i < THREADS; i++) {
        g_thread_join(t[i]);
    }
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    assert_clean(bs);
    bdrv_close(bs);
    bs = open_img(path, 0);
    assert_image_equals(bs, shadow, size);
    bdrv_close(bs);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("kemu-qcow2-XXXXXX", NULL);
    g_test_add_func("/qcow2/patterns-64k", test_patterns_64k);
    g_test_add_func("/qcow2/patterns-4k", test_patterns_4k);
    g_test_add_func("/qcow2/discard", test_discard);
    g_test_add_func("/qcow2/contiguous-runs", test_contiguous_runs);
    g_test_add_func("/qcow2/backing-cow", test_backing_cow);
    g_test_add_func("/qcow2/compressed", test_compressed);
    g_test_add_func("/qcow2/table-growth", test_table_growth);
    g_test_add_func("/qcow2/check-leak", test_check_leak);
    g_test_add_func("/qcow2/bad-headers", test_bad_headers);
    g_test_add_func("/qcow2/l2-into-metadata", test_l2_into_metadata);
    g_test_add_func("/qcow2/backing-loop", test_backing_loop);
    g_test_add_func("/qcow2/dirty-bit", test_dirty_bit);
    g_test_add_func("/qcow2/threads", test_threads);
    ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        ret = 1;
    }
    return ret;
}
