/*
 * Stage 1 translation with the 4K, 16K and 64K granules (TCR_EL1.TG0,
 * and TG1 for a mapping seen through TTBR1)
 * and several T0SZ (so several start levels): tables built here identity
 * map the RAM and the UART with blocks, then per granule a page mapping,
 * a level 2 block mapping, a store through a mapping, translation faults
 * (at the start level, at level 3, beyond the input size) and an access
 * flag fault, each as the data abort's ESR/FAR and as AT S1E1R's PAR_EL1.
 * Runs on -cpu max (the one model with all three granules; the ID
 * registers differ from QEMU's max, which also has 52-bit addresses).
 */
#include "runtime.h"

#define RAM_BASE    0x40000000ull
#define UART_BASE   0x09000000ull
#define VA_PAGE     0x100000000ull      /* pages of test_page */
#define VA_BLOCK    0x200000000ull      /* a level 2 block at RAM_BASE */
#define VA_NONE     0x300000000ull      /* nothing */

#define DESC_VALID  1ull
#define DESC_TABLE  2ull                /* also "page" at level 3 */
#define DESC_AF     (1ull << 10)
#define DESC_SH_IS  (3ull << 8)
#define ATTR_DEVICE (0ull << 2)         /* MAIR index 0 */
#define ATTR_NORMAL (1ull << 2)         /* MAIR index 1 */
#define MAIR_VALUE  0x44ff00ull         /* Device-nGnRnE, WB, NC */

#define POOL_SIZE   (8 * 65536)

static uint8_t pool[POOL_SIZE] __attribute__((aligned(65536)));
static uint64_t test_page[65536 / 8] __attribute__((aligned(65536)));
static unsigned pool_used;
static int gshift, tsz, start_level;
static uint64_t root;
static volatile uint64_t fault_esr, fault_far;
static volatile int faults;

#define SYSREG_WRITE(name, val)                                         \
    __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(val)) \
                     : "memory")

void exc_handler(ExcFrame *f, int vector)
{
    if (vector != 4) {
        print_val("unexpected vector", vector);
        print_val("esr", f->esr);
        semihost_exit(3);
    }
    fault_esr = f->esr;
    fault_far = f->far;
    faults++;
    f->elr += 4;                        /* skip the faulting load/store */
}

static uint64_t new_table(void)
{
    volatile uint64_t *t = (volatile uint64_t *)(pool + pool_used);

    for (unsigned i = 0; i < (1u << gshift) / 8; i++) {
        t[i] = 0;
    }
    pool_used += 1u << gshift;
    return (uint64_t)t;
}

static int level_shift(int level)
{
    return gshift + (gshift - 3) * (3 - level);
}

/* The descriptor slot of va at level, making tables down to it. */
static volatile uint64_t *slot(uint64_t va, int level)
{
    uint64_t table = root;

    for (int l = start_level;; l++) {
        int bits = l == start_level ? 64 - tsz - level_shift(l)
                                    : gshift - 3;
        uint64_t idx = (va >> level_shift(l)) & ((1ull << bits) - 1);
        volatile uint64_t *d = (volatile uint64_t *)table + idx;

        if (l == level) {
            return d;
        }
        if (!(*d & DESC_VALID)) {
            *d = new_table() | DESC_TABLE | DESC_VALID;
        }
        table = *d & 0x0000fffffffff000ull & ~((1ull << gshift) - 1);
    }
}

static void map(uint64_t va, uint64_t pa, int level, uint64_t attrs)
{
    uint64_t type = level == 3 ? DESC_TABLE : 0;

    *slot(va, level) = pa | attrs | type | DESC_VALID;
}

static uint64_t at_s1e1r(uint64_t va)
{
    uint64_t par;

    __asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1"
                     : "=r"(par) : "r"(va) : "memory");
    return par;
}

static uint64_t load(uint64_t va)
{
    uint64_t v;

    faults = 0;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}

static void report_fault(const char *what, uint64_t va)
{
    uint64_t v = load(va);

    puts_uart(what);
    putc_uart('\n');
    print_val("  faults", faults);
    print_val("  esr", faults ? fault_esr : v);
    print_val("  far", faults ? fault_far : 0);
    print_val("  par", at_s1e1r(va));
}

