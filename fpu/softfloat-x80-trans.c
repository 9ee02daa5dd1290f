/*
 * The x87 transcendental functions on floatx80 (FSIN, FCOS, FSINCOS,
 * FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1), in software.
 *
 * They are computed in a 128-bit "wide" format (W: sign, exponent, 128-bit
 * significand, truncating arithmetic) with Taylor/atanh series on reduced
 * arguments, then rounded once to the 64-bit significand: well within one
 * ulp of extended precision.  Unlike the hardware (which reduces with a
 * 66-bit pi), sin/cos/tan reduce with 256 bits of 2/pi, so results stay
 * accurate near multiples of pi/2; these are therefore not bit-exact with
 * any particular CPU and are tested against libm with a tolerance.
 */
#include "kemu/osdep.h"
#include "fpu/softfloat.h"

typedef unsigned __int128 u128;

/* value = m * 2^(exp - 127); m has bit 127 set, or is 0 (a zero). */
typedef struct W {
    bool neg;
    int exp;
    u128 m;
} W;

#define U128(hi, lo) (((u128)(hi) << 64) | (lo))

static const W w_one = { false, 0, (u128)1 << 127 };
static const W w_pi = { false, 1, U128(0xc90fdaa22168c234ull,
                                       0xc4c6628b80dc1cd1ull) };
static const W w_pi_2 = { false, 0, U128(0xc90fdaa22168c234ull,
                                         0xc4c6628b80dc1cd1ull) };
static const W w_pi_4 = { false, -1, U128(0xc90fdaa22168c234ull,
                                          0xc4c6628b80dc1cd1ull) };
static const W w_ln2 = { false, -1, U128(0xb17217f7d1cf79abull,
                                         0xc9e3b39803f2f6afull) };
static const W w_log2e = { false, 0, U128(0xb8aa3b295c17f0bbull,
                                          0xbe87fed0691d3e88ull) };
static const W w_sqrt2 = { false, 0, U128(0xb504f333f9de6484ull,
                                          0x597d89b3754abe9full) };
static const W w_tan_pi_8 = { false, -2, U128(0xd413cccfe7799211ull,
                                              0x65f626cdd52afa7cull) };
/* 2/pi * 2^256, least significant limb first. */
static const uint64_t two_over_pi[4] = {
    0xfe5163abdebbc561ull, 0xdb6295993c439041ull,
    0xfc2757d1f534ddc0ull, 0xa2f9836e4e441529ull,
};

static int clz128(u128 v)
{
    return (uint64_t)(v >> 64) ? __builtin_clzll(v >> 64)
                               : 64 + __builtin_clzll((uint64_t)v);
}

static W w_norm(bool neg, int exp, u128 m)
{
    W r = { neg, 0, 0 };
    int sh;

    if (!m) {
        return r;
    }
    sh = clz128(m);
    r.exp = exp - sh;
    r.m = m << sh;
    return r;
}

static W w_neg(W a)
{
    a.neg = !a.neg;
    return a;
}

static W w_from_x80(floatx80 a)
{
    int e = a.high & 0x7fff;

    return w_norm(a.high >> 15, (e ? e : 1) - 16383 + 64, a.low);
}

static floatx80 w_to_x80(W a, float_status *s)
{
    floatx80 z = { 0, (uint16_t)(a.neg << 15) };

    if (!a.m) {
        return z;
    }
    return floatx80_pack_wide(a.neg, a.exp, a.m >> 64, (uint64_t)a.m, s);
}

static int w_cmp_mag(W a, W b)
{
    if (!a.m || !b.m) {
        return (a.m != 0) - (b.m != 0);
    }
    if (a.exp != b.exp) {
        return a.exp < b.exp ? -1 : 1;
    }
    return a.m < b.m ? -1 : a.m > b.m;
}

static W w_add(W a, W b)
{
    u128 am, bm;
    int d;

    if (w_cmp_mag(a, b) < 0) {
        W t = a;

        a = b;
        b = t;
    }
    if (!b.m) {
        return a;
    }
    d = a.exp - b.exp;
    if (d >= 127) {
        return a;
    }
    am = a.m >> 1;
    bm = (b.m >> 1) >> d;
    return w_norm(a.neg, a.exp + 1, a.neg == b.neg ? am + bm : am - bm);
}

static W w_sub(W a, W b)
{
    return w_add(a, w_neg(b));
}

