/*
 * x86-64 backend: arithmetic, logic, shifts, bit counts, extensions, bit
 * fields, comparisons and double-word ops.  Operands arrive in the
 * registers the constraints of tcg-target.c ask for (two-address forms
 * have the output in the first input's register).
 */
#include "kemu/osdep.h"
#include "x86-internal.h"

static const uint8_t x86_cond[16] = {
    [TCG_COND_EQ] = JCC_E,   [TCG_COND_NE] = JCC_NE,
    [TCG_COND_LT] = JCC_L,   [TCG_COND_GE] = JCC_GE,
    [TCG_COND_LE] = JCC_LE,  [TCG_COND_GT] = JCC_G,
    [TCG_COND_LTU] = JCC_B,  [TCG_COND_GEU] = JCC_AE,
    [TCG_COND_LEU] = JCC_BE, [TCG_COND_GTU] = JCC_A,
};

static int type_bits(TCGType type)
{
    return type == TCG_TYPE_I64 ? 64 : 32;
}

int x86_emit_cmp(TCGContext *s, TCGType type, TCGCond cond, TCGArg a,
                 TCGArg b, bool b_const)
{
    int w = P_W(type);

    g_assert(cond < 16 && x86_cond[cond]);
    if (b_const && (int32_t)b == 0) {
        /* test sets the flags of a - 0 for every condition. */
        x86_modrm(s, OPC_TESTL | w, a, a);
    } else if (b_const) {
        x86_arith_ri(s, w, ARITH_CMP, a, b);
    } else {
        x86_arith_rr(s, w, ARITH_CMP, a, b);
    }
    return x86_cond[cond];
}

/* ret = a + b without touching a when they differ (lea). */
static void x86_emit_add(TCGContext *s, TCGType type, int ret, int a,
                         TCGArg b, bool b_const)
{
    int w = P_W(type);

    if (b_const && ret == a) {
        if ((int32_t)b) {
            x86_arith_ri(s, w, ARITH_ADD, ret, b);
        }
    } else if (b_const) {
        x86_modrm_sib(s, OPC_LEA | w, ret, a, -1, 0, b);
    } else if (ret == a || ret == (int)b) {
        x86_arith_rr(s, w, ARITH_ADD, ret, ret == a ? b : (TCGArg)a);
    } else {
        x86_modrm_sib(s, OPC_LEA | w, ret, a, b, 0, 0);
    }
}

/* Two-address group 1 op: ret (= a) op= b. */
static void x86_emit_arith(TCGContext *s, TCGType type, int ext, int ret,
                           TCGArg b, bool b_const)
{
    if (b_const) {
        x86_arith_ri(s, P_W(type), ext, ret, b);
    } else {
        x86_arith_rr(s, P_W(type), ext, ret, b);
    }
}

static void x86_emit_mul(TCGContext *s, TCGType type, int ret, TCGArg b,
                         bool b_const)
{
    if (b_const) {
        x86_modrm(s, OPC_IMUL_GvEvIz | P_W(type), ret, ret);
        x86_out32(s, b);
    } else {
        x86_modrm(s, OPC_IMUL_GvEv | P_W(type), ret, b);
    }
}

static void x86_emit_shift(TCGContext *s, TCGType type, int ext, int ret,
                           TCGArg b, bool b_const)
{
    if (!b_const) {
        x86_modrm(s, OPC_SHIFT_cl | P_W(type), ext, ret);   /* b is rcx */
    } else if (b & (type_bits(type) - 1)) {
        x86_shift_ri(s, P_W(type), ext, ret, b & (type_bits(type) - 1));
    }
}

/* ANDN ret, b, a (BMI1): ret = ~b & a, VEX-encoded. */
static void x86_emit_andn(TCGContext *s, TCGType type, int ret, int a, int b)
{
    x86_vex_rr(s, 2, 0, type == TCG_TYPE_I64, b, 0xf2, ret, a);
}

