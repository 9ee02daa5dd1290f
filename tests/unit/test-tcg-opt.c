/*
 * The pipeline around the backend: what the optimizer and liveness leave
 * in the op list, the op dump, register pressure and spills, temps across
 * branches, and the failure returns of tcg_gen_code().
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "tcg-harness.h"

static TestEnv env;

static const TestConfig *tci_cfg = &test_configs[0];

/* The op list as text, after optimize + liveness when asked. */
static char *ops_text(TCGContext *s, bool optimize)
{
    GString *out = g_string_new(NULL);

    if (optimize) {
        tcg_optimize(s);
    }
    tcg_liveness_analysis(s);
    tcg_dump_ops(s, out, false);
    return g_string_free(out, false);
}

static void test_dump_format(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autoptr(GString) out = g_string_new(NULL);
    TCGv_i32 t;
    TCGLabel *l;

    tcg_func_start(s);
    t = tcg_temp_new_i32();
    l = gen_new_label();
    tcg_gen_insn_start(0x400, 1, 2);
    tcg_gen_addi_i32(t, G.in32[0], 4);
    tcg_gen_brcondi_i32(TCG_COND_LTU, t, 9, l);
    tcg_gen_qemu_ld_i64(G.out64[0], G.in64[0], 2, MO_BESL | MO_ALIGN);
    tcg_gen_set_label(l);
    tcg_gen_ld16u_i64(G.out64[1], tcg_env, 0x48);
    tcg_gen_exit_tb(NULL, 0);
    tcg_dump_ops(s, out, false);
    g_assert_cmpstr(out->str, ==,
        " ---- 0000000000000400 0000000000000001 0000000000000002\n"
        " add_i32 tmp0,w0,$0x4\n"
        " brcond_i32 tmp0,$0x9,ltu,$L0\n"
        " qemu_ld_i64 r0,a0,besl+al4,2\n"
        " set_label $L0\n"
        " ld16u_i64 r1,env,$0x48\n"
        " exit_tb $0x0\n");
    tcg_context_free(s);
}

static void test_fold_constants(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    TCGv_i64 t, u;

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 3);
    tcg_gen_addi_i64(u, t, 4);
    tcg_gen_muli_i64(u, u, 5);
    tcg_gen_subi_i64(u, u, 1);
    tcg_gen_shli_i64(u, u, 60);
    tcg_gen_sari_i64(G.out64[0], u, 62);
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, true);
    /* (3 + 4) * 5 - 1 = 34; 34 << 60 = 0x2000...; >> 62 = 0 */
    g_assert_cmpstr(text, ==, " mov_i64 r0,$0x0\n exit_tb $0x0\n");
    tcg_context_free(s);
}

static void test_copy_propagation(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    TCGv_i64 t, u;

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, G.in64[0]);
    tcg_gen_mov_i64(u, t);
    tcg_gen_add_i64(G.out64[0], u, G.in64[1]);
    tcg_gen_mov_i64(G.in64[0], u);          /* a0 = a0: removed */
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, true);
    g_assert_cmpstr(text, ==, " add_i64 r0,a0,a1\n exit_tb $0x0\n");
    tcg_context_free(s);
}

static void test_identities(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;

    tcg_func_start(s);
    tcg_gen_addi_i32(G.out32[0], G.in32[0], 0);
    tcg_gen_muli_i32(G.out32[1], G.in32[1], 1);
    tcg_gen_andi_i64(G.out64[0], G.in64[0], 0);
    tcg_gen_xor_i64(G.out64[1], G.in64[1], G.in64[1]);
    tcg_gen_ori_i64(G.in64[2], G.in64[3], -1);
    tcg_gen_andi_i32(G.in32[2], G.in32[3], -1);
    tcg_gen_sub_i32(G.in32[3], G.in32[0], G.in32[0]);
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, true);
    g_assert_cmpstr(text, ==,
                    " mov_i32 v0,w0\n"
                    " mov_i32 v1,w1\n"
                    " mov_i64 r0,$0x0\n"
                    " mov_i64 r1,$0x0\n"
                    " mov_i64 a2,$0xffffffffffffffff\n"
                    " mov_i32 w2,w3\n"
                    " mov_i32 w3,$0x0\n"
                    " exit_tb $0x0\n");
    tcg_context_free(s);
}

