/*
 * Random programs: sequences of ops over globals, EBB temps, TB temps and
 * constants, with forward branches and helper calls that modify globals.
 * Each program runs on every backend configuration and must give the
 * results of a direct evaluation of the same ops.  This exercises the
 * optimizer, liveness and the register allocator together (copies across
 * branches, spills, global write-back) where the per-op tests cannot.
 * The x86-64 backend also runs them with its inline TLB lookup, hitting
 * (even programs) or missing (odd ones) on every guest access.
 */
#include "kemu/osdep.h"
#include "tcg-harness.h"
#include "tcg/tcg-eval.h"
#include "tcg/helper-gen.h"
#include "exec/cpu-defs.h"

DEF_HELPER_1(mix, void, env)
DEF_HELPER_FLAGS_2(peekmix, TCG_CALL_NO_WG, i64, env, i64)

#define NB_PROGRAMS 3000
#define NB_ROPS 64
#define NB_GLOBAL 6      /* a0-a3, r0, r1 */
#define NB_EBB 10
#define NB_TB 8
#define NB_SLOTS (NB_GLOBAL + NB_EBB + NB_TB)
#define NB_LABELS 6

/* Writes a global behind the translator's back (default call flags). */
void helper_mix(void *env)
{
    TestEnv *e = env;

    e->in64[3] ^= e->in64[0] + 0x9e3779b9;
}

/* Reads globals only. */
uint64_t helper_peekmix(void *env, uint64_t x)
{
    TestEnv *e = env;

    return x * 31 + e->in64[1];
}

typedef enum {
    R_BIN, R_BINI, R_UN, R_MOVI, R_MOV, R_SETCOND, R_MOVCOND, R_BRCOND,
    R_LABEL, R_MIX, R_PEEK, R_QLD, R_QST,
} RKind;

typedef struct ROp {
    RKind kind;
    TCGOpcode opc;
    int dst, a, b, c, d;
    uint64_t imm;
    TCGCond cond;
    int label;
} ROp;

typedef struct RProg {
    ROp ops[NB_ROPS + NB_LABELS];
    int n;
} RProg;

static const TCGOpcode bin_ops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_and, INDEX_op_or,
    INDEX_op_xor, INDEX_op_shl, INDEX_op_shr, INDEX_op_sar,
    INDEX_op_rotl, INDEX_op_andc, INDEX_op_divu, INDEX_op_rem,
    INDEX_op_mulsh, INDEX_op_clz,
};
static const TCGOpcode un_ops[] = {
    INDEX_op_neg, INDEX_op_not, INDEX_op_ext8s, INDEX_op_ext32u,
    INDEX_op_bswap64, INDEX_op_ctpop,
};
static const TCGCond rconds[] = {
    TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GEU, TCG_COND_GT,
    TCG_COND_LEU,
};

static uint64_t pick(uint64_t *seed, uint64_t n)
{
    return test_rand(seed) % n;
}

/* A readable slot: globals and TB temps always, EBB temps once written. */
static int pick_src(uint64_t *seed, const bool *ebb_ok)
{
    for (;;) {
        int s = pick(seed, NB_SLOTS);
        if (s < NB_GLOBAL || s >= NB_GLOBAL + NB_EBB ||
            ebb_ok[s - NB_GLOBAL]) {
            return s;
        }
    }
}

static uint64_t pick_imm(uint64_t *seed)
{
    static const uint64_t imms[] = { 0, 1, 2, 3, 63, 64, -1ull, 0x80000000 };

    return pick(seed, 2) ? imms[pick(seed, G_N_ELEMENTS(imms))]
                         : test_rand(seed);
}

