/*
 * x87 extended precision (floatx80) in software, so the x87 works the
 * same on every host and TCG backend (no host long double).
 *
 * Values are unpacked to X80 (class, sign, exponent, 64-bit significand
 * with bit 63 set), computed on exactly with 128-bit integers, and rounded
 * once by round_pack() to the precision control's 24, 53 or 64 bits with
 * the extended exponent range.  The x87 rules apply throughout: NaN
 * propagation by larger significand, the negative default NaN, unnormals
 * and pseudo-NaN/infinity encodings are invalid operands, denormal and
 * pseudo-denormal operands raise float_flag_denormal_operand, tininess is
 * detected before rounding.
 */
#include "kemu/osdep.h"
#include "fpu/softfloat.h"

typedef unsigned __int128 u128;

enum { C_ZERO, C_NORMAL, C_INF, C_QNAN, C_SNAN, C_BAD };

/* NORMAL: value = sig * 2^(exp - 63).  NaN: the raw significand. */
typedef struct X80 {
    int cls;
    bool sign;
    bool denormal;              /* the encoding was (pseudo-)denormal */
    int exp;
    uint64_t sig;
} X80;

/* A destination format: exponent bias, all-ones exponent, precision. */
typedef struct RoundFmt {
    int bias, emax, prec;
} RoundFmt;

#define X80_BIAS 16383
#define X80_QUIET (1ull << 62)
#define X80_INT (1ull << 63)

static floatx80 make_x80(bool sign, int exp, uint64_t sig)
{
    floatx80 r = { sig, (uint16_t)((sign << 15) | exp) };
    return r;
}

static X80 unpack(floatx80 a)
{
    int e = a.high & 0x7fff;
    X80 p = { .sign = a.high >> 15, .sig = a.low };

    if (e == 0x7fff) {
        if (!(a.low & X80_INT)) {
            p.cls = C_BAD;
        } else if (!(a.low << 1)) {
            p.cls = C_INF;
        } else {
            p.cls = a.low & X80_QUIET ? C_QNAN : C_SNAN;
        }
    } else if (e == 0) {
        if (!a.low) {
            p.cls = C_ZERO;
        } else {
            int sh = __builtin_clzll(a.low);

            p.cls = C_NORMAL;
            p.denormal = true;
            p.sig = a.low << sh;
            p.exp = 1 - X80_BIAS - sh;
        }
    } else if (!(a.low & X80_INT)) {
        p.cls = C_BAD;              /* unnormal */
    } else {
        p.cls = C_NORMAL;
        p.exp = e - X80_BIAS;
    }
    return p;
}

static int prec_bits(const float_status *s)
{
    return s->floatx80_precision ? s->floatx80_precision : 64;
}

floatx80 floatx80_default_nan(float_status *s)
{
    return make_x80(s->default_nan_negative, 0x7fff, 0xc000000000000000ull);
}

static bool is_nan(const X80 *p)
{
    return p->cls == C_QNAN || p->cls == C_SNAN;
}

static floatx80 invalid(float_status *s)
{
    s->flags |= float_flag_invalid;
    return floatx80_default_nan(s);
}

static bool round_up(int mode, bool sign, u128 m, int rb)
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

/* Drop sh low bits of v; *rb: 0 exact, 1 below half, 2 half, 3 above. */
static u128 drop_bits(u128 v, int sh, int *rb)
{
    u128 rem, half;

    if (sh > 128) {
        *rb = v != 0;
        return 0;
    }
    rem = sh == 128 ? v : v & (((u128)1 << sh) - 1);
    half = (u128)1 << (sh - 1);
    *rb = !rem ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    return sh == 128 ? 0 : v >> sh;
}

/*
 * Round sign * sig * 2^(exp - 127) (sig with bit 127 set) to f in the
 * status' mode.  Returns the biased exponent and in *m the significand
 * with its integer bit at f->prec - 1 (clear for a denormal).
 */
