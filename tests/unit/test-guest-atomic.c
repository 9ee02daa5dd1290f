/*
 * Atomic operations on guest memory (accel/tcg/guest-atomic.c): the
 * semantics of every operation and size, and no lost updates when two
 * host threads, each with its own vCPU, hammer the same guest RAM word
 * (read-modify-write, compare-and-swap, 16-byte compare-and-swap) or the
 * same MMIO register.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "exec/guest-atomic.h"
#include "exec/memory.h"
#include "system/main-loop.h"
#include "toy-cpu.h"

#define RAM_SIZE (1 << 20)
#define DATA 0x3000
#define DEV_BASE 0x200000
#define ITERS 200000

static CPUState *cpus[2];

static void setup(void)
{
    toy_setup(NULL, RAM_SIZE);
    for (int i = 0; i < 2; i++) {
        cpus[i] = toy_cpu_new(0x1000, 0x800);   /* never started */
    }
}

static uint64_t rmw(GuestAtomicOp op, MemOp mop, uint64_t mem, uint64_t val)
{
    MemOpIdx oi = make_memop_idx(mop, 0);

    address_space_stq_le(&address_space_memory, DATA, mem, NULL);
    return cpu_atomic_rmw(cpus[0], DATA, val, op, oi, 0);
}

static void test_ops(void)
{
    static const struct {
        GuestAtomicOp op;
        MemOp mop;
        uint64_t mem, val, old, after;
    } cases[] = {
        { GUEST_ATOMIC_ADD, MO_LEUQ, 0xffffffffffffffff, 2, ~0ull, 1 },
        { GUEST_ATOMIC_ADD, MO_UB, 0x11ff, 1, 0xff, 0x1100 },
        { GUEST_ATOMIC_AND, MO_LEUW, 0xabcd, 0x0ff0, 0xabcd, 0x0bc0 },
        { GUEST_ATOMIC_OR, MO_LEUL, 0x10, 0x80000001, 0x10, 0x80000011 },
        { GUEST_ATOMIC_XOR, MO_LEUQ, 0xff00, 0x0ff0, 0xff00, 0xf0f0 },
        { GUEST_ATOMIC_XCHG, MO_LEUL, 0x1234567887654321, 5, 0x87654321,
          0x1234567800000005 },
        { GUEST_ATOMIC_SMAX, MO_UB, 0x80, 0x01, 0x80, 0x01 },
        { GUEST_ATOMIC_SMIN, MO_UB, 0x80, 0x01, 0x80, 0x80 },
        { GUEST_ATOMIC_UMAX, MO_UB, 0x80, 0x01, 0x80, 0x80 },
        { GUEST_ATOMIC_UMIN, MO_LEUW, 0x8000, 0x7fff, 0x8000, 0x7fff },
        { GUEST_ATOMIC_SMAX, MO_LEUQ, 1ull << 63, 0, 1ull << 63, 0 },
        { GUEST_ATOMIC_ADD, MO_SW, 0xfffe, 1, 0xfffffffffffffffe, 0xffff },
        { GUEST_ATOMIC_ADD, MO_BEUL, 0x010000ff, 1, 0xff000001, 0x020000ff },
    };

    setup();
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t old = rmw(cases[i].op, cases[i].mop, cases[i].mem,
                           cases[i].val);
        g_assert_cmphex(old, ==, cases[i].old);
        g_assert_cmphex(toy_read64(DATA), ==, cases[i].after);
    }
}

static void test_cmpxchg(void)
{
    MemOpIdx oi32 = make_memop_idx(MO_LEUL, 0);
    uint64_t cmp[2] = { 1, 2 }, newv[2] = { 3, 4 }, old[2];

    setup();
    address_space_stq_le(&address_space_memory, DATA, 0xaaaa00000001, NULL);
    /* The comparison uses the access size: high bits of cmp are ignored. */
    g_assert_cmphex(cpu_atomic_cmpxchg(cpus[0], DATA, 0xff00000001, 7, oi32,
                                       0), ==, 1);
    g_assert_cmphex(toy_read64(DATA), ==, 0xaaaa00000007);
    g_assert_cmphex(cpu_atomic_cmpxchg(cpus[0], DATA, 1, 9, oi32, 0), ==, 7);
    g_assert_cmphex(toy_read64(DATA), ==, 0xaaaa00000007);

    address_space_stq_le(&address_space_memory, DATA, 1, NULL);
    address_space_stq_le(&address_space_memory, DATA + 8, 5, NULL);
    cpu_atomic_cmpxchg128(cpus[0], DATA, cmp, newv, old, 0, 0);
    g_assert_cmphex(old[1], ==, 5);
    g_assert_cmphex(toy_read64(DATA + 8), ==, 5);       /* no match */
    cmp[1] = 5;
    cpu_atomic_cmpxchg128(cpus[0], DATA, cmp, newv, old, 0, 0);
    g_assert_cmphex(toy_read64(DATA), ==, 3);
    g_assert_cmphex(toy_read64(DATA + 8), ==, 4);
}

