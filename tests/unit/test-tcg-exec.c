/*
 * Translated code meeting its surroundings: width conversions, host
 * loads/stores on the CPU state, guest memory through the softmmu hooks,
 * helper calls (argument counts, types, global sync flags), TB exits,
 * goto_tb chaining, goto_ptr, and insn_start data lookup.
 */
#include "kemu/osdep.h"
#include "tcg-harness.h"
#include "tcg/helper-gen.h"

DEF_HELPER_FLAGS_0(h0, TCG_CALL_NO_RWG_SE, i64)
DEF_HELPER_FLAGS_1(h1, TCG_CALL_NO_RWG_SE, i64, i64)
DEF_HELPER_FLAGS_2(h2, TCG_CALL_NO_RWG_SE, i32, i32, s32)
DEF_HELPER_FLAGS_3(h3, TCG_CALL_NO_RWG_SE, i64, i64, i32, s32)
DEF_HELPER_FLAGS_4(h4, TCG_CALL_NO_RWG_SE, s64, s64, i32, i64, s32)
DEF_HELPER_FLAGS_5(h5, TCG_CALL_NO_RWG_SE, i64, i64, i64, i64, i64, i64)
DEF_HELPER_FLAGS_6(h6, TCG_CALL_NO_RWG, i64, env, i32, i64, s32, ptr, i64)
DEF_HELPER_1(bump, void, env)
DEF_HELPER_FLAGS_1(peek, TCG_CALL_NO_WG, i64, env)
DEF_HELPER_FLAGS_1(stale_peek, TCG_CALL_NO_RWG, i64, env)
DEF_HELPER_FLAGS_1(count_se, TCG_CALL_NO_RWG_SE, i64, env)
DEF_HELPER_FLAGS_1(count, TCG_CALL_NO_RWG, i64, env)
DEF_HELPER_FLAGS_1(getpc, TCG_CALL_NO_RWG, void, env)

/* Each argument weighted differently, so order mistakes show. */
uint64_t helper_h0(void)
{
    return 0x1234;
}

uint64_t helper_h1(uint64_t a)
{
    return a * 3;
}

uint32_t helper_h2(uint32_t a, int32_t b)
{
    return a * 3 + (uint32_t)b * 5;
}

uint64_t helper_h3(uint64_t a, uint32_t b, int32_t c)
{
    return a * 3 + b * 5 + (int64_t)c * 7;
}

int64_t helper_h4(int64_t a, uint32_t b, uint64_t c, int32_t d)
{
    return a * 3 + b * 5 + c * 7 + (int64_t)d * 11;
}

uint64_t helper_h5(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                   uint64_t e)
{
    return a * 3 + b * 5 + c * 7 + d * 11 + e * 13;
}

uint64_t helper_h6(void *env, uint32_t a, uint64_t b, int32_t c, void *p,
                   uint64_t d)
{
    TestEnv *e = env;

    return e->in64[3] + a * 5 + b * 7 + (int64_t)c * 11 +
           (uintptr_t)p * 13 + d * 17;
}

/* Reads a0 and writes a1 through env: needs globals in memory. */
void helper_bump(void *env)
{
    TestEnv *e = env;

    e->in64[1] = e->in64[0] + 1;
}

uint64_t helper_peek(void *env)
{
    return ((TestEnv *)env)->in64[0];
}

/* Declared as not reading globals: sees what memory held before. */
uint64_t helper_stale_peek(void *env)
{
    return ((TestEnv *)env)->in64[0];
}

uint64_t helper_count_se(void *env)
{
    return ++((TestEnv *)env)->count;
}

uint64_t helper_count(void *env)
{
    return ++((TestEnv *)env)->count;
}

void helper_getpc(void *env)
{
    ((TestEnv *)env)->scratch[7] = TCG_GETPC();
}

static TestEnv env;

static uintptr_t run(TCGContext *s, const TCGTBCode *tb)
{
    return tcg_tb_exec(s, &env, tb->code);
}

/* ---- Conversions ---- */

