/*
 * The optimizer: one forward pass over the TB's ops.
 *
 * It tracks which temps hold known constants and which temps are copies of
 * each other (a ring of copies per value, reset when a temp is written, at
 * labels, and for globals at calls that may write them).  Inputs are
 * replaced by the best copy (a constant, else the longest-lived temp), ops
 * with constant inputs are folded into moves of constants, algebraic
 * identities (x + 0, x * 1, x & 0, x ^ x, ...) become moves, so do
 * zero-extensions and masks of values whose high bits are known to be
 * zero (a per-temp mask of bits that may be set), redundant
 * moves disappear, branches on known conditions become br or vanish, and
 * code after an unconditional br, exit_tb or goto_ptr is dropped up to the
 * next label still referenced.  Liveness then removes what became unused.
 */
#include "kemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-eval.h"

static TCGTemp *temp(TCGContext *s, TCGArg a)
{
    return &s->temps[a];
}

static uint64_t type_mask(TCGType type)
{
    return type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
}

static void ring_self(TCGContext *s, TCGTemp *ts)
{
    ts->opt_prev = ts->opt_next = ts - s->temps;
}

static TCGArg const_temp(TCGContext *s, TCGType type, uint64_t val)
{
    TCGTemp *ts = tcg_constant_internal(type, val);

    ts->opt_const = true;
    ts->opt_val = ts->opt_zmask = ts->val;
    ring_self(s, ts);
    return ts - s->temps;
}

static void reset_temp(TCGContext *s, TCGTemp *ts)
{
    s->temps[ts->opt_prev].opt_next = ts->opt_next;
    s->temps[ts->opt_next].opt_prev = ts->opt_prev;
    ring_self(s, ts);
    ts->opt_const = false;
    ts->opt_zmask = type_mask(ts->type);
}

static void init_temps(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        ts->opt_const = ts->kind == TEMP_CONST;
        ts->opt_val = ts->val;
        ts->opt_zmask = ts->opt_const ? (uint64_t)ts->val : type_mask(ts->type);
        ring_self(s, ts);
    }
}

static void reset_range(TCGContext *s, int from, int to)
{
    for (int i = from; i < to; i++) {
        if (s->temps[i].kind != TEMP_CONST) {
            reset_temp(s, &s->temps[i]);
        }
    }
}

static int kind_rank(const TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_FIXED:  return 3;
    case TEMP_GLOBAL: return 2;
    case TEMP_TB:     return 1;
    default:          return 0;
    }
}

/* The copy of a to use as input: a constant, or the longest-lived copy. */
static TCGArg best_copy(TCGContext *s, TCGArg a)
{
    TCGTemp *ts = temp(s, a), *best = ts;

    if (ts->opt_const) {
        return ts->kind == TEMP_CONST ? a
                                      : const_temp(s, ts->type, ts->opt_val);
    }
    for (int i = ts->opt_next; i != (int)a; i = s->temps[i].opt_next) {
        if (kind_rank(&s->temps[i]) > kind_rank(best)) {
            best = &s->temps[i];
        }
    }
    return best - s->temps;
}

static bool same_value(TCGContext *s, TCGArg a, TCGArg b)
{
    TCGTemp *ta = temp(s, a), *tb = temp(s, b);

    if (a == b) {
        return true;
    }
    if (ta->opt_const || tb->opt_const) {
        return ta->opt_const && tb->opt_const && ta->type == tb->type &&
               ta->opt_val == tb->opt_val;
    }
    for (int i = ta->opt_next; i != (int)a; i = s->temps[i].opt_next) {
        if (i == (int)b) {
            return true;
        }
    }
    return false;
}

/* dst was just written with the value of src. */
static void record_copy(TCGContext *s, TCGTemp *dst, TCGTemp *src)
{
    reset_temp(s, dst);
    dst->opt_zmask = src->opt_zmask;
    if (src->opt_const) {
        dst->opt_const = true;
        dst->opt_val = src->opt_val;
        return;
    }
    dst->opt_next = src->opt_next;
    dst->opt_prev = src - s->temps;
    s->temps[src->opt_next].opt_prev = dst - s->temps;
    src->opt_next = dst - s->temps;
}

