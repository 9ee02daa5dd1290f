/*
 * IR builders: what guest frontends call to emit ops for the current TB.
 *
 * Every builder exists for i32 and i64 temps (tcg_gen_add_i32,
 * tcg_gen_add_i64) and most have a variant taking a constant last operand
 * (tcg_gen_addi_i32(ret, a, 4)).  Builders for ops the backend lacks emit
 * an equivalent sequence, so every builder is always available.  Output
 * temps may be the same as input temps.
 *
 * Semantics (the same for every backend and for the optimizer):
 *   shl/shr/sar/rotl/rotr  count taken modulo the width (31 or 63 mask)
 *   div/divu/rem/remu      never trap: x / 0 = -1, x % 0 = x,
 *                          INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0;
 *                          frontends check architectural cases first
 *   muluh/mulsh            high half of the double-width product
 *   mulu2/muls2(rl,rh,a,b) full double-width product
 *   add2/sub2(rl,rh,al,ah,bl,bh)  double-word add/subtract with carry
 *   clz/ctz(ret, a, z)     count leading/trailing zeros; z when a == 0
 *   ctpop                  population count
 *   andc a&~b, orc a|~b, eqv ~(a^b), nand ~(a&b), nor ~(a|b)
 *   extract(ret, a, pos, len)    (a >> pos) & ((1 << len) - 1)
 *   sextract                     the same, sign-extended from bit len-1
 *   deposit(ret, a, b, pos, len) a with bits [pos, pos+len) replaced by
 *                                the low len bits of b
 *   extract2(ret, lo, hi, pos)   width bits of hi:lo starting at pos
 *                                (0 <= pos <= width)
 *   bswap16/32/64          swap the bytes of the low 16/32/64 bits,
 *                          zero-extend the result
 *   setcond                ret = cond(a, b) ? 1 : 0; negsetcond: -1 : 0
 *   movcond(ret, c1, c2, v1, v2, cond)  ret = cond(c1, c2) ? v1 : v2
 *   brcond(cond, a, b, label)    branch when cond(a, b)
 *   ld/st(val, base, offset)     host memory at base + offset (CPU state
 *                          fields not mapped to globals; never a field
 *                          that a global maps)
 *   qemu_ld/qemu_st        guest memory through the softmmu hooks
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

/* Generic forms on temps: the type is the output's (or the first input's). */
void tcgt_mov(TCGTemp *ret, TCGTemp *arg);
void tcgt_unop(TCGOpcode opc, TCGTemp *ret, TCGTemp *arg);
void tcgt_binop(TCGOpcode opc, TCGTemp *ret, TCGTemp *a, TCGTemp *b);
void tcgt_extract(TCGTemp *ret, TCGTemp *arg, unsigned pos, unsigned len);
void tcgt_sextract(TCGTemp *ret, TCGTemp *arg, unsigned pos, unsigned len);
void tcgt_deposit(TCGTemp *ret, TCGTemp *a, TCGTemp *b,
                  unsigned pos, unsigned len);
void tcgt_extract2(TCGTemp *ret, TCGTemp *lo, TCGTemp *hi, unsigned pos);
void tcgt_setcond(TCGCond c, TCGTemp *ret, TCGTemp *a, TCGTemp *b);
void tcgt_negsetcond(TCGCond c, TCGTemp *ret, TCGTemp *a, TCGTemp *b);
void tcgt_movcond(TCGCond c, TCGTemp *ret, TCGTemp *c1, TCGTemp *c2,
                  TCGTemp *v1, TCGTemp *v2);
void tcgt_brcond(TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l);
void tcgt_addsub2(TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *al,
                  TCGTemp *ah, TCGTemp *bl, TCGTemp *bh);
void tcgt_mul2(TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *a,
               TCGTemp *b);
void tcgt_ldst(TCGOpcode opc, TCGTemp *val, TCGTemp *base, intptr_t offset);
void tcgt_qemu_ld(TCGTemp *val, TCGTemp *addr, int mmu_idx, MemOp mop);
void tcgt_qemu_st(TCGTemp *val, TCGTemp *addr, int mmu_idx, MemOp mop);

/* ---- Typed builders, generated for both widths. ---- */

