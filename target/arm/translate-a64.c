/*
 * AArch64 frontend: A64 instructions -> TCG ops.  The decoder is generated
 * from a64.decode; each trans_ function below emits one instruction.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "exec/guest-atomic.h"
#include "cpu.h"
#include "sysreg.h"
#include "internals.h"
#include "vfp.h"
#include "fpu/softfloat.h"
#include "fpu/hardfloat.h"
#include "features.h"
#include "tcg/helper-gen.h"
#include "helper.h"

/* DisasJumpType endings of our own. */
#define DISAS_JUMP        DISAS_TARGET_0  /* cpu_pc is set: look up the next TB */
#define DISAS_UPDATE_EXIT DISAS_TARGET_1  /* state changed: pc = next, exit */
#define DISAS_WFI         DISAS_TARGET_2
#define DISAS_LOOKUP      DISAS_TARGET_3  /* cpu_pc is set: chain through
                                             the jump cache (goto_ptr) */

typedef struct DisasContext {
    DisasContextBase base;
    ARMCPU *cpu;
    uint64_t pc_curr;
    unsigned el;
    int mem_idx;
    uint32_t tb_flags;
    /*
     * What cpu_cc_op holds at this point of the TB (an ARMCCOp), or
     * CC_OP_UNKNOWN at the TB's start: NZCV stays pending across TBs.
     */
    int cc_op;
    /* cc_op at the start of each insn of the TB, for inner loops. */
    int8_t insn_cc_op[TRANSLATOR_MAX_INSNS];
    /*
     * Each insn of the TB that FP values were forwarded into (see
     * translate-fp.c.inc): a loop back to it would find them stale.
     */
    bool insn_fp_fwd[TRANSLATOR_MAX_INSNS];
    /* A conditional branch left the TB through goto_tb slot 1 already. */
    bool side_exit;
    /*
     * FP register values that translate-fp.c.inc forwards to the FP
     * instruction at fp_fwd_pc (see fp_check): bit n of fp_fwd_valid says
     * fp_fwd[n] holds Vn's low 64 bits, bit n of fp_fwd_hi0 that Vn's
     * high half in env is zero.
     */
    uint64_t fp_fwd_pc;
    uint32_t fp_fwd_valid, fp_fwd_hi0;
    TCGv_i64 fp_fwd[32];
} DisasContext;

#define CC_OP_UNKNOWN (-1)

static TCGv_i64 cpu_X[32];
static TCGv_i64 cpu_pc;
static TCGv_i64 cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
static TCGv_i64 cpu_cc_a, cpu_cc_b;
static TCGv_i32 cpu_cc_op;
static TCGv_i64 cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

void arm_translate_init(void)
{
    static const char names[32][4] = {
        "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
        "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20",
        "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "lr",
        "sp",
    };

    for (int i = 0; i < 32; i++) {
        cpu_X[i] = tcg_global_mem_new_i64(offsetof(CPUARMState, xregs[i]),
                                          names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(offsetof(CPUARMState, pc), "pc");
    cpu_NF = tcg_global_mem_new_i64(offsetof(CPUARMState, NF), "NF");
    cpu_ZF = tcg_global_mem_new_i64(offsetof(CPUARMState, ZF), "ZF");
    cpu_CF = tcg_global_mem_new_i64(offsetof(CPUARMState, CF), "CF");
    cpu_VF = tcg_global_mem_new_i64(offsetof(CPUARMState, VF), "VF");
    cpu_cc_a = tcg_global_mem_new_i64(offsetof(CPUARMState, cc_a), "cc_a");
    cpu_cc_b = tcg_global_mem_new_i64(offsetof(CPUARMState, cc_b), "cc_b");
    cpu_cc_op = tcg_global_mem_new_i32(offsetof(CPUARMState, cc_op), "cc_op");
    cpu_exclusive_addr = tcg_global_mem_new_i64(
        offsetof(CPUARMState, exclusive_addr), "exclusive_addr");
    cpu_exclusive_val = tcg_global_mem_new_i64(
        offsetof(CPUARMState, exclusive_val), "exclusive_val");
    cpu_exclusive_high = tcg_global_mem_new_i64(
        offsetof(CPUARMState, exclusive_high), "exclusive_high");
}

/* ---- Registers ---- */

/* Rn as a source where 31 is XZR. */
static TCGv_i64 cpu_reg(DisasContext *s, int r)
{
    return r == 31 ? tcg_constant_i64(0) : cpu_X[r];
}

/* Rn where 31 is SP. */
static TCGv_i64 cpu_reg_sp(DisasContext *s, int r)
{
    return cpu_X[r];
}

/* Write a result to Rd (31: XZR, discarded); sf=0 zero-extends. */
static void set_reg(int rd, TCGv_i64 val, bool sf)
{
    if (rd == 31) {
        return;
    }
    if (sf) {
        tcg_gen_mov_i64(cpu_X[rd], val);
    } else {
        tcg_gen_ext32u_i64(cpu_X[rd], val);
    }
}

/* The same where 31 is SP. */
static void set_reg_sp(int rd, TCGv_i64 val, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_X[rd], val);
    } else {
        tcg_gen_ext32u_i64(cpu_X[rd], val);
    }
}

/* ---- Exceptions and TB endings ---- */

static void gen_exception(DisasContext *s, uint64_t pc, int excp,
                          uint32_t syndrome)
{
    tcg_gen_movi_i64(cpu_pc, pc);
    gen_helper_exception(tcg_env, tcg_constant_i32(excp),
                         tcg_constant_i32(syndrome));
    tcg_gen_exit_tb(NULL, 0);   /* not reached: the helper longjmps out */
    s->base.is_jmp = DISAS_NORETURN;
}

static void unallocated_encoding(DisasContext *s)
{
    gen_exception(s, s->pc_curr, EXCP_UDEF, syn_uncategorized());
}

/* Leave the TB for the execution loop (pc already set). */
static void gen_exit(DisasContext *s)
{
    if (s->base.singlestep_enabled) {
        gen_helper_exception(tcg_env, tcg_constant_i32(EXCP_DEBUG),
                             tcg_constant_i32(0));
    }
    tcg_gen_exit_tb(NULL, 0);
}

/* An indirect jump: find the next TB without leaving generated code. */
static void gen_lookup_and_goto(DisasContext *s)
{
    if (s->base.singlestep_enabled) {
        gen_exit(s);
    } else {
        translator_lookup_and_goto_ptr(&s->base);
    }
}

/*
 * Whether a jump to dest can loop within the TB: dest is an insn of the
 * TB translated already, the code from there on assumes a cc_op that
 * holds now (any, when it assumed none), and no FP value was forwarded
 * into it.
 */
static bool can_loop_to(DisasContext *s, uint64_t dest)
{
    int cc, i;

    if (dest < s->base.pc_first || dest > s->pc_curr ||
        s->base.singlestep_enabled ||
        !translator_use_goto_tb(&s->base, dest)) {
        return false;
    }
    i = (dest - s->base.pc_first) / 4;
    cc = s->insn_cc_op[i];
    return (cc == CC_OP_UNKNOWN || cc == s->cc_op) && !s->insn_fp_fwd[i];
}

/* A jump to dest within the TB (can_loop_to): its first insn or another. */
static bool gen_loop_to(DisasContext *s, uint64_t dest)
{
    if (!can_loop_to(s, dest)) {
        return false;
    }
    if (translator_loop_back(&s->base, dest)) {
        return true;
    }
    if (!translator_inner_loop(&s->base, dest)) {
        return false;
    }
    tcg_gen_movi_i64(cpu_pc, dest);
    tcg_gen_exit_tb(NULL, 0);
    return true;
}

static void gen_goto_tb(DisasContext *s, int n, uint64_t dest)
{
    if (gen_loop_to(s, dest)) {
        /* A loop within the TB. */
    } else if (translator_use_goto_tb(&s->base, dest) &&
               !(n == 1 && s->side_exit)) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb(s->base.tb, n);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        gen_lookup_and_goto(s);
    }
    s->base.is_jmp = DISAS_NORETURN;
}

/* ---- Condition codes ---- */

/* A condition as "a cond b". */
typedef struct DisasCompare {
    TCGCond cond;
    TCGv_i64 a, b;
} DisasCompare;

/* NZ from a result; sf=0 uses its low 32 bits. */
static void gen_set_NZ(TCGv_i64 res, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_NF, res);
        tcg_gen_mov_i64(cpu_ZF, res);
    } else {
        tcg_gen_ext32s_i64(cpu_NF, res);
        tcg_gen_ext32u_i64(cpu_ZF, res);
    }
}

static void gen_logic_CC(TCGv_i64 res, bool sf)
{
    gen_set_NZ(res, sf);
    tcg_gen_movi_i64(cpu_CF, 0);
    tcg_gen_movi_i64(cpu_VF, 0);
}

