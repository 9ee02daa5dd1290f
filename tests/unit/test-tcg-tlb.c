/*
 * The x86-64 backend's inline softmmu TLB fast path: a fake CPU with a
 * CPUNegativeOffsetState and a TLB in front of the test env.  Hits must
 * not call the hooks; misses, flagged entries, misaligned and
 * page-crossing accesses must, with the right MemOpIdx and a retaddr that
 * maps to the accessing guest instruction.
 */
#include "kemu/osdep.h"
#include "exec/cpu-defs.h"
#include "tcg-harness.h"

#define TLB_ENTRIES 256
#define GUEST_BASE  0x12340000ull     /* two mapped pages from here */
#define MMU_MAPPED  3
#define MMU_EMPTY   5

typedef struct TlbCPU {
    CPUNegativeOffsetState neg;
    TestEnv env;
} TlbCPU;
CPU_NEG_CHECK(TlbCPU);

static TlbCPU cpu;
static CPUTLBEntry tlb[2][TLB_ENTRIES];   /* [0]: MMU_MAPPED, [1]: empty */
static uint8_t gmem[2 * TARGET_PAGE_SIZE];
static int hook_calls;
static uint64_t hook_out1;     /* env's out64[1] when the load hook ran */

static const TestConfig tlb_configs[] = {
    { "x86_64", &tcg_backend_x86_64, true },
    { "x86_64-noopt", &tcg_backend_x86_64, false },
    { "x86_64-base", &tcg_backend_x86_64_base, true },
};

static CPUTLBEntry *tlb_entry(int table, uint64_t addr)
{
    return &tlb[table][(addr >> TARGET_PAGE_BITS) & (TLB_ENTRIES - 1)];
}

static void tlb_reset(void)
{
    memset(tlb, 0xff, sizeof(tlb));
    for (int i = 0; i < 2; i++) {
        CPUTLBEntry *e = tlb_entry(0, GUEST_BASE + i * TARGET_PAGE_SIZE);

        e->addr_read = e->addr_write = GUEST_BASE + i * TARGET_PAGE_SIZE;
        e->addend = (uintptr_t)gmem - GUEST_BASE;
    }
    for (int m = 0; m < NB_MMU_MODES; m++) {
        cpu.neg.tlb_fast[m].mask = (TLB_ENTRIES - 1) << CPU_TLB_ENTRY_BITS;
        cpu.neg.tlb_fast[m].table = tlb[m == MMU_MAPPED ? 0 : 1];
    }
}

/* The softmmu's view: guest bytes of gmem, in the MemOp's byte order. */
static uint64_t tlb_guest_load(void *env, uint64_t addr, MemOpIdx oi,
                               uintptr_t ra)
{
    TestEnv *e = env;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    uint64_t v = 0;

    g_assert(env == &cpu.env);
    hook_calls++;
    hook_out1 = e->out64[1];
    e->last_addr = addr;
    e->last_oi = oi;
    e->last_ra = ra;
    if (addr < GUEST_BASE || addr + size > GUEST_BASE + sizeof(gmem)) {
        return 0;   /* unmapped */
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        v |= (uint64_t)gmem[addr - GUEST_BASE + i] << (8 * b);
    }
    return v;
}

static void tlb_guest_store(void *env, uint64_t addr, uint64_t val,
                            MemOpIdx oi, uintptr_t ra)
{
    TestEnv *e = env;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);

    hook_calls++;
    e->last_addr = addr;
    e->last_oi = oi;
    e->last_ra = ra;
    if (addr < GUEST_BASE || addr + size > GUEST_BASE + sizeof(gmem)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        gmem[addr - GUEST_BASE + i] = val >> (8 * b);
    }
}

static TCGContext *tlb_context_new(const TestConfig *cfg)
{
    TCGContext *s = test_context_new(cfg);

    s->guest_load = tlb_guest_load;
    s->guest_store = tlb_guest_store;
    s->tlb_fast_path = true;
    return s;
}

/* What a load of mop at offset off of gmem must give (w64: i64 value). */
static uint64_t ref_load(unsigned off, MemOp mop, bool w64)
{
    unsigned size = memop_size(mop);
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        v |= (uint64_t)gmem[off + i] << (8 * b);
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return w64 ? v : (uint32_t)v;
}

static void fill_gmem(void)
{
    for (unsigned i = 0; i < sizeof(gmem); i++) {
        gmem[i] = i * 59 + 0x91;
    }
}

