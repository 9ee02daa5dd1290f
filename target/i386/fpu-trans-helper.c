/*
 * The x87 transcendental instructions (FSIN FCOS FSINCOS FPTAN FPATAN
 * F2XM1 FYL2X FYL2XP1): their special operands, ranges and stack effects;
 * fpu/softfloat-x80-trans.c computes the finite cases.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "fpu-helper.h"

static bool is_inf(floatx80 v)
{
    return (v.high & 0x7fff) == 0x7fff && v.low == 1ull << 63;
}

static bool is_zero(floatx80 v)
{
    return !(v.high & 0x7fff) && !v.low;
}

static bool is_nan_or_bad(floatx80 v)
{
    return floatx80_is_any_nan(v) || floatx80_is_invalid_encoding(v);
}

static floatx80 make(bool neg, uint16_t exp, uint64_t sig)
{
    floatx80 r = { sig, (uint16_t)(neg << 15 | exp) };
    return r;
}

static void note_denormal(floatx80 v, float_status *s)
{
    if (x87_is_denormal(v)) {
        s->flags |= float_flag_denormal_operand;
    }
}

/*
 * FSIN (want 0), FCOS (1), FPTAN (2), FSINCOS (3): C2 reports an operand
 * out of range (|x| >= 2^63), which is left alone.
 */
void x87_fsincos(CPUX86State *env, int want, float_status *s)
{
    floatx80 x = *x87_st(env, 0), r, r2 = { 0, 0 };
    bool push = want >= 2;

    env->fpus &= ~FPUS_C2;
    if (push && !x87_empty(env, 7)) {
        if (x87_stack_fault(env, true)) {
            x87_set_st(env, 0, x87_nan());
            x87_push(env, x87_nan());
        }
        return;
    }
    if (is_nan_or_bad(x) || is_inf(x)) {
        r = is_inf(x) ? floatx80_default_nan(s) : floatx80_add(x, x, s);
        s->flags |= is_inf(x) ? float_flag_invalid : 0;
        r2 = r;
    } else if ((x.high & 0x7fff) >= 16383 + 63) {
        env->fpus |= FPUS_C2;
        return;
    } else {
        note_denormal(x, s);
        switch (want) {
        case 0:
            r = floatx80_sin(x, s);
            break;
        case 1:
            r = floatx80_cos(x, s);
            break;
        case 2:
            r = floatx80_tan(x, s);
            r2 = make(false, 0x3fff, 1ull << 63);
            break;
        default:
            r = floatx80_sin(x, s);
            r2 = floatx80_cos(x, s);
            break;
        }
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 0, r);
        if (push) {
            x87_push(env, r2);
        }
    }
}

/* FPATAN: ST(1) = atan2(ST(1), ST(0)), pop. */
void x87_fpatan(CPUX86State *env, float_status *s)
{
    floatx80 x = *x87_st(env, 0), y = *x87_st(env, 1), r;

    if (is_nan_or_bad(x) || is_nan_or_bad(y)) {
        r = floatx80_add(y, x, s);
    } else {
        note_denormal(x, s);
        note_denormal(y, s);
        /* Only the ratio matters: infinities become +-1 against 0. */
        if (is_inf(y)) {
            y = make(y.high >> 15, 0x3fff, 1ull << 63);
            x = is_inf(x) ? make(x.high >> 15, 0x3fff, 1ull << 63)
                          : make(x.high >> 15, 0, 0);
        } else if (is_inf(x)) {
            x = make(x.high >> 15, 0x3fff, 1ull << 63);
            y = make(y.high >> 15, 0, 0);
        }
        r = floatx80_atan2(y, x, s);
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 1, r);
        x87_pop(env);
    }
}

void x87_f2xm1(CPUX86State *env, float_status *s)
{
    floatx80 x = *x87_st(env, 0), r;

    if (is_nan_or_bad(x)) {
        r = floatx80_add(x, x, s);
    } else if (is_zero(x) || (is_inf(x) && !(x.high >> 15))) {
        r = x;
    } else if (is_inf(x)) {
        r = make(true, 0x3fff, 1ull << 63);
    } else {
        note_denormal(x, s);
        r = floatx80_2xm1(x, s);
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 0, r);
    }
}

/*
 * The special operands of FYL2X (p1 false) and FYL2XP1: returns true with
 * *r set when the result is not a finite computation.
 */
static bool fyl2x_special(floatx80 y, floatx80 x, bool p1, floatx80 *r,
                          float_status *s)
{
    bool ys = y.high >> 15, xs = x.high >> 15;
    /* Where log2 is 0, infinite, negative or invalid. */
    floatx80 one = make(false, 0x3fff, 1ull << 63);
    bool x_at_zero = p1 ? (xs && floatx80_compare_quiet(x, make(true, 0x3fff,
                           1ull << 63), s) == float_relation_equal)
                        : is_zero(x);
    bool x_log_zero = p1 ? is_zero(x)
                         : floatx80_compare_quiet(x, one, s) ==
                           float_relation_equal;
    bool x_below = p1 ? xs && !is_zero(x) && !x_at_zero &&
                        floatx80_compare_quiet(x, make(true, 0x3fff,
                        1ull << 63), s) == float_relation_less
                      : xs && !is_zero(x);

    if (is_nan_or_bad(x) || is_nan_or_bad(y)) {
        *r = floatx80_add(y, x, s);
        return true;
    }
    note_denormal(x, s);
    note_denormal(y, s);
    if (x_below || (x_at_zero && is_zero(y)) || (is_inf(x) && is_zero(y)) ||
        (x_log_zero && is_inf(y))) {
        s->flags |= float_flag_invalid;
        *r = floatx80_default_nan(s);
        return true;
    }
    if (x_at_zero) {
        if (!is_inf(y)) {
            s->flags |= float_flag_divbyzero;
        }
        *r = make(!ys, 0x7fff, 1ull << 63);
        return true;
    }
    if (is_inf(x)) {
        *r = make(ys, 0x7fff, 1ull << 63);
        return true;
    }
    if (is_inf(y)) {
        /* log2 is negative below 1 (FYL2X) or below 0 (FYL2XP1). */
        bool neg = p1 ? xs : floatx80_compare_quiet(x, one, s) ==
                             float_relation_less;
        *r = make(ys ^ neg, 0x7fff, 1ull << 63);
        return true;
    }
    return false;
}

/* FYL2X / FYL2XP1: ST(1) = ST(1) * log2(ST(0) [+ 1]), pop. */
void x87_fyl2x(CPUX86State *env, bool p1, float_status *s)
{
    floatx80 x = *x87_st(env, 0), y = *x87_st(env, 1), r;

    if (!fyl2x_special(y, x, p1, &r, s)) {
        r = p1 ? floatx80_yl2xp1(y, x, s) : floatx80_yl2x(y, x, s);
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 1, r);
        x87_pop(env);
    }
}