/* dest = t0 + t1 + carry_in (a temp holding 0/1, or NULL), setting NZCV. */
static void gen_adc_CC(bool sf, TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1,
                       TCGv_i64 carry_in)
{
    TCGv_i64 res = tcg_temp_new_i64(), tmp = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    if (sf) {
        TCGv_i64 cf = tcg_temp_new_i64();
        if (carry_in) {
            tcg_gen_add2_i64(res, cf, t0, zero, carry_in, zero);
            tcg_gen_add2_i64(res, cf, res, cf, t1, zero);
        } else {
            tcg_gen_add2_i64(res, cf, t0, zero, t1, zero);
        }
        tcg_gen_xor_i64(cpu_VF, res, t0);
        tcg_gen_xor_i64(tmp, t0, t1);
        tcg_gen_andc_i64(cpu_VF, cpu_VF, tmp);
        tcg_gen_mov_i64(cpu_CF, cf);
        gen_set_NZ(res, true);
    } else {
        TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(a, t0);
        tcg_gen_ext32u_i64(b, t1);
        tcg_gen_add_i64(res, a, b);
        if (carry_in) {
            tcg_gen_add_i64(res, res, carry_in);
        }
        tcg_gen_xor_i64(tmp, a, b);
        tcg_gen_xor_i64(a, res, a);
        tcg_gen_andc_i64(a, a, tmp);
        tcg_gen_ext32s_i64(cpu_VF, a);
        tcg_gen_shri_i64(cpu_CF, res, 32);
        gen_set_NZ(res, false);
    }
    tcg_gen_mov_i64(dest, res);
}

/* dest = t0 - t1, setting NZCV (C = no borrow). */
static void gen_sub_CC(bool sf, TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    TCGv_i64 res = tcg_temp_new_i64(), tmp = tcg_temp_new_i64();
    TCGv_i64 a = t0, b = t1;

    if (!sf) {
        a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(a, t0);
        tcg_gen_ext32u_i64(b, t1);
    }
    tcg_gen_sub_i64(res, a, b);
    tcg_gen_setcond_i64(TCG_COND_GEU, cpu_CF, a, b);
    tcg_gen_xor_i64(tmp, a, b);
    tcg_gen_xor_i64(cpu_VF, res, a);
    tcg_gen_and_i64(cpu_VF, cpu_VF, tmp);
    if (!sf) {
        tcg_gen_ext32s_i64(cpu_VF, cpu_VF);
    }
    gen_set_NZ(res, sf);
    tcg_gen_mov_i64(dest, res);
}

static void gen_write_nzcv(TCGv_i64 src)
{
    tcg_gen_sextract_i64(cpu_NF, src, 31, 1);
    tcg_gen_andi_i64(cpu_ZF, src, 1u << 30);
    tcg_gen_setcondi_i64(TCG_COND_EQ, cpu_ZF, cpu_ZF, 0);
    tcg_gen_extract_i64(cpu_CF, src, 29, 1);
    tcg_gen_sextract_i64(cpu_VF, src, 28, 1);
}

/*
 * Lazy NZCV.  A SUBS, ADDS or ANDS only records its operands in cc_a/cc_b
 * and its kind in cc_op (see ARMCCOp): a B.cond or CSEL compares the
 * operands directly, and the flags are computed only for the readers of
 * NF..VF (MRS NZCV, ADC, a condition with no direct form).  C code reads
 * them with arm_nzcv(), so faults, exceptions and the gdbstub see exact
 * flags.  The translator knows cc_op's value from the last flag-setting
 * insn of the TB, and writes it only when it changes.
 */
static void gen_set_cc_op(DisasContext *s, int op)
{
    if (s->cc_op != op) {
        tcg_gen_movi_i32(cpu_cc_op, op);
        s->cc_op = op;
    }
}

/* Compute pending flags into NF..VF (cc_op = CC_OP_FLAGS). */
static void gen_flags_sync(DisasContext *s)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (s->cc_op) {
    case CC_OP_FLAGS:
        return;
    case CC_OP_SUB32:
    case CC_OP_SUB64:
        gen_sub_CC(s->cc_op == CC_OP_SUB64, t, cpu_cc_a, cpu_cc_b);
        break;
    case CC_OP_ADD32:
    case CC_OP_ADD64:
        gen_adc_CC(s->cc_op == CC_OP_ADD64, t, cpu_cc_a, cpu_cc_b, NULL);
        break;
    case CC_OP_LOGIC32:
    case CC_OP_LOGIC64:
        gen_logic_CC(cpu_cc_a, s->cc_op == CC_OP_LOGIC64);
        break;
    default:    /* set by an earlier TB: ask env */
        gen_helper_nzcv(t, tcg_env);
        gen_write_nzcv(t);
        break;
    }
    gen_set_cc_op(s, CC_OP_FLAGS);
}

/* dest = t0 - t1 (sub) or t0 + t1, NZCV pending. */
static void gen_addsub_CC_lazy(DisasContext *s, bool sf, bool sub,
                               TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    if (sf) {
        tcg_gen_mov_i64(cpu_cc_a, t0);
        tcg_gen_mov_i64(cpu_cc_b, t1);
    } else {
        tcg_gen_ext32u_i64(cpu_cc_a, t0);
        tcg_gen_ext32u_i64(cpu_cc_b, t1);
    }
    if (sub) {
        tcg_gen_sub_i64(dest, cpu_cc_a, cpu_cc_b);
        gen_set_cc_op(s, sf ? CC_OP_SUB64 : CC_OP_SUB32);
    } else {
        tcg_gen_add_i64(dest, cpu_cc_a, cpu_cc_b);
        gen_set_cc_op(s, sf ? CC_OP_ADD64 : CC_OP_ADD32);
    }
}

/* NZCV of a logical result, pending. */
static void gen_logic_CC_lazy(DisasContext *s, TCGv_i64 res, bool sf)
{
    tcg_gen_mov_i64(cpu_cc_a, res);
    gen_set_cc_op(s, sf ? CC_OP_LOGIC64 : CC_OP_LOGIC32);
}

/* v = x, or x sign-extended from 32 bits. */
static TCGv_i64 value_sf(TCGv_i64 x, bool sf)
{
    TCGv_i64 v;

    if (sf) {
        return x;
    }
    v = tcg_temp_new_i64();
    tcg_gen_ext32s_i64(v, x);
    return v;
}

static void set_compare(DisasCompare *c, TCGCond cond, TCGv_i64 a,
                        TCGv_i64 b)
{
    c->cond = cond, c->a = a, c->b = b;
}

/* Condition cc >> 1 after SUBS cc_a, cc_b; false for VS. */
static bool test_cc_sub(DisasCompare *c, int cc, bool sf)
{
    static const TCGCond conds[7] = {
        TCG_COND_EQ, TCG_COND_GEU, TCG_COND_LT, TCG_COND_NEVER,
        TCG_COND_GTU, TCG_COND_GE, TCG_COND_GT,
    };
    TCGv_i64 t;

    switch (cc >> 1) {
    case 2:     /* MI: the result's sign */
        t = tcg_temp_new_i64();
        tcg_gen_sub_i64(t, cpu_cc_a, cpu_cc_b);
        set_compare(c, TCG_COND_LT, value_sf(t, sf), tcg_constant_i64(0));
        return true;
    case 3:
        return false;
    case 5:
    case 6:     /* GE, GT: signed orders of the operands */
        set_compare(c, conds[cc >> 1], value_sf(cpu_cc_a, sf),
                    value_sf(cpu_cc_b, sf));
        return true;
    default:    /* zero-extended operands: equality, unsigned orders */
        set_compare(c, conds[cc >> 1], cpu_cc_a, cpu_cc_b);
        return true;
    }
}

/* Condition cc >> 1 after ADDS cc_a, cc_b; false but for EQ, CS, MI. */
static bool test_cc_add(DisasCompare *c, int cc, bool sf)
{
    TCGv_i64 sum = tcg_temp_new_i64();

    if (cc >> 1 > 2) {
        return false;
    }
    tcg_gen_add_i64(sum, cpu_cc_a, cpu_cc_b);
    switch (cc >> 1) {
    case 0:     /* EQ */
        set_compare(c, TCG_COND_EQ, value_sf(sum, sf), tcg_constant_i64(0));
        break;
    case 1:     /* CS: the sum wrapped, or (32 bits) reached bit 32 */
        if (sf) {
            set_compare(c, TCG_COND_LTU, sum, cpu_cc_a);
        } else {
            set_compare(c, TCG_COND_GEU, sum, tcg_constant_i64(1ull << 32));
        }
        break;
    default:    /* MI */
        set_compare(c, TCG_COND_LT, value_sf(sum, sf), tcg_constant_i64(0));
        break;
    }
    return true;
}

/* Condition cc >> 1 after ANDS: C and V are clear. */
static void test_cc_logic(DisasCompare *c, int cc, bool sf)
{
    static const TCGCond conds[7] = {
        TCG_COND_EQ, TCG_COND_NEVER, TCG_COND_LT, TCG_COND_NEVER,
        TCG_COND_NEVER, TCG_COND_GE, TCG_COND_GT,
    };

    set_compare(c, conds[cc >> 1], value_sf(cpu_cc_a, sf),
                tcg_constant_i64(0));
}

