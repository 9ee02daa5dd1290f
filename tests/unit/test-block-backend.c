/*
 * BlockBackend and the raw driver: read/write patterns (also with
 * cache=none bounce buffers), read-only handling, OFD image locking
 * between two opens in one process, the asynchronous API on the thread
 * pool with completions on the main loop, and -drive parsing.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block-backend.h"
#include "system/main-loop.h"

#include <unistd.h>

static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static char *create_raw(const char *name, uint64_t size)
{
    char *path = tmp_path(name);
    BlockCreateOptions o = { .size = size };

    g_assert_true(bdrv_create("raw", path, &o, &error_fatal));
    return path;
}

static void run_raw_patterns(BlockCacheMode cache)
{
    g_autofree char *path = create_raw("pat.raw", 256 * 1024);
    g_autofree uint8_t *shadow = g_malloc0(256 * 1024);
    g_autofree uint8_t *buf = g_malloc(256 * 1024);
    BlockBackend *blk = blk_new_open(path, "raw", BDRV_O_RDWR, cache,
                                     &error_fatal);
    GRand *r = g_rand_new_with_seed(cache);

    for (int i = 0; i < 100; i++) {
        uint64_t len = g_rand_int_range(r, 1, 20000);
        uint64_t off = g_rand_int_range(r, 0, 256 * 1024 - len);

        for (uint64_t j = 0; j < len; j++) {
            buf[j] = g_rand_int(r);
        }
        g_assert_cmpint(blk_pwrite(blk, off, buf, len), ==, 0);
        memcpy(shadow + off, buf, len);
    }
    g_assert_cmpint(blk_flush(blk), ==, 0);
    g_assert_cmpint(blk_pread(blk, 0, buf, 256 * 1024), ==, 0);
    g_assert_true(memcmp(buf, shadow, 256 * 1024) == 0);
    g_assert_cmpint(blk_pread(blk, 256 * 1024 - 1, buf, 2), ==, -EIO);
    g_assert_cmpint(blk_getlength(blk), ==, 256 * 1024);
    blk_unref(blk);
    g_rand_free(r);
}

static void test_raw_writeback(void)
{
    run_raw_patterns(BDRV_CACHE_WRITEBACK);
}

static void test_raw_writethrough(void)
{
    run_raw_patterns(BDRV_CACHE_WRITETHROUGH);
}

static void test_raw_cache_none(void)
{
    run_raw_patterns(BDRV_CACHE_NONE);
}

static void test_read_only(void)
{
    g_autofree char *path = create_raw("ro.raw", 4096);
    BlockBackend *blk = blk_new_open(path, "raw", 0, 0, &error_fatal);
    uint8_t buf[16] = { 0 };

    g_assert_true(blk_is_read_only(blk));
    g_assert_cmpint(blk_pwrite(blk, 0, buf, 16), ==, -EACCES);
    g_assert_cmpint(blk_discard(blk, 0, 4096), ==, -EACCES);
    g_assert_cmpint(blk_pread(blk, 0, buf, 16), ==, 0);
    blk_unref(blk);
}

/* Two opens of one file in one process: OFD locks make them conflict. */
static void test_locking(void)
{
    g_autofree char *path = create_raw("lock.raw", 4096);
    BlockBackend *w = blk_new_open(path, "raw", BDRV_O_RDWR, 0,
                                   &error_fatal);
    BlockBackend *r1, *r2;
    Error *err = NULL;

    g_assert_null(blk_new_open(path, "raw", BDRV_O_RDWR, 0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "Failed to get \"write\" lock"));
    g_assert_nonnull(strstr(error_get_pretty(err), path));
    error_free(err);
    err = NULL;
    g_assert_null(blk_new_open(path, "raw", 0, 0, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "Failed to get shared \"write\" lock"));
    error_free(err);
    r1 = blk_new_open(path, "raw", BDRV_O_NO_LOCK, 0, &error_fatal);
    blk_unref(r1);
    blk_unref(w);
    /* Readers share; they keep writers out. */
    r1 = blk_new_open(path, "raw", 0, 0, &error_fatal);
    r2 = blk_new_open(path, "raw", 0, 0, &error_fatal);
    err = NULL;
    g_assert_null(blk_new_open(path, "raw", BDRV_O_RDWR, 0, &err));
    error_free(err);
    blk_unref(r1);
    blk_unref(r2);
    w = blk_new_open(path, "raw", BDRV_O_RDWR, 0, &error_fatal);
    blk_unref(w);
}

typedef struct AioProbe {
    int done;
    int errors;
    GThread *main_thread;
} AioProbe;