static void test_conversions(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGTBCode tb1, tb2;

        tcg_func_start(s);
        tcg_gen_extu_i32_i64(G.out64[0], G.in32[0]);
        tcg_gen_ext_i32_i64(G.out64[1], G.in32[1]);
        tcg_gen_extrl_i64_i32(G.out32[0], G.in64[0]);
        tcg_gen_extrh_i64_i32(G.out32[1], G.in64[1]);
        tcg_gen_exit_tb(NULL, 0);
        tb1 = test_gen(s);
        tcg_func_start(s);
        tcg_gen_concat_i32_i64(G.out64[0], G.in32[0], G.in32[1]);
        tcg_gen_extr_i64_i32(G.out32[0], G.out32[1], G.in64[2]);
        tcg_gen_exit_tb(NULL, 0);
        tb2 = test_gen(s);
        for (size_t i = 0; i < G_N_ELEMENTS(test_edges); i++) {
            uint64_t a = test_edges[i];
            uint64_t b = test_edges[(i * 7 + 3) % G_N_ELEMENTS(test_edges)];

            memset(&env, 0, sizeof(env));
            env.in32[0] = a, env.in32[1] = b;
            env.in64[0] = a, env.in64[1] = b, env.in64[2] = a ^ (b << 7);
            run(s, &tb1);
            g_assert_cmphex(env.out64[0], ==, (uint32_t)a);
            g_assert_cmphex(env.out64[1], ==, (uint64_t)(int32_t)b);
            g_assert_cmphex(env.out32[0], ==, (uint32_t)a);
            g_assert_cmphex(env.out32[1], ==, b >> 32);
            run(s, &tb2);
            g_assert_cmphex(env.out64[0], ==, (uint32_t)a | (b << 32));
            g_assert_cmphex(env.out32[0], ==, (uint32_t)env.in64[2]);
            g_assert_cmphex(env.out32[1], ==, env.in64[2] >> 32);
        }
        tcg_context_free(s);
    }
}

/* ---- Host loads and stores on the CPU state ---- */

#define SCRATCH(i) offsetof(TestEnv, scratch[i])

/* Little-endian hosts (the expected values spell bytes in that order). */
static void test_host_ldst(void)
{
    static const uint8_t bytes[8] = {
        0x88, 0x87, 0x86, 0x85, 0x84, 0x83, 0x82, 0x81,
    };

    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 t;
        TCGTBCode tb;
        uint64_t v;

        tcg_func_start(s);
        t = tcg_temp_new_i64();
        /* Loads of scratch[1], each stored to the next scratch word. */
        tcg_gen_ld8u_i64(t, tcg_env, SCRATCH(1) + 1);
        tcg_gen_st_i64(t, tcg_env, SCRATCH(2));
        tcg_gen_ld8s_i64(t, tcg_env, SCRATCH(1) + 0);
        tcg_gen_st_i64(t, tcg_env, SCRATCH(3));
        tcg_gen_ld16s_i64(t, tcg_env, SCRATCH(1) + 2);
        tcg_gen_st_i64(t, tcg_env, SCRATCH(4));
        tcg_gen_ld32s_i64(t, tcg_env, SCRATCH(1) + 4);
        tcg_gen_st_i64(t, tcg_env, SCRATCH(5));
        tcg_gen_ld32u_i64(t, tcg_env, SCRATCH(1) + 4);
        tcg_gen_st_i64(t, tcg_env, SCRATCH(6));
        tcg_gen_ld16u_i32(G.out32[0], tcg_env, SCRATCH(1) + 6);
        tcg_gen_ld16s_i32(G.out32[1], tcg_env, SCRATCH(1) + 6);
        /* Narrow stores into scratch[7]. */
        tcg_gen_st8_i64(G.in64[0], tcg_env, SCRATCH(7));
        tcg_gen_st16_i32(G.in32[0], tcg_env, SCRATCH(7) + 2);
        tcg_gen_st32_i64(G.in64[1], tcg_env, SCRATCH(7) + 4);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        memcpy(&env.scratch[1], bytes, 8);
        env.in64[0] = 0xaaaaaaaaaaaaaa11ull;
        env.in32[0] = 0xbbbb2233;
        env.in64[1] = 0xcccccccc44556677ull;
        run(s, &tb);
        g_assert_cmphex(env.scratch[2], ==, 0x87);
        g_assert_cmphex(env.scratch[3], ==, 0xffffffffffffff88ull);
        g_assert_cmphex(env.scratch[4], ==, 0xffffffffffff8586ull);
        g_assert_cmphex(env.scratch[5], ==, 0xffffffff81828384ull);
        g_assert_cmphex(env.scratch[6], ==, 0x81828384ull);
        g_assert_cmphex(env.out32[0], ==, 0x8182);
        g_assert_cmphex(env.out32[1], ==, 0xffff8182);
        v = env.scratch[7];
        g_assert_cmphex(v, ==, 0x4455667722330011ull);
        tcg_context_free(s);
    }
}