/* Condition cc >> 1 from NF..VF. */
static void test_cc_flags(DisasCompare *c, int cc)
{
    TCGv_i64 t;

    c->b = tcg_constant_i64(0);
    switch (cc >> 1) {
    case 0:     /* EQ: Z set */
        c->cond = TCG_COND_EQ, c->a = cpu_ZF;
        break;
    case 1:     /* CS: C set */
        c->cond = TCG_COND_NE, c->a = cpu_CF;
        break;
    case 2:     /* MI: N set */
        c->cond = TCG_COND_LT, c->a = cpu_NF;
        break;
    case 3:     /* VS: V set */
        c->cond = TCG_COND_LT, c->a = cpu_VF;
        break;
    case 4:     /* HI: C set and Z clear */
        t = tcg_temp_new_i64();
        tcg_gen_neg_i64(t, cpu_CF);
        tcg_gen_and_i64(t, t, cpu_ZF);
        c->cond = TCG_COND_NE, c->a = t;
        break;
    case 5:     /* GE: N == V */
        t = tcg_temp_new_i64();
        tcg_gen_xor_i64(t, cpu_NF, cpu_VF);
        c->cond = TCG_COND_GE, c->a = t;
        break;
    default:    /* GT: Z clear and N == V */
        t = tcg_temp_new_i64();
        tcg_gen_eqv_i64(t, cpu_NF, cpu_VF);
        tcg_gen_sari_i64(t, t, 63);
        tcg_gen_and_i64(t, t, cpu_ZF);
        c->cond = TCG_COND_NE, c->a = t;
        break;
    }
}

static bool test_cc_lazy(DisasContext *s, DisasCompare *c, int cc)
{
    switch (s->cc_op) {
    case CC_OP_SUB32:
    case CC_OP_SUB64:
        return test_cc_sub(c, cc, s->cc_op == CC_OP_SUB64);
    case CC_OP_ADD32:
    case CC_OP_ADD64:
        return test_cc_add(c, cc, s->cc_op == CC_OP_ADD64);
    case CC_OP_LOGIC32:
    case CC_OP_LOGIC64:
        test_cc_logic(c, cc, s->cc_op == CC_OP_LOGIC64);
        return true;
    default:
        return false;
    }
}

static void arm_test_cc(DisasContext *s, DisasCompare *c, int cc)
{
    if (cc >> 1 == 7) {     /* AL, NV: always */
        set_compare(c, TCG_COND_ALWAYS, cpu_ZF, tcg_constant_i64(0));
        return;
    }
    if (!test_cc_lazy(s, c, cc)) {
        gen_flags_sync(s);
        test_cc_flags(c, cc);
    }
    if (cc & 1) {
        c->cond = tcg_invert_cond(c->cond);
    }
}

/* ---- Operand shapes ---- */

/* dst = src shifted (type: LSL, LSR, ASR, ROR) by amount at width sf. */
static void shift_reg_imm(TCGv_i64 dst, TCGv_i64 src, bool sf, int type,
                          int amount)
{
    if (sf) {
        switch (type) {
        case 0: tcg_gen_shli_i64(dst, src, amount); break;
        case 1: tcg_gen_shri_i64(dst, src, amount); break;
        case 2: tcg_gen_sari_i64(dst, src, amount); break;
        default: tcg_gen_rotri_i64(dst, src, amount); break;
        }
        return;
    }
    switch (type) {
    case 0:
        tcg_gen_shli_i64(dst, src, amount);
        break;
    case 1:
        tcg_gen_ext32u_i64(dst, src);
        tcg_gen_shri_i64(dst, dst, amount);
        break;
    case 2:
        tcg_gen_ext32s_i64(dst, src);
        tcg_gen_sari_i64(dst, dst, amount);
        break;
    default: {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(t, src);
        tcg_gen_rotri_i32(t, t, amount);
        tcg_gen_extu_i32_i64(dst, t);
        break;
    }
    }
    tcg_gen_ext32u_i64(dst, dst);
}

/* dst = extend(src, option) << shift (the extended-register operand). */
static void ext_and_shift_reg(TCGv_i64 dst, TCGv_i64 src, int option,
                              int shift)
{
    switch (option) {
    case 0: tcg_gen_ext8u_i64(dst, src); break;
    case 1: tcg_gen_ext16u_i64(dst, src); break;
    case 2: tcg_gen_ext32u_i64(dst, src); break;
    case 4: tcg_gen_ext8s_i64(dst, src); break;
    case 5: tcg_gen_ext16s_i64(dst, src); break;
    case 6: tcg_gen_ext32s_i64(dst, src); break;
    default: tcg_gen_mov_i64(dst, src); break;
    }
    tcg_gen_shli_i64(dst, dst, shift);
}

/*
 * Decode a logical immediate (N:immr:imms) into its 64-bit value; false
 * for the reserved encodings.
 */
bool arm_decode_bitmask(bool sf, int n, int imms, int immr, uint64_t *result)
{
    unsigned bits = (n << 6) | (~imms & 0x3f);
    int len = bits ? 31 - __builtin_clz(bits) : -1;
    unsigned esize, levels, s, r;
    uint64_t elem;

    if (len < 1 || (!sf && n)) {
        return false;
    }
    esize = 1u << len;
    levels = esize - 1;
    s = imms & levels;
    r = immr & levels;
    if (s == levels) {
        return false;           /* all ones: reserved */
    }
    elem = (s + 1 == 64) ? ~0ull : (1ull << (s + 1)) - 1;
    if (r) {
        elem = (elem >> r) | (elem << (esize - r));
    }
    if (esize < 64) {
        elem &= (1ull << esize) - 1;
        for (unsigned e = esize; e < 64; e *= 2) {
            elem |= elem << e;
        }
    }
    *result = sf ? elem : (uint32_t)elem;
    return true;
}

#include "decode-a64.c.inc"

/* ---- Data processing: immediate ---- */

static bool trans_ADR(DisasContext *s, arg_ADR *a)
{
    uint64_t base = s->pc_curr, off = (int64_t)a->imm;

    if (a->op) {
        base &= ~0xfffull;
        off <<= 12;
    }
    if (a->rd != 31) {
        tcg_gen_movi_i64(cpu_X[a->rd], base + off);
    }
    return true;
}