static void reset_outputs(TCGContext *s, TCGOp *op)
{
    for (int k = 0; k < op->nb_oargs; k++) {
        reset_temp(s, temp(s, op->args[k]));
    }
}

/* Turn op into "mov out, src" (removed when it changes nothing). */
static void fold_to_mov(TCGContext *s, TCGOp *op, TCGArg src)
{
    TCGTemp *out = temp(s, op->args[0]);

    if (same_value(s, op->args[0], src)) {
        tcg_op_remove(s, op);
        return;
    }
    op->opc = INDEX_op_mov;
    op->nb_oargs = op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = src;
    record_copy(s, out, temp(s, src));
}

static void fold_to_const(TCGContext *s, TCGOp *op, uint64_t val)
{
    fold_to_mov(s, op, const_temp(s, op->type, val));
}

static bool is_const(TCGContext *s, TCGArg a, uint64_t *val)
{
    TCGTemp *ts = temp(s, a);

    if (ts->kind == TEMP_CONST) {
        *val = ts->val;
        return true;
    }
    return false;
}

static bool all_inputs_const(TCGContext *s, TCGOp *op, uint64_t *in)
{
    for (int k = 0; k < op->nb_iargs; k++) {
        if (!is_const(s, op->args[op->nb_oargs + k], &in[k])) {
            return false;
        }
    }
    return true;
}

bool tcg_op_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor: case INDEX_op_eqv:
    case INDEX_op_nand: case INDEX_op_nor:
    case INDEX_op_muluh: case INDEX_op_mulsh:
        return true;
    default:
        return false;
    }
}

/* Identities with a constant second operand or equal operands. */
static bool simplify_binop(TCGContext *s, TCGOp *op)
{
    uint64_t ones = op->type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
    uint64_t shmask = op->type == TCG_TYPE_I32 ? 31 : 63;
    TCGArg a = op->args[1], b = op->args[2];
    uint64_t bv, av;

    if (tcg_op_commutative(op->opc) && is_const(s, a, &av) &&
        !is_const(s, b, &bv)) {
        op->args[1] = b, op->args[2] = a;
        a = op->args[1], b = op->args[2];
    }
    if (is_const(s, b, &bv)) {
        switch (op->opc) {
        case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
        case INDEX_op_rotl: case INDEX_op_rotr:
            bv &= shmask;
            /* fall through */
        case INDEX_op_add: case INDEX_op_sub: case INDEX_op_or:
        case INDEX_op_xor: case INDEX_op_andc:
            if (bv == 0) {
                fold_to_mov(s, op, a);
                return true;
            }
            break;
        case INDEX_op_mul:
            if (bv <= 1) {
                bv ? fold_to_mov(s, op, a) : fold_to_const(s, op, 0);
                return true;
            }
            break;
        case INDEX_op_div: case INDEX_op_divu:
            if (bv == 1) {
                fold_to_mov(s, op, a);
                return true;
            }
            break;
        case INDEX_op_and:
            if (bv == 0 || bv == ones) {
                bv ? fold_to_mov(s, op, a) : fold_to_const(s, op, 0);
                return true;
            }
            break;
        default:
            break;
        }
        if ((op->opc == INDEX_op_or || op->opc == INDEX_op_orc) &&
            bv == (op->opc == INDEX_op_or ? ones : 0)) {
            fold_to_const(s, op, ones);
            return true;
        }
    }
    if (same_value(s, a, b)) {
        switch (op->opc) {
        case INDEX_op_sub: case INDEX_op_xor: case INDEX_op_andc:
            fold_to_const(s, op, 0);
            return true;
        case INDEX_op_and: case INDEX_op_or:
            fold_to_mov(s, op, a);
            return true;
        case INDEX_op_eqv: case INDEX_op_orc:
            fold_to_const(s, op, ones);
            return true;
        default:
            break;
        }
    }
    return false;
}

static uint64_t zmask(TCGContext *s, TCGArg a)
{
    return temp(s, a)->opt_zmask;
}

