/*
 * Advanced SIMD integer forms computed lane by lane (see simdint.h): each
 * lane's sources are read as raw element bits, extended to 128 bits as the
 * operation says (so no intermediate overflows), and the result is
 * truncated or saturated to the element; saturation sets FPSR.QC.  All
 * sources are read before Vd is written (so Vd may alias them).
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "simdint.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define FPSR_QC (1u << 27)

typedef __int128 i128;

typedef struct SiLane {
    int bits;           /* source element width */
    bool u;             /* unsigned */
    int imm;            /* shift amount of the immediate forms */
    bool qc;            /* set when a result saturated */
} SiLane;

static i128 sx(uint64_t v, int bits)
{
    return bits == 64 ? (i128)(int64_t)v : (i128)(int64_t)(v << (64 - bits))
                                            >> (64 - bits);
}

static i128 zx(uint64_t v, int bits)
{
    return bits == 64 ? (i128)v : (i128)(v & ((1ull << bits) - 1));
}

/* x clamped to a bits-wide signed or unsigned range. */
static uint64_t sat(SiLane *l, i128 x, int bits, bool uns)
{
    i128 lo = uns ? 0 : -((i128)1 << (bits - 1));
    i128 hi = uns ? ((i128)1 << bits) - 1 : ((i128)1 << (bits - 1)) - 1;

    if (x < lo || x > hi) {
        l->qc = true;
        return x < lo ? lo : hi;
    }
    return x;
}

static i128 rshift_round(i128 x, int sh, bool round)
{
    if (sh > 126) {
        sh = 126;       /* every source fits in 65 bits: the result is 0/-1 */
    }
    return round && sh ? (x + ((i128)1 << (sh - 1))) >> sh : x >> sh;
}

/* SSHL USHL SRSHL URSHL SQSHL UQSHL SQRSHL UQRSHL: the shift is m's low
 * byte, signed; negative shifts right. */
static uint64_t shift_reg(SiLane *l, i128 a, int8_t sh, bool round, bool sat_)
{
    int bits = l->bits;

    if (sh < 0) {
        return rshift_round(a, -sh, round);
    }
    if (sh >= bits) {
        if (sat_ && a) {
            return sat(l, a < 0 ? -((i128)1 << 100) : (i128)1 << 100, bits,
                       l->u);
        }
        return 0;
    }
    return sat_ ? sat(l, a << sh, bits, l->u) : (uint64_t)(a << sh);
}

static int clz_bits(uint64_t x, int bits)
{
    x &= bits == 64 ? ~0ull : (1ull << bits) - 1;
    return x ? __builtin_clzll(x) - (64 - bits) : bits;
}

static i128 abs128(i128 x)
{
    return x < 0 ? -x : x;
}

