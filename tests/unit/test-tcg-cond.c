/*
 * Conditions: setcond, negsetcond, movcond and brcond (and their
 * immediate forms) for every condition, on signed and unsigned boundary
 * values, on every backend configuration.
 */
#include "kemu/osdep.h"
#include "tcg-harness.h"

static const TCGCond conds[] = {
    TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
    TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
    TCG_COND_TSTEQ, TCG_COND_TSTNE, TCG_COND_ALWAYS, TCG_COND_NEVER,
};

static const uint64_t cond_values[] = {
    0, 1, 2, 0x7e, 0x7f, 0x80, 0x7ffffffe, 0x7fffffff, 0x80000000,
    0x80000001, 0xfffffffe, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffeull,
    0xffffffffffffffffull, 0xffffffff00000000ull,
};

/* An independent reference: compare as the condition's sign says. */
static bool ref_cond(TCGCond c, unsigned w, uint64_t a, uint64_t b)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull;
    __int128 sa, sb;

    a &= m, b &= m;
    sa = w == 64 ? (int64_t)a : (int32_t)a;
    sb = w == 64 ? (int64_t)b : (int32_t)b;
    switch (c) {
    case TCG_COND_EQ:     return a == b;
    case TCG_COND_NE:     return !(a == b);
    case TCG_COND_LT:     return sa < sb;
    case TCG_COND_GE:     return !(sa < sb);
    case TCG_COND_LE:     return !(sb < sa);
    case TCG_COND_GT:     return sb < sa;
    case TCG_COND_LTU:    return a < b;
    case TCG_COND_GEU:    return !(a < b);
    case TCG_COND_LEU:    return !(b < a);
    case TCG_COND_GTU:    return b < a;
    case TCG_COND_TSTEQ:  return !(a & b);
    case TCG_COND_TSTNE:  return !!(a & b);
    case TCG_COND_ALWAYS: return true;
    default:              return false;
    }
}

static void gen_set(TCGCond c, bool w64)
{
    if (w64) {
        tcg_gen_setcond_i64(c, G.out64[0], G.in64[0], G.in64[1]);
        tcg_gen_negsetcond_i64(c, G.out64[1], G.in64[0], G.in64[1]);
    } else {
        tcg_gen_setcond_i32(c, G.out32[0], G.in32[0], G.in32[1]);
        tcg_gen_negsetcond_i32(c, G.out32[1], G.in32[0], G.in32[1]);
    }
    tcg_gen_exit_tb(NULL, 0);
}

/* out0 = movcond, out1 = whether brcond branched. */
static void gen_move_branch(TCGCond c, bool w64)
{
    TCGLabel *l = gen_new_label();

    if (w64) {
        tcg_gen_movcond_i64(c, G.out64[0], G.in64[0], G.in64[1],
                            G.in64[2], G.in64[3]);
        tcg_gen_movi_i64(G.out64[1], 1);
        tcg_gen_brcond_i64(c, G.in64[0], G.in64[1], l);
        tcg_gen_movi_i64(G.out64[1], 0);
    } else {
        tcg_gen_movcond_i32(c, G.out32[0], G.in32[0], G.in32[1],
                            G.in32[2], G.in32[3]);
        tcg_gen_movi_i32(G.out32[1], 1);
        tcg_gen_brcond_i32(c, G.in32[0], G.in32[1], l);
        tcg_gen_movi_i32(G.out32[1], 0);
    }
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
}

/* The same with the second operand an immediate: setcondi, brcondi. */
static void gen_imm(TCGCond c, bool w64, uint64_t imm)
{
    TCGLabel *l = gen_new_label();

    if (w64) {
        tcg_gen_setcondi_i64(c, G.out64[0], G.in64[0], imm);
        tcg_gen_movi_i64(G.out64[1], 1);
        tcg_gen_brcondi_i64(c, G.in64[0], imm, l);
        tcg_gen_movi_i64(G.out64[1], 0);
    } else {
        tcg_gen_setcondi_i32(c, G.out32[0], G.in32[0], imm);
        tcg_gen_movi_i32(G.out32[1], 1);
        tcg_gen_brcondi_i32(c, G.in32[0], imm, l);
        tcg_gen_movi_i32(G.out32[1], 0);
    }
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
}

static void exec(TCGContext *s, const TCGTBCode *tb, const uint64_t *x,
                 bool w64, uint64_t *out)
{
    TestEnv env = { 0 };

    for (int i = 0; i < 4; i++) {
        env.in64[i] = x[i];
        env.in32[i] = x[i];
    }
    g_assert_cmpuint(tcg_tb_exec(s, &env, tb->code), ==, 0);
    out[0] = w64 ? env.out64[0] : env.out32[0];
    out[1] = w64 ? env.out64[1] : env.out32[1];
}