/* ---- Guest memory ---- */

static uint64_t ref_guest_load(const uint8_t *mem, MemOp mop, bool w64)
{
    unsigned size = memop_size(mop);
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) == MO_BE ? size - 1 - i : i;
        v |= (uint64_t)mem[i] << (8 * b);
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return w64 ? v : (uint32_t)v;
}

static void check_guest_access(TCGContext *s, MemOp mop, bool w64,
                               bool addr64)
{
    unsigned size = memop_size(mop);
    TCGTBCode ld, st;
    uint64_t addr = 0x100 + size * 3;
    const uint8_t *code;

    /* out = load(a0 or w0); store(a1 or w1) at a2 or w2. */
    tcg_func_start(s);
    if (w64 && addr64) {
        tcg_gen_qemu_ld_i64(G.out64[0], G.in64[0], 3, mop);
    } else if (w64) {
        tcg_gen_qemu_ld_i64(G.out64[0], G.in32[0], 3, mop);
    } else if (addr64) {
        tcg_gen_qemu_ld_i32(G.out32[0], G.in64[0], 3, mop);
    } else {
        tcg_gen_qemu_ld_i32(G.out32[0], G.in32[0], 3, mop);
    }
    tcg_gen_exit_tb(NULL, 0);
    ld = test_gen(s);
    tcg_func_start(s);
    if (w64 && addr64) {
        tcg_gen_qemu_st_i64(G.in64[1], G.in64[2], 5, mop);
    } else if (w64) {
        tcg_gen_qemu_st_i64(G.in64[1], G.in32[2], 5, mop);
    } else if (addr64) {
        tcg_gen_qemu_st_i32(G.in32[1], G.in64[2], 5, mop);
    } else {
        tcg_gen_qemu_st_i32(G.in32[1], G.in32[2], 5, mop);
    }
    tcg_gen_exit_tb(NULL, 0);
    st = test_gen(s);

    memset(&env, 0, sizeof(env));
    for (int i = 0; i < GUEST_MEM_SIZE; i++) {
        env.mem[i] = i * 37 + 0x80;
    }
    /* A 32-bit address ignores the high half of a 64-bit register. */
    env.in64[0] = addr;
    env.in32[0] = addr;
    run(s, &ld);
    g_assert_cmphex(w64 ? env.out64[0] : env.out32[0], ==,
                    ref_guest_load(&env.mem[addr], mop, w64));
    g_assert_cmphex(env.last_addr, ==, addr);
    g_assert_cmphex(get_mmuidx(env.last_oi), ==, 3);
    g_assert_cmphex(get_memop(env.last_oi) & (MO_SIZE | MO_BSWAP | MO_AMASK),
                    ==, mop & (MO_SIZE | MO_BSWAP | MO_AMASK));
    code = ld.code;
    g_assert(env.last_ra >= (uintptr_t)code &&
             env.last_ra < (uintptr_t)code + ld.size);

    env.in64[1] = 0x0102030405060708ull;
    env.in32[1] = 0x0a0b0c0d;
    env.in64[2] = addr + 8;
    env.in32[2] = addr + 8;
    run(s, &st);
    g_assert_cmphex(env.last_addr, ==, addr + 8);
    g_assert_cmphex(get_mmuidx(env.last_oi), ==, 5);
    g_assert_cmphex(ref_guest_load(&env.mem[addr + 8], mop & ~MO_SIGN, true),
                    ==, (w64 ? env.in64[1] : env.in32[1]) &
                        (size == 8 ? ~0ull : (1ull << (8 * size)) - 1));
    /* The byte after the access is untouched. */
    g_assert_cmphex(env.mem[addr + 8 + size], ==,
                    (uint8_t)((addr + 8 + size) * 37 + 0x80));
}

