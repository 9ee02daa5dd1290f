/*
 * The host backend interface.  A backend (tcg/tci/, tcg/x86_64/)
 * describes its registers and the operand constraints of each op, and
 * emits host code for ops whose operands the register allocator in
 * tcg/regalloc.c has already placed in registers or proven constant.
 * docs/devel/tcg.md walks through adding a backend.
 *
 * Mandatory ops (every backend implements them, for i32 and i64 where
 * the type applies): mov, ld8u/ld8s/ld16u/ld16s/ld32u/ld32s/ld,
 * st8/st16/st32/st, qemu_ld, qemu_st, add, sub, mul, and, or, xor, shl,
 * shr, sar, setcond, brcond, br, call, exit_tb, goto_tb, goto_ptr,
 * extu_i32_i64, exts_i32_i64, extrl_i64_i32, extrh_i64_i32.  Every other op
 * is optional: op_supported() says which ones the backend has, and the
 * builders in tcg-op.c expand the others into mandatory ops or calls to
 * runtime helpers.  Backends never see TSTEQ/TSTNE conditions, NEVER or
 * ALWAYS.
 *
 * Semantics every backend must follow (the optimizer folds the same way):
 *   shifts and rotates use the count modulo the width;
 *   div/rem never trap: x / 0 = -1 (all ones), x % 0 = x, and signed
 *     INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0 (RISC-V's rules);
 *   clz/ctz return their second operand for a zero input;
 *   i32 results may leave any value in the high half of the register;
 *   an op reads all its inputs before it writes any output, unless the
 *     output's constraint has '&';
 *   qemu_ld/st with an i32 address (last constant argument TCG_TYPE_I32)
 *     use its zero-extension.
 */
#ifndef TCG_TCG_BACKEND_H
#define TCG_TCG_BACKEND_H

#include "tcg/tcg.h"

typedef uint32_t TCGRegSet;

/* Constant kinds an operand accepts (TCGArgConstraint.ct). */
enum {
    TCG_CT_CONST = 1 << 0,   /* any constant */
    /* Bits from TCG_CT_BACKEND up are the backend's, checked by const_match. */
    TCG_CT_BACKEND = 1 << 8,
};

/*
 * Parsed constraint of one operand.  The backend writes them as strings,
 * one per operand, outputs first:
 *   'r'      any register (backend->regs)
 *   'i'      any constant
 *   '0'-'9'  input only: same register as that output (two-address ops;
 *            the input takes the output's register set)
 *   '&'      output only: a register distinct from every input
 *   other    backend letters, resolved by constraint_letter()
 */
typedef struct TCGArgConstraint {
    TCGRegSet regs;
    uint16_t ct;
    int8_t alias;            /* input: output index it must share, or -1 */
    bool newreg;
} TCGArgConstraint;

/*
 * What the backend returns for an op.  clobbers: registers its code
 * overwrites besides the outputs (x86 div: rdx).  Inputs are read before
 * anything is written, so an input may sit in a clobbered register; live
 * values there are stored to memory first.
 */
typedef struct TCGConstraintSet {
    const char *args[TCG_MAX_OP_ARGS];
    TCGRegSet clobbers;
} TCGConstraintSet;

struct TCGOpConstraints {
    TCGArgConstraint args[TCG_MAX_OP_ARGS];
    TCGRegSet clobbers;
    /* Input argument indexes, most constrained (fewest registers) first. */
    int8_t in_order[TCG_MAX_OP_ARGS];
};

struct TCGBackend {
    const char *name;

    /* Registers: 0..nb_regs-1, names for the op dump. */
    int nb_regs;
    const char *const *reg_names;
    TCGRegSet regs;               /* usable for values ('r') */
    TCGRegSet reserved_regs;      /* never allocated (env, frame, scratch) */
    TCGRegSet call_clobber_regs;  /* not preserved by helper calls */
    const int8_t *alloc_order;    /* allocation preference, nb_regs long */
    int areg0;                    /* holds env in translated code */
    const int8_t *call_iarg_regs; /* TCG_MAX_HELPER_ARGS argument regs */
    int call_oarg_reg;            /* return value register */

