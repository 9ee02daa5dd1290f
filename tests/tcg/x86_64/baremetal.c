/*
 * The bare-metal side of the tests for kemu-system-x86_64 -M pc: output
 * on the 16550 at 0x3f8, exit through isa-debug-exit at 0xf4.  The case
 * programs' test_main() is in harness.c, excp.c has its own.
 */
#include "harness.h"
#include "x86io.h"

/* The 32-bit code segment of compatibility-mode cases. */
uint16_t code32_sel = 0x18;

/* The program's checks: run_all() (harness.c) or excp.c's. */
void test_main(void);

void out_str(const char *s)
{
    for (; *s; s++) {
        while (!(inb(0x3fd) & 0x20)) {
            /* wait for THR empty */
        }
        outb(0x3f8, *s);
    }
}

/*
 * The entry's GDT plus a 32-bit code segment: 0x08 64-bit code, 0x10 flat
 * data, 0x18 32-bit code (code32_sel).
 */
static const uint64_t gdt[] __attribute__((aligned(16))) = {
    0, 0x00af9b000000ffffull, 0x00cf93000000ffffull, 0x00cf9b000000ffffull,
};

static void load_gdt(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } d = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

    __asm__ volatile("lgdt %0" : : "m"(d));
}

void bare_main(void)
{
    load_gdt();
    test_main();
    out_str("END\n");
    outb(0xf4, 0);              /* exit status (0 << 1) | 1 */
    for (;;) {
        __asm__ volatile("hlt");
    }
}

/* What the compiler may call in a freestanding program. */
void *memcpy(void *d, const void *s, unsigned long n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;

    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

void *memset(void *d, int c, unsigned long n)
{
    uint8_t *dp = d;

    while (n--) {
        *dp++ = c;
    }
    return d;
}