static void fail(const TestConfig *cfg, const char *what, TCGCond c,
                 unsigned w, uint64_t a, uint64_t b, uint64_t got)
{
    g_test_message("%s: %s %s_i%u %" PRIx64 ", %" PRIx64 " gave %" PRIx64,
                   cfg->name, what, tcg_cond_name(c), w, a, b, got);
    g_test_fail();
}

static void check_cond(TCGContext *s, const TestConfig *cfg, TCGCond c,
                       unsigned w)
{
    uint64_t m = w == 64 ? ~0ull : 0xffffffffull, out[2];
    size_t nv = G_N_ELEMENTS(cond_values);
    TCGTBCode set, mb;

    tcg_func_start(s);
    gen_set(c, w == 64);
    set = test_gen(s);
    tcg_func_start(s);
    gen_move_branch(c, w == 64);
    mb = test_gen(s);
    for (size_t i = 0; i < nv; i++) {
        for (size_t j = 0; j < nv; j++) {
            uint64_t x[4] = { cond_values[i], cond_values[j],
                              0x1111111111111111ull, 0x2222222222222222ull };
            bool want = ref_cond(c, w, x[0], x[1]);

            exec(s, &set, x, w == 64, out);
            if (out[0] != want || out[1] != (want ? m : 0)) {
                fail(cfg, "setcond", c, w, x[0], x[1], out[0]);
            }
            exec(s, &mb, x, w == 64, out);
            if (out[0] != ((want ? x[2] : x[3]) & m) || out[1] != want) {
                fail(cfg, "movcond/brcond", c, w, x[0], x[1], out[0]);
            }
        }
    }
    /* Immediates, including ones that do not fit a 32-bit field. */
    for (size_t j = 0; j < nv; j++) {
        uint64_t imm = cond_values[j] & m;
        TCGTBCode tb;

        tcg_func_start(s);
        gen_imm(c, w == 64, imm);
        tb = test_gen(s);
        for (size_t i = 0; i < nv; i++) {
            uint64_t x[4] = { cond_values[i] };
            bool want = ref_cond(c, w, x[0], imm);

            exec(s, &tb, x, w == 64, out);
            if (out[0] != want || out[1] != want) {
                fail(cfg, "setcondi/brcondi", c, w, x[0], imm, out[0]);
            }
        }
    }
}

static void test_conds(void)
{
    for (size_t cf = 0; cf < NB_CONFIGS; cf++) {
        TCGContext *s = test_context_new(&test_configs[cf]);

        for (size_t c = 0; c < G_N_ELEMENTS(conds); c++) {
            check_cond(s, &test_configs[cf], conds[c], 32);
            check_cond(s, &test_configs[cf], conds[c], 64);
        }
        tcg_context_free(s);
    }
}

static void test_cond_helpers(void)
{
    g_assert_cmpint(tcg_invert_cond(TCG_COND_LT), ==, TCG_COND_GE);
    g_assert_cmpint(tcg_invert_cond(TCG_COND_GTU), ==, TCG_COND_LEU);
    g_assert_cmpint(tcg_invert_cond(TCG_COND_TSTEQ), ==, TCG_COND_TSTNE);
    g_assert_cmpint(tcg_swap_cond(TCG_COND_LT), ==, TCG_COND_GT);
    g_assert_cmpint(tcg_swap_cond(TCG_COND_GEU), ==, TCG_COND_LEU);
    g_assert_cmpint(tcg_swap_cond(TCG_COND_EQ), ==, TCG_COND_EQ);
    for (size_t c = 0; c < G_N_ELEMENTS(conds); c++) {
        for (size_t i = 0; i < G_N_ELEMENTS(cond_values); i++) {
            uint64_t a = cond_values[i], b = cond_values[(i * 5) % 18];
            TCGCond k = conds[c];

            g_assert_cmpint(tcg_cond_eval(tcg_invert_cond(k),
                                          TCG_TYPE_I64, a, b), ==,
                            !tcg_cond_eval(k, TCG_TYPE_I64, a, b));
            g_assert_cmpint(tcg_cond_eval(tcg_swap_cond(k), TCG_TYPE_I32,
                                          b, a), ==,
                            tcg_cond_eval(k, TCG_TYPE_I32, a, b));
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/cond/all", test_conds);
    g_test_add_func("/tcg/cond/invert-swap", test_cond_helpers);
    return g_test_run();
}
