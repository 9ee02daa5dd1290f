/*
 * RAM above 4 GiB on -M pc with -m 5G (highmem.expected): the boot page
 * tables map the low 4 GiB only, so this maps 4-6 GiB with 2 MiB pages
 * of its own, writes a pattern at several places there and reads it
 * back, with patterns at the same offsets from 1 and 2 GiB in between
 * (the two ranges must not alias).  Both Kemu's ELF64 entry and the
 * multiboot entry (QEMU) leave PML4[0] pointing at a PDPT in low memory.
 */
#include <stdint.h>
#include "bmprint.h"

#define GiB (1ull << 30)
#define PTE_P_RW 3ull
#define PTE_PS 0x80ull
#define PT_ADDR 0x000ffffffffff000ull

static uint64_t high_pd[2][512] __attribute__((aligned(4096)));
static const uint64_t offsets[] = {
    0, 8, 0x1000, 0x123450, 0x40000010, 2 * GiB - 8,
};
static uint64_t pattern(uint64_t addr)
{
    return addr * 0x9e3779b97f4a7c15ull ^ 0x5a5a5a5a5a5a5a5aull;
}

static void map_high(void)
{
    uint64_t cr3, *pdpt;

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    pdpt = (uint64_t *)(((uint64_t *)(cr3 & PT_ADDR))[0] & PT_ADDR);
    for (int g = 0; g < 2; g++) {
        for (int i = 0; i < 512; i++) {
            high_pd[g][i] = ((4 + g) * GiB + i * (2ull << 20)) | PTE_P_RW |
                            PTE_PS;
        }
        pdpt[4 + g] = (uint64_t)high_pd[g] | PTE_P_RW;
    }
    __asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static volatile uint64_t *at(uint64_t addr)
{
    return (volatile uint64_t *)addr;
}

/* Where offset i lands below 4 GiB in low RAM copy c (at 1 or 2 GiB). */
static uint64_t low_addr(unsigned i, int c)
{
    return (1 + c) * GiB + (offsets[i] & (GiB - 1));
}

static void check(uint64_t a)
{
    out_str(*at(a) == pattern(a) ? "ok " : "BAD ");
    put_hex(a, 9);
    out_str("\n");
}

void test_main(void)
{
    const unsigned n = sizeof(offsets) / sizeof(offsets[0]);

    map_high();
    for (unsigned i = 0; i < n; i++) {
        *at(4 * GiB + offsets[i]) = pattern(4 * GiB + offsets[i]);
    }
    /* Low RAM at the same offsets: must not show through above 4 GiB. */
    for (unsigned i = 0; i < n; i++) {
        for (int c = 0; c < 2; c++) {
            *at(low_addr(i, c)) = pattern(low_addr(i, c));
        }
    }
    for (unsigned i = 0; i < n; i++) {
        check(4 * GiB + offsets[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        check(low_addr(i, 0));
        check(low_addr(i, 1));
    }
}
