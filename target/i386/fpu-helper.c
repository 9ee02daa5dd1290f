/*
 * x87 helpers: the register stack, the status and control words, and the
 * instructions on them, on top of fpu/softfloat-x80.c (so results are the
 * same on every host and TCG backend).
 *
 * ST(i) is fpregs[(fpstt + i) & 7]; fptags[n] = 1 marks n empty.  Every
 * helper reads its memory operand before it changes any state and writes
 * its memory result before it pops, so a page fault restarts cleanly.
 * Masked exceptions give the x87's masked responses; an unmasked invalid
 * operation, zero divide or denormal operand leaves the destination and
 * the stack alone and sets ES/B, and the next waiting instruction raises
 * #MF (helper_fpu_wait).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "fpu-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static CPUX86State *fpenv(void *opaque)
{
    return opaque;
}

/* As the instruction's own accesses: KERNEL_AC after STAC under SMAP. */
static int mmu_idx(CPUX86State *env)
{
    return x86_data_mmu_idx(env, x86_cpl(env));
}

uint64_t x86_ld(CPUX86State *env, uint64_t addr, MemOp op, uintptr_t ra)
{
    return cpu_ld_mmu(env_cpu(env), addr,
                      make_memop_idx(op | MO_LE, mmu_idx(env)), ra);
}

void x86_st(CPUX86State *env, uint64_t addr, uint64_t v, MemOp op,
            uintptr_t ra)
{
    cpu_st_mmu(env_cpu(env), addr, v,
               make_memop_idx(op | MO_LE, mmu_idx(env)), ra);
}

/* ---- Status, control, stack ---- */

float_status x87_status(CPUX86State *env)
{
    static const uint8_t rc[4] = {
        float_round_nearest_even, float_round_down, float_round_up,
        float_round_to_zero,
    };
    static const uint8_t pc[4] = { 24, 64, 53, 64 };   /* 1 is reserved */
    float_status s = {
        .rounding_mode = rc[(env->fpuc >> 10) & 3],
        .floatx80_precision = pc[(env->fpuc >> 8) & 3],
        .default_nan_negative = true,
        .tininess_before_rounding = true,
    };
    return s;
}

static void update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & 0x3f) {
        env->fpus |= FPUS_ES | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

/*
 * Record the exceptions of an operation (softfloat flags) in the status
 * word; C1 tells whether the result was rounded up.  Returns false when
 * the result must not be stored: an unmasked invalid operation, zero
 * divide or denormal operand.
 */
bool x87_flags(CPUX86State *env, const float_status *s)
{
    uint16_t ex = 0, unmasked;

    ex |= s->flags & float_flag_invalid ? FPUS_IE : 0;
    ex |= s->flags & float_flag_denormal_operand ? FPUS_DE : 0;
    ex |= s->flags & float_flag_divbyzero ? FPUS_ZE : 0;
    ex |= s->flags & float_flag_overflow ? FPUS_OE : 0;
    ex |= s->flags & float_flag_underflow ? FPUS_UE : 0;
    ex |= s->flags & float_flag_inexact ? FPUS_PE : 0;
    if (ex & FPUS_IE) {
        ex &= ~FPUS_DE;                 /* the higher priority fault wins */
    }
    unmasked = ex & ~env->fpuc;
    if (unmasked & (FPUS_IE | FPUS_ZE | FPUS_DE)) {
        /* The operation is not done: only its first fault is reported. */
        ex &= unmasked & FPUS_IE ? FPUS_IE : (FPUS_IE | FPUS_ZE | FPUS_DE);
    }
    env->fpus &= ~FPUS_C1;
    if ((ex & FPUS_PE) && s->floatx80_rounded_up) {
        env->fpus |= FPUS_C1;
    }
    env->fpus |= ex;
    update_es(env);
    return !(ex & ~env->fpuc & (FPUS_IE | FPUS_ZE | FPUS_DE));
}

static int phys(CPUX86State *env, int i)
{
    return (env->fpstt + i) & 7;
}

floatx80 *x87_st(CPUX86State *env, int i)
{
    return &env->fpregs[phys(env, i)].f;
}

bool x87_empty(CPUX86State *env, int i)
{
    return env->fptags[phys(env, i)];
}

/* Stack overflow/underflow: IE|SF, C1 = overflow; false if IE unmasked. */
bool x87_stack_fault(CPUX86State *env, bool overflow)
{
    env->fpus &= ~FPUS_C1;
    env->fpus |= FPUS_IE | FPUS_SF | (overflow ? FPUS_C1 : 0);
    update_es(env);
    return env->fpuc & FPUS_IE;
}

floatx80 x87_nan(void)
{
    floatx80 r = { 0xc000000000000000ull, 0xffff };
    return r;
}

void x87_push(CPUX86State *env, floatx80 v)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fptags[env->fpstt] = 0;
    env->fpregs[env->fpstt].f = v;
}

