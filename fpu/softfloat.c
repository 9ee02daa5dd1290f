/*
 * Software IEEE 754 binary floating point.  Every format is unpacked to
 * FloatParts (class, sign, exponent, 64-bit significand with its top bit
 * set), computed on with 128-bit integers, and rounded back once by
 * round_pack().  Extra precision below a result's last kept bit is folded
 * into a sticky bit 0, which is enough for correct rounding of formats of
 * up to 62 significant bits.
 */
#include "kemu/osdep.h"
#include "fpu/softfloat.h"
#include "fpu/hardfloat.h"

typedef unsigned __int128 u128;

typedef struct FloatFmt {
    int exp_bits, frac_bits;
    bool alt;           /* no inf/NaN encodings (Arm alternative half) */
} FloatFmt;

static const FloatFmt fmt16 = { 5, 10, false };
static const FloatFmt fmt16_alt = { 5, 10, true };
static const FloatFmt fmt32 = { 8, 23, false };
static const FloatFmt fmt64 = { 11, 52, false };

enum { CLS_ZERO, CLS_NORMAL, CLS_INF, CLS_QNAN, CLS_SNAN };

/*
 * NORMAL: value = frac * 2^(exp - 63), frac bit 63 set (subnormal inputs
 * are normalized).  NaN: the raw fraction left-aligned, quiet bit at 63.
 */
typedef struct FloatParts {
    int cls;
    bool sign;
    int exp;
    uint64_t frac;
} FloatParts;

#define QUIET_BIT (1ull << 63)

static int fmt_bias(const FloatFmt *f)
{
    return (1 << (f->exp_bits - 1)) - 1;
}

static bool is_nan(const FloatParts *p)
{
    return p->cls == CLS_QNAN || p->cls == CLS_SNAN;
}

static int clz128(u128 v)
{
    uint64_t hi = v >> 64;
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)v);
}

static FloatParts unpack(uint64_t raw, const FloatFmt *f, float_status *s)
{
    int fb = f->frac_bits, emax = (1 << f->exp_bits) - 1;
    uint64_t frac = raw & ((1ull << fb) - 1);
    int exp = (raw >> fb) & emax;
    FloatParts p = { .sign = (raw >> (fb + f->exp_bits)) & 1 };

    if (exp == emax && !f->alt) {
        p.cls = !frac ? CLS_INF
              : (frac >> (fb - 1)) & 1 ? CLS_QNAN : CLS_SNAN;
        p.frac = frac << (64 - fb);
    } else if (exp == 0) {
        if (frac && s->flush_inputs_to_zero) {
            s->flags |= float_flag_input_denormal;
            frac = 0;
        }
        if (!frac) {
            p.cls = CLS_ZERO;
        } else {
            int sh = __builtin_clzll(frac);
            p.cls = CLS_NORMAL;
            p.frac = frac << sh;
            p.exp = 1 - fmt_bias(f) + 63 - fb - sh;
        }
    } else {
        p.cls = CLS_NORMAL;
        p.frac = ((1ull << fb) | frac) << (63 - fb);
        p.exp = exp - fmt_bias(f);
    }
    return p;
}

static uint64_t pack_raw(const FloatFmt *f, bool sign, uint64_t exp,
                         uint64_t frac)
{
    return ((uint64_t)sign << (f->frac_bits + f->exp_bits)) |
           (exp << f->frac_bits) | frac;
}

static FloatParts default_nan(float_status *s)
{
    FloatParts p = { CLS_QNAN, s->default_nan_negative, 0, QUIET_BIT };
    return p;
}

/* Drop sh low bits of frac; *rb: 0 exact, 1 below half, 2 half, 3 above. */
static uint64_t shift_round_bits(uint64_t frac, int sh, int *rb)
{
    uint64_t m, rem, half;

    if (sh <= 0) {
        *rb = 0;
        return frac;
    }
    if (sh > 64) {
        *rb = frac != 0;
        return 0;
    }
    m = sh == 64 ? 0 : frac >> sh;
    rem = sh == 64 ? frac : frac & ((1ull << sh) - 1);
    half = 1ull << (sh - 1);
    *rb = !rem ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    return m;
}