static bool trans_ADDSUB_i(DisasContext *s, arg_ADDSUB_i *a)
{
    TCGv_i64 rn = cpu_reg_sp(s, a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    uint64_t imm = (uint64_t)a->imm << (a->sh ? 12 : 0);

    if (!a->s) {
        if (a->op) {
            tcg_gen_subi_i64(res, rn, imm);
        } else {
            tcg_gen_addi_i64(res, rn, imm);
        }
        set_reg_sp(a->rd, res, a->sf);
    } else {
        gen_addsub_CC_lazy(s, a->sf, a->op, res, rn, tcg_constant_i64(imm));
        set_reg(a->rd, res, a->sf);
    }
    return true;
}

static bool trans_LOGIC_i(DisasContext *s, arg_LOGIC_i *a)
{
    TCGv_i64 rn = cpu_reg(s, a->rn);
    TCGv_i64 res = tcg_temp_new_i64();
    uint64_t imm;

    if (!arm_decode_bitmask(a->sf, a->n, a->imms, a->immr, &imm)) {
        return false;
    }
    switch (a->opc) {
    case 0: case 3: tcg_gen_andi_i64(res, rn, imm); break;
    case 1: tcg_gen_ori_i64(res, rn, imm); break;
    default: tcg_gen_xori_i64(res, rn, imm); break;
    }
    if (a->opc == 3) {
        gen_logic_CC_lazy(s, res, a->sf);
        set_reg(a->rd, res, a->sf);
    } else {
        set_reg_sp(a->rd, res, a->sf);
    }
    return true;
}

static bool trans_MOVW(DisasContext *s, arg_MOVW *a)
{
    int pos = a->hw * 16;
    uint64_t imm = (uint64_t)a->imm << pos;

    if (a->opc == 1 || (!a->sf && a->hw > 1)) {
        return false;
    }
    if (a->rd == 31) {
        return true;
    }
    switch (a->opc) {
    case 0:     /* MOVN */
        tcg_gen_movi_i64(cpu_X[a->rd], a->sf ? ~imm : (uint32_t)~imm);
        break;
    case 2:     /* MOVZ */
        tcg_gen_movi_i64(cpu_X[a->rd], imm);
        break;
    default:    /* MOVK */
        tcg_gen_deposit_i64(cpu_X[a->rd], cpu_X[a->rd],
                            tcg_constant_i64(a->imm), pos, 16);
        if (!a->sf) {
            tcg_gen_ext32u_i64(cpu_X[a->rd], cpu_X[a->rd]);
        }
        break;
    }
    return true;
}

static bool trans_BITFIELD(DisasContext *s, arg_BITFIELD *a)
{
    unsigned width = a->sf ? 64 : 32, r = a->immr, si = a->imms;
    TCGv_i64 src = cpu_reg(s, a->rn), res = tcg_temp_new_i64();

    if (a->opc == 3 || a->n != a->sf || r >= width || si >= width) {
        return false;
    }
    if (si >= r) {
        unsigned len = si - r + 1;
        switch (a->opc) {
        case 0: tcg_gen_sextract_i64(res, src, r, len); break;
        case 1:
            tcg_gen_extract_i64(res, src, r, len);
            tcg_gen_deposit_i64(res, cpu_reg(s, a->rd), res, 0, len);
            break;
        default: tcg_gen_extract_i64(res, src, r, len); break;
        }
    } else {
        unsigned len = si + 1, pos = width - r;
        switch (a->opc) {
        case 0:
            tcg_gen_sextract_i64(res, src, 0, len);
            tcg_gen_shli_i64(res, res, pos);
            break;
        case 1:
            tcg_gen_deposit_i64(res, cpu_reg(s, a->rd), src, pos, len);
            break;
        default:
            if (len + pos >= width) {
                /* LSL: the shift drops the bits the extract would clear. */
                tcg_gen_shli_i64(res, src, pos);
            } else {
                tcg_gen_extract_i64(res, src, 0, len);
                tcg_gen_shli_i64(res, res, pos);
            }
            break;
        }
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

static bool trans_EXTR(DisasContext *s, arg_EXTR *a)
{
    TCGv_i64 res = tcg_temp_new_i64();

    if (a->n != a->sf || (!a->sf && a->imms >= 32)) {
        return false;
    }
    if (a->sf) {
        tcg_gen_extract2_i64(res, cpu_reg(s, a->rm), cpu_reg(s, a->rn), a->imms);
    } else {
        tcg_gen_deposit_i64(res, cpu_reg(s, a->rm), cpu_reg(s, a->rn), 32, 32);
        tcg_gen_shri_i64(res, res, a->imms);
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

/* ---- Branches ---- */

static bool trans_B_imm(DisasContext *s, arg_B_imm *a)
{
    if (a->op) {
        tcg_gen_movi_i64(cpu_X[30], s->pc_curr + 4);
    }
    gen_goto_tb(s, 0, s->pc_curr + (int64_t)a->imm * 4);
    return true;
}

/* The signed field of len bits at pos in insn. */
static int64_t insn_sfield(uint32_t insn, int pos, int len)
{
    return (int64_t)((uint64_t)insn << (64 - pos - len)) >> (64 - len);
}

/*
 * Whether the insns after this one reach, on this page and within the
 * TB's insn budget, a branch back to this insn or one before it in the
 * TB (this insn is in a loop's body: a branch out of it is taken once per
 * loop), with nothing in between that branches other than conditionally
 * or is a system insn (encoding group 101x).
 */
static bool falls_into_loop_back(DisasContext *s)
{
    DisasContextBase *db = &s->base;
    uint64_t pc = db->pc_next;
    int64_t off;

    if (!db->host_addr[0] || db->singlestep_enabled) {
        return false;
    }
    for (int i = 0; i < 16 && db->num_insns + i < db->max_insns; i++) {
        uint32_t insn;

        if ((pc ^ db->pc_first) & TARGET_PAGE_MASK) {
            return false;
        }
        insn = translator_ldl(CPU(s->cpu), db, pc);
        if ((insn & 0x1c000000) != 0x14000000) {
            pc += 4;
            continue;
        }
        if ((insn & 0xfc000000) == 0x14000000) {            /* B */
            off = insn_sfield(insn, 0, 26) * 4;
        } else if ((insn & 0xff000010) == 0x54000000 ||     /* B.cond */
                   (insn & 0x7e000000) == 0x34000000) {     /* CBZ, CBNZ */
            off = insn_sfield(insn, 5, 19) * 4;
        } else if ((insn & 0x7e000000) == 0x36000000) {     /* TBZ, TBNZ */
            off = insn_sfield(insn, 5, 14) * 4;
        } else {
            return false;
        }
        if (pc + off >= db->pc_first && pc + off <= s->pc_curr) {
            return true;
        }
        if ((insn & 0xfc000000) == 0x14000000) {
            return false;
        }
        pc += 4;
    }
    return false;
}

/*
 * Branch to pc_curr + off when c holds, else fall through.  When the
 * taken side loops within the TB, or the fall-through reaches a branch
 * back into it (a loop whose exit tests are at its top, or a loop with
 * early exits), the TB goes on with the fall-through, so the loop stays
 * within one TB.  The first side exit of a TB takes goto_tb slot 1, later
 * ones leave through the jump cache (goto_ptr).
 */
static void gen_cond_branch(DisasContext *s, DisasCompare *c, int64_t off)
{
    uint64_t dest = s->pc_curr + off;
    TCGLabel *label = gen_new_label();

    if (c->cond != TCG_COND_ALWAYS && c->cond != TCG_COND_NEVER &&
        can_loop_to(s, dest)) {
        /* The taken side loops within the TB: go on with the other. */
        bool looped;

        tcg_gen_brcond_i64(tcg_invert_cond(c->cond), c->a, c->b, label);
        looped = gen_loop_to(s, dest);
        g_assert(looped);
        tcg_gen_set_label(label);
        return;
    }
    if (c->cond != TCG_COND_ALWAYS && c->cond != TCG_COND_NEVER &&
        falls_into_loop_back(s)) {
        tcg_gen_brcond_i64(tcg_invert_cond(c->cond), c->a, c->b, label);
        gen_goto_tb(s, 1, dest);
        tcg_gen_set_label(label);
        s->side_exit = true;
        s->base.is_jmp = DISAS_NEXT;
        return;
    }
    tcg_gen_brcond_i64(c->cond, c->a, c->b, label);
    gen_goto_tb(s, 0, s->base.pc_next);
    tcg_gen_set_label(label);
    gen_goto_tb(s, 1, dest);
}

static bool trans_B_cond(DisasContext *s, arg_B_cond *a)
{
    DisasCompare c;

    arm_test_cc(s, &c, a->cond);
    gen_cond_branch(s, &c, (int64_t)a->imm * 4);
    return true;
}

static bool trans_CBZ(DisasContext *s, arg_CBZ *a)
{
    DisasCompare c = { a->op ? TCG_COND_NE : TCG_COND_EQ, cpu_reg(s, a->rt),
                       tcg_constant_i64(0) };

    if (!a->sf) {
        c.a = tcg_temp_new_i64();
        tcg_gen_ext32u_i64(c.a, cpu_reg(s, a->rt));
    }
    gen_cond_branch(s, &c, (int64_t)a->imm * 4);
    return true;
}

static bool trans_TBZ(DisasContext *s, arg_TBZ *a)
{
    DisasCompare c = { a->op ? TCG_COND_NE : TCG_COND_EQ, tcg_temp_new_i64(),
                       tcg_constant_i64(0) };

    tcg_gen_andi_i64(c.a, cpu_reg(s, a->rt), 1ull << (a->b5 * 32 + a->b40));
    gen_cond_branch(s, &c, (int64_t)a->imm * 4);
    return true;
}

/*
 * PC = AArch64.BranchAddr(dest) (dest not cpu_pc): without its tag when
 * TBI applies to branches in dest's half.  The sign extension of bit 55
 * is the untagged address; with TBI on one half only, AND (TTBR0 half)
 * or OR (TTBR1 half) with dest leaves the other half's top byte alone.
 */
static void gen_branch_pc(DisasContext *s, TCGv_i64 dest)
{
    uint32_t tbii = s->tb_flags & (TB_FLAG_TBII0 | TB_FLAG_TBII1);

    if (!tbii) {
        tcg_gen_mov_i64(cpu_pc, dest);
        return;
    }
    tcg_gen_sextract_i64(cpu_pc, dest, 0, 56);
    if (tbii == TB_FLAG_TBII0) {
        tcg_gen_and_i64(cpu_pc, cpu_pc, dest);
    } else if (tbii == TB_FLAG_TBII1) {
        tcg_gen_or_i64(cpu_pc, cpu_pc, dest);
    }
}

static void gen_branch_reg(DisasContext *s, int rn, bool link)
{
    TCGv_i64 dest = tcg_temp_new_i64();

    tcg_gen_mov_i64(dest, cpu_reg(s, rn));
    if (link) {
        tcg_gen_movi_i64(cpu_X[30], s->pc_curr + 4);
    }
    gen_branch_pc(s, dest);
    s->base.is_jmp = DISAS_LOOKUP;
}

static bool trans_BR(DisasContext *s, arg_BR *a)
{
    gen_branch_reg(s, a->rn, false);
    return true;
}

static bool trans_BLR(DisasContext *s, arg_BLR *a)
{
    gen_branch_reg(s, a->rn, true);
    return true;
}

static bool trans_RET(DisasContext *s, arg_RET *a)
{
    gen_branch_reg(s, a->rn, false);
    return true;
}

/*
 * Leave for the execution loop when due (an i32 the helper returned) is
 * nonzero: an interrupt was unmasked and must be taken before the next
 * insn.  pc: cpu_pc is set already (NULL), else the value to set.
 */
static void gen_exit_if_due(DisasContext *s, TCGv_i32 due, const uint64_t *pc)
{
    TCGLabel *stay = gen_new_label();

    tcg_gen_brcondi_i32(TCG_COND_EQ, due, 0, stay);
    if (pc) {
        tcg_gen_movi_i64(cpu_pc, *pc);
    }
    gen_exit(s);
    tcg_gen_set_label(stay);
}

/* The new EL and SP are in the TB flags: find the next TB by lookup. */
static bool trans_ERET(DisasContext *s, arg_ERET *a)
{
    TCGv_i32 due = tcg_temp_new_i32();

    if (s->el == 0) {
        return false;
    }
    tcg_gen_movi_i64(cpu_pc, s->pc_curr);
    gen_helper_eret(due, tcg_env);
    gen_exit_if_due(s, due, NULL);
    s->base.is_jmp = DISAS_LOOKUP;
    return true;
}

/* ---- Exception generation ---- */

static bool trans_SVC(DisasContext *s, arg_SVC *a)
{
    gen_exception(s, s->base.pc_next, EXCP_SWI, syn_aa64_svc(a->imm));
    return true;
}

/* No EL2: with PSCI on the HVC conduit, HVC #0 at EL1 is a PSCI call. */
static bool trans_HVC(DisasContext *s, arg_HVC *a)
{
    if (!s->cpu->psci_hvc || s->el == 0) {
        return false;
    }
    gen_exception(s, s->base.pc_next, EXCP_HVC, 0);
    return true;
}

static bool trans_SMC(DisasContext *s, arg_SMC *a)
{
    return false;       /* no EL3 */
}

static bool trans_BRK(DisasContext *s, arg_BRK *a)
{
    gen_exception(s, s->pc_curr, EXCP_BKPT, syn_aa64_bkpt(a->imm));
    return true;
}

static bool trans_HLT(DisasContext *s, arg_HLT *a)
{
    if (a->imm == 0xf000 && s->cpu->semihosting && s->el > 0) {
        gen_exception(s, s->pc_curr, EXCP_SEMIHOST, 0);
        return true;
    }
    return false;       /* no halting debug */
}

/* ---- System ---- */

static bool gen_pauth_hint(DisasContext *s, int op);

static bool trans_HINT(DisasContext *s, arg_HINT *a)
{
    if (gen_pauth_hint(s, a->crm << 3 | a->op2)) {
        return true;
    }
    switch (a->crm << 3 | a->op2) {
    case 3:     /* WFI */
        s->base.is_jmp = DISAS_WFI;
        break;
    case 1:     /* YIELD */
    case 2:     /* WFE: no events to wait for; let others run */
        s->base.is_jmp = DISAS_UPDATE_EXIT;
        break;
    default:    /* NOP, SEV, SEVL and unallocated hints */
        break;
    }
    return true;
}

static bool trans_CLREX(DisasContext *s, arg_CLREX *a)
{
    tcg_gen_movi_i64(cpu_exclusive_addr, -1);
    return true;
}

static bool trans_DSB_DMB(DisasContext *s, arg_DSB_DMB *a)
{
    tcg_gen_guest_mb();     /* vCPU threads may run in parallel (MTTCG) */
    return true;
}

/*
 * The TB ends (code written before the ISB is retranslated), chained to
 * the next: what makes an interrupt pending also asks the vCPU to exit,
 * which the next TB checks first.
 */
static bool trans_ISB(DisasContext *s, arg_ISB *a)
{
    s->base.is_jmp = DISAS_TOO_MANY;
    return true;
}

/* DAIF := daif; leave for the loop only if that unmasked an interrupt. */
static void gen_write_daif(DisasContext *s, TCGv_i32 daif)
{
    TCGv_i32 due = tcg_temp_new_i32();

    gen_helper_msr_daif(due, tcg_env, daif);
    gen_exit_if_due(s, due, &s->base.pc_next);
}

static bool trans_MSR_i(DisasContext *s, arg_MSR_i *a)
{
    switch (a->op1 << 3 | a->op2) {
    case 0x05:      /* SPSel */
        if (s->el == 0) {
            return false;
        }
        gen_helper_msr_spsel(tcg_env, tcg_constant_i32(a->crm & 1));
        break;
    case 0x1e:      /* DAIFSet */
    case 0x1f: {    /* DAIFClr */
        TCGv_i32 t = tcg_temp_new_i32();
        if (s->el == 0 && !(s->tb_flags & TB_FLAG_UMA)) {
            return false;
        }
        tcg_gen_ld_i32(t, tcg_env, offsetof(CPUARMState, pstate));
        if (a->op2 == 6) {
            /* Masking: no interrupt becomes due, the TB goes on. */
            tcg_gen_ori_i32(t, t, a->crm << 6);
            tcg_gen_st_i32(t, tcg_env, offsetof(CPUARMState, pstate));
        } else {
            tcg_gen_andi_i32(t, t, ~(a->crm << 6) & PSTATE_DAIF);
            gen_write_daif(s, t);
        }
        return true;
    }
    default:
        return false;
    }
    s->base.is_jmp = DISAS_UPDATE_EXIT;
    return true;
}

static void gen_read_nzcv(DisasContext *s, TCGv_i64 dst)
{
    TCGv_i64 t = tcg_temp_new_i64();

    gen_flags_sync(s);
    tcg_gen_shri_i64(dst, cpu_NF, 63);
    tcg_gen_shli_i64(dst, dst, 31);
    tcg_gen_setcondi_i64(TCG_COND_EQ, t, cpu_ZF, 0);
    tcg_gen_shli_i64(t, t, 30);
    tcg_gen_or_i64(dst, dst, t);
    tcg_gen_shli_i64(t, cpu_CF, 29);
    tcg_gen_or_i64(dst, dst, t);
    tcg_gen_shri_i64(t, cpu_VF, 63);
    tcg_gen_shli_i64(t, t, 28);
    tcg_gen_or_i64(dst, dst, t);
}

static bool fp_access_check(DisasContext *s);

/* MRS/MSR of the registers the translator handles itself. */
static bool gen_special_sysreg(DisasContext *s, const ARMSysReg *ri, bool read,
                               int rt)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (!strcmp(ri->name, "NZCV")) {
        if (read) {
            gen_read_nzcv(s, t);
            set_reg(rt, t, true);
        } else {
            gen_write_nzcv(cpu_reg(s, rt));
            gen_set_cc_op(s, CC_OP_FLAGS);
        }
    } else if (!strcmp(ri->name, "DAIF")) {
        if (s->el == 0 && !(s->tb_flags & TB_FLAG_UMA)) {
            return false;
        }
        if (read) {
            tcg_gen_ld32u_i64(t, tcg_env, offsetof(CPUARMState, pstate));
            tcg_gen_andi_i64(t, t, PSTATE_DAIF);
            set_reg(rt, t, true);
        } else {
            TCGv_i32 v = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(v, cpu_reg(s, rt));
            tcg_gen_andi_i32(v, v, PSTATE_DAIF);
            gen_write_daif(s, v);
        }
    } else if (!strcmp(ri->name, "SPSel")) {
        if (read) {
            tcg_gen_movi_i64(t, !!(s->tb_flags & TB_FLAG_SPSEL));
            set_reg(rt, t, true);
        } else {
            TCGv_i32 v = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(v, cpu_reg(s, rt));
            tcg_gen_andi_i32(v, v, 1);
            gen_helper_msr_spsel(tcg_env, v);
            s->base.is_jmp = DISAS_UPDATE_EXIT;
        }
    } else if (!strcmp(ri->name, "CurrentEL")) {
        tcg_gen_movi_i64(t, s->el << 2);
        set_reg(rt, t, true);
    } else if (!strcmp(ri->name, "SP_EL0")) {
        /* Only reachable with SPSel=1 at EL1: SP_EL0 is the bank. */
        if (!(s->tb_flags & TB_FLAG_SPSEL)) {
            return false;
        }
        if (read) {
            tcg_gen_ld_i64(t, tcg_env, offsetof(CPUARMState, sp_el[0]));
            set_reg(rt, t, true);
        } else {
            tcg_gen_st_i64(cpu_reg(s, rt), tcg_env,
                           offsetof(CPUARMState, sp_el[0]));
        }
    } else {    /* FPCR, FPSR: 32-bit fields */
        bool fpcr = !strcmp(ri->name, "FPCR");
        size_t off = fpcr ? offsetof(CPUARMState, fpcr)
                          : offsetof(CPUARMState, fpsr);
        if (!fp_access_check(s)) {
            return true;
        }
        if (read) {
            tcg_gen_ld32u_i64(t, tcg_env, off);
            set_reg(rt, t, true);
        } else {
            tcg_gen_andi_i64(t, cpu_reg(s, rt),
                             fpcr ? isar_fpcr_mask(&s->cpu->isar)
                                  : FPSR_MASK);
            tcg_gen_st32_i64(t, tcg_env, off);
        }
    }
    return true;
}

static bool trans_SYS(DisasContext *s, arg_SYS *a)
{
    const ARMSysReg *ri;
    bool read = a->l;
    unsigned need;

    if (a->op0 == 0) {
        return false;
    }
    ri = arm_sysreg_find(a->op0, a->op1, a->crn, a->crm, a->op2);
    if (!ri || (ri->kind == SR_INSN) != (a->op0 == 1) ||
        (ri->kind == SR_INSN && read)) {
        kemu_log_mask(LOG_UNIMP, "aarch64: %s of unknown system register "
                      "op0=%d op1=%d CRn=%d CRm=%d op2=%d at 0x%" PRIx64 "\n",
                      read ? "read" : "write", a->op0, a->op1, a->crn, a->crm,
                      a->op2, s->pc_curr);
        return false;
    }
    need = s->el == 0 ? (read ? SR_PL0_R : SR_PL0_W)
                      : (read ? SR_PL1_R : SR_PL1_W);
    if (!(ri->access & need)) {
        return false;
    }
    if (s->el == 0 && !strcmp(ri->name, "CTR_EL0") &&
        !(s->tb_flags & TB_FLAG_UCT)) {
        return false;
    }
    switch (ri->kind) {
    case SR_SPECIAL:
        return gen_special_sysreg(s, ri, read, a->rt);
    case SR_INSN:
        tcg_gen_movi_i64(cpu_pc, s->pc_curr);
        gen_helper_sys_insn(tcg_env, tcg_constant_ptr(ri), cpu_reg(s, a->rt));
        s->base.is_jmp = DISAS_UPDATE_EXIT;
        return true;
    case SR_CONST:
    case SR_ISAR:
        if (read) {
            set_reg(a->rt, tcg_constant_i64(arm_sysreg_read(s->cpu, ri)), true);
        }
        return true;
    case SR_FUNC:
        /* Run-time checks may raise: the helpers need the exact pc. */
        tcg_gen_movi_i64(cpu_pc, s->pc_curr);
        if (read) {
            TCGv_i64 t = tcg_temp_new_i64();
            gen_helper_get_sysreg(t, tcg_env, tcg_constant_ptr(ri));
            set_reg(a->rt, t, true);
        } else {
            gen_helper_set_sysreg(tcg_env, tcg_constant_ptr(ri),
                                  cpu_reg(s, a->rt));
            s->base.is_jmp = DISAS_UPDATE_EXIT;
        }
        return true;
    default:
        break;
    }
    if (read) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_ld_i64(t, tcg_env, ri->offset);
        set_reg(a->rt, t, true);
    } else if (ri->write) {
        gen_helper_set_sysreg(tcg_env, tcg_constant_ptr(ri), cpu_reg(s, a->rt));
        if (ri->end_tb) {
            s->base.is_jmp = DISAS_UPDATE_EXIT;
        }
    } else {
        tcg_gen_st_i64(cpu_reg(s, a->rt), tcg_env, ri->offset);
    }
    return true;
}

/* ---- Loads and stores ---- */

static void do_load(DisasContext *s, int rt, TCGv_i64 addr, MemOp mop,
                    bool ext64, int mem_idx)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_qemu_ld_i64(t, addr, mem_idx, mop | MO_LE);
    set_reg(rt, t, ext64);
}

static void do_store(DisasContext *s, int rt, TCGv_i64 addr, MemOp mop,
                     int mem_idx)
{
    tcg_gen_qemu_st_i64(cpu_reg(s, rt), addr, mem_idx, mop | MO_LE);
}

/*
 * One load or store of the size:opc family: sz = log2 bytes, opc 0 store,
 * 1 load, 2 load signed to 64 bits, 3 load signed to 32 bits.  False for
 * unallocated combinations.  PRFM (sz 3, opc 2) does nothing.
 */
static bool do_ldst(DisasContext *s, int sz, int opc, int rt, TCGv_i64 addr,
                    int mem_idx)
{
    if (opc == 0) {
        do_store(s, rt, addr, sz, mem_idx);
    } else if (opc == 1) {
        do_load(s, rt, addr, sz, sz == 3, mem_idx);
    } else if (sz == 3) {
        return opc == 2;        /* PRFM; opc 3 unallocated */
    } else if (opc == 2) {
        do_load(s, rt, addr, sz | MO_SIGN, true, mem_idx);
    } else if (sz < 2) {
        do_load(s, rt, addr, sz | MO_SIGN, false, mem_idx);
    } else {
        return false;
    }
    return true;
}

static bool trans_LDST_uimm(DisasContext *s, arg_LDST_uimm *a)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    tcg_gen_addi_i64(addr, cpu_reg_sp(s, a->rn), (uint64_t)a->imm << a->sz);
    return do_ldst(s, a->sz, a->opc, a->rt, addr, s->mem_idx);
}

static bool trans_LDST_imm9(DisasContext *s, arg_LDST_imm9 *a)
{
    TCGv_i64 addr = tcg_temp_new_i64(), base = cpu_reg_sp(s, a->rn);
    bool post = a->idx == 1, wback = a->idx & 1;
    int mem_idx = a->idx == 2 ? ARM_MMU_IDX_EL0 : s->mem_idx;

    if (a->idx == 2 && a->sz == 3 && a->opc == 2) {
        return false;           /* no unprivileged prefetch */
    }
    if (wback && a->sz == 3 && a->opc >= 2) {
        return false;
    }
    tcg_gen_addi_i64(addr, base, post ? 0 : (int64_t)a->imm);
    if (!do_ldst(s, a->sz, a->opc, a->rt, addr, mem_idx)) {
        return false;
    }
    if (wback) {
        tcg_gen_addi_i64(base, addr, post ? (int64_t)a->imm : 0);
    }
    return true;
}

static bool trans_LDST_reg(DisasContext *s, arg_LDST_reg *a)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    if (!(a->opt & 2)) {
        return false;
    }
    ext_and_shift_reg(addr, cpu_reg(s, a->rm), a->opt, a->s ? a->sz : 0);
    tcg_gen_add_i64(addr, addr, cpu_reg_sp(s, a->rn));
    return do_ldst(s, a->sz, a->opc, a->rt, addr, s->mem_idx);
}