void x87_pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* Push v if ST(7) is free, else the stack overflow response. */
static void push_checked(CPUX86State *env, floatx80 v)
{
    if (!x87_empty(env, 7)) {
        if (x87_stack_fault(env, true)) {
            x87_push(env, x87_nan());
        }
        return;
    }
    x87_push(env, v);
}

/* Write ST(i) (marking it valid). */
void x87_set_st(CPUX86State *env, int i, floatx80 v)
{
    *x87_st(env, i) = v;
    env->fptags[phys(env, i)] = 0;
}

/* ---- Loads and stores ---- */

floatx80 x87_ld80(CPUX86State *env, uint64_t addr, uintptr_t ra)
{
    floatx80 v;

    v.low = x86_ld(env, addr, MO_64, ra);
    v.high = x86_ld(env, addr + 8, MO_16, ra);
    return v;
}

void x87_st80(CPUX86State *env, uint64_t addr, floatx80 v, uintptr_t ra)
{
    x86_st(env, addr, v.low, MO_64, ra);
    x86_st(env, addr + 8, v.high, MO_16, ra);
}

static floatx80 bcd_to_x80(CPUX86State *env, uint64_t addr, uintptr_t ra)
{
    uint64_t lo = x86_ld(env, addr, MO_64, ra);
    uint16_t hi = x86_ld(env, addr + 8, MO_16, ra);
    int64_t v = 0;
    floatx80 r;

    for (int i = 15; i >= 0; i--) {
        v = v * 10 + ((lo >> (4 * i)) & 15);
    }
    v += (int64_t)(((hi >> 4) & 15) * 10 + (hi & 15)) * 10000000000000000ll;
    r = int64_to_floatx80(v, NULL);
    r.high |= hi & 0x8000;
    return r;
}

/*
 * A memory operand of format fmt as floatx80 (exact; SNaN floats are
 * quieted with invalid, denormal floats flag DE).
 */
static floatx80 load_operand(CPUX86State *env, uint64_t addr, int fmt,
                             float_status *s, uintptr_t ra)
{
    switch (fmt) {
    case X87_M32:
        return float32_to_floatx80(x86_ld(env, addr, MO_32, ra), s);
    case X87_M64:
        return float64_to_floatx80(x86_ld(env, addr, MO_64, ra), s);
    case X87_M80:
        return x87_ld80(env, addr, ra);
    case X87_I16:
        return int64_to_floatx80((int16_t)x86_ld(env, addr, MO_16, ra), s);
    case X87_I32:
        return int64_to_floatx80((int32_t)x86_ld(env, addr, MO_32, ra), s);
    case X87_I64:
        return int64_to_floatx80(x86_ld(env, addr, MO_64, ra), s);
    case X87_BCD:
        return bcd_to_x80(env, addr, ra);
    default:
        g_assert_not_reached();
    }
}

/* FLD/FILD/FBLD from memory. */
void helper_fld_mem(void *opaque, uint64_t addr, uint32_t fmt)
{
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);
    floatx80 v = load_operand(env, addr, fmt, &s, TCG_GETPC());

    if (fmt != X87_M80 && floatx80_is_signaling_nan(v)) {
        s.flags |= float_flag_invalid;
        v.low |= 1ull << 62;
    }
    if (!x87_empty(env, 7)) {
        push_checked(env, v);
        return;
    }
    x87_flags(env, &s);
    /* An unmasked denormal operand does not stop a load. */
    if (!(s.flags & float_flag_invalid) || (env->fpuc & FPUS_IE)) {
        x87_push(env, v);
    }
}

/* FBSTP's packed BCD; false (invalid) for a NaN or |v| >= 10^18. */
static bool to_bcd(floatx80 v, float_status *s, uint64_t *lo, uint16_t *hi)
{
    float_status t = *s;
    int64_t i = floatx80_to_int(floatx80_round_to_int(v, &t), 64,
                                float_round_to_zero, &t);
    uint64_t mag = i < 0 ? -(uint64_t)i : (uint64_t)i;

    if (t.flags & float_flag_invalid || mag >= 1000000000000000000ull) {
        s->flags |= float_flag_invalid;
        *lo = 0xc000000000000000ull;
        *hi = 0xffff;
        return false;
    }
    s->flags |= t.flags & float_flag_inexact;
    s->floatx80_rounded_up = t.floatx80_rounded_up;
    *lo = 0;
    for (int d = 0; d < 16; d++, mag /= 10) {
        *lo |= (mag % 10) << (4 * d);
    }
    *hi = (mag % 10) | ((mag / 10) % 10) << 4 | (v.high & 0x8000);
    return true;
}