static bool round_up(int mode, bool sign, uint64_t m, int rb)
{
    switch (mode) {
    case float_round_nearest_even:
        return rb == 3 || (rb == 2 && (m & 1));
    case float_round_ties_away:
        return rb >= 2;
    case float_round_up:
        return rb && !sign;
    case float_round_down:
        return rb && sign;
    default:
        return false;
    }
}

static uint64_t pack_overflow(const FloatFmt *f, bool sign, int mode)
{
    int emax = (1 << f->exp_bits) - 1;
    bool to_inf = mode == float_round_nearest_even ||
                  mode == float_round_ties_away ||
                  (mode == float_round_up && !sign) ||
                  (mode == float_round_down && sign);

    if (to_inf) {
        return pack_raw(f, sign, emax, 0);
    }
    return pack_raw(f, sign, emax - 1, (1ull << f->frac_bits) - 1);
}

/* Tininess after rounding: false when a subnormal rounds up to normal. */
static bool tiny_after_rounding(const FloatParts *p, const FloatFmt *f,
                                int e, int mode)
{
    int rb;
    uint64_t m = shift_round_bits(p->frac, 63 - f->frac_bits, &rb);

    return !(e == 0 && round_up(mode, p->sign, m, rb) &&
             m + 1 == 1ull << (f->frac_bits + 1));
}

static uint64_t round_pack_normal(const FloatParts *p, const FloatFmt *f,
                                  float_status *s)
{
    int fb = f->frac_bits, emax = (1 << f->exp_bits) - 1;
    int e = p->exp + fmt_bias(f), shift = 63 - fb, rb, mode = s->rounding_mode;
    bool tiny = false;
    uint64_t m;

    if (e <= 0) {
        if (s->flush_to_zero) {
            s->flags |= float_flag_output_denormal;
            return pack_raw(f, p->sign, 0, 0);
        }
        tiny = s->tininess_before_rounding ||
               tiny_after_rounding(p, f, e, mode);
        shift += 1 - e;
        e = 0;
    }
    m = shift_round_bits(p->frac, shift, &rb);
    if (tiny && rb) {
        s->flags |= float_flag_underflow;
    }
    if (round_up(mode, p->sign, m, rb)) {
        m++;
    }
    if (e == 0) {
        /* A carry into bit fb makes the minimum normal: same encoding. */
        if (rb) {
            s->flags |= float_flag_inexact;
        }
        return pack_raw(f, p->sign, 0, m);
    }
    if (m >> (fb + 1)) {
        m >>= 1;
        e++;
    }
    if (f->alt && e > emax) {
        /* Saturates to the largest magnitude, invalid and exact. */
        s->flags |= float_flag_invalid;
        return pack_raw(f, p->sign, emax, (1ull << fb) - 1);
    }
    if (e >= emax && !f->alt) {
        s->flags |= float_flag_overflow | float_flag_inexact;
        return pack_overflow(f, p->sign, mode);
    }
    if (rb) {
        s->flags |= float_flag_inexact;
    }
    return pack_raw(f, p->sign, e, m & ((1ull << fb) - 1));
}

static uint64_t round_pack(const FloatParts *p, const FloatFmt *f,
                           float_status *s)
{
    int emax = (1 << f->exp_bits) - 1;

    switch (p->cls) {
    case CLS_ZERO:
        return pack_raw(f, p->sign, 0, 0);
    case CLS_INF:
        return pack_raw(f, p->sign, emax, 0);
    case CLS_NORMAL:
        return round_pack_normal(p, f, s);
    default:
        return pack_raw(f, p->sign, emax, p->frac >> (64 - f->frac_bits));
    }
}