static int round_pack(const RoundFmt *f, bool sign, int exp, u128 sig,
                      uint64_t *m, float_status *s)
{
    int e = exp + f->bias, sh = 128 - f->prec, rb;
    bool tiny = e <= 0;
    u128 v;

    if (tiny) {
        sh += 1 - e;
    }
    v = drop_bits(sig, sh, &rb);
    if (round_up(s->rounding_mode, sign, v, rb)) {
        v++;
        s->floatx80_rounded_up = true;
    }
    if (tiny) {
        if (rb) {
            s->flags |= float_flag_underflow | float_flag_inexact;
        }
        *m = v;
        return v >> (f->prec - 1) ? 1 : 0;
    }
    if (v >> f->prec) {
        v >>= 1;
        e++;
    }
    if (e >= f->emax) {
        int mode = s->rounding_mode;
        bool to_inf = mode == float_round_nearest_even ||
                      mode == float_round_ties_away ||
                      (mode == float_round_up && !sign) ||
                      (mode == float_round_down && sign);

        s->flags |= float_flag_overflow | float_flag_inexact;
        if (to_inf) {
            s->floatx80_rounded_up = true;
            *m = 1ull << (f->prec - 1);
            return f->emax;
        }
        *m = f->prec == 64 ? ~0ull : (1ull << f->prec) - 1;
        return f->emax - 1;
    }
    if (rb) {
        s->flags |= float_flag_inexact;
    }
    *m = v;
    return e;
}

/* Round a normalized wide value to floatx80 with prec bits. */
static floatx80 pack_prec(bool sign, int exp, u128 sig, int prec,
                          float_status *s)
{
    RoundFmt f = { X80_BIAS, 0x7fff, prec };
    uint64_t m;
    int e = round_pack(&f, sign, exp, sig, &m, s);

    return make_x80(sign, e, m << (64 - f.prec));
}

/* ... at the precision control (the arithmetic operations). */
static floatx80 pack_wide(bool sign, int exp, u128 sig, float_status *s)
{
    return pack_prec(sign, exp, sig, prec_bits(s), s);
}

static int clz128(u128 v)
{
    return (uint64_t)(v >> 64) ? __builtin_clzll(v >> 64)
                               : 64 + __builtin_clzll((uint64_t)v);
}

/* v * 2^(exp - 127), v != 0, at the precision control. */
static floatx80 normalize_pack(bool sign, int exp, u128 v, float_status *s)
{
    int hi = clz128(v);

    return pack_wide(sign, exp - hi, v << hi, s);
}

/* The same at full precision (operations that precision control skips). */
static floatx80 normalize_pack64(bool sign, int exp, u128 v, float_status *s)
{
    int hi = clz128(v);

    return pack_prec(sign, exp - hi, v << hi, 64, s);
}

static floatx80 zero(bool sign)
{
    return make_x80(sign, 0, 0);
}

static floatx80 inf(bool sign)
{
    return make_x80(sign, 0x7fff, X80_INT);
}

/*
 * NaN result of two operands (at least one NaN or invalid encoding): a
 * QNaN beats an SNaN, else the larger significand, else the positive one.
 */
static floatx80 pick_nan(floatx80 a, floatx80 b, const X80 *pa,
                         const X80 *pb, float_status *s)
{
    uint64_t sa = a.low | X80_QUIET, sb = b.low | X80_QUIET;

    if (pa->cls == C_BAD || pb->cls == C_BAD) {
        return invalid(s);
    }
    if (pa->cls == C_SNAN || pb->cls == C_SNAN) {
        s->flags |= float_flag_invalid;
    }
    if (!is_nan(pb)) {
        return make_x80(pa->sign, 0x7fff, sa);
    }
    if (!is_nan(pa)) {
        return make_x80(pb->sign, 0x7fff, sb);
    }
    if (pa->cls != pb->cls) {
        return pa->cls == C_QNAN ? a : b;
    }
    if (sa != sb) {
        return sa > sb ? make_x80(pa->sign, 0x7fff, sa)
                       : make_x80(pb->sign, 0x7fff, sb);
    }
    return make_x80(pa->sign && pb->sign, 0x7fff, sa);
}

static bool any_nan(const X80 *a, const X80 *b)
{
    return is_nan(a) || is_nan(b) || a->cls == C_BAD || b->cls == C_BAD;
}

static void note_denormals(const X80 *a, const X80 *b, float_status *s)
{
    if (a->denormal || (b && b->denormal)) {
        s->flags |= float_flag_denormal_operand;
    }
}