/*
 * The integer formats' indefinite value is what floatx80_to_int gives.
 * Returns false when an unmasked exception suppresses the store.
 */
static bool store_operand(CPUX86State *env, uint64_t addr, int fmt,
                          floatx80 v, float_status *s, uintptr_t ra)
{
    FloatRoundMode rm = fmt & X87_TRUNC ? float_round_to_zero
                                        : s->rounding_mode;
    float_status t = *s;

    /* Find the exceptions first: an unmasked one stores nothing. */
    switch (fmt & 15) {
    case X87_M32:
        t.floatx80_precision = 64;
        floatx80_to_float32(v, &t);
        break;
    case X87_M64:
        t.floatx80_precision = 64;
        floatx80_to_float64(v, &t);
        break;
    case X87_I16:
    case X87_I32:
    case X87_I64:
        floatx80_to_int(v, 16 << ((fmt & 15) - X87_I16), rm, &t);
        break;
    case X87_BCD: {
        uint64_t lo;
        uint16_t hi;

        to_bcd(v, &t, &lo, &hi);
        break;
    }
    default:
        break;
    }
    if (t.floatx80_tiny && !(env->fpuc & FPUS_UE)) {
        t.flags |= float_flag_underflow;
    }
    if (((t.flags & float_flag_invalid) && !(env->fpuc & FPUS_IE)) ||
        ((t.flags & float_flag_overflow) && !(env->fpuc & FPUS_OE)) ||
        ((t.flags & float_flag_underflow) && !(env->fpuc & FPUS_UE))) {
        *s = t;
        s->flags &= ~float_flag_inexact;
        s->floatx80_rounded_up = false;
        return false;               /* nothing stored, no pop */
    }
    switch (fmt & 15) {
    case X87_M32:
        x86_st(env, addr, floatx80_to_float32(v, s), MO_32, ra);
        break;
    case X87_M64:
        x86_st(env, addr, floatx80_to_float64(v, s), MO_64, ra);
        break;
    case X87_M80:
        x87_st80(env, addr, v, ra);
        break;
    case X87_I16:
        x86_st(env, addr, floatx80_to_int(v, 16, rm, s), MO_16, ra);
        break;
    case X87_I32:
        x86_st(env, addr, floatx80_to_int(v, 32, rm, s), MO_32, ra);
        break;
    case X87_I64:
        x86_st(env, addr, floatx80_to_int(v, 64, rm, s), MO_64, ra);
        break;
    case X87_BCD: {
        uint64_t lo;
        uint16_t hi;

        to_bcd(v, s, &lo, &hi);
        x86_st(env, addr, lo, MO_64, ra);
        x86_st(env, addr + 8, hi, MO_16, ra);
        break;
    }
    default:
        g_assert_not_reached();
    }
    return true;
}

/* FST/FSTP/FIST/FISTP/FISTTP/FBSTP to memory: fmt | X87_POP | X87_TRUNC. */
void helper_fst_mem(void *opaque, uint64_t addr, uint32_t fmt)
{
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);
    uintptr_t ra = TCG_GETPC();
    floatx80 v = *x87_st(env, 0);
    bool stored;

    if (x87_empty(env, 0)) {
        if (!x87_stack_fault(env, false)) {
            return;
        }
        v = x87_nan();
        s.flags = 0;
        store_operand(env, addr, fmt, v, &s, ra);
        s.flags &= ~float_flag_invalid;
        stored = true;
    } else {
        stored = store_operand(env, addr, fmt, v, &s, ra);
        if ((fmt & 15) == X87_M80) {
            s.flags = 0;        /* a plain copy */
        }
    }
    if (x87_flags(env, &s) && stored && (fmt & X87_POP)) {
        x87_pop(env);
    }
}

/* ---- Arithmetic ---- */

static floatx80 arith(int op, floatx80 a, floatx80 b, float_status *s)
{
    switch (op) {
    case X87_ADD:
        return floatx80_add(a, b, s);
    case X87_MUL:
        return floatx80_mul(a, b, s);
    case X87_SUB:
        return floatx80_sub(a, b, s);
    case X87_SUBR:
        return floatx80_sub(b, a, s);
    case X87_DIV:
        return floatx80_div(a, b, s);
    case X87_DIVR:
        return floatx80_div(b, a, s);
    default:
        g_assert_not_reached();
    }
}

/*
 * arith() with the x87's unmasked overflow and underflow responses: the
 * result is computed again with its exponent wrapped by -+24576 (an
 * unmasked underflow is raised by any tiny result, exact or not).
 */
