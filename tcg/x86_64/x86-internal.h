/*
 * What the x86-64 backend's files share: register roles, host CPU
 * features and the emitters one file provides to another.
 */
#ifndef TCG_X86_64_INTERNAL_H
#define TCG_X86_64_INTERNAL_H

#include "emit.h"

/* env in translated code; r11 is the backend's scratch register. */
#define X86_AREG0 X86_R14
#define X86_TMP   X86_R11

#define X86_REG(r) ((TCGRegSet)1 << (r))
/* Clobbered by SysV calls (r11 too, but it never holds a temp). */
#define X86_CALL_CLOBBERED                                               \
    (X86_REG(X86_RAX) | X86_REG(X86_RCX) | X86_REG(X86_RDX) |            \
     X86_REG(X86_RSI) | X86_REG(X86_RDI) | X86_REG(X86_R8) |             \
     X86_REG(X86_R9) | X86_REG(X86_R10) | X86_REG(X86_R11))

/*
 * The bottom of the frame: where qemu_ld/st save live call-clobbered
 * registers around a hook call; the spill slots follow.
 */
#define X86_LDST_SAVE 64

/* Optional instructions. */
enum {
    X86_HAS_LZCNT  = 1 << 0,
    X86_HAS_BMI1   = 1 << 1,   /* tzcnt, andn */
    X86_HAS_POPCNT = 1 << 2,
    X86_HAS_MOVBE  = 1 << 3,
    X86_HAS_BMI2   = 1 << 4,   /* rorx */
};

/* The features code for s may use (none for tcg_backend_x86_64_base). */
unsigned x86_features(const TCGContext *s);

void x86_emit_mov(TCGContext *s, TCGType type, int ret, int arg);
void x86_emit_movi(TCGContext *s, TCGType type, int ret, int64_t val);
/* ret = *(base + offset) / *(base + offset) = arg, at the type's width. */
void x86_emit_ld(TCGContext *s, TCGType type, int ret, int base,
                 intptr_t offset);
void x86_emit_st(TCGContext *s, TCGType type, int arg, int base,
                 intptr_t offset);
/* Call a C function: direct when in range, else through the scratch reg. */
void x86_emit_call_ptr(TCGContext *s, const void *func);
/* Sign- or zero-extend the low 2^size bytes of arg into ret. */
void x86_emit_ext(TCGContext *s, TCGType type, int ret, int arg, MemOp size,
                  bool sign);

/* ops.c: everything but guest memory and control flow. */
bool x86_emit_alu(TCGContext *s, TCGOpcode opc, TCGType type,
                  const TCGArg *args, const bool *const_args);
/* Compare a with b (register or constant); returns the x86 condition. */
int x86_emit_cmp(TCGContext *s, TCGType type, TCGCond cond, TCGArg a,
                 TCGArg b, bool b_const);

/* ldst.c: qemu_ld/qemu_st and their out-of-line slow paths. */
void x86_emit_qemu_ld(TCGContext *s, TCGType type, const TCGArg *args);
void x86_emit_qemu_st(TCGContext *s, TCGType type, const TCGArg *args);
void x86_ldst_tb_start(TCGContext *s);
bool x86_ldst_tb_end(TCGContext *s);

#endif
