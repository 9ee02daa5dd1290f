/*
 * FEAT_PAuth instructions wrapped for pauth.c and pauthrandom.c, and the
 * state they depend on: the keys, TCR_EL1 (TxSZ, TBI, TBID) and the
 * SCTLR_EL1 key enables.  Built with -march=armv8.3-a.
 */
#ifndef TCG_AARCH64_PAUTHOPS_H
#define TCG_AARCH64_PAUTHOPS_H

#include <stdint.h>
#include "runtime.h"

#define SCTLR_ENIA (1ull << 31)
#define SCTLR_ENIB (1ull << 30)
#define SCTLR_ENDA (1ull << 27)
#define SCTLR_ENDB (1ull << 13)
#define SCTLR_EN_ALL (SCTLR_ENIA | SCTLR_ENIB | SCTLR_ENDA | SCTLR_ENDB)
#define TCR_TG1_4K (2ull << 30)

static uint64_t state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
}

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0\n\tisb" : : "r"(v))

/* keys[0..9]: IA Lo, Hi, IB Lo, Hi, DA, DB, GA. */
static inline void set_keys(const uint64_t *k)
{
    MSR(apiakeylo_el1, k[0]);
    MSR(apiakeyhi_el1, k[1]);
    MSR(apibkeylo_el1, k[2]);
    MSR(apibkeyhi_el1, k[3]);
    MSR(apdakeylo_el1, k[4]);
    MSR(apdakeyhi_el1, k[5]);
    MSR(apdbkeylo_el1, k[6]);
    MSR(apdbkeyhi_el1, k[7]);
    MSR(apgakeylo_el1, k[8]);
    MSR(apgakeyhi_el1, k[9]);
}

static inline uint64_t sctlr_base(void)
{
    uint64_t v;

    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
    return v & ~SCTLR_EN_ALL;
}

/* Xd = op(Xd, Xm): PAC/AUT with a register modifier. */
#define OP_RM(name)                                                     \
static inline uint64_t op_##name(uint64_t x, uint64_t m)                \
{                                                                       \
    __asm__ volatile(#name " %0, %1" : "+r"(x) : "r"(m));               \
    return x;                                                           \
}
/* Xd = op(Xd): the Z forms and XPAC. */
#define OP_Z(name)                                                      \
static inline uint64_t op_##name(uint64_t x, uint64_t m)                \
{                                                                       \
    (void)m;                                                            \
    __asm__ volatile(#name " %0" : "+r"(x));                            \
    return x;                                                           \
}
/* The HINT forms on X17 with X16. */
#define OP_1716(name)                                                   \
static inline uint64_t op_##name(uint64_t x, uint64_t m)                \
{                                                                       \
    register uint64_t x17 __asm__("x17") = x;                           \
    register uint64_t x16 __asm__("x16") = m;                           \
    __asm__ volatile(#name : "+r"(x17) : "r"(x16));                     \
    return x17;                                                         \
}
/* The HINT forms on X30 (with SP or zero); SP is set to m for them. */
#define OP_LR(name)                                                     \
static inline uint64_t op_##name(uint64_t x, uint64_t m)                \
{                                                                       \
    __asm__ volatile("mov x9, sp\n\tmov sp, %2\n\tmov x30, %1\n\t"      \
                     #name "\n\tmov %0, x30\n\tmov sp, x9"              \
                     : "=r"(x) : "r"(x), "r"(m) : "x9", "x30");        \
    return x;                                                           \
}
/* PACIA Xd, SP style forms: the modifier through SP. */
#define OP_SP(name, insn)                                               \
static inline uint64_t op_##name(uint64_t x, uint64_t m)                \
{                                                                       \
    __asm__ volatile("mov x9, sp\n\tmov sp, %2\n\t" insn " %0, sp\n\t"  \
                     "mov sp, x9" : "=r"(x) : "0"(x), "r"(m) : "x9");   \
    return x;                                                           \
}

#define PAUTH_OPS(X)                                                    \
    X(pacia, RM) X(pacib, RM) X(pacda, RM) X(pacdb, RM)                 \
    X(autia, RM) X(autib, RM) X(autda, RM) X(autdb, RM)                 \
    X(paciza, Z) X(pacizb, Z) X(pacdza, Z) X(pacdzb, Z)                 \
    X(autiza, Z) X(autizb, Z) X(autdza, Z) X(autdzb, Z)                 \
    X(xpaci, Z) X(xpacd, Z)                                             \
    X(pacia1716, 1716) X(pacib1716, 1716)                               \
    X(autia1716, 1716) X(autib1716, 1716)                               \
    X(paciasp, LR) X(pacibsp, LR) X(autiasp, LR) X(autibsp, LR)         \
    X(paciaz, LR) X(pacibz, LR) X(autiaz, LR) X(autibz, LR)             \
    X(xpaclri, LR)

#define DEF_OP(name, kind) OP_##kind(name)
PAUTH_OPS(DEF_OP)
OP_SP(pacia_sp, "pacia")
OP_SP(autdb_sp, "autdb")

static inline uint64_t op_pacga(uint64_t x, uint64_t m)
{
    uint64_t r;

    __asm__ volatile("pacga %0, %1, %2" : "=r"(r) : "r"(x), "r"(m));
    return r;
}

typedef struct PauthOp {
    const char *name;
    uint64_t (*fn)(uint64_t x, uint64_t m);
} PauthOp;

#define OP_ENTRY(name, kind) { #name, op_##name },
static const PauthOp pauth_ops[] = {
    PAUTH_OPS(OP_ENTRY)
    { "pacia sp", op_pacia_sp },
    { "autdb sp", op_autdb_sp },
    { "pacga", op_pacga },
};
#define N_PAUTH_OPS (sizeof(pauth_ops) / sizeof(pauth_ops[0]))

#endif
