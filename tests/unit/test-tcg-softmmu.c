/*
 * The TCG softmmu on the toy guest: alignment faults, page-crossing
 * accesses, MMIO through the memory API, self-modifying code, DMA into
 * code, TLB flushes after page table changes, fetch from MMIO.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "accel/tcg/tcg-accel.h"
#include "exec/exec-all.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "toy-cpu.h"

#define I TOY_INSN
#define RAM_SIZE (1 << 20)
#define CODE 0x1000
#define VEC 0x800
#define DATA 0x2000
#define PT_BASE 0x10000
#define DEV_BASE 0x200000

static const uint32_t vector[] = { I(TOY_HLT, 0, 0, 0) };

static CPUState *load_and_create(const uint32_t *code, size_t n)
{
    toy_load(VEC, vector, 1);
    toy_load(CODE, code, n);
    return toy_cpu_new(CODE, VEC);
}

static CPUState *start(const uint32_t *code, size_t n)
{
    CPUState *cpu;

    toy_setup(NULL, RAM_SIZE);
    cpu = load_and_create(code, n);
    vm_start();
    return cpu;
}

static TCGAccelStats stats(void)
{
    TCGAccelStats s;

    tcg_accel_get_stats(&s);
    return s;
}

static void test_unaligned(void)
{
    static const uint8_t data[8] = { 0x11, 0x22, 0x33, 0x44,
                                     0x55, 0x66, 0x77, 0x88 };
    static const uint32_t code[] = {
        I(TOY_LI, 5, 0, DATA),
        I(TOY_LD + 2, 1, 5, 2),             /* unaligned allowed */
        I(TOY_LDA + 1, 2, 5, 2),            /* aligned halfword: fine */
        I(TOY_LDA + 2, 3, 5, 2),            /* aligned word: faults */
        I(TOY_LI, 4, 0, 4), I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu;
    ToyEnv *env;

    toy_setup(NULL, RAM_SIZE);
    address_space_write(&address_space_memory, DATA, data, sizeof(data));
    cpu = load_and_create(code, G_N_ELEMENTS(code));
    env = toy_env(cpu);
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmphex(env->r[1], ==, 0x66554433);
    g_assert_cmphex(env->r[2], ==, 0x4433);
    g_assert_cmpuint(env->cause, ==, TOY_EXCP_UNALIGNED);
    g_assert_cmphex(env->fault_addr, ==, DATA + 2);
    g_assert_cmphex(env->epc, ==, CODE + 3 * 4);
    g_assert_cmpuint(env->r[3], ==, 0);
    g_assert_cmpuint(env->r[4], ==, 0);
}

/* r6 = 0x0102030405060708 */
#define LOAD_R6_PATTERN \
    I(TOY_LI, 6, 0, 0x0102), I(TOY_LUI, 6, 0, 0x0304), \
    I(TOY_LUI, 6, 0, 0x0506), I(TOY_LUI, 6, 0, 0x0708)

static void test_page_crossing(void)
{
    static const uint32_t code[] = {
        LOAD_R6_PATTERN,
        I(TOY_LI, 5, 0, 0x2ffd),
        I(TOY_ST + 3, 6, 5, 0),             /* 0x2ffd..0x3004 */
        I(TOY_LD + 3, 7, 5, 0),
        I(TOY_LD + 1, 8, 5, 2),             /* 0x2fff, 0x3000 */
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = start(code, G_N_ELEMENTS(code));
    uint8_t mem[8];

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmphex(toy_env(cpu)->r[7], ==, 0x0102030405060708ull);
    g_assert_cmphex(toy_env(cpu)->r[8], ==, 0x0506);
    address_space_read(&address_space_memory, 0x2ffd, mem, 8);
    g_assert_cmphex(mem[0], ==, 0x08);
    g_assert_cmphex(mem[3], ==, 0x05);
    g_assert_cmphex(mem[7], ==, 0x01);
}

/* Identity map for pages 0..0x3f, plus extra (vpn, ppn) pairs. */
static void map_pages(const uint64_t (*extra)[2], size_t n)
{
    for (uint64_t vpn = 0; vpn < 0x40; vpn++) {
        address_space_stq_le(&address_space_memory, PT_BASE + vpn * 8,
                             vpn << 12 | 0xf, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        address_space_stq_le(&address_space_memory, PT_BASE + extra[i][0] * 8,
                             extra[i][1] << 12 | 0xf, NULL);
    }
}

static CPUState *start_mmu(const uint32_t *code, size_t n,
                           const uint64_t (*extra)[2], size_t nextra)
{
    CPUState *cpu;

    toy_setup(NULL, RAM_SIZE);
    map_pages(extra, nextra);
    cpu = load_and_create(code, n);
    toy_env(cpu)->pt_base = PT_BASE;
    vm_start();
    return cpu;
}

/* A virtually contiguous access split over two unrelated physical pages. */
static void test_page_crossing_mmu(void)
{
    static const uint64_t extra[][2] = { { 0x50, 0x20 }, { 0x51, 0x25 } };
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), LOAD_R6_PATTERN,
        I(TOY_LI, 5, 0, 5), I(TOY_LUI, 5, 0, 0x0ffc),     /* 0x50ffc */
        I(TOY_ST + 3, 6, 5, 0), I(TOY_LD + 3, 7, 5, 0),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = start_mmu(code, G_N_ELEMENTS(code), extra, 2);

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmphex(toy_env(cpu)->r[7], ==, 0x0102030405060708ull);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x20ffc,
                                         NULL), ==, 0x05060708);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x25000,
                                         NULL), ==, 0x01020304);
}