static void gen_program(RProg *p, uint64_t *seed)
{
    bool ebb_ok[NB_EBB] = { false };
    int next_label = 0;

    p->n = 0;
    for (int i = 0; i < NB_ROPS; i++) {
        ROp *r = &p->ops[p->n++];
        int k = pick(seed, 21);

        memset(r, 0, sizeof(*r));
        r->a = pick_src(seed, ebb_ok);
        r->b = pick_src(seed, ebb_ok);
        r->c = pick_src(seed, ebb_ok);
        r->d = pick_src(seed, ebb_ok);
        r->dst = pick(seed, NB_SLOTS);
        r->imm = pick_imm(seed);
        r->cond = rconds[pick(seed, G_N_ELEMENTS(rconds))];
        if (k < 6) {
            r->kind = R_BIN;
            r->opc = bin_ops[pick(seed, G_N_ELEMENTS(bin_ops))];
        } else if (k < 9) {
            r->kind = R_BINI;
            r->opc = bin_ops[pick(seed, G_N_ELEMENTS(bin_ops))];
        } else if (k < 10) {
            r->kind = R_UN;
            r->opc = un_ops[pick(seed, G_N_ELEMENTS(un_ops))];
        } else if (k < 11) {
            r->kind = R_MOVI;
        } else if (k < 13) {
            r->kind = R_MOV;
        } else if (k < 14) {
            r->kind = R_SETCOND;
        } else if (k < 15) {
            r->kind = R_MOVCOND;
        } else if (k < 16) {
            r->kind = R_MIX;
        } else if (k < 17) {
            r->kind = R_PEEK;
        } else if (k < 18) {
            r->kind = pick(seed, 2) ? R_QLD : R_QST;
        } else if (next_label < NB_LABELS) {
            r->kind = R_BRCOND;
            r->label = next_label;
            /* The label lands a few ops later. */
            if (pick(seed, 2) || i + 3 >= NB_ROPS) {
                ROp *l = &p->ops[p->n++];
                memset(l, 0, sizeof(*l));
                l->kind = R_LABEL;
                l->label = next_label;
                memset(ebb_ok, 0, sizeof(ebb_ok));
            }
            next_label++;
            continue;
        } else {
            r->kind = R_MOV;
        }
        if (r->kind != R_MIX && r->kind != R_QST &&
            r->dst >= NB_GLOBAL && r->dst < NB_GLOBAL + NB_EBB) {
            ebb_ok[r->dst - NB_GLOBAL] = true;
        }
    }
    /* Place labels whose branch did not get one. */
    for (int l = 0; l < next_label; l++) {
        bool placed = false;
        for (int i = 0; i < p->n; i++) {
            placed |= p->ops[i].kind == R_LABEL && p->ops[i].label == l;
        }
        if (!placed) {
            ROp *r = &p->ops[p->n++];
            memset(r, 0, sizeof(*r));
            r->kind = R_LABEL;
            r->label = l;
        }
    }
}

/* ---- Reference ---- */

/* Guest accesses stay inside the test memory, 8-byte aligned. */
#define QADDR(v) ((v) & 0xff8)

static void ref_run(const RProg *p, TestEnv *e)
{
    uint64_t v[NB_SLOTS];

    for (int i = 0; i < 4; i++) {
        v[i] = e->in64[i];
    }
    v[4] = e->out64[0];
    v[5] = e->out64[1];
    for (int i = 0; i < NB_TB; i++) {
        v[NB_GLOBAL + NB_EBB + i] = v[i % NB_GLOBAL] + i;
    }
    for (int i = 0; i < p->n; i++) {
        const ROp *r = &p->ops[i];
        uint64_t in[4] = { v[r->a], v[r->b] };
        TCGArg c[2] = { r->cond };

        switch (r->kind) {
        case R_BIN:
        case R_UN:
            v[r->dst] = tcg_eval(r->opc, TCG_TYPE_I64, in, NULL);
            break;
        case R_BINI:
            in[1] = r->imm;
            v[r->dst] = tcg_eval(r->opc, TCG_TYPE_I64, in, NULL);
            break;
        case R_MOVI:
            v[r->dst] = r->imm;
            break;
        case R_MOV:
            v[r->dst] = v[r->a];
            break;
        case R_SETCOND:
            v[r->dst] = tcg_eval(INDEX_op_setcond, TCG_TYPE_I64, in, c);
            break;
        case R_MOVCOND:
            in[2] = v[r->c];
            in[3] = v[r->d];
            v[r->dst] = tcg_eval(INDEX_op_movcond, TCG_TYPE_I64, in, c);
            break;
        case R_MIX:
            v[3] ^= v[0] + 0x9e3779b9;
            break;
        case R_PEEK:
            v[r->dst] = v[r->a] * 31 + v[1];
            break;
        case R_BRCOND:
            if (tcg_cond_eval(r->cond, TCG_TYPE_I64, v[r->a], v[r->b])) {
                while (!(p->ops[i].kind == R_LABEL &&
                         p->ops[i].label == r->label)) {
                    i++;
                }
            }
            break;
        case R_QLD:
            memcpy(&v[r->dst], &e->mem[QADDR(v[r->a])], 8);
            break;
        case R_QST:
            memcpy(&e->mem[QADDR(v[r->a])], &v[r->b], 8);
            break;
        case R_LABEL:
            break;
        }
    }
    for (int i = 0; i < 4; i++) {
        e->in64[i] = v[i];
    }
    e->out64[0] = v[4];
    e->out64[1] = v[5];
}

