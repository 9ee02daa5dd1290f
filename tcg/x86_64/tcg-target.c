/*
 * The native x86-64 TCG backend: registers, operand constraints, moves,
 * host loads/stores, calls, control flow, the prologue/epilogue and the
 * backend table.  ALU ops are in ops.c, guest memory (the inline softmmu
 * TLB fast path) in ldst.c, the encoder in emit.h.
 *
 * Translated code runs on the prologue's stack frame with env in r14;
 * rsp (frame), r14 and the scratch r11 are never allocated.  Helpers are
 * called with the SysV ABI, so rax, rcx, rdx, rsi, rdi and r8-r11 do not
 * survive calls.
 */
#include "kemu/osdep.h"
#include "disas/disas.h"
#include "x86-internal.h"
#include <cpuid.h>

#define X86_FRAME_SIZE 4096
/* Keeps rsp 16-byte aligned at calls: 8 (return address) + 6 pushes. */
#define X86_STACK_ADJ  (X86_FRAME_SIZE + 8)

#define X86_CT_S32   (TCG_CT_BACKEND << 0)   /* 'e': sign-extended imm32 */
#define X86_CT_WIDTH (TCG_CT_BACKEND << 1)   /* 'W': the type's width */

static const char *const x86_reg_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "env", "r15",
};

/* Callee-saved first (fewer spills around calls), argument regs last. */
static const int8_t x86_alloc_order[16] = {
    X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R15, X86_R10, X86_R9, X86_R8,
    X86_RAX, X86_RDX, X86_RCX, X86_RSI, X86_RDI,
    X86_R11, X86_R14, X86_RSP,
};

static const int8_t x86_call_iarg_regs[TCG_MAX_HELPER_ARGS] = {
    X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
};

/* ---- Host CPU features ---- */

static unsigned x86_host_features(void)
{
    static gsize init;
    static unsigned feats;
    unsigned a, b, c, d;

    if (g_once_init_enter(&init)) {
        if (__get_cpuid(1, &a, &b, &c, &d)) {
            feats |= c & bit_POPCNT ? X86_HAS_POPCNT : 0;
            feats |= c & bit_MOVBE ? X86_HAS_MOVBE : 0;
        }
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
            feats |= b & bit_BMI ? X86_HAS_BMI1 : 0;
            feats |= b & bit_BMI2 ? X86_HAS_BMI2 : 0;
        }
        if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & bit_LZCNT)) {
            feats |= X86_HAS_LZCNT;
        }
        g_once_init_leave(&init, 1);
    }
    return feats;
}

unsigned x86_features(const TCGContext *s)
{
    return s->backend == &tcg_backend_x86_64 ? x86_host_features() : 0;
}

/* ---- Op support and constraints ---- */

static bool x86_op_supported_feat(unsigned feats, TCGOpcode opc,
                                  TCGType type)
{
    switch (opc) {
    case INDEX_op_orc: case INDEX_op_eqv: case INDEX_op_nand:
    case INDEX_op_nor: case INDEX_op_deposit:
        return false;
    case INDEX_op_andc:
        return feats & X86_HAS_BMI1;
    case INDEX_op_ctpop:
        return feats & X86_HAS_POPCNT;
    case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_bswap64:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32:
        return type == TCG_TYPE_I64;
    default:
        return true;
    }
}

static bool x86_op_supported(TCGOpcode opc, TCGType type)
{
    return x86_op_supported_feat(x86_host_features(), opc, type);
}

static bool x86_base_op_supported(TCGOpcode opc, TCGType type)
{
    return x86_op_supported_feat(0, opc, type);
}

#define CSET(name, ...) \
    static const TCGConstraintSet name = { { __VA_ARGS__ } }

CSET(c_r_r, "r", "r");
CSET(c_r_0, "r", "0");
CSET(c_st, "re", "r");
CSET(c_r_r_re, "r", "r", "re");
CSET(c_r_0_re, "r", "0", "re");
CSET(c_r_0_r, "r", "0", "r");
CSET(c_r_r_r, "r", "r", "r");
CSET(c_shift, "r", "0", "ci");
CSET(c_count, "&r", "r", "rW");
CSET(c_brcond, "r", "re");
CSET(c_movcond, "r", "r", "re", "r", "0");
CSET(c_addsub2, "&r", "&r", "r", "r", "re", "re");
CSET(c_mul2, "a", "d", "0", "r");
CSET(c_goto_ptr, "r");
CSET(c_none, NULL);