/* Pack a value known to be representable (no flush, no flags). */
static uint64_t pack_exact(const FloatParts *p, const FloatFmt *f,
                           float_status *s)
{
    float_status t = *s;

    t.flush_to_zero = false;
    return round_pack(p, f, &t);
}

/* ---- NaN propagation ---- */

static FloatParts quiet_nan(FloatParts p, float_status *s)
{
    if (p.cls == CLS_SNAN) {
        s->flags |= float_flag_invalid;
    }
    if (s->default_nan_mode) {
        return default_nan(s);
    }
    p.cls = CLS_QNAN;
    p.frac |= QUIET_BIT;
    return p;
}

/* The NaN result among n operands in pick order (at least one is a NaN). */
static FloatParts pick_nan(const FloatParts *ops[], int n, float_status *s)
{
    const FloatParts *pick = NULL;

    for (int i = 0; i < n; i++) {
        if (ops[i]->cls == CLS_SNAN) {
            s->flags |= float_flag_invalid;
        }
    }
    for (int i = 0; i < n && !pick; i++) {
        if (s->nan_prop == float_nan_prop_first ? is_nan(ops[i])
                                                : ops[i]->cls == CLS_SNAN) {
            pick = ops[i];
        }
    }
    for (int i = 0; i < n && !pick; i++) {
        if (is_nan(ops[i])) {
            pick = ops[i];
        }
    }
    return quiet_nan(*pick, s);
}

static FloatParts pick_nan2(const FloatParts *a, const FloatParts *b,
                            float_status *s)
{
    const FloatParts *ops[2] = { a, b };

    return pick_nan(ops, 2, s);
}

static FloatParts invalid(float_status *s)
{
    s->flags |= float_flag_invalid;
    return default_nan(s);
}

/* ---- Arithmetic on normal operands ---- */

static FloatParts zero_parts(bool sign)
{
    FloatParts p = { CLS_ZERO, sign, 0, 0 };
    return p;
}

/* Sign of an exact zero sum of opposite-signed or cancelling values. */
static bool exact_zero_sign(float_status *s)
{
    return s->rounding_mode == float_round_down;
}

/* m * 2^(e - 126) as parts: normalized, low bits folded into sticky. */
static FloatParts wide_to_parts(bool sign, int e, u128 m)
{
    int lz = clz128(m);
    FloatParts p = { CLS_NORMAL, sign, e + 1 - lz, 0 };

    m <<= lz;
    p.frac = (uint64_t)(m >> 64) | ((uint64_t)m != 0);
    return p;
}

static u128 shift_right_jam128(u128 m, int d)
{
    if (d <= 0) {
        return m;
    }
    if (d >= 128) {
        return m != 0;
    }
    return (m >> d) | ((m & (((u128)1 << d) - 1)) != 0);
}

/* Sum of two values m * 2^(e - 126) with bit 126 of each m set. */
static FloatParts add_wide(bool sa, int ea, u128 ma, bool sb, int eb, u128 mb,
                           float_status *s)
{
    u128 m;

    if (ea < eb || (ea == eb && ma < mb)) {
        bool ts = sa; int te = ea; u128 tm = ma;
        sa = sb; ea = eb; ma = mb;
        sb = ts; eb = te; mb = tm;
    }
    mb = shift_right_jam128(mb, ea - eb);
    m = sa == sb ? ma + mb : ma - mb;
    if (!m) {
        return zero_parts(exact_zero_sign(s));
    }
    return wide_to_parts(sa, ea, m);
}

static FloatParts add_normal(const FloatParts *a, const FloatParts *b,
                             float_status *s)
{
    return add_wide(a->sign, a->exp, (u128)a->frac << 63,
                    b->sign, b->exp, (u128)b->frac << 63, s);
}