static W w_mul(W a, W b)
{
    uint64_t ah = a.m >> 64, al = a.m, bh = b.m >> 64, bl = b.m;
    u128 p = (u128)ah * bh + (((u128)ah * bl) >> 64) +
             (((u128)al * bh) >> 64);

    if (!a.m || !b.m) {
        return w_norm(a.neg ^ b.neg, 0, 0);
    }
    return w_norm(a.neg ^ b.neg, a.exp + b.exp + 1, p);
}

/* a / b (b != 0), bit by bit. */
static W w_div(W a, W b)
{
    u128 r = a.m, q = 0;
    bool carry = false;

    if (!a.m) {
        return a;
    }
    for (int i = 0; i < 128; i++) {
        bool ge = carry || r >= b.m;

        q <<= 1;
        if (ge) {
            r -= b.m;
            q |= 1;
        }
        carry = r >> 127;
        r <<= 1;
    }
    return w_norm(a.neg ^ b.neg, a.exp - b.exp, q);
}

static W w_div_int(W a, unsigned n)
{
    return w_norm(a.neg, a.exp, a.m / n);
}

static W w_from_int(int64_t v)
{
    return w_norm(v < 0, 127, v < 0 ? -(u128)v : (u128)v);
}

/* Whether t no longer matters next to s (2^-130 relative). */
static bool negligible(W t, W s)
{
    return !t.m || (s.m && t.exp < s.exp - 130);
}

/* sin r and cos r for |r| <= pi/4. */
static W w_sin(W r)
{
    W r2 = w_mul(r, r), t = r, s = r;

    for (unsigned k = 1; k < 40 && !negligible(t, s); k++) {
        t = w_neg(w_div_int(w_mul(t, r2), (2 * k) * (2 * k + 1)));
        s = w_add(s, t);
    }
    return s;
}

static W w_cos(W r)
{
    W r2 = w_mul(r, r), t = w_one, s = w_one;

    for (unsigned k = 1; k < 40 && !negligible(t, s); k++) {
        t = w_neg(w_div_int(w_mul(t, r2), (2 * k - 1) * (2 * k)));
        s = w_add(s, t);
    }
    return s;
}

/* Bits lo..lo+127 of the n-limb number p (bits outside read as 0). */
static u128 bits_at(const uint64_t *p, int n, int lo)
{
    u128 r = 0;

    for (int i = 127; i >= 0; i--) {
        int b = lo + i;

        r <<= 1;
        if (b >= 0 && b < 64 * n) {
            r |= (p[b / 64] >> (b % 64)) & 1;
        }
    }
    return r;
}

/*
 * |x| = (k + f) * pi/2 with |f| <= 1/2: returns f * pi/2 and k mod 4.
 * x is finite with |x| < 2^63.
 */
static W reduce(floatx80 x, int *quadrant)
{
    W a = w_from_x80(x);
    uint64_t mx = a.m >> 64, p[5], carry = 0;
    int b, top;
    bool up;
    uint64_t k;
    W f;

    a.neg = false;
    if (w_cmp_mag(a, w_pi_4) <= 0) {
        *quadrant = 0;
        return a;
    }
    /* |x| * 2/pi = mx * C * 2^(a.exp - 63 - 256): its point is at bit b. */
    for (int j = 0; j < 4; j++) {
        u128 t = (u128)mx * two_over_pi[j] + carry;

        p[j] = t;
        carry = t >> 64;
    }
    p[4] = carry;
    b = 256 + 63 - a.exp;
    k = (uint64_t)bits_at(p, 5, b);
    up = (p[(b - 1) / 64] >> ((b - 1) % 64)) & 1;
    if (up) {
        /* f = -(2^b - frac): negate the b fraction bits. */
        int borrow = 1;

        k++;
        for (int j = 0; j < 5; j++) {
            uint64_t v = ~p[j];

            p[j] = v + borrow;
            borrow = borrow && p[j] == 0;
        }
    }
    for (int j = 0; j < 5; j++) {
        int lo = 64 * j;

        if (lo + 64 > b) {
            p[j] &= lo >= b ? 0 : (1ull << (b - lo)) - 1;
        }
    }
    top = b - 1;
    while (top >= 0 && !((p[top / 64] >> (top % 64)) & 1)) {
        top--;
    }
    *quadrant = k & 3;
    if (top < 0) {
        return w_norm(false, 0, 0);
    }
    f = w_norm(up, top - b, bits_at(p, 5, top - 127));
    return w_mul(f, w_pi_2);
}

