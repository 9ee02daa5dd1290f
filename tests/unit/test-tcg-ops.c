/*
 * Every IR op, run through TCI with all op support (native) and with only
 * the mandatory ops (tcg-op expansions), each with and without the
 * optimizer, against a C reference: edge values, a few thousand
 * deterministic pseudo-random inputs, and constant inputs that the
 * optimizer must fold.
 */
#include "kemu/osdep.h"
#include "tcg-harness.h"

#define NB_RANDOM 2000

typedef struct OpTest {
    const char *name;
    int nin, nout;
    bool only64;
    void (*gen32)(TCGv_i32 *o, TCGv_i32 *i);
    void (*gen64)(TCGv_i64 *o, TCGv_i64 *i);
    /* Reference: inputs and outputs zero-extended to 64 bits. */
    void (*ref)(bool w64, const uint64_t *x, uint64_t *r);
} OpTest;

/* ---- References, written out in plain C ---- */

#define REF(name, body)                                                    \
    static void ref_##name(bool w64, const uint64_t *x, uint64_t *r)       \
    {                                                                      \
        uint64_t a = x[0], b = x[1];                                       \
        unsigned W = w64 ? 64 : 32;                                        \
        uint64_t M = w64 ? ~0ull : 0xffffffffull;                          \
        int64_t sa = w64 ? (int64_t)a : (int32_t)a;                        \
        int64_t sb = w64 ? (int64_t)b : (int32_t)b;                        \
        (void)W, (void)sa, (void)sb, (void)b;                              \
        body;                                                              \
        r[0] &= M;                                                         \
        r[1] &= M;                                                         \
    }

static uint64_t count_lz(uint64_t a, unsigned w)
{
    unsigned n = 0;

    for (int bit = w - 1; bit >= 0 && !(a >> bit & 1); bit--) {
        n++;
    }
    return n;
}

static uint64_t count_tz(uint64_t a, unsigned w)
{
    unsigned n = 0;

    while (n < w && !(a >> n & 1)) {
        n++;
    }
    return n;
}

static uint64_t ref_bswap(uint64_t a, unsigned bytes)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < bytes; i++) {
        r = (r << 8) | ((a >> (8 * i)) & 0xff);
    }
    return r;
}

REF(add, r[0] = a + b)
REF(sub, r[0] = a - b)
REF(mul, r[0] = a * b)
REF(muluh, r[0] = w64 ? (uint64_t)(((unsigned __int128)a * b) >> 64)
                      : (a * b) >> 32)
REF(mulsh, r[0] = w64 ? (uint64_t)(((__int128)sa * sb) >> 64)
                      : (uint64_t)((sa * sb) >> 32))
REF(div, r[0] = b == 0 ? M
                        : sb == -1 ? 0 - (uint64_t)sa : (uint64_t)(sa / sb))
REF(divu, r[0] = b == 0 ? M : a / b)
REF(rem, r[0] = b == 0 ? a : (sb == -1 ? 0 : (uint64_t)(sa % sb)))
REF(remu, r[0] = b == 0 ? a : a % b)
REF(and, r[0] = a & b)
REF(or, r[0] = a | b)
REF(xor, r[0] = a ^ b)
REF(andc, r[0] = a & ~b)
REF(orc, r[0] = a | ~b)
REF(eqv, r[0] = ~a ^ b)
REF(nand, r[0] = ~(a & b))
REF(nor, r[0] = ~(a | b))
REF(shl, r[0] = a << (b % W))
REF(shr, r[0] = a >> (b % W))
REF(sar, r[0] = (uint64_t)(sa >> (b % W)))
REF(rotl, r[0] = (a << (b % W)) | (b % W ? a >> (W - b % W) : 0))
REF(rotr, r[0] = (a >> (b % W)) | (b % W ? a << (W - b % W) : 0))
REF(clz, r[0] = a ? count_lz(a, W) : b)
REF(ctz, r[0] = a ? count_tz(a, W) : b)
REF(neg, r[0] = 0 - a)
REF(not, r[0] = a ^ M)
REF(ctpop, r[0] = 0; for (unsigned i = 0; i < W; i++) r[0] += a >> i & 1)
REF(ext8s, r[0] = (uint64_t)(int64_t)(int8_t)(a & 0xff))
REF(ext8u, r[0] = a % 256)
REF(ext16s, r[0] = (uint64_t)(int64_t)(int16_t)(a & 0xffff))
REF(ext16u, r[0] = a % 65536)
REF(ext32s, r[0] = (uint64_t)(int64_t)(int32_t)(a & 0xffffffff))
REF(ext32u, r[0] = a & 0xffffffff)
REF(bswap16, r[0] = ref_bswap(a, 2))
REF(bswap32, r[0] = ref_bswap(a, 4))
REF(bswap64, r[0] = ref_bswap(a, 8))
REF(add2, {
    unsigned __int128 p = ((unsigned __int128)x[1] << W) | x[0];
    unsigned __int128 q = ((unsigned __int128)x[3] << W) | x[2];
    p += q;
    r[0] = (uint64_t)p;
    r[1] = (uint64_t)(p >> W);
})
REF(sub2, {
    unsigned __int128 p = ((unsigned __int128)x[1] << W) | x[0];
    unsigned __int128 q = ((unsigned __int128)x[3] << W) | x[2];
    p -= q;
    r[0] = (uint64_t)p;
    r[1] = (uint64_t)(p >> W);
})
REF(mulu2, {
    unsigned __int128 p = (unsigned __int128)a * b;
    r[0] = (uint64_t)p;
    r[1] = (uint64_t)(p >> W);
})
REF(muls2, {
    __int128 p = (__int128)sa * sb;
    r[0] = (uint64_t)p;
    r[1] = (uint64_t)((unsigned __int128)p >> W);
})