/* Bits of the result of a single-output op that may be set. */
static uint64_t op_zmask(TCGContext *s, const TCGOp *op)
{
    uint64_t za = zmask(s, op->args[1]);
    uint64_t zb = op->nb_iargs > 1 ? zmask(s, op->args[2]) : 0;
    const TCGArg *c = op->args + op->nb_oargs + op->nb_iargs;
    uint64_t m = type_mask(op->type), bv, field;
    unsigned shmask = op->type == TCG_TYPE_I32 ? 31 : 63;

    switch (op->opc) {
    case INDEX_op_and:     return za & zb;
    case INDEX_op_or:
    case INDEX_op_xor:     return za | zb;
    case INDEX_op_andc:    return za;
    case INDEX_op_ext8u:   return za & 0xff;
    case INDEX_op_ext16u:  return za & 0xffff;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        return za & 0xffffffff;
    case INDEX_op_extrh_i64_i32:
        return za >> 32;
    case INDEX_op_extract: return (za >> c[0]) & tcg_len_mask(c[1]);
    case INDEX_op_deposit:
        field = tcg_len_mask(c[1]) << c[0];
        return (za & ~field) | ((zb << c[0]) & field);
    case INDEX_op_shr:
        return is_const(s, op->args[2], &bv) ? za >> (bv & shmask) : m;
    case INDEX_op_shl:
        return is_const(s, op->args[2], &bv) ? (za << (bv & shmask)) & m : m;
    case INDEX_op_setcond: return 1;
    case INDEX_op_bswap16: return 0xffff;
    case INDEX_op_bswap32: return 0xffffffff;
    case INDEX_op_ctpop:   return 0x7f;
    case INDEX_op_movcond:
        return zmask(s, op->args[3]) | zmask(s, op->args[4]);
    default:               return m;
    }
}

/* Extensions and masks that change nothing given the known-zero bits. */
static bool simplify_zmask(TCGContext *s, TCGOp *op)
{
    uint64_t za = zmask(s, op->args[1]), keep, bv;

    switch (op->opc) {
    case INDEX_op_and:
        if (!is_const(s, op->args[2], &bv)) {
            return false;
        }
        keep = bv;
        break;
    case INDEX_op_ext8u:   keep = 0xff; break;
    case INDEX_op_ext16u:  keep = 0xffff; break;
    case INDEX_op_ext32u:  keep = 0xffffffff; break;
    case INDEX_op_ext8s:   keep = 0x7f; break;
    case INDEX_op_ext16s:  keep = 0x7fff; break;
    case INDEX_op_ext32s:  keep = 0x7fffffff; break;
    case INDEX_op_extract:
        if (op->args[2] != 0) {
            return false;
        }
        keep = tcg_len_mask(op->args[3]);
        break;
    default:
        return false;
    }
    if (za & ~keep) {
        return false;
    }
    fold_to_mov(s, op, op->args[1]);
    return true;
}

/* 1: condition true, 0: false, -1: unknown. */
static int eval_cond(TCGContext *s, TCGType type, TCGCond c, TCGArg a,
                     TCGArg b)
{
    uint64_t av, bv;

    if (is_const(s, a, &av) && is_const(s, b, &bv)) {
        return tcg_cond_eval(c, type, av, bv);
    }
    if (same_value(s, a, b)) {
        return tcg_cond_eval(c, type, 0, 0);
    }
    return -1;
}

static void fold_alu(TCGContext *s, TCGOp *op)
{
    uint64_t in[4] = { 0 };
    int r;

    if (all_inputs_const(s, op, in)) {
        fold_to_const(s, op, tcg_eval(op->opc, op->type, in,
                                      op->args + op->nb_oargs + op->nb_iargs));
        return;
    }
    switch (op->opc) {
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
        r = eval_cond(s, op->type, op->args[3], op->args[1], op->args[2]);
        if (r >= 0) {
            fold_to_const(s, op, op->opc == INDEX_op_setcond ? (uint64_t)r
                                                             : -(uint64_t)r);
            return;
        }
        break;
    case INDEX_op_movcond:
        r = eval_cond(s, op->type, op->args[5], op->args[1], op->args[2]);
        if (r >= 0 || same_value(s, op->args[3], op->args[4])) {
            fold_to_mov(s, op, op->args[r == 0 ? 4 : 3]);
            return;
        }
        break;
    default:
        if (simplify_zmask(s, op)) {
            return;
        }
        if (op->nb_iargs == 2 && op->nb_cargs == 0 && simplify_binop(s, op)) {
            return;
        }
    }
    reset_outputs(s, op);
    temp(s, op->args[0])->opt_zmask = op_zmask(s, op);
}