/* Extensions and masks of values with known-zero high bits vanish. */
static void test_known_zero_bits(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    TCGv_i64 t;
    TCGv_i32 w;

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    w = tcg_temp_new_i32();
    tcg_gen_ext8u_i64(t, G.in64[0]);
    tcg_gen_andi_i64(t, t, 0xfff);
    tcg_gen_ext16u_i64(t, t);
    tcg_gen_ext32s_i64(G.out64[0], t);
    tcg_gen_qemu_ld_i32(w, G.in64[1], 0, MO_UW);
    tcg_gen_ext16u_i32(w, w);
    tcg_gen_shri_i32(G.out32[0], w, 4);
    tcg_gen_andi_i32(G.out32[0], G.out32[0], 0xfff);
    tcg_gen_andi_i32(G.out32[1], G.out32[0], 0x7ff);   /* not redundant */
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, true);
    g_assert_cmpstr(text, ==,
                    " ext8u_i64 r0,a0\n"
                    " qemu_ld_i32 tmp1,a1,leuw,0\n"
                    " shr_i32 v0,tmp1,$0x4\n"
                    " and_i32 v1,v0,$0x7ff\n"
                    " exit_tb $0x0\n");
    tcg_context_free(s);
}

static void test_dead_code(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    TCGLabel *skip, *never, *used;

    tcg_func_start(s);
    skip = gen_new_label();
    never = gen_new_label();
    used = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_EQ, G.in64[0], 0, used);
    tcg_gen_br(skip);
    tcg_gen_movi_i64(G.out64[0], 1);            /* unreachable */
    tcg_gen_brcondi_i64(TCG_COND_NE, G.in64[1], 0, never);
    tcg_gen_set_label(never);                   /* only dead branches */
    tcg_gen_movi_i64(G.out64[0], 2);            /* still unreachable */
    tcg_gen_set_label(skip);
    /* Constant conditions: one folds to br, one disappears. */
    tcg_gen_brcond_i64(TCG_COND_NE, tcg_constant_i64(1),
                       tcg_constant_i64(1), used);
    tcg_gen_brcond_i64(TCG_COND_LTU, tcg_constant_i64(1),
                       tcg_constant_i64(2), used);
    tcg_gen_movi_i64(G.out64[0], 3);            /* unreachable */
    tcg_gen_set_label(used);
    tcg_gen_exit_tb(NULL, 0);
    tcg_gen_movi_i64(G.out64[1], 4);            /* after exit_tb */
    text = ops_text(s, true);
    g_assert_cmpstr(text, ==,
                    " brcond_i64 a0,$0x0,eq,$L2\n"
                    " br $L0\n"
                    " set_label $L0\n"
                    " br $L2\n"
                    " set_label $L2\n"
                    " exit_tb $0x0\n");
    tcg_context_free(s);
}

static void test_liveness(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    TCGv_i64 t, u;

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_add_i64(t, G.in64[0], G.in64[1]);    /* unused */
    tcg_gen_mul_i64(u, G.in64[0], G.in64[1]);
    tcg_gen_movi_i64(G.out64[0], 5);             /* overwritten */
    tcg_gen_mov_i64(G.out64[0], u);
    tcg_gen_exit_tb(NULL, 0);
    /* Without the optimizer: liveness alone removes dead ops. */
    text = ops_text(s, false);
    g_assert_cmpstr(text, ==,
                    " mul_i64 tmp1,a0,a1\n"
                    " mov_i64 r0,tmp1\n"
                    " exit_tb $0x0\n");
    tcg_dump_ops(s, out, true);
    g_assert_nonnull(strstr(out->str, "mov_i64 r0,tmp1  dead: 1"));
    tcg_context_free(s);
}

/*
 * "op tmp; mov global, tmp" with tmp dying writes the global directly, and
 * a commutative op puts its dying input first (two-address hosts reuse
 * its register); a live one or a constant stays second.
 */
static void test_forward_and_commute(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;
    TCGv_i64 t, u;

    tcg_func_start(s);
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_xor_i64(t, G.in64[0], G.in64[1]);
    tcg_gen_mov_i64(G.in64[1], t);              /* a1 dies in the xor */
    tcg_gen_sub_i64(u, G.in64[2], G.in64[0]);
    tcg_gen_mov_i64(G.out64[0], u);
    tcg_gen_mov_i64(G.out64[1], u);             /* u still live: kept */
    tcg_gen_andi_i64(G.in64[3], G.in64[0], 0xff);
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, false);
    g_assert_cmpstr(text, ==,
                    " xor_i64 a1,a1,a0\n"
                    " sub_i64 tmp1,a2,a0\n"
                    " mov_i64 r0,tmp1\n"
                    " mov_i64 r1,tmp1\n"
                    " and_i64 a3,a0,$0xff\n"
                    " exit_tb $0x0\n");
    tcg_context_free(s);
}