/* ---- Generators ---- */

#define GEN_BIN(name)                                                      \
    static void gen32_##name(TCGv_i32 *o, TCGv_i32 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i32(o[0], i[0], i[1]);                            \
    }                                                                      \
    static void gen64_##name(TCGv_i64 *o, TCGv_i64 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i64(o[0], i[0], i[1]);                            \
    }
#define GEN_UN(name)                                                       \
    static void gen32_##name(TCGv_i32 *o, TCGv_i32 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i32(o[0], i[0]);                                  \
    }                                                                      \
    static void gen64_##name(TCGv_i64 *o, TCGv_i64 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i64(o[0], i[0]);                                  \
    }
#define GEN_UN64(name)                                                     \
    static void gen64_##name(TCGv_i64 *o, TCGv_i64 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i64(o[0], i[0]);                                  \
    }
#define GEN_DW4(name)                                                      \
    static void gen32_##name(TCGv_i32 *o, TCGv_i32 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i32(o[0], o[1], i[0], i[1], i[2], i[3]);          \
    }                                                                      \
    static void gen64_##name(TCGv_i64 *o, TCGv_i64 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i64(o[0], o[1], i[0], i[1], i[2], i[3]);          \
    }
#define GEN_DW2(name)                                                      \
    static void gen32_##name(TCGv_i32 *o, TCGv_i32 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i32(o[0], o[1], i[0], i[1]);                      \
    }                                                                      \
    static void gen64_##name(TCGv_i64 *o, TCGv_i64 *i)                     \
    {                                                                      \
        tcg_gen_##name##_i64(o[0], o[1], i[0], i[1]);                      \
    }

GEN_BIN(add) GEN_BIN(sub) GEN_BIN(mul) GEN_BIN(muluh) GEN_BIN(mulsh)
GEN_BIN(div) GEN_BIN(divu) GEN_BIN(rem) GEN_BIN(remu)
GEN_BIN(and) GEN_BIN(or) GEN_BIN(xor) GEN_BIN(andc) GEN_BIN(orc)
GEN_BIN(eqv) GEN_BIN(nand) GEN_BIN(nor)
GEN_BIN(shl) GEN_BIN(shr) GEN_BIN(sar) GEN_BIN(rotl) GEN_BIN(rotr)
GEN_BIN(clz) GEN_BIN(ctz)
GEN_UN(neg) GEN_UN(not) GEN_UN(ctpop) GEN_UN(ext8s) GEN_UN(ext8u)
GEN_UN(ext16s) GEN_UN(ext16u) GEN_UN(bswap16) GEN_UN(bswap32)
GEN_UN64(ext32s) GEN_UN64(ext32u) GEN_UN64(bswap64)
GEN_DW4(add2) GEN_DW4(sub2) GEN_DW2(mulu2) GEN_DW2(muls2)

#define BIN(n) { #n, 2, 1, false, gen32_##n, gen64_##n, ref_##n }
#define UN(n) { #n, 1, 1, false, gen32_##n, gen64_##n, ref_##n }
#define UN64(n) { #n, 1, 1, true, NULL, gen64_##n, ref_##n }

static const OpTest op_tests[] = {
    BIN(add), BIN(sub), BIN(mul), BIN(muluh), BIN(mulsh),
    BIN(div), BIN(divu), BIN(rem), BIN(remu),
    BIN(and), BIN(or), BIN(xor), BIN(andc), BIN(orc), BIN(eqv),
    BIN(nand), BIN(nor), BIN(shl), BIN(shr), BIN(sar), BIN(rotl),
    BIN(rotr), BIN(clz), BIN(ctz),
    UN(neg), UN(not), UN(ctpop), UN(ext8s), UN(ext8u), UN(ext16s),
    UN(ext16u), UN(bswap16), UN(bswap32),
    UN64(ext32s), UN64(ext32u), UN64(bswap64),
    { "add2", 4, 2, false, gen32_add2, gen64_add2, ref_add2 },
    { "sub2", 4, 2, false, gen32_sub2, gen64_sub2, ref_sub2 },
    { "mulu2", 2, 2, false, gen32_mulu2, gen64_mulu2, ref_mulu2 },
    { "muls2", 2, 2, false, gen32_muls2, gen64_muls2, ref_muls2 },
};