/* add2/sub2/mulu2/muls2 with constant inputs: two moves. */
static void fold_double(TCGContext *s, int i)
{
    TCGOp *op = &s->ops[i], *hi;
    uint64_t in[4], out[2];

    if (!all_inputs_const(s, op, in)) {
        reset_outputs(s, op);
        return;
    }
    tcg_eval2(op->opc, op->type, in, out);
    g_assert(s->nb_ops < TCG_MAX_OPS);
    memmove(&s->ops[i + 2], &s->ops[i + 1],
            (s->nb_ops - i - 1) * sizeof(TCGOp));
    s->nb_ops++;
    hi = &s->ops[i + 1];
    memset(hi, 0, sizeof(*hi));
    hi->opc = INDEX_op_mov;
    hi->type = op->type;
    hi->nb_oargs = hi->nb_iargs = 1;
    hi->args[0] = op->args[1];
    hi->args[1] = const_temp(s, op->type, out[1]);
    fold_to_const(s, op, out[0]);
    /* The high move is optimized as the next op. */
}

/* Returns true when the code after op is unreachable. */
static bool fold_brcond(TCGContext *s, TCGOp *op)
{
    int r = eval_cond(s, op->type, op->args[2], op->args[0], op->args[1]);
    TCGArg label = op->args[3];

    if (r < 0) {
        return false;
    }
    if (r == 0) {
        tcg_op_remove(s, op);
        return false;
    }
    op->opc = INDEX_op_br;
    op->nb_iargs = 0;
    op->nb_cargs = 1;
    op->args[0] = label;
    return true;
}

/* Unsigned loads narrower than their type leave the high bits zero. */
static void set_load_zmask(TCGContext *s, TCGOp *op)
{
    uint64_t z = 0;

    switch (op->opc) {
    case INDEX_op_ld8u:  z = 0xff; break;
    case INDEX_op_ld16u: z = 0xffff; break;
    case INDEX_op_ld32u: z = 0xffffffff; break;
    case INDEX_op_qemu_ld:
        if (!(get_memop(op->args[2]) & MO_SIGN)) {
            z = tcg_len_mask(8 * memop_size(get_memop(op->args[2])));
        }
        break;
    default:
        break;
    }
    if (z) {
        temp(s, op->args[0])->opt_zmask = z & type_mask(op->type);
    }
}

static void fold_call(TCGContext *s, TCGOp *op)
{
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)(uintptr_t)op->args[op->nb_oargs +
                                                   op->nb_iargs + 1];

    reset_outputs(s, op);
    if (!(info->flags & (TCG_CALL_NO_READ_GLOBALS |
                         TCG_CALL_NO_WRITE_GLOBALS))) {
        reset_range(s, 0, s->nb_globals);
    }
}

void tcg_optimize(TCGContext *s)
{
    bool dead_code = false;

    init_temps(s);
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];

        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            continue;   /* insn_start stays: it emits no code */
        case INDEX_op_set_label:
            if (tcg_label(s, op->args[0])->refs == 0) {
                tcg_op_remove(s, op);   /* blocks merge */
            } else {
                dead_code = false;
                reset_range(s, 0, s->nb_temps);
            }
            continue;
        default:
            break;
        }
        if (dead_code) {
            tcg_op_remove(s, op);
            continue;
        }
        for (int k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
            op->args[k] = best_copy(s, op->args[k]);
        }
        switch (op->opc) {
        case INDEX_op_mov:
            fold_to_mov(s, op, op->args[1]);
            break;
        case INDEX_op_brcond:
            dead_code = fold_brcond(s, op);
            break;
        case INDEX_op_br:
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
            dead_code = true;
            break;
        case INDEX_op_call:
            fold_call(s, op);
            break;
        case INDEX_op_add2: case INDEX_op_sub2:
        case INDEX_op_mulu2: case INDEX_op_muls2:
            fold_double(s, i);
            break;
        default:
            if (tcg_eval_ok(op->opc)) {
                fold_alu(s, op);
            } else {
                reset_outputs(s, op);
                set_load_zmask(s, op);
            }
        }
    }
}