/*
 * clz/ctz with the result b for a zero input (ret differs from a and b).
 * lzcnt/tzcnt give the width for zero and set CF; bsr/bsf set ZF and
 * leave the result undefined.
 */
static void x86_emit_count(TCGContext *s, TCGOpcode opc, TCGType type,
                           int ret, int a, TCGArg b, bool b_const)
{
    bool clz = opc == INDEX_op_clz;
    int w = P_W(type), cc;
    bool native = x86_features(s) & (clz ? X86_HAS_LZCNT : X86_HAS_BMI1);

    if (native) {
        x86_modrm(s, (clz ? OPC_LZCNT : OPC_TZCNT) | w, ret, a);
        if (b_const) {
            return;   /* b is the width ('W') */
        }
        cc = JCC_B;
    } else {
        x86_modrm(s, (clz ? OPC_BSR : OPC_BSF) | w, ret, a);
        if (clz) {
            x86_arith_ri(s, w, ARITH_XOR, ret, type_bits(type) - 1);
            x86_modrm(s, OPC_TESTL | w, a, a);
        }
        cc = JCC_E;
    }
    if (b_const) {
        x86_emit_movi(s, TCG_TYPE_I32, X86_TMP, b);   /* nonzero: no flags */
        b = X86_TMP;
    }
    x86_modrm(s, (OPC_CMOVCC + cc) | w, ret, b);
}

/*
 * Division that never traps: x / 0 = -1, x % 0 = x, and a divisor of -1
 * (INT_MIN / -1 would raise #DE) gives -x and 0.  a is in rax; the
 * quotient ends in rax, the remainder in rdx; b is neither.
 */
static void x86_emit_div(TCGContext *s, TCGOpcode opc, TCGType type, int b)
{
    bool sign = opc == INDEX_op_div || opc == INDEX_op_rem;
    bool rem = opc == INDEX_op_rem || opc == INDEX_op_remu;
    int w = P_W(type);
    uint8_t *to_zero, *to_m1 = NULL, *to_done, *to_done2;

    x86_modrm(s, OPC_TESTL | w, b, b);
    to_zero = x86_jmp8(s, JCC_E);
    if (sign) {
        x86_arith_ri(s, w, ARITH_CMP, b, -1);
        to_m1 = x86_jmp8(s, JCC_E);
        x86_opc(s, OPC_CQO | w, 0, 0, 0);
    } else {
        x86_arith_rr(s, 0, ARITH_XOR, X86_RDX, X86_RDX);
    }
    x86_modrm(s, OPC_GRP3_Ev | w, sign ? EXT3_IDIV : EXT3_DIV, b);
    to_done = x86_jmp8(s, -1);

    x86_bind8(s, to_zero);
    if (rem) {
        x86_emit_mov(s, type, X86_RDX, X86_RAX);
    } else {
        x86_arith_ri(s, w, ARITH_OR, X86_RAX, -1);
    }
    if (sign) {
        to_done2 = x86_jmp8(s, -1);
        x86_bind8(s, to_m1);
        if (rem) {
            x86_arith_rr(s, 0, ARITH_XOR, X86_RDX, X86_RDX);
        } else {
            x86_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, X86_RAX);
        }
        x86_bind8(s, to_done2);
    }
    x86_bind8(s, to_done);
}

static void x86_emit_bswap(TCGContext *s, TCGOpcode opc, int ret)
{
    switch (opc) {
    case INDEX_op_bswap16:
        x86_shift_ri(s, P_DATA16, SHIFT_ROL, ret, 8);
        x86_emit_ext(s, TCG_TYPE_I32, ret, ret, MO_16, false);
        break;
    case INDEX_op_bswap32:
        x86_opc(s, OPC_BSWAP + (ret & 7), 0, ret, 0);
        break;
    default:
        x86_opc(s, (OPC_BSWAP + (ret & 7)) | P_REXW, 0, ret, 0);
    }
}

/*
 * extract/sextract: movzx/movsx for the low 8/16/32 bits, an and for
 * other low fields, else shifts.
 */