static bool trans_LDR_lit(DisasContext *s, arg_LDR_lit *a)
{
    TCGv_i64 addr = tcg_constant_i64(s->pc_curr + (int64_t)a->imm * 4);

    switch (a->opc) {
    case 0: do_load(s, a->rt, addr, MO_32, false, s->mem_idx); break;
    case 1: do_load(s, a->rt, addr, MO_64, true, s->mem_idx); break;
    case 2: do_load(s, a->rt, addr, MO_SL, true, s->mem_idx); break;
    default: break;     /* PRFM */
    }
    return true;
}

static bool trans_LDSTP(DisasContext *s, arg_LDSTP *a)
{
    int sz = 2 + (a->opc >> 1);
    bool sign = a->opc == 1;
    int64_t off = (int64_t)a->imm << sz;
    bool post = a->idx == 1, wback = a->idx == 1 || a->idx == 3;
    TCGv_i64 base = cpu_reg_sp(s, a->rn), addr = tcg_temp_new_i64();
    TCGv_i64 addr2 = tcg_temp_new_i64();
    MemOp mop = sz | (sign ? MO_SIGN : 0) | MO_LE;

    if (a->opc == 3 || (sign && (!a->l || a->idx == 0))) {
        return false;
    }
    tcg_gen_addi_i64(addr, base, post ? 0 : off);
    tcg_gen_addi_i64(addr2, addr, 1 << sz);
    if (a->l) {
        TCGv_i64 v1 = tcg_temp_new_i64(), v2 = tcg_temp_new_i64();
        tcg_gen_qemu_ld_i64(v1, addr, s->mem_idx, mop);
        tcg_gen_qemu_ld_i64(v2, addr2, s->mem_idx, mop);
        set_reg(a->rt, v1, sz == 3 || sign);
        set_reg(a->rt2, v2, sz == 3 || sign);
    } else {
        tcg_gen_qemu_st_i64(cpu_reg(s, a->rt), addr, s->mem_idx, mop);
        tcg_gen_qemu_st_i64(cpu_reg(s, a->rt2), addr2, s->mem_idx, mop);
    }
    if (wback) {
        tcg_gen_addi_i64(base, addr, post ? off : 0);
    }
    return true;
}

