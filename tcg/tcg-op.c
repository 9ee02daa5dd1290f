/*
 * IR builders.  Each emits the op when the backend has it, otherwise an
 * equivalent sequence of mandatory ops or a call to a runtime helper, so
 * frontends never look at what the backend supports.
 */
#include "kemu/osdep.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-backend.h"
#include "tcg-runtime.h"

static TCGArg targ(TCGTemp *ts)
{
    return temp_idx(ts);
}

static unsigned type_bits(TCGType type)
{
    return type == TCG_TYPE_I32 ? 32 : 64;
}

static TCGTemp *new_temp(TCGType type)
{
    return tcg_temp_new_internal(type, TEMP_EBB);
}

static TCGTemp *constant(TCGType type, int64_t val)
{
    return tcg_constant_internal(type, val);
}

static TCGOp *emit2(TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a)
{
    TCGOp *op = tcg_emit_op(opc, type, 2);

    op->args[0] = targ(r);
    op->args[1] = targ(a);
    return op;
}

static TCGOp *emit3(TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a,
                    TCGTemp *b)
{
    TCGOp *op = tcg_emit_op(opc, type, 3);

    op->args[0] = targ(r);
    op->args[1] = targ(a);
    op->args[2] = targ(b);
    return op;
}

void tcgt_mov(TCGTemp *ret, TCGTemp *arg)
{
    g_assert(ret->type == arg->type);
    if (ret != arg) {
        emit2(INDEX_op_mov, ret->type, ret, arg);
    }
}

/* ret = helper(a, b) for the runtime helper of opc. */
static void call_runtime(TCGOpcode opc, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    const TCGHelperInfo *info = tcg_runtime_helper(opc, ret->type);
    TCGTemp *args[2] = { a, b };

    g_assert(info);
    tcg_gen_callN(info, ret, 2, args);
}

/* ---- Unary ops ---- */

static void expand_ext(TCGOpcode opc, TCGTemp *ret, TCGTemp *arg)
{
    unsigned bits = opc == INDEX_op_ext8s || opc == INDEX_op_ext8u ? 8
                  : opc == INDEX_op_ext16s || opc == INDEX_op_ext16u ? 16
                  : 32;
    bool sign = opc == INDEX_op_ext8s || opc == INDEX_op_ext16s ||
                opc == INDEX_op_ext32s;

    if (sign) {
        tcgt_sextract(ret, arg, 0, bits);
    } else {
        tcgt_extract(ret, arg, 0, bits);
    }
}

/* Bytes of the low 16 or 32 bits of arg, reversed, zero-extended. */
static void expand_bswap(TCGTemp *ret, TCGTemp *arg, unsigned bits)
{
    TCGType type = ret->type;
    TCGTemp *acc = new_temp(type), *t = new_temp(type);

    tcgt_mov(acc, constant(type, 0));
    for (unsigned i = 0; i < bits / 8; i++) {
        int to = bits - 8 - 8 * i;
        tcgt_extract(t, arg, 8 * i, 8);
        tcgt_binop(INDEX_op_shl, t, t, constant(type, to));
        tcgt_binop(INDEX_op_or, acc, acc, t);
    }
    tcgt_mov(ret, acc);
    tcg_temp_free_internal(acc);
    tcg_temp_free_internal(t);
}

