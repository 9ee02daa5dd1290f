/*
 * Scalar FP instructions wrapped as C functions on raw bit patterns, for
 * the fp*.c test programs (built with FP enabled, unlike the runtime).
 * Each wrapper runs one instruction on fresh operands; callers clear FPSR
 * before and read it after.
 */
#ifndef TCG_AARCH64_FPOPS_H
#define TCG_AARCH64_FPOPS_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime.h"

static inline void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}
static inline uint64_t get_fpcr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}
static inline void set_fpsr(uint64_t v)
{
    __asm__ volatile("msr fpsr, %0" : : "r"(v));
}
static inline uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}

typedef uint64_t (*FpOp1)(uint64_t a);
typedef uint64_t (*FpOp2)(uint64_t a, uint64_t b);
typedef uint64_t (*FpOp3)(uint64_t a, uint64_t b, uint64_t c);

/* S or D operands: W (w/s) or X (x/d) moves. */
#define OP2(name, insn, r, g)                                               \
static uint64_t name(uint64_t a, uint64_t b)                                \
{                                                                           \
    uint64_t res;                                                           \
    __asm__ volatile("fmov " #r "0, %" #g "1\n\tfmov " #r "1, %" #g "2\n\t" \
                     insn " " #r "2, " #r "0, " #r "1\n\t"                  \
                     "fmov %" #g "0, " #r "2"                               \
                     : "=r"(res) : "r"(a), "r"(b) : "v0", "v1", "v2");      \
    return res;                                                             \
}
#define OP3(name, insn, r, g)                                               \
static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                    \
{                                                                           \
    uint64_t res;                                                           \
    __asm__ volatile("fmov " #r "0, %" #g "1\n\tfmov " #r "1, %" #g "2\n\t" \
                     "fmov " #r "3, %" #g "3\n\t"                           \
                     insn " " #r "2, " #r "0, " #r "1, " #r "3\n\t"         \
                     "fmov %" #g "0, " #r "2"                               \
                     : "=r"(res) : "r"(a), "r"(b), "r"(c)                   \
                     : "v0", "v1", "v2", "v3");                             \
    return res;                                                             \
}
/* One operand: FP register in, FP register out. */
#define OP1(name, insn, r, g)                                               \
static uint64_t name(uint64_t a)                                            \
{                                                                           \
    uint64_t res;                                                           \
    __asm__ volatile("fmov " #r "0, %" #g "1\n\t" insn " " #r "2, " #r "0\n\t"\
                     "fmov %" #g "0, " #r "2"                               \
                     : "=r"(res) : "r"(a) : "v0", "v2");                    \
    return res;                                                             \
}
/* Any instruction text with %0 (result) and %1 (input) as operands. */
#define OPX(name, text, clobber...)                                         \
static uint64_t name(uint64_t a)                                            \
{                                                                           \
    uint64_t res;                                                           \
    __asm__ volatile(text : "=&r"(res) : "r"(a) : "v0", "v2", ##clobber);   \
    return res;                                                             \
}

/* FNV-style hash of everything a test computed. */
static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

/* "label a b -> r fpsr" lines. */
static inline void print_fp(const char *label, uint64_t a, uint64_t b,
                            uint64_t r, uint64_t fpsr)
{
    puts_uart(label);
    putc_uart(' ');
    put_hex(a, 16);
    putc_uart(' ');
    put_hex(b, 16);
    puts_uart(" -> ");
    put_hex(r, 16);
    putc_uart(' ');
    put_hex(fpsr, 2);
    putc_uart('\n');
}

/* FPCR values: RMode x FZ x DN. */
static inline uint64_t fpcr_config(int i)
{
    return (uint64_t)(i & 3) << 22 | (uint64_t)((i >> 2) & 1) << 24 |
           (uint64_t)((i >> 3) & 1) << 25;
}

#endif
