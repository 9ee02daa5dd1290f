/*
 * Direct Linux boot for x86-64 boards (see include/hw/i386/x86-linux-boot.h
 * and Documentation/arch/x86/boot.rst for the field offsets).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/loader.h"
#include "hw/i386/x86-linux-boot.h"

#define MiB (1024ull * 1024)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))

/* Setup header fields, as offsets in the file and in boot_params. */
#define HDR_START           0x1f1
#define HDR_SETUP_SECTS     0x1f1
#define HDR_SYSSIZE         0x1f4
#define HDR_VID_MODE        0x1fa
#define HDR_BOOT_FLAG       0x1fe
#define HDR_JUMP            0x200
#define HDR_MAGIC           0x202
#define HDR_VERSION         0x206
#define HDR_TYPE_OF_LOADER  0x210
#define HDR_LOADFLAGS       0x211
#define HDR_RAMDISK_IMAGE   0x218
#define HDR_RAMDISK_SIZE    0x21c
#define HDR_CMD_LINE_PTR    0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGN    0x230
#define HDR_RELOCATABLE     0x234
#define HDR_XLOADFLAGS      0x236
#define HDR_CMDLINE_SIZE    0x238
#define HDR_PREF_ADDRESS    0x258
#define HDR_INIT_SIZE       0x260
#define HDR_MAX_END         0x2d0       /* where e820_table starts */

/* boot_params outside the setup header. */
#define BP_SIZE             0x1000
#define BP_ORIG_VIDEO_MODE  0x06
#define BP_ORIG_VIDEO_COLS  0x07
#define BP_ORIG_VIDEO_LINES 0x0e
#define BP_ORIG_VIDEO_ISVGA 0x0f
#define BP_ORIG_VIDEO_POINTS 0x10
#define BP_ACPI_RSDP_ADDR   0x70
#define BP_E820_ENTRIES     0x1e8
#define BP_E820_TABLE       0x2d0

#define HDRS_MAGIC          0x53726448  /* "HdrS" */
#define MIN_VERSION         0x020c      /* xloadflags */
#define INITRD_ALIGN        4096

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void wr32(uint8_t *p, uint32_t v)
{
    wr16(p, v);
    wr16(p + 2, v >> 16);
}

static void wr64(uint8_t *p, uint64_t v)
{
    wr32(p, v);
    wr32(p + 4, v >> 32);
}

bool x86_bzimage_parse(const char *name, const uint8_t *buf, size_t len,
                       X86BzImage *img, Error **errp)
{
    memset(img, 0, sizeof(*img));
    if (len < HDR_MAX_END || rd32(buf + HDR_MAGIC) != HDRS_MAGIC) {
        error_setg(errp, "'%s' is not a Linux bzImage (no \"HdrS\" setup "
                   "header)", name);
        return false;
    }
    img->version = rd16(buf + HDR_VERSION);
    if (img->version < MIN_VERSION) {
        error_setg(errp, "'%s': boot protocol %d.%02d is too old for 64-bit "
                   "direct boot (2.12 or later needed)", name,
                   img->version >> 8, img->version & 0xff);
        return false;
    }
    img->xloadflags = rd16(buf + HDR_XLOADFLAGS);
    if (!(img->xloadflags & XLF_KERNEL_64)) {
        error_setg(errp, "'%s' has no 64-bit entry point (XLF_KERNEL_64 is "
                   "clear in xloadflags)", name);
        return false;
    }
    img->setup_sects = buf[HDR_SETUP_SECTS] ? buf[HDR_SETUP_SECTS] : 4;
    img->syssize = rd32(buf + HDR_SYSSIZE);
    img->loadflags = buf[HDR_LOADFLAGS];
    img->relocatable = buf[HDR_RELOCATABLE];
    img->kernel_alignment = rd32(buf + HDR_KERNEL_ALIGN);
    img->pref_address = rd64(buf + HDR_PREF_ADDRESS);
    img->init_size = rd32(buf + HDR_INIT_SIZE);
    img->initrd_addr_max = rd32(buf + HDR_INITRD_ADDR_MAX);
    img->cmdline_size = rd32(buf + HDR_CMDLINE_SIZE);
    img->header_end = MIN(HDR_JUMP + 2 + buf[HDR_JUMP + 1], HDR_MAX_END);
    img->kernel_offset = (img->setup_sects + 1) * 512;
    if (img->kernel_offset >= len ||
        (uint64_t)img->syssize * 16 > len - img->kernel_offset ||
        img->syssize == 0) {
        error_setg(errp, "'%s' is truncated or corrupt: setup_sects %u and "
                   "syssize 0x%x do not fit its %zu bytes", name,
                   img->setup_sects, img->syssize, len);
        return false;
    }
    if (img->relocatable && (img->kernel_alignment == 0 ||
        (img->kernel_alignment & (img->kernel_alignment - 1)))) {
        error_setg(errp, "'%s' is corrupt: kernel_alignment 0x%x is not a "
                   "power of 2", name, img->kernel_alignment);
        return false;
    }
    img->kernel_size = len - img->kernel_offset;
    return true;
}