/*
 * Load at guest address addr (i64 or i32 address temp) into out64[0] or
 * out32[0], in insn 1 of a three-insn TB; returns the TB.
 */
static TCGTBCode gen_load(TCGContext *s, MemOp mop, int mmu, bool w64,
                          bool addr32)
{
    tcg_func_start(s);
    tcg_gen_insn_start(0x100, 0, 0);
    tcg_gen_addi_i64(G.out64[1], G.in64[1], 1);
    tcg_gen_insn_start(0x104, 0, 0);
    if (addr32) {
        TCGv_i32 a = tcg_temp_new_i32();

        /* The high half of the register holds garbage. */
        tcg_gen_extrl_i64_i32(a, G.in64[0]);
        if (w64) {
            tcg_gen_qemu_ld_i64(G.out64[0], a, mmu, mop);
        } else {
            tcg_gen_qemu_ld_i32(G.out32[0], a, mmu, mop);
        }
    } else if (w64) {
        tcg_gen_qemu_ld_i64(G.out64[0], G.in64[0], mmu, mop);
    } else {
        tcg_gen_qemu_ld_i32(G.out32[0], G.in64[0], mmu, mop);
    }
    tcg_gen_insn_start(0x108, 0, 0);
    tcg_gen_exit_tb(NULL, 0);
    return test_gen(s);
}

static TCGTBCode gen_store(TCGContext *s, MemOp mop, int mmu)
{
    tcg_func_start(s);
    tcg_gen_insn_start(0x200, 0, 0);
    tcg_gen_qemu_st_i64(G.in64[1], G.in64[0], mmu, mop);
    tcg_gen_exit_tb(NULL, 0);
    return test_gen(s);
}

/* Run a load; check the value and whether the slow path ran. */
static void check_load(TCGContext *s, const TCGTBCode *tb, uint64_t addr,
                       MemOp mop, int mmu, bool w64, bool slow)
{
    uint64_t data[TCG_INSN_START_WORDS];
    uint64_t got;

    memset(&cpu.env, 0, sizeof(cpu.env));
    cpu.env.in64[0] = addr;
    cpu.env.in64[1] = 41;
    hook_calls = 0;
    tcg_tb_exec(s, &cpu.env, tb->code);
    got = w64 ? cpu.env.out64[0] : cpu.env.out32[0];
    g_assert_cmphex(got, ==, ref_load((uint32_t)addr - GUEST_BASE, mop, w64));
    g_assert_cmpuint(cpu.env.out64[1], ==, 42);
    g_assert_cmpint(hook_calls, ==, slow);
    if (slow) {
        /* A fault would see the globals in env, as the insn left them. */
        g_assert_cmpuint(hook_out1, ==, 42);
        g_assert_cmphex(cpu.env.last_addr, ==, (uint32_t)addr);
        /* tcg-op drops the sign of loads that fill the value. */
        MemOp want = !w64 && (mop & MO_SIZE) == MO_32 ? mop & ~MO_SIGN : mop;

        g_assert_cmphex(cpu.env.last_oi, ==, make_memop_idx(want, mmu));
        g_assert_cmpint(tcg_find_insn_data(tb, cpu.env.last_ra, data), ==, 1);
        g_assert_cmphex(data[0], ==, 0x104);
    }
}

static const MemOp test_mops[] = {
    MO_UB, MO_SB, MO_LEUW, MO_LESW, MO_BEUW, MO_BESW, MO_LEUL, MO_LESL,
    MO_BEUL, MO_BESL, MO_LEUQ, MO_BEUQ,
};

/* Every size, sign and byte order, both value widths: hits and misses. */
static void test_load_hit_miss(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);

        fill_gmem();
        tlb_reset();
        for (size_t i = 0; i < G_N_ELEMENTS(test_mops); i++) {
            MemOp mop = test_mops[i];

            for (int w64 = 0; w64 < 2; w64++) {
                TCGTBCode hit, miss;

                if (!w64 && (mop & MO_SIZE) == MO_64) {
                    continue;
                }
                hit = gen_load(s, mop, MMU_MAPPED, w64, false);
                check_load(s, &hit, GUEST_BASE + 0x108, mop, MMU_MAPPED,
                           w64, false);
                check_load(s, &hit, GUEST_BASE + 0x1ff8, mop, MMU_MAPPED,
                           w64, false);
                /* The same address through an MMU index with no entry. */
                miss = gen_load(s, mop, MMU_EMPTY, w64, false);
                check_load(s, &miss, GUEST_BASE + 0x108, mop, MMU_EMPTY,
                           w64, true);
            }
        }
        tcg_context_free(s);
    }
}