/* ---- Running ---- */

/* Emit the op on globals (or on constants when consts is given). */
static void gen_op(const OpTest *t, bool w64, const uint64_t *consts)
{
    if (w64) {
        TCGv_i64 in[4];
        for (int i = 0; i < 4; i++) {
            in[i] = consts ? tcg_constant_i64(consts[i]) : G.in64[i];
        }
        t->gen64(G.out64, in);
    } else {
        TCGv_i32 in[4];
        for (int i = 0; i < 4; i++) {
            in[i] = consts ? tcg_constant_i32(consts[i]) : G.in32[i];
        }
        t->gen32(G.out32, in);
    }
    tcg_gen_exit_tb(NULL, 0);
}

static void check_result(const OpTest *t, const TestConfig *cfg, bool w64,
                         const uint64_t *x, TestEnv *env)
{
    uint64_t want[2] = { 0, 0 };
    uint64_t mask = w64 ? ~0ull : 0xffffffffull;
    uint64_t xin[4];

    for (int i = 0; i < 4; i++) {
        xin[i] = x[i] & mask;
    }
    t->ref(w64, xin, want);
    for (int o = 0; o < t->nout; o++) {
        uint64_t got = w64 ? env->out64[o] : env->out32[o];
        if (got != want[o]) {
            g_test_message("%s_i%d on %s: in %" PRIx64 " %" PRIx64 " %"
                           PRIx64 " %" PRIx64 ": out%d %" PRIx64
                           " want %" PRIx64, t->name, w64 ? 64 : 32,
                           cfg->name, xin[0], xin[1], xin[2], xin[3], o,
                           got, want[o]);
            g_test_fail();
            return;
        }
    }
}

static void run_inputs(const OpTest *t, const TestConfig *cfg, bool w64,
                       TCGContext *s, const TCGTBCode *tb, const uint64_t *x)
{
    TestEnv env = { 0 };

    for (int i = 0; i < 4; i++) {
        env.in64[i] = x[i];
        env.in32[i] = x[i];
    }
    env.out64[0] = env.out64[1] = 0x5555555555555555ull;
    env.out32[0] = env.out32[1] = 0x55555555;
    g_assert_cmpuint(tcg_tb_exec(s, &env, tb->code), ==, 0);
    check_result(t, cfg, w64, x, &env);
}

static void test_op_config(const OpTest *t, const TestConfig *cfg, bool w64)
{
    TCGContext *s = test_context_new(cfg);
    TCGTBCode tb;
    uint64_t seed = 0x9e3779b97f4a7c15ull, x[4];
    size_t ne = G_N_ELEMENTS(test_edges);

    tcg_func_start(s);
    gen_op(t, w64, NULL);
    tb = test_gen(s);
    /* Edge values: all pairs for the first two inputs. */
    for (size_t i = 0; i < ne; i++) {
        for (size_t j = 0; j < ne; j++) {
            x[0] = test_edges[i];
            x[1] = test_edges[j];
            x[2] = test_edges[(i + j) % ne];
            x[3] = test_edges[(i * 7 + j) % ne];
            run_inputs(t, cfg, w64, s, &tb, x);
        }
    }
    for (int n = 0; n < NB_RANDOM; n++) {
        for (int i = 0; i < 4; i++) {
            x[i] = test_rand_value(&seed);
        }
        run_inputs(t, cfg, w64, s, &tb, x);
    }
    /* Constant inputs: folded by the optimizer, computed otherwise. */
    for (int n = 0; n < 40; n++) {
        TestEnv env = { 0 };
        for (int i = 0; i < 4; i++) {
            x[i] = n < (int)ne ? test_edges[(n + i * 5) % ne]
                               : test_rand_value(&seed);
            if (!w64) {
                x[i] = (uint32_t)x[i];
            }
        }
        tcg_func_start(s);
        gen_op(t, w64, x);
        tb = test_gen(s);
        tcg_tb_exec(s, &env, tb.code);
        check_result(t, cfg, w64, x, &env);
        if (cfg->optimize && cfg->backend == &tcg_backend_tci) {
            /* Folded: only moves of constants remain. */
            for (int i = 0; i < s->nb_ops; i++) {
                TCGOpcode opc = s->ops[i].opc;
                g_assert(opc == INDEX_op_nop || opc == INDEX_op_mov ||
                         opc == INDEX_op_exit_tb);
            }
        }
    }
    tcg_context_free(s);
}

static void test_op(const void *data)
{
    const OpTest *t = data;

    for (size_t c = 0; c < NB_CONFIGS; c++) {
        if (!t->only64) {
            test_op_config(t, &test_configs[c], false);
        }
        test_op_config(t, &test_configs[c], true);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(op_tests); i++) {
        g_autofree char *path = g_strdup_printf("/tcg/op/%s",
                                                op_tests[i].name);
        g_test_add_data_func(path, &op_tests[i], test_op);
    }
    return g_test_run();
}
