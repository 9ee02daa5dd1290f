/*
 * Shared scaffolding for the TCG unit tests: a fake CPU state with input
 * and output fields mapped to globals, contexts for each backend with and
 * without the optimizer, and a flat guest memory for qemu_ld/qemu_st.
 */
#ifndef TESTS_TCG_HARNESS_H
#define TESTS_TCG_HARNESS_H

#include "tcg/tcg-op.h"
#include "tcg/tcg-backend.h"

#define GUEST_MEM_SIZE 4096

typedef struct TestEnv {
    uint64_t in64[4];
    uint64_t out64[2];
    uint32_t in32[4];
    uint32_t out32[2];
    uint64_t scratch[8];       /* fields reached with ld/st, not globals */
    uint64_t count;            /* helper call counter */
    uint8_t mem[GUEST_MEM_SIZE];
    /* What the last guest access hook saw. */
    uint64_t last_addr;
    MemOpIdx last_oi;
    uintptr_t last_ra;
} TestEnv;

typedef struct TestGlobals {
    TCGv_i64 in64[4], out64[2], scratch0, count;
    TCGv_i32 in32[4], out32[2];
} TestGlobals;

static TestGlobals G G_GNUC_UNUSED;

typedef struct TestConfig {
    const char *name;
    const TCGBackend *backend;
    bool optimize;
} TestConfig;

static const TestConfig test_configs[] = {
    { "tci", &tcg_backend_tci, true },
    { "tci-noopt", &tcg_backend_tci, false },
    { "tci-min", &tcg_backend_tci_min, true },
    { "tci-min-noopt", &tcg_backend_tci_min, false },
    { "tci-2addr", &tcg_backend_tci_2addr, true },
    { "tci-2addr-noopt", &tcg_backend_tci_2addr, false },
    { "x86_64", &tcg_backend_x86_64, true },
    { "x86_64-noopt", &tcg_backend_x86_64, false },
    { "x86_64-base", &tcg_backend_x86_64_base, true },
    { "x86_64-base-noopt", &tcg_backend_x86_64_base, false },
};
#define NB_CONFIGS G_N_ELEMENTS(test_configs)

static uint64_t test_guest_load(void *env, uint64_t addr, MemOpIdx oi,
                                uintptr_t ra)
{
    TestEnv *e = env;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    uint64_t v = 0;

    e->last_addr = addr;
    e->last_oi = oi;
    e->last_ra = ra;
    g_assert(addr + size <= GUEST_MEM_SIZE);
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        v |= (uint64_t)e->mem[addr + i] << (8 * b);
    }
    return v;
}

static void test_guest_store(void *env, uint64_t addr, uint64_t val,
                             MemOpIdx oi, uintptr_t ra)
{
    TestEnv *e = env;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);

    e->last_addr = addr;
    e->last_oi = oi;
    e->last_ra = ra;
    g_assert(addr + size <= GUEST_MEM_SIZE);
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        e->mem[addr + i] = val >> (8 * b);
    }
}

static inline TCGContext *test_context_new(const TestConfig *cfg)
{
    TCGContext *s = tcg_context_new(cfg->backend, 8 * 1024 * 1024);
    static const char *const in64[] = { "a0", "a1", "a2", "a3" };
    static const char *const in32[] = { "w0", "w1", "w2", "w3" };

    s->optimize = cfg->optimize;
    s->guest_load = test_guest_load;
    s->guest_store = test_guest_store;
    for (int i = 0; i < 4; i++) {
        G.in64[i] = tcg_global_mem_new_i64(offsetof(TestEnv, in64[i]),
                                           in64[i]);
        G.in32[i] = tcg_global_mem_new_i32(offsetof(TestEnv, in32[i]),
                                           in32[i]);
    }
    for (int i = 0; i < 2; i++) {
        G.out64[i] = tcg_global_mem_new_i64(offsetof(TestEnv, out64[i]),
                                            i ? "r1" : "r0");
        G.out32[i] = tcg_global_mem_new_i32(offsetof(TestEnv, out32[i]),
                                            i ? "v1" : "v0");
    }
    G.scratch0 = tcg_global_mem_new_i64(offsetof(TestEnv, scratch[0]), "s0");
    G.count = tcg_global_mem_new_i64(offsetof(TestEnv, count), "count");
    return s;
}

/* Compile the current TB; the test fails if code generation does. */
static inline TCGTBCode test_gen(TCGContext *s)
{
    TCGTBCode tb;
    int size = tcg_gen_code(s, &tb);

    g_assert_cmpint(size, >, 0);
    return tb;
}

/* xorshift64*: deterministic inputs. */
static inline uint64_t test_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* A random value of varied shape: full width, small, or near a boundary. */
static inline uint64_t test_rand_value(uint64_t *state)
{
    uint64_t r = test_rand(state);

    switch (r & 7) {
    case 0:
        return r >> (8 + (r >> 58) % 56);
    case 1:
        return -(r >> (8 + (r >> 58) % 56));
    case 2:
        return (1ull << ((r >> 8) & 63)) + ((r >> 20) & 3) - 2;
    case 3:
        return (uint32_t)(r >> 16);
    default:
        return test_rand(state);
    }
}

static const uint64_t test_edges[] = {
    0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x7fff,
    0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
    0xffffffff, 0x100000000ull, 0x12345678, 0x123456789abcdef0ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0xfffffffffffffffeull, 0xffffffffffffffffull, 0xffffffff80000000ull,
};

#endif