/*
 * A 32-bit address register's high half is ignored; a 64-bit address is
 * compared in full (same TLB index as a mapped page, other tag: a miss).
 */
static void test_load_addr_width(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);
        TCGTBCode hit = gen_load(s, MO_LEUL, MMU_MAPPED, true, true);
        TCGTBCode miss = gen_load(s, MO_BESW, MMU_EMPTY, false, true);
        TCGTBCode a64 = gen_load(s, MO_LEUQ, MMU_MAPPED, true, false);
        uint64_t high = (1ull << 32) + GUEST_BASE + 0x40;

        fill_gmem();
        tlb_reset();
        check_load(s, &hit, 0xdead000000000000ull | (GUEST_BASE + 0x40),
                   MO_LEUL, MMU_MAPPED, true, false);
        check_load(s, &miss, 0xbeef000000000000ull | (GUEST_BASE + 0x42),
                   MO_BESW, MMU_EMPTY, false, true);
        cpu.env.in64[0] = high;
        hook_calls = 0;
        tcg_tb_exec(s, &cpu.env, a64.code);
        g_assert_cmpint(hook_calls, ==, 1);
        g_assert_cmphex(cpu.env.last_addr, ==, high);
        tcg_context_free(s);
    }
}

/* Alignment and page boundaries decide between fast and slow paths. */
static void test_load_alignment(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);
        TCGTBCode unal = gen_load(s, MO_LEUQ, MMU_MAPPED, true, false);
        TCGTBCode al = gen_load(s, MO_LEUL | MO_ALIGN, MMU_MAPPED, true,
                                false);
        TCGTBCode al2 = gen_load(s, MO_LEUQ | MO_ALIGN_2, MMU_MAPPED, true,
                                 false);

        fill_gmem();
        tlb_reset();
        /* Unaligned but within a page: fast. */
        check_load(s, &unal, GUEST_BASE + 0x3, MO_LEUQ, MMU_MAPPED, true,
                   false);
        check_load(s, &unal, GUEST_BASE + 0xff8, MO_LEUQ, MMU_MAPPED, true,
                   false);
        /* Crossing into the next page, mapped or not: slow. */
        for (int k = 1; k < 8; k++) {
            check_load(s, &unal, GUEST_BASE + 0x1000 - k, MO_LEUQ,
                       MMU_MAPPED, true, true);
        }
        check_load(s, &al, GUEST_BASE + 0x104, MO_LEUL | MO_ALIGN,
                   MMU_MAPPED, true, false);
        for (int k = 1; k < 4; k++) {
            check_load(s, &al, GUEST_BASE + 0x104 + k, MO_LEUL | MO_ALIGN,
                       MMU_MAPPED, true, true);
        }
        check_load(s, &al2, GUEST_BASE + 0x102, MO_LEUQ | MO_ALIGN_2,
                   MMU_MAPPED, true, false);
        check_load(s, &al2, GUEST_BASE + 0x103, MO_LEUQ | MO_ALIGN_2,
                   MMU_MAPPED, true, true);
        check_load(s, &al2, GUEST_BASE + 0xffa, MO_LEUQ | MO_ALIGN_2,
                   MMU_MAPPED, true, true);
        tcg_context_free(s);
    }
}

