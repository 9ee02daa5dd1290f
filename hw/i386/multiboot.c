/*
 * Multiboot v1 loading (include/hw/i386/multiboot.h).  Only images with
 * the address fields are taken; an ELF multiboot kernel is loaded as the
 * ELF it is by the board.  The information structure says only the
 * memory sizes (flags bit 0).
 */
#include "kemu/osdep.h"
#include "target/i386/x86-boot.h"
#include "hw/i386/multiboot.h"

#define MB_MAGIC        0x1badb002
#define MB_BOOT_MAGIC   0x2badb002      /* in EAX at the entry */
#define MB_FLAG_ADDRS   (1u << 16)
#define MB_SEARCH       8192
#define MB_INFO_ADDR    0x9000          /* below 640 KiB, off the image */

static uint32_t ld32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Offset of the header (4-byte aligned, checksummed), or -1. */
static long find_header(const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i + 12 <= MIN(len, (size_t)MB_SEARCH); i += 4) {
        const uint8_t *h = buf + i;

        if (ld32(h) == MB_MAGIC &&
            (uint32_t)(ld32(h) + ld32(h + 4) + ld32(h + 8)) == 0) {
            return i;
        }
    }
    return -1;
}

static bool load_image(const char *path, const uint8_t *buf, size_t len,
                       const uint8_t *h, long off, const LoaderTarget *target,
                       uint32_t *entry, Error **errp)
{
    uint32_t header_addr = ld32(h + 12), load_addr = ld32(h + 16);
    uint32_t load_end = ld32(h + 20), bss_end = ld32(h + 24);
    uint64_t file_off = off - (uint64_t)(header_addr - load_addr);
    uint64_t size = load_end ? load_end - load_addr : len - file_off;

    if (len < (size_t)off + 32 || header_addr < load_addr ||
        file_off > len || size > len - file_off ||
        (load_end && load_end < load_addr) ||
        (bss_end && bss_end < load_addr + size)) {
        error_setg(errp, "-kernel '%s': bad multiboot address fields", path);
        return false;
    }
    if (!loader_write(target, load_addr, buf + file_off, size, errp) ||
        (bss_end && !loader_write(target, load_addr + size, NULL,
                                  bss_end - load_addr - size, errp))) {
        error_prepend(errp, "-kernel '%s': ", path);
        return false;
    }
    *entry = ld32(h + 28);
    return true;
}

int multiboot_try_load(const char *path, const LoaderTarget *target,
                       uint64_t ram_size, CPUState *cpu, Error **errp)
{
    g_autofree uint8_t *buf = NULL;
    uint8_t info[16] = { 1 };           /* flags: mem_lower/mem_upper */
    X86ProtectedModeEntry e = { .eax = MB_BOOT_MAGIC, .ebx = MB_INFO_ADDR };
    uint32_t mem_upper = (MIN(ram_size, 4ull << 30) - (1 << 20)) >> 10;
    gsize len;
    long off;

    if (!g_file_get_contents(path, (gchar **)&buf, &len, NULL) ||
        (len >= 4 && !memcmp(buf, "\x7f" "ELF", 4))) {
        return 0;
    }
    off = find_header(buf, len);
    if (off < 0) {
        return 0;
    }
    if (!(ld32(buf + off + 4) & MB_FLAG_ADDRS)) {
        error_setg(errp, "-kernel '%s': multiboot images without the "
                   "address fields are not supported", path);
        return -1;
    }
    if (!load_image(path, buf, len, buf + off, off, target, &e.eip, errp)) {
        return -1;
    }
    info[4] = 639 & 0xff;               /* mem_lower: KiB below 640K */
    info[5] = 639 >> 8;
    for (int i = 0; i < 4; i++) {
        info[8 + i] = mem_upper >> (8 * i);
    }
    if (!loader_write(target, MB_INFO_ADDR, info, sizeof(info), errp)) {
        return -1;
    }
    x86_cpu_set_protected_mode_entry(cpu, &e);
    return 1;
}