/* ---- Translation ---- */

static void emit_program(const RProg *p)
{
    TCGv_i64 v[NB_SLOTS];
    TCGLabel *labels[NB_LABELS];

    for (int i = 0; i < 4; i++) {
        v[i] = G.in64[i];
    }
    v[4] = G.out64[0];
    v[5] = G.out64[1];
    for (int i = 0; i < NB_EBB; i++) {
        v[NB_GLOBAL + i] = tcg_temp_new_i64();
    }
    for (int i = 0; i < NB_TB; i++) {
        v[NB_GLOBAL + NB_EBB + i] = tcg_temp_new_tb_i64();
        tcg_gen_addi_i64(v[NB_GLOBAL + NB_EBB + i], v[i % NB_GLOBAL], i);
    }
    for (int i = 0; i < NB_LABELS; i++) {
        labels[i] = gen_new_label();
    }
    for (int i = 0; i < p->n; i++) {
        const ROp *r = &p->ops[i];
        TCGTemp *dst = tcgv_i64_temp(v[r->dst]);

        switch (r->kind) {
        case R_BIN:
            tcgt_binop(r->opc, dst, tcgv_i64_temp(v[r->a]),
                       tcgv_i64_temp(v[r->b]));
            break;
        case R_BINI:
            tcgt_binop(r->opc, dst, tcgv_i64_temp(v[r->a]),
                       tcgv_i64_temp(tcg_constant_i64(r->imm)));
            break;
        case R_UN:
            tcgt_unop(r->opc, dst, tcgv_i64_temp(v[r->a]));
            break;
        case R_MOVI:
            tcg_gen_movi_i64(v[r->dst], r->imm);
            break;
        case R_MOV:
            tcg_gen_mov_i64(v[r->dst], v[r->a]);
            break;
        case R_SETCOND:
            tcg_gen_setcond_i64(r->cond, v[r->dst], v[r->a], v[r->b]);
            break;
        case R_MOVCOND:
            tcg_gen_movcond_i64(r->cond, v[r->dst], v[r->a], v[r->b],
                                v[r->c], v[r->d]);
            break;
        case R_MIX:
            gen_helper_mix(tcg_env);
            break;
        case R_PEEK:
            gen_helper_peekmix(v[r->dst], tcg_env, v[r->a]);
            break;
        case R_BRCOND:
            tcg_gen_brcond_i64(r->cond, v[r->a], v[r->b], labels[r->label]);
            break;
        case R_LABEL:
            tcg_gen_set_label(labels[r->label]);
            break;
        case R_QLD:
        case R_QST: {
            TCGv_i64 addr = tcg_temp_new_i64();
            tcg_gen_andi_i64(addr, v[r->a], 0xff8);
            if (r->kind == R_QLD) {
                tcg_gen_qemu_ld_i64(v[r->dst], addr, 1, MO_UQ);
            } else {
                tcg_gen_qemu_st_i64(v[r->b], addr, 1, MO_UQ);
            }
            tcg_temp_free_i64(addr);
            break;
        }
        }
    }
    tcg_gen_exit_tb(NULL, 0);
}

