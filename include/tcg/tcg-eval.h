/*
 * The value semantics of TCG ops, for the optimizer's constant folding and
 * the TCI interpreter: one definition, so they cannot disagree.  Internal
 * to tcg/; frontends never need it.
 */
#ifndef TCG_TCG_EVAL_H
#define TCG_TCG_EVAL_H

#include "tcg/tcg.h"

static inline uint64_t tcg_len_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

/* Whether tcg_eval() computes opc (single output, no memory, no control). */
static inline bool tcg_eval_ok(TCGOpcode opc)
{
    return opc >= INDEX_op_mov && opc <= INDEX_op_movcond &&
           !(opc >= INDEX_op_ld8u && opc <= INDEX_op_qemu_st);
}

/*
 * The result of opc on inputs in[] (as many as the op has) and constant
 * arguments c[], for an op of the given type.  i32 results are
 * zero-extended; i32 inputs may carry garbage in their high half.
 */
static inline uint64_t tcg_eval(TCGOpcode opc, TCGType type,
                                const uint64_t *in, const TCGArg *c)
{
    bool w64 = type == TCG_TYPE_I64;
    unsigned bits = w64 ? 64 : 32, n;
    uint64_t mask = w64 ? ~0ull : 0xffffffffull;
    uint64_t a = in[0] & mask, b = in[1] & mask, m, r;
    int64_t sa = w64 ? (int64_t)a : (int32_t)a;
    int64_t sb = w64 ? (int64_t)b : (int32_t)b;
    int64_t smin = w64 ? INT64_MIN : INT32_MIN;

    switch (opc) {
    case INDEX_op_mov:    r = a; break;
    case INDEX_op_add:    r = a + b; break;
    case INDEX_op_sub:    r = a - b; break;
    case INDEX_op_mul:    r = a * b; break;
    case INDEX_op_muluh:
        r = w64 ? (uint64_t)(((unsigned __int128)a * b) >> 64) : (a * b) >> 32;
        break;
    case INDEX_op_mulsh:
        r = w64 ? (uint64_t)(((__int128)sa * sb) >> 64)
                : (uint64_t)((sa * sb) >> 32);
        break;
    case INDEX_op_div:
        r = b == 0 ? ~0ull : (sa == smin && sb == -1) ? (uint64_t)sa
                           : (uint64_t)(sa / sb);
        break;
    case INDEX_op_divu:   r = b == 0 ? ~0ull : a / b; break;
    case INDEX_op_rem:
        r = b == 0 ? (uint64_t)sa : sb == -1 ? 0 : (uint64_t)(sa % sb);
        break;
    case INDEX_op_remu:   r = b == 0 ? a : a % b; break;
    case INDEX_op_and:    r = a & b; break;
    case INDEX_op_or:     r = a | b; break;
    case INDEX_op_xor:    r = a ^ b; break;
    case INDEX_op_andc:   r = a & ~b; break;
    case INDEX_op_orc:    r = a | ~b; break;
    case INDEX_op_eqv:    r = ~(a ^ b); break;
    case INDEX_op_nand:   r = ~(a & b); break;
    case INDEX_op_nor:    r = ~(a | b); break;
    case INDEX_op_shl:    r = a << (b & (bits - 1)); break;
    case INDEX_op_shr:    r = a >> (b & (bits - 1)); break;
    case INDEX_op_sar:    r = (uint64_t)(sa >> (b & (bits - 1))); break;
    case INDEX_op_rotl:
        n = b & (bits - 1);
        r = n ? (a << n) | (a >> (bits - n)) : a;
        break;
    case INDEX_op_rotr:
        n = b & (bits - 1);
        r = n ? (a >> n) | (a << (bits - n)) : a;
        break;
    case INDEX_op_clz:
        r = a ? (uint64_t)__builtin_clzll(a) - (64 - bits) : b;
        break;
    case INDEX_op_ctz:    r = a ? (uint64_t)__builtin_ctzll(a) : b; break;
    case INDEX_op_neg:    r = -a; break;
    case INDEX_op_not:    r = ~a; break;
    case INDEX_op_ctpop:  r = __builtin_popcountll(a); break;
    case INDEX_op_ext8s:  r = (int8_t)a; break;
    case INDEX_op_ext8u:  r = (uint8_t)a; break;
    case INDEX_op_ext16s: r = (int16_t)a; break;
    case INDEX_op_ext16u: r = (uint16_t)a; break;
    case INDEX_op_ext32s: r = (int32_t)a; break;
    case INDEX_op_ext32u: r = (uint32_t)a; break;
    case INDEX_op_bswap16: r = __builtin_bswap16((uint16_t)a); break;
    case INDEX_op_bswap32: r = __builtin_bswap32((uint32_t)a); break;
    case INDEX_op_bswap64: r = __builtin_bswap64(a); break;
    case INDEX_op_extu_i32_i64: r = (uint32_t)in[0]; break;
    case INDEX_op_exts_i32_i64: r = (uint64_t)(int64_t)(int32_t)in[0]; break;
    case INDEX_op_extrl_i64_i32: r = (uint32_t)in[0]; break;
    case INDEX_op_extrh_i64_i32: r = in[0] >> 32; break;
    case INDEX_op_extract:
        r = (a >> c[0]) & tcg_len_mask(c[1]);
        break;
    case INDEX_op_sextract:
        r = (uint64_t)((int64_t)(a << (64 - c[0] - c[1])) >> (64 - c[1]));
        break;
    case INDEX_op_deposit:
        m = tcg_len_mask(c[1]) << c[0];
        r = (a & ~m) | ((b << c[0]) & m);
        break;
    case INDEX_op_extract2:
        r = c[0] == 0 ? a : c[0] >= bits ? b
                          : (a >> c[0]) | (b << (bits - c[0]));
        break;
    case INDEX_op_setcond:
        r = tcg_cond_eval(c[0], type, a, b);
        break;
    case INDEX_op_negsetcond:
        r = -(uint64_t)tcg_cond_eval(c[0], type, a, b);
        break;
    case INDEX_op_movcond:
        r = tcg_cond_eval(c[0], type, a, b) ? in[2] : in[3];
        break;
    default:
        g_assert_not_reached();
    }
    return r & mask;
}