static void test_guest_memory(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);

        for (int size = MO_8; size <= MO_64; size++) {
            for (int sign = 0; sign < 2; sign++) {
                for (int be = 0; be < 2; be++) {
                    MemOp mop = size | (sign ? MO_SIGN : 0) |
                                (be ? MO_BE : MO_LE) |
                                (size == MO_16 ? MO_ALIGN : 0);
                    for (int a = 0; a < 2; a++) {
                        if (size < MO_64) {
                            check_guest_access(s, mop, false, a);
                        }
                        check_guest_access(s, mop, true, a);
                    }
                }
            }
        }
        tcg_context_free(s);
    }
}

/* ---- Helper calls ---- */

static void test_call_args(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 a = G.in64[0], b = G.in64[1], d = G.in64[2];
        TCGv_i32 w = G.in32[0], x = G.in32[1];
        TCGv_i64 t = tcg_temp_new_i64();
        TCGTBCode tb;
        uint64_t sum = 0;

        tcg_func_start(s);
        t = tcg_temp_new_i64();
        /* Results accumulate in r0; r1 and v0 take the odd types. */
        gen_helper_h0(G.out64[0]);
        gen_helper_h1(t, a);
        tcg_gen_add_i64(G.out64[0], G.out64[0], t);
        gen_helper_h2(G.out32[0], w, x);
        gen_helper_h3(t, a, w, x);
        tcg_gen_add_i64(G.out64[0], G.out64[0], t);
        gen_helper_h4(G.out64[1], a, w, b, x);
        gen_helper_h5(t, a, b, d, a, b);
        tcg_gen_add_i64(G.out64[0], G.out64[0], t);
        gen_helper_h6(t, tcg_env, w, b, x, tcg_constant_ptr((void *)0x40),
                      d);
        tcg_gen_add_i64(G.out64[0], G.out64[0], t);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);

        memset(&env, 0, sizeof(env));
        env.in64[0] = 0x1111111111111111ull;
        env.in64[1] = 0xfedcba9876543210ull;
        env.in64[2] = 0x8000000000000001ull;
        env.in64[3] = 0x99;
        env.in32[0] = 0x80000001;
        env.in32[1] = 0xfffffff0;   /* -16 as s32 */
        run(s, &tb);
        sum = helper_h0() + helper_h1(env.in64[0]) +
              helper_h3(env.in64[0], env.in32[0], (int32_t)env.in32[1]) +
              helper_h5(env.in64[0], env.in64[1], env.in64[2], env.in64[0],
                        env.in64[1]) +
              helper_h6(&env, env.in32[0], env.in64[1], (int32_t)env.in32[1],
                        (void *)0x40, env.in64[2]);
        g_assert_cmphex(env.out64[0], ==, sum);
        g_assert_cmphex(env.out32[0], ==,
                        helper_h2(env.in32[0], (int32_t)env.in32[1]));
        g_assert_cmphex(env.out64[1], ==,
                        helper_h4(env.in64[0], env.in32[0], env.in64[1],
                                  (int32_t)env.in32[1]));
        tcg_context_free(s);
    }
}

static void test_call_globals(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGTBCode tb;

        /* Default flags: a0 stored before, a1 reloaded after the call. */
        tcg_func_start(s);
        tcg_gen_movi_i64(G.in64[0], 41);
        tcg_gen_movi_i64(G.in64[1], 5);
        tcg_gen_mov_i64(G.out64[1], G.in64[1]);
        gen_helper_bump(tcg_env);
        tcg_gen_mov_i64(G.out64[0], G.in64[1]);
        /* NO_WRITE_GLOBALS: a0 stored before the call. */
        tcg_gen_movi_i64(G.in64[0], 77);
        gen_helper_peek(G.in64[3], tcg_env);
        /* NO_READ_GLOBALS: nothing stored, the helper sees old memory. */
        tcg_gen_movi_i64(G.in64[0], 99);
        gen_helper_stale_peek(G.in64[2], tcg_env);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        run(s, &tb);
        g_assert_cmpuint(env.out64[1], ==, 5);
        g_assert_cmpuint(env.out64[0], ==, 42);
        g_assert_cmpuint(env.in64[3], ==, 77);
        g_assert_cmpuint(env.in64[2], ==, 77);
        g_assert_cmpuint(env.in64[0], ==, 99);   /* stored at the exit */
        tcg_context_free(s);
    }
}