/* ---- MMIO ---- */

typedef struct DevAccess {
    hwaddr addr;
    unsigned size;
    uint64_t val;
    bool write, locked;
} DevAccess;

static GArray *dev_log;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    DevAccess a = { addr, size, 0, false, kemu_mutex_iothread_locked() };

    g_array_append_val(dev_log, a);
    return 0x1111111111111111ull * (addr + 1);
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    DevAccess a = { addr, size, val, true, kemu_mutex_iothread_locked() };

    g_array_append_val(dev_log, a);
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static MemoryRegion dev_mr;

static void add_device(void)
{
    dev_log = g_array_new(false, false, sizeof(DevAccess));
    memory_region_init_io(&dev_mr, NULL, &dev_ops, NULL, "testdev", 0x100);
    memory_region_add_subregion(get_system_memory(), DEV_BASE, &dev_mr);
}

static void test_mmio(void)
{
    static const uint32_t code[] = {
        LOAD_R6_PATTERN,
        I(TOY_LI, 5, 0, DEV_BASE >> 16), I(TOY_LUI, 5, 0, 0),
        I(TOY_ST + 0, 6, 5, 0), I(TOY_ST + 1, 6, 5, 2),
        I(TOY_ST + 2, 6, 5, 4), I(TOY_ST + 3, 6, 5, 8),
        I(TOY_LD + 0, 1, 5, 1), I(TOY_LD + 1, 2, 5, 2),
        I(TOY_LD + 2, 3, 5, 4), I(TOY_LD + 3, 4, 5, 8),
        I(TOY_HLT, 0, 0, 0),
    };
    static const DevAccess want[] = {
        { 0, 1, 0x08, true }, { 2, 2, 0x0708, true },
        { 4, 4, 0x05060708, true }, { 8, 8, 0x0102030405060708ull, true },
        { 1, 1 }, { 2, 2 }, { 4, 4 }, { 8, 8 },
    };
    CPUState *cpu;
    ToyEnv *env;

    toy_setup(NULL, RAM_SIZE);
    add_device();
    cpu = load_and_create(code, G_N_ELEMENTS(code));
    env = toy_env(cpu);
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(dev_log->len, ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < dev_log->len; i++) {
        DevAccess *a = &g_array_index(dev_log, DevAccess, i);

        g_assert_cmphex(a->addr, ==, want[i].addr);
        g_assert_cmpuint(a->size, ==, want[i].size);
        g_assert_cmpint(a->write, ==, want[i].write);
        g_assert_true(a->locked);
        if (a->write) {
            g_assert_cmphex(a->val, ==, want[i].val);
        }
    }
    g_assert_cmphex(env->r[1], ==, 0x22);
    g_assert_cmphex(env->r[2], ==, 0x3333);
    g_assert_cmphex(env->r[3], ==, 0x55555555);
    g_assert_cmphex(env->r[4], ==, 0x9999999999999999ull);
}

static void test_fetch_from_mmio(void)
{
    static const uint32_t code[] = {
        I(TOY_LI, 5, 0, DEV_BASE >> 16), I(TOY_LUI, 5, 0, 0),
        I(TOY_JR, 0, 5, 0),
    };
    CPUState *cpu;

    toy_setup(NULL, RAM_SIZE);
    add_device();
    cpu = load_and_create(code, G_N_ELEMENTS(code));
    vm_start();
    for (int i = 0; i < 5000 && !cpu->stopped; i++) {
        toy_sleep(1);
    }
    g_assert_true(cpu->stopped);
    g_assert_cmphex(toy_env(cpu)->pc, ==, DEV_BASE);
    for (int i = 0; i < 100 && runstate_is_running(); i++) {
        main_loop_wait_once(10);
    }
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_INTERNAL_ERROR);
}

/* ---- Self-modifying code ---- */

/* "li r1, 99" */
#define NEW_INSN I(TOY_LI, 1, 0, 99)
#define LOAD_R6_NEW_INSN \
    I(TOY_LI, 6, 0, NEW_INSN >> 16), I(TOY_LUI, 6, 0, NEW_INSN & 0xffff)

