/*
 * x86-64 instruction encoder for the native TCG backend: prefixes, REX,
 * ModRM/SIB addressing and the handful of instruction forms the backend
 * emits.  Registers use the hardware numbering (rax = 0 ... r15 = 15).
 */
#ifndef TCG_X86_64_EMIT_H
#define TCG_X86_64_EMIT_H

#include "tcg/tcg-backend.h"

enum {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
};

/* Opcode flags above the opcode byte. */
#define P_EXT     0x100      /* 0x0f escape */
#define P_EXT38   0x200      /* 0x0f 0x38 escape */
#define P_DATA16  0x400      /* 0x66: 16-bit operand */
#define P_REXW    0x800      /* 64-bit operand */
#define P_REXB    0x1000     /* byte registers: always a REX (sil, not dh) */
#define P_F3      0x2000     /* 0xf3 (lzcnt, tzcnt, popcnt) */

#define P_W(type) ((type) == TCG_TYPE_I64 ? P_REXW : 0)

/* Opcodes, with their escape flags. */
#define OPC_ARITH_EvIz  0x81
#define OPC_ARITH_EvIb  0x83
#define OPC_ARITH_GvEv  0x03      /* plus (ARITH_x << 3) */
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVL_EvGv   0x89
#define OPC_MOVL_GvEv   0x8b
#define OPC_LEA         0x8d
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVL_EvIz   0xc7
#define OPC_SHIFT_Ib    0xc1
#define OPC_SHIFT_cl    0xd3
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff
#define OPC_TESTL       0x85
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_CQO         0x99
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIz 0x69
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_SETCC       (0x90 | P_EXT | P_REXB)
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JCC_short   0x70
#define OPC_JMP_long    0xe9
#define OPC_JMP_short   0xeb
#define OPC_CALL_Jz     0xe8
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_TZCNT       (0xbc | P_EXT | P_F3)
#define OPC_LZCNT       (0xbd | P_EXT | P_F3)
#define OPC_POPCNT      (0xb8 | P_EXT | P_F3)
#define OPC_SHRD_Ib     (0xac | P_EXT)
#define OPC_MOVBE_GyMy  (0xf0 | P_EXT38)
#define OPC_MOVBE_MyGy  (0xf1 | P_EXT38)

/* Group 1 (ARITH_*), group 2 (SHIFT_*) and group 3/5 extensions. */
enum { ARITH_ADD, ARITH_OR, ARITH_ADC, ARITH_SBB, ARITH_AND, ARITH_SUB,
       ARITH_XOR, ARITH_CMP };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5,
       SHIFT_SAR = 7 };
enum { EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5,
       EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALL_Ev = 2, EXT5_JMP_Ev = 4 };

/* Condition codes (the low nibble of jcc/setcc/cmovcc). */
enum { JCC_O, JCC_NO, JCC_B, JCC_AE, JCC_E, JCC_NE, JCC_BE, JCC_A,
       JCC_S, JCC_NS, JCC_P, JCC_NP, JCC_L, JCC_GE, JCC_LE, JCC_G };

static inline void x86_out8(TCGContext *s, uint8_t v)
{
    *s->code_ptr++ = v;
}

static inline void x86_out32(TCGContext *s, uint32_t v)
{
    tcg_out32(s, v);
}

/* Prefixes, REX (r: ModRM.reg, rm: ModRM.rm or opcode reg, x: SIB index). */
static inline void x86_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = (opc & P_REXW ? 8 : 0) | (r & 8) >> 1 | (x & 8) >> 2 |
              (rm & 8) >> 3;

    if (opc & P_DATA16) {
        x86_out8(s, 0x66);
    }
    if (opc & P_F3) {
        x86_out8(s, 0xf3);
    }
    if (rex || (opc & P_REXB)) {
        x86_out8(s, 0x40 | rex);
    }
    if (opc & (P_EXT | P_EXT38)) {
        x86_out8(s, 0x0f);
        if (opc & P_EXT38) {
            x86_out8(s, 0x38);
        }
    }
    x86_out8(s, opc);
}

