/*
 * The TCI backend: emits the portable bytecode of tci-insn.h, which tci.c
 * interprets.  It declares 16 registers like a real host: r14 holds env,
 * r15 the stack frame, r0-r7 are clobbered by helper calls, r0-r5 carry
 * helper arguments and r0 the result.  Second operands of the common ALU
 * ops, setcond and brcond may be 32-bit signed immediates (constraint 'I').
 */
#include "kemu/osdep.h"
#include "tcg/tcg-backend.h"
#include "tci-insn.h"

#define TCI_CT_S32 TCG_CT_BACKEND

static const char *const tci_reg_names[TCI_NB_REGS] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
    "r8", "r9", "r10", "r11", "r12", "r13", "env", "fp",
};

/* Call-preserved registers first: fewer spills around helper calls. */
static const int8_t tci_alloc_order[TCI_NB_REGS] = {
    8, 9, 10, 11, 12, 13, 7, 6, 5, 4, 3, 2, 1, 0, 14, 15,
};

static const int8_t tci_call_iarg_regs[TCG_MAX_HELPER_ARGS] = {
    0, 1, 2, 3, 4, 5,
};

/* ---- Op support and constraints ---- */

static bool tci_op_supported(TCGOpcode opc, TCGType type)
{
    switch (opc) {
    case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_bswap64:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32:
        return type == TCG_TYPE_I64;
    default:
        return true;
    }
}

/* The ops every backend has (see tcg-backend.h). */
static bool tci_min_op_supported(TCGOpcode opc, TCGType type)
{
    switch (opc) {
    case INDEX_op_mov:
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
    case INDEX_op_ld16s: case INDEX_op_ld: case INDEX_op_st8:
    case INDEX_op_st16: case INDEX_op_st:
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_setcond: case INDEX_op_brcond: case INDEX_op_br:
    case INDEX_op_call: case INDEX_op_exit_tb: case INDEX_op_goto_tb:
    case INDEX_op_goto_ptr:
    case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        return true;
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32:
        return type == TCG_TYPE_I64;
    default:
        return false;
    }
}

static bool imm_second_operand(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_setcond: case INDEX_op_negsetcond: case INDEX_op_brcond:
        return true;
    default:
        return false;
    }
}

static const TCGConstraintSet tci_all_regs = {
    { "r", "r", "r", "r", "r", "r", "r", "r", "r", "r" }
};
static const TCGConstraintSet tci_binop_imm = { { "r", "r", "rI" } };
static const TCGConstraintSet tci_brcond_imm = { { "r", "rI" } };

static const TCGConstraintSet *tci_op_constraints(TCGOpcode opc,
                                                  TCGType type)
{
    if (opc == INDEX_op_brcond) {
        return &tci_brcond_imm;
    }
    return imm_second_operand(opc) ? &tci_binop_imm : &tci_all_regs;
}

/*
 * Constraints of a two-address host with fixed registers, as x86 has
 * them: results overwrite the first operand, shift counts live in r1 (x86
 * rcx), division uses r0 (rax) and clobbers r2 (rdx), setcond wants a
 * fresh register.  The interpreter does not care where values are; the
 * register allocator must honour all of it.
 */
static const TCGConstraintSet tci_2addr_binop = { { "r", "0", "rI" } };
static const TCGConstraintSet tci_2addr_binop_r = { { "r", "0", "r" } };
static const TCGConstraintSet tci_2addr_shift = { { "r", "0", "CI" } };
static const TCGConstraintSet tci_2addr_div = {
    { "A", "0", "r" }, .clobbers = 1u << 2
};
static const TCGConstraintSet tci_2addr_setcond = { { "&r", "r", "rI" } };
static const TCGConstraintSet tci_2addr_movcond = {
    { "r", "r", "r", "0", "r" }
};

static const TCGConstraintSet *tci_2addr_op_constraints(TCGOpcode opc,
                                                        TCGType type)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        return &tci_2addr_binop;
    case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv:
    case INDEX_op_nand: case INDEX_op_nor: case INDEX_op_deposit:
        return &tci_2addr_binop_r;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
        return &tci_2addr_shift;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem:
    case INDEX_op_remu:
        return &tci_2addr_div;
    case INDEX_op_setcond: case INDEX_op_negsetcond:
        return &tci_2addr_setcond;
    case INDEX_op_movcond:
        return &tci_2addr_movcond;
    default:
        return tci_op_constraints(opc, type);
    }
}