static FloatParts parts_add(FloatParts a, FloatParts b, bool sub,
                            float_status *s)
{
    if (is_nan(&a) || is_nan(&b)) {
        return pick_nan2(&a, &b, s);
    }
    b.sign ^= sub;
    if (a.cls == CLS_INF) {
        return b.cls == CLS_INF && a.sign != b.sign ? invalid(s) : a;
    }
    if (b.cls == CLS_INF) {
        return b;
    }
    if (a.cls == CLS_ZERO && b.cls == CLS_ZERO) {
        return zero_parts(a.sign == b.sign ? a.sign : exact_zero_sign(s));
    }
    if (a.cls == CLS_ZERO) {
        return b;
    }
    if (b.cls == CLS_ZERO) {
        return a;
    }
    return add_normal(&a, &b, s);
}

static FloatParts parts_mul(FloatParts a, FloatParts b, float_status *s)
{
    bool sign = a.sign ^ b.sign;
    FloatParts r = { CLS_INF, sign, 0, 0 };

    if (is_nan(&a) || is_nan(&b)) {
        return pick_nan2(&a, &b, s);
    }
    if (a.cls == CLS_INF || b.cls == CLS_INF) {
        return a.cls == CLS_ZERO || b.cls == CLS_ZERO ? invalid(s) : r;
    }
    if (a.cls == CLS_ZERO || b.cls == CLS_ZERO) {
        return zero_parts(sign);
    }
    return wide_to_parts(sign, a.exp + b.exp, (u128)a.frac * b.frac);
}

static FloatParts parts_div(FloatParts a, FloatParts b, float_status *s)
{
    bool sign = a.sign ^ b.sign;
    FloatParts r = { CLS_INF, sign, 0, 0 };
    u128 n, q;
    uint64_t rem;

    if (is_nan(&a) || is_nan(&b)) {
        return pick_nan2(&a, &b, s);
    }
    if (a.cls == b.cls && (a.cls == CLS_INF || a.cls == CLS_ZERO)) {
        return invalid(s);
    }
    if (a.cls == CLS_INF || b.cls == CLS_ZERO) {
        if (b.cls == CLS_ZERO && a.cls == CLS_NORMAL) {
            s->flags |= float_flag_divbyzero;
        }
        return r;
    }
    if (a.cls == CLS_ZERO || b.cls == CLS_INF) {
        return zero_parts(sign);
    }
    n = (u128)a.frac << 64;
    q = n / b.frac;
    rem = (uint64_t)(n % b.frac);
    /* a/b = q * 2^(ea - eb - 64) = (q << 62) * 2^(ea - eb - 126). */
    return wide_to_parts(sign, a.exp - b.exp, (q << 62) | (rem != 0));
}

static FloatParts parts_sqrt(FloatParts a, float_status *s)
{
    u128 n;
    uint64_t r = 0;
    int p;

    if (is_nan(&a)) {
        return quiet_nan(a, s);
    }
    if (a.cls == CLS_ZERO) {
        return a;
    }
    if (a.sign) {
        return invalid(s);
    }
    if (a.cls == CLS_INF) {
        return a;
    }
    /* value = n * 2^p with p even; sqrt = isqrt(n) * 2^(p/2). */
    if (((a.exp - 127) & 1) == 0) {
        n = (u128)a.frac << 64;
        p = a.exp - 127;
    } else {
        n = (u128)a.frac << 63;
        p = a.exp - 126;
    }
    for (int i = 63; i >= 0; i--) {
        uint64_t t = r | (1ull << i);
        if ((u128)t * t <= n) {
            r = t;
        }
    }
    a.frac = r | ((u128)r * r != n);
    a.exp = p / 2 + 63;
    return a;
}