/* opc r, rm with both operands registers. */
static inline void x86_modrm(TCGContext *s, int opc, int r, int rm)
{
    x86_opc(s, opc, r, rm, 0);
    x86_out8(s, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* opc r, [base + index << shift + disp]; index -1 for none. */
/*
 * A VEX-encoded (C4, three-byte form) register-to-register insn: opcode
 * map (1: 0F, 2: 0F38, 3: 0F3A), implied prefix pp (0: none, 1: 66,
 * 2: F3, 3: F2), W, the extra source vvvv (0 when unused), then ModRM
 * with r and rm.
 */
static inline void x86_vex_rr(TCGContext *s, int map, int pp, bool w,
                              int vvvv, int opc, int r, int rm)
{
    x86_out8(s, 0xc4);
    x86_out8(s, (r & 8 ? 0 : 0x80) | 0x40 | (rm & 8 ? 0 : 0x20) | map);
    x86_out8(s, (w ? 0x80 : 0) | (~vvvv & 15) << 3 | pp);
    x86_out8(s, opc);
    x86_out8(s, 0xc0 | (r & 7) << 3 | (rm & 7));
}

static inline void x86_modrm_sib(TCGContext *s, int opc, int r, int base,
                                 int index, int shift, int32_t disp)
{
    int mod;

    g_assert(index != X86_RSP);
    x86_opc(s, opc, r, base, index < 0 ? 0 : index);
    if (disp == 0 && (base & 7) != X86_RBP) {
        mod = 0x00;
    } else if (disp == (int8_t)disp) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != X86_RSP) {
        x86_out8(s, mod | (r & 7) << 3 | (base & 7));
    } else {
        x86_out8(s, mod | (r & 7) << 3 | 4);
        x86_out8(s, shift << 6 | ((index < 0 ? 4 : index) & 7) << 3 |
                 (base & 7));
    }
    if (mod == 0x40) {
        x86_out8(s, disp);
    } else if (mod == 0x80) {
        x86_out32(s, disp);
    }
}

static inline void x86_modrm_off(TCGContext *s, int opc, int r, int base,
                                 intptr_t disp)
{
    g_assert(disp == (int32_t)disp);
    x86_modrm_sib(s, opc, r, base, -1, 0, disp);
}

/* lea r, [rip + target - end of insn]. */
static inline void x86_lea_rip(TCGContext *s, int r, const void *target)
{
    intptr_t disp;

    x86_opc(s, OPC_LEA | P_REXW, r, 0, 0);
    x86_out8(s, (r & 7) << 3 | 5);
    disp = (intptr_t)target - (intptr_t)(s->code_ptr + 4);
    g_assert(disp == (int32_t)disp);
    x86_out32(s, disp);
}

/* Group 1 with an immediate: add/or/.../cmp r, imm. */
static inline void x86_arith_ri(TCGContext *s, int rexw, int ext, int r,
                                int32_t imm)
{
    if (imm == (int8_t)imm) {
        x86_modrm(s, OPC_ARITH_EvIb | rexw, ext, r);
        x86_out8(s, imm);
    } else {
        x86_modrm(s, OPC_ARITH_EvIz | rexw, ext, r);
        x86_out32(s, imm);
    }
}

static inline void x86_arith_rr(TCGContext *s, int rexw, int ext, int r,
                                int rm)
{
    x86_modrm(s, (OPC_ARITH_GvEv + (ext << 3)) | rexw, r, rm);
}

static inline void x86_shift_ri(TCGContext *s, int rexw, int ext, int r,
                                int count)
{
    x86_modrm(s, OPC_SHIFT_Ib | rexw, ext, r);
    x86_out8(s, count);
}

/* A short jump (jcc, or jmp with cc < 0); returns its displacement byte. */
static inline uint8_t *x86_jmp8(TCGContext *s, int cc)
{
    x86_out8(s, cc < 0 ? OPC_JMP_short : OPC_JCC_short + cc);
    x86_out8(s, 0);
    return s->code_ptr - 1;
}

/* Point a short jump at the current position. */
static inline void x86_bind8(TCGContext *s, uint8_t *disp)
{
    intptr_t d = s->code_ptr - (disp + 1);

    g_assert(d == (int8_t)d);
    *disp = d;
}

/* Fill [p, p + len) with the recommended multi-byte nops. */
static inline void x86_fill_nops(uint8_t *p, int len)
{
    static const uint8_t nops[9][9] = {
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };

    while (len > 0) {
        int n = MIN(len, 9);

        memcpy(p, nops[n - 1], n);
        p += n;
        len -= n;
    }
}

/*
 * Skylake-derived cores (the JCC erratum's microcode fix) keep no decoded
 * uops for a jump that crosses or ends at a 32-byte boundary, counting
 * the compare fused with it: a loop with one runs from the legacy
 * decoders, and how fast a loop runs would depend on where its TB lands.
 * Before a jump of jump_len bytes, with the code from start on (its
 * compare, no relocations) emitted already, move that code to the next
 * boundary when the whole would cross one.
 */
static inline void x86_align_jump(TCGContext *s, uint8_t *start, int jump_len)
{
    size_t len = s->code_ptr - start;
    int off = (uintptr_t)start & 31, pad = 32 - off;

    if (off + len + jump_len < 32 || len + jump_len > 32) {
        return;
    }
    memmove(start + pad, start, len);
    x86_fill_nops(start, pad);
    s->code_ptr += pad;
}

/* A jmp/call/jcc rel32 to target. */
static inline void x86_jump32(TCGContext *s, int opc, const void *target)
{
    intptr_t disp;

    x86_opc(s, opc, 0, 0, 0);
    disp = (intptr_t)target - (intptr_t)(s->code_ptr + 4);
    g_assert(disp == (int32_t)disp);
    x86_out32(s, disp);
}

#endif
