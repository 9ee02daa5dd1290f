/*
 * libFuzzer target for the qcow2 driver: the input is an image file.  It
 * is opened read-only (read everything, run the check), then read/write
 * (a few writes, a discard, a flush and a check), never following its
 * backing file.  Build with `make fuzz CC=clang`; run with a scratch
 * directory first so new inputs do not land in the seed corpus:
 *   build/fuzz/fuzz-qcow2 -max_total_time=20 build/fuzz-qcow2-corpus \
 *       tests/fuzz/corpus-qcow2
 * The drivers work on files, so each input is written to a private
 * temporary file first.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"

#include <fcntl.h>
#include <unistd.h>

/* Bound the work one input can cause. */
#define FUZZ_READ_MAX (4 * 1024 * 1024)
#define FUZZ_CHUNK 65536

static char *fuzz_file(void)
{
    static char *path;

    if (!path) {
        int fd = g_file_open_tmp("kemu-fuzz-qcow2-XXXXXX", &path, NULL);

        assert(fd >= 0);
        close(fd);
    }
    return path;
}

static void fuzz_read_all(BlockDriverState *bs)
{
    g_autofree uint8_t *buf = g_malloc(FUZZ_CHUNK);
    int64_t len = bdrv_getlength(bs);

    for (int64_t off = 0; off < MIN(len, FUZZ_READ_MAX); off += FUZZ_CHUNK) {
        bdrv_pread(bs, off, buf, MIN(FUZZ_CHUNK, len - off));
    }
}

static void fuzz_check(BlockDriverState *bs, BdrvCheckMode fix)
{
    BdrvCheckResult res;

    if (bdrv_check(bs, &res, fix) == 0) {
        assert(res.corruptions >= 0 && res.leaks >= 0);
    }
}

static void fuzz_write(BlockDriverState *bs)
{
    static const uint8_t data[700] = { 0x5a };
    int64_t len = bdrv_getlength(bs);

    if (len < (int64_t)sizeof(data)) {
        return;
    }
    bdrv_pwrite(bs, 0, data, sizeof(data));
    bdrv_pwrite(bs, len / 2, data, MIN(sizeof(data), (uint64_t)len / 2));
    bdrv_pwrite(bs, len - sizeof(data), data, sizeof(data));
    bdrv_discard(bs, 0, len / 2);
    bdrv_flush(bs);
    fuzz_read_all(bs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file();
    BlockDriverState *bs;

    int fd = open(path, O_WRONLY | O_TRUNC);

    /* Not g_file_set_contents(): that fsyncs, far too slow per input. */
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        abort();
    }
    close(fd);
    bs = bdrv_open(path, "qcow2", BDRV_O_NO_BACKING,
                   BDRV_CACHE_UNSAFE, NULL);
    if (bs) {
        fuzz_read_all(bs);
        fuzz_check(bs, BDRV_CHECK_ONLY);
        bdrv_close(bs);
    }
    bs = bdrv_open(path, "qcow2", BDRV_O_RDWR | BDRV_O_NO_BACKING |
                   BDRV_O_CHECK, BDRV_CACHE_UNSAFE, NULL);
    if (bs) {
        fuzz_check(bs, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS);
        fuzz_write(bs);
        bdrv_close(bs);
    }
    return 0;
}
