/*
 * x86-64 frontend: instructions -> TCG ops.
 *
 * Decoding is table driven (decode.c.inc; the gen functions are in
 * insn-*.c.inc): prefixes and REX are consumed,
 * the opcode selects an X86OpEntry of the one-byte or 0F map (a group
 * entry selects again by ModRM.reg), and the entry's operand descriptors
 * say which of ModRM/SIB/displacement/immediates follow and what each
 * operand is.  The generic part resolves the operands (registers, the
 * effective address in A0, immediates) and calls the entry's gen function,
 * which loads and stores operands through gen_load()/gen_store().
 * docs/devel/x86.md says why this is not a decodegen.py pattern file.
 *
 * The mode comes from the TB flags: in 64-bit mode REX exists and the
 * default address size is 64; elsewhere CS.D gives the default operand
 * and address size (16/32, toggled by 66/67), 16-bit ModRM addressing
 * exists, data accesses add the segment base after a limit check
 * (helper_check_seg) and the stack width is SS.B's.  The TB's pc is the
 * linear address (CS.base + EIP); rip holds EIP.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/translator.h"
#include "exec/guest-atomic.h"
#include "tcg/tcg-op.h"
#include "cpu.h"
#include "tcg/helper-gen.h"
#include "helper.h"

#define DISAS_EXIT  DISAS_TARGET_0      /* state changed: rip = next, exit */
#define DISAS_JUMP  DISAS_TARGET_1      /* rip is set: look the TB up */
#define DISAS_JUMP_EXIT DISAS_TARGET_2  /* rip is set: back to the loop */

/* Legacy prefixes seen. */
enum {
    PFX_LOCK = 1, PFX_REPZ = 2, PFX_REPNZ = 4, PFX_DATA = 8, PFX_ADDR = 16,
};

/* Operand kinds of the decode tables. */
enum {
    O_NONE,
    O_E,        /* ModRM r/m: register or memory */
    O_G,        /* ModRM reg */
    O_M,        /* ModRM r/m, memory only */
    O_Z,        /* register in the opcode's low 3 bits (+ REX.B) */
    O_AX,       /* rAX / AL */
    O_DX,       /* rDX (also DX as a port) */
    O_CL,       /* CL (shift counts) */
    O_ONE,      /* the constant 1 */
    O_I,        /* immediate of the operand size, at most 32 bits, sext */
    O_IB,       /* imm8, sign-extended */
    O_IBU,      /* imm8, zero-extended */
    O_IW,       /* imm16 */
    O_IV,       /* immediate of the full operand size (MOV r64, imm64) */
    O_J,        /* rel32 (rel16 outside 64-bit mode) branch target */
    O_JB,       /* rel8 branch target */
    O_MOFFS,    /* address-size absolute offset (MOV AL, [moffs]) */
};

/* Operand sizes. */
enum {
    S_NONE, S_B, S_W, S_D, S_Q,
    S_V,        /* 16/32/64: 66 prefix and REX.W */
    S_D64,      /* 64, or 16 with a 66 prefix (stack) */
    S_F64,      /* 64 in 64-bit mode, else as S_V (near branches) */
};

/* Entry flags. */
enum {
    X_LOCK = 1,         /* LOCK allowed (with a memory destination) */
    X_GROUP = 2,        /* sub-table by ModRM.reg */
    X_MODRM = 4,        /* has ModRM though no operand says so */
    X_NO64 = 8,         /* #UD in 64-bit mode */
};

typedef struct DisasContext DisasContext;
typedef struct X86OpEntry X86OpEntry;
typedef void X86GenFn(DisasContext *s, const X86OpEntry *e);

struct X86OpEntry {
    X86GenFn *gen;
    uint8_t kind[3];
    uint8_t size[3];
    uint8_t flags;
    int8_t arg;
    const X86OpEntry *group;
    const X86OpEntry *group_reg;    /* the group when ModRM.mod = 3, if any */
};

typedef enum { OPND_NONE, OPND_REG, OPND_MEM, OPND_IMM } OpndKind;