/* Flag bits send one kind of access to the slow path, not the other. */
static void test_flags(void)
{
    static const uint32_t flags[] = { TLB_INVALID_MASK, TLB_MMIO,
                                      TLB_NOTDIRTY };

    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);
        TCGTBCode ld = gen_load(s, MO_LEUQ, MMU_MAPPED, true, false);
        TCGTBCode st = gen_store(s, MO_BEUL, MMU_MAPPED);
        CPUTLBEntry *e = tlb_entry(0, GUEST_BASE);

        for (size_t f = 0; f < G_N_ELEMENTS(flags); f++) {
            fill_gmem();
            tlb_reset();
            e->addr_read |= flags[f];
            check_load(s, &ld, GUEST_BASE + 0x10, MO_LEUQ, MMU_MAPPED, true,
                       true);
            cpu.env.in64[0] = GUEST_BASE + 0x20;
            cpu.env.in64[1] = 0x11223344;
            hook_calls = 0;
            tcg_tb_exec(s, &cpu.env, st.code);
            g_assert_cmpint(hook_calls, ==, 0);
            g_assert_cmphex(ref_load(0x20, MO_BEUL, true), ==, 0x11223344);

            tlb_reset();
            e->addr_write |= flags[f];
            check_load(s, &ld, GUEST_BASE + 0x10, MO_LEUQ, MMU_MAPPED, true,
                       false);
            cpu.env.in64[0] = GUEST_BASE + 0x20;
            cpu.env.in64[1] = 0x55667788;
            tcg_tb_exec(s, &cpu.env, st.code);
            g_assert_cmpint(hook_calls, ==, 1);
            g_assert_cmphex(cpu.env.last_oi, ==,
                            make_memop_idx(MO_BEUL, MMU_MAPPED));
            g_assert_cmphex(ref_load(0x20, MO_BEUL, true), ==, 0x55667788);
        }
        tcg_context_free(s);
    }
}

/* Stores of every size and byte order, fast or slow, touch their bytes only. */
static void test_stores(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);

        tlb_reset();
        for (size_t i = 0; i < G_N_ELEMENTS(test_mops); i++) {
            MemOp mop = test_mops[i] & ~MO_SIGN;
            unsigned size = memop_size(mop);
            uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;

            for (int mmu = 0; mmu < 2; mmu++) {
                TCGTBCode st = gen_store(s, mop, mmu ? MMU_EMPTY
                                                     : MMU_MAPPED);
                uint64_t off = 0x1ff0 - 8 * i;

                fill_gmem();
                cpu.env.in64[0] = GUEST_BASE + off;
                cpu.env.in64[1] = 0x8877665544332211ull + i;
                hook_calls = 0;
                tcg_tb_exec(s, &cpu.env, st.code);
                g_assert_cmpint(hook_calls, ==, mmu);
                g_assert_cmphex(ref_load(off, mop, true), ==,
                                cpu.env.in64[1] & mask);
                g_assert_cmphex(gmem[off + size], ==,
                                (uint8_t)((off + size) * 59 + 0x91));
                g_assert_cmphex(gmem[off - 1], ==,
                                (uint8_t)((off - 1) * 59 + 0x91));
            }
        }
        tcg_context_free(s);
    }
}

/* Values in registers survive the slow path's call. */
static void test_live_across_slow_path(void)
{
    for (size_t c = 0; c < G_N_ELEMENTS(tlb_configs); c++) {
        TCGContext *s = tlb_context_new(&tlb_configs[c]);
        TCGv_i64 t[10], sum;
        TCGTBCode tb;

        tcg_func_start(s);
        sum = tcg_temp_new_i64();
        for (int i = 0; i < 10; i++) {
            t[i] = tcg_temp_new_i64();
            tcg_gen_muli_i64(t[i], G.in64[1], i + 3);
        }
        tcg_gen_qemu_ld_i64(G.out64[0], G.in64[0], MMU_EMPTY, MO_LEUQ);
        /* sum = load + 1000 * (3 + 4 + ... + 12) */
        tcg_gen_mov_i64(sum, G.out64[0]);
        for (int i = 0; i < 10; i++) {
            tcg_gen_add_i64(sum, sum, t[i]);
        }
        tcg_gen_mov_i64(G.out64[1], sum);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);

        fill_gmem();
        tlb_reset();
        memset(&cpu.env, 0, sizeof(cpu.env));
        cpu.env.in64[0] = GUEST_BASE + 0x80;
        cpu.env.in64[1] = 1000;
        hook_calls = 0;
        tcg_tb_exec(s, &cpu.env, tb.code);
        g_assert_cmpint(hook_calls, ==, 1);
        g_assert_cmphex(cpu.env.out64[1], ==,
                        ref_load(0x80, MO_LEUQ, true) + 1000 * 75);
        tcg_context_free(s);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/tlb/load-hit-miss", test_load_hit_miss);
    g_test_add_func("/tcg/tlb/load-addr-width", test_load_addr_width);
    g_test_add_func("/tcg/tlb/load-alignment", test_load_alignment);
    g_test_add_func("/tcg/tlb/flags", test_flags);
    g_test_add_func("/tcg/tlb/stores", test_stores);
    g_test_add_func("/tcg/tlb/live-across-slow-path",
                    test_live_across_slow_path);
    return g_test_run();
}
