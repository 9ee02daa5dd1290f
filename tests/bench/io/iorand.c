/*
 * 4 KiB random read IOPS for the I/O benchmark (tests/bench/io/run.sh):
 * busybox has no fio.  Reads BS-byte blocks with O_DIRECT at random
 * BS-aligned offsets of DEV, one at a time, for SECONDS, then prints
 *   IOBENCH randread ops=N seconds=S iops=X
 * The offsets come from a fixed-seed generator, so every run and both
 * emulators read the same sequence of blocks.  Integer arithmetic only:
 * the numbers need no floating point.
 *   iorand DEV SECONDS [BS]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* xorshift64*: a fixed, portable sequence. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545f4914f6cdd1dULL;
}

int main(int argc, char **argv)
{
    uint64_t size, state = 0x9e3779b97f4a7c15ULL, ops = 0;
    size_t bs = argc > 3 ? strtoul(argv[3], NULL, 0) : 4096;
    uint64_t secs, start, ns, iops10;
    void *buf;
    int fd;

    if (argc < 3 || (secs = strtoull(argv[2], NULL, 0)) == 0 || bs == 0 || bs % 512) {
        fprintf(stderr, "usage: iorand DEV SECONDS [BS, a multiple of 512]\n");
        return 2;
    }
    fd = open(argv[1], O_RDONLY | O_DIRECT);
    if (fd < 0 || ioctl(fd, BLKGETSIZE64, &size) < 0 || size < bs) {
        perror(argv[1]);
        return 1;
    }
    if (posix_memalign(&buf, 4096, bs)) {
        perror("posix_memalign");
        return 1;
    }
    start = now_ns();
    do {
        off_t off = (off_t)(next_random(&state) % (size / bs)) * bs;

        if (pread(fd, buf, bs, off) != (ssize_t)bs) {
            perror("pread");
            return 1;
        }
        ops++;
    } while ((ns = now_ns() - start) < secs * 1000000000ULL);
    iops10 = ops * 10000000000ULL / ns;
    printf("IOBENCH randread ops=%" PRIu64 " seconds=%" PRIu64 ".%03" PRIu64
           " iops=%" PRIu64 ".%" PRIu64 "\n", ops, ns / 1000000000,
           ns / 1000000 % 1000, iops10 / 10, iops10 % 10);
    return 0;
}