static FloatParts parts_muladd(FloatParts a, FloatParts b, FloatParts c,
                               float_status *s)
{
    bool infzero = (a.cls == CLS_INF && b.cls == CLS_ZERO) ||
                   (a.cls == CLS_ZERO && b.cls == CLS_INF);
    bool sp = a.sign ^ b.sign;
    u128 m;
    int e;

    if (is_nan(&a) || is_nan(&b) || is_nan(&c)) {
        const FloatParts *ops[3] = { &a, &b, &c };
        if (s->muladd_addend_first) {
            ops[0] = &c; ops[1] = &a; ops[2] = &b;
        }
        if (infzero && c.cls == CLS_QNAN && s->muladd_infzero_default_nan) {
            return invalid(s);
        }
        if (infzero && !is_nan(&a) && !is_nan(&b)) {
            s->flags |= float_flag_invalid;
        }
        return pick_nan(ops, 3, s);
    }
    if (infzero) {
        return invalid(s);
    }
    if (a.cls == CLS_INF || b.cls == CLS_INF) {
        if (c.cls == CLS_INF && c.sign != sp) {
            return invalid(s);
        }
        return (FloatParts){ CLS_INF, sp, 0, 0 };
    }
    if (c.cls == CLS_INF) {
        return c;
    }
    if (a.cls == CLS_ZERO || b.cls == CLS_ZERO) {
        if (c.cls == CLS_ZERO) {
            return zero_parts(c.sign == sp ? sp : exact_zero_sign(s));
        }
        return c;
    }
    m = (u128)a.frac * b.frac;
    e = a.exp + b.exp;
    if (m >> 127) {
        m >>= 1;        /* exact: the product has many trailing zeros */
        e++;
    }
    if (c.cls == CLS_ZERO) {
        return wide_to_parts(sp, e, m);
    }
    return add_wide(sp, e, m, c.sign, c.exp, (u128)c.frac << 63, s);
}

/* ---- Min/max, compare, round to integral ---- */

static int cmp_magnitude(const FloatParts *a, const FloatParts *b)
{
    if (a->cls != b->cls) {
        return a->cls < b->cls ? -1 : 1;     /* zero < normal < inf */
    }
    if (a->cls != CLS_NORMAL || (a->exp == b->exp && a->frac == b->frac)) {
        return 0;
    }
    if (a->exp != b->exp) {
        return a->exp < b->exp ? -1 : 1;
    }
    return a->frac < b->frac ? -1 : 1;
}

/* -1, 0, 1 for ordered operands; zeros of either sign are equal. */
static int cmp_ordered(const FloatParts *a, const FloatParts *b)
{
    int mag;

    if (a->cls == CLS_ZERO && b->cls == CLS_ZERO) {
        return 0;
    }
    if (a->sign != b->sign) {
        return a->sign ? -1 : 1;
    }
    mag = cmp_magnitude(a, b);
    return a->sign ? -mag : mag;
}

static FloatRelation parts_compare(FloatParts a, FloatParts b, bool quiet,
                                   float_status *s)
{
    if (is_nan(&a) || is_nan(&b)) {
        if (!quiet || a.cls == CLS_SNAN || b.cls == CLS_SNAN) {
            s->flags |= float_flag_invalid;
        }
        return float_relation_unordered;
    }
    return (FloatRelation)cmp_ordered(&a, &b);
}

static FloatParts parts_minmax(FloatParts a, FloatParts b, bool is_max,
                               bool num, float_status *s)
{
    int c;

    if (is_nan(&a) || is_nan(&b)) {
        if (num && a.cls != CLS_SNAN && b.cls != CLS_SNAN &&
            !(is_nan(&a) && is_nan(&b))) {
            return is_nan(&a) ? b : a;
        }
        return pick_nan2(&a, &b, s);
    }
    c = cmp_ordered(&a, &b);
    if (c == 0 && a.sign != b.sign) {
        return is_max ? (a.sign ? b : a) : (a.sign ? a : b);
    }
    return (c > 0) == is_max ? a : b;
}

static FloatParts parts_round_to_int(FloatParts a, int mode, bool exact,
                                     float_status *s)
{
    int rb, lz;
    uint64_t m;

    if (is_nan(&a)) {
        return quiet_nan(a, s);
    }
    if (a.cls != CLS_NORMAL || a.exp >= 63) {
        return a;
    }
    m = shift_round_bits(a.frac, a.exp < -2 ? 65 : 63 - a.exp, &rb);
    if (round_up(mode, a.sign, m, rb)) {
        m++;
    }
    if (exact && rb) {
        s->flags |= float_flag_inexact;
    }
    if (!m) {
        return zero_parts(a.sign);
    }
    lz = __builtin_clzll(m);
    a.frac = m << lz;
    a.exp = 63 - lz;
    return a;
}

