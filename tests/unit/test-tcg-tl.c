/*
 * The target-long builders of "tcg/tcg-op-tl.h" for a 32-bit guest: the
 * _tl names map to i32 ops and the widening helpers to conversions.
 */
#include "kemu/osdep.h"
#define TARGET_LONG_BITS 32
#include "tcg/tcg-op-tl.h"
#include "tcg-harness.h"

static void test_tl32(void)
{
    TCGContext *s = test_context_new(&test_configs[0]);
    TestEnv env = { 0 };
    TCGTBCode tb;
    TCGv t;

    tcg_func_start(s);
    t = tcg_temp_new_tl();
    g_assert_cmpint(tcgv_i32_temp(t)->type, ==, TCG_TYPE_TL);
    tcg_gen_addi_tl(t, G.in32[0], 4);               /* 32-bit wrap */
    tcg_gen_qemu_st_tl(t, G.in32[1], 0, MO_LEUL);
    tcg_gen_qemu_ld_tl(G.out32[0], G.in32[1], 0, MO_BEUW);
    tcg_gen_extu_tl_i64(G.out64[0], t);
    tcg_gen_ext_tl_i64(G.out64[1], G.in32[2]);
    tcg_gen_exit_tb(NULL, 0);
    tb = test_gen(s);
    env.in32[0] = 0xfffffffe;
    env.in32[1] = 0x20;
    env.in32[2] = 0x80000000;
    tcg_tb_exec(s, &env, tb.code);
    g_assert_cmphex(env.out64[0], ==, 2);
    g_assert_cmphex(env.mem[0x20], ==, 2);
    g_assert_cmphex(env.out32[0], ==, 0x0200);
    g_assert_cmphex(env.out64[1], ==, 0xffffffff80000000ull);
    tcg_context_free(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/tl/32", test_tl32);
    return g_test_run();
}
