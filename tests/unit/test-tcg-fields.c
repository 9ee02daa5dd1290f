/*
 * Ops with constant operands that shape the operation: extract, sextract,
 * deposit and extract2 at many (pos, len), and shifts and rotates by every
 * constant count, on every backend configuration.
 */
#include "kemu/osdep.h"
#include "tcg-harness.h"

#define NB_INPUTS 24

static uint64_t mask_of(unsigned w)
{
    return w == 64 ? ~0ull : (1ull << w) - 1;
}

static uint64_t ref_extract(uint64_t a, unsigned pos, unsigned len)
{
    return (a >> pos) & mask_of(len);
}

static uint64_t ref_sextract(uint64_t a, unsigned pos, unsigned len,
                             unsigned w)
{
    uint64_t v = ref_extract(a, pos, len);

    if (len < 64 && (v >> (len - 1)) & 1) {
        v |= ~mask_of(len);
    }
    return v & mask_of(w);
}

static uint64_t ref_deposit(uint64_t a, uint64_t b, unsigned pos,
                            unsigned len)
{
    uint64_t field = mask_of(len) << pos;

    return (a & ~field) | ((b << pos) & field);
}

static uint64_t ref_extract2(uint64_t lo, uint64_t hi, unsigned pos,
                             unsigned w)
{
    unsigned __int128 v = ((unsigned __int128)hi << w) | lo;

    return (uint64_t)(v >> pos) & mask_of(w);
}

/* Run the current TB on inputs; outputs in out[0..1]. */
static void run(TCGContext *s, const TCGTBCode *tb, bool w64,
                const uint64_t *x, uint64_t *out)
{
    TestEnv env = { 0 };

    for (int i = 0; i < 4; i++) {
        env.in64[i] = x[i];
        env.in32[i] = x[i];
    }
    tcg_tb_exec(s, &env, tb->code);
    out[0] = w64 ? env.out64[0] : env.out32[0];
    out[1] = w64 ? env.out64[1] : env.out32[1];
}

static void inputs(uint64_t *seed, int n, unsigned w, uint64_t *x)
{
    for (int i = 0; i < 4; i++) {
        x[i] = (n < 2 ? (n ? ~0ull : 0) : test_rand(seed)) & mask_of(w);
    }
}

static void check_field(TCGContext *s, const TestConfig *cfg, unsigned w,
                        unsigned pos, unsigned len)
{
    bool w64 = w == 64;
    uint64_t seed = pos * 131 + len + 1, x[4], out[2];
    TCGTBCode tb1, tb2, tb3;

    tcg_func_start(s);
    if (w64) {
        tcg_gen_extract_i64(G.out64[0], G.in64[0], pos, len);
        tcg_gen_sextract_i64(G.out64[1], G.in64[0], pos, len);
    } else {
        tcg_gen_extract_i32(G.out32[0], G.in32[0], pos, len);
        tcg_gen_sextract_i32(G.out32[1], G.in32[0], pos, len);
    }
    tcg_gen_exit_tb(NULL, 0);
    tb1 = test_gen(s);
    tcg_func_start(s);
    if (w64) {
        tcg_gen_deposit_i64(G.out64[0], G.in64[0], G.in64[1], pos, len);
        tcg_gen_extract2_i64(G.out64[1], G.in64[0], G.in64[1], pos);
    } else {
        tcg_gen_deposit_i32(G.out32[0], G.in32[0], G.in32[1], pos, len);
        tcg_gen_extract2_i32(G.out32[1], G.in32[0], G.in32[1], pos);
    }
    tcg_gen_exit_tb(NULL, 0);
    tb2 = test_gen(s);
    /* Both halves one value: a rotate, in place and into another temp. */
    tcg_func_start(s);
    if (w64) {
        tcg_gen_extract2_i64(G.out64[0], G.in64[0], G.in64[0], pos);
        tcg_gen_mov_i64(G.out64[1], G.in64[1]);
        tcg_gen_extract2_i64(G.out64[1], G.out64[1], G.out64[1], pos);
    } else {
        tcg_gen_extract2_i32(G.out32[0], G.in32[0], G.in32[0], pos);
        tcg_gen_mov_i32(G.out32[1], G.in32[1]);
        tcg_gen_extract2_i32(G.out32[1], G.out32[1], G.out32[1], pos);
    }
    tcg_gen_exit_tb(NULL, 0);
    tb3 = test_gen(s);

    for (int n = 0; n < NB_INPUTS; n++) {
        inputs(&seed, n, w, x);
        run(s, &tb1, w64, x, out);
        if (out[0] != ref_extract(x[0], pos, len) ||
            out[1] != ref_sextract(x[0], pos, len, w)) {
            g_test_message("%s: extract/sextract_i%u pos %u len %u of %"
                           PRIx64 ": %" PRIx64 " %" PRIx64, cfg->name, w,
                           pos, len, x[0], out[0], out[1]);
            g_test_fail();
            return;
        }
        run(s, &tb2, w64, x, out);
        if (out[0] != ref_deposit(x[0], x[1], pos, len) ||
            out[1] != ref_extract2(x[0], x[1], pos, w)) {
            g_test_message("%s: deposit/extract2_i%u pos %u len %u of %"
                           PRIx64 " %" PRIx64 ": %" PRIx64 " %" PRIx64,
                           cfg->name, w, pos, len, x[0], x[1], out[0],
                           out[1]);
            g_test_fail();
            return;
        }
        run(s, &tb3, w64, x, out);
        if (out[0] != ref_extract2(x[0], x[0], pos, w) ||
            out[1] != ref_extract2(x[1], x[1], pos, w)) {
            g_test_message("%s: extract2_i%u (rotate) pos %u of %" PRIx64
                           " %" PRIx64 ": %" PRIx64 " %" PRIx64, cfg->name,
                           w, pos, x[0], x[1], out[0], out[1]);
            g_test_fail();
            return;
        }
    }
}