static bool tci_constraint_letter(char c, TCGArgConstraint *ct)
{
    switch (c) {
    case 'I':
        ct->ct |= TCI_CT_S32;
        return true;
    case 'A':
        ct->regs |= 1u << 0;
        return true;
    case 'C':
        ct->regs |= 1u << 1;
        return true;
    default:
        return false;
    }
}

static bool tci_const_match(int64_t val, TCGType type, unsigned ct)
{
    /* i32 constants are used through their low 32 bits. */
    return (ct & TCI_CT_S32) && (type == TCG_TYPE_I32 || val == (int32_t)val);
}

/* ---- Emission ---- */

/* Start an instruction; tci_end() writes its length. */
static uint32_t *tci_begin(TCGContext *s, unsigned opc, uint32_t flags,
                           uint32_t regs)
{
    uint32_t *hdr = (uint32_t *)s->code_ptr;

    tcg_out32(s, opc | flags);
    tcg_out32(s, regs);
    return hdr;
}

static void tci_end(TCGContext *s, uint32_t *hdr)
{
    unsigned len = (uint32_t *)s->code_ptr - hdr;

    g_assert(len < 256);
    *hdr |= len << 16;
}

static uint32_t type_flag(TCGType type)
{
    return type == TCG_TYPE_I64 ? TCI_F_I64 : 0;
}

static void tci_emit_mov(TCGContext *s, TCGType type, int ret, int arg)
{
    tci_end(s, tci_begin(s, INDEX_op_mov, type_flag(type), ret | arg << 4));
}

static void tci_emit_movi(TCGContext *s, TCGType type, int ret, int64_t val)
{
    uint32_t *hdr = tci_begin(s, TCI_MOVI, type_flag(type), ret);

    tcg_out64(s, val);
    tci_end(s, hdr);
}

static void tci_emit_ldst(TCGContext *s, TCGOpcode opc, TCGType type,
                          int val, int base, intptr_t offset)
{
    uint32_t *hdr = tci_begin(s, opc, type_flag(type), val | base << 4);

    g_assert(offset == (int32_t)offset);
    tcg_out32(s, offset);
    tci_end(s, hdr);
}

static void tci_emit_ld(TCGContext *s, TCGType type, int ret, int base,
                        intptr_t offset)
{
    tci_emit_ldst(s, INDEX_op_ld, type, ret, base, offset);
}

static void tci_emit_st(TCGContext *s, TCGType type, int arg, int base,
                        intptr_t offset)
{
    tci_emit_ldst(s, INDEX_op_st, type, arg, base, offset);
}

static void tci_emit_call(TCGContext *s, const TCGHelperInfo *info)
{
    uint32_t *hdr = tci_begin(s, INDEX_op_call, 0, 0);

    tcg_out64(s, (uintptr_t)info);
    tci_end(s, hdr);
}

static void tci_patch_reloc(TCGContext *s, const TCGReloc *r,
                            uintptr_t value)
{
    int32_t disp = ((intptr_t)value - (intptr_t)r->ptr) / 4;

    memcpy(r->ptr, &disp, 4);
}

static void tci_emit_goto_tb(TCGContext *s, uint32_t *hdr, int n)
{
    if ((uintptr_t)s->code_ptr & 7) {
        tcg_out32(s, 0);
    }
    s->jmp_insn_offset[n] = s->code_ptr - s->code_start;
    /* Unchained, the jump goes to the next instruction. */
    tcg_out64(s, (uintptr_t)(s->code_ptr + 8));
    s->jmp_reset_offset[n] = s->code_ptr - s->code_start;
    tci_end(s, hdr);
}

