/*
 * Direct Linux boot for x86-64 boards (Documentation/arch/x86/boot.rst):
 * a bzImage's protected-mode kernel at 1 MiB, an initrd, the command line
 * and the boot_params "zero page" with the E820 map, for the kernel's
 * 64-bit entry point.
 *
 * Guest memory used below 1 MiB (0-0xffff and 0x30000-0x9fbff stay free
 * for the entry code's GDT, page tables and stack):
 *   X86_BOOT_PARAMS_ADDR  boot_params (4 KiB), RSI at entry
 *   X86_CMDLINE_ADDR      the command line, up to 64 KiB
 * The 64-bit entry (boot.rst, "64-bit Boot Protocol") needs: long mode
 * with paging identity-mapping the kernel up to kernel_end, boot_params,
 * the command line and the initrd; a GDT with flat 4 GiB descriptors at
 * selectors 0x10 (__BOOT_CS, execute/read) and 0x18 (__BOOT_DS,
 * read/write), CS = 0x10 and DS/ES/SS = 0x18; interrupts off;
 * RSI = boot_params; RIP = entry64.
 */
#ifndef HW_I386_X86_LINUX_BOOT_H
#define HW_I386_X86_LINUX_BOOT_H

#include "kemu/error.h"
#include "hw/loader.h"

#define X86_BOOT_PARAMS_ADDR    0x10000
#define X86_CMDLINE_ADDR        0x20000
#define X86_CMDLINE_MAX         0x10000
#define X86_KERNEL_LOAD_ADDR    0x100000

/* E820 memory map (BIOS int 15h, ax=e820h) entries. */
enum {
    E820_RAM = 1,
    E820_RESERVED = 2,
    E820_ACPI = 3,
    E820_NVS = 4,
};
#define E820_MAX_ENTRIES_ZEROPAGE 128

typedef struct X86E820Entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} X86E820Entry;

/*
 * The PC map for ram_size bytes of RAM, lowmem of them below 4 GiB (the
 * rest from 4 GiB up): RAM 0-0x9fc00, the EBDA and 0xe0000-0xfffff (BIOS
 * area, where the ACPI tables go) reserved, RAM from 1 MiB.  A GArray of
 * X86E820Entry, sorted; boards add their holes with x86_e820_add().
 */
GArray *x86_e820_pc_map(uint64_t ram_size, uint64_t lowmem);
void x86_e820_add(GArray *map, uint64_t addr, uint64_t size, uint32_t type);

/* What the setup header says (offsets in boot.rst). */
typedef struct X86BzImage {
    uint16_t version;           /* 0x20f: protocol 2.15 */
    uint8_t setup_sects;        /* 0 read as 4 */
    uint32_t syssize;           /* in 16-byte units */
    uint8_t loadflags;
    uint16_t xloadflags;
    bool relocatable;
    uint32_t kernel_alignment;
    uint64_t pref_address;
    uint32_t init_size;
    uint32_t initrd_addr_max;
    uint32_t cmdline_size;      /* longest command line, NUL excluded */
    size_t header_end;          /* end of the setup header in the file */
    size_t kernel_offset;       /* the protected-mode kernel in the file */
    size_t kernel_size;
} X86BzImage;

#define XLF_KERNEL_64           (1u << 0)

/*
 * Validate a bzImage for 64-bit direct boot: "HdrS", protocol >= 2.12
 * with XLF_KERNEL_64, setup_sects and syssize within the file.  Errors
 * name name.
 */
bool x86_bzimage_parse(const char *name, const uint8_t *buf, size_t len,
                       X86BzImage *img, Error **errp);

typedef struct X86LinuxBootConfig {
    const char *cmdline;        /* NULL: empty */
    /* RAM below 4 GiB ends here: the kernel and initrd must fit below. */
    uint64_t lowmem;
    const X86E820Entry *e820;   /* the map the guest sees */
    size_t e820_entries;
    uint64_t acpi_rsdp_addr;    /* 0: none (the kernel scans the BIOS area) */
    bool vga_text;              /* an 80x25 text console; else none */
} X86LinuxBootConfig;

typedef struct X86LinuxBootInfo {
    uint64_t entry64;           /* RIP: kernel_addr + 0x200 */
    uint64_t boot_params;       /* RSI */
    uint64_t kernel_addr, kernel_size;
    uint64_t kernel_end;        /* end of the memory the kernel claims */
    uint64_t initrd_addr, initrd_size;  /* size 0: no initrd */
    uint64_t cmdline_addr;
    uint16_t version;
} X86LinuxBootInfo;

/*
 * Load a bzImage (and an initrd when initrd_len is not 0) from memory
 * through target and write boot_params.  kernel_name/initrd_name name them
 * in errors.  Nothing is written when a check fails.
 */
bool x86_linux_setup(const char *kernel_name, const uint8_t *kernel,
                     size_t kernel_len, const char *initrd_name,
                     const uint8_t *initrd, size_t initrd_len,
                     const X86LinuxBootConfig *cfg,
                     const LoaderTarget *target, X86LinuxBootInfo *info,
                     Error **errp);

/*
 * The same from files (-kernel, -initrd; initrd may be NULL, and may be
 * gzip-compressed as it is), written as boot blobs that every reset
 * writes again.
 */
bool x86_linux_load(const char *kernel, const char *initrd,
                    const X86LinuxBootConfig *cfg, X86LinuxBootInfo *info,
                    Error **errp);

#endif