/* ---- Exclusives and acquire/release ---- */

static bool trans_LDXR(DisasContext *s, arg_LDXR *a)
{
    TCGv_i64 addr = tcg_temp_new_i64(), val = tcg_temp_new_i64();

    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    tcg_gen_qemu_ld_i64(val, addr, s->mem_idx, a->sz | MO_LE | MO_ALIGN);
    tcg_gen_mov_i64(cpu_exclusive_addr, addr);
    tcg_gen_mov_i64(cpu_exclusive_val, val);
    set_reg(a->rt, val, true);
    return true;
}

static bool trans_LDXP(DisasContext *s, arg_LDXP *a)
{
    TCGv_i64 addr = tcg_temp_new_i64(), v1 = tcg_temp_new_i64();
    TCGv_i64 v2 = tcg_temp_new_i64();

    tcg_gen_mov_i64(addr, cpu_reg_sp(s, a->rn));
    if (a->sz) {
        TCGv_i64 addr2 = tcg_temp_new_i64();
        tcg_gen_qemu_ld_i64(v1, addr, s->mem_idx, MO_LEUQ | MO_ALIGN_16);
        tcg_gen_addi_i64(addr2, addr, 8);
        tcg_gen_qemu_ld_i64(v2, addr2, s->mem_idx, MO_LEUQ);
        tcg_gen_mov_i64(cpu_exclusive_val, v1);
        tcg_gen_mov_i64(cpu_exclusive_high, v2);
    } else {
        tcg_gen_qemu_ld_i64(cpu_exclusive_val, addr, s->mem_idx,
                            MO_LEUQ | MO_ALIGN);
        tcg_gen_ext32u_i64(v1, cpu_exclusive_val);
        tcg_gen_shri_i64(v2, cpu_exclusive_val, 32);
    }
    tcg_gen_mov_i64(cpu_exclusive_addr, addr);
    set_reg(a->rt, v1, true);
    set_reg(a->rt2, v2, true);
    return true;
}