static void x86_emit_extract(TCGContext *s, TCGType type, bool sign,
                             int ret, int a, int pos, int len)
{
    int bits = type_bits(type), w = P_W(type);

    if (pos == 0 && (len == 8 || len == 16 || len == 32)) {
        x86_emit_ext(s, type, ret, a, len == 8 ? MO_8 : len == 16 ? MO_16
                                                                  : MO_32,
                     sign);
        return;
    }
    if (!sign && pos == 0 && len < 32) {
        /* The mask fits a sign-extended imm32: one and, 32-bit form. */
        x86_emit_mov(s, type, ret, a);
        x86_arith_ri(s, 0, ARITH_AND, ret, (1u << len) - 1);
        return;
    }
    if (!sign && pos + len == 32) {
        /* A 32-bit shift clears the bits above. */
        x86_emit_mov(s, TCG_TYPE_I32, ret, a);
        x86_shift_ri(s, 0, SHIFT_SHR, ret, pos);
        return;
    }
    x86_emit_mov(s, type, ret, a);
    if (pos + len < bits) {
        x86_shift_ri(s, w, SHIFT_SHL, ret, bits - pos - len);
    }
    x86_shift_ri(s, w, sign ? SHIFT_SAR : SHIFT_SHR, ret, bits - len);
}

static void x86_emit_setcond(TCGContext *s, TCGType type, bool neg,
                             const TCGArg *args, const bool *const_args)
{
    int ret = args[0];
    /* Zeroing first (before the flags are set) saves the movzx. */
    bool zero_first = ret != (int)args[1] &&
                      (const_args[2] || ret != (int)args[2]);
    int cc;

    if (zero_first) {
        x86_arith_rr(s, 0, ARITH_XOR, ret, ret);
    }
    cc = x86_emit_cmp(s, type, args[3], args[1], args[2], const_args[2]);
    x86_modrm(s, OPC_SETCC + cc, 0, ret);
    if (!zero_first) {
        x86_emit_ext(s, TCG_TYPE_I32, ret, ret, MO_8, false);
    }
    if (neg) {
        x86_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_NEG, ret);
    }
}

/* rl, rh = al:ah +/- bl:bh; the outputs are registers of their own. */
static void x86_emit_addsub2(TCGContext *s, TCGType type, bool sub,
                             const TCGArg *args, const bool *const_args)
{
    x86_emit_mov(s, type, args[0], args[2]);
    x86_emit_mov(s, type, args[1], args[3]);
    x86_emit_arith(s, type, sub ? ARITH_SUB : ARITH_ADD, args[0], args[4],
                   const_args[4]);
    x86_emit_arith(s, type, sub ? ARITH_SBB : ARITH_ADC, args[1], args[5],
                   const_args[5]);
}

static int x86_shift_ext(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_shl:  return SHIFT_SHL;
    case INDEX_op_shr:  return SHIFT_SHR;
    case INDEX_op_sar:  return SHIFT_SAR;
    case INDEX_op_rotl: return SHIFT_ROL;
    default:            return SHIFT_ROR;
    }
}

static int x86_arith_ext(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_sub: return ARITH_SUB;
    case INDEX_op_and: return ARITH_AND;
    case INDEX_op_or:  return ARITH_OR;
    default:           return ARITH_XOR;
    }
}

