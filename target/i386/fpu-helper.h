/*
 * x87 state helpers shared by fpu-helper.c (the instructions) and
 * xsave-helper.c (FXSAVE/XSAVE), and the argument encodings the
 * translator (insn-x87.c.inc) passes to the helpers.
 */
#ifndef TARGET_I386_FPU_HELPER_H
#define TARGET_I386_FPU_HELPER_H

#include "cpu.h"

#define EXCP10_COPR 16                  /* #MF */

/* Status word bits (TOP, bits 13:11, is kept in fpstt). */
#define FPUS_IE 0x0001
#define FPUS_DE 0x0002
#define FPUS_ZE 0x0004
#define FPUS_OE 0x0008
#define FPUS_UE 0x0010
#define FPUS_PE 0x0020
#define FPUS_SF 0x0040
#define FPUS_ES 0x0080
#define FPUS_C0 0x0100
#define FPUS_C1 0x0200
#define FPUS_C2 0x0400
#define FPUS_C3 0x4000
#define FPUS_B  0x8000

/* Memory operand formats. */
enum { X87_M32, X87_M64, X87_M80, X87_I16, X87_I32, X87_I64, X87_BCD };
#define X87_POP     0x200               /* pop after the store/operation */
#define X87_TRUNC   0x400               /* FISTTP: truncate */
#define X87_TO_STI  0x100               /* register form writes ST(i) */
#define X87_POP2    0x800               /* FCOMPP/FUCOMPP: pop once more */

/* Arithmetic ops: ModRM.reg of D8/DC/DE, then the unordered compare. */
enum {
    X87_ADD, X87_MUL, X87_COM, X87_COMP, X87_SUB, X87_SUBR, X87_DIV,
    X87_DIVR, X87_UCOM,
};

/* D9 E8-EE constants. */
enum {
    X87_CONST_1, X87_CONST_L2T, X87_CONST_L2E, X87_CONST_PI, X87_CONST_LG2,
    X87_CONST_LN2, X87_CONST_Z,
};

/* The rounding and precision control of the control word. */
float_status x87_status(CPUX86State *env);
uint16_t x87_status_word(CPUX86State *env);
void x87_set_status_word(CPUX86State *env, uint16_t sw);
uint16_t x87_tag_word(CPUX86State *env);
void x87_init(CPUX86State *env);
void x87_push(CPUX86State *env, floatx80 v);
void x87_pop(CPUX86State *env);
floatx80 x87_ld80(CPUX86State *env, uint64_t addr, uintptr_t ra);
void x87_st80(CPUX86State *env, uint64_t addr, floatx80 v, uintptr_t ra);
/* Data accesses at the CPL's MMU index (ra: the helper's return address). */
uint64_t x86_ld(CPUX86State *env, uint64_t addr, MemOp op, uintptr_t ra);
void x86_st(CPUX86State *env, uint64_t addr, uint64_t v, MemOp op,
            uintptr_t ra);

/* fpu-helper.c, for the transcendentals (fpu-trans-helper.c). */
floatx80 *x87_st(CPUX86State *env, int i);
bool x87_empty(CPUX86State *env, int i);
void x87_set_st(CPUX86State *env, int i, floatx80 v);
/* Stack overflow/underflow: IE|SF, C1; false if IE is unmasked. */
bool x87_stack_fault(CPUX86State *env, bool overflow);
/* Record an operation's exceptions; false: do not store the result. */
bool x87_flags(CPUX86State *env, const float_status *s);
floatx80 x87_nan(void);
bool x87_is_denormal(floatx80 v);
/* The transcendental instructions (fpu-trans-helper.c). */
void x87_fsincos(CPUX86State *env, int want, float_status *s);
void x87_fpatan(CPUX86State *env, float_status *s);
void x87_f2xm1(CPUX86State *env, float_status *s);
void x87_fyl2x(CPUX86State *env, bool p1, float_status *s);

/* CPUID leaf 0xD (xsave-helper.c): r = EAX EBX ECX EDX. */
void x86_cpuid_xsave(CPUX86State *env, uint32_t subleaf, uint32_t r[4]);

#endif