/* Same-width operations; n, m, d are raw elements of l->bits. */
static uint64_t si_same(SiLane *l, int op, uint64_t n, uint64_t m, uint64_t d)
{
    int bits = l->bits;
    i128 a = l->u ? zx(n, bits) : sx(n, bits);
    i128 b = l->u ? zx(m, bits) : sx(m, bits);
    i128 acc = l->u ? zx(d, bits) : sx(d, bits);
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;

    switch (op) {
    case SI_HADD: return (a + b) >> 1;
    case SI_RHADD: return (a + b + 1) >> 1;
    case SI_HSUB: return (a - b) >> 1;
    case SI_QADD: return sat(l, a + b, bits, l->u);
    case SI_QSUB: return sat(l, a - b, bits, l->u);
    case SI_SHL: return shift_reg(l, a, m, false, false);
    case SI_RSHL: return shift_reg(l, a, m, true, false);
    case SI_QSHL: return shift_reg(l, a, m, false, true);
    case SI_QRSHL: return shift_reg(l, a, m, true, true);
    case SI_ABD: return abs128(a - b);
    case SI_ABA: return acc + abs128(a - b);
    case SI_QDMULH: return sat(l, (2 * a * b) >> bits, bits, false);
    case SI_QRDMULH:
        return sat(l, (2 * a * b + ((i128)1 << (bits - 1))) >> bits, bits,
                   false);
    case SI_ADD: return a + b;
    case SI_SUB: return a - b;
    case SI_CMGT: return a > b ? ~0ull : 0;
    case SI_CMGE: return a >= b ? ~0ull : 0;
    case SI_CMEQ: return a == b ? ~0ull : 0;
    case SI_CMTST: return n & m & mask ? ~0ull : 0;
    case SI_MUL: return a * b;
    case SI_MLA: return acc + a * b;
    case SI_MLS: return acc - a * b;
    case SI_CLS: return clz_bits(n ^ (uint64_t)(sx(n, bits) >> 1), bits) - 1;
    case SI_CLZ: return clz_bits(n, bits);
    case SI_RBIT: {
        uint8_t r = 0;

        for (int i = 0; i < 8; i++) {
            r |= (n >> i & 1) << (7 - i);
        }
        return r;
    }
    case SI_QABS: return sat(l, abs128(a), bits, false);
    case SI_QNEG: return sat(l, -a, bits, false);
    case SI_UQADD_ACC:  /* SUQADD: s += u; USQADD: u += s */
        return l->u ? sat(l, zx(d, bits) + sx(n, bits), bits, true)
                    : sat(l, sx(d, bits) + zx(n, bits), bits, false);
    case SI_ABS: return abs128(a);
    case SI_NEG: return -a;
    case SI_CMGT0: return a > 0 ? ~0ull : 0;
    case SI_CMGE0: return a >= 0 ? ~0ull : 0;
    case SI_CMEQ0: return a == 0 ? ~0ull : 0;
    case SI_CMLE0: return a <= 0 ? ~0ull : 0;
    case SI_CMLT0: return a < 0 ? ~0ull : 0;
    case SI_SHRI: return rshift_round(a, l->imm, false);
    case SI_SRAI: return acc + rshift_round(a, l->imm, false);
    case SI_RSHRI: return rshift_round(a, l->imm, true);
    case SI_RSRAI: return acc + rshift_round(a, l->imm, true);
    case SI_SRI:
        if (l->imm == bits) {
            return d;
        }
        return (d & ~(mask >> l->imm)) | ((n & mask) >> l->imm);
    case SI_SLI: return (d & ~((mask << l->imm) & mask)) | (n << l->imm);
    case SI_SHLI: return n << l->imm;
    case SI_QSHLI: return sat(l, a << l->imm, bits, l->u);
    default:    /* SI_QSHLUI */
        return sat(l, sx(n, bits) << l->imm, bits, true);
    }
}

/* Widening operations: n and m are narrow (n wide for ADDW/SUBW), d and
 * the result wide. */
static uint64_t si_wide(SiLane *l, int op, uint64_t n, uint64_t m, uint64_t d)
{
    int bits = l->bits, wbits = 2 * bits;
    int nbits = op == SI_ADDW || op == SI_SUBW ? wbits : bits;
    i128 a = l->u ? zx(n, nbits) : sx(n, nbits);
    i128 b = l->u ? zx(m, bits) : sx(m, bits);
    i128 acc = l->u ? zx(d, wbits) : sx(d, wbits);

    switch (op) {
    case SI_ADDL: case SI_ADDW: case SI_ADDLP: return a + b;
    case SI_ADALP: return acc + a + b;
    case SI_SUBL: case SI_SUBW: return a - b;
    case SI_ABAL: return acc + abs128(a - b);
    case SI_ABDL: return abs128(a - b);
    case SI_MLAL: return acc + a * b;
    case SI_MLSL: return acc - a * b;
    case SI_MULL: return a * b;
    case SI_QDMULL: return sat(l, 2 * a * b, wbits, false);
    case SI_QDMLAL:
        return sat(l, acc + sx(sat(l, 2 * a * b, wbits, false), wbits),
                   wbits, false);
    case SI_QDMLSL:
        return sat(l, acc - sx(sat(l, 2 * a * b, wbits, false), wbits),
                   wbits, false);
    default:    /* SI_SHLL */
        return n << bits;
    }
}