typedef struct X86Operand {
    OpndKind kind;
    MemOp ot;
    int reg;
    uint64_t imm;
} X86Operand;

struct DisasContext {
    DisasContextBase base;
    uint64_t pc_curr;
    uint32_t flags;
    int mem_idx;
    int cpl;
    int cc_op;                  /* known at translation, or CC_OP_DYNAMIC */
    bool code64;                /* 64-bit mode */
    bool code32;                /* outside it: CS.D */
    bool ss32;                  /* outside it: SS.B */
    uint64_t cs_base;           /* 0 in 64-bit mode */

    /* The instruction being decoded. */
    unsigned prefix;
    int rex;                    /* 0x40-0x4f, or 0 */
    int seg;                    /* override, or -1 */
    int b;                      /* opcode; 0x100 | b for 0F b */
    bool has_modrm;
    int mod, reg, rm;
    bool has_mem, riprel;
    int base_reg, index_reg, scale;
    int64_t disp;
    MemOp aflag;                /* address size */
    MemOp dflag;                /* operand size (S_V) */
    int def_seg;                /* default segment of the memory operand */
    TCGv_i64 A0;                /* effective address (a TB temp) */
    X86Operand op[3];
};

static TCGv_i64 cpu_regs[16];
static TCGv_i64 cpu_rip;
static TCGv_i64 cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
static TCGv_i32 cpu_cc_op;

void x86_translate_init(void)
{
    static const char names[16][4] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };

    for (int i = 0; i < 16; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(offsetof(CPUX86State, regs[i]),
                                             names[i]);
    }
    cpu_rip = tcg_global_mem_new_i64(offsetof(CPUX86State, rip), "rip");
    cpu_cc_dst = tcg_global_mem_new_i64(offsetof(CPUX86State, cc_dst),
                                        "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(offsetof(CPUX86State, cc_src),
                                        "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(offsetof(CPUX86State, cc_src2),
                                         "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(offsetof(CPUX86State, cc_op), "cc_op");
}

/* ---- Code fetch ---- */

static uint64_t fetch(CPUState *cs, DisasContext *s, int size)
{
    uint64_t pc = s->base.pc_next, v;

    switch (size) {
    case 1:
        v = translator_ldub(cs, &s->base, pc);
        break;
    case 2:
        v = translator_lduw(cs, &s->base, pc);
        break;
    case 4:
        v = translator_ldl(cs, &s->base, pc);
        break;
    default:
        v = translator_ldq(cs, &s->base, pc);
        break;
    }
    s->base.pc_next += size;
    return v;
}

/* ---- EIP ---- */

/* The EIP of linear code address pc (IP/EIP wrap outside 64-bit mode). */
static uint64_t eip_of(DisasContext *s, uint64_t pc)
{
    uint64_t eip = pc - s->cs_base;

    return s->code64 ? eip : s->code32 ? (uint32_t)eip : (uint16_t)eip;
}

static void gen_set_rip(DisasContext *s, uint64_t pc)
{
    tcg_gen_movi_i64(cpu_rip, eip_of(s, pc));
}

/* ---- Exceptions and TB endings ---- */

static void gen_exception_at(DisasContext *s, uint64_t pc, int vector,
                             int error)
{
    gen_set_rip(s, pc);
    gen_helper_raise_exception(tcg_env, tcg_constant_i32(vector),
                               tcg_constant_i32(error));
    s->base.is_jmp = DISAS_NORETURN;
}

static void gen_exception(DisasContext *s, int vector)
{
    gen_exception_at(s, s->pc_curr, vector, -1);
}