/*
 * Store-exclusive: succeeds when the monitor holds this address and memory
 * still has the value the load-exclusive saw, checked and stored by one
 * host compare-and-swap so that vCPUs running in parallel cannot both
 * succeed (as QEMU does; an ABA change of the value goes unnoticed).
 * rt2 < 0: single register.
 */
static void gen_store_exclusive(DisasContext *s, int rs, int rt, int rt2,
                                int rn, int sz, bool pair)
{
    TCGLabel *fail = gen_new_label(), *done = gen_new_label();
    TCGv_i64 addr = tcg_temp_new_i64(), status = tcg_temp_new_i64();

    tcg_gen_mov_i64(addr, cpu_reg_sp(s, rn));
    tcg_gen_brcond_i64(TCG_COND_NE, addr, cpu_exclusive_addr, fail);
    if (pair && sz == 3) {
        gen_helper_stxp128(status, tcg_env, addr, cpu_reg(s, rt),
                           cpu_reg(s, rt2), tcg_constant_i32(s->mem_idx));
    } else {
        TCGv_i64 val = cpu_reg(s, rt), old = tcg_temp_new_i64();
        int msz = pair ? MO_64 : sz;
        if (pair) {
            val = tcg_temp_new_i64();
            tcg_gen_deposit_i64(val, cpu_reg(s, rt), cpu_reg(s, rt2), 32, 32);
        }
        tcg_gen_atomic_cmpxchg_i64(old, addr, cpu_exclusive_val, val,
                                   s->mem_idx, msz | MO_LE | MO_ALIGN);
        tcg_gen_setcond_i64(TCG_COND_NE, status, old, cpu_exclusive_val);
    }
    if (rs != 31) {
        tcg_gen_mov_i64(cpu_X[rs], status);
    }
    tcg_gen_br(done);
    tcg_gen_set_label(fail);
    if (rs != 31) {
        tcg_gen_movi_i64(cpu_X[rs], 1);
    }
    tcg_gen_set_label(done);
    tcg_gen_movi_i64(cpu_exclusive_addr, -1);
}

static bool trans_STXR(DisasContext *s, arg_STXR *a)
{
    gen_store_exclusive(s, a->rs, a->rt, -1, a->rn, a->sz, false);
    return true;
}

static bool trans_STXP(DisasContext *s, arg_STXP *a)
{
    gen_store_exclusive(s, a->rs, a->rt, a->rt2, a->rn, a->sz ? 3 : 2, true);
    return true;
}

static bool trans_LDAR(DisasContext *s, arg_LDAR *a)
{
    do_load(s, a->rt, cpu_reg_sp(s, a->rn), a->sz | MO_ALIGN, true, s->mem_idx);
    return true;
}

static bool trans_STLR(DisasContext *s, arg_STLR *a)
{
    do_store(s, a->rt, cpu_reg_sp(s, a->rn), a->sz | MO_ALIGN, s->mem_idx);
    /* A later LDAR must not pass it (the host may reorder store-load). */
    tcg_gen_guest_mb();
    return true;
}

#include "translate-lse.c.inc"

/* ---- Data processing: register ---- */