static bool exact_zero_sign(float_status *s)
{
    return s->rounding_mode == float_round_down;
}

/* ---- Arithmetic ---- */

static floatx80 add_normal(const X80 *a, const X80 *b, float_status *s)
{
    /* The larger magnitude first; both as value * 2^(exp - 126). */
    const X80 *x = a, *y = b;
    u128 mx, my;
    int d;

    if (a->exp < b->exp || (a->exp == b->exp && a->sig < b->sig)) {
        x = b, y = a;
    }
    d = x->exp - y->exp;
    mx = (u128)x->sig << 63;
    my = (u128)y->sig << 63;
    if (d >= 127) {
        my = 1;                     /* only a sticky bit remains */
    } else if (d) {
        my = (my >> d) | ((my & (((u128)1 << d) - 1)) != 0);
    }
    if (x->sign == y->sign) {
        return normalize_pack(x->sign, x->exp + 1, mx + my, s);
    }
    if (mx == my) {
        return zero(exact_zero_sign(s));
    }
    return normalize_pack(x->sign, x->exp + 1, mx - my, s);
}

static floatx80 addsub(floatx80 fa, floatx80 fb, bool sub, float_status *s)
{
    X80 a = unpack(fa), b = unpack(fb);

    if (any_nan(&a, &b)) {
        return pick_nan(fa, fb, &a, &b, s);
    }
    note_denormals(&a, &b, s);
    b.sign ^= sub;
    if (a.cls == C_INF || b.cls == C_INF) {
        if (a.cls == C_INF && b.cls == C_INF && a.sign != b.sign) {
            return invalid(s);
        }
        return inf(a.cls == C_INF ? a.sign : b.sign);
    }
    if (a.cls == C_ZERO && b.cls == C_ZERO) {
        return zero(a.sign == b.sign ? a.sign : exact_zero_sign(s));
    }
    if (a.cls == C_ZERO || b.cls == C_ZERO) {
        X80 *n = a.cls == C_ZERO ? &b : &a;

        return pack_wide(n->sign, n->exp, (u128)n->sig << 64, s);
    }
    return add_normal(&a, &b, s);
}

floatx80 floatx80_add(floatx80 a, floatx80 b, float_status *s)
{
    return addsub(a, b, false, s);
}

floatx80 floatx80_sub(floatx80 a, floatx80 b, float_status *s)
{
    return addsub(a, b, true, s);
}

floatx80 floatx80_mul(floatx80 fa, floatx80 fb, float_status *s)
{
    X80 a = unpack(fa), b = unpack(fb);
    bool sign = a.sign ^ b.sign;

    if (any_nan(&a, &b)) {
        return pick_nan(fa, fb, &a, &b, s);
    }
    note_denormals(&a, &b, s);
    if (a.cls == C_INF || b.cls == C_INF) {
        if (a.cls == C_ZERO || b.cls == C_ZERO) {
            return invalid(s);
        }
        return inf(sign);
    }
    if (a.cls == C_ZERO || b.cls == C_ZERO) {
        return zero(sign);
    }
    return normalize_pack(sign, a.exp + b.exp + 1,
                          (u128)a.sig * b.sig, s);
}

floatx80 floatx80_div(floatx80 fa, floatx80 fb, float_status *s)
{
    X80 a = unpack(fa), b = unpack(fb);
    bool sign = a.sign ^ b.sign;
    u128 q1, r1, q2, r2;

    if (any_nan(&a, &b)) {
        return pick_nan(fa, fb, &a, &b, s);
    }
    if (b.cls == C_ZERO && a.cls != C_INF) {
        /* Zero divide outranks the denormal operand exception. */
        if (a.cls == C_ZERO) {
            return invalid(s);
        }
        s->flags |= float_flag_divbyzero;
        return inf(sign);
    }
    if (a.cls == C_INF && b.cls == C_INF) {
        return invalid(s);
    }
    note_denormals(&a, &b, s);
    if (a.cls == C_INF) {
        return inf(sign);
    }
    if (b.cls == C_INF) {
        return zero(sign);
    }
    if (a.cls == C_ZERO) {
        return zero(sign);
    }
    /* Long division: (a.sig * 2^63 / b.sig) in two 64-bit digits. */
    q1 = ((u128)a.sig << 63) / b.sig;
    r1 = ((u128)a.sig << 63) % b.sig;
    q2 = (r1 << 64) / b.sig;
    r2 = (r1 << 64) % b.sig;
    return normalize_pack(sign, a.exp - b.exp,
                          (q1 << 64) | q2 | (r2 != 0), s);
}