static floatx80 arith_wrapped(CPUX86State *env, int op, floatx80 a,
                              floatx80 b, int n, float_status *s)
{
    float_status t = *s;
    floatx80 r = op < 0 ? floatx80_scalbn(a, n, s) : arith(op, a, b, s);
    int wrap = 0;

    if ((s->flags & float_flag_overflow) && !(env->fpuc & FPUS_OE)) {
        wrap = -24576;
    } else if (s->floatx80_tiny && !(env->fpuc & FPUS_UE)) {
        wrap = 24576;
    }
    if (!wrap || (s->flags & ~env->fpuc & (float_flag_invalid |
                                           float_flag_divbyzero))) {
        return r;
    }
    t.floatx80_exp_adjust = wrap;
    r = op < 0 ? floatx80_scalbn(a, n, &t) : arith(op, a, b, &t);
    *s = t;
    s->flags |= wrap < 0 ? float_flag_overflow : float_flag_underflow;
    return r;
}

/* C3 C2 C0 of a comparison. */
static void set_compare_cc(CPUX86State *env, FloatRelation r)
{
    static const uint16_t cc[4] = {
        FPUS_C0, FPUS_C3, 0, FPUS_C3 | FPUS_C2 | FPUS_C0,
    };

    env->fpus &= ~(FPUS_C0 | FPUS_C2 | FPUS_C3);
    env->fpus |= cc[r + 1];
}

/* FCOM/FCOMP/FUCOM...: compare a with b, set C3 C2 C0, pop n times. */
static void compare_pop(CPUX86State *env, floatx80 a, floatx80 b,
                        bool quiet, bool fault, int pops, float_status *s)
{
    FloatRelation r = float_relation_unordered;

    if (fault) {
        if (!x87_stack_fault(env, false)) {
            set_compare_cc(env, r);     /* unordered, but no pop */
            return;
        }
    } else {
        r = quiet ? floatx80_compare_quiet(a, b, s)
                  : floatx80_compare(a, b, s);
        if (!x87_flags(env, s)) {
            set_compare_cc(env, r);     /* unordered, but no pop */
            return;
        }
    }
    env->fpus &= ~FPUS_C1;
    set_compare_cc(env, r);
    while (pops--) {
        x87_pop(env);
    }
}

/* Arithmetic or compare of ST0 with a memory operand: fmt | op << 4. */
void helper_farith_mem(void *opaque, uint64_t addr, uint32_t arg)
{
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);
    int op = arg >> 4;
    floatx80 b = load_operand(env, addr, arg & 15, &s, TCG_GETPC()), r;
    bool de = s.flags & float_flag_denormal_operand;

    s.flags &= ~float_flag_denormal_operand;

    if (op == X87_COM || op == X87_COMP) {
        if (de && !x87_empty(env, 0) && !floatx80_is_any_nan(*x87_st(env, 0)) &&
            !floatx80_is_invalid_encoding(*x87_st(env, 0))) {
            s.flags |= float_flag_denormal_operand;
        }
        compare_pop(env, *x87_st(env, 0), b, false, x87_empty(env, 0),
                    op == X87_COMP, &s);
        return;
    }
    if (x87_empty(env, 0)) {
        if (x87_stack_fault(env, false)) {
            x87_set_st(env, 0, x87_nan());
        }
        return;
    }
    s.floatx80_rounded_up = false;
    r = arith_wrapped(env, op, *x87_st(env, 0), b, 0, &s);
    /* A denormal float operand counts only if nothing outranks it. */
    if (de && !(s.flags & (float_flag_invalid | float_flag_divbyzero)) &&
        !floatx80_is_any_nan(*x87_st(env, 0))) {
        s.flags |= float_flag_denormal_operand;
    }
    if (x87_flags(env, &s)) {
        x87_set_st(env, 0, r);
    }
}

/*
 * Register forms: r = ST(0) op ST(i) into ST(0), or (X87_TO_STI) into
 * ST(i); X87_POP pops after.  arg = op | i << 4 | flags.
 */
void helper_farith_st(void *opaque, uint32_t arg)
{
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);
    int op = arg & 15, i = (arg >> 4) & 7, dst = arg & X87_TO_STI ? i : 0;
    bool pop = arg & X87_POP;
    floatx80 r;

    if (op == X87_COM || op == X87_COMP || op == X87_UCOM) {
        compare_pop(env, *x87_st(env, 0), *x87_st(env, i), op == X87_UCOM,
                    x87_empty(env, 0) || x87_empty(env, i),
                    (op == X87_COMP) + pop + !!(arg & X87_POP2), &s);
        return;
    }
    if (x87_empty(env, 0) || x87_empty(env, i)) {
        if (!x87_stack_fault(env, false)) {
            return;
        }
        x87_set_st(env, dst, x87_nan());
    } else {
        s.floatx80_rounded_up = false;
        r = arith_wrapped(env, op, *x87_st(env, 0), *x87_st(env, i), 0, &s);
        if (!x87_flags(env, &s)) {
            return;
        }
        x87_set_st(env, dst, r);
    }
    if (pop) {
        x87_pop(env);
    }
}

