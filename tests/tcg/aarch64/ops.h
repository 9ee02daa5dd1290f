/*
 * Run one instruction on given operands and print its result and flags.
 * In the instruction text %0 is the result, %2 and %3 the operands a and
 * b, %4 a third operand c; NZCV is set to nzcv_in (bits 31:28) first.
 */
#ifndef TCG_AARCH64_OPS_H
#define TCG_AARCH64_OPS_H

#include "runtime.h"

#define OP3(label, insn, a, b, c, nzcv_in) do {                        \
        uint64_t r_, f_;                                                \
        __asm__ volatile("msr nzcv, %5\n\t" insn "\n\tmrs %1, nzcv"     \
                         : "=&r"(r_), "=&r"(f_)                         \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)),      \
                           "r"((uint64_t)(c)), "r"((uint64_t)(nzcv_in)) \
                         : "cc", "x9", "x30", "memory");                       \
        print_res(label, r_, f_);                                       \
    } while (0)
#define OP2(label, insn, a, b, nzcv_in) OP3(label, insn, a, b, 0, nzcv_in)

/* Values every binary operation is tried on, all pairs of them. */
static const uint64_t test_values[] = {
    0, 1, 0xffffffffffffffffull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x100000000ull, 0x3f,
};
#define NVALUES (sizeof(test_values) / sizeof(test_values[0]))

#define FOR_PAIRS(label, insn)                                          \
    for (unsigned i_ = 0; i_ < NVALUES; i_++)                           \
        for (unsigned j_ = 0; j_ < NVALUES; j_++)                       \
            OP2(label, insn, test_values[i_], test_values[j_],          \
                (uint64_t)((i_ + j_) & 0xf) << 28)

#define FOR_VALUES(label, insn)                                         \
    for (unsigned i_ = 0; i_ < NVALUES; i_++)                           \
        OP2(label, insn, test_values[i_], 0, (uint64_t)(i_ & 0xf) << 28)

/* The 16 condition codes, for X-macros. */
#define CONDS(X) X(eq) X(ne) X(cs) X(cc) X(mi) X(pl) X(vs) X(vc) \
                 X(hi) X(ls) X(ge) X(lt) X(gt) X(le) X(al) X(nv)

#endif