floatx80 floatx80_sqrt(floatx80 fa, float_status *s)
{
    X80 a = unpack(fa);
    u128 rad, rem = 0, root = 0;
    int e;

    if (is_nan(&a) || a.cls == C_BAD) {
        return pick_nan(fa, fa, &a, &a, s);
    }
    if (a.cls == C_ZERO || (a.cls == C_INF && !a.sign)) {
        return fa;
    }
    if (a.sign) {
        return invalid(s);
    }
    note_denormals(&a, NULL, s);
    /*
     * value = rad * 2^e with e even (rad: 64 or 65 bits, read as 66);
     * digit by digit over rad * 2^70: a root of 67-68 bits, the
     * remainder giving the sticky bit.
     */
    rad = a.sig;
    e = a.exp - 63;
    if (e & 1) {
        rad <<= 1;
        e--;
    }
    for (int i = 0; i < 68; i++) {
        uint64_t pair = i < 33 ? (uint64_t)(rad >> (64 - 2 * i)) & 3 : 0;
        u128 trial = (root << 2) | 1;

        rem = (rem << 2) | pair;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    return normalize_pack(false, e / 2 - 35 + 126,
                          (root << 1) | (rem != 0), s);
}

/*
 * FPREM (ieee false: the quotient truncated) and FPREM1 (ieee: rounded
 * to nearest even).  With an exponent difference d of 64 or more the
 * reduction is partial, as the hardware does it: by a quotient truncated
 * at 2^(d - n), n = 32 + d % 32; *partial is then set.  *quotient gets
 * the low bits of the quotient of a complete reduction.
 */
floatx80 floatx80_rem(floatx80 fa, floatx80 fb, bool ieee, uint64_t *quotient,
                      bool *partial, float_status *s)
{
    X80 a = unpack(fa), b = unpack(fb);
    u128 num, den, q, r;
    int d, unit;
    bool sign;

    *quotient = 0;
    *partial = false;
    if (any_nan(&a, &b)) {
        return pick_nan(fa, fb, &a, &b, s);
    }
    if (a.cls == C_INF || b.cls == C_ZERO) {
        return invalid(s);
    }
    note_denormals(&a, &b, s);
    if (a.cls == C_ZERO || b.cls == C_INF) {
        return a.denormal ? normalize_pack64(a.sign, a.exp + 64,
                                           (u128)a.sig, s) : fa;
    }
    d = a.exp - b.exp;
    if (d < (ieee ? -1 : 0)) {
        return normalize_pack64(a.sign, a.exp + 64, (u128)a.sig, s);
    }
    if (d >= 64) {
        int n = 32 + d % 32;

        *partial = true;
        num = (u128)a.sig << n;
        den = b.sig;
        unit = a.exp - n;           /* exponent of num's unit, minus 63 */
        q = num / den;
        r = num % den;
        sign = a.sign;
    } else {
        num = d >= 0 ? (u128)a.sig << d : a.sig;
        den = d >= 0 ? (u128)b.sig : (u128)b.sig << 1;
        unit = d >= 0 ? b.exp : a.exp;
        q = num / den;
        r = num % den;
        sign = a.sign;
        if (ieee && (r * 2 > den || (r * 2 == den && (q & 1)))) {
            r = den - r;
            q++;
            sign = !sign;
        }
        *quotient = (uint64_t)q;
    }
    if (!r) {
        return zero(a.sign);
    }
    return normalize_pack64(sign, unit + 64, r, s);
}

floatx80 floatx80_round_to_int(floatx80 fa, float_status *s)
{
    X80 a = unpack(fa);
    int sh, rb;
    uint64_t v;

    if (is_nan(&a) || a.cls == C_BAD) {
        return pick_nan(fa, fa, &a, &a, s);
    }
    note_denormals(&a, NULL, s);
    if (a.cls != C_NORMAL || a.exp >= 63) {
        return fa;
    }
    sh = 63 - a.exp;
    v = drop_bits((u128)a.sig, sh, &rb);
    if (round_up(s->rounding_mode, a.sign, v, rb)) {
        v++;
        s->floatx80_rounded_up = true;
    }
    if (rb) {
        s->flags |= float_flag_inexact;
    }
    if (!v) {
        return zero(a.sign);
    }
    return normalize_pack64(a.sign, 127, v, s);
}

static int cmp_mag(const X80 *a, const X80 *b)
{
    if (a->cls == C_ZERO || b->cls == C_ZERO) {
        return (a->cls != C_ZERO) - (b->cls != C_ZERO);
    }
    if (a->cls == C_INF || b->cls == C_INF) {
        return (a->cls == C_INF) - (b->cls == C_INF);
    }
    if (a->exp != b->exp) {
        return a->exp < b->exp ? -1 : 1;
    }
    return a->sig < b->sig ? -1 : a->sig > b->sig;
}

static FloatRelation compare(floatx80 fa, floatx80 fb, bool quiet,
                             float_status *s)
{
    X80 a = unpack(fa), b = unpack(fb);
    int m;

    if (any_nan(&a, &b)) {
        if (!quiet || a.cls == C_SNAN || b.cls == C_SNAN ||
            a.cls == C_BAD || b.cls == C_BAD) {
            s->flags |= float_flag_invalid;
        }
        return float_relation_unordered;
    }
    note_denormals(&a, &b, s);
    if (a.cls == C_ZERO && b.cls == C_ZERO) {
        return float_relation_equal;
    }
    if (a.sign != b.sign) {
        return a.sign ? float_relation_less : float_relation_greater;
    }
    m = cmp_mag(&a, &b);
    if (a.sign) {
        m = -m;
    }
    return m < 0 ? float_relation_less
         : m > 0 ? float_relation_greater : float_relation_equal;
}

FloatRelation floatx80_compare(floatx80 a, floatx80 b, float_status *s)
{
    return compare(a, b, false, s);
}

FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b, float_status *s)
{
    return compare(a, b, true, s);
}