/* ---- Integer conversions ---- */

/* a * 2^fbits rounded, saturated to [min, max] given as magnitudes. */
static uint64_t parts_to_int(FloatParts a, int mode, int fbits,
                             uint64_t max_pos, uint64_t max_neg,
                             float_status *s)
{
    uint64_t m, lim;
    int rb;
    bool over = false;

    if (is_nan(&a)) {
        s->flags |= float_flag_invalid;
        return 0;
    }
    lim = a.sign ? max_neg : max_pos;
    if (a.cls == CLS_ZERO) {
        return 0;
    }
    if (a.cls == CLS_INF || a.exp + fbits >= 64) {
        over = true;
        m = 0;
        rb = 0;
    } else {
        int e = a.exp + fbits;
        m = shift_round_bits(a.frac, e < -2 ? 65 : 63 - e, &rb);
        if (round_up(mode, a.sign, m, rb)) {
            over = m == UINT64_MAX;
            m++;
        }
        over |= m > lim;
    }
    if (over) {
        s->flags |= float_flag_invalid;
        return a.sign ? -lim : lim;
    }
    if (rb) {
        s->flags |= float_flag_inexact;
    }
    return a.sign ? -m : m;
}

static FloatParts int_to_parts(bool sign, uint64_t mag, int fbits)
{
    int lz;
    FloatParts p = zero_parts(sign);

    if (mag) {
        lz = __builtin_clzll(mag);
        p.cls = CLS_NORMAL;
        p.frac = mag << lz;
        p.exp = 63 - lz - fbits;
    } else {
        p.sign = false;
    }
    return p;
}

/* ---- The formats ---- */

