/*
 * Legacy and compatibility modes (modes-entry.S does the switching and
 * the checks): one line per result, compared with modes.expected, which
 * qemu-system-x86_64 agrees with (the same ELF boots there by multiboot).
 */
#include <stdint.h>

void out_str(const char *s);
void modes_run(void);
extern volatile uint32_t mres[64];

static const char *const names[] = {
    "compat: CALLF ptr16:32 returned",          /* 0 */
    "compat: CS",
    "PG off in compat mode: EFER (LMA clear)",
    "protected: read at the segment limit",
    "protected: read past the limit (vec<<16|err)",
    "protected: DS <- execute-only code",       /* 5 */
    "protected: ES <- not present",
    "protected: SS <- null",
    "protected: INT 0x40 (32-bit gate)",
    "protected: CALLF/RETF",
    "32-bit paging: 4 KiB page",                /* 10 */
    "32-bit paging: 4 MiB page (PSE)",
    "32-bit paging: not present",
    "32-bit paging: CR2",
    "32-bit paging: write to read-only (WP)",
    "32-bit paging: CR2",                       /* 15 */
    "PAE paging: 4 KiB page",
    "PAE paging: fetch from NX",
    "real mode: INT 0x40 through the IVT (IF<<16 | marker)",
    "real mode: [bx+si+2] | ES=sel<<4",
    "real mode: CALLF/RETF | PUSHA/POPA DI",    /* 20 */
    "real mode: SP after",
    "back in long mode: EFER",
    "ring 3 after RETF: CS",
    "ring 3: CLI",
    "ring 3: FS <- DPL 0 data",
    "ring 3: INT 0x40 through the TSS, IRET back",
    "ring 3 INT 0x41: handler SS",
    "ring 3 INT 0x41: pushed CS",                /* 28 */
    "ring 3 INT 0x41: pushed SS",
    "ring 3 INT 0x41: ESP - ESP0",
    "compat: CALLF to 64-bit code, RETF back",
    "compat: CS after",
    "protected: C4/C5 as LES/LDS: ES<<16 | DX",
    "protected: C4 as LES: EAX",
    "protected: C4 as VEX: ANDN",
    "protected: C4 as VEX: BLSR m32",
    "real mode: C4 as LES: ES<<16 | AX",
    "real mode: C4 as VEX: #UD",
};

static void put_hex(uint32_t v)
{
    char buf[9];

    for (int i = 7; i >= 0; i--) {
        buf[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    buf[8] = 0;
    out_str(buf);
}

void test_main(void)
{
    modes_run();
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        out_str(names[i]);
        out_str(": ");
        put_hex(mres[i]);
        out_str("\n");
    }
}
