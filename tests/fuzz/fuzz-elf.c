/*
 * libFuzzer target for the ELF loader, its gzip front end and the symbol
 * lookup.  Build with `make fuzz CC=clang`; run with a scratch directory
 * first so new inputs do not land in the seed corpus:
 *   build/fuzz/fuzz-elf -max_total_time=20 build/fuzz-elf-corpus \
 *       tests/fuzz/corpus-elf
 * The write callback asserts that the loader kept to the RAM window.
 */
#include "kemu/osdep.h"
#include "hw/loader.h"

#include <elf.h>

#define FUZZ_RAM_BASE 0x0
#define FUZZ_RAM_SIZE (1024 * 1024)
/* deflate expands at most ~1000:1: bound the work one input can cause. */
#define FUZZ_GUNZIP_MAX (4 * 1024 * 1024)

static uint8_t ram[FUZZ_RAM_SIZE];

static bool fuzz_write(void *opaque, uint64_t addr, const void *buf,
                       size_t len, Error **errp)
{
    /* addr below the base wraps around and fails the check too. */
    assert(range_fits(addr - FUZZ_RAM_BASE, len, FUZZ_RAM_SIZE));
    memcpy(ram + (addr - FUZZ_RAM_BASE), buf, len);
    return true;
}

static uint64_t kseg0_to_phys(void *opaque, uint64_t addr)
{
    return addr & 0x1fffffff;
}

static void fuzz_image(const uint8_t *buf, size_t len)
{
    static const ElfLoadOptions variants[] = {
        { .machine = EM_NONE },
        { .machine = EM_X86_64 },
        { .machine = EM_MIPS, .use_vaddr = true, .translate = kseg0_to_phys },
    };
    const LoaderTarget target = {
        .write = fuzz_write, .ram_base = FUZZ_RAM_BASE,
        .ram_size = FUZZ_RAM_SIZE,
    };
    uint64_t value;

    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        ElfLoadInfo info;

        if (load_elf_from_buffer("fuzz.elf", buf, len, &target, &variants[i],
                                 &info, NULL)) {
            assert(info.low <= info.high);
        }
    }
    elf_lookup_symbol("fuzz.elf", buf, len, "_start", &value, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (loader_is_gzip(data, size)) {
        size_t len;
        g_autofree uint8_t *elf = loader_gunzip("fuzz.gz", data, size,
                                                FUZZ_GUNZIP_MAX, &len, NULL);
        if (elf) {
            fuzz_image(elf, len);
        }
        return 0;
    }
    fuzz_image(data, size);
    return 0;
}
