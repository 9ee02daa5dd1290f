/*
 * Armv8.1-8.5 Advanced SIMD and FP extensions, one helper call per
 * instruction (translate-simdext.c.inc): SQRDMLAH/SQRDMLSH (FEAT_RDM),
 * SDOT/UDOT (FEAT_DotProd), FCMLA/FCADD (FEAT_FCMA), FMLAL/FMLSL
 * (FEAT_FHM), FRINT32/64 (FEAT_FRINTTS), FJCVTZS (FEAT_JSCVT) and
 * USDOT/SUDOT/SMMLA/UMMLA/USMMLA (FEAT_I8MM).  All
 * sources are read before Vd is written (so Vd may alias one).
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "vfp.h"
#include "simdext.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define FPSR_QC (1u << 27)

typedef union SxReg {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} SxReg;

static uint64_t get_elem(const SxReg *r, int i, int esz)
{
    switch (esz) {
    case 0: return r->b[i];
    case 1: return r->h[i];
    case 2: return r->s[i];
    default: return r->d[i];
    }
}

static int64_t get_selem(const SxReg *r, int i, int esz)
{
    int bits = 64 - (8 << esz);

    return (int64_t)(get_elem(r, i, esz) << bits) >> bits;
}

static void set_elem(SxReg *r, int i, int esz, uint64_t v)
{
    switch (esz) {
    case 0: r->b[i] = v; break;
    case 1: r->h[i] = v; break;
    case 2: r->s[i] = v; break;
    default: r->d[i] = v; break;
    }
}

/* SQRDMLAH/SQRDMLSH: (d << esize) +- 2nm + rounding, high half, saturated. */
static uint64_t rdmlah(int esz, bool sub, int64_t d, int64_t n, int64_t m,
                       bool *sat)
{
    int bits = 8 << esz;
    __int128 prod = (__int128)n * m * 2;
    __int128 acc = ((__int128)d << bits) + (sub ? -prod : prod) +
                   ((__int128)1 << (bits - 1));
    int64_t max = (int64_t)((1ull << (bits - 1)) - 1), min = -max - 1;

    acc >>= bits;
    if (acc > max || acc < min) {
        *sat = true;
        acc = acc > max ? max : min;
    }
    return (uint64_t)acc;
}

/* One byte as a signed or unsigned value. */
static int32_t byte_val(const SxReg *r, int i, bool uns)
{
    return uns ? r->b[i] : (int8_t)r->b[i];
}

/*
 * The sum of the k byte products from byte i of n and byte j of m, with
 * each operand's signedness: SDOT/UDOT/USDOT/SUDOT (k = 4) and the rows
 * and columns of SMMLA/UMMLA/USMMLA (k = 8).
 */
static uint32_t dot_bytes(const SxReg *n, int i, bool n_uns, const SxReg *m,
                          int j, bool m_uns, int k)
{
    uint32_t sum = 0;

    for (int x = 0; x < k; x++) {
        sum += (uint32_t)(byte_val(n, i + x, n_uns) *
                          byte_val(m, j + x, m_uns));
    }
    return sum;
}

static uint64_t fp_add(int esz, uint64_t a, uint64_t b, float_status *s)
{
    return esz == 1 ? float16_add(a, b, s) : esz == 2 ? float32_add(a, b, s)
                                                      : float64_add(a, b, s);
}

static uint64_t fp_muladd(int esz, uint64_t a, uint64_t b, uint64_t c,
                          float_status *s)
{
    return esz == 1 ? float16_muladd(a, b, c, s)
           : esz == 2 ? float32_muladd(a, b, c, s)
                      : float64_muladd(a, b, c, s);
}

/*
 * FCMLA on the complex pair at lane i (real) of d, n and pair j of m:
 * rot 0 and 180 take n's real part, 90 and 270 its imaginary part; the
 * m operand is negated as the rotation says.
 */
static void fcmla_pair(int esz, int rot, SxReg *r, const SxReg *d,
                       const SxReg *n, const SxReg *m, int i, int j,
                       float_status *s)
{
    uint64_t sign = 1ull << ((8 << esz) - 1);
    int flip = rot & 1;
    bool neg_imag = rot >> 1, neg_real = flip ^ neg_imag;
    uint64_t e2 = get_elem(n, i + flip, esz);
    uint64_t e1 = get_elem(m, j + flip, esz) ^ (neg_real ? sign : 0);
    uint64_t e3 = get_elem(m, j + 1 - flip, esz) ^ (neg_imag ? sign : 0);

    set_elem(r, i, esz, fp_muladd(esz, e2, e1, get_elem(d, i, esz), s));
    set_elem(r, i + 1, esz, fp_muladd(esz, e2, e3, get_elem(d, i + 1, esz),
                                      s));
}