typedef enum { HAMMER_RMW, HAMMER_CAS, HAMMER_CAS128 } HammerKind;

typedef struct Hammer {
    CPUState *cpu;
    HammerKind kind;
    uint64_t addr;
    int iters;
} Hammer;

static void cas_increment(CPUState *cpu, uint64_t addr)
{
    MemOpIdx oi = make_memop_idx(MO_LEUQ, 0);
    uint64_t cur = cpu_ld_mmu(cpu, addr, oi, 0), seen;

    while ((seen = cpu_atomic_cmpxchg(cpu, addr, cur, cur + 1, oi, 0)) != cur) {
        cur = seen;
    }
}

/* Both words go up by one: a torn 16-byte update would split them. */
static void cas128_increment(CPUState *cpu, uint64_t addr)
{
    uint64_t cur[2] = { 0, 0 }, newv[2], old[2];

    for (;;) {
        newv[0] = cur[0] + 1;
        newv[1] = cur[1] + 1;
        cpu_atomic_cmpxchg128(cpu, addr, cur, newv, old, 0, 0);
        if (old[0] == cur[0] && old[1] == cur[1]) {
            return;
        }
        cur[0] = old[0];
        cur[1] = old[1];
    }
}

static gpointer hammer_thread(gpointer opaque)
{
    Hammer *h = opaque;
    MemOpIdx oi = make_memop_idx(MO_LEUQ, 0);

    for (int i = 0; i < h->iters; i++) {
        switch (h->kind) {
        case HAMMER_RMW:
            cpu_atomic_rmw(h->cpu, h->addr, 1, GUEST_ATOMIC_ADD, oi, 0);
            break;
        case HAMMER_CAS:
            cas_increment(h->cpu, h->addr);
            break;
        default:
            cas128_increment(h->cpu, h->addr);
            break;
        }
    }
    return NULL;
}

/* Two threads, one vCPU each, on one word; the big lock is free. */
static void hammer(HammerKind kind, uint64_t addr, int iters)
{
    bool locked = kemu_mutex_iothread_locked();
    Hammer h[2];
    GThread *t[2];

    if (locked) {
        kemu_mutex_unlock_iothread();
    }
    for (int i = 0; i < 2; i++) {
        h[i] = (Hammer) { cpus[i], kind, addr, iters };
        t[i] = g_thread_new("hammer", hammer_thread, &h[i]);
    }
    for (int i = 0; i < 2; i++) {
        g_thread_join(t[i]);
    }
    if (locked) {
        kemu_mutex_lock_iothread();
    }
}

static void test_threads_rmw(void)
{
    setup();
    hammer(HAMMER_RMW, DATA, ITERS);
    g_assert_cmpuint(toy_read64(DATA), ==, 2 * ITERS);
}

static void test_threads_cmpxchg(void)
{
    setup();
    hammer(HAMMER_CAS, DATA, ITERS);
    g_assert_cmpuint(toy_read64(DATA), ==, 2 * ITERS);
}

static void test_threads_cmpxchg128(void)
{
    setup();
    hammer(HAMMER_CAS128, DATA, ITERS);
    g_assert_cmpuint(toy_read64(DATA), ==, 2 * ITERS);
    g_assert_cmpuint(toy_read64(DATA + 8), ==, 2 * ITERS);
}

/* MMIO: a register whose reads and writes are separate device calls. */
static uint64_t dev_reg;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    return dev_reg;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    dev_reg = val;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void test_threads_mmio(void)
{
    static MemoryRegion dev_mr;

    setup();
    memory_region_init_io(&dev_mr, NULL, &dev_ops, NULL, "atomic-dev", 0x100);
    memory_region_add_subregion(get_system_memory(), DEV_BASE, &dev_mr);
    hammer(HAMMER_RMW, DEV_BASE, ITERS / 10);
    g_assert_cmpuint(dev_reg, ==, 2 * (ITERS / 10));
    hammer(HAMMER_CAS, DEV_BASE, ITERS / 10);
    g_assert_cmpuint(dev_reg, ==, 4 * (ITERS / 10));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/guest-atomic/ops", test_ops);
    g_test_add_func("/guest-atomic/cmpxchg", test_cmpxchg);
    g_test_add_func("/guest-atomic/threads-rmw", test_threads_rmw);
    g_test_add_func("/guest-atomic/threads-cmpxchg", test_threads_cmpxchg);
    g_test_add_func("/guest-atomic/threads-cmpxchg128",
                    test_threads_cmpxchg128);
    g_test_add_func("/guest-atomic/threads-mmio", test_threads_mmio);
    return g_test_run();
}
