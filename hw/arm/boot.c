/* Direct kernel boot for AArch64 boards (see include/hw/arm/boot.h). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/memory.h"
#include "hw/loader.h"
#include "hw/arm/boot.h"

#define EM_AARCH64 183
#define MiB (1024ull * 1024)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

static bool ram_write(void *opaque, uint64_t addr, const void *buf, size_t len,
                      Error **errp)
{
    return loader_write_boot_blob(addr, buf, len, errp);
}

static uint64_t le64_at(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

/* An arm64 Image (or a raw binary) at ram_base + text_offset. */
static bool load_image(const char *kernel, const uint8_t *buf, size_t len,
                       const LoaderTarget *target, ArmBootInfo *info,
                       Error **errp)
{
    uint64_t offset = 0, size = 0;
    uint32_t magic = 0;

    if (len >= 64) {
        memcpy(&magic, buf + 56, 4);
    }
    if (GUINT32_FROM_LE(magic) == ARM64_IMAGE_MAGIC) {
        offset = le64_at(buf + 8);
        size = le64_at(buf + 16);
        info->is_linux = true;
        if (size == 0) {            /* pre-3.17 kernels: unknown size */
            offset = 0x80000;
        }
    }
    size = MAX(size, len);
    if (!loader_write(target, target->ram_base + offset, buf, len, errp)) {
        error_prepend(errp, "-kernel '%s': ", kernel);
        return false;
    }
    info->entry = target->ram_base + offset;
    info->kernel_end = info->entry + size;
    return true;
}

bool arm64_load_kernel(const char *kernel, const char *initrd,
                       uint64_t ram_base, uint64_t ram_size,
                       ArmBootInfo *info, Error **errp)
{
    LoaderTarget target = { ram_write, NULL, ram_base, ram_size };
    ElfLoadOptions opts = { .machine = EM_AARCH64 };
    ElfLoadInfo elf;

    g_autofree uint8_t *buf = NULL;
    size_t len;

    memset(info, 0, sizeof(*info));
    buf = read_file_maybe_gunzip(kernel, LOADER_ELF_MAX_FILE_SIZE, &len, errp);
    if (!buf) {
        error_prepend(errp, "-kernel: ");
        return false;
    }
    if (len >= 4 && !memcmp(buf, "\177ELF", 4)) {
        if (!load_elf_from_buffer(kernel, buf, len, &target, &opts, &elf,
                                  errp)) {
            error_prepend(errp, "-kernel: ");
            return false;
        }
        info->entry = elf.entry;
        info->kernel_end = elf.high + 1;
    } else if (!load_image(kernel, buf, len, &target, info, errp)) {
        return false;
    }
    if (initrd) {
        /* As QEMU: half of RAM, at most 128 MiB, above the RAM base. */
        uint64_t start = ram_base + MIN(ram_size / 2, 128 * MiB);
        int64_t size;

        start = MAX(start, ALIGN_UP(info->kernel_end, 4096));
        /* Loaded as is: Linux inflates it, and inflating here would keep
         * only the first of several concatenated (compressed) archives. */
        size = load_image_raw(initrd, start, ram_base + ram_size - start,
                              &target, errp);
        if (size < 0) {
            error_prepend(errp, "-initrd: ");
            return false;
        }
        info->initrd_start = start;
        info->initrd_end = start + size;
    }
    return true;
}

bool arm64_dtb_address(const ArmBootInfo *info, uint64_t ram_base,
                       uint64_t ram_size, size_t size, uint64_t *addr,
                       Error **errp)
{
    uint64_t start = ALIGN_UP(MAX(MAX(info->kernel_end, info->initrd_end),
                                  ram_base), 2 * MiB);

    if (start + size > ram_base + ram_size) {
        error_setg(errp, "-m: no room for the device tree after the kernel "
                   "and initrd (RAM ends at 0x%" PRIx64 ")", ram_base + ram_size);
        return false;
    }
    *addr = start;
    return true;
}