static void tci_emit_op(TCGContext *s, TCGOpcode opc, TCGType type,
                        const TCGArg *args, const bool *const_args)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    int nt = def->nb_oargs + def->nb_iargs;
    uint32_t regs = 0, flags = type_flag(type);
    int nregs = 0, imm = -1;
    uint32_t *hdr;

    for (int k = 0; k < nt; k++) {
        if (const_args[k]) {
            g_assert(k == nt - 1 && imm_second_operand(opc));
            imm = k;
            flags |= TCI_F_IMM;
        } else {
            regs |= args[k] << (4 * nregs++);
        }
    }
    if ((opc == INDEX_op_qemu_ld || opc == INDEX_op_qemu_st) &&
        args[nt + 1] == TCG_TYPE_I64) {
        flags |= TCI_F_A64;
    }
    hdr = tci_begin(s, opc, flags, regs);
    if (imm >= 0) {
        tcg_out32(s, args[imm]);
    }
    switch (opc) {
    case INDEX_op_br:
        /* Placeholder first: a bound label (a backward branch) patches
         * it right away. */
        tcg_out32(s, 0);
        tcg_out_reloc(s, s->code_ptr - 4, 0, args[0], 0);
        break;
    case INDEX_op_brcond:
        tcg_out32(s, args[nt]);
        tcg_out32(s, 0);
        tcg_out_reloc(s, s->code_ptr - 4, 0, args[nt + 1], 0);
        break;
    case INDEX_op_exit_tb:
        tcg_out64(s, args[0]);
        break;
    case INDEX_op_goto_tb:
        tci_emit_goto_tb(s, hdr, args[0]);
        return;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        tcg_out32(s, args[nt]);   /* the address type is in the flags */
        break;
    default:
        for (int k = nt; k < nt + def->nb_cargs; k++) {
            g_assert(args[k] == (uint32_t)args[k] ||
                     args[k] == (uint64_t)(int64_t)(int32_t)args[k]);
            tcg_out32(s, args[k]);
        }
    }
    tci_end(s, hdr);
}

static void tci_set_jmp_target(const TCGTBCode *tb, int n, const void *target)
{
    uint64_t *slot = (uint64_t *)((uint8_t *)tb->code +
                                  tb->jmp_insn_offset[n]);

    __atomic_store_n(slot, (uintptr_t)target, __ATOMIC_RELEASE);
}

uintptr_t tci_exec(TCGContext *s, void *env, const void *code);
void tci_disas(GString *out, const void *code, size_t size);

#define TCI_BACKEND(NAME, SUPPORTED, CONSTRAINTS)                          \
    {                                                                      \
        .name = NAME,                                                      \
        .nb_regs = TCI_NB_REGS,                                            \
        .reg_names = tci_reg_names,                                        \
        .regs = 0xffff,                                                    \
        .reserved_regs = 1u << TCI_REG_ENV | 1u << TCI_REG_FP,             \
        .call_clobber_regs = 0x00ff,                                       \
        .alloc_order = tci_alloc_order,                                    \
        .areg0 = TCI_REG_ENV,                                              \
        .call_iarg_regs = tci_call_iarg_regs,                              \
        .call_oarg_reg = 0,                                                \
        .frame_reg = TCI_REG_FP,                                           \
        .frame_start = 0,                                                  \
        .frame_size = TCI_FRAME_SIZE,                                      \
        .op_supported = SUPPORTED,                                         \
        .op_constraints = CONSTRAINTS,                                     \
        .constraint_letter = tci_constraint_letter,                        \
        .const_match = tci_const_match,                                    \
        .emit_op = tci_emit_op,                                            \
        .emit_mov = tci_emit_mov,                                          \
        .emit_movi = tci_emit_movi,                                        \
        .emit_ld = tci_emit_ld,                                            \
        .emit_st = tci_emit_st,                                            \
        .emit_call = tci_emit_call,                                        \
        .patch_reloc = tci_patch_reloc,                                    \
        .set_jmp_target = tci_set_jmp_target,                              \
        .exec = tci_exec,                                                  \
        .disas = tci_disas,                                                \
    }

const TCGBackend tcg_backend_tci =
    TCI_BACKEND("tci", tci_op_supported, tci_op_constraints);
const TCGBackend tcg_backend_tci_min =
    TCI_BACKEND("tci-min", tci_min_op_supported, tci_op_constraints);
const TCGBackend tcg_backend_tci_2addr =
    TCI_BACKEND("tci-2addr", tci_op_supported, tci_2addr_op_constraints);