static const TCGConstraintSet c_mulh = { { "d", "a", "r" },
                                         .clobbers = X86_REG(X86_RAX) };
static const TCGConstraintSet c_div = { { "a", "0", "Q" },
                                        .clobbers = X86_REG(X86_RDX) };
static const TCGConstraintSet c_rem = { { "d", "a", "Q" },
                                        .clobbers = X86_REG(X86_RAX) };

static const TCGConstraintSet *x86_op_constraints(TCGOpcode opc,
                                                  TCGType type)
{
    /* The fast path uses rdi and rsi; ldst.c preserves the rest. */
    static const TCGConstraintSet c_qemu_ld_cl = {
        { "r", "L" }, .clobbers = X86_REG(X86_RDI) | X86_REG(X86_RSI) };
    static const TCGConstraintSet c_qemu_st_cl = {
        { "L", "L" }, .clobbers = X86_REG(X86_RDI) | X86_REG(X86_RSI) };

    switch (opc) {
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
    case INDEX_op_ld16s: case INDEX_op_ld32u: case INDEX_op_ld32s:
    case INDEX_op_ld:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s:
    case INDEX_op_ext16u: case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extract: case INDEX_op_sextract: case INDEX_op_ctpop:
        return &c_r_r;
    case INDEX_op_neg: case INDEX_op_not: case INDEX_op_bswap16:
    case INDEX_op_bswap32: case INDEX_op_bswap64:
    case INDEX_op_extrh_i64_i32:
        return &c_r_0;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
    case INDEX_op_st:
        return &c_st;
    case INDEX_op_add: case INDEX_op_setcond: case INDEX_op_negsetcond:
        return &c_r_r_re;
    case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor:
        return &c_r_0_re;
    case INDEX_op_andc:
        return &c_r_r_r;
    case INDEX_op_extract2:
        return &c_r_0_r;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        return &c_shift;
    case INDEX_op_clz: case INDEX_op_ctz:
        return &c_count;
    case INDEX_op_muluh: case INDEX_op_mulsh:
        return &c_mulh;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        return &c_mul2;
    case INDEX_op_div: case INDEX_op_divu:
        return &c_div;
    case INDEX_op_rem: case INDEX_op_remu:
        return &c_rem;
    case INDEX_op_brcond:
        return &c_brcond;
    case INDEX_op_movcond:
        return &c_movcond;
    case INDEX_op_add2: case INDEX_op_sub2:
        return &c_addsub2;
    case INDEX_op_goto_ptr:
        return &c_goto_ptr;
    case INDEX_op_qemu_ld:
        return &c_qemu_ld_cl;
    case INDEX_op_qemu_st:
        return &c_qemu_st_cl;
    default:
        return &c_none;
    }
}

static bool x86_constraint_letter(char c, TCGArgConstraint *ct)
{
    /* Not the argument registers of the softmmu slow path calls. */
    static const TCGRegSet not_ldst_args =
        X86_REG(X86_RDI) | X86_REG(X86_RSI) | X86_REG(X86_RDX) |
        X86_REG(X86_RCX) | X86_REG(X86_R8);

    switch (c) {
    case 'a':
        ct->regs |= X86_REG(X86_RAX);
        return true;
    case 'c':
        ct->regs |= X86_REG(X86_RCX);
        return true;
    case 'd':
        ct->regs |= X86_REG(X86_RDX);
        return true;
    case 'Q':
        ct->regs |= 0xffff & ~(X86_REG(X86_RAX) | X86_REG(X86_RDX));
        return true;
    case 'L':
        ct->regs |= 0xffff & ~not_ldst_args;
        return true;
    case 'e':
        ct->ct |= X86_CT_S32;
        return true;
    case 'W':
        ct->ct |= X86_CT_WIDTH;
        return true;
    default:
        return false;
    }
}

static bool x86_const_match(int64_t val, TCGType type, unsigned ct)
{
    bool w64 = type == TCG_TYPE_I64;

    if ((ct & X86_CT_S32) && (!w64 || val == (int32_t)val)) {
        return true;
    }
    return (ct & X86_CT_WIDTH) && val == (w64 ? 64 : 32);
}

/* ---- Moves, host memory, calls ---- */

void x86_emit_mov(TCGContext *s, TCGType type, int ret, int arg)
{
    if (ret != arg) {
        x86_modrm(s, OPC_MOVL_GvEv | P_W(type), ret, arg);
    }
}