/*
 * FCOMI/FCOMIP/FUCOMI/FUCOMIP: ZF PF CF from the comparison (OF SF AF
 * cleared); arg = i | quiet << 3 | pop << 4.
 */
void helper_fcomi(void *opaque, uint32_t arg)
{
    static const uint64_t fl[4] = { CC_C, CC_Z, 0, CC_Z | CC_P | CC_C };
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);
    int i = arg & 7;
    FloatRelation r = float_relation_unordered;
    uint16_t c1 = env->fpus & FPUS_C1;  /* kept unless the stack faults */

    if (x87_empty(env, 0) || x87_empty(env, i)) {
        if (!x87_stack_fault(env, false)) {
            x86_write_eflags(env, fl[r + 1], CC_ALL);
            return;
        }
    } else {
        r = arg & 8 ? floatx80_compare_quiet(*x87_st(env, 0), *x87_st(env, i), &s)
                    : floatx80_compare(*x87_st(env, 0), *x87_st(env, i), &s);
        if (!x87_flags(env, &s)) {
            env->fpus |= c1;
            x86_write_eflags(env, fl[r + 1], CC_ALL);
            return;
        }
        env->fpus |= c1;
    }
    x86_write_eflags(env, fl[r + 1], CC_ALL);
    if (arg & 16) {
        x87_pop(env);
    }
}

/* ---- Register moves ---- */

void helper_fld_st(void *opaque, uint32_t i)
{
    CPUX86State *env = fpenv(opaque);
    floatx80 v = *x87_st(env, i);

    env->fpus &= ~FPUS_C1;
    if (x87_empty(env, i)) {
        /* Underflow outranks overflow: ST(7) is overwritten. */
        if (x87_stack_fault(env, false)) {
            x87_push(env, x87_nan());
        }
    } else {
        push_checked(env, v);
    }
}

/* FST/FSTP ST(i): arg = i | pop << 3. */
void helper_fst_st(void *opaque, uint32_t arg)
{
    CPUX86State *env = fpenv(opaque);
    int i = arg & 7;

    env->fpus &= ~FPUS_C1;
    if (x87_empty(env, 0)) {
        if (!x87_stack_fault(env, false)) {
            return;
        }
        x87_set_st(env, i, x87_nan());
    } else {
        x87_set_st(env, i, *x87_st(env, 0));
    }
    if (arg & 8) {
        x87_pop(env);
    }
}

void helper_fxch(void *opaque, uint32_t i)
{
    CPUX86State *env = fpenv(opaque);
    floatx80 a, b;

    env->fpus &= ~FPUS_C1;
    if (x87_empty(env, 0) || x87_empty(env, i)) {
        if (!x87_stack_fault(env, false)) {
            return;
        }
        if (x87_empty(env, 0)) {
            x87_set_st(env, 0, x87_nan());
        }
        if (x87_empty(env, i)) {
            x87_set_st(env, i, x87_nan());
        }
    }
    a = *x87_st(env, 0);
    b = *x87_st(env, i);
    x87_set_st(env, 0, b);
    x87_set_st(env, i, a);
}

/* FFREE/FFREEP: arg = i | pop << 3. */
void helper_ffree(void *opaque, uint32_t arg)
{
    CPUX86State *env = fpenv(opaque);

    env->fpus &= ~FPUS_C1;
    env->fptags[phys(env, arg & 7)] = 1;
    if (arg & 8) {
        x87_pop(env);
    }
}

/* FCMOVcc: cond is the evaluated condition. */
void helper_fcmov(void *opaque, uint32_t i, uint32_t cond)
{
    CPUX86State *env = fpenv(opaque);

    if (x87_empty(env, 0) || x87_empty(env, i)) {
        if (x87_stack_fault(env, false)) {
            x87_set_st(env, 0, x87_nan());
        }
        return;
    }
    if (cond) {
        x87_set_st(env, 0, *x87_st(env, i));
    }
}

/* ---- D9 E0-FF: one-operand operations and constants ---- */