static void test_call_side_effects(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 t;
        TCGTBCode tb;

        tcg_func_start(s);
        t = tcg_temp_new_i64();
        gen_helper_count_se(t, tcg_env);   /* unused: removed */
        gen_helper_count(t, tcg_env);      /* unused but kept */
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        run(s, &tb);
        g_assert_cmpuint(env.count, ==, 1);
        tcg_context_free(s);
    }
}

/* Values live across calls survive the call-clobbered registers. */
static void test_call_clobbers(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 t[12], u = NULL;
        TCGTBCode tb;
        uint64_t want = 0;

        tcg_func_start(s);
        for (int i = 0; i < 12; i++) {
            t[i] = tcg_temp_new_i64();
            tcg_gen_addi_i64(t[i], G.in64[0], i * 1000);
        }
        u = tcg_temp_new_i64();
        gen_helper_h1(u, G.in64[1]);
        gen_helper_h5(u, u, t[0], t[1], t[2], t[3]);
        tcg_gen_mov_i64(G.out64[0], u);
        for (int i = 0; i < 12; i++) {
            tcg_gen_add_i64(G.out64[0], G.out64[0], t[i]);
        }
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        env.in64[0] = 7;
        env.in64[1] = 9;
        run(s, &tb);
        want = helper_h5(helper_h1(9), 7, 1007, 2007, 3007);
        for (int i = 0; i < 12; i++) {
            want += 7 + i * 1000;
        }
        g_assert_cmpuint(env.out64[0], ==, want);
        tcg_context_free(s);
    }
}

/* ---- Exits and chaining ---- */

/* Stand-ins for accel/tcg's TB structures: only their address matters. */
static uint64_t fake_tb_a[2] __attribute__((aligned(8)));
static uint64_t fake_tb_b[2] __attribute__((aligned(8)));

/* Loops: brcond and br back to a label that is already placed. */
static void test_backward_branches(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGLabel *top, *done;
        TCGTBCode tb;

        /* r0 = sum of 1..a0 with a do-while; r1 = 3 * a0 with a while. */
        tcg_func_start(s);
        top = gen_new_label();
        tcg_gen_movi_i64(G.out64[0], 0);
        tcg_gen_mov_i64(G.scratch0, G.in64[0]);
        tcg_gen_set_label(top);
        tcg_gen_add_i64(G.out64[0], G.out64[0], G.scratch0);
        tcg_gen_subi_i64(G.scratch0, G.scratch0, 1);
        tcg_gen_brcondi_i64(TCG_COND_NE, G.scratch0, 0, top);
        top = gen_new_label();
        done = gen_new_label();
        tcg_gen_movi_i64(G.out64[1], 0);
        tcg_gen_mov_i64(G.scratch0, G.in64[0]);
        tcg_gen_set_label(top);
        tcg_gen_brcondi_i64(TCG_COND_EQ, G.scratch0, 0, done);
        tcg_gen_addi_i64(G.out64[1], G.out64[1], 3);
        tcg_gen_subi_i64(G.scratch0, G.scratch0, 1);
        tcg_gen_br(top);
        tcg_gen_set_label(done);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);

        memset(&env, 0, sizeof(env));
        env.in64[0] = 10;
        run(s, &tb);
        g_assert_cmpuint(env.out64[0], ==, 55);
        g_assert_cmpuint(env.out64[1], ==, 30);
        tcg_context_free(s);
    }
}

/* One iteration of test_loop_globals' loop, in C. */
static void loop_globals_ref(TestEnv *e, bool calls)
{
    uint64_t t = e->out64[0] + e->out64[1];
    uint32_t w = e->in32[0];

    e->out64[0] = e->out64[1];
    e->out64[1] = t;
    memmove(&e->in32[0], &e->in32[1], 3 * sizeof(uint32_t));
    e->in32[3] = w;
    e->in64[2] += e->in64[3];
    if (calls) {
        e->in64[1] = e->in64[0] + 1;
        e->scratch[0] += e->mem[e->in64[1] & 0xff];
        e->in64[0] += 3;
    }
    e->count--;
}