void x86_emit_movi(TCGContext *s, TCGType type, int ret, int64_t val)
{
    if (type == TCG_TYPE_I32 || val == (uint32_t)val) {
        if ((uint32_t)val == 0) {
            x86_arith_rr(s, 0, ARITH_XOR, ret, ret);
        } else {
            x86_opc(s, OPC_MOVL_Iv + (ret & 7), 0, ret, 0);
            x86_out32(s, val);
        }
    } else if (val == (int32_t)val) {
        x86_modrm(s, OPC_MOVL_EvIz | P_REXW, 0, ret);
        x86_out32(s, val);
    } else {
        x86_opc(s, (OPC_MOVL_Iv + (ret & 7)) | P_REXW, 0, ret, 0);
        tcg_out64(s, val);
    }
}

void x86_emit_ext(TCGContext *s, TCGType type, int ret, int arg, MemOp size,
                  bool sign)
{
    switch (size) {
    case MO_8:
        x86_modrm(s, (sign ? OPC_MOVSBL | P_W(type) : OPC_MOVZBL) | P_REXB,
                  ret, arg);
        break;
    case MO_16:
        x86_modrm(s, sign ? OPC_MOVSWL | P_W(type) : OPC_MOVZWL, ret, arg);
        break;
    case MO_32:
        if (sign && type == TCG_TYPE_I64) {
            x86_modrm(s, OPC_MOVSLQ, ret, arg);
        } else {
            x86_modrm(s, OPC_MOVL_GvEv, ret, arg);
        }
        break;
    default:
        x86_emit_mov(s, type, ret, arg);
    }
}

void x86_emit_ld(TCGContext *s, TCGType type, int ret, int base,
                 intptr_t offset)
{
    x86_modrm_off(s, OPC_MOVL_GvEv | P_W(type), ret, base, offset);
}

void x86_emit_st(TCGContext *s, TCGType type, int arg, int base,
                 intptr_t offset)
{
    x86_modrm_off(s, OPC_MOVL_EvGv | P_W(type), arg, base, offset);
}

static void x86_emit_host_ld(TCGContext *s, TCGOpcode opc, TCGType type,
                             const TCGArg *args)
{
    int ret = args[0], base = args[1], w = P_W(type);
    intptr_t off = args[2];

    switch (opc) {
    case INDEX_op_ld8u:
        x86_modrm_off(s, OPC_MOVZBL, ret, base, off);
        break;
    case INDEX_op_ld8s:
        x86_modrm_off(s, OPC_MOVSBL | w, ret, base, off);
        break;
    case INDEX_op_ld16u:
        x86_modrm_off(s, OPC_MOVZWL, ret, base, off);
        break;
    case INDEX_op_ld16s:
        x86_modrm_off(s, OPC_MOVSWL | w, ret, base, off);
        break;
    case INDEX_op_ld32u:
        x86_modrm_off(s, OPC_MOVL_GvEv, ret, base, off);
        break;
    case INDEX_op_ld32s:
        x86_modrm_off(s, OPC_MOVSLQ, ret, base, off);
        break;
    default:
        x86_emit_ld(s, type, ret, base, off);
    }
}

static void x86_emit_host_st(TCGContext *s, TCGOpcode opc, TCGType type,
                             const TCGArg *args, bool val_const)
{
    int base = args[1], opc_r, opc_i;
    intptr_t off = args[2];

    switch (opc) {
    case INDEX_op_st8:
        opc_r = OPC_MOVB_EvGv | P_REXB;
        opc_i = 0xc6;
        break;
    case INDEX_op_st16:
        opc_r = OPC_MOVL_EvGv | P_DATA16;
        opc_i = OPC_MOVL_EvIz | P_DATA16;
        break;
    case INDEX_op_st32:
        opc_r = OPC_MOVL_EvGv;
        opc_i = OPC_MOVL_EvIz;
        break;
    default:
        opc_r = OPC_MOVL_EvGv | P_W(type);
        opc_i = OPC_MOVL_EvIz | P_W(type);
    }
    if (!val_const) {
        x86_modrm_off(s, opc_r, args[0], base, off);
        return;
    }
    x86_modrm_off(s, opc_i, 0, base, off);
    if (opc == INDEX_op_st8) {
        x86_out8(s, args[0]);
    } else if (opc == INDEX_op_st16) {
        x86_out8(s, args[0]);
        x86_out8(s, args[0] >> 8);
    } else {
        x86_out32(s, args[0]);
    }
}