static void gen_illegal(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

static void gen_exit(DisasContext *s)
{
    if (s->base.singlestep_enabled) {
        gen_helper_raise_exception(tcg_env, tcg_constant_i32(EXCP_DEBUG),
                                   tcg_constant_i32(-1));
    }
    tcg_gen_exit_tb(NULL, 0);
}

/*
 * Jump to EIP dest.  After an STI / MOV SS shadow the loop must see
 * pending interrupts: no chaining then.
 */
static void gen_goto_tb(DisasContext *s, int n, uint64_t dest)
{
    uint64_t pc = s->cs_base + dest;
    bool to_loop = s->flags & TB_FLAG_INHIBIT_IRQ;

    if (!s->code64) {
        pc = (uint32_t)pc;
    }
    if (translator_use_goto_tb(&s->base, pc) && !to_loop) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_rip, dest);
        tcg_gen_exit_tb(s->base.tb, n);
    } else {
        tcg_gen_movi_i64(cpu_rip, dest);
        if (s->base.singlestep_enabled || to_loop) {
            gen_exit(s);
        } else {
            translator_lookup_and_goto_ptr(&s->base);
        }
    }
    s->base.is_jmp = DISAS_NORETURN;
}

/* STI / MOV SS: no maskable interrupt before the next insn is done. */
static void gen_inhibit_irq(void)
{
    tcg_gen_st8_i32(tcg_constant_i32(1), tcg_env,
                    offsetof(CPUX86State, inhibit_irq));
}

static int iopl(DisasContext *s)
{
    return (s->flags >> TB_FLAG_IOPL_SHIFT) & 3;
}

/* PUSHF, POPF, INT n, IRET in virtual-8086 mode with IOPL < 3: #GP(0). */
static bool vm86_iopl_fault(DisasContext *s)
{
    if ((s->flags & TB_FLAG_VM86) && iopl(s) < 3) {
        gen_exception_at(s, s->pc_curr, EXCP0D_GPF, 0);
        return true;
    }
    return false;
}

/* ---- Registers and operands ---- */

static bool is_byte_hi(DisasContext *s, int reg, MemOp ot)
{
    return ot == MO_8 && reg >= 4 && reg < 8 && !s->rex;
}

static void gen_read_reg(DisasContext *s, TCGv_i64 v, int reg, MemOp ot)
{
    if (is_byte_hi(s, reg, ot)) {
        tcg_gen_extract_i64(v, cpu_regs[reg - 4], 8, 8);
        return;
    }
    switch (ot) {
    case MO_8:
        tcg_gen_ext8u_i64(v, cpu_regs[reg]);
        break;
    case MO_16:
        tcg_gen_ext16u_i64(v, cpu_regs[reg]);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(v, cpu_regs[reg]);
        break;
    default:
        tcg_gen_mov_i64(v, cpu_regs[reg]);
        break;
    }
}

/* Write reg at size ot: 8/16 bits merge, 32 bits zero-extend. */
static void gen_write_reg(DisasContext *s, int reg, MemOp ot, TCGv_i64 v)
{
    if (is_byte_hi(s, reg, ot)) {
        tcg_gen_deposit_i64(cpu_regs[reg - 4], cpu_regs[reg - 4], v, 8, 8);
        return;
    }
    switch (ot) {
    case MO_8:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 8);
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 16);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(cpu_regs[reg], v);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], v);
        break;
    }
}

static void gen_ext(MemOp ot, TCGv_i64 d, TCGv_i64 v, bool sign)
{
    switch (ot) {
    case MO_8:
        sign ? tcg_gen_ext8s_i64(d, v) : tcg_gen_ext8u_i64(d, v);
        break;
    case MO_16:
        sign ? tcg_gen_ext16s_i64(d, v) : tcg_gen_ext16u_i64(d, v);
        break;
    case MO_32:
        sign ? tcg_gen_ext32s_i64(d, v) : tcg_gen_ext32u_i64(d, v);
        break;
    default:
        tcg_gen_mov_i64(d, v);
        break;
    }
}

static void gen_ld(DisasContext *s, TCGv_i64 v, TCGv_i64 addr, MemOp ot)
{
    tcg_gen_qemu_ld_i64(v, addr, s->mem_idx, ot | MO_LE);
}

static void gen_st(DisasContext *s, TCGv_i64 v, TCGv_i64 addr, MemOp ot)
{
    tcg_gen_qemu_st_i64(v, addr, s->mem_idx, ot | MO_LE);
}