void x86_e820_add(GArray *map, uint64_t addr, uint64_t size, uint32_t type)
{
    X86E820Entry e = { addr, size, type };
    guint i = 0;

    while (i < map->len && g_array_index(map, X86E820Entry, i).addr < addr) {
        i++;
    }
    g_array_insert_val(map, i, e);
}

GArray *x86_e820_pc_map(uint64_t ram_size, uint64_t lowmem)
{
    GArray *map = g_array_new(FALSE, FALSE, sizeof(X86E820Entry));

    lowmem = MIN(lowmem, ram_size);
    x86_e820_add(map, 0, 0x9fc00, E820_RAM);
    x86_e820_add(map, 0x9fc00, 0x400, E820_RESERVED);
    x86_e820_add(map, 0xe0000, 0x20000, E820_RESERVED);
    if (lowmem > MiB) {
        x86_e820_add(map, MiB, lowmem - MiB, E820_RAM);
    }
    if (ram_size > lowmem) {
        x86_e820_add(map, 1ull << 32, ram_size - lowmem, E820_RAM);
    }
    return map;
}

/* Where the kernel decompresses to; it needs init_size bytes from there. */
static uint64_t runtime_start(const X86BzImage *img, uint64_t load)
{
    if (!img->relocatable) {
        return img->pref_address ? img->pref_address : load;
    }
    return MAX(ALIGN_UP(load, img->kernel_alignment), img->pref_address);
}

/* The highest aligned place for the initrd within its limits. */
static bool place_initrd(const char *name, size_t len, const X86BzImage *img,
                         uint64_t low, uint64_t lowmem, uint64_t *addr,
                         Error **errp)
{
    uint64_t top = MIN((uint64_t)img->initrd_addr_max + 1, lowmem);

    if (len > top || ALIGN_DOWN(top - len, INITRD_ALIGN) < low) {
        error_setg(errp, "-initrd '%s' is too big: %zu bytes do not fit "
                   "between the kernel (0x%" PRIx64 ") and 0x%" PRIx64,
                   name, len, low, top);
        return false;
    }
    *addr = ALIGN_DOWN(top - len, INITRD_ALIGN);
    return true;
}

static void fill_boot_params(uint8_t *bp, const uint8_t *kernel,
                             const X86BzImage *img,
                             const X86LinuxBootConfig *cfg,
                             const X86LinuxBootInfo *info)
{
    memcpy(bp + HDR_START, kernel + HDR_START, img->header_end - HDR_START);
    wr16(bp + HDR_VID_MODE, 0xffff);            /* "normal" */
    bp[HDR_TYPE_OF_LOADER] = 0xff;              /* undefined loader */
    wr32(bp + HDR_CMD_LINE_PTR, info->cmdline_addr);
    wr32(bp + HDR_RAMDISK_IMAGE, info->initrd_addr);
    wr32(bp + HDR_RAMDISK_SIZE, info->initrd_size);
    if (cfg->vga_text) {
        bp[BP_ORIG_VIDEO_MODE] = 3;
        bp[BP_ORIG_VIDEO_COLS] = 80;
        bp[BP_ORIG_VIDEO_LINES] = 25;
        bp[BP_ORIG_VIDEO_ISVGA] = 1;
        wr16(bp + BP_ORIG_VIDEO_POINTS, 16);
    }
    wr64(bp + BP_ACPI_RSDP_ADDR, cfg->acpi_rsdp_addr);
    bp[BP_E820_ENTRIES] = cfg->e820_entries;
    for (size_t i = 0; i < cfg->e820_entries; i++) {
        uint8_t *e = bp + BP_E820_TABLE + 20 * i;

        wr64(e, cfg->e820[i].addr);
        wr64(e + 8, cfg->e820[i].size);
        wr32(e + 16, cfg->e820[i].type);
    }
}