void x86_emit_call_ptr(TCGContext *s, const void *func)
{
    intptr_t disp = (intptr_t)func - (intptr_t)(s->code_ptr + 5);

    if (disp == (int32_t)disp) {
        x86_jump32(s, OPC_CALL_Jz, func);
    } else {
        x86_emit_movi(s, TCG_TYPE_I64, X86_TMP, (uintptr_t)func);
        x86_modrm(s, OPC_GRP5, EXT5_CALL_Ev, X86_TMP);
    }
}

static void x86_emit_call(TCGContext *s, const TCGHelperInfo *info)
{
    x86_emit_call_ptr(s, info->func);
}

/* ---- Control flow ---- */

/* Relocations are the rel32 of jmp/jcc: relative to their end. */
static void x86_patch_reloc(TCGContext *s, const TCGReloc *r,
                            uintptr_t value)
{
    intptr_t disp = (intptr_t)value + r->addend - ((intptr_t)r->ptr + 4);
    int32_t d32 = disp;

    g_assert(disp == d32);
    memcpy(r->ptr, &d32, 4);
}

static void x86_emit_jump_label(TCGContext *s, int opc, TCGArg label)
{
    x86_opc(s, opc, 0, 0, 0);
    x86_out32(s, 0);
    /* After the placeholder: a bound label patches it right away. */
    tcg_out_reloc(s, s->code_ptr - 4, 0, label, 0);
}

/* The epilogue returns rax; exit_ptr first clears it (see the prologue). */
static const uint8_t *x86_tb_ret(const TCGContext *s)
{
    return (const uint8_t *)s->exit_ptr + 2;
}

static void x86_emit_exit_tb(TCGContext *s, uintptr_t val)
{
    if (val == 0) {
        x86_jump32(s, OPC_JMP_long, s->exit_ptr);
    } else {
        x86_emit_movi(s, TCG_TYPE_I64, X86_RAX, val);
        x86_jump32(s, OPC_JMP_long, x86_tb_ret(s));
    }
}

/*
 * A jmp rel32 whose displacement is 4-byte aligned, so that chaining can
 * rewrite it with one atomic store.  Unchained it jumps to the next insn.
 */
static void x86_emit_goto_tb(TCGContext *s, int n)
{
    while ((uintptr_t)(s->code_ptr + 1) & 3) {
        x86_out8(s, 0x90);
    }
    s->jmp_insn_offset[n] = s->code_ptr - s->code_start;
    x86_out8(s, OPC_JMP_long);
    x86_out32(s, 0);
    s->jmp_reset_offset[n] = s->code_ptr - s->code_start;
}

static void x86_set_jmp_target(const TCGTBCode *tb, int n, const void *target)
{
    uint8_t *jmp = (uint8_t *)tb->code + tb->jmp_insn_offset[n];
    intptr_t disp = (intptr_t)target - (intptr_t)(jmp + 5);

    g_assert(disp == (int32_t)disp);
    __atomic_store_n((uint32_t *)(jmp + 1), (uint32_t)disp, __ATOMIC_RELEASE);
}

static void x86_emit_op(TCGContext *s, TCGOpcode opc, TCGType type,
                        const TCGArg *args, const bool *const_args)
{
    switch (opc) {
    case INDEX_op_br:
        x86_align_jump(s, s->code_ptr, 5);
        x86_emit_jump_label(s, OPC_JMP_long, args[0]);
        break;
    case INDEX_op_brcond: {
        uint8_t *start = s->code_ptr;
        int cc = x86_emit_cmp(s, type, args[2], args[0], args[1],
                              const_args[1]);

        x86_align_jump(s, start, 6);
        x86_emit_jump_label(s, OPC_JCC_long + cc, args[3]);
        break;
    }
    case INDEX_op_exit_tb:
        x86_emit_exit_tb(s, args[0]);
        break;
    case INDEX_op_goto_tb:
        x86_emit_goto_tb(s, args[0]);
        break;
    case INDEX_op_goto_ptr:
        x86_modrm(s, OPC_GRP5, EXT5_JMP_Ev, args[0]);
        break;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
    case INDEX_op_ld16s: case INDEX_op_ld32u: case INDEX_op_ld32s:
    case INDEX_op_ld:
        x86_emit_host_ld(s, opc, type, args);
        break;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
    case INDEX_op_st:
        x86_emit_host_st(s, opc, type, args, const_args[0]);
        break;
    case INDEX_op_qemu_ld:
        x86_emit_qemu_ld(s, type, args);
        break;
    case INDEX_op_qemu_st:
        x86_emit_qemu_st(s, type, args);
        break;
    default:
        if (!x86_emit_alu(s, opc, type, args, const_args)) {
            g_error("x86-64 backend: unexpected op %s", tcg_op_defs[opc].name);
        }
    }
}

