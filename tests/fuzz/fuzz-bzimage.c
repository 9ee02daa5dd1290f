/*
 * libFuzzer target for the x86 Linux direct-boot loader: the input is a
 * bzImage whose last quarter doubles as the initrd.  Build with
 * `make fuzz CC=clang`; run with a scratch directory first:
 *   build/tests/fuzz/fuzz-bzimage -max_total_time=20 \
 *       build/fuzz-bzimage-corpus tests/fuzz/corpus-bzimage
 * The write callback asserts that the loader kept to the RAM below lowmem.
 */
#include "kemu/osdep.h"
#include "hw/i386/x86-linux-boot.h"

#define FUZZ_LOWMEM (256 * 1024 * 1024)

static bool fuzz_write(void *opaque, uint64_t addr, const void *buf,
                       size_t len, Error **errp)
{
    assert(range_fits(addr, len, FUZZ_LOWMEM));
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const X86E820Entry e820[] = {
        { 0, 0x9fc00, E820_RAM },
        { 0x100000, FUZZ_LOWMEM - 0x100000, E820_RAM },
    };
    const LoaderTarget target = { .write = fuzz_write,
                                  .ram_size = FUZZ_LOWMEM };
    X86LinuxBootConfig cfg = {
        .cmdline = "console=ttyS0",
        .lowmem = FUZZ_LOWMEM,
        .e820 = e820,
        .e820_entries = G_N_ELEMENTS(e820),
    };
    X86LinuxBootInfo info;
    size_t initrd_len = size / 4;
    X86BzImage img;

    if (x86_bzimage_parse("fuzz", data, size, &img, NULL)) {
        assert(img.kernel_offset + img.kernel_size == size);
        assert(img.header_end <= 0x2d0);
    }
    if (x86_linux_setup("fuzz", data, size, "initrd", data + size - initrd_len,
                        initrd_len, &cfg, &target, &info, NULL)) {
        assert(info.kernel_end <= FUZZ_LOWMEM);
        assert(!initrd_len || (info.initrd_addr >= info.kernel_end &&
                               info.initrd_addr + initrd_len <= FUZZ_LOWMEM));
    }
    return 0;
}