static void aio_cb(void *opaque, int ret)
{
    AioProbe *p = opaque;

    g_assert_true(kemu_mutex_iothread_locked());
    g_assert_true(g_thread_self() == p->main_thread);
    p->errors += ret != 0;
    p->done++;
}

static void wait_done(AioProbe *p, int want)
{
    gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

    while (p->done < want && g_get_monotonic_time() < end) {
        main_loop_wait_once(100);
    }
    g_assert_cmpint(p->done, ==, want);
}

static int pool_threads(void);

/*
 * Writes, a flush and reads through the asynchronous API, then a request
 * that fails (on the thread pool); blk is closed.  With no_pool, nothing
 * before that failing request may have used the thread pool.
 */
static void run_aio(BlockBackend *blk, bool no_pool)
{
    AioProbe p = { .main_thread = g_thread_self() };
    uint8_t *out = g_aligned_alloc(16, 4096, 4096);
    uint8_t *in = g_aligned_alloc(16, 4096, 4096);
    struct iovec wiov[16], riov[16];

    main_loop_init();
    for (int i = 0; i < 16; i++) {
        memset(out + i * 4096, i + 1, 4096);
        wiov[i] = (struct iovec){ out + i * 4096, 4096 };
        blk_aio_pwritev(blk, i * 4096, &wiov[i], 1, aio_cb, &p);
    }
    g_assert_cmpint(p.done, ==, 0);   /* never completed inline */
    wait_done(&p, 16);
    blk_aio_flush(blk, aio_cb, &p);
    wait_done(&p, 17);
    for (int i = 0; i < 16; i++) {
        riov[i] = (struct iovec){ in + i * 4096, 4096 };
        blk_aio_preadv(blk, i * 4096, &riov[i], 1, aio_cb, &p);
    }
    wait_done(&p, 33);
    g_assert_cmpint(p.errors, ==, 0);
    g_assert_true(memcmp(in, out, 16 * 4096) == 0);
    if (no_pool) {
        g_assert_cmpint(pool_threads(), ==, 0);
    }
    /* Errors arrive through the callback too. */
    blk_aio_preadv(blk, 64 * 1024, &riov[0], 1, aio_cb, &p);
    blk_drain(blk);
    g_assert_cmpint(p.errors, ==, 1);
    blk_unref(blk);
    g_aligned_free(out);
    g_aligned_free(in);
}

static void test_aio(void)
{
    g_autofree char *path = create_raw("aio.raw", 64 * 1024);

    run_aio(blk_new_open(path, "raw", BDRV_O_RDWR, 0, &error_fatal), false);
}

/* Threads of this process named like GLib's thread-pool workers. */
static int pool_threads(void)
{
    g_autoptr(GDir) dir = g_dir_open("/proc/self/task", 0, NULL);
    const char *tid;
    int n = 0;

    while (dir && (tid = g_dir_read_name(dir))) {
        g_autofree char *f = g_strdup_printf("/proc/self/task/%s/comm", tid);
        g_autofree char *comm = NULL;

        if (g_file_get_contents(f, &comm, NULL, NULL) &&
            g_str_has_prefix(comm, "pool")) {
            n++;
        }
    }
    return n;
}

#ifdef CONFIG_LINUX_IO_URING
/*
 * aio=io_uring, buffered and O_DIRECT: the same results, and no request
 * went to the thread pool (run in a fresh process, which has no pool
 * thread until a request needs one).
 */
static void test_aio_io_uring(void)
{
    static const char *const caches[] = { "writeback", "none" };

    if (!g_test_subprocess()) {
        g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
        g_test_trap_assert_passed();
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(caches); i++) {
        g_autofree char *path = create_raw(caches[i], 64 * 1024);
        g_autofree char *opt = g_strdup_printf(
            "file=%s,format=raw,id=u%zu,cache=%s,aio=io_uring", path, i,
            caches[i]);

        run_aio(blockdev_drive_new(opt, &error_fatal), i == 0);
    }
}
#endif