#define TCG_T32(v) tcgv_i32_temp(v)
#define TCG_T64(v) tcgv_i64_temp(v)
#define TCG_C32(v) tcg_constant_internal(TCG_TYPE_I32, (int32_t)(v))
#define TCG_C64(v) tcg_constant_internal(TCG_TYPE_I64, (v))

#define TCG_DEF_UNOP(name, W)                                              \
    static inline void tcg_gen_##name##_i##W(TCGv_i##W ret, TCGv_i##W a)  \
    {                                                                      \
        tcgt_unop(INDEX_op_##name, TCG_T##W(ret), TCG_T##W(a));            \
    }
#define TCG_DEF_BINOP(name, W)                                             \
    static inline void tcg_gen_##name##_i##W(TCGv_i##W ret, TCGv_i##W a,   \
                                             TCGv_i##W b)                  \
    {                                                                      \
        tcgt_binop(INDEX_op_##name, TCG_T##W(ret), TCG_T##W(a),            \
                   TCG_T##W(b));                                           \
    }                                                                      \
    static inline void tcg_gen_##name##i_i##W(TCGv_i##W ret, TCGv_i##W a,  \
                                              int##W##_t b)                \
    {                                                                      \
        tcgt_binop(INDEX_op_##name, TCG_T##W(ret), TCG_T##W(a),            \
                   TCG_C##W(b));                                           \
    }
#define TCG_DEF_BOTH(def, name) def(name, 32) def(name, 64)

/* tcg_gen_mov_i32/_i64, tcg_gen_movi_i32/_i64. */
static inline void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 a)
{
    tcgt_mov(TCG_T32(ret), TCG_T32(a));
}
static inline void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 a)
{
    tcgt_mov(TCG_T64(ret), TCG_T64(a));
}
static inline void tcg_gen_movi_i32(TCGv_i32 ret, int32_t val)
{
    tcgt_mov(TCG_T32(ret), TCG_C32(val));
}
static inline void tcg_gen_movi_i64(TCGv_i64 ret, int64_t val)
{
    tcgt_mov(TCG_T64(ret), TCG_C64(val));
}

/* tcg_gen_OP_iN(ret, a, b) and tcg_gen_OPi_iN(ret, a, imm). */
TCG_DEF_BOTH(TCG_DEF_BINOP, add)
TCG_DEF_BOTH(TCG_DEF_BINOP, sub)
TCG_DEF_BOTH(TCG_DEF_BINOP, mul)
TCG_DEF_BOTH(TCG_DEF_BINOP, muluh)
TCG_DEF_BOTH(TCG_DEF_BINOP, mulsh)
TCG_DEF_BOTH(TCG_DEF_BINOP, div)
TCG_DEF_BOTH(TCG_DEF_BINOP, divu)
TCG_DEF_BOTH(TCG_DEF_BINOP, rem)
TCG_DEF_BOTH(TCG_DEF_BINOP, remu)
TCG_DEF_BOTH(TCG_DEF_BINOP, and)
TCG_DEF_BOTH(TCG_DEF_BINOP, or)
TCG_DEF_BOTH(TCG_DEF_BINOP, xor)
TCG_DEF_BOTH(TCG_DEF_BINOP, andc)
TCG_DEF_BOTH(TCG_DEF_BINOP, orc)
TCG_DEF_BOTH(TCG_DEF_BINOP, eqv)
TCG_DEF_BOTH(TCG_DEF_BINOP, nand)
TCG_DEF_BOTH(TCG_DEF_BINOP, nor)
TCG_DEF_BOTH(TCG_DEF_BINOP, shl)
TCG_DEF_BOTH(TCG_DEF_BINOP, shr)
TCG_DEF_BOTH(TCG_DEF_BINOP, sar)
TCG_DEF_BOTH(TCG_DEF_BINOP, rotl)
TCG_DEF_BOTH(TCG_DEF_BINOP, rotr)
TCG_DEF_BOTH(TCG_DEF_BINOP, clz)   /* clzi: the immediate is the zero value */
TCG_DEF_BOTH(TCG_DEF_BINOP, ctz)

/* tcg_gen_OP_iN(ret, a). */
TCG_DEF_BOTH(TCG_DEF_UNOP, neg)
TCG_DEF_BOTH(TCG_DEF_UNOP, not)
TCG_DEF_BOTH(TCG_DEF_UNOP, ctpop)
TCG_DEF_BOTH(TCG_DEF_UNOP, ext8s)
TCG_DEF_BOTH(TCG_DEF_UNOP, ext8u)
TCG_DEF_BOTH(TCG_DEF_UNOP, ext16s)
TCG_DEF_BOTH(TCG_DEF_UNOP, ext16u)
TCG_DEF_BOTH(TCG_DEF_UNOP, bswap16)
TCG_DEF_BOTH(TCG_DEF_UNOP, bswap32)
TCG_DEF_UNOP(ext32s, 64)
TCG_DEF_UNOP(ext32u, 64)
TCG_DEF_UNOP(bswap64, 64)

/* ret = imm - a */
static inline void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t imm, TCGv_i32 a)
{
    tcgt_binop(INDEX_op_sub, TCG_T32(ret), TCG_C32(imm), TCG_T32(a));
}
static inline void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t imm, TCGv_i64 a)
{
    tcgt_binop(INDEX_op_sub, TCG_T64(ret), TCG_C64(imm), TCG_T64(a));
}

