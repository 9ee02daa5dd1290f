/*
 * TCI bytecode encoding, shared by the emitter (tcg-target.c) and the
 * interpreter (tci.c).
 *
 * An instruction is a sequence of 32-bit words:
 *   word 0   header: opcode (TCG opcode, or TCI_MOVI) in bits 0-7, flags
 *            in bits 8-15, length in words in bits 16-23
 *   word 1   register operands, 4 bits each, outputs then inputs
 *   word 2.. constants: an immediate input (TCI_F_IMM, int32, sign
 *            extended), then the op's constant arguments, one word each;
 *            64-bit values take two words (low first); branch targets are
 *            word displacements relative to their own word; goto_tb's
 *            target is a 64-bit host pointer at the first 8-aligned
 *            address after word 1.
 */
#ifndef TCG_TCI_INSN_H
#define TCG_TCI_INSN_H

#define TCI_NB_REGS  16
#define TCI_REG_ENV  14
#define TCI_REG_FP   15
#define TCI_FRAME_SIZE 4096

#define TCI_MOVI     NB_OPS          /* reg = 64-bit constant */

#define TCI_F_I64    (1u << 8)       /* the op works on i64 */
#define TCI_F_IMM    (1u << 9)       /* last input is an immediate */
#define TCI_F_A64    (1u << 10)      /* qemu_ld/st: 64-bit address */

static inline unsigned tci_len(uint32_t hdr)
{
    return (hdr >> 16) & 0xff;
}

static inline uint64_t tci_ld64(const uint32_t *p)
{
    return p[0] | ((uint64_t)p[1] << 32);
}

#endif