/* FCADD #90 (rot 0) or #270 (rot 1) of the pair at lane i. */
static void fcadd_pair(int esz, int rot, SxReg *r, const SxReg *n,
                       const SxReg *m, int i, float_status *s)
{
    uint64_t sign = 1ull << ((8 << esz) - 1);
    uint64_t im = get_elem(m, i + 1, esz) ^ (rot ? 0 : sign);
    uint64_t re = get_elem(m, i, esz) ^ (rot ? sign : 0);

    set_elem(r, i, esz, fp_add(esz, get_elem(n, i, esz), im, s));
    set_elem(r, i + 1, esz, fp_add(esz, get_elem(n, i + 1, esz), re, s));
}

/* A half as the single of the same value (NaNs keep their payload and
 * signalling bit); FZ16 flushes subnormals without a flag. */
static float32 half_to_single_bits(float16 h, bool fz16)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31, frac = h & 0x3ff;
    int exp = (h >> 10) & 31;

    if (exp == 31) {
        return sign | 0x7f800000 | frac << 13;
    }
    if (exp == 0) {
        int sh;

        if (!frac || fz16) {
            return sign;
        }
        sh = __builtin_clz(frac) - 21;
        frac = (frac << sh) & 0x3ff;
        exp = 1 - sh;
    }
    return sign | (uint32_t)(exp + 127 - 15) << 23 | frac << 13;
}

/*
 * FRINT32Z/X, FRINT64Z/X: round to an integral value in mode; one out of
 * the N-bit integer range (NaNs and infinities too) gives -2^(N-1) and
 * raises invalid only.
 */
static uint64_t frint_n(int esz, uint64_t a, int bits, FloatRoundMode mode,
                        float_status *s)
{
    int fb = esz == 2 ? 23 : 52, ebits = esz == 2 ? 8 : 11;
    int bias = (1 << (ebits - 1)) - 1, emax = (1 << ebits) - 1;
    uint8_t old = s->flags;
    uint64_t r, sign = 1ull << (fb + ebits);
    int exp = (a >> fb) & emax;

    if (exp != emax) {
        r = esz == 2 ? float32_round_to_int(a, mode, true, s)
                     : float64_round_to_int(a, mode, true, s);
        exp = (r >> fb) & emax;
        if (exp < bias + bits - 1 ||
            (exp == bias + bits - 1 && r == (sign | (uint64_t)exp << fb))) {
            return r;
        }
    }
    s->flags = old | float_flag_invalid;
    return sign | (uint64_t)(bias + bits - 1) << fb;
}

static const FloatRoundMode sx_rmodes[] = {
    [FPROUND_TIEEVEN] = float_round_nearest_even,
    [FPROUND_POSINF] = float_round_up,
    [FPROUND_NEGINF] = float_round_down,
    [FPROUND_ZERO] = float_round_to_zero,
    [FPROUND_TIEAWAY] = float_round_ties_away,
};

