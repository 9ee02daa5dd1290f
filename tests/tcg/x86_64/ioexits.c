/*
 * Port I/O and MMIO of every width, as an accelerator sees them
 * (ioexits.expected): PCI configuration reads of 1, 2 and 4 bytes at
 * each offset of 0xcfc, unassigned ports (all ones) and unassigned MMIO
 * (zeros) at 1, 2, 4 and 8 bytes, and string I/O: REP OUTSB to the 16550
 * and REP INSW from an unassigned port (a count of elements per exit
 * under KVM).  Accelerator-neutral.
 */
#include <stdint.h>
#include "x86io.h"
#include "bmprint.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define UNASSIGNED_PORT 0x2e8          /* no COM4 */
#define UNASSIGNED_MMIO 0xc0000000ul        /* in the PCI hole, no BAR */

static uint16_t inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void pci_widths(void)
{
    /* 00:00.0 (i440FX), register 0: vendor 8086, device 1237. */
    outl(PCI_ADDR, 0x80000000);
    put_kv("pci dword", inl(PCI_DATA), 8);
    put_kv("pci word 0", inw(PCI_DATA), 4);
    put_kv("pci word 2", inw(PCI_DATA + 2), 4);
    for (int i = 0; i < 4; i++) {
        out_str("pci byte ");
        put_hex(i, 1);
        put_kv("", inb(PCI_DATA + i), 2);
    }
}

static void unassigned(void)
{
    volatile uint8_t *b = (volatile uint8_t *)UNASSIGNED_MMIO;

    put_kv("port byte", inb(UNASSIGNED_PORT), 2);
    put_kv("port word", inw(UNASSIGNED_PORT), 4);
    put_kv("port dword", inl(UNASSIGNED_PORT), 8);
    put_kv("mmio byte", *b, 2);
    put_kv("mmio word", *(volatile uint16_t *)b, 4);
    put_kv("mmio dword", *(volatile uint32_t *)b, 8);
    put_kv("mmio qword", *(volatile uint64_t *)b, 16);
    *(volatile uint64_t *)b = 0x1122334455667788ull;   /* ignored */
    put_kv("mmio after write", *(volatile uint64_t *)b, 16);
}

static void string_io(void)
{
    static const char msg[] = "rep outsb\n";
    uint16_t buf[4] = { 0x1234, 0x1234, 0x1234, 0x1234 };
    const char *src = msg;
    uint16_t *dst = buf;
    unsigned long n = sizeof(msg) - 1;

    /* The 16550's THR holds one byte, but its model sends at once. */
    __asm__ volatile("rep outsb" : "+S"(src), "+c"(n)
                     : "d"((uint16_t)0x3f8) : "memory");
    n = 3;
    __asm__ volatile("rep insw" : "+D"(dst), "+c"(n)
                     : "d"((uint16_t)UNASSIGNED_PORT) : "memory");
    for (int i = 0; i < 4; i++) {
        out_str("insw ");
        put_hex(i, 1);
        put_kv("", buf[i], 4);
    }
}

void test_main(void)
{
    pci_widths();
    unassigned();
    string_io();
}
