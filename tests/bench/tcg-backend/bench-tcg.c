/*
 * TCG backend benchmark (not part of make check): one TB runs a 64-bit
 * hash loop of INNER iterations, then chains to itself with goto_tb until
 * the total reaches N (default 10^8).  Prints the time per backend and
 * the x86-64 / TCI speed ratio; the hash is checked against C.
 *
 *     make bench && build/tests/bench/tcg-backend/bench-tcg [N]
 */
#include "kemu/osdep.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-backend.h"

#define INNER 1000
#define HASH_MUL 0x100000001b3ull

typedef struct BenchEnv {
    uint64_t h, i, n, k;
} BenchEnv;

static uint64_t hash_ref(uint64_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (uint64_t i = 0; i < n; i++) {
        h ^= i;
        h *= HASH_MUL;
        h = h << 31 | h >> 33;
        h += h >> 17;
    }
    return h;
}

static void gen_hash_tb(void)
{
    TCGv_i64 h = tcg_global_mem_new_i64(offsetof(BenchEnv, h), "h");
    TCGv_i64 i = tcg_global_mem_new_i64(offsetof(BenchEnv, i), "i");
    TCGv_i64 n = tcg_global_mem_new_i64(offsetof(BenchEnv, n), "n");
    TCGv_i64 k = tcg_global_mem_new_i64(offsetof(BenchEnv, k), "k");
    TCGLabel *loop, *done;
    TCGv_i64 t;

    tcg_func_start(tcg_ctx);
    loop = gen_new_label();
    done = gen_new_label();
    tcg_gen_insn_start(0, 0, 0);
    tcg_gen_movi_i64(k, INNER);
    tcg_gen_set_label(loop);
    t = tcg_temp_new_i64();
    tcg_gen_xor_i64(h, h, i);
    tcg_gen_muli_i64(h, h, HASH_MUL);
    tcg_gen_rotli_i64(h, h, 31);
    tcg_gen_shri_i64(t, h, 17);
    tcg_gen_add_i64(h, h, t);
    tcg_gen_addi_i64(i, i, 1);
    tcg_gen_subi_i64(k, k, 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, k, 0, loop);
    tcg_gen_brcond_i64(TCG_COND_GEU, i, n, done);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(NULL, 0);
    tcg_gen_set_label(done);
    tcg_gen_exit_tb(NULL, 0);
}

/* Seconds to hash n values on a backend; checks the result. */
static double run(const TCGBackend *be, uint64_t n)
{
    TCGContext *s = tcg_context_new(be, 1 << 20);
    BenchEnv env = { .h = 0xcbf29ce484222325ull, .n = n };
    TCGTBCode tb;
    gint64 t0;

    gen_hash_tb();
    g_assert(tcg_gen_code(s, &tb) > 0);
    tcg_tb_set_jmp_target(&tb, 0, tb.code);
    t0 = g_get_monotonic_time();
    tcg_tb_exec(s, &env, tb.code);
    t0 = g_get_monotonic_time() - t0;
    if (env.h != hash_ref(n)) {
        fprintf(stderr, "%s: wrong hash %" PRIx64 "\n", be->name, env.h);
        exit(1);
    }
    tcg_context_free(s);
    printf("%-8s %10.3f s  %7.2f ns/iteration\n", be->name, t0 / 1e6,
           t0 * 1e3 / n);
    return t0 / 1e6;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? g_ascii_strtoull(argv[1], NULL, 0) : 100000000;
    double native, tci;

    n = (n + INNER - 1) / INNER * INNER;
    printf("%" PRIu64 " iterations, %d per TB pass, goto_tb chained\n", n,
           INNER);
    native = run(&tcg_backend_x86_64, n);
    tci = run(&tcg_backend_tci, n);
    printf("x86_64 is %.1fx faster than tci\n", tci / native);
    return 0;
}