/* discard: the value is dead from there on, nothing is stored. */
static void test_discard(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        g_autofree char *text = NULL;
        TCGTBCode tb;

        tcg_func_start(s);
        tcg_gen_addi_i64(G.scratch0, G.in64[0], 1);
        tcg_gen_discard_i64(G.scratch0);
        tcg_gen_mov_i64(G.out64[0], G.in64[0]);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        env.in64[0] = 9;
        env.scratch[0] = 1234;
        tcg_tb_exec(s, &env, tb.code);
        g_assert_cmpuint(env.out64[0], ==, 9);
        g_assert_cmpuint(env.scratch[0], ==, 1234);
        tcg_context_free(s);
    }
}

static void test_double_word_fold(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *text = NULL;

    tcg_func_start(s);
    tcg_gen_add2_i32(G.out32[0], G.out32[1], tcg_constant_i32(-1),
                     tcg_constant_i32(1), tcg_constant_i32(1),
                     tcg_constant_i32(2));
    tcg_gen_exit_tb(NULL, 0);
    text = ops_text(s, true);
    g_assert_cmpstr(text, ==,
                    " mov_i32 v0,$0x0\n"
                    " mov_i32 v1,$0x4\n"
                    " exit_tb $0x0\n");
    tcg_context_free(s);
}

#define NB_LIVE 40

/* 40 temps live at once (more than the 14 registers): spills. */
static void test_register_pressure(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 t[NB_LIVE];
        TCGv_i32 w[NB_LIVE];
        uint64_t want64 = 0;
        uint32_t want32 = 0;
        TCGTBCode tb;

        tcg_func_start(s);
        for (int i = 0; i < NB_LIVE; i++) {
            t[i] = tcg_temp_new_i64();
            w[i] = tcg_temp_new_i32();
            tcg_gen_muli_i64(t[i], G.in64[i % 4], i + 3);
            tcg_gen_xori_i32(w[i], G.in32[i % 4], i * 0x1001);
        }
        tcg_gen_movi_i64(G.out64[0], 0);
        tcg_gen_movi_i32(G.out32[0], 0);
        for (int i = NB_LIVE - 1; i >= 0; i--) {
            tcg_gen_rotli_i64(G.out64[0], G.out64[0], 5);
            tcg_gen_add_i64(G.out64[0], G.out64[0], t[i]);
            tcg_gen_rotli_i32(G.out32[0], G.out32[0], 3);
            tcg_gen_xor_i32(G.out32[0], G.out32[0], w[i]);
        }
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        memset(&env, 0, sizeof(env));
        for (int i = 0; i < 4; i++) {
            env.in64[i] = 0x0123456789abcdefull * (i + 1);
            env.in32[i] = 0x89abcdef * (i + 1);
        }
        tcg_tb_exec(s, &env, tb.code);
        for (int i = NB_LIVE - 1; i >= 0; i--) {
            want64 = ((want64 << 5) | (want64 >> 59)) +
                     env.in64[i % 4] * (i + 3);
            want32 = ((want32 << 3) | (want32 >> 29)) ^
                     (env.in32[i % 4] ^ (i * 0x1001));
        }
        g_assert_cmphex(env.out64[0], ==, want64);
        g_assert_cmphex(env.out32[0], ==, want32);
        tcg_context_free(s);
    }
}

/* TB temps keep their values across branches and labels; EBB temps
 * survive a conditional branch's fall-through. */
static void test_temps_across_branches(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);
        TCGv_i64 loc, ebb;
        TCGLabel *l1, *l2;
        TCGTBCode tb;

        tcg_func_start(s);
        loc = tcg_temp_new_tb_i64();
        ebb = tcg_temp_new_i64();
        l1 = gen_new_label();
        l2 = gen_new_label();
        tcg_gen_addi_i64(loc, G.in64[0], 100);
        tcg_gen_addi_i64(ebb, G.in64[0], 7);
        tcg_gen_brcondi_i64(TCG_COND_EQ, G.in64[1], 0, l1);
        tcg_gen_add_i64(loc, loc, ebb);
        tcg_gen_set_label(l1);
        tcg_gen_brcondi_i64(TCG_COND_EQ, G.in64[2], 0, l2);
        tcg_gen_addi_i64(loc, loc, 1000);
        tcg_gen_set_label(l2);
        tcg_gen_mov_i64(G.out64[0], loc);
        tcg_gen_exit_tb(NULL, 0);
        tb = test_gen(s);
        for (int path = 0; path < 4; path++) {
            memset(&env, 0, sizeof(env));
            env.in64[0] = 5;
            env.in64[1] = path & 1;
            env.in64[2] = path & 2;
            tcg_tb_exec(s, &env, tb.code);
            g_assert_cmpuint(env.out64[0], ==,
                             105 + (path & 1 ? 12 : 0) +
                             (path & 2 ? 1000 : 0));
        }
        tcg_context_free(s);
    }
}