    /*
     * qemu_ld/qemu_st store the globals of s->ldst_sync themselves before
     * calling a hook and preserve the live registers of s->ldst_live
     * (their constraints clobber only the registers the access itself
     * uses): the register allocator then neither stores globals before
     * the op nor spills around it.
     */
    bool ldst_saves_state;

    /* Spill area: [frame_start, frame_start + frame_size) off frame_reg. */
    int frame_reg;
    intptr_t frame_start, frame_size;

    /* Ops. */
    bool (*op_supported)(TCGOpcode opc, TCGType type);
    const TCGConstraintSet *(*op_constraints)(TCGOpcode opc, TCGType type);
    /* A backend constraint letter; false if unknown. */
    bool (*constraint_letter)(char c, TCGArgConstraint *ct);
    /* Whether val fits the backend constant kinds in ct. */
    bool (*const_match)(int64_t val, TCGType type, unsigned ct);

    /*
     * Emission into s->code_ptr.  emit_op gets the op with every temp
     * argument replaced: registers, or the value where const_args[i] is
     * set; constant arguments (cond, offset, label id, ...) as in the IR.
     * Not called for ops flagged TCG_OPF_NOT_PRESENT, mov or call.
     */
    void (*emit_op)(TCGContext *s, TCGOpcode opc, TCGType type,
                    const TCGArg *args, const bool *const_args);
    void (*emit_mov)(TCGContext *s, TCGType type, int ret, int arg);
    void (*emit_movi)(TCGContext *s, TCGType type, int ret, int64_t val);
    void (*emit_ld)(TCGContext *s, TCGType type, int ret, int base,
                    intptr_t offset);
    void (*emit_st)(TCGContext *s, TCGType type, int arg, int base,
                    intptr_t offset);
    /* Arguments are already in call_iarg_regs. */
    void (*emit_call)(TCGContext *s, const TCGHelperInfo *info);
    /* Bind a label here: tcg.c patches its relocations with patch_reloc. */
    void (*patch_reloc)(TCGContext *s, const TCGReloc *r, uintptr_t value);
    /*
     * goto_tb n is emitted by emit_op: a patchable jump whose offset from
     * s->code_start goes to s->jmp_insn_offset[n] (what set_jmp_target
     * patches, atomically), and the offset of the code right after it
     * (where an unchained jump goes) to s->jmp_reset_offset[n].
     */
    void (*set_jmp_target)(const TCGTBCode *tb, int n, const void *target);

    /*
     * Optional, at context creation: emit the prologue/epilogue at
     * s->code_gen_ptr (advancing it: tcg_code_flush() keeps what is
     * before) and set s->exit_ptr.
     */
    void (*context_init)(TCGContext *s);
    /*
     * Optional, around the emission of each TB: tb_start before its first
     * op, tb_end after its last, for out-of-line code (the x86-64 softmmu
     * slow paths).  tb_end returns false when the code buffer is full.
     */
    void (*tb_start)(TCGContext *s);
    bool (*tb_end)(TCGContext *s);
    /* Run code. */
    uintptr_t (*exec)(TCGContext *s, void *env, const void *code);
    /* Append a listing of generated code to out (-d out_asm). */
    void (*disas)(GString *out, const void *code, size_t size);
};

/* Code emission helpers for backends. */
static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, 4);
    s->code_ptr += 4;
}
static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, 8);
    s->code_ptr += 8;
}
/*
 * A reference to label id at ptr: patched now if the label is bound,
 * otherwise when it is.
 */
void tcg_out_reloc(TCGContext *s, void *ptr, int type, TCGArg label,
                   intptr_t addend);

/* Register allocation and emission for the whole TB (tcg/regalloc.c). */
int tcg_reg_alloc_code(TCGContext *s, TCGTBCode *tb);
const TCGOpConstraints *tcg_op_constraints(TCGContext *s, TCGOpcode opc,
                                           TCGType type);

#endif
