/*
 * A random I/O workload for the block-layer interoperability tests (not a
 * GTest program).  Writes random data at random (unaligned) places of an
 * image through BlockBackend, with occasional cluster-aligned discards and
 * flushes, optionally mirroring everything into a plain raw file so the
 * result can be compared with `qemu-img compare`.
 *
 *   block-workload IMAGE FMT SEED COUNT [--shadow RAW] [--cache MODE]
 *                  [--block N --log LOG]
 *
 * --block N switches to the crash-test mode: every write covers one
 * N-byte block filled with its 64-bit sequence number, and LOG gets
 * "W seq block" before each write and "F seq" after each completed
 * flush.  COUNT 0 runs until killed.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block-backend.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct Workload {
    BlockBackend *blk;
    uint64_t size;
    uint64_t cluster;
    int shadow;
    int log;
    uint64_t block;
    GRand *rand;
} Workload;

static void die_on(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "block-workload: %s: %s\n", what, strerror(-ret));
        exit(1);
    }
}

static void logf_line(Workload *w, const char *fmt, ...)
{
    g_autofree char *line = NULL;
    va_list ap;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (write(w->log, line, strlen(line)) < 0) {
        exit(1);
    }
}

static void random_write(Workload *w)
{
    uint64_t len = g_rand_int_range(w->rand, 1, 3 * w->cluster);
    uint64_t off = g_rand_double(w->rand) * (w->size - len);
    g_autofree uint8_t *buf = g_malloc(len);

    for (uint64_t i = 0; i < len; i++) {
        buf[i] = g_rand_int(w->rand);
    }
    die_on(blk_pwrite(w->blk, off, buf, len), "write");
    if (w->shadow >= 0 && pwrite(w->shadow, buf, len, off) != (ssize_t)len) {
        exit(1);
    }
}

static void random_discard(Workload *w)
{
    uint64_t clusters = w->size / w->cluster;
    uint64_t first = g_rand_int_range(w->rand, 0, clusters);
    uint64_t n = MIN((uint64_t)g_rand_int_range(w->rand, 1, 4),
                     clusters - first);
    g_autofree uint8_t *zero = g_malloc0(n * w->cluster);

    die_on(blk_discard(w->blk, first * w->cluster, n * w->cluster),
           "discard");
    if (w->shadow >= 0 &&
        pwrite(w->shadow, zero, n * w->cluster, first * w->cluster) < 0) {
        exit(1);
    }
}

static void block_write(Workload *w, uint64_t seq)
{
    uint64_t nblocks = w->size / w->block;
    uint64_t b = g_rand_int_range(w->rand, 0, MIN(nblocks, G_MAXINT32));
    g_autofree uint64_t *buf = g_new(uint64_t, w->block / 8);

    for (uint64_t i = 0; i < w->block / 8; i++) {
        buf[i] = GUINT64_TO_LE(seq);
    }
    logf_line(w, "W %" PRIu64 " %" PRIu64 "\n", seq, b);
    die_on(blk_pwrite(w->blk, b * w->block, buf, w->block), "write");
}

int main(int argc, char **argv)
{
    Workload w = { .shadow = -1, .log = -1 };
    BlockCacheMode cache = BDRV_CACHE_WRITEBACK;
    Error *err = NULL;
    BlockInfo bi;
    uint64_t count;

    if (argc < 5) {
        fprintf(stderr, "usage: block-workload IMAGE FMT SEED COUNT "
                "[--shadow RAW] [--cache MODE] [--block N --log LOG]\n");
        return 1;
    }
    for (int i = 5; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--shadow")) {
            w.shadow = open(argv[i + 1], O_RDWR);
        } else if (!strcmp(argv[i], "--cache")) {
            bdrv_parse_cache_mode(argv[i + 1], &cache);
        } else if (!strcmp(argv[i], "--block")) {
            w.block = strtoull(argv[i + 1], NULL, 0);
        } else if (!strcmp(argv[i], "--log")) {
            w.log = open(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        }
    }
    w.blk = blk_new_open(argv[1], argv[2], BDRV_O_RDWR, cache, &err);
    if (!w.blk) {
        error_report_err(err);
        return 1;
    }
    w.size = blk_getlength(w.blk);
    bdrv_get_info(blk_bs(w.blk), &bi);
    w.cluster = bi.cluster_size ? bi.cluster_size : 65536;
    block_info_clear(&bi);
    w.rand = g_rand_new_with_seed(strtoul(argv[3], NULL, 0));
    count = strtoull(argv[4], NULL, 0);
    for (uint64_t seq = 1; count == 0 || seq <= count; seq++) {
        if (w.block) {
            block_write(&w, seq);
            if (seq % 8 == 0) {
                die_on(blk_flush(w.blk), "flush");
                logf_line(&w, "F %" PRIu64 "\n", seq);
            }
        } else if (g_rand_int_range(w.rand, 0, 10) == 0) {
            random_discard(&w);
        } else {
            random_write(&w);
        }
    }
    blk_unref(w.blk);
    g_rand_free(w.rand);
    return 0;
}