/* Operand i, zero-extended from its size (immediates as decoded). */
static void gen_load(DisasContext *s, int i, TCGv_i64 v)
{
    X86Operand *o = &s->op[i];

    switch (o->kind) {
    case OPND_REG:
        gen_read_reg(s, v, o->reg, o->ot);
        break;
    case OPND_MEM:
        gen_ld(s, v, s->A0, o->ot);
        break;
    case OPND_IMM:
        tcg_gen_movi_i64(v, o->imm);
        break;
    default:
        g_assert_not_reached();
    }
}

static void gen_store(DisasContext *s, int i, TCGv_i64 v)
{
    X86Operand *o = &s->op[i];

    if (o->kind == OPND_REG) {
        gen_write_reg(s, o->reg, o->ot, v);
    } else {
        assert(o->kind == OPND_MEM);
        gen_st(s, v, s->A0, o->ot);
    }
}

static bool op_is_mem(DisasContext *s, int i)
{
    return s->op[i].kind == OPND_MEM;
}

/* Address arithmetic at the address size. */
static void gen_addr_trunc(DisasContext *s, TCGv_i64 a)
{
    if (s->aflag != MO_64) {
        gen_ext(s->aflag, a, a, false);
    }
}

/*
 * Offset a in seg (an override, or -1) to a linear address for an access
 * of size bytes: in 64-bit mode only FS/GS have a base; elsewhere the
 * limit is checked and the base added (32-bit linear addresses), but for
 * DS/ES/SS when they are flat (TB_FLAG_FLAT: the offset is the address;
 * as in QEMU, an access that wraps past 4 GiB is not caught there).
 */
static void gen_add_seg(DisasContext *s, TCGv_i64 a, int seg, int size)
{
    TCGv_i64 base;
    bool flat = seg == R_DS || seg == R_ES || seg == R_SS;

    if (s->code64 && seg != R_FS && seg != R_GS) {
        return;
    }
    if (!s->code64 && flat && (s->flags & TB_FLAG_FLAT)) {
        return;
    }
    if (!s->code64) {
        gen_helper_check_seg(tcg_env, a, tcg_constant_i32(seg | size << 8));
    }
    base = tcg_temp_new_i64();
    tcg_gen_ld_i64(base, tcg_env, offsetof(CPUX86State, segs[seg].base));
    tcg_gen_add_i64(a, a, base);
    if (!s->code64) {
        tcg_gen_ext32u_i64(a, a);
    }
}

/* The segment of a data access: the override, else def. */
static int data_seg(DisasContext *s, int def)
{
    return s->seg >= 0 ? s->seg : def;
}

static void gen_lea(DisasContext *s)
{
    TCGv_i64 a = s->A0;

    if (s->riprel) {
        tcg_gen_movi_i64(a, s->base.pc_next + s->disp);
    } else {
        tcg_gen_movi_i64(a, s->disp);
        if (s->base_reg >= 0) {
            tcg_gen_add_i64(a, a, cpu_regs[s->base_reg]);
        }
        if (s->index_reg >= 0) {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_shli_i64(t, cpu_regs[s->index_reg], s->scale);
            tcg_gen_add_i64(a, a, t);
        }
    }
    gen_addr_trunc(s, a);
}

/* ---- Lazy flags ---- */

static void set_cc_op(DisasContext *s, int op)
{
    if (s->cc_op != op) {
        tcg_gen_movi_i32(cpu_cc_op, op);
        s->cc_op = op;
    }
}

/* Materialize the flags: cc_src = OSZAPC, cc_op = CC_OP_EFLAGS. */
static void gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    gen_helper_cc_compute_all(cpu_cc_src, cpu_cc_op, cpu_cc_dst, cpu_cc_src,
                              cpu_cc_src2);
    tcg_gen_movi_i32(cpu_cc_op, CC_OP_EFLAGS);
    s->cc_op = CC_OP_EFLAGS;
}