/* Width conversions. */
static inline void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    tcgt_unop(INDEX_op_extu_i32_i64, TCG_T64(ret), TCG_T32(a));
}
static inline void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    tcgt_unop(INDEX_op_exts_i32_i64, TCG_T64(ret), TCG_T32(a));
}
static inline void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    tcgt_unop(INDEX_op_extrl_i64_i32, TCG_T32(ret), TCG_T64(a));
}
static inline void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    tcgt_unop(INDEX_op_extrh_i64_i32, TCG_T32(ret), TCG_T64(a));
}
/* ret = hi:lo */
void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi);
/* lo = low half of a, hi = high half */
void tcg_gen_extr_i64_i32(TCGv_i32 lo, TCGv_i32 hi, TCGv_i64 a);

/* Bit fields. */
#define TCG_DEF_FIELD(W)                                                   \
    static inline void tcg_gen_extract_i##W(TCGv_i##W ret, TCGv_i##W a,    \
                                            unsigned pos, unsigned len)    \
    {                                                                      \
        tcgt_extract(TCG_T##W(ret), TCG_T##W(a), pos, len);                \
    }                                                                      \
    static inline void tcg_gen_sextract_i##W(TCGv_i##W ret, TCGv_i##W a,   \
                                             unsigned pos, unsigned len)   \
    {                                                                      \
        tcgt_sextract(TCG_T##W(ret), TCG_T##W(a), pos, len);               \
    }                                                                      \
    static inline void tcg_gen_deposit_i##W(TCGv_i##W ret, TCGv_i##W a,    \
                                            TCGv_i##W b, unsigned pos,     \
                                            unsigned len)                  \
    {                                                                      \
        tcgt_deposit(TCG_T##W(ret), TCG_T##W(a), TCG_T##W(b), pos, len);   \
    }                                                                      \
    static inline void tcg_gen_extract2_i##W(TCGv_i##W ret, TCGv_i##W lo,  \
                                             TCGv_i##W hi, unsigned pos)   \
    {                                                                      \
        tcgt_extract2(TCG_T##W(ret), TCG_T##W(lo), TCG_T##W(hi), pos);     \
    }
TCG_DEF_FIELD(32)
TCG_DEF_FIELD(64)

/* Comparisons and branches. */
#define TCG_DEF_COND(W)                                                    \
    static inline void tcg_gen_setcond_i##W(TCGCond c, TCGv_i##W ret,      \
                                            TCGv_i##W a, TCGv_i##W b)      \
    {                                                                      \
        tcgt_setcond(c, TCG_T##W(ret), TCG_T##W(a), TCG_T##W(b));          \
    }                                                                      \
    static inline void tcg_gen_setcondi_i##W(TCGCond c, TCGv_i##W ret,     \
                                             TCGv_i##W a, int##W##_t b)    \
    {                                                                      \
        tcgt_setcond(c, TCG_T##W(ret), TCG_T##W(a), TCG_C##W(b));          \
    }                                                                      \
    static inline void tcg_gen_negsetcond_i##W(TCGCond c, TCGv_i##W ret,   \
                                               TCGv_i##W a, TCGv_i##W b)   \
    {                                                                      \
        tcgt_negsetcond(c, TCG_T##W(ret), TCG_T##W(a), TCG_T##W(b));       \
    }                                                                      \
    static inline void tcg_gen_movcond_i##W(TCGCond c, TCGv_i##W ret,      \
                                            TCGv_i##W c1, TCGv_i##W c2,    \
                                            TCGv_i##W v1, TCGv_i##W v2)    \
    {                                                                      \
        tcgt_movcond(c, TCG_T##W(ret), TCG_T##W(c1), TCG_T##W(c2),         \
                     TCG_T##W(v1), TCG_T##W(v2));                          \
    }                                                                      \
    static inline void tcg_gen_brcond_i##W(TCGCond c, TCGv_i##W a,         \
                                           TCGv_i##W b, TCGLabel *l)       \
    {                                                                      \
        tcgt_brcond(c, TCG_T##W(a), TCG_T##W(b), l);                       \
    }                                                                      \
    static inline void tcg_gen_brcondi_i##W(TCGCond c, TCGv_i##W a,        \
                                            int##W##_t b, TCGLabel *l)     \
    {                                                                      \
        tcgt_brcond(c, TCG_T##W(a), TCG_C##W(b), l);                       \
    }
TCG_DEF_COND(32)
TCG_DEF_COND(64)

/* Double-word arithmetic. */
#define TCG_DEF_DWORD(W)                                                   \
    static inline void tcg_gen_add2_i##W(TCGv_i##W rl, TCGv_i##W rh,       \
                                         TCGv_i##W al, TCGv_i##W ah,       \
                                         TCGv_i##W bl, TCGv_i##W bh)       \
    {                                                                      \
        tcgt_addsub2(INDEX_op_add2, TCG_T##W(rl), TCG_T##W(rh),            \
                     TCG_T##W(al), TCG_T##W(ah), TCG_T##W(bl),             \
                     TCG_T##W(bh));                                        \
    }                                                                      \
    static inline void tcg_gen_sub2_i##W(TCGv_i##W rl, TCGv_i##W rh,       \
                                         TCGv_i##W al, TCGv_i##W ah,       \
                                         TCGv_i##W bl, TCGv_i##W bh)       \
    {                                                                      \
        tcgt_addsub2(INDEX_op_sub2, TCG_T##W(rl), TCG_T##W(rh),            \
                     TCG_T##W(al), TCG_T##W(ah), TCG_T##W(bl),             \
                     TCG_T##W(bh));                                        \
    }                                                                      \
    static inline void tcg_gen_mulu2_i##W(TCGv_i##W rl, TCGv_i##W rh,      \
                                          TCGv_i##W a, TCGv_i##W b)        \
    {                                                                      \
        tcgt_mul2(INDEX_op_mulu2, TCG_T##W(rl), TCG_T##W(rh),              \
                  TCG_T##W(a), TCG_T##W(b));                               \
    }                                                                      \
    static inline void tcg_gen_muls2_i##W(TCGv_i##W rl, TCGv_i##W rh,      \
                                          TCGv_i##W a, TCGv_i##W b)        \
    {                                                                      \
        tcgt_mul2(INDEX_op_muls2, TCG_T##W(rl), TCG_T##W(rh),              \
                  TCG_T##W(a), TCG_T##W(b));                               \
    }
TCG_DEF_DWORD(32)
TCG_DEF_DWORD(64)

/* Host memory: tcg_gen_ldX_iN(ret, base, offset), tcg_gen_stX_iN(val, ...). */
#define TCG_DEF_LDST(name, W)                                              \
    static inline void tcg_gen_##name##_i##W(TCGv_i##W val, TCGv_ptr base, \
                                             intptr_t offset)              \
    {                                                                      \
        tcgt_ldst(INDEX_op_##name, TCG_T##W(val), tcgv_ptr_temp(base),     \
                  offset);                                                 \
    }
TCG_DEF_BOTH(TCG_DEF_LDST, ld8u)
TCG_DEF_BOTH(TCG_DEF_LDST, ld8s)
TCG_DEF_BOTH(TCG_DEF_LDST, ld16u)
TCG_DEF_BOTH(TCG_DEF_LDST, ld16s)
TCG_DEF_BOTH(TCG_DEF_LDST, ld)
TCG_DEF_BOTH(TCG_DEF_LDST, st8)
TCG_DEF_BOTH(TCG_DEF_LDST, st16)
TCG_DEF_BOTH(TCG_DEF_LDST, st)
TCG_DEF_LDST(ld32u, 64)
TCG_DEF_LDST(ld32s, 64)
TCG_DEF_LDST(st32, 64)
static inline void tcg_gen_ld_ptr(TCGv_ptr r, TCGv_ptr base, intptr_t off)
{
    tcg_gen_ld_i64(r, base, off);
}
static inline void tcg_gen_st_ptr(TCGv_ptr v, TCGv_ptr base, intptr_t off)
{
    tcg_gen_st_i64(v, base, off);
}
/* Pointer arithmetic, e.g. env + index * size for arrays in the state. */
static inline void tcg_gen_mov_ptr(TCGv_ptr r, TCGv_ptr a)
{
    tcg_gen_mov_i64(r, a);
}
static inline void tcg_gen_add_ptr(TCGv_ptr r, TCGv_ptr a, TCGv_ptr b)
{
    tcg_gen_add_i64(r, a, b);
}
static inline void tcg_gen_addi_ptr(TCGv_ptr r, TCGv_ptr a, intptr_t b)
{
    tcg_gen_addi_i64(r, a, b);
}
static inline void tcg_gen_ext_i32_ptr(TCGv_ptr r, TCGv_i32 a)
{
    tcg_gen_ext_i32_i64(r, a);
}
static inline void tcg_gen_extu_i32_ptr(TCGv_ptr r, TCGv_i32 a)
{
    tcg_gen_extu_i32_i64(r, a);
}

/*
 * Guest memory: tcg_gen_qemu_ld_i32(val, addr, mmu_idx, memop), with addr
 * an i32 (32-bit guests: zero-extended) or an i64 temp.  i32 values allow
 * sizes up to MO_32.
 */
#define tcg_addr_temp(a) \
    _Generic((a), TCGv_i32: tcgv_i32_temp, TCGv_i64: tcgv_i64_temp)(a)
#define tcg_gen_qemu_ld_i32(v, a, idx, mop) \
    tcgt_qemu_ld(tcgv_i32_temp(v), tcg_addr_temp(a), idx, mop)
#define tcg_gen_qemu_ld_i64(v, a, idx, mop) \
    tcgt_qemu_ld(tcgv_i64_temp(v), tcg_addr_temp(a), idx, mop)
#define tcg_gen_qemu_st_i32(v, a, idx, mop) \
    tcgt_qemu_st(tcgv_i32_temp(v), tcg_addr_temp(a), idx, mop)
#define tcg_gen_qemu_st_i64(v, a, idx, mop) \
    tcgt_qemu_st(tcgv_i64_temp(v), tcg_addr_temp(a), idx, mop)

/* Control flow. */
void tcg_gen_br(TCGLabel *l);
void tcg_gen_set_label(TCGLabel *l);
/*
 * A place in the ops, returned as its index, where a label can be put
 * later (a backward branch to code already emitted); a nop until then.
 */
int tcg_gen_label_slot(void);
/* The label at slot, placed there on the first call. */
TCGLabel *tcg_label_at_slot(int slot);
/*
 * Leave the TB, returning (uintptr_t)tb + idx from tcg_tb_exec (tb is
 * accel/tcg's TB, 4-byte aligned; idx < 4, see TB_EXIT_*).  tb NULL
 * returns idx.
 */
void tcg_gen_exit_tb(const void *tb, unsigned idx);
/*
 * Direct jump slot n (0 or 1) to the next TB: falls through to the
 * following code (normally tcg_gen_exit_tb(tb, n)) until accel/tcg chains
 * it with tcg_tb_set_jmp_target().  At most once per slot and TB.
 */
void tcg_gen_goto_tb(unsigned n);
/*
 * Jump to host code at ptr (from a TB lookup helper), or return 0 to the
 * execution loop when ptr is tcg_ctx->exit_ptr.
 */
void tcg_gen_goto_ptr(TCGv_ptr ptr);
/* Start of a guest instruction: pc and two target-specific words. */
void tcg_gen_insn_start(uint64_t pc, uint64_t a1, uint64_t a2);
/* The value of a temp is no longer needed. */
void tcg_gen_discard_i32(TCGv_i32 v);
void tcg_gen_discard_i64(TCGv_i64 v);

/*
 * Helper calls: ret (NULL for void) = info->func(args...).  Argument and
 * return types must match info->typemask.  Prefer the gen_helper_*
 * functions that "tcg/helper-gen.h" generates.
 */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args);

#endif