/* The constants with the bits beyond 64 rounded per RC (as P6 and later). */
static floatx80 constant(CPUX86State *env, int which)
{
    static const struct {
        uint16_t high;
        uint64_t low;
        bool nearest_up;            /* the dropped bits are above half */
    } k[] = {
        [X87_CONST_1] = { 0x3fff, 0x8000000000000000ull, false },
        [X87_CONST_L2T] = { 0x4000, 0xd49a784bcd1b8afeull, false },
        [X87_CONST_L2E] = { 0x3fff, 0xb8aa3b295c17f0bbull, true },
        [X87_CONST_PI] = { 0x4000, 0xc90fdaa22168c234ull, true },
        [X87_CONST_LG2] = { 0x3ffd, 0x9a209a84fbcff798ull, true },
        [X87_CONST_LN2] = { 0x3ffe, 0xb17217f7d1cf79abull, true },
        [X87_CONST_Z] = { 0, 0, false },
    };
    floatx80 r = { k[which].low, k[which].high };
    int rc = (env->fpuc >> 10) & 3;

    if (which != X87_CONST_1 && which != X87_CONST_Z &&
        (rc == 2 || (rc == 0 && k[which].nearest_up))) {
        r.low++;
    }
    return r;
}

static uint16_t fxam(CPUX86State *env)
{
    floatx80 v = *x87_st(env, 0);
    int e = v.high & 0x7fff;
    uint16_t c = v.high & 0x8000 ? FPUS_C1 : 0;

    if (x87_empty(env, 0)) {
        return c | FPUS_C3 | FPUS_C0;
    }
    if (e == 0) {
        return c | (v.low ? FPUS_C3 | FPUS_C2 : FPUS_C3);
    }
    if (!(v.low >> 63)) {
        return c;                       /* unsupported */
    }
    if (e == 0x7fff) {
        return c | (v.low << 1 ? FPUS_C0 : FPUS_C2 | FPUS_C0);
    }
    return c | FPUS_C2;
}

bool x87_is_denormal(floatx80 v)
{
    return !(v.high & 0x7fff) && v.low;
}

static void fscale(CPUX86State *env, float_status *s)
{
    floatx80 a = *x87_st(env, 0), b = *x87_st(env, 1), r;
    float_status t = *s;
    bool b_inf = (b.high & 0x7fff) == 0x7fff && b.low == 1ull << 63;
    bool a_zero = !(a.high & 0x7fff) && !a.low;
    bool a_inf = (a.high & 0x7fff) == 0x7fff && a.low == 1ull << 63;
    int n;

    if (floatx80_is_any_nan(a) || floatx80_is_any_nan(b) ||
        floatx80_is_invalid_encoding(a) || floatx80_is_invalid_encoding(b)) {
        r = floatx80_add(a, b, s);
    } else if (b_inf) {
        bool neg = b.high & 0x8000;

        if (x87_is_denormal(a)) {
            s->flags |= float_flag_denormal_operand;
        }
        if ((neg && a_inf) || (!neg && a_zero)) {
            r = floatx80_default_nan(s);
            s->flags |= float_flag_invalid;
        } else if (a_zero || a_inf) {
            r = a;
        } else {
            r.high = (a.high & 0x8000) | (neg ? 0 : 0x7fff);
            r.low = neg ? 0 : 1ull << 63;
        }
    } else {
        n = floatx80_to_int(b, 32, float_round_to_zero, &t);
        if (t.flags & float_flag_invalid) {
            n = b.high & 0x8000 ? -0x10000 : 0x10000;
        }
        if (x87_is_denormal(b)) {
            s->flags |= float_flag_denormal_operand;
        }
        r = arith_wrapped(env, -1, a, a, n, s);
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 0, r);
    }
}

static void fprem(CPUX86State *env, bool ieee, float_status *s)
{
    uint64_t q;
    bool partial;
    floatx80 r = floatx80_rem(*x87_st(env, 0), *x87_st(env, 1), ieee, &q, &partial,
                              s);

    env->fpus &= ~FPUS_C2;
    if (s->floatx80_tiny && !(env->fpuc & FPUS_UE)) {
        s->flags |= float_flag_underflow;
    }
    if (!x87_flags(env, s)) {
        return;
    }
    x87_set_st(env, 0, r);
    if (floatx80_is_any_nan(r)) {
        return;
    }
    env->fpus &= ~(FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3);
    if (partial) {
        env->fpus |= FPUS_C2;
    } else {
        env->fpus |= (q & 4 ? FPUS_C0 : 0) | (q & 2 ? FPUS_C3 : 0) |
                     (q & 1 ? FPUS_C1 : 0);
    }
}

static void fxtract(CPUX86State *env, float_status *s)
{
    floatx80 sig, e = floatx80_extract(*x87_st(env, 0), &sig, s);

    if (!x87_empty(env, 7)) {
        if (x87_stack_fault(env, true)) {
            x87_set_st(env, 0, x87_nan());
            x87_push(env, x87_nan());
        }
        return;
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 0, e);
        x87_push(env, sig);
    }
}