/* add2/sub2/mulu2/muls2: out[0] low half, out[1] high half. */
static inline void tcg_eval2(TCGOpcode opc, TCGType type, const uint64_t *in,
                             uint64_t out[2])
{
    bool w64 = type == TCG_TYPE_I64;
    uint64_t mask = w64 ? ~0ull : 0xffffffffull;
    uint64_t lo, hi;

    switch (opc) {
    case INDEX_op_add2:
    case INDEX_op_sub2:
        if (w64) {
            unsigned __int128 x = ((unsigned __int128)in[1] << 64) | in[0];
            unsigned __int128 y = ((unsigned __int128)in[3] << 64) | in[2];
            unsigned __int128 z = opc == INDEX_op_add2 ? x + y : x - y;
            lo = (uint64_t)z, hi = (uint64_t)(z >> 64);
        } else {
            uint64_t x = ((in[1] & mask) << 32) | (in[0] & mask);
            uint64_t y = ((in[3] & mask) << 32) | (in[2] & mask);
            uint64_t z = opc == INDEX_op_add2 ? x + y : x - y;
            lo = z, hi = z >> 32;
        }
        break;
    case INDEX_op_mulu2:
        if (w64) {
            unsigned __int128 z = (unsigned __int128)in[0] * in[1];
            lo = (uint64_t)z, hi = (uint64_t)(z >> 64);
        } else {
            uint64_t z = (in[0] & mask) * (in[1] & mask);
            lo = z, hi = z >> 32;
        }
        break;
    case INDEX_op_muls2:
        if (w64) {
            __int128 z = (__int128)(int64_t)in[0] * (int64_t)in[1];
            lo = (uint64_t)z, hi = (uint64_t)((unsigned __int128)z >> 64);
        } else {
            int64_t z = (int64_t)(int32_t)in[0] * (int32_t)in[1];
            lo = (uint64_t)z, hi = (uint64_t)z >> 32;
        }
        break;
    default:
        g_assert_not_reached();
    }
    out[0] = lo & mask;
    out[1] = hi & mask;
}

#endif