typedef struct TlbTestCPU {
    CPUNegativeOffsetState neg;
    TestEnv env;
} TlbTestCPU;
CPU_NEG_CHECK(TlbTestCPU);

static const TestConfig tlb_configs[] = {
    { "x86_64-tlb", &tcg_backend_x86_64, true },
    { "x86_64-base-tlb-noopt", &tcg_backend_x86_64_base, false },
};
#define NB_ALL_CONFIGS (NB_CONFIGS + G_N_ELEMENTS(tlb_configs))

static const TestConfig *config(size_t c)
{
    return c < NB_CONFIGS ? &test_configs[c] : &tlb_configs[c - NB_CONFIGS];
}

/* Run with env behind a one-entry TLB mapping guest page 0 to env.mem. */
static void run_tlb(TCGContext *s, const TCGTBCode *tb, TestEnv *e, bool hit)
{
    static TlbTestCPU cpu;
    CPUTLBEntry entry = { -1, -1, -1, 0 };

    if (hit) {
        entry.addr_read = entry.addr_write = 0;
        entry.addend = (uintptr_t)cpu.env.mem;
    }
    for (int m = 0; m < NB_MMU_MODES; m++) {
        cpu.neg.tlb_fast[m].mask = 0;
        cpu.neg.tlb_fast[m].table = &entry;
    }
    cpu.env = *e;
    tcg_tb_exec(s, &cpu.env, tb->code);
    *e = cpu.env;
}

static void test_random_programs(void)
{
    TCGContext *ctx[NB_ALL_CONFIGS];
    uint64_t seed = 0x1234567887654321ull;

    for (size_t c = 0; c < NB_ALL_CONFIGS; c++) {
        ctx[c] = test_context_new(config(c));
        ctx[c]->tlb_fast_path = c >= NB_CONFIGS;
    }
    for (int n = 0; n < NB_PROGRAMS; n++) {
        RProg prog;
        TestEnv start = { 0 }, want, got;

        gen_program(&prog, &seed);
        for (int i = 0; i < 4; i++) {
            start.in64[i] = test_rand_value(&seed);
        }
        for (int i = 0; i < GUEST_MEM_SIZE; i++) {
            start.mem[i] = i * 7 + n;
        }
        start.out64[0] = test_rand(&seed);
        want = start;
        ref_run(&prog, &want);
        for (size_t c = 0; c < NB_ALL_CONFIGS; c++) {
            TCGTBCode tb;

            tcg_set_context(ctx[c]);
            tcg_func_start(ctx[c]);
            emit_program(&prog);
            tb = test_gen(ctx[c]);
            got = start;
            if (ctx[c]->tlb_fast_path) {
                run_tlb(ctx[c], &tb, &got, n % 2 == 0);
            } else {
                tcg_tb_exec(ctx[c], &got, tb.code);
            }
            if (memcmp(got.in64, want.in64, sizeof(want.in64)) ||
                memcmp(got.out64, want.out64, sizeof(want.out64)) ||
                memcmp(got.mem, want.mem, sizeof(want.mem))) {
                g_test_message("program %d differs on %s", n,
                               config(c)->name);
                for (int i = 0; i < 6; i++) {
                    g_test_message("  slot %d: got %" PRIx64 " want %" PRIx64,
                                   i, i < 4 ? got.in64[i] : got.out64[i - 4],
                                   i < 4 ? want.in64[i] : want.out64[i - 4]);
                }
                if (g_getenv("TCG_RANDOM_DUMP")) {
                    g_autoptr(GString) out = g_string_new(NULL);
                    tcg_func_start(ctx[c]);
                    emit_program(&prog);
                    tcg_dump_ops(ctx[c], out, false);
                    g_test_message("%s", out->str);
                }
                g_test_fail();
            }
            if (n % 50 == 49) {
                tcg_code_flush(ctx[c]);
            }
        }
    }
    for (size_t c = 0; c < NB_ALL_CONFIGS; c++) {
        tcg_context_free(ctx[c]);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/random/programs", test_random_programs);
    return g_test_run();
}