/*
 * A loop closed by a br back to its head, entered through a brcond to a
 * label after an exit (translator_loop_back's shape): globals stay in
 * registers across the back edge, also when they swap registers, are
 * i32, only read, or when the body calls helpers and loads guest memory.
 */
static void test_loop_globals(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        for (int calls = 0; calls < 2; calls++) {
            TCGContext *s = test_context_new(&test_configs[c]);
            TCGLabel *top, *back;
            TCGv_i64 t;
            TCGv_i32 w;
            TestEnv want;
            TCGTBCode tb;

            tcg_func_start(s);
            top = gen_new_label();
            back = gen_new_label();
            t = tcg_temp_new_i64();
            w = tcg_temp_new_i32();
            tcg_gen_set_label(top);
            tcg_gen_add_i64(t, G.out64[0], G.out64[1]);
            tcg_gen_mov_i64(G.out64[0], G.out64[1]);
            tcg_gen_mov_i64(G.out64[1], t);
            tcg_gen_mov_i32(w, G.in32[0]);
            for (int i = 0; i < 3; i++) {
                tcg_gen_mov_i32(G.in32[i], G.in32[i + 1]);
            }
            tcg_gen_mov_i32(G.in32[3], w);
            tcg_gen_add_i64(G.in64[2], G.in64[2], G.in64[3]);
            if (calls) {
                gen_helper_bump(tcg_env);
                tcg_gen_andi_i64(t, G.in64[1], 0xff);
                tcg_gen_qemu_ld_i64(t, t, 0, MO_UB);
                tcg_gen_add_i64(G.scratch0, G.scratch0, t);
                tcg_gen_addi_i64(G.in64[0], G.in64[0], 3);
            }
            tcg_gen_subi_i64(G.count, G.count, 1);
            tcg_gen_brcondi_i64(TCG_COND_NE, G.count, 0, back);
            tcg_gen_exit_tb(NULL, 0);
            tcg_gen_set_label(back);
            tcg_gen_br(top);
            tb = test_gen(s);

            memset(&env, 0, sizeof(env));
            env.out64[1] = 1;
            for (int i = 0; i < 4; i++) {
                env.in32[i] = i + 1;
            }
            env.in64[2] = 5;
            env.in64[3] = 7;
            env.count = 10;
            for (int i = 0; i < GUEST_MEM_SIZE; i++) {
                env.mem[i] = i * 3;
            }
            want = env;
            while (want.count) {
                loop_globals_ref(&want, calls);
            }
            run(s, &tb);
            g_assert_cmpuint(env.count, ==, 0);
            g_assert_cmpuint(env.out64[0], ==, want.out64[0]);
            g_assert_cmpuint(env.out64[1], ==, want.out64[1]);
            for (int i = 0; i < 4; i++) {
                g_assert_cmpuint(env.in32[i], ==, want.in32[i]);
                g_assert_cmpuint(env.in64[i], ==, want.in64[i]);
            }
            g_assert_cmpuint(env.scratch[0], ==, want.scratch[0]);
            tcg_context_free(s);
        }
    }
}

/* -d out_asm: every backend lists the code it generated. */
static void test_out_asm(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        g_autoptr(GString) out = g_string_new(NULL);
        bool native = s->backend != &tcg_backend_tci &&
                      s->backend != &tcg_backend_tci_min &&
                      s->backend != &tcg_backend_tci_2addr;
        TCGTBCode tb;

        tcg_func_start(s);
        tcg_gen_addi_i64(G.out64[0], G.in64[0], 0x1234);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        s->backend->disas(out, tb.code, tb.size);
        g_assert_nonnull(strstr(out->str, native ? "0x1234" : "$0x1234"));
        g_assert_nonnull(strstr(out->str, native ? "jmp" : "exit_tb"));
        g_assert_null(strstr(out->str, ".byte"));
        tcg_context_free(s);
    }
}