/* sin (want_cos false) or cos of x, |x| < 2^63, as W. */
static W w_sincos(floatx80 x, bool want_cos)
{
    int q;
    W r = reduce(x, &q), v;

    if (want_cos) {
        q++;
    }
    v = q & 1 ? w_cos(r) : w_sin(r);
    if (q & 2) {
        v = w_neg(v);
    }
    if (!want_cos && (x.high & 0x8000)) {
        v = w_neg(v);
    }
    return v;
}

/* Finite x with |x| < 2^63 (the caller checks the range). */
floatx80 floatx80_sin(floatx80 x, float_status *s)
{
    return w_to_x80(w_sincos(x, false), s);
}

floatx80 floatx80_cos(floatx80 x, float_status *s)
{
    return w_to_x80(w_sincos(x, true), s);
}

floatx80 floatx80_tan(floatx80 x, float_status *s)
{
    return w_to_x80(w_div(w_sincos(x, false), w_sincos(x, true)), s);
}

/* atan z for 0 <= z <= 1. */
static W w_atan01(W z)
{
    W base = { false, 0, 0 }, w2, p, sum;

    if (w_cmp_mag(z, w_tan_pi_8) > 0) {
        base = w_pi_4;
        z = w_div(w_sub(z, w_one), w_add(z, w_one));
    }
    w2 = w_mul(z, z);
    p = z;
    sum = z;
    for (unsigned k = 1; k < 80; k++) {
        W t;

        p = w_neg(w_mul(p, w2));
        t = w_div_int(p, 2 * k + 1);
        if (negligible(t, sum)) {
            break;
        }
        sum = w_add(sum, t);
    }
    return w_add(base, sum);
}

/* atan2(y, x) for finite, not both zero y and x. */
static W w_atan2(W y, W x)
{
    W ay = y, ax = x, a;

    ay.neg = ax.neg = false;
    if (!y.m) {
        a = x.neg ? w_pi : w_norm(false, 0, 0);
    } else if (w_cmp_mag(ay, ax) <= 0) {
        a = w_atan01(w_div(ay, ax));
        if (x.neg) {
            a = w_sub(w_pi, a);
        }
    } else {
        a = w_sub(w_pi_2, w_atan01(w_div(ax, ay)));
        if (x.neg) {
            a = w_sub(w_pi, a);
        }
    }
    a.neg = y.neg;
    return a;
}

floatx80 floatx80_atan2(floatx80 y, floatx80 x, float_status *s)
{
    return w_to_x80(w_atan2(w_from_x80(y), w_from_x80(x)), s);
}

/* 2^x - 1 for finite x (F2XM1 defines it for |x| <= 1). */
floatx80 floatx80_2xm1(floatx80 x, float_status *s)
{
    W t = w_mul(w_from_x80(x), w_ln2), p = t, sum = t;

    for (unsigned k = 2; k < 120 && !negligible(p, sum); k++) {
        p = w_div_int(w_mul(p, t), k);
        sum = w_add(sum, p);
    }
    return w_to_x80(sum, s);
}

/* 2 atanh(u) for |u| < 1/5. */
static W w_2atanh(W u)
{
    W u2 = w_mul(u, u), p = u, sum = u;

    for (unsigned k = 1; k < 60; k++) {
        W t;

        p = w_mul(p, u2);
        t = w_div_int(p, 2 * k + 1);
        if (negligible(t, sum)) {
            break;
        }
        sum = w_add(sum, t);
    }
    sum.exp++;
    return sum;
}

/* y * log2(x) for finite x > 0 and finite y. */
floatx80 floatx80_yl2x(floatx80 y, floatx80 fx, float_status *s)
{
    W x = w_from_x80(fx), m = { false, 0, x.m }, l;
    int e = x.exp;

    if (w_cmp_mag(m, w_sqrt2) > 0) {
        m.exp = -1;
        e++;
    }
    l = w_mul(w_2atanh(w_div(w_sub(m, w_one), w_add(m, w_one))), w_log2e);
    l = w_add(w_from_int(e), l);
    return w_to_x80(w_mul(w_from_x80(y), l), s);
}

/* y * log2(1 + x) for finite x > -1 and finite y. */
floatx80 floatx80_yl2xp1(floatx80 y, floatx80 fx, float_status *s)
{
    W x = w_from_x80(fx), two = { false, 1, (u128)1 << 127 };
    W l = w_mul(w_2atanh(w_div(x, w_add(two, x))), w_log2e);

    return w_to_x80(w_mul(w_from_x80(y), l), s);
}