/* ---- Conversions ---- */

static floatx80 from_ieee(uint64_t raw, int eb, int fb, float_status *s)
{
    int emax = (1 << eb) - 1, bias = emax >> 1;
    bool sign = raw >> (eb + fb);
    int e = (raw >> fb) & emax;
    uint64_t frac = raw & ((1ull << fb) - 1);

    if (e == emax) {
        if (!frac) {
            return inf(sign);
        }
        if (!(frac >> (fb - 1))) {
            s->flags |= float_flag_invalid;
        }
        return make_x80(sign, 0x7fff, X80_INT | X80_QUIET |
                        (frac << (63 - fb)));
    }
    if (e == 0) {
        int sh;

        if (!frac) {
            return zero(sign);
        }
        s->flags |= float_flag_denormal_operand;
        sh = __builtin_clzll(frac);
        return make_x80(sign, 1 - bias + X80_BIAS - (sh - (63 - fb)),
                        frac << sh);
    }
    return make_x80(sign, e - bias + X80_BIAS,
                    X80_INT | (frac << (63 - fb)));
}

floatx80 float32_to_floatx80(float32 a, float_status *s)
{
    return from_ieee(a, 8, 23, s);
}

floatx80 float64_to_floatx80(float64 a, float_status *s)
{
    return from_ieee(a, 11, 52, s);
}

static uint64_t to_ieee(floatx80 fa, int eb, int fb, float_status *s)
{
    X80 a = unpack(fa);
    RoundFmt f = { (1 << (eb - 1)) - 1, (1 << eb) - 1, fb + 1 };
    uint64_t sign = (uint64_t)a.sign << (eb + fb), m;
    uint64_t exp_all = (uint64_t)f.emax << fb;
    int e;

    switch (a.cls) {
    case C_ZERO:
        return sign;
    case C_INF:
        return sign | exp_all;
    case C_BAD:
        s->flags |= float_flag_invalid;
        return (1ull << (eb + fb)) * s->default_nan_negative | exp_all |
               (1ull << (fb - 1));
    case C_SNAN:
        s->flags |= float_flag_invalid;
        /* fall through */
    case C_QNAN:
        return sign | exp_all | (1ull << (fb - 1)) |
               ((a.sig << 1) >> (64 - fb));
    default:
        e = round_pack(&f, a.sign, a.exp, (u128)a.sig << 64, &m, s);
        return sign | ((uint64_t)e << fb) | (m & ((1ull << fb) - 1));
    }
}