/* Unary ops and conversions: ret, a. */
static bool x86_emit_unary(TCGContext *s, TCGOpcode opc, TCGType type,
                           int ret, int a)
{
    switch (opc) {
    case INDEX_op_neg:
    case INDEX_op_not:
        x86_modrm(s, OPC_GRP3_Ev | P_W(type),
                  opc == INDEX_op_neg ? EXT3_NEG : EXT3_NOT, ret);
        return true;
    case INDEX_op_ctpop:
        x86_modrm(s, OPC_POPCNT | P_W(type), ret, a);
        return true;
    case INDEX_op_ext8s: case INDEX_op_ext8u:
        x86_emit_ext(s, type, ret, a, MO_8, opc == INDEX_op_ext8s);
        return true;
    case INDEX_op_ext16s: case INDEX_op_ext16u:
        x86_emit_ext(s, type, ret, a, MO_16, opc == INDEX_op_ext16s);
        return true;
    case INDEX_op_ext32s: case INDEX_op_exts_i32_i64:
        x86_emit_ext(s, TCG_TYPE_I64, ret, a, MO_32, true);
        return true;
    case INDEX_op_ext32u: case INDEX_op_extu_i32_i64:
        x86_emit_ext(s, TCG_TYPE_I64, ret, a, MO_32, false);
        return true;
    case INDEX_op_extrl_i64_i32:
        x86_emit_mov(s, TCG_TYPE_I32, ret, a);
        return true;
    case INDEX_op_extrh_i64_i32:
        x86_shift_ri(s, P_REXW, SHIFT_SHR, ret, 32);
        return true;
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
        x86_emit_bswap(s, opc, ret);
        return true;
    default:
        return false;
    }
}

bool x86_emit_alu(TCGContext *s, TCGOpcode opc, TCGType type,
                  const TCGArg *args, const bool *const_args)
{
    int ret = args[0];

    switch (opc) {
    case INDEX_op_add:
        x86_emit_add(s, type, ret, args[1], args[2], const_args[2]);
        return true;
    case INDEX_op_sub: case INDEX_op_and: case INDEX_op_or:
    case INDEX_op_xor:
        x86_emit_arith(s, type, x86_arith_ext(opc), ret, args[2],
                       const_args[2]);
        return true;
    case INDEX_op_mul:
        x86_emit_mul(s, type, ret, args[2], const_args[2]);
        return true;
    case INDEX_op_andc:
        x86_emit_andn(s, type, ret, args[1], args[2]);
        return true;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        x86_emit_shift(s, type, x86_shift_ext(opc), ret, args[2],
                       const_args[2]);
        return true;
    case INDEX_op_clz: case INDEX_op_ctz:
        x86_emit_count(s, opc, type, ret, args[1], args[2], const_args[2]);
        return true;
    case INDEX_op_muluh: case INDEX_op_mulsh:
        x86_modrm(s, OPC_GRP3_Ev | P_W(type),
                  opc == INDEX_op_muluh ? EXT3_MUL : EXT3_IMUL, args[2]);
        return true;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        x86_modrm(s, OPC_GRP3_Ev | P_W(type),
                  opc == INDEX_op_mulu2 ? EXT3_MUL : EXT3_IMUL, args[3]);
        return true;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem:
    case INDEX_op_remu:
        x86_emit_div(s, opc, type, args[2]);
        return true;
    case INDEX_op_extract: case INDEX_op_sextract:
        x86_emit_extract(s, type, opc == INDEX_op_sextract, ret, args[1],
                         args[2], args[3]);
        return true;
    case INDEX_op_extract2:
        if ((int)args[2] == ret) {
            /* Both halves in one register: a rotate, much cheaper. */
            x86_shift_ri(s, P_W(type), SHIFT_ROR, ret, args[3]);
            return true;
        }
        x86_modrm(s, OPC_SHRD_Ib | P_W(type), args[2], ret);
        x86_out8(s, args[3]);
        return true;
    case INDEX_op_setcond: case INDEX_op_negsetcond:
        x86_emit_setcond(s, type, opc == INDEX_op_negsetcond, args,
                         const_args);
        return true;
    case INDEX_op_movcond: {
        int cc = x86_emit_cmp(s, type, args[5], args[1], args[2],
                              const_args[2]);
        x86_modrm(s, (OPC_CMOVCC + cc) | P_W(type), ret, args[3]);
        return true;
    }
    case INDEX_op_add2: case INDEX_op_sub2:
        x86_emit_addsub2(s, type, opc == INDEX_op_sub2, args, const_args);
        return true;
    default:
        return x86_emit_unary(s, opc, type, ret, args[1]);
    }
}