void helper_simdext(void *envp, uint32_t regs, uint32_t desc)
{
    CPUARMState *env = envp;
    int rd = regs & 31, rn = (regs >> 5) & 31, rm = (regs >> 10) & 31;
    int op = desc & SX_OP_MASK, esz = (desc >> SX_ESZ_SHIFT) & 3;
    int rot = (desc >> SX_ROT_SHIFT) & 3, rmi = (desc >> SX_RM_SHIFT) & 7;
    bool by_elem = regs & SX_BY_ELEM, fp16 = esz == 1 && op >= SX_FCMLA;
    int idx = (regs >> 15) & 7, bytes = desc & SX_Q ? 16 : 8;
    int lanes = desc & SX_SCALAR ? 1 : bytes >> esz;
    bool sat = false;
    SxReg n, m, d, r = { { 0 } };
    float_status s;

    memcpy(&n, &env->vregs[rn], 16);
    memcpy(&m, &env->vregs[rm], 16);
    memcpy(&d, &env->vregs[rd], 16);
    if (fp16) {
        arm_fp16_status(env, &s);
    } else {
        arm_fp_status(env, &s);
    }
    for (int i = 0; i < lanes; i++) {
        int j = by_elem ? idx : i;

        switch (op) {
        case SX_RDMLAH: case SX_RDMLSH:
            set_elem(&r, i, esz, rdmlah(esz, op == SX_RDMLSH,
                                        get_selem(&d, i, esz),
                                        get_selem(&n, i, esz),
                                        get_selem(&m, j, esz), &sat));
            break;
        case SX_SDOT: case SX_UDOT: case SX_USDOT: case SX_SUDOT:
            r.s[i] = d.s[i] + dot_bytes(&n, 4 * i, op == SX_UDOT ||
                                        op == SX_USDOT, &m, 4 * j,
                                        op == SX_UDOT || op == SX_SUDOT, 4);
            break;
        case SX_SMMLA: case SX_UMMLA: case SX_USMMLA:
            /* Vd 2x2 (row i / 2, column i % 2) += Vn 2x8 by Vm^T 8x2. */
            r.s[i] = d.s[i] + dot_bytes(&n, 8 * (i >> 1), op != SX_SMMLA,
                                        &m, 8 * (i & 1), op == SX_UMMLA, 8);
            break;
        case SX_FCMLA:
            if (!(i & 1)) {
                fcmla_pair(esz, rot, &r, &d, &n, &m, i,
                           by_elem ? 2 * idx : i, &s);
            }
            break;
        case SX_FCADD:
            if (!(i & 1)) {
                fcadd_pair(esz, rot, &r, &n, &m, i, &s);
            }
            break;
        case SX_FMLAL: case SX_FMLSL: {
            int k = i + (desc & SX_HI ? lanes : 0);
            bool fz16 = env->fpcr & FPCR_FZ16;
            float16 nh = n.h[k] ^ (op == SX_FMLSL ? 0x8000 : 0);

            r.s[i] = float32_muladd(half_to_single_bits(nh, fz16),
                                    half_to_single_bits(m.h[by_elem ? idx : k],
                                                        fz16),
                                    d.s[i], &s);
            break;
        }
        default: {      /* FRINT32, FRINT64 */
            FloatRoundMode mode = rmi == FPROUND_CURRENT ? s.rounding_mode
                                                         : sx_rmodes[rmi];

            set_elem(&r, i, esz, frint_n(esz, get_elem(&n, i, esz),
                                         op == SX_FRINT32 ? 32 : 64, mode,
                                         &s));
            break;
        }
        }
    }
    memcpy(&env->vregs[rd], &r, 16);
    if (sat) {
        env->fpsr |= FPSR_QC;
    }
    if (fp16) {
        arm_fp16_flags(env, &s);
    } else if (op >= SX_FCMLA) {
        arm_fp_flags(env, &s);
    }
}

/*
 * FJCVTZS: Dn toward zero to a 32-bit integer modulo 2^32, in the low
 * half of the result; bit 62 (Z at bit 30 of NZCV's word) when the
 * conversion was exact and in range.
 */
uint64_t helper_fjcvtzs(void *envp, uint64_t a)
{
    CPUARMState *env = envp;
    int exp = (a >> 52) & 0x7ff, e = exp - 1023;
    bool sign = a >> 63, flushed = false, inexact, range;
    uint64_t frac = a & ((1ull << 52) - 1), m, ip;
    uint32_t res;
    float_status s;

    arm_fp_status(env, &s);
    if (exp == 0 && frac && s.flush_inputs_to_zero) {
        s.flags |= float_flag_input_denormal;
        flushed = true;
        frac = 0;
    }
    if (exp == 0x7ff) {             /* infinity or NaN */
        s.flags |= float_flag_invalid;
        arm_fp_flags(env, &s);
        return 0;
    }
    if (e < 0) {
        inexact = exp != 0 || frac;
        res = 0;
        range = true;
    } else {
        m = frac | 1ull << 52;
        ip = e <= 52 ? m >> (52 - e) : e - 52 < 64 ? m << (e - 52) : 0;
        inexact = e < 52 && (m & ((1ull << (52 - e)) - 1));
        res = sign ? -(uint32_t)ip : (uint32_t)ip;
        range = e < 31 || (e == 31 && sign && m == 1ull << 52);
    }
    if (!range) {
        s.flags |= float_flag_invalid;
    } else if (inexact) {
        s.flags |= float_flag_inexact;
    }
    arm_fp_flags(env, &s);
    if (!range || inexact || (sign && !exp && !frac) || flushed) {
        return res;
    }
    return res | 1ull << 62;
}