float32 floatx80_to_float32(floatx80 a, float_status *s)
{
    return to_ieee(a, 8, 23, s);
}

float64 floatx80_to_float64(floatx80 a, float_status *s)
{
    return to_ieee(a, 11, 52, s);
}

floatx80 int64_to_floatx80(int64_t v, float_status *s)
{
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int sh;

    if (!v) {
        return zero(false);
    }
    sh = __builtin_clzll(mag);
    return make_x80(v < 0, X80_BIAS + 63 - sh, mag << sh);
}

/*
 * To a signed integer of bits bits in mode; a NaN, infinity or value out
 * of range raises invalid and gives the integer indefinite (the most
 * negative value).
 */
int64_t floatx80_to_int(floatx80 fa, int bits, FloatRoundMode mode,
                        float_status *s)
{
    X80 a = unpack(fa);
    int64_t indefinite = (int64_t)(~0ull << (bits - 1));
    uint64_t v, limit;
    int rb;

    if (a.cls == C_ZERO) {
        return 0;
    }
    if (a.cls != C_NORMAL) {
        s->flags |= float_flag_invalid;
        return indefinite;
    }
    if (a.exp >= 64) {
        s->flags |= float_flag_invalid;
        return indefinite;
    }
    v = drop_bits((u128)a.sig << 64, 127 - a.exp, &rb);
    if (round_up(mode, a.sign, v, rb)) {
        if (++v == 0) {
            s->flags |= float_flag_invalid;
            return indefinite;
        }
        s->floatx80_rounded_up = true;
    }
    limit = (1ull << (bits - 1)) - !a.sign;
    if (v > limit) {
        s->flags |= float_flag_invalid;
        return indefinite;
    }
    if (rb) {
        s->flags |= float_flag_inexact;
    }
    return a.sign ? (int64_t)-v : (int64_t)v;
}

/* a * 2^n (n already an integer), rounded at the precision control. */
floatx80 floatx80_scalbn(floatx80 fa, int n, float_status *s)
{
    X80 a = unpack(fa);

    if (is_nan(&a) || a.cls == C_BAD) {
        return pick_nan(fa, fa, &a, &a, s);
    }
    note_denormals(&a, NULL, s);
    if (a.cls != C_NORMAL) {
        return fa;
    }
    n = MAX(MIN(n, 0x10000), -0x10000);
    return pack_prec(a.sign, a.exp + n, (u128)a.sig << 64, 64, s);
}

/*
 * FXTRACT: the unbiased exponent as a value, and in *sig the significand
 * with exponent 0 (1.0 <= |sig| < 2).  Zero gives -inf and divide-by-zero.
 */
floatx80 floatx80_extract(floatx80 fa, floatx80 *sig, float_status *s)
{
    X80 a = unpack(fa);

    if (is_nan(&a) || a.cls == C_BAD) {
        *sig = pick_nan(fa, fa, &a, &a, s);
        return *sig;
    }
    note_denormals(&a, NULL, s);
    if (a.cls == C_ZERO) {
        s->flags |= float_flag_divbyzero;
        *sig = fa;
        return inf(true);
    }
    if (a.cls == C_INF) {
        *sig = fa;
        return inf(false);
    }
    *sig = make_x80(a.sign, X80_BIAS, a.sig);
    return int64_to_floatx80(a.exp, s);
}

bool floatx80_is_any_nan(floatx80 a)
{
    X80 p = unpack(a);
    return is_nan(&p);
}

bool floatx80_is_signaling_nan(floatx80 a)
{
    return unpack(a).cls == C_SNAN;
}

/* Unnormals, pseudo-NaNs and pseudo-infinities. */
bool floatx80_is_invalid_encoding(floatx80 a)
{
    return unpack(a).cls == C_BAD;
}

floatx80 floatx80_pack_wide(bool sign, int exp, uint64_t hi, uint64_t lo,
                            float_status *s)
{
    return pack_prec(sign, exp, (u128)hi << 64 | lo, 64, s);
}