static void expand_bswap64(TCGTemp *ret, TCGTemp *arg)
{
    TCGTemp *lo = new_temp(TCG_TYPE_I64), *hi = new_temp(TCG_TYPE_I64);

    tcgt_unop(INDEX_op_bswap32, lo, arg);
    tcgt_binop(INDEX_op_shr, hi, arg, constant(TCG_TYPE_I64, 32));
    tcgt_unop(INDEX_op_bswap32, hi, hi);
    tcgt_binop(INDEX_op_shl, lo, lo, constant(TCG_TYPE_I64, 32));
    tcgt_binop(INDEX_op_or, ret, lo, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(hi);
}

void tcgt_unop(TCGOpcode opc, TCGTemp *ret, TCGTemp *arg)
{
    TCGType type = ret->type;

    if (tcg_op_supported(opc, type)) {
        emit2(opc, type, ret, arg);
        return;
    }
    switch (opc) {
    case INDEX_op_neg:
        tcgt_binop(INDEX_op_sub, ret, constant(type, 0), arg);
        break;
    case INDEX_op_not:
        tcgt_binop(INDEX_op_xor, ret, arg, constant(type, -1));
        break;
    case INDEX_op_ctpop:
        call_runtime(opc, ret, arg, constant(type, 0));
        break;
    case INDEX_op_ext8s: case INDEX_op_ext8u:
    case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u:
        expand_ext(opc, ret, arg);
        break;
    case INDEX_op_bswap16:
        expand_bswap(ret, arg, 16);
        break;
    case INDEX_op_bswap32:
        expand_bswap(ret, arg, 32);
        break;
    case INDEX_op_bswap64:
        expand_bswap64(ret, arg);
        break;
    default:
        g_error("TCG backend %s lacks mandatory op %s",
                tcg_ctx->backend->name, tcg_op_defs[opc].name);
    }
}

/* ---- Binary ops ---- */

/* a rot n = (a << n) | (a >> -n), counts taken modulo the width. */
static void expand_rot(bool left, TCGTemp *ret, TCGTemp *a, TCGTemp *n)
{
    TCGType type = ret->type;
    TCGTemp *t1 = new_temp(type), *t2 = new_temp(type);

    tcgt_unop(INDEX_op_neg, t2, n);
    tcgt_binop(left ? INDEX_op_shl : INDEX_op_shr, t1, a, n);
    tcgt_binop(left ? INDEX_op_shr : INDEX_op_shl, t2, a, t2);
    tcgt_binop(INDEX_op_or, ret, t1, t2);
    tcg_temp_free_internal(t1);
    tcg_temp_free_internal(t2);
}

/* andc, orc, eqv, nand, nor from and/or/xor and not. */
static void expand_logic(TCGOpcode opc, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    TCGTemp *t = new_temp(ret->type);

    switch (opc) {
    case INDEX_op_andc:
        tcgt_unop(INDEX_op_not, t, b);
        tcgt_binop(INDEX_op_and, ret, a, t);
        break;
    case INDEX_op_orc:
        tcgt_unop(INDEX_op_not, t, b);
        tcgt_binop(INDEX_op_or, ret, a, t);
        break;
    case INDEX_op_eqv:
        tcgt_binop(INDEX_op_xor, t, a, b);
        tcgt_unop(INDEX_op_not, ret, t);
        break;
    case INDEX_op_nand:
        tcgt_binop(INDEX_op_and, t, a, b);
        tcgt_unop(INDEX_op_not, ret, t);
        break;
    default:
        tcgt_binop(INDEX_op_or, t, a, b);
        tcgt_unop(INDEX_op_not, ret, t);
        break;
    }
    tcg_temp_free_internal(t);
}

/* muluh/mulsh from mulu2/muls2 when the backend has those. */
static bool expand_mulh(TCGOpcode opc, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    TCGOpcode op2 = opc == INDEX_op_muluh ? INDEX_op_mulu2 : INDEX_op_muls2;
    TCGTemp *lo;

    if (!tcg_op_supported(op2, ret->type)) {
        return false;
    }
    lo = new_temp(ret->type);
    tcgt_mul2(op2, lo, ret, a, b);
    tcg_temp_free_internal(lo);
    return true;
}

void tcgt_binop(TCGOpcode opc, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    TCGType type = ret->type;

    g_assert(a->type == type && b->type == type);
    if (tcg_op_supported(opc, type)) {
        emit3(opc, type, ret, a, b);
        return;
    }
    switch (opc) {
    case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv:
    case INDEX_op_nand: case INDEX_op_nor:
        expand_logic(opc, ret, a, b);
        break;
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        expand_rot(opc == INDEX_op_rotl, ret, a, b);
        break;
    case INDEX_op_muluh:
    case INDEX_op_mulsh:
        if (!expand_mulh(opc, ret, a, b)) {
            call_runtime(opc, ret, a, b);
        }
        break;
    case INDEX_op_div: case INDEX_op_divu:
    case INDEX_op_rem: case INDEX_op_remu:
    case INDEX_op_clz: case INDEX_op_ctz:
        call_runtime(opc, ret, a, b);
        break;
    default:
        g_error("TCG backend %s lacks mandatory op %s",
                tcg_ctx->backend->name, tcg_op_defs[opc].name);
    }
}

void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 t = tcg_temp_new_i64(), h = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(t, lo);
    tcg_gen_extu_i32_i64(h, hi);
    tcg_gen_deposit_i64(ret, t, h, 32, 32);
    tcg_temp_free_i64(t);
    tcg_temp_free_i64(h);
}

