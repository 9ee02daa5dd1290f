/* The bare-metal 64-bit entry (see include/hw/i386/x86-entry.h). */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/loader.h"
#include "hw/i386/x86-entry.h"

#define GDT_OFF  0x0000
#define PML4_OFF 0x1000
#define PDPT_OFF 0x2000
#define PD_OFF   0x3000         /* four page directories */
#define PTE_P    1
#define PTE_RW   2
#define PTE_PS   0x80
#define SIZE_2M  (2ull << 20)

#define GDT_CODE64 0x00af9b000000ffffull   /* 64-bit code, DPL 0 */
#define GDT_DATA   0x00cf93000000ffffull   /* flat 4 GiB data, DPL 0 */

bool x86_entry_write_tables(uint64_t base, uint64_t rip, uint16_t code_sel,
                            X86LongModeEntry *e, Error **errp)
{
    g_autofree uint64_t *t = g_new0(uint64_t, X86_ENTRY_TABLES_SIZE / 8);
    uint16_t data_sel = code_sel + 8;

    if (base & 0xfff) {
        error_setg(errp, "x86 entry tables at 0x%" PRIx64 " are not page "
                   "aligned", base);
        return false;
    }
    assert(code_sel && !(code_sel & 7) && data_sel < PML4_OFF);
    t[GDT_OFF / 8 + code_sel / 8] = GUINT64_TO_LE(GDT_CODE64);
    t[GDT_OFF / 8 + data_sel / 8] = GUINT64_TO_LE(GDT_DATA);
    t[PML4_OFF / 8] = GUINT64_TO_LE((base + PDPT_OFF) | PTE_P | PTE_RW);
    for (int i = 0; i < 4; i++) {
        t[PDPT_OFF / 8 + i] = GUINT64_TO_LE((base + PD_OFF + i * 0x1000) |
                                            PTE_P | PTE_RW);
    }
    for (int j = 0; j < 4 * 512; j++) {
        t[PD_OFF / 8 + j] = GUINT64_TO_LE(j * SIZE_2M | PTE_P | PTE_RW |
                                          PTE_PS);
    }
    if (!loader_write_boot_blob(base, t, X86_ENTRY_TABLES_SIZE, errp)) {
        return false;
    }
    *e = (X86LongModeEntry) {
        .rip = rip,
        .cr3 = base + PML4_OFF,
        .gdt_base = base + GDT_OFF,
        .gdt_limit = data_sel + 7,
        .code_sel = code_sel,
        .data_sel = data_sel,
    };
    return true;
}