static void gen_ext(MemOp ot, TCGv_i64 d, TCGv_i64 v, bool sign);

/* CF (0 or 1) into cf; inline when cc_op is known, else materialized. */
static void gen_get_cf(DisasContext *s, TCGv_i64 cf)
{
    MemOp ot = s->cc_op & 3;
    TCGv_i64 a, b;

    switch (s->cc_op == CC_OP_DYNAMIC ? -1 : s->cc_op >> 2) {
    case CC_KIND_EFLAGS:
        tcg_gen_andi_i64(cf, cpu_cc_src, CC_C);
        return;
    case CC_KIND_LOGIC:
        tcg_gen_movi_i64(cf, 0);
        return;
    case CC_KIND_INC: case CC_KIND_DEC:
        tcg_gen_andi_i64(cf, cpu_cc_src2, CC_C);
        return;
    case CC_KIND_ADD:               /* a carry: dst < src */
    case CC_KIND_SUB:               /* a borrow: dst + src < src */
        a = tcg_temp_new_i64();
        b = tcg_temp_new_i64();
        if (s->cc_op >> 2 == CC_KIND_ADD) {
            gen_ext(ot, a, cpu_cc_dst, false);
        } else {
            tcg_gen_add_i64(a, cpu_cc_dst, cpu_cc_src);
            gen_ext(ot, a, a, false);
        }
        gen_ext(ot, b, cpu_cc_src, false);
        tcg_gen_setcond_i64(TCG_COND_LTU, cf, a, b);
        return;
    default:
        gen_compute_eflags(s);
        tcg_gen_andi_i64(cf, cpu_cc_src, CC_C);
        return;
    }
}

/*
 * Flags from res (and src for arithmetic) of kind at size ot.  Kinds
 * without src still overwrite cc_src, so that TCG drops a flag
 * computation left unused in it.
 */
static void gen_set_flags(DisasContext *s, int kind, MemOp ot, TCGv_i64 res,
                          TCGv_i64 src)
{
    tcg_gen_mov_i64(cpu_cc_dst, res);
    if (src) {
        tcg_gen_mov_i64(cpu_cc_src, src);
    } else {
        tcg_gen_movi_i64(cpu_cc_src, 0);
    }
    set_cc_op(s, CC_OP(kind, ot));
}

/* Replace some flag bits (after gen_compute_eflags). */
static void gen_set_eflags_bits(TCGv_i64 val, uint32_t mask)
{
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)mask);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, val);
}

/* A condition as "a cond b". */
typedef struct DisasCompare {
    TCGCond cond;
    TCGv_i64 a, b;
} DisasCompare;

/*
 * Fast forms of conditions: ZF and SF of every kind but EFLAGS come from
 * the result in cc_dst; CF of ADD and INC/DEC directly; all after CMP/SUB
 * and logic ops.
 */