void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a)
{
    TCGv_i64 t = tcg_temp_new_i64();

    /* lo may be a's alias in a frontend's mind, never in temps: copy. */
    tcg_gen_mov_i64(t, a);
    tcg_gen_extrl_i64_i32(lo, t);
    tcg_gen_extrh_i64_i32(hi, t);
    tcg_temp_free_i64(t);
}

/* ---- Bit fields ---- */

static TCGOp *emit_field(TCGOpcode opc, TCGTemp *ret, TCGTemp *a,
                         TCGTemp *b, unsigned pos, unsigned len)
{
    TCGOp *op;

    if (b) {
        op = emit3(opc, ret->type, ret, a, b);
        op->args[3] = pos;
        op->args[4] = len;
    } else {
        op = emit2(opc, ret->type, ret, a);
        op->args[2] = pos;
        op->args[3] = len;
    }
    return op;
}

static void check_field(TCGType type, unsigned pos, unsigned len)
{
    g_assert(len >= 1 && pos + len <= type_bits(type));
}

void tcgt_extract(TCGTemp *ret, TCGTemp *arg, unsigned pos, unsigned len)
{
    TCGType type = ret->type;
    unsigned bits = type_bits(type);

    check_field(type, pos, len);
    if (len == bits) {
        tcgt_mov(ret, arg);
    } else if (tcg_op_supported(INDEX_op_extract, type)) {
        emit_field(INDEX_op_extract, ret, arg, NULL, pos, len);
    } else if (pos + len == bits) {
        tcgt_binop(INDEX_op_shr, ret, arg, constant(type, pos));
    } else if (pos == 0) {
        tcgt_binop(INDEX_op_and, ret, arg,
                   constant(type, (1ull << len) - 1));
    } else {
        TCGTemp *t = new_temp(type);
        tcgt_binop(INDEX_op_shr, t, arg, constant(type, pos));
        tcgt_binop(INDEX_op_and, ret, t, constant(type, (1ull << len) - 1));
        tcg_temp_free_internal(t);
    }
}

void tcgt_sextract(TCGTemp *ret, TCGTemp *arg, unsigned pos, unsigned len)
{
    TCGType type = ret->type;
    unsigned bits = type_bits(type);
    TCGTemp *t;

    check_field(type, pos, len);
    if (len == bits) {
        tcgt_mov(ret, arg);
        return;
    }
    if (tcg_op_supported(INDEX_op_sextract, type)) {
        emit_field(INDEX_op_sextract, ret, arg, NULL, pos, len);
        return;
    }
    t = new_temp(type);
    tcgt_binop(INDEX_op_shl, t, arg, constant(type, bits - pos - len));
    tcgt_binop(INDEX_op_sar, ret, t, constant(type, bits - len));
    tcg_temp_free_internal(t);
}

void tcgt_deposit(TCGTemp *ret, TCGTemp *a, TCGTemp *b,
                  unsigned pos, unsigned len)
{
    TCGType type = ret->type;
    uint64_t mask;
    TCGTemp *t1, *t2;

    check_field(type, pos, len);
    if (len == type_bits(type)) {
        tcgt_mov(ret, b);
        return;
    }
    if (tcg_op_supported(INDEX_op_deposit, type)) {
        emit_field(INDEX_op_deposit, ret, a, b, pos, len);
        return;
    }
    mask = (1ull << len) - 1;
    t1 = new_temp(type);
    t2 = new_temp(type);
    tcgt_binop(INDEX_op_and, t1, b, constant(type, mask));
    tcgt_binop(INDEX_op_shl, t1, t1, constant(type, pos));
    tcgt_binop(INDEX_op_and, t2, a, constant(type, ~(mask << pos)));
    tcgt_binop(INDEX_op_or, ret, t2, t1);
    tcg_temp_free_internal(t1);
    tcg_temp_free_internal(t2);
}