static void expect_drive_error(const char *opts, const char *msg)
{
    Error *err = NULL;

    g_assert_null(blockdev_drive_new(opts, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_error("'%s': '%s' lacks '%s'", opts, error_get_pretty(err), msg);
    }
    error_free(err);
}

static void test_drive(void)
{
    g_autofree char *a = create_raw("a.raw", 8192);
    g_autofree char *b = create_raw("b.raw", 8192);
    g_autofree char *c = create_raw("c.raw", 8192);
    g_autofree char *opt = NULL;
    BlockBackend *blk;
    uint8_t buf[8] = { 0 };

    opt = g_strdup_printf("file=%s,format=raw,if=virtio", a);
    blk = blockdev_drive_new(opt, &error_fatal);
    g_assert_cmpstr(blk_name(blk), ==, "virtio0");
    g_assert_cmpint(blk_interface(blk), ==, IF_VIRTIO);
    g_assert_true(blk_by_name("virtio0") == blk);
    g_free(opt);
    opt = g_strdup_printf("file=%s,format=raw,id=disk1,readonly=on,"
                          "cache=none,aio=threads", b);
    blk = blockdev_drive_new(opt, &error_fatal);
    g_assert_true(blk_by_name("disk1") == blk);
    g_assert_cmpint(blk_pwrite(blk, 0, buf, 8), ==, -EACCES);
    expect_drive_error(opt, "already exists");
    g_free(opt);
    opt = g_strdup_printf("file=%s,format=raw,cache=fast", c);
    expect_drive_error(opt, "cache: invalid mode 'fast'");
    g_free(opt);
    opt = g_strdup_printf("file=%s,format=vmdk", c);
    expect_drive_error(opt, "unknown format 'vmdk'");
    g_free(opt);
    opt = g_strdup_printf("file=%s,format=raw,aio=native", c);
    expect_drive_error(opt, "aio: invalid mode 'native'");
    g_free(opt);
#ifndef CONFIG_LINUX_IO_URING
    opt = g_strdup_printf("file=%s,format=raw,aio=io_uring", c);
    expect_drive_error(opt, "built without io_uring support");
    g_free(opt);
#endif
    opt = g_strdup_printf("file=%s,bogus=1", c);
    expect_drive_error(opt, "bogus");
    expect_drive_error("format=raw", "'file' is missing");
    expect_drive_error("file=/nonexistent/x.img,format=raw", "x.img");
    g_free(opt);
    /* The file is locked by virtio0. */
    opt = g_strdup_printf("file=%s,format=raw", a);
    expect_drive_error(opt, "lock");
    blockdev_close_all();
    g_assert_null(blk_by_name("virtio0"));
}

/* snapshot=on: writes land in a temporary overlay, the image is intact. */
static void test_drive_snapshot(void)
{
    g_autofree char *path = create_raw("snap.raw", 65536);
    g_autofree char *opt = g_strdup_printf("file=%s,format=raw,id=s,"
                                           "snapshot=on", path);
    BlockBackend *blk = blockdev_drive_new(opt, &error_fatal);
    uint8_t buf[512], back[512];

    memset(buf, 0xab, sizeof(buf));
    g_assert_cmpint(blk_pwrite(blk, 512, buf, 512), ==, 0);
    g_assert_cmpint(blk_pread(blk, 512, back, 512), ==, 0);
    g_assert_true(memcmp(buf, back, 512) == 0);
    g_assert_cmpint(blk_getlength(blk), ==, 65536);
    blockdev_close_all();
    blk = blk_new_open(path, "raw", 0, 0, &error_fatal);
    g_assert_cmpint(blk_pread(blk, 512, back, 512), ==, 0);
    g_assert_cmpint(back[0], ==, 0);
    blk_unref(blk);
}

/* A probed raw image may not turn itself into a qcow2 header. */
static void test_probe_guard(void)
{
    g_autofree char *path = create_raw("probe.img", 4096);
    BlockBackend *blk = blk_new_open(path, NULL, BDRV_O_RDWR, 0,
                                     &error_fatal);
    uint8_t magic[8] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 3 };

    g_assert_cmpstr(blk_bs(blk)->drv->format_name, ==, "raw");
    g_assert_cmpint(blk_pwrite(blk, 0, magic, 8), ==, -EPERM);
    g_assert_cmpint(blk_pwrite(blk, 512, magic, 8), ==, 0);
    blk_unref(blk);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("kemu-blk-XXXXXX", NULL);
    g_test_add_func("/block/raw/writeback", test_raw_writeback);
    g_test_add_func("/block/raw/writethrough", test_raw_writethrough);
    g_test_add_func("/block/raw/cache-none", test_raw_cache_none);
    g_test_add_func("/block/read-only", test_read_only);
    g_test_add_func("/block/locking", test_locking);
    g_test_add_func("/block/aio", test_aio);
#ifdef CONFIG_LINUX_IO_URING
    g_test_add_func("/block/aio-io-uring", test_aio_io_uring);
#endif
    g_test_add_func("/block/drive/parse", test_drive);
    g_test_add_func("/block/drive/snapshot", test_drive_snapshot);
    g_test_add_func("/block/probe-guard", test_probe_guard);
    ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        ret = 1;
    }
    return ret;
}
