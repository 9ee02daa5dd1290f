/*
 * Kemu's bare-metal entry for x86-64 (no firmware): the board writes a
 * flat GDT and page tables identity-mapping the low 4 GiB with 2 MiB
 * pages into guest RAM, and starts the CPU in 64-bit long mode.  The
 * Linux direct-boot loader reuses it for its 64-bit entry.
 */
#ifndef HW_I386_X86_ENTRY_H
#define HW_I386_X86_ENTRY_H

#include "kemu/error.h"
#include "target/i386/x86-boot.h"

/* Bytes of guest RAM the tables take at their (4 KiB aligned) base. */
#define X86_ENTRY_TABLES_SIZE 0x7000
/*
 * Selectors of the flat GDT: the code descriptor, then data 8 above it.
 * Bare-metal ELF images get 0x08/0x10; Linux's 64-bit boot protocol wants
 * __BOOT_CS 0x10 and __BOOT_DS 0x18.
 */
#define X86_ENTRY_CODE_SEL 0x08
#define X86_ENTRY_DATA_SEL 0x10
#define X86_LINUX_BOOT_CS  0x10
#define X86_LINUX_BOOT_DS  0x18

/*
 * Write the GDT (a 64-bit code descriptor at code_sel, flat data at
 * code_sel + 8) and page tables at base (as boot blobs, so a reset
 * rewrites them) and fill e for a start at rip (rsp and rsi 0).
 */
bool x86_entry_write_tables(uint64_t base, uint64_t rip, uint16_t code_sel,
                            X86LongModeEntry *e, Error **errp);

#endif