void tcgt_extract2(TCGTemp *ret, TCGTemp *lo, TCGTemp *hi, unsigned pos)
{
    TCGType type = ret->type;
    unsigned bits = type_bits(type);
    TCGTemp *t1, *t2;

    g_assert(pos <= bits);
    if (pos == 0) {
        tcgt_mov(ret, lo);
        return;
    }
    if (pos == bits) {
        tcgt_mov(ret, hi);
        return;
    }
    if (tcg_op_supported(INDEX_op_extract2, type)) {
        emit3(INDEX_op_extract2, type, ret, lo, hi)->args[3] = pos;
        return;
    }
    t1 = new_temp(type);
    t2 = new_temp(type);
    tcgt_binop(INDEX_op_shr, t1, lo, constant(type, pos));
    tcgt_binop(INDEX_op_shl, t2, hi, constant(type, bits - pos));
    tcgt_binop(INDEX_op_or, ret, t1, t2);
    tcg_temp_free_internal(t1);
    tcg_temp_free_internal(t2);
}

/* ---- Conditions ---- */

/*
 * Backends never see TSTEQ/TSTNE: compare a & b with zero instead.  Returns
 * a temp to free (or NULL).
 */
static TCGTemp *lower_tst(TCGCond *c, TCGTemp **a, TCGTemp **b)
{
    TCGTemp *t;

    if (*c != TCG_COND_TSTEQ && *c != TCG_COND_TSTNE) {
        return NULL;
    }
    t = new_temp((*a)->type);
    tcgt_binop(INDEX_op_and, t, *a, *b);
    *c = *c == TCG_COND_TSTEQ ? TCG_COND_EQ : TCG_COND_NE;
    *a = t;
    *b = constant(t->type, 0);
    return t;
}

void tcgt_setcond(TCGCond c, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    TCGTemp *t;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcgt_mov(ret, constant(ret->type, c == TCG_COND_ALWAYS));
        return;
    }
    t = lower_tst(&c, &a, &b);
    emit3(INDEX_op_setcond, ret->type, ret, a, b)->args[3] = c;
    if (t) {
        tcg_temp_free_internal(t);
    }
}

void tcgt_negsetcond(TCGCond c, TCGTemp *ret, TCGTemp *a, TCGTemp *b)
{
    TCGTemp *t;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcgt_mov(ret, constant(ret->type, c == TCG_COND_ALWAYS ? -1 : 0));
        return;
    }
    if (!tcg_op_supported(INDEX_op_negsetcond, ret->type)) {
        tcgt_setcond(c, ret, a, b);
        tcgt_unop(INDEX_op_neg, ret, ret);
        return;
    }
    t = lower_tst(&c, &a, &b);
    emit3(INDEX_op_negsetcond, ret->type, ret, a, b)->args[3] = c;
    if (t) {
        tcg_temp_free_internal(t);
    }
}

void tcgt_movcond(TCGCond c, TCGTemp *ret, TCGTemp *c1, TCGTemp *c2,
                  TCGTemp *v1, TCGTemp *v2)
{
    TCGType type = ret->type;
    TCGTemp *t, *m, *x;
    TCGOp *op;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcgt_mov(ret, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    if (!tcg_op_supported(INDEX_op_movcond, type)) {
        /* ret = (v1 & m) | (v2 & ~m) with m all ones when cond holds. */
        m = new_temp(type);
        x = new_temp(type);
        tcgt_negsetcond(c, m, c1, c2);
        tcgt_binop(INDEX_op_and, x, v1, m);
        tcgt_binop(INDEX_op_andc, m, v2, m);
        tcgt_binop(INDEX_op_or, ret, x, m);
        tcg_temp_free_internal(m);
        tcg_temp_free_internal(x);
        return;
    }
    t = lower_tst(&c, &c1, &c2);
    op = tcg_emit_op(INDEX_op_movcond, type, 6);
    op->args[0] = targ(ret);
    op->args[1] = targ(c1);
    op->args[2] = targ(c2);
    op->args[3] = targ(v1);
    op->args[4] = targ(v2);
    op->args[5] = c;
    if (t) {
        tcg_temp_free_internal(t);
    }
}

void tcgt_brcond(TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l)
{
    TCGOp *op;
    TCGTemp *t;

    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
        return;
    }
    if (c == TCG_COND_NEVER) {
        return;
    }
    t = lower_tst(&c, &a, &b);
    op = tcg_emit_op(INDEX_op_brcond, a->type, 4);
    op->args[0] = targ(a);
    op->args[1] = targ(b);
    op->args[2] = c;
    op->args[3] = l->id;
    l->refs++;
    if (t) {
        tcg_temp_free_internal(t);
    }
}