/* Narrowing operations: n and m are wide (2 * l->bits), the result narrow. */
static uint64_t si_narrow(SiLane *l, int op, uint64_t n, uint64_t m)
{
    int bits = l->bits, wbits = 2 * bits;
    i128 a = l->u ? zx(n, wbits) : sx(n, wbits), b = zx(m, wbits);
    i128 half = (i128)1 << (bits - 1);

    switch (op) {
    case SI_ADDHN: return (zx(n, wbits) + b) >> bits;
    case SI_RADDHN: return (zx(n, wbits) + b + half) >> bits;
    case SI_SUBHN: return (zx(n, wbits) - b) >> bits;
    case SI_RSUBHN: return (zx(n, wbits) - b + half) >> bits;
    case SI_QXTN: return sat(l, a, bits, l->u);
    case SI_QXTUN: return sat(l, sx(n, wbits), bits, true);
    case SI_QSHRN: return sat(l, rshift_round(a, l->imm, false), bits, l->u);
    case SI_QRSHRN: return sat(l, rshift_round(a, l->imm, true), bits, l->u);
    case SI_QSHRUN:
        return sat(l, rshift_round(sx(n, wbits), l->imm, false), bits, true);
    default:    /* SI_QRSHRUN */
        return sat(l, rshift_round(sx(n, wbits), l->imm, true), bits, true);
    }
}

typedef union SiReg {
    uint8_t b[16];
    uint64_t d[2];
} SiReg;

static uint64_t get_el(const SiReg *r, int i, int size)
{
    uint64_t v = 0;

    memcpy(&v, r->b + (i << size), 1 << size);
    return v;
}

static void set_el(SiReg *r, int i, int size, uint64_t v)
{
    memcpy(r->b + (i << size), &v, 1 << size);
}

void helper_simdint(void *envp, uint32_t regs, uint32_t desc)
{
    CPUARMState *env = envp;
    int rd = regs & 31, rn = (regs >> 5) & 31, rm = (regs >> 10) & 31;
    int idx = (regs >> 15) & 7, op = desc & SI_OP_MASK;
    int size = (desc >> SI_SIZE_SHIFT) & 3;
    bool q = desc & SI_Q, scalar = desc & SI_SCALAR;
    bool by_elem = regs & SI_BY_ELEM;
    SiLane l = { .bits = 8 << size, .u = desc & SI_U,
                 .imm = (desc >> SI_IMM_SHIFT) & 0x7f };
    SiReg n, m, d, r = { { 0 } };

    memcpy(&n, &env->vregs[rn], 16);
    memcpy(&m, &env->vregs[rm], 16);
    memcpy(&d, &env->vregs[rd], 16);
    if (op >= SI_FIRST_NARROW) {
        /* Into the low half (Q=0, the high half zeroed) or the high one. */
        int lanes = scalar ? 1 : 8 >> size, base = q ? lanes : 0;

        if (q) {
            r.d[0] = d.d[0];
        }
        for (int i = 0; i < lanes; i++) {
            set_el(&r, base + i, size,
                   si_narrow(&l, op, get_el(&n, i, size + 1),
                             get_el(&m, i, size + 1)));
        }
    } else if (op == SI_ADDLP || op == SI_ADALP) {
        for (int i = 0; i < (q ? 8 : 4) >> size; i++) {
            set_el(&r, i, size + 1,
                   si_wide(&l, op, get_el(&n, 2 * i, size),
                           get_el(&n, 2 * i + 1, size),
                           get_el(&d, i, size + 1)));
        }
    } else if (op >= SI_FIRST_WIDE) {
        /* From the low half of the narrow sources, or (Q=1) the high one. */
        int lanes = scalar ? 1 : 8 >> size, base = q ? lanes : 0;
        bool nwide = op == SI_ADDW || op == SI_SUBW;

        for (int i = 0; i < lanes; i++) {
            uint64_t nv = nwide ? get_el(&n, i, size + 1)
                                : get_el(&n, base + i, size);
            uint64_t mv = get_el(&m, by_elem ? idx : base + i, size);

            set_el(&r, i, size + 1,
                   si_wide(&l, op, nv, mv, get_el(&d, i, size + 1)));
        }
    } else {
        int lanes = scalar ? 1 : (q ? 16 : 8) >> size;

        for (int i = 0; i < lanes; i++) {
            set_el(&r, i, size,
                   si_same(&l, op, get_el(&n, i, size),
                           get_el(&m, by_elem ? idx : i, size),
                           get_el(&d, i, size)));
        }
    }
    memcpy(&env->vregs[rd], &r, 16);
    if (l.qc) {
        env->fpsr |= FPSR_QC;
    }
}