/* One-operand forms needing ST(0) (and ST(1) for two-operand ones). */
static void unary(CPUX86State *env, int op, float_status *s)
{
    floatx80 a = *x87_st(env, 0), r;

    switch (op) {
    case 0x00:                          /* FCHS */
        a.high ^= 0x8000;
        x87_set_st(env, 0, a);
        env->fpus &= ~FPUS_C1;
        return;
    case 0x01:                          /* FABS */
        a.high &= 0x7fff;
        x87_set_st(env, 0, a);
        env->fpus &= ~FPUS_C1;
        return;
    case 0x04: {                        /* FTST */
        floatx80 z = { 0, 0 };

        compare_pop(env, a, z, false, false, 0, s);
        return;
    }
    case 0x10:
        x87_f2xm1(env, s);
        return;
    case 0x11:
    case 0x19:
        x87_fyl2x(env, op == 0x19, s);
        return;
    case 0x12:
        x87_fsincos(env, 2, s);
        return;
    case 0x13:
        x87_fpatan(env, s);
        return;
    case 0x1b:
        x87_fsincos(env, 3, s);
        return;
    case 0x1e:
    case 0x1f:
        x87_fsincos(env, op - 0x1e, s);
        return;
    case 0x14:
        fxtract(env, s);
        return;
    case 0x15:
    case 0x18:
        fprem(env, op == 0x15, s);
        return;
    case 0x1a:
        s->floatx80_rounded_up = false;
        r = floatx80_sqrt(a, s);
        break;
    case 0x1c:
        s->floatx80_rounded_up = false;
        r = floatx80_round_to_int(a, s);
        break;
    case 0x1d:
        s->floatx80_rounded_up = false;
        fscale(env, s);
        return;
    default:
        g_assert_not_reached();
    }
    if (x87_flags(env, s)) {
        x87_set_st(env, 0, r);
    }
}

/* Whether op reads ST(1) too. */
static bool needs_st1(int op)
{
    return op == 0x11 || op == 0x13 || op == 0x15 || op == 0x18 ||
           op == 0x19 || op == 0x1d;
}

/* D9 E0+op (op 0x00-0x1f): the forms without an explicit operand. */
void helper_fmisc(void *opaque, uint32_t op)
{
    CPUX86State *env = fpenv(opaque);
    float_status s = x87_status(env);

    switch (op) {
    case 0x05:                          /* FXAM */
        env->fpus &= ~(FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3);
        env->fpus |= fxam(env);
        return;
    case 0x08 ... 0x0e:                 /* FLD1 ... FLDZ */
        env->fpus &= ~FPUS_C1;
        push_checked(env, constant(env, op - 0x08));
        return;
    case 0x16:                          /* FDECSTP */
        env->fpus &= ~FPUS_C1;
        env->fpstt = (env->fpstt - 1) & 7;
        return;
    case 0x17:                          /* FINCSTP */
        env->fpus &= ~FPUS_C1;
        env->fpstt = (env->fpstt + 1) & 7;
        return;
    default:
        break;
    }
    if (x87_empty(env, 0) || (needs_st1(op) && x87_empty(env, 1))) {
        if (op == 0x15 || op == 0x18) {
            env->fpus &= ~FPUS_C2;
        }
        if (!x87_stack_fault(env, false)) {
            if (op == 0x04) {
                set_compare_cc(env, float_relation_unordered);
            }
            return;
        }
        if (op == 0x04) {
            set_compare_cc(env, float_relation_unordered);
        } else if (op == 0x14) {
            x87_set_st(env, 0, x87_nan());
            x87_push(env, x87_nan());
        } else {
            x87_set_st(env, 0, x87_nan());
        }
        return;
    }
    unary(env, op, &s);
}

/* ---- Control ---- */

/* The pending-exception check of the waiting instructions. */
void helper_fpu_wait(void *opaque)
{
    CPUX86State *env = fpenv(opaque);

    if (!(env->fpus & FPUS_ES)) {
        return;
    }
    if (env->cr[0] & CR0_NE) {
        x86_raise_exception(env, EXCP10_COPR, -1, TCG_GETPC());
    }
    kemu_log_mask(LOG_UNIMP, "x86: x87 exception pending with CR0.NE "
                  "clear: the FERR#/IRQ13 path is not implemented\n");
}

uint32_t helper_fnstsw(void *opaque)
{
    CPUX86State *env = fpenv(opaque);

    return x87_status_word(env);
}

void helper_fldcw(void *opaque, uint32_t v)
{
    CPUX86State *env = fpenv(opaque);

    env->fpuc = (v & 0x1f3f) | 0x40;   /* bit 6 reads as one */
    update_es(env);
}

void helper_fnclex(void *opaque)
{
    CPUX86State *env = fpenv(opaque);

    env->fpus &= ~0x80ff;
}