/* ---- Double words ---- */

void tcgt_addsub2(TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *al,
                  TCGTemp *ah, TCGTemp *bl, TCGTemp *bh)
{
    TCGType type = rl->type;
    bool add = opc == INDEX_op_add2;
    TCGTemp *lo, *hi, *carry;
    TCGOp *op;

    if (tcg_op_supported(opc, type)) {
        op = tcg_emit_op(opc, type, 6);
        op->args[0] = targ(rl);
        op->args[1] = targ(rh);
        op->args[2] = targ(al);
        op->args[3] = targ(ah);
        op->args[4] = targ(bl);
        op->args[5] = targ(bh);
        return;
    }
    lo = new_temp(type);
    hi = new_temp(type);
    carry = new_temp(type);
    tcgt_binop(add ? INDEX_op_add : INDEX_op_sub, lo, al, bl);
    /* carry out of al + bl: the sum wrapped below al; borrow: al < bl */
    if (add) {
        tcgt_setcond(TCG_COND_LTU, carry, lo, al);
    } else {
        tcgt_setcond(TCG_COND_LTU, carry, al, bl);
    }
    tcgt_binop(add ? INDEX_op_add : INDEX_op_sub, hi, ah, bh);
    tcgt_binop(add ? INDEX_op_add : INDEX_op_sub, hi, hi, carry);
    tcgt_mov(rl, lo);
    tcgt_mov(rh, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(hi);
    tcg_temp_free_internal(carry);
}

void tcgt_mul2(TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *a,
               TCGTemp *b)
{
    TCGType type = rl->type;
    TCGTemp *lo;
    TCGOp *op;

    if (tcg_op_supported(opc, type)) {
        op = tcg_emit_op(opc, type, 4);
        op->args[0] = targ(rl);
        op->args[1] = targ(rh);
        op->args[2] = targ(a);
        op->args[3] = targ(b);
        return;
    }
    lo = new_temp(type);
    tcgt_binop(INDEX_op_mul, lo, a, b);
    tcgt_binop(opc == INDEX_op_mulu2 ? INDEX_op_muluh : INDEX_op_mulsh,
               rh, a, b);
    tcgt_mov(rl, lo);
    tcg_temp_free_internal(lo);
}

/* ---- Memory ---- */

void tcgt_ldst(TCGOpcode opc, TCGTemp *val, TCGTemp *base, intptr_t offset)
{
    TCGOp *op;

    g_assert(base->type == TCG_TYPE_PTR);
    g_assert(offset == (int32_t)offset);
    op = tcg_emit_op(opc, val->type, 3);
    op->args[0] = targ(val);
    op->args[1] = targ(base);
    op->args[2] = offset;
}

static MemOp check_memop(TCGTemp *val, MemOp mop, bool store)
{
    if (val->type == TCG_TYPE_I32) {
        g_assert((mop & MO_SIZE) <= MO_32);
        if ((mop & MO_SIZE) == MO_32) {
            mop &= ~MO_SIGN;
        }
    } else if ((mop & MO_SIZE) == MO_64) {
        mop &= ~MO_SIGN;
    }
    return store ? mop & ~MO_SIGN : mop;
}

static void emit_qemu_ldst(TCGOpcode opc, TCGTemp *val, TCGTemp *addr,
                           int mmu_idx, MemOp mop)
{
    TCGOp *op = tcg_emit_op(opc, val->type, 4);

    op->args[0] = targ(val);
    op->args[1] = targ(addr);
    op->args[2] = make_memop_idx(mop, mmu_idx);
    op->args[3] = addr->type;
}

void tcgt_qemu_ld(TCGTemp *val, TCGTemp *addr, int mmu_idx, MemOp mop)
{
    emit_qemu_ldst(INDEX_op_qemu_ld, val, addr, mmu_idx,
                   check_memop(val, mop, false));
}

void tcgt_qemu_st(TCGTemp *val, TCGTemp *addr, int mmu_idx, MemOp mop)
{
    emit_qemu_ldst(INDEX_op_qemu_st, val, addr, mmu_idx,
                   check_memop(val, mop, true));
}

/* ---- Control flow ---- */

void tcg_gen_br(TCGLabel *l)
{
    tcg_emit_op(INDEX_op_br, TCG_TYPE_I64, 1)->args[0] = l->id;
    l->refs++;
}

void tcg_gen_set_label(TCGLabel *l)
{
    g_assert(!l->present);
    l->present = true;
    tcg_emit_op(INDEX_op_set_label, TCG_TYPE_I64, 1)->args[0] = l->id;
}

int tcg_gen_label_slot(void)
{
    tcg_emit_op(INDEX_op_nop, TCG_TYPE_I64, 0);
    return tcg_ctx->nb_ops - 1;
}

TCGLabel *tcg_label_at_slot(int slot)
{
    TCGOp *op = &tcg_ctx->ops[slot];
    TCGLabel *l;

    if (op->opc == INDEX_op_set_label) {
        return tcg_label(tcg_ctx, op->args[0]);
    }
    g_assert(op->opc == INDEX_op_nop);
    l = gen_new_label();
    l->present = true;
    op->opc = INDEX_op_set_label;
    op->nb_cargs = 1;
    op->args[0] = l->id;
    return l;
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    g_assert(idx <= TB_EXIT_MASK);
    g_assert(((uintptr_t)tb & TB_EXIT_MASK) == 0);
    tcg_emit_op(INDEX_op_exit_tb, TCG_TYPE_I64, 1)->args[0] =
        (uintptr_t)tb + idx;
}

void tcg_gen_goto_tb(unsigned n)
{
    g_assert(n < 2);
    tcg_emit_op(INDEX_op_goto_tb, TCG_TYPE_I64, 1)->args[0] = n;
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    tcg_emit_op(INDEX_op_goto_ptr, TCG_TYPE_I64, 1)->args[0] =
        tcgv_i64_arg(ptr);
}

void tcg_gen_insn_start(uint64_t pc, uint64_t a1, uint64_t a2)
{
    TCGOp *op = tcg_emit_op(INDEX_op_insn_start, TCG_TYPE_I64, 3);

    op->args[0] = pc;
    op->args[1] = a1;
    op->args[2] = a2;
    tcg_ctx->nb_insns++;
}

void tcg_gen_discard_i32(TCGv_i32 v)
{
    tcg_emit_op(INDEX_op_discard, TCG_TYPE_I32, 1)->args[0] = tcgv_i32_arg(v);
}

void tcg_gen_discard_i64(TCGv_i64 v)
{
    tcg_emit_op(INDEX_op_discard, TCG_TYPE_I64, 1)->args[0] = tcgv_i64_arg(v);
}

static TCGType helper_tcg_type(TCGHelperType t)
{
    return t == TCG_HTYPE_I32 || t == TCG_HTYPE_S32 ? TCG_TYPE_I32
                                                    : TCG_TYPE_I64;
}

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args)
{
    TCGHelperType rt = tcg_helper_type(info, 0);
    TCGOp *op;
    int n = 0;

    g_assert(nargs == tcg_helper_nargs(info));
    g_assert(nargs <= TCG_MAX_HELPER_ARGS);
    g_assert((ret != NULL) == (rt != TCG_HTYPE_VOID));
    op = tcg_emit_op(INDEX_op_call, ret ? ret->type : TCG_TYPE_I64,
                     !!ret + nargs + 2);
    if (ret) {
        g_assert(ret->type == helper_tcg_type(rt));
        op->args[n++] = targ(ret);
    }
    for (int i = 0; i < nargs; i++) {
        TCGHelperType t = tcg_helper_type(info, i + 1);

        g_assert(args[i]->type == helper_tcg_type(t));
        op->args[n++] = targ(args[i]);
    }
    op->args[n++] = (uintptr_t)info->func;
    op->args[n++] = (uintptr_t)info;
    op->nb_oargs = !!ret;
    op->nb_iargs = nargs;
    op->nb_cargs = 2;
}