/* Every check before anything is written. */
static bool plan(const char *kernel_name, const X86BzImage *img,
                 const char *initrd_name, size_t initrd_len,
                 const X86LinuxBootConfig *cfg, size_t cmdline_len,
                 X86LinuxBootInfo *info, Error **errp)
{
    uint64_t start = runtime_start(img, X86_KERNEL_LOAD_ADDR);

    if (cmdline_len > img->cmdline_size || cmdline_len >= X86_CMDLINE_MAX) {
        error_setg(errp, "-append: the command line is %zu bytes, '%s' "
                   "takes at most %u", cmdline_len, kernel_name,
                   MIN(img->cmdline_size, X86_CMDLINE_MAX - 1));
        return false;
    }
    if (cfg->e820_entries > E820_MAX_ENTRIES_ZEROPAGE) {
        error_setg(errp, "the E820 map has %zu entries, boot_params holds "
                   "%d", cfg->e820_entries, E820_MAX_ENTRIES_ZEROPAGE);
        return false;
    }
    info->version = img->version;
    info->kernel_addr = X86_KERNEL_LOAD_ADDR;
    info->kernel_size = img->kernel_size;
    info->kernel_end = MAX(start + img->init_size,
                           info->kernel_addr + img->kernel_size);
    if (info->kernel_end > cfg->lowmem) {
        error_setg(errp, "-kernel '%s' needs RAM up to 0x%" PRIx64 " to "
                   "decompress, but RAM below 4 GiB ends at 0x%" PRIx64
                   " (use more -m)", kernel_name, info->kernel_end,
                   cfg->lowmem);
        return false;
    }
    info->entry64 = info->kernel_addr + 0x200;
    info->boot_params = X86_BOOT_PARAMS_ADDR;
    info->cmdline_addr = X86_CMDLINE_ADDR;
    info->initrd_addr = info->initrd_size = 0;
    if (initrd_len) {
        info->initrd_size = initrd_len;
        return place_initrd(initrd_name, initrd_len, img, info->kernel_end,
                            cfg->lowmem, &info->initrd_addr, errp);
    }
    return true;
}

bool x86_linux_setup(const char *kernel_name, const uint8_t *kernel,
                     size_t kernel_len, const char *initrd_name,
                     const uint8_t *initrd, size_t initrd_len,
                     const X86LinuxBootConfig *cfg,
                     const LoaderTarget *target, X86LinuxBootInfo *info,
                     Error **errp)
{
    const char *cmdline = cfg->cmdline ? cfg->cmdline : "";
    size_t cmdline_len = strlen(cmdline);
    g_autofree uint8_t *bp = g_malloc0(BP_SIZE);
    X86BzImage img;

    if (!x86_bzimage_parse(kernel_name, kernel, kernel_len, &img, errp) ||
        !plan(kernel_name, &img, initrd_name, initrd_len, cfg, cmdline_len,
              info, errp)) {
        return false;
    }
    fill_boot_params(bp, kernel, &img, cfg, info);
    return loader_write(target, info->kernel_addr, kernel + img.kernel_offset,
                        img.kernel_size, errp) &&
           (!initrd_len || loader_write(target, info->initrd_addr, initrd,
                                        initrd_len, errp)) &&
           loader_write(target, info->cmdline_addr, cmdline, cmdline_len + 1,
                        errp) &&
           loader_write(target, info->boot_params, bp, BP_SIZE, errp);
}

static bool blob_write(void *opaque, uint64_t addr, const void *buf,
                       size_t len, Error **errp)
{
    return loader_write_boot_blob(addr, buf, len, errp);
}

#define KERNEL_MAX_SIZE (256 * MiB)
#define INITRD_MAX_SIZE (2048 * MiB)

bool x86_linux_load(const char *kernel, const char *initrd,
                    const X86LinuxBootConfig *cfg, X86LinuxBootInfo *info,
                    Error **errp)
{
    LoaderTarget target = { blob_write, NULL, 0, cfg->lowmem };
    g_autofree uint8_t *kbuf = NULL, *ibuf = NULL;
    size_t klen, ilen = 0;

    kbuf = loader_read_file(kernel, KERNEL_MAX_SIZE, &klen, errp);
    if (!kbuf) {
        error_prepend(errp, "-kernel: ");
        return false;
    }
    if (initrd) {
        ibuf = loader_read_file(initrd, INITRD_MAX_SIZE, &ilen, errp);
        if (!ibuf) {
            error_prepend(errp, "-initrd: ");
            return false;
        }
        if (!ilen) {
            error_setg(errp, "-initrd '%s' is empty", initrd);
            return false;
        }
    }
    return x86_linux_setup(kernel, kbuf, klen, initrd, ibuf, ilen, cfg,
                           &target, info, errp);
}