/* TCR_EL1.TG0 and TG1 encodings. */
static uint64_t tg0(int shift)
{
    return shift == 12 ? 0 : shift == 16 ? 1 : 2;
}

static uint64_t tg1(int shift)
{
    return shift == 12 ? 2 : shift == 16 ? 3 : 1;
}

static void run(int shift, int t0sz)
{
    uint64_t g = 1ull << shift, blk, va;
    int stride = shift - 3;

    gshift = shift;
    tsz = t0sz;
    start_level = 4 - (64 - tsz - shift + stride - 1) / stride;
    pool_used = 0;
    root = new_table();
    puts_uart("granule ");
    put_hex(g, 5);
    puts_uart(" t0sz ");
    put_hex(tsz, 2);
    putc_uart('\n');
    print_val("start level", start_level);

    /* Identity: RAM and UART by level 1 (4K) or level 2 blocks. */
    blk = 1ull << level_shift(2);
    if (shift == 12) {
        map(RAM_BASE, RAM_BASE, 1, ATTR_NORMAL | DESC_SH_IS | DESC_AF);
        map(0, 0, 1, ATTR_DEVICE | DESC_AF);
    } else {
        map(RAM_BASE, RAM_BASE, 2, ATTR_NORMAL | DESC_SH_IS | DESC_AF);
        map(UART_BASE & ~(blk - 1), UART_BASE & ~(blk - 1), 2,
            ATTR_DEVICE | DESC_AF);
    }
    map(VA_PAGE, (uint64_t)test_page, 3, ATTR_NORMAL | DESC_SH_IS | DESC_AF);
    map(VA_PAGE + 2 * g, (uint64_t)test_page, 3, ATTR_NORMAL | DESC_SH_IS);
    map(VA_BLOCK, RAM_BASE, 2, ATTR_NORMAL | DESC_AF);

    SYSREG_WRITE(mair_el1, MAIR_VALUE);
    /* IPS 40 bits, inner shareable WB walks, TG0/TG1, T0SZ = T1SZ: the
     * same tables serve the top of the address space through TTBR1. */
    SYSREG_WRITE(tcr_el1, (2ull << 32) | (tg1(shift) << 30) | (3ull << 28) |
                 (1ull << 26) | (1ull << 24) | ((uint64_t)tsz << 16) |
                 (3ull << 12) | (1ull << 10) | (1ull << 8) |
                 (tg0(shift) << 14) | tsz);
    SYSREG_WRITE(ttbr0_el1, root);
    SYSREG_WRITE(ttbr1_el1, root);
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb");
    SYSREG_WRITE(sctlr_el1, 0x00c50838 | 1);
    puts_uart("mmu on\n");

    test_page[3] = 0x1234567890abcdefull + shift;
    print_val("page load", load(VA_PAGE + 0x18));
    print_val("page par", at_s1e1r(VA_PAGE + 0x18));
    *(volatile uint64_t *)(VA_PAGE + 0x20) = 0x5a5a0000 + shift;
    print_val("page store", test_page[4]);
    va = VA_BLOCK + ((uint64_t)test_page - RAM_BASE) + 0x18;
    print_val("block load", load(va));
    print_val("block par", at_s1e1r(va));
    print_val("block par far", at_s1e1r(VA_BLOCK + blk - 8));
    print_val("uart par", at_s1e1r(UART_BASE));
    va = (~0ull << (64 - tsz)) | (VA_PAGE + 0x18);
    print_val("ttbr1 page load", load(va));
    print_val("ttbr1 page par", at_s1e1r(va));
    report_fault("level 3 translation fault", VA_PAGE + g + 8);
    report_fault("access flag fault", VA_PAGE + 2 * g + 8);
    report_fault("unmapped", VA_NONE + 0x100);
    report_fault("beyond t0sz", 1ull << (64 - tsz));

    SYSREG_WRITE(sctlr_el1, 0x00c50838);
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb");
}

int main(void)
{
    run(12, 16);
    run(12, 25);
    run(14, 16);
    run(14, 28);
    run(16, 22);
    run(16, 16);
    puts_uart("END\n");
    return 0;
}