/* ---- Entering and leaving translated code ---- */

static const int8_t x86_saved_regs[] = {
    X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
};

/*
 * prologue(env, code): save the callee-saved registers, env to r14,
 * reserve the spill frame, jump to the TB.  exit_ptr: "xor eax, eax",
 * then the epilogue that exit_tb jumps to with its value in rax.
 */
static void x86_context_init(TCGContext *s)
{
    int n = G_N_ELEMENTS(x86_saved_regs);

    s->code_ptr = s->code_gen_ptr;
    g_assert(s->code_ptr == s->code_buf);   /* x86_exec calls code_buf */
    for (int i = 0; i < n; i++) {
        x86_opc(s, 0x50 + (x86_saved_regs[i] & 7), 0, x86_saved_regs[i], 0);
    }
    x86_emit_mov(s, TCG_TYPE_PTR, X86_AREG0, x86_call_iarg_regs[0]);
    x86_modrm(s, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, X86_RSP);
    x86_out32(s, X86_STACK_ADJ);
    x86_modrm(s, OPC_GRP5, EXT5_JMP_Ev, x86_call_iarg_regs[1]);

    s->exit_ptr = s->code_ptr;
    x86_arith_rr(s, 0, ARITH_XOR, X86_RAX, X86_RAX);
    g_assert(s->code_ptr == x86_tb_ret(s));
    x86_modrm(s, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, X86_RSP);
    x86_out32(s, X86_STACK_ADJ);
    for (int i = n - 1; i >= 0; i--) {
        x86_opc(s, 0x58 + (x86_saved_regs[i] & 7), 0, x86_saved_regs[i], 0);
    }
    x86_out8(s, 0xc3);
    s->code_gen_ptr = s->code_ptr;
}

static uintptr_t x86_exec(TCGContext *s, void *env, const void *code)
{
    uintptr_t (*prologue)(void *, const void *) =
        (uintptr_t (*)(void *, const void *))(uintptr_t)s->code_buf;

    tci_retaddr = 0;   /* TCG_GETPC() uses the return address */
    return prologue(env, code);
}

static void x86_disas(GString *out, const void *code, size_t size)
{
    disas_host_append(out, code, size);
}

#define X86_BACKEND(NAME, SUPPORTED)                                       \
    {                                                                      \
        .name = NAME,                                                      \
        .nb_regs = 16,                                                     \
        .reg_names = x86_reg_names,                                        \
        .regs = 0xffff,                                                    \
        .reserved_regs = X86_REG(X86_RSP) | X86_REG(X86_AREG0) |           \
                         X86_REG(X86_TMP),                                 \
        .call_clobber_regs = X86_CALL_CLOBBERED,                           \
        .alloc_order = x86_alloc_order,                                    \
        .areg0 = X86_AREG0,                                                \
        .call_iarg_regs = x86_call_iarg_regs,                              \
        .call_oarg_reg = X86_RAX,                                          \
        .frame_reg = X86_RSP,                                              \
        .frame_start = X86_LDST_SAVE,                                      \
        .frame_size = X86_FRAME_SIZE - X86_LDST_SAVE,                      \
        .ldst_saves_state = true,                                          \
        .op_supported = SUPPORTED,                                         \
        .op_constraints = x86_op_constraints,                              \
        .constraint_letter = x86_constraint_letter,                        \
        .const_match = x86_const_match,                                    \
        .emit_op = x86_emit_op,                                            \
        .emit_mov = x86_emit_mov,                                          \
        .emit_movi = x86_emit_movi,                                        \
        .emit_ld = x86_emit_ld,                                            \
        .emit_st = x86_emit_st,                                            \
        .emit_call = x86_emit_call,                                        \
        .patch_reloc = x86_patch_reloc,                                    \
        .set_jmp_target = x86_set_jmp_target,                              \
        .context_init = x86_context_init,                                  \
        .tb_start = x86_ldst_tb_start,                                     \
        .tb_end = x86_ldst_tb_end,                                         \
        .exec = x86_exec,                                                  \
        .disas = x86_disas,                                                \
    }

const TCGBackend tcg_backend_x86_64 =
    X86_BACKEND("x86_64", x86_op_supported);
const TCGBackend tcg_backend_x86_64_base =
    X86_BACKEND("x86_64-base", x86_base_op_supported);