static void test_buffer_limits(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    TCGLabel *l;
    TCGTBCode tb;
    int ret = 0;
    TCGv_i64 t[600];

    g_assert_false(tcg_op_buf_full());
    for (int i = 0; i < TCG_MAX_OPS - TCG_OPS_HEADROOM; i++) {
        tcg_gen_mov_i64(G.out64[0], G.in64[i & 3]);
    }
    g_assert_true(tcg_op_buf_full());

    /* 600 TB temps live across a label need more frame than TCI has. */
    tcg_func_start(s);
    l = gen_new_label();
    for (int i = 0; i < 600; i++) {
        t[i] = tcg_temp_new_tb_i64();
        tcg_gen_addi_i64(t[i], G.in64[0], i);
    }
    tcg_gen_set_label(l);
    for (int i = 0; i < 600; i++) {
        tcg_gen_add_i64(G.out64[0], G.out64[0], t[i]);
    }
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmpint(tcg_gen_code(s, &tb), ==, -2);
    tcg_context_free(s);

    /* A small code buffer fills up; after a flush it works again. */
    s = tcg_context_new(&tcg_backend_tci, 96 * 1024);
    for (int n = 0; n < 1000 && ret >= 0; n++) {
        tcg_func_start(s);
        for (int i = 0; i < 200; i++) {
            tcg_gen_st_i64(tcg_constant_i64(i), tcg_env,
                           offsetof(TestEnv, scratch[1]));
        }
        tcg_gen_exit_tb(NULL, 0);
        s->optimize = false;
        ret = tcg_gen_code(s, &tb);
    }
    g_assert_cmpint(ret, ==, -1);
    tcg_code_flush(s);
    tcg_func_start(s);
    tcg_gen_exit_tb(NULL, 1);
    g_assert_cmpint(tcg_gen_code(s, &tb), >, 0);
    g_assert_cmpuint(tcg_tb_exec(s, &env, tb.code), ==, 1);
    tcg_context_free(s);
}

static void test_log_ops(void)
{
    TCGContext *s = test_context_new(tci_cfg);
    g_autofree char *path = g_build_filename(g_get_tmp_dir(),
                                             "kemu-test-tcg-log.txt", NULL);
    g_autofree char *log = NULL;
    TCGTBCode tb;

    g_assert_true(kemu_log_set_file(path, NULL));
    kemu_loglevel = LOG_OP | LOG_OP_OPT;
    tcg_func_start(s);
    tcg_gen_addi_i64(G.out64[0], G.in64[0], 0);
    tcg_gen_exit_tb(NULL, 0);
    tb = test_gen(s);
    kemu_loglevel = 0;
    g_assert_true(g_file_get_contents(path, &log, NULL, NULL));
    g_assert_nonnull(strstr(log, "OP:\n add_i64 r0,a0,$0x0\n"));
    g_assert_nonnull(strstr(log, "OP after optimization and liveness "
                                 "analysis:\n mov_i64 r0,a0\n"));
    unlink(path);
    (void)tb;
    tcg_context_free(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/opt/dump-format", test_dump_format);
    g_test_add_func("/tcg/opt/fold-constants", test_fold_constants);
    g_test_add_func("/tcg/opt/copy-propagation", test_copy_propagation);
    g_test_add_func("/tcg/opt/identities", test_identities);
    g_test_add_func("/tcg/opt/known-zero-bits", test_known_zero_bits);
    g_test_add_func("/tcg/opt/dead-code", test_dead_code);
    g_test_add_func("/tcg/opt/liveness", test_liveness);
    g_test_add_func("/tcg/opt/discard", test_discard);
    g_test_add_func("/tcg/opt/forward-and-commute", test_forward_and_commute);
    g_test_add_func("/tcg/opt/double-word-fold", test_double_word_fold);
    g_test_add_func("/tcg/opt/register-pressure", test_register_pressure);
    g_test_add_func("/tcg/opt/temps-across-branches",
                    test_temps_across_branches);
    g_test_add_func("/tcg/opt/buffer-limits", test_buffer_limits);
    g_test_add_func("/tcg/opt/log-ops", test_log_ops);
    return g_test_run();
}
