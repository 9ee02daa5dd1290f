/*
 * The TCI interpreter: runs the bytecode of tci-insn.h with a register
 * file of 16 64-bit registers and a stack frame for spills.  Value
 * semantics come from tcg_eval(), shared with the optimizer.
 *
 * Helpers are called through a six-argument integer function pointer:
 * Kemu hosts are 64-bit and pass integer arguments in registers, and i32
 * arguments are zero- or sign-extended as the helper declares them.
 */
#include "kemu/osdep.h"
#include "tcg/tcg-backend.h"
#include "tcg/tcg-eval.h"
#include "tci-insn.h"

typedef uint64_t (*TCIHelperFn)(uint64_t, uint64_t, uint64_t, uint64_t,
                                uint64_t, uint64_t);

/* Poison written to call-clobbered registers: catches allocator bugs. */
#define TCI_CLOBBER 0xdeadbeefcafef00dull

static uint64_t tci_call(uint64_t *regs, const TCGHelperInfo *info)
{
    uint64_t a[TCG_MAX_HELPER_ARGS] = { 0 };
    int n = tcg_helper_nargs(info);
    uint64_t ret;

    for (int i = 0; i < n; i++) {
        switch (tcg_helper_type(info, i + 1)) {
        case TCG_HTYPE_I32:
            a[i] = (uint32_t)regs[i];
            break;
        case TCG_HTYPE_S32:
            a[i] = (uint64_t)(int64_t)(int32_t)regs[i];
            break;
        default:
            a[i] = regs[i];
        }
    }
    ret = ((TCIHelperFn)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
    for (int r = 1; r < 8; r++) {
        regs[r] = TCI_CLOBBER;
    }
    switch (tcg_helper_type(info, 0)) {
    case TCG_HTYPE_VOID:
        return TCI_CLOBBER;
    case TCG_HTYPE_I32:
    case TCG_HTYPE_S32:
        return (uint32_t)ret;
    default:
        return ret;
    }
}

static uint64_t tci_load(TCGOpcode opc, uintptr_t addr, bool w64)
{
    union { uint8_t u8; uint16_t u16; uint32_t u32; uint64_t u64; } v;

    switch (opc) {
    case INDEX_op_ld8u:  memcpy(&v, (void *)addr, 1); return v.u8;
    case INDEX_op_ld8s:  memcpy(&v, (void *)addr, 1); return (int8_t)v.u8;
    case INDEX_op_ld16u: memcpy(&v, (void *)addr, 2); return v.u16;
    case INDEX_op_ld16s: memcpy(&v, (void *)addr, 2); return (int16_t)v.u16;
    case INDEX_op_ld32u: memcpy(&v, (void *)addr, 4); return v.u32;
    case INDEX_op_ld32s: memcpy(&v, (void *)addr, 4); return (int32_t)v.u32;
    default:
        if (w64) {
            memcpy(&v, (void *)addr, 8);
            return v.u64;
        }
        memcpy(&v, (void *)addr, 4);
        return v.u32;
    }
}

static void tci_store(TCGOpcode opc, uintptr_t addr, uint64_t val, bool w64)
{
    size_t size = opc == INDEX_op_st8 ? 1 : opc == INDEX_op_st16 ? 2
                : opc == INDEX_op_st32 || !w64 ? 4 : 8;

    /* Little-endian hosts: the low bytes come first. */
    if (G_BYTE_ORDER == G_BIG_ENDIAN) {
        val <<= 64 - 8 * size;
    }
    memcpy((void *)addr, &val, size);
}

static uint64_t tci_qemu_ld(TCGContext *s, void *env, uint64_t addr,
                            MemOpIdx oi, const uint32_t *pc)
{
    MemOp mop = get_memop(oi);
    unsigned bits = 8 * memop_size(mop);
    uint64_t v;

    tci_retaddr = (uintptr_t)pc;
    v = s->guest_load(env, addr, oi, (uintptr_t)pc);
    if ((mop & MO_SIGN) && bits < 64) {
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

uintptr_t tci_exec(TCGContext *s, void *env, const void *code)
{
    uint64_t regs[TCI_NB_REGS] = { 0 };
    uint64_t frame[TCI_FRAME_SIZE / 8];
    const uint32_t *p = code;

    regs[TCI_REG_ENV] = (uintptr_t)env;
    regs[TCI_REG_FP] = (uintptr_t)frame;
    for (;;) {
        uint32_t hdr = p[0], rw = p[1];
        const uint32_t *next = p + tci_len(hdr), *c = p + 2;
        TCGOpcode opc = hdr & 0xff;
        TCGType type = hdr & TCI_F_I64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
        bool w64 = type == TCG_TYPE_I64;
        uint64_t in[4], out[2];
        TCGArg cargs[2];
        int nin;

#define R(n) regs[(rw >> (4 * (n))) & 15]
/* Second operand: a register or a sign-extended immediate. */
#define B() (hdr & TCI_F_IMM ? (uint64_t)(int32_t)c[0] : R(2))
/* Fast paths for common ops; i32 values are kept zero-extended. */
#define ALU(OPC, EXPR)                                                     \
        case OPC: {                                                        \
            uint64_t a = R(1), b = B(), r = (EXPR);                        \
            R(0) = w64 ? r : (uint32_t)r;                                  \
            break;                                                         \
        }
        switch ((unsigned)opc) {
        ALU(INDEX_op_add, a + b)
        ALU(INDEX_op_sub, a - b)
        ALU(INDEX_op_mul, a * b)
        ALU(INDEX_op_and, a & b)
        ALU(INDEX_op_or, a | b)
        ALU(INDEX_op_xor, a ^ b)
        ALU(INDEX_op_shl, a << (b & (w64 ? 63 : 31)))
        ALU(INDEX_op_shr, (w64 ? a : (uint32_t)a) >> (b & (w64 ? 63 : 31)))
        ALU(INDEX_op_sar, w64 ? (uint64_t)((int64_t)a >> (b & 63))
                              : (uint64_t)((int32_t)a >> (b & 31)))
#undef ALU
        case TCI_MOVI:
            R(0) = tci_ld64(c);
            break;
        case INDEX_op_mov:
            R(0) = R(1);
            break;
        case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u:
        case INDEX_op_ld16s: case INDEX_op_ld32u: case INDEX_op_ld32s:
        case INDEX_op_ld:
            R(0) = tci_load(opc, R(1) + (int32_t)c[0], w64);
            break;
        case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
        case INDEX_op_st:
            tci_store(opc, R(1) + (int32_t)c[0], R(0), w64);
            break;
        case INDEX_op_qemu_ld:
            in[0] = hdr & TCI_F_A64 ? R(1) : (uint32_t)R(1);
            in[1] = tci_qemu_ld(s, env, in[0], c[0], p);
            R(0) = w64 ? in[1] : (uint32_t)in[1];
            break;
        case INDEX_op_qemu_st:
            in[0] = hdr & TCI_F_A64 ? R(1) : (uint32_t)R(1);
            tci_retaddr = (uintptr_t)p;
            s->guest_store(env, in[0], R(0), c[0], (uintptr_t)p);
            break;
        case INDEX_op_br:
            next = c + (int32_t)c[0];
            break;
        case INDEX_op_brcond:
            in[1] = hdr & TCI_F_IMM ? (uint64_t)(int32_t)*c++ : R(1);
            if (tcg_cond_eval(c[0], type, R(0), in[1])) {
                next = c + 1 + (int32_t)c[1];
            }
            break;
        case INDEX_op_call:
            tci_retaddr = (uintptr_t)p;
            regs[0] = tci_call(regs, (const TCGHelperInfo *)tci_ld64(c));
            break;
        case INDEX_op_exit_tb:
            tci_retaddr = 0;
            return tci_ld64(c);
        case INDEX_op_goto_tb:
            next = (const uint32_t *)__atomic_load_n(
                (const uint64_t *)(((uintptr_t)c + 7) & ~(uintptr_t)7),
                __ATOMIC_ACQUIRE);
            break;
        case INDEX_op_goto_ptr:
            if (R(0) == (uintptr_t)s->exit_ptr) {
                tci_retaddr = 0;
                return 0;
            }
            next = (const uint32_t *)(uintptr_t)R(0);
            break;
        case INDEX_op_add2: case INDEX_op_sub2:
        case INDEX_op_mulu2: case INDEX_op_muls2:
            nin = tcg_op_defs[opc].nb_iargs;
            for (int i = 0; i < nin; i++) {
                in[i] = R(2 + i);
            }
            tcg_eval2(opc, type, in, out);
            R(0) = out[0];
            R(1) = out[1];
            break;
        default:
            nin = tcg_op_defs[opc].nb_iargs;
            for (int i = 0; i < nin; i++) {
                in[i] = R(1 + i);
            }
            if (hdr & TCI_F_IMM) {
                in[nin - 1] = (uint64_t)(int32_t)*c++;
            }
            cargs[0] = c[0];
            cargs[1] = c[1];
            R(0) = tcg_eval(opc, type, in, cargs);
            break;
        }
#undef B
#undef R
        p = next;
    }
}