static bool gen_cc_fast(DisasContext *s, int jcc, DisasCompare *c)
{
    int kind = s->cc_op >> 2;
    MemOp ot = s->cc_op & 3;
    TCGv_i64 dst, src1, src;

    if (s->cc_op == CC_OP_DYNAMIC || kind == CC_KIND_EFLAGS) {
        return false;
    }
    dst = tcg_temp_new_i64();
    if (kind == CC_KIND_LOGIC) {
        switch (jcc) {
        case 2:         /* B: CF = 0 */
        case 0:         /* O: OF = 0 */
            c->cond = TCG_COND_NEVER, c->a = c->b = dst;
            tcg_gen_movi_i64(dst, 0);
            return true;
        case 4: case 6: /* Z, BE */
            gen_ext(ot, dst, cpu_cc_dst, false);
            c->cond = TCG_COND_EQ;
            break;
        case 8: case 0xc:   /* S, L (OF = 0) */
            gen_ext(ot, dst, cpu_cc_dst, true);
            c->cond = TCG_COND_LT;
            break;
        case 0xe:       /* LE */
            gen_ext(ot, dst, cpu_cc_dst, true);
            c->cond = TCG_COND_LE;
            break;
        default:
            return false;
        }
        c->a = dst, c->b = tcg_constant_i64(0);
        return true;
    }
    if (kind != CC_KIND_SUB) {
        switch (jcc) {
        case 2:         /* B: a carry out of ADD is dst < src */
            if (kind == CC_KIND_ADD) {
                src = tcg_temp_new_i64();
                gen_ext(ot, dst, cpu_cc_dst, false);
                gen_ext(ot, src, cpu_cc_src, false);
                c->cond = TCG_COND_LTU, c->a = dst, c->b = src;
                return true;
            }
            if (kind != CC_KIND_INC && kind != CC_KIND_DEC) {
                return false;
            }
            tcg_gen_andi_i64(dst, cpu_cc_src2, CC_C);
            c->cond = TCG_COND_NE;
            break;
        case 4:         /* Z */
            gen_ext(ot, dst, cpu_cc_dst, false);
            c->cond = TCG_COND_EQ;
            break;
        case 8:         /* S */
            gen_ext(ot, dst, cpu_cc_dst, true);
            c->cond = TCG_COND_LT;
            break;
        default:
            return false;
        }
        c->a = dst, c->b = tcg_constant_i64(0);
        return true;
    }
    src1 = tcg_temp_new_i64();
    src = tcg_temp_new_i64();
    switch (jcc) {
    case 2: case 6:     /* B, BE: unsigned */
        tcg_gen_add_i64(src1, cpu_cc_dst, cpu_cc_src);
        gen_ext(ot, src1, src1, false);
        gen_ext(ot, src, cpu_cc_src, false);
        c->cond = jcc == 2 ? TCG_COND_LTU : TCG_COND_LEU;
        c->a = src1, c->b = src;
        return true;
    case 0xc: case 0xe: /* L, LE: signed */
        tcg_gen_add_i64(src1, cpu_cc_dst, cpu_cc_src);
        gen_ext(ot, src1, src1, true);
        gen_ext(ot, src, cpu_cc_src, true);
        c->cond = jcc == 0xc ? TCG_COND_LT : TCG_COND_LE;
        c->a = src1, c->b = src;
        return true;
    case 4:
        gen_ext(ot, dst, cpu_cc_dst, false);
        c->cond = TCG_COND_EQ, c->a = dst, c->b = tcg_constant_i64(0);
        return true;
    case 8:
        gen_ext(ot, dst, cpu_cc_dst, true);
        c->cond = TCG_COND_LT, c->a = dst, c->b = tcg_constant_i64(0);
        return true;
    default:
        return false;
    }
}

/* Condition cc (the low nibble of Jcc/SETcc/CMOVcc). */
static void gen_prepare_cc(DisasContext *s, int cc, DisasCompare *c)
{
    TCGv_i64 t;

    if (gen_cc_fast(s, cc & 0xe, c)) {
        if (cc & 1) {
            c->cond = tcg_invert_cond(c->cond);
        }
        return;
    }
    gen_compute_eflags(s);
    c->a = cpu_cc_src;
    c->cond = TCG_COND_TSTNE;
    switch (cc >> 1) {
    case 0:
        c->b = tcg_constant_i64(CC_O);
        break;
    case 1:
        c->b = tcg_constant_i64(CC_C);
        break;
    case 2:
        c->b = tcg_constant_i64(CC_Z);
        break;
    case 3:
        c->b = tcg_constant_i64(CC_C | CC_Z);
        break;
    case 4:
        c->b = tcg_constant_i64(CC_S);
        break;
    case 5:
        c->b = tcg_constant_i64(CC_P);
        break;
    default:            /* L: SF != OF; LE: ZF or SF != OF */
        t = tcg_temp_new_i64();
        tcg_gen_shri_i64(t, cpu_cc_src, 4);     /* OF to bit 7 */
        tcg_gen_xor_i64(t, t, cpu_cc_src);
        if (cc >> 1 == 7) {
            tcg_gen_shri_i64(t, t, 1);          /* SF ^ OF to bit 6 */
            tcg_gen_or_i64(t, t, cpu_cc_src);
            c->b = tcg_constant_i64(CC_Z);
        } else {
            c->b = tcg_constant_i64(CC_S);
        }
        c->a = t;
        break;
    }
    if (cc & 1) {
        c->cond = tcg_invert_cond(c->cond);
    }
}