static void test_exit_values(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGTBCode tb;

        for (unsigned idx = 0; idx <= TB_EXIT_MASK; idx++) {
            tcg_func_start(s);
            tcg_gen_exit_tb(fake_tb_a, idx);
            tb = test_gen(s);
            g_assert_cmphex(run(s, &tb), ==, (uintptr_t)fake_tb_a + idx);
        }
        tcg_func_start(s);
        tcg_gen_exit_tb(NULL, TB_EXIT_REQUESTED);
        tb = test_gen(s);
        g_assert_cmphex(run(s, &tb), ==, TB_EXIT_REQUESTED);
        tcg_context_free(s);
    }
}

/* TB A: r0 += 1, then goto_tb 0 if a0 == 0 else goto_tb 1. */
static TCGTBCode gen_tb_a(TCGContext *s)
{
    TCGLabel *other;

    tcg_func_start(s);
    other = gen_new_label();
    tcg_gen_addi_i64(G.out64[0], G.out64[0], 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, G.in64[0], 0, other);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(fake_tb_a, 0);
    tcg_gen_set_label(other);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb(fake_tb_a, 1);
    return test_gen(s);
}

/* TB B: r0 *= 10, exit. */
static TCGTBCode gen_tb_b(TCGContext *s)
{
    tcg_func_start(s);
    tcg_gen_muli_i64(G.out64[0], G.out64[0], 10);
    tcg_gen_exit_tb(fake_tb_b, 2);
    return test_gen(s);
}

static void test_goto_tb(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGTBCode a = gen_tb_a(s), b = gen_tb_b(s);

        g_assert_cmpuint(a.jmp_insn_offset[0], !=, UINT32_MAX);
        g_assert_cmpuint(a.jmp_insn_offset[1], !=, UINT32_MAX);
        g_assert_cmpuint(b.jmp_insn_offset[0], ==, UINT32_MAX);
        memset(&env, 0, sizeof(env));
        /* Unchained: back to the loop through exit_tb. */
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_a + 0);
        g_assert_cmpuint(env.out64[0], ==, 1);
        env.in64[0] = 1;
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_a + 1);
        g_assert_cmpuint(env.out64[0], ==, 2);
        /* Chain slot 1 to B: A then B in one run. */
        tcg_tb_set_jmp_target(&a, 1, b.code);
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_b + 2);
        g_assert_cmpuint(env.out64[0], ==, 30);
        env.in64[0] = 0;   /* slot 0 is still unchained */
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_a + 0);
        g_assert_cmpuint(env.out64[0], ==, 31);
        /* Chain slot 0 to A itself, slot 1 to B: loops until a0 != 0 is
         * impossible here, so chain 0 to B instead and unchain 1. */
        tcg_tb_set_jmp_target(&a, 0, b.code);
        tcg_tb_set_jmp_target(&a, 1, NULL);
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_b + 2);
        g_assert_cmpuint(env.out64[0], ==, 320);
        env.in64[0] = 1;
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_a + 1);
        g_assert_cmpuint(env.out64[0], ==, 321);
        tcg_context_free(s);
    }
}

static void test_goto_ptr(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGTBCode b = gen_tb_b(s), a;

        tcg_func_start(s);
        tcg_gen_movi_i64(G.out64[0], 4);
        tcg_gen_goto_ptr(G.in64[0]);
        a = test_gen(s);
        memset(&env, 0, sizeof(env));
        env.in64[0] = (uintptr_t)b.code;
        g_assert_cmphex(run(s, &a), ==, (uintptr_t)fake_tb_b + 2);
        g_assert_cmpuint(env.out64[0], ==, 40);
        env.in64[0] = (uintptr_t)s->exit_ptr;
        g_assert_cmphex(run(s, &a), ==, 0);
        g_assert_cmpuint(env.out64[0], ==, 4);
        tcg_context_free(s);
    }
}

/* ---- insn_start data ---- */

