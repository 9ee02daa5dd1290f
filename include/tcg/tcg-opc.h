/*
 * The TCG opcode table, expanded with a DEF(name, oargs, iargs, cargs,
 * flags) macro defined by the includer.  Arguments of an op are stored
 * outputs first, then inputs (temps), then constant arguments.
 *
 * Most ops are type-generic: the op's type (i32 or i64, TCGOp.type) says
 * which width they work on.  Ops whose name carries two types convert
 * between widths; their TCGOp.type is the output type.
 */

/* Never emitted to a backend. */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(insn_start, 0, 0, TCG_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)

/* Control flow.  set_label's argument and the branch targets are labels. */
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
DEF(brcond, 0, 2, 2, TCG_OPF_COND_BRANCH)   /* c1, c2; cond, label */
DEF(call, 0, 0, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS) /* func, info */
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)  /* value */
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)  /* jump slot 0/1 */
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END) /* host pointer */

DEF(mov, 1, 1, 0, 0)

/* Host memory: value = *(base + offset), offset a constant. */
DEF(ld8u, 1, 1, 1, 0)
DEF(ld8s, 1, 1, 1, 0)
DEF(ld16u, 1, 1, 1, 0)
DEF(ld16s, 1, 1, 1, 0)
DEF(ld32u, 1, 1, 1, 0)        /* i64 only */
DEF(ld32s, 1, 1, 1, 0)        /* i64 only */
DEF(ld, 1, 1, 1, 0)           /* full width of the type */
DEF(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)     /* value, base; offset */
DEF(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)    /* i64 only */
DEF(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

/* Guest memory: value, address; MemOpIdx, address type.  May fault. */
DEF(qemu_ld, 1, 1, 2, TCG_OPF_SIDE_EFFECTS | TCG_OPF_GLOBAL_SYNC)
DEF(qemu_st, 0, 2, 2, TCG_OPF_SIDE_EFFECTS | TCG_OPF_GLOBAL_SYNC)

/* Arithmetic and logic: ret, a, b. */
DEF(add, 1, 2, 0, 0)
DEF(sub, 1, 2, 0, 0)
DEF(mul, 1, 2, 0, 0)
DEF(muluh, 1, 2, 0, 0)        /* high half of the unsigned product */
DEF(mulsh, 1, 2, 0, 0)        /* high half of the signed product */
DEF(div, 1, 2, 0, 0)
DEF(divu, 1, 2, 0, 0)
DEF(rem, 1, 2, 0, 0)
DEF(remu, 1, 2, 0, 0)
DEF(and, 1, 2, 0, 0)
DEF(or, 1, 2, 0, 0)
DEF(xor, 1, 2, 0, 0)
DEF(andc, 1, 2, 0, 0)         /* a & ~b */
DEF(orc, 1, 2, 0, 0)          /* a | ~b */
DEF(eqv, 1, 2, 0, 0)          /* ~(a ^ b) */
DEF(nand, 1, 2, 0, 0)
DEF(nor, 1, 2, 0, 0)
DEF(shl, 1, 2, 0, 0)
DEF(shr, 1, 2, 0, 0)
DEF(sar, 1, 2, 0, 0)
DEF(rotl, 1, 2, 0, 0)
DEF(rotr, 1, 2, 0, 0)
DEF(clz, 1, 2, 0, 0)          /* b is the result for a == 0 */
DEF(ctz, 1, 2, 0, 0)

/* Unary: ret, a. */
DEF(neg, 1, 1, 0, 0)
DEF(not, 1, 1, 0, 0)
DEF(ctpop, 1, 1, 0, 0)
DEF(ext8s, 1, 1, 0, 0)
DEF(ext8u, 1, 1, 0, 0)
DEF(ext16s, 1, 1, 0, 0)
DEF(ext16u, 1, 1, 0, 0)
DEF(ext32s, 1, 1, 0, 0)       /* i64 only */
DEF(ext32u, 1, 1, 0, 0)       /* i64 only */
DEF(bswap16, 1, 1, 0, 0)      /* swap the low 16 bits, zero-extend */
DEF(bswap32, 1, 1, 0, 0)      /* swap the low 32 bits, zero-extend */
DEF(bswap64, 1, 1, 0, 0)      /* i64 only */

/* Width conversions (type = output type). */
DEF(extu_i32_i64, 1, 1, 0, 0)
DEF(exts_i32_i64, 1, 1, 0, 0)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)

/* Bit fields: ret, a; pos, len  /  ret, a, b; pos, len  /  ret, lo, hi; pos */
DEF(extract, 1, 1, 2, 0)
DEF(sextract, 1, 1, 2, 0)
DEF(deposit, 1, 2, 2, 0)
DEF(extract2, 1, 2, 1, 0)

/* Comparisons: ret, c1, c2; cond  /  ret, c1, c2, v1, v2; cond */
DEF(setcond, 1, 2, 1, 0)
DEF(negsetcond, 1, 2, 1, 0)
DEF(movcond, 1, 4, 1, 0)

/* Double words: rl, rh, al, ah, bl, bh  /  rl, rh, a, b */
DEF(add2, 2, 4, 0, 0)
DEF(sub2, 2, 4, 0, 0)
DEF(mulu2, 2, 2, 0, 0)
DEF(muls2, 2, 2, 0, 0)