#include "insn-data.c.inc"
#include "insn-arith.c.inc"
#include "insn-ctl.c.inc"
#include "insn-sys.c.inc"
#include "insn-legacy.c.inc"
#include "insn-x87.c.inc"
#include "insn-sse.c.inc"
#include "insn-bmi.c.inc"
#include "decode.c.inc"

/* ---- The translator loop's hooks ---- */

static void x86_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->flags = db->tb->flags;
    s->cpl = s->flags & TB_FLAG_CPL_MASK;
    s->mem_idx = s->cpl == 3 ? X86_MMU_IDX_USER
               : (s->flags & TB_FLAG_SMAP_AC) ? X86_MMU_IDX_KERNEL_AC
               : X86_MMU_IDX_KERNEL;
    s->cc_op = CC_OP_DYNAMIC;
    if (s->flags & TB_FLAG_INHIBIT_IRQ) {
        db->max_insns = 1;              /* the shadow lasts one insn */
    }
    s->code64 = s->flags & TB_FLAG_CS64;
    s->code32 = s->flags & TB_FLAG_CS32;
    s->ss32 = s->flags & TB_FLAG_SS32;
}

static void x86_tb_start(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    if (s->flags & TB_FLAG_INHIBIT_IRQ) {
        tcg_gen_st8_i32(tcg_constant_i32(0), tcg_env,
                        offsetof(CPUX86State, inhibit_irq));
    }
}

static void x86_insn_start(DisasContextBase *db, CPUState *cs)
{
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

static void x86_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    s->pc_curr = db->pc_next;
    disas_insn(s, cs);
    /*
     * An insn may cross into the next page: it starts a TB of its own.
     * A TB also ends before it could run out of TCG temps (an insn uses a
     * few; outside 64-bit mode each memory access a few more).
     */
    if (db->is_jmp == DISAS_NEXT &&
        (((db->pc_next + 15) ^ db->pc_first) & TARGET_PAGE_MASK ||
         tcg_ctx->nb_temps > TCG_MAX_TEMPS - 64)) {
        db->is_jmp = DISAS_TOO_MANY;
    }
}

static void x86_tb_stop(DisasContextBase *db, CPUState *cs)
{
    DisasContext *s = container_of(db, DisasContext, base);

    /* After a shadow, back to the loop (gen_goto_tb does it too). */
    if ((s->flags & TB_FLAG_INHIBIT_IRQ) && db->is_jmp == DISAS_JUMP) {
        db->is_jmp = DISAS_JUMP_EXIT;
    }
    switch (db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(s, 0, eip_of(s, db->pc_next));
        break;
    case DISAS_EXIT:
        gen_set_rip(s, db->pc_next);
        gen_exit(s);
        break;
    case DISAS_JUMP_EXIT:
        gen_exit(s);
        break;
    case DISAS_JUMP:
        if (s->base.singlestep_enabled) {
            gen_exit(s);
        } else {
            translator_lookup_and_goto_ptr(&s->base);
        }
        break;
    default:
        break;
    }
}

static const TranslatorOps x86_translator_ops = {
    .init_disas_context = x86_init_disas_context,
    .tb_start = x86_tb_start,
    .insn_start = x86_insn_start,
    .translate_insn = x86_translate_insn,
    .tb_stop = x86_tb_stop,
};

void x86_translate_code(CPUState *cs, TranslationBlock *tb, int *max_insns,
                        uint64_t pc, void *host_pc)
{
    DisasContext s = { 0 };

    s.cs_base = tb->cs_base;
    translator_loop(cs, tb, max_insns, pc, host_pc, &x86_translator_ops,
                    &s.base);
}