static void test_smc_same_tb(void)
{
    static const uint32_t code[] = {
        I(TOY_LI, 5, 0, CODE + 5 * 4),
        LOAD_R6_NEW_INSN,
        I(TOY_LI, 2, 0, 2),
        I(TOY_ST + 2, 6, 5, 0),
        I(TOY_LI, 1, 0, 1),                 /* overwritten before it runs */
        I(TOY_LI, 3, 0, 3),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = start(code, G_N_ELEMENTS(code));

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 99);
    g_assert_cmpuint(toy_env(cpu)->r[2], ==, 2);
    g_assert_cmpuint(toy_env(cpu)->r[3], ==, 3);
    g_assert_cmpuint(stats().invalidations, >=, 1);
}

static void test_smc_other_tb(void)
{
    static const uint32_t code[] = {
        /* 0 */ I(TOY_LI, 2, 0, 2), I(TOY_LI, 5, 0, CODE + 11 * 4),
        /* 2 */ LOAD_R6_NEW_INSN,
        /* 4 loop */ I(TOY_J, 0, 0, 6),
        /* 5 back */ I(TOY_ADD, 3, 3, 1),
        /* 6 */ I(TOY_ST + 2, 6, 5, 0),
        /* 7 */ I(TOY_ADDI, 2, 2, -1),
        /* 8 */ I(TOY_BNE, 2, 0, -5),
        /* 9 */ I(TOY_HLT, 0, 0, 0),
        /* 10 */ I(TOY_RAISE, 0, 0, 0x77),
        /* 11 sub */ I(TOY_LI, 1, 0, 1),
        /* 12 */ I(TOY_J, 0, 0, -8),
    };
    CPUState *cpu = start(code, G_N_ELEMENTS(code));

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmpuint(toy_env(cpu)->r[3], ==, 1 + 99);
}

static void test_dma_invalidates(void)
{
    static const uint32_t code[] = { I(TOY_LI, 1, 0, 5), I(TOY_HLT, 0, 0, 0) };
    static const uint32_t patch[] = { I(TOY_LI, 1, 0, 9) };
    CPUState *cpu = start(code, G_N_ELEMENTS(code));
    uint64_t inval;

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 5);
    inval = stats().invalidations;
    toy_load(CODE, patch, 1);           /* address_space_write */
    g_assert_cmpuint(stats().invalidations, ==, inval + 1);
    toy_restart(cpu, CODE);
    g_assert_true(toy_wait_halts(cpu, 2));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 9);
}

static void test_tlb_flush_page(void)
{
    static const uint64_t extra[][2] = { { 0x40, 0x20 } };
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1),
        I(TOY_LI, 5, 0, 4), I(TOY_LUI, 5, 0, 0),            /* 0x40000 */
        I(TOY_LD + 3, 1, 5, 0),
        I(TOY_LI, 7, 0, 1), I(TOY_LUI, 7, 0, 0x0200),       /* its PTE */
        I(TOY_LI, 8, 0, 2), I(TOY_LUI, 8, 0, 0x100f),       /* -> 0x21 */
        I(TOY_ST + 3, 8, 7, 0),
        I(TOY_LD + 3, 2, 5, 0),             /* the TLB still says 0x20 */
        I(TOY_TLBI, 0, 5, 0),
        I(TOY_LD + 3, 3, 5, 0),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu;

    toy_setup(NULL, RAM_SIZE);
    map_pages(extra, 1);
    address_space_stq_le(&address_space_memory, 0x20000, 0x1111, NULL);
    address_space_stq_le(&address_space_memory, 0x21000, 0x2222, NULL);
    cpu = load_and_create(code, G_N_ELEMENTS(code));
    toy_env(cpu)->pt_base = PT_BASE;
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmphex(toy_env(cpu)->r[1], ==, 0x1111);
    g_assert_cmphex(toy_env(cpu)->r[2], ==, 0x1111);
    g_assert_cmphex(toy_env(cpu)->r[3], ==, 0x2222);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg-softmmu/unaligned", test_unaligned);
    g_test_add_func("/tcg-softmmu/page-crossing", test_page_crossing);
    g_test_add_func("/tcg-softmmu/page-crossing-mmu", test_page_crossing_mmu);
    g_test_add_func("/tcg-softmmu/mmio", test_mmio);
    g_test_add_func("/tcg-softmmu/fetch-from-mmio", test_fetch_from_mmio);
    g_test_add_func("/tcg-softmmu/smc-same-tb", test_smc_same_tb);
    g_test_add_func("/tcg-softmmu/smc-other-tb", test_smc_other_tb);
    g_test_add_func("/tcg-softmmu/dma-invalidates", test_dma_invalidates);
    g_test_add_func("/tcg-softmmu/tlb-flush-page", test_tlb_flush_page);
    return g_test_run();
}