static bool trans_LOGIC_r(DisasContext *s, arg_LOGIC_r *a)
{
    TCGv_i64 rm = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 rn = cpu_reg(s, a->rn);

    if (!a->sf && a->imm >= 32) {
        return false;
    }
    shift_reg_imm(rm, cpu_reg(s, a->rm), a->sf, a->shift, a->imm);
    switch (a->opc << 1 | a->n) {
    case 0: case 6: tcg_gen_and_i64(res, rn, rm); break;
    case 1: case 7: tcg_gen_andc_i64(res, rn, rm); break;
    case 2: tcg_gen_or_i64(res, rn, rm); break;
    case 3: tcg_gen_orc_i64(res, rn, rm); break;
    case 4: tcg_gen_xor_i64(res, rn, rm); break;
    default: tcg_gen_eqv_i64(res, rn, rm); break;
    }
    if (a->opc == 3) {
        gen_logic_CC_lazy(s, res, a->sf);
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

static void do_addsub(DisasContext *s, bool sf, bool sub, bool setflags,
                      int rd, TCGv_i64 rn, TCGv_i64 rm, bool rd_sp)
{
    TCGv_i64 res = tcg_temp_new_i64();

    if (setflags) {
        gen_addsub_CC_lazy(s, sf, sub, res, rn, rm);
    } else if (sub) {
        tcg_gen_sub_i64(res, rn, rm);
    } else {
        tcg_gen_add_i64(res, rn, rm);
    }
    if (rd_sp && !setflags) {
        set_reg_sp(rd, res, sf);
    } else {
        set_reg(rd, res, sf);
    }
}

static bool trans_ADDSUB_r(DisasContext *s, arg_ADDSUB_r *a)
{
    TCGv_i64 rm = tcg_temp_new_i64();

    if (a->shift == 3 || (!a->sf && a->imm >= 32)) {
        return false;
    }
    shift_reg_imm(rm, cpu_reg(s, a->rm), a->sf, a->shift, a->imm);
    do_addsub(s, a->sf, a->op, a->s, a->rd, cpu_reg(s, a->rn), rm, false);
    return true;
}

static bool trans_ADDSUB_ext(DisasContext *s, arg_ADDSUB_ext *a)
{
    TCGv_i64 rm = tcg_temp_new_i64();

    if (a->imm > 4) {
        return false;
    }
    ext_and_shift_reg(rm, cpu_reg(s, a->rm), a->opt, a->imm);
    do_addsub(s, a->sf, a->op, a->s, a->rd, cpu_reg_sp(s, a->rn), rm, true);
    return true;
}

static bool trans_ADC(DisasContext *s, arg_ADC *a)
{
    TCGv_i64 rm = cpu_reg(s, a->rm), res = tcg_temp_new_i64();

    if (a->op) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_not_i64(t, rm);
        rm = t;
    }
    gen_flags_sync(s);
    if (a->s) {
        gen_adc_CC(a->sf, res, cpu_reg(s, a->rn), rm, cpu_CF);
    } else {
        tcg_gen_add_i64(res, cpu_reg(s, a->rn), rm);
        tcg_gen_add_i64(res, res, cpu_CF);
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

static bool trans_CCMP(DisasContext *s, arg_CCMP *a)
{
    TCGLabel *skip = gen_new_label(), *done = gen_new_label();
    TCGv_i64 rm = a->imm ? tcg_constant_i64(a->y) : cpu_reg(s, a->y);
    TCGv_i64 res = tcg_temp_new_i64();
    DisasCompare c;

    arm_test_cc(s, &c, a->cond);
    tcg_gen_brcond_i64(tcg_invert_cond(c.cond), c.a, c.b, skip);
    if (a->op) {
        gen_sub_CC(a->sf, res, cpu_reg(s, a->rn), rm);
    } else {
        gen_adc_CC(a->sf, res, cpu_reg(s, a->rn), rm, NULL);
    }
    tcg_gen_br(done);
    tcg_gen_set_label(skip);
    tcg_gen_movi_i64(cpu_NF, a->nzcv & 8 ? -1 : 0);
    tcg_gen_movi_i64(cpu_ZF, a->nzcv & 4 ? 0 : 1);
    tcg_gen_movi_i64(cpu_CF, (a->nzcv >> 1) & 1);
    tcg_gen_movi_i64(cpu_VF, a->nzcv & 1 ? -1 : 0);
    tcg_gen_set_label(done);
    gen_set_cc_op(s, CC_OP_FLAGS);
    return true;
}

static bool trans_CSEL(DisasContext *s, arg_CSEL *a)
{
    TCGv_i64 alt = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    DisasCompare c;

    switch (a->op << 1 | a->o2) {
    case 0: tcg_gen_mov_i64(alt, cpu_reg(s, a->rm)); break;
    case 1: tcg_gen_addi_i64(alt, cpu_reg(s, a->rm), 1); break;
    case 2: tcg_gen_not_i64(alt, cpu_reg(s, a->rm)); break;
    default: tcg_gen_neg_i64(alt, cpu_reg(s, a->rm)); break;
    }
    arm_test_cc(s, &c, a->cond);
    tcg_gen_movcond_i64(c.cond, res, c.a, c.b, cpu_reg(s, a->rn), alt);
    set_reg(a->rd, res, a->sf);
    return true;
}

static bool trans_DP3(DisasContext *s, arg_DP3 *a)
{
    TCGv_i64 rn = cpu_reg(s, a->rn), rm = cpu_reg(s, a->rm);
    TCGv_i64 ra = cpu_reg(s, a->ra), res = tcg_temp_new_i64();
    TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64();

    switch (a->op31 << 1 | a->o0) {
    case 0: case 1:             /* MADD, MSUB */
        tcg_gen_mul_i64(res, rn, rm);
        break;
    case 2: case 3:             /* SMADDL, SMSUBL */
    case 10: case 11:           /* UMADDL, UMSUBL */
        if (!a->sf) {
            return false;
        }
        if (a->op31 == 1) {
            tcg_gen_ext32s_i64(x, rn), tcg_gen_ext32s_i64(y, rm);
        } else {
            tcg_gen_ext32u_i64(x, rn), tcg_gen_ext32u_i64(y, rm);
        }
        tcg_gen_mul_i64(res, x, y);
        break;
    case 4:                     /* SMULH */
    case 12:                    /* UMULH */
        if (!a->sf) {
            return false;
        }
        if (a->op31 == 2) {
            tcg_gen_mulsh_i64(res, rn, rm);
        } else {
            tcg_gen_muluh_i64(res, rn, rm);
        }
        set_reg(a->rd, res, true);
        return true;
    default:
        return false;
    }
    if (a->o0) {
        tcg_gen_sub_i64(res, ra, res);
    } else {
        tcg_gen_add_i64(res, ra, res);
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

static void gen_div(DisasContext *s, bool sf, bool sign, int rd,
                    TCGv_i64 n, TCGv_i64 m)
{
    TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64();
    TCGv_i64 res = tcg_temp_new_i64();

    if (sf) {
        tcg_gen_mov_i64(x, n), tcg_gen_mov_i64(y, m);
    } else if (sign) {
        tcg_gen_ext32s_i64(x, n), tcg_gen_ext32s_i64(y, m);
    } else {
        tcg_gen_ext32u_i64(x, n), tcg_gen_ext32u_i64(y, m);
    }
    if (sign) {
        tcg_gen_div_i64(res, x, y);
    } else {
        tcg_gen_divu_i64(res, x, y);
    }
    /* Division by zero gives 0. */
    tcg_gen_movcond_i64(TCG_COND_EQ, res, y, tcg_constant_i64(0),
                        tcg_constant_i64(0), res);
    set_reg(rd, res, sf);
}

static void gen_shift_var(bool sf, int type, TCGv_i64 res, TCGv_i64 n,
                          TCGv_i64 m)
{
    TCGv_i64 cnt = tcg_temp_new_i64();

    tcg_gen_andi_i64(cnt, m, sf ? 63 : 31);
    if (sf) {
        switch (type) {
        case 0: tcg_gen_shl_i64(res, n, cnt); break;
        case 1: tcg_gen_shr_i64(res, n, cnt); break;
        case 2: tcg_gen_sar_i64(res, n, cnt); break;
        default: tcg_gen_rotr_i64(res, n, cnt); break;
        }
        return;
    }
    switch (type) {
    case 0:
        tcg_gen_shl_i64(res, n, cnt);
        break;
    case 1:
        tcg_gen_ext32u_i64(res, n);
        tcg_gen_shr_i64(res, res, cnt);
        break;
    case 2:
        tcg_gen_ext32s_i64(res, n);
        tcg_gen_sar_i64(res, res, cnt);
        break;
    default: {
        TCGv_i32 t = tcg_temp_new_i32(), c = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(t, n);
        tcg_gen_extrl_i64_i32(c, cnt);
        tcg_gen_rotr_i32(t, t, c);
        tcg_gen_extu_i32_i64(res, t);
        break;
    }
    }
}

static bool trans_DP2(DisasContext *s, arg_DP2 *a)
{
    TCGv_i64 rn = cpu_reg(s, a->rn), rm = cpu_reg(s, a->rm);
    TCGv_i64 res = tcg_temp_new_i64();

    switch (a->opcode) {
    case 2:
    case 3:
        gen_div(s, a->sf, a->opcode == 3, a->rd, rn, rm);
        return true;
    case 8: case 9: case 10: case 11:
        gen_shift_var(a->sf, a->opcode - 8, res, rn, rm);
        set_reg(a->rd, res, a->sf);
        return true;
    default:
        if (a->opcode >= 0x10 && a->opcode < 0x18) {
            return gen_crc32(s, a);
        }
        return false;
    }
}

static bool trans_DP1(DisasContext *s, arg_DP1 *a)
{
    TCGv_i64 rn = cpu_reg(s, a->rn), res = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64();

    switch (a->opcode) {
    case 0:     /* RBIT */
        gen_helper_rbit64(res, rn);
        if (!a->sf) {
            tcg_gen_shri_i64(res, res, 32);
        }
        break;
    case 1: {   /* REV16 */
        TCGv_i64 mask = tcg_constant_i64(0x00ff00ff00ff00ffull);
        tcg_gen_shri_i64(t, rn, 8);
        tcg_gen_and_i64(t, t, mask);
        tcg_gen_and_i64(res, rn, mask);
        tcg_gen_shli_i64(res, res, 8);
        tcg_gen_or_i64(res, res, t);
        break;
    }
    case 2:     /* REV32 (64-bit), REV (32-bit) */
        if (a->sf) {
            tcg_gen_bswap64_i64(res, rn);
            tcg_gen_rotri_i64(res, res, 32);
        } else {
            tcg_gen_bswap32_i64(res, rn);
        }
        break;
    case 3:     /* REV */
        if (!a->sf) {
            return false;
        }
        tcg_gen_bswap64_i64(res, rn);
        break;
    case 4:     /* CLZ */
        if (a->sf) {
            tcg_gen_clzi_i64(res, rn, 64);
        } else {
            tcg_gen_ext32u_i64(t, rn);
            tcg_gen_clzi_i64(res, t, 64);
            tcg_gen_subi_i64(res, res, 32);
        }
        break;
    case 5:     /* CLS: leading bits equal to the sign, minus the sign */
        if (a->sf) {
            tcg_gen_sari_i64(t, rn, 63);
            tcg_gen_xor_i64(t, t, rn);
            tcg_gen_clzi_i64(res, t, 64);
        } else {
            tcg_gen_ext32s_i64(t, rn);
            tcg_gen_sari_i64(res, t, 63);
            tcg_gen_xor_i64(t, t, res);
            tcg_gen_clzi_i64(res, t, 64);
            tcg_gen_subi_i64(res, res, 32);
        }
        tcg_gen_subi_i64(res, res, 1);
        break;
    default:
        return false;
    }
    set_reg(a->rd, res, a->sf);
    return true;
}

#include "translate-fp.c.inc"
#include "translate-simd.c.inc"
#include "translate-simd3diff.c.inc"
#include "translate-crypto.c.inc"
#include "translate-simdfp.c.inc"
#include "translate-simdint.c.inc"
#include "translate-simdls.c.inc"
#include "translate-simdext.c.inc"
#include "translate-pauth.c.inc"
#include "translate-bf16.c.inc"

/* ---- The translator loop's hooks ---- */

static void a64_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->cpu = ARM_CPU(cs);
    s->tb_flags = db->tb->flags;
    s->el = s->tb_flags & TB_FLAG_EL_MASK;
    s->mem_idx = s->el ? ARM_MMU_IDX_EL1 : ARM_MMU_IDX_EL0;
    s->cc_op = CC_OP_UNKNOWN;
    s->side_exit = false;
}

static void a64_tb_start(DisasContextBase *db, CPUState *cs)
{
}

static void a64_insn_start(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->insn_cc_op[db->num_insns - 1] = s->cc_op;
    s->insn_fp_fwd[db->num_insns - 1] = fp_fwd_pending(s, db->pc_next);
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

/* SIMD encodings not implemented yet: say so under -d unimp. */
static bool is_simd_fp(uint32_t insn)
{
    bool dp_simd = (insn & 0x0e000000) == 0x0e000000;
    bool ldst_v = (insn & 0x0a000000) == 0x08000000 && (insn & (1u << 26));

    return dp_simd || ldst_v;
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);
    uint32_t insn;

    s->pc_curr = db->pc_next;
    insn = translator_ldl(cs, db, s->pc_curr);
    db->pc_next += 4;
    if (!decode_a64(s, insn) && !decode_a64fp(s, insn) &&
        !decode_a64simd(s, insn) && !decode_a64crypto(s, insn) &&
        !decode_a64simdfp(s, insn) && !decode_a64simdint(s, insn) &&
        !decode_a64simdls(s, insn) && !decode_a64simdext(s, insn) &&
        !decode_a64pauth(s, insn) && !decode_a64bf16(s, insn)) {
        if (is_simd_fp(insn)) {
            kemu_log_mask(LOG_UNIMP, "aarch64: SIMD instruction 0x%08x at "
                          "0x%" PRIx64 " not implemented\n", insn, s->pc_curr);
        }
        unallocated_encoding(s);
    }
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    switch (db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(s, 0, db->pc_next);
        break;
    case DISAS_UPDATE_EXIT:
        tcg_gen_movi_i64(cpu_pc, db->pc_next);
        gen_exit(s);
        break;
    case DISAS_JUMP:
        gen_exit(s);
        break;
    case DISAS_LOOKUP:
        gen_lookup_and_goto(s);
        break;
    case DISAS_WFI:
        tcg_gen_movi_i64(cpu_pc, db->pc_next);
        gen_helper_wfi(tcg_env);
        tcg_gen_exit_tb(NULL, 0);
        break;
    default:
        break;
    }
}

static const TranslatorOps a64_translator_ops = {
    .init_disas_context = a64_init_disas_context,
    .tb_start = a64_tb_start,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};

void arm_translate_code(CPUState *cs, TranslationBlock *tb, int *max_insns,
                        uint64_t pc, void *host_pc)
{
    DisasContext s = { 0 };

    translator_loop(cs, tb, max_insns, pc, host_pc, &a64_translator_ops,
                    &s.base);
}