static void test_fields(void)
{
    static const unsigned lens64[] = {
        1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64,
    };

    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);

        for (unsigned pos = 0; pos < 32; pos++) {
            for (unsigned len = 1; pos + len <= 32; len++) {
                check_field(s, &test_configs[c], 32, pos, len);
            }
        }
        for (unsigned pos = 0; pos < 64; pos++) {
            for (size_t l = 0; l < G_N_ELEMENTS(lens64); l++) {
                if (pos + lens64[l] <= 64) {
                    check_field(s, &test_configs[c], 64, pos, lens64[l]);
                }
            }
        }
        tcg_context_free(s);
    }
}

typedef enum { SH_SHL, SH_SHR, SH_SAR, SH_ROTL, SH_ROTR } ShiftKind;

static uint64_t ref_shift(ShiftKind k, uint64_t a, unsigned n, unsigned w)
{
    uint64_t m = mask_of(w);
    int64_t sa = w == 64 ? (int64_t)a : (int32_t)a;

    n %= w;
    switch (k) {
    case SH_SHL:  return (a << n) & m;
    case SH_SHR:  return a >> n;
    case SH_SAR:  return (uint64_t)(sa >> n) & m;
    case SH_ROTL: return n ? ((a << n) | (a >> (w - n))) & m : a;
    default:      return n ? ((a >> n) | (a << (w - n))) & m : a;
    }
}

static void gen_shift(ShiftKind k, bool w64, unsigned n)
{
    if (w64) {
        TCGv_i64 r = G.out64[0], a = G.in64[0];
        switch (k) {
        case SH_SHL:  tcg_gen_shli_i64(r, a, n); break;
        case SH_SHR:  tcg_gen_shri_i64(r, a, n); break;
        case SH_SAR:  tcg_gen_sari_i64(r, a, n); break;
        case SH_ROTL: tcg_gen_rotli_i64(r, a, n); break;
        default:      tcg_gen_rotri_i64(r, a, n); break;
        }
    } else {
        TCGv_i32 r = G.out32[0], a = G.in32[0];
        switch (k) {
        case SH_SHL:  tcg_gen_shli_i32(r, a, n); break;
        case SH_SHR:  tcg_gen_shri_i32(r, a, n); break;
        case SH_SAR:  tcg_gen_sari_i32(r, a, n); break;
        case SH_ROTL: tcg_gen_rotli_i32(r, a, n); break;
        default:      tcg_gen_rotri_i32(r, a, n); break;
        }
    }
    tcg_gen_exit_tb(NULL, 0);
}

static void test_shift_counts(void)
{
    for (size_t c = 0; c < NB_CONFIGS; c++) {
        TCGContext *s = test_context_new(&test_configs[c]);

        for (unsigned w = 32; w <= 64; w += 32) {
            for (int k = SH_SHL; k <= SH_ROTR; k++) {
                /* Counts past the width are taken modulo the width. */
                for (unsigned n = 0; n < w + 2; n++) {
                    uint64_t seed = n + 1, x[4], out[2];
                    TCGTBCode tb;

                    tcg_func_start(s);
                    gen_shift(k, w == 64, n);
                    tb = test_gen(s);
                    for (int i = 0; i < NB_INPUTS; i++) {
                        inputs(&seed, i, w, x);
                        run(s, &tb, w == 64, x, out);
                        if (out[0] != ref_shift(k, x[0], n, w)) {
                            g_test_message("%s: shift %d_i%u by %u of %"
                                           PRIx64 ": %" PRIx64,
                                           test_configs[c].name, k, w, n,
                                           x[0], out[0]);
                            g_test_fail();
                        }
                    }
                }
            }
        }
        tcg_context_free(s);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/fields/extract-deposit", test_fields);
    g_test_add_func("/tcg/fields/shift-counts", test_shift_counts);
    return g_test_run();
}