#define FLOAT_OPS(N)                                                        \
static float##N soft##N##_add(float##N a, float##N b,                       \
                              float_status *s)                              \
{                                                                           \
    FloatParts r = parts_add(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),  \
                             false, s);                                     \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N soft##N##_sub(float##N a, float##N b,                       \
                              float_status *s)                              \
{                                                                           \
    FloatParts r = parts_add(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),  \
                             true, s);                                      \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N soft##N##_mul(float##N a, float##N b,                       \
                              float_status *s)                              \
{                                                                           \
    FloatParts r = parts_mul(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),  \
                             s);                                            \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N soft##N##_div(float##N a, float##N b,                       \
                              float_status *s)                              \
{                                                                           \
    FloatParts r = parts_div(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),  \
                             s);                                            \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N soft##N##_sqrt(float##N a, float_status *s)                 \
{                                                                           \
    FloatParts r = parts_sqrt(unpack(a, &fmt##N, s), s);                    \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N soft##N##_muladd(float##N a, float##N b, float##N c,        \
                                 float_status *s)                           \
{                                                                           \
    FloatParts pa = unpack(a, &fmt##N, s), pb = unpack(b, &fmt##N, s);      \
    FloatParts r = parts_muladd(pa, pb, unpack(c, &fmt##N, s), s);          \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
static float##N minmax##N(float##N a, float##N b, bool is_max, bool num,    \
                          float_status *s)                                  \
{                                                                           \
    FloatParts r = parts_minmax(unpack(a, &fmt##N, s),                      \
                                unpack(b, &fmt##N, s), is_max, num, s);     \
    return pack_exact(&r, &fmt##N, s);                                      \
}                                                                           \
float##N float##N##_min(float##N a, float##N b, float_status *s)            \
{                                                                           \
    return minmax##N(a, b, false, false, s);                                \
}                                                                           \
float##N float##N##_max(float##N a, float##N b, float_status *s)            \
{                                                                           \
    return minmax##N(a, b, true, false, s);                                 \
}                                                                           \
float##N float##N##_minnum(float##N a, float##N b, float_status *s)         \
{                                                                           \
    return minmax##N(a, b, false, true, s);                                 \
}                                                                           \
float##N float##N##_maxnum(float##N a, float##N b, float_status *s)         \
{                                                                           \
    return minmax##N(a, b, true, true, s);                                  \
}                                                                           \
float##N float##N##_round_to_int(float##N a, FloatRoundMode mode,           \
                                 bool exact, float_status *s)               \
{                                                                           \
    FloatParts r = parts_round_to_int(unpack(a, &fmt##N, s), mode, exact,   \
                                      s);                                   \
    return pack_exact(&r, &fmt##N, s);                                      \
}                                                                           \
FloatRelation float##N##_compare(float##N a, float##N b, float_status *s)   \
{                                                                           \
    return parts_compare(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),      \
                         false, s);                                         \
}                                                                           \
FloatRelation float##N##_compare_quiet(float##N a, float##N b,              \
                                       float_status *s)                     \
{                                                                           \
    return parts_compare(unpack(a, &fmt##N, s), unpack(b, &fmt##N, s),      \
                         true, s);                                          \
}                                                                           \
int64_t float##N##_to_int64_scalbn(float##N a, FloatRoundMode mode,         \
                                   int fbits, float_status *s)              \
{                                                                           \
    return parts_to_int(unpack(a, &fmt##N, s), mode, fbits, INT64_MAX,      \
                        1ull << 63, s);                                     \
}                                                                           \
int32_t float##N##_to_int32_scalbn(float##N a, FloatRoundMode mode,         \
                                   int fbits, float_status *s)              \
{                                                                           \
    return parts_to_int(unpack(a, &fmt##N, s), mode, fbits, INT32_MAX,      \
                        1ull << 31, s);                                     \
}                                                                           \
uint64_t float##N##_to_uint64_scalbn(float##N a, FloatRoundMode mode,       \
                                     int fbits, float_status *s)            \
{                                                                           \
    return parts_to_int(unpack(a, &fmt##N, s), mode, fbits, UINT64_MAX,     \
                        0, s);                                              \
}                                                                           \
uint32_t float##N##_to_uint32_scalbn(float##N a, FloatRoundMode mode,       \
                                     int fbits, float_status *s)            \
{                                                                           \
    return parts_to_int(unpack(a, &fmt##N, s), mode, fbits, UINT32_MAX,     \
                        0, s);                                              \
}                                                                           \
float##N int64_to_float##N##_scalbn(int64_t v, int fbits, float_status *s)  \
{                                                                           \
    FloatParts r = int_to_parts(v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v,  \
                                fbits);                                     \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
float##N uint64_to_float##N##_scalbn(uint64_t v, int fbits,                 \
                                     float_status *s)                       \
{                                                                           \
    FloatParts r = int_to_parts(false, v, fbits);                           \
    return round_pack(&r, &fmt##N, s);                                      \
}                                                                           \
bool float##N##_is_any_nan(float##N a)                                      \
{                                                                           \
    float_status s = { 0 };                                                 \
    FloatParts p = unpack(a, &fmt##N, &s);                                  \
    return is_nan(&p);                                                      \
}                                                                           \
bool float##N##_is_signaling_nan(float##N a)                                \
{                                                                           \
    float_status s = { 0 };                                                 \
    return unpack(a, &fmt##N, &s).cls == CLS_SNAN;                          \
}                                                                           \
float##N float##N##_default_nan(float_status *s)                            \
{                                                                           \
    FloatParts p = default_nan(s);                                          \
    return round_pack(&p, &fmt##N, s);                                      \
}

FLOAT_OPS(16)
FLOAT_OPS(32)
FLOAT_OPS(64)

/* Half precision has no host type: always soft. */
float16 float16_add(float16 a, float16 b, float_status *s)
{
    return soft16_add(a, b, s);
}

float16 float16_sub(float16 a, float16 b, float_status *s)
{
    return soft16_sub(a, b, s);
}

float16 float16_mul(float16 a, float16 b, float_status *s)
{
    return soft16_mul(a, b, s);
}

float16 float16_div(float16 a, float16 b, float_status *s)
{
    return soft16_div(a, b, s);
}

float16 float16_sqrt(float16 a, float_status *s)
{
    return soft16_sqrt(a, s);
}

float16 float16_muladd(float16 a, float16 b, float16 c, float_status *s)
{
    return soft16_muladd(a, b, c, s);
}

/* Single and double: the host FPU where hardfloat.h allows it. */
#define HARD_OPS(N)                                                         \
float##N float##N##_add(float##N a, float##N b, float_status *s)            \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_add(a, b, &r) ? r                        \
           : soft##N##_add(a, b, s);                                        \
}                                                                           \
float##N float##N##_sub(float##N a, float##N b, float_status *s)            \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_sub(a, b, &r) ? r                        \
           : soft##N##_sub(a, b, s);                                        \
}                                                                           \
float##N float##N##_mul(float##N a, float##N b, float_status *s)            \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_mul(a, b, &r) ? r                        \
           : soft##N##_mul(a, b, s);                                        \
}                                                                           \
float##N float##N##_div(float##N a, float##N b, float_status *s)            \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_div(a, b, &r) ? r                        \
           : soft##N##_div(a, b, s);                                        \
}                                                                           \
float##N float##N##_sqrt(float##N a, float_status *s)                       \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_sqrt(a, &r) ? r : soft##N##_sqrt(a, s);  \
}                                                                           \
float##N float##N##_muladd(float##N a, float##N b, float##N c,              \
                           float_status *s)                                 \
{                                                                           \
    float##N r;                                                             \
                                                                            \
    return hf_usable(s) && hf##N##_muladd(a, b, c, &r) ? r                  \
           : soft##N##_muladd(a, b, c, s);                                  \
}

HARD_OPS(32)
HARD_OPS(64)

/* Arm's alternative half has no NaN or infinity to convert to. */
static uint64_t convert_to_alt(FloatParts p, const FloatFmt *to,
                               float_status *s)
{
    if (is_nan(&p)) {
        s->flags |= float_flag_invalid;
        return pack_raw(to, p.sign, 0, 0);
    }
    if (p.cls == CLS_INF) {
        s->flags |= float_flag_invalid;
        return pack_raw(to, p.sign, (1 << to->exp_bits) - 1,
                        (1ull << to->frac_bits) - 1);
    }
    return round_pack(&p, to, s);
}

static uint64_t convert(uint64_t a, const FloatFmt *from, const FloatFmt *to,
                        float_status *s)
{
    FloatParts p;

    if (s->arm_alt_half) {
        from = from == &fmt16 ? &fmt16_alt : from;
        to = to == &fmt16 ? &fmt16_alt : to;
    }
    p = unpack(a, from, s);
    if (to->alt) {
        return convert_to_alt(p, to, s);
    }
    if (is_nan(&p)) {
        p = quiet_nan(p, s);
    }
    return round_pack(&p, to, s);
}

float32 float16_to_float32(float16 a, float_status *s)
{
    return convert(a, &fmt16, &fmt32, s);
}

float64 float16_to_float64(float16 a, float_status *s)
{
    return convert(a, &fmt16, &fmt64, s);
}

float16 float32_to_float16(float32 a, float_status *s)
{
    return convert(a, &fmt32, &fmt16, s);
}

float64 float32_to_float64(float32 a, float_status *s)
{
    return convert(a, &fmt32, &fmt64, s);
}

float16 float64_to_float16(float64 a, float_status *s)
{
    return convert(a, &fmt64, &fmt16, s);
}

float32 float64_to_float32(float64 a, float_status *s)
{
    return convert(a, &fmt64, &fmt32, s);
}