static void test_insn_data(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        uint64_t data[TCG_INSN_START_WORDS];
        TCGTBCode tb;
        uintptr_t code;
        TCGOp *insn;

        tcg_func_start(s);
        tcg_gen_insn_start(0x1000, 0xa, 0xb);
        tcg_gen_addi_i64(G.out64[0], G.in64[0], 1);
        tcg_gen_insn_start(0x1004, 0xc, 0xd);
        tcg_gen_qemu_ld_i64(G.out64[1], G.in64[1], 0, MO_LEUQ);
        tcg_gen_insn_start(0x1008, 0xe, 0);
        insn = tcg_last_op();
        gen_helper_getpc(tcg_env);
        tcg_set_insn_start_param(insn, 2, 0xf);
        tcg_gen_insn_start(0x100c, 0, 0);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        code = (uintptr_t)tb.code;
        g_assert_cmpuint(tb.nb_insns, ==, 4);

        memset(&env, 0, sizeof(env));
        env.in64[1] = 0x40;
        run(s, &tb);
        /* The softmmu hook's retaddr identifies the load's instruction. */
        g_assert_cmpint(tcg_find_insn_data(&tb, env.last_ra, data), ==, 1);
        g_assert_cmphex(data[0], ==, 0x1004);
        g_assert_cmphex(data[1], ==, 0xc);
        g_assert_cmphex(data[2], ==, 0xd);
        /* ...and TCG_GETPC() in a helper the call's. */
        g_assert_cmpint(tcg_find_insn_data(&tb, env.scratch[7], data), ==, 2);
        g_assert_cmphex(data[0], ==, 0x1008);
        g_assert_cmphex(data[2], ==, 0xf);
        g_assert_cmpint(tcg_find_insn_data(&tb, code, data), ==, 0);
        g_assert_cmphex(data[0], ==, 0x1000);
        g_assert_cmpint(tcg_find_insn_data(&tb, code + tb.size - 1, data),
                        ==, 3);
        g_assert_cmpint(tcg_find_insn_data(&tb, code + tb.size, data), ==, -1);
        g_assert_cmpint(tcg_find_insn_data(&tb, code - 1, data), ==, -1);
        tcg_context_free(s);
    }
}

/* A second thread's context shares the globals and runs the same TBs. */
static gpointer clone_thread(gpointer opaque)
{
    TCGContext *s = tcg_context_clone(opaque, 1024 * 1024);
    TestEnv *e = g_new0(TestEnv, 1);
    TCGTBCode tb;
    uint64_t ret;

    tcg_set_context(s);
    tcg_func_start(s);
    tcg_gen_addi_i64(G.out64[0], G.in64[0], 5);
    tcg_gen_qemu_st_i64(G.out64[0], G.in64[1], 0, MO_LEUQ);
    tcg_gen_exit_tb(NULL, 0);
    tb = test_gen(s);
    e->in64[0] = 37;
    e->in64[1] = 16;
    tcg_tb_exec(s, e, tb.code);
    ret = e->out64[0] == 42 && e->mem[16] == 42;
    g_free(e);
    tcg_context_free(s);
    return GINT_TO_POINTER(ret);
}

static void test_context_clone(void)
{
    TCGContext *s = test_context_new(&test_configs[0]);
    GThread *t = g_thread_new("tcg-clone", clone_thread, s);

    g_assert_true(GPOINTER_TO_INT(g_thread_join(t)));
    g_assert_true(tcg_ctx == s);
    tcg_context_free(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/exec/conversions", test_conversions);
    if (G_BYTE_ORDER == G_LITTLE_ENDIAN) {
        g_test_add_func("/tcg/exec/host-ldst", test_host_ldst);
    }
    g_test_add_func("/tcg/exec/guest-memory", test_guest_memory);
    g_test_add_func("/tcg/exec/call-args", test_call_args);
    g_test_add_func("/tcg/exec/call-globals", test_call_globals);
    g_test_add_func("/tcg/exec/call-side-effects", test_call_side_effects);
    g_test_add_func("/tcg/exec/call-clobbers", test_call_clobbers);
    g_test_add_func("/tcg/exec/backward-branches", test_backward_branches);
    g_test_add_func("/tcg/exec/loop-globals", test_loop_globals);
    g_test_add_func("/tcg/exec/out-asm", test_out_asm);
    g_test_add_func("/tcg/exec/exit-values", test_exit_values);
    g_test_add_func("/tcg/exec/goto-tb", test_goto_tb);
    g_test_add_func("/tcg/exec/goto-ptr", test_goto_ptr);
    g_test_add_func("/tcg/exec/insn-data", test_insn_data);
    g_test_add_func("/tcg/exec/context-clone", test_context_clone);
    return g_test_run();
}