void x87_init(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

void helper_fninit(void *opaque)
{
    x87_init(fpenv(opaque));
}

uint16_t x87_status_word(CPUX86State *env)
{
    return (env->fpus & ~0x3800) | (env->fpstt & 7) << 11;
}

/* The full tag word: 00 valid, 01 zero, 10 special, 11 empty. */
uint16_t x87_tag_word(CPUX86State *env)
{
    uint16_t tw = 0;

    for (int n = 0; n < 8; n++) {
        floatx80 v = env->fpregs[n].f;
        int e = v.high & 0x7fff, t;

        if (env->fptags[n]) {
            t = 3;
        } else if (!e && !v.low) {
            t = 1;
        } else if (!e || e == 0x7fff || !(v.low >> 63)) {
            t = 2;
        } else {
            t = 0;
        }
        tw |= t << (2 * n);
    }
    return tw;
}

void x87_set_status_word(CPUX86State *env, uint16_t sw)
{
    env->fpus = sw & ~0x3800;
    env->fpstt = (sw >> 11) & 7;
    update_es(env);
}

/*
 * FNSTENV/FLDENV layouts: 28 bytes (32-bit operand size) or 14 (16-bit):
 * FCW FSW FTW FIP, FCS with FOP in bits 16-26, FDP FDS.
 */
static void store_env(CPUX86State *env, uint64_t a, bool data16,
                      uintptr_t ra)
{
    int w = data16 ? 2 : 4;
    MemOp op = data16 ? MO_16 : MO_32;

    x86_st(env, a, env->fpuc, op, ra);
    x86_st(env, a + w, x87_status_word(env), op, ra);
    x86_st(env, a + 2 * w, x87_tag_word(env), op, ra);
    x86_st(env, a + 3 * w, env->fpip, op, ra);
    x86_st(env, a + 4 * w, env->fpcs | (data16 ? 0 : (uint32_t)env->fpop << 16),
           op, ra);
    x86_st(env, a + 5 * w, env->fpdp, op, ra);
    x86_st(env, a + 6 * w, env->fpds, op, ra);
}

static void load_env(CPUX86State *env, uint64_t a, bool data16,
                     uintptr_t ra)
{
    int w = data16 ? 2 : 4;
    MemOp op = data16 ? MO_16 : MO_32;
    uint16_t cw = x86_ld(env, a, op, ra);
    uint16_t sw = x86_ld(env, a + w, op, ra);
    uint16_t tw = x86_ld(env, a + 2 * w, op, ra);
    uint64_t ip = x86_ld(env, a + 3 * w, op, ra);
    uint32_t cs = x86_ld(env, a + 4 * w, op, ra);
    uint64_t dp = x86_ld(env, a + 5 * w, op, ra);
    uint16_t ds = x86_ld(env, a + 6 * w, op, ra);

    env->fpuc = (cw & 0x1f3f) | 0x40;
    x87_set_status_word(env, sw);
    for (int n = 0; n < 8; n++) {
        env->fptags[n] = ((tw >> (2 * n)) & 3) == 3;
    }
    env->fpip = ip;
    env->fpcs = cs;
    env->fpop = data16 ? 0 : (cs >> 16) & 0x7ff;
    env->fpdp = dp;
    env->fpds = ds;
}

void helper_fnstenv(void *opaque, uint64_t addr, uint32_t data16)
{
    CPUX86State *env = fpenv(opaque);

    store_env(env, addr, data16, TCG_GETPC());
    env->fpuc |= 0x3f;
    update_es(env);
}

void helper_fldenv(void *opaque, uint64_t addr, uint32_t data16)
{
    load_env(fpenv(opaque), addr, data16, TCG_GETPC());
}

void helper_fnsave(void *opaque, uint64_t addr, uint32_t data16)
{
    CPUX86State *env = fpenv(opaque);
    uintptr_t ra = TCG_GETPC();
    uint64_t regs = addr + (data16 ? 14 : 28);

    store_env(env, addr, data16, ra);
    for (int i = 0; i < 8; i++) {
        x87_st80(env, regs + 10 * i, *x87_st(env, i), ra);
    }
    x87_init(env);
}

void helper_frstor(void *opaque, uint64_t addr, uint32_t data16)
{
    CPUX86State *env = fpenv(opaque);
    uintptr_t ra = TCG_GETPC();
    uint64_t regs = addr + (data16 ? 14 : 28);
    floatx80 v[8];

    for (int i = 0; i < 8; i++) {
        v[i] = x87_ld80(env, regs + 10 * i, ra);
    }
    load_env(env, addr, data16, ra);
    for (int i = 0; i < 8; i++) {
        *x87_st(env, i) = v[i];
    }
}
