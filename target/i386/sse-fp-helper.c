/*
 * SSE/SSE2/SSE3 floating point: packed and scalar arithmetic, the x86
 * MIN/MAX and compare rules, conversions, and MXCSR (flags, rounding,
 * DAZ/FTZ, unmasked exceptions).
 *
 * Every helper works on a copy of the destination and writes it back only
 * after sse_finish() has merged the flags into MXCSR: an unmasked
 * exception (#XM, or #UD without CR4.OSXMMEXCPT) leaves the destination
 * as it was, as the hardware does.
 *
 * The denormal-operand flag (DE) is x86's own: the soft-float core does
 * not report a denormal input that it does not flush.  Following the
 * SDM's priorities, a lane reports DE when an input is denormal, DAZ is
 * off, no input is a NaN and the lane raised neither IE nor ZE.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define FLAG_DE 0x80    /* in float_status.flags: free above the core's */

typedef X86XMMReg Reg;

static const uint8_t rc_mode[4] = {
    float_round_nearest_even, float_round_down, float_round_up,
    float_round_to_zero,
};

static void sse_status(CPUX86State *env, float_status *st)
{
    memset(st, 0, sizeof(*st));
    st->rounding_mode = rc_mode[(env->mxcsr >> MXCSR_RC_SHIFT) & 3];
    st->nan_prop = float_nan_prop_first;
    st->default_nan_negative = true;
    st->flush_to_zero = env->mxcsr & MXCSR_FZ;
    st->flush_inputs_to_zero = env->mxcsr & MXCSR_DAZ;
}

/*
 * The flags a lane of ADD..SQRT starts with: inexact when MXCSR has PE set
 * and masked, so merging it back changes nothing, and softfloat may use
 * the host FPU (fpu/hardfloat.h).  Those lanes only OR their flags into
 * MXCSR; helpers that read flags to decide a result start from 0.
 */
static uint8_t sse_seed(CPUX86State *env)
{
    uint32_t pe_pm = MXCSR_PE | MXCSR_PE << MXCSR_MASK_SHIFT;

    return (env->mxcsr & pe_pm) == pe_pm ? float_flag_inexact : 0;
}

/* Merge the flags of an operation into MXCSR; raise what is unmasked. */
static void sse_finish(CPUX86State *env, float_status *st, uintptr_t ra)
{
    uint32_t f = 0, unmasked;

    f |= st->flags & float_flag_invalid ? MXCSR_IE : 0;
    f |= st->flags & FLAG_DE ? MXCSR_DE : 0;
    f |= st->flags & float_flag_divbyzero ? MXCSR_ZE : 0;
    f |= st->flags & float_flag_overflow ? MXCSR_OE : 0;
    f |= st->flags & float_flag_underflow ? MXCSR_UE : 0;
    f |= st->flags & float_flag_inexact ? MXCSR_PE : 0;
    f |= st->flags & float_flag_output_denormal ? MXCSR_UE | MXCSR_PE : 0;
    env->mxcsr |= f;
    unmasked = f & ~(env->mxcsr >> MXCSR_MASK_SHIFT) & 0x3f;
    if (unmasked) {
        x86_raise_exception(env, (env->cr[4] & CR4_OSXMMEXCPT)
                            ? EXCP13_XMM : EXCP06_ILLOP, -1, ra);
    }
}

static bool den32(uint32_t a)
{
    return !(a & 0x7f800000) && (a & 0x7fffff);
}

static bool den64(uint64_t a)
{
    return !(a & 0x7ff0000000000000ull) && (a & 0xfffffffffffffull);
}

static bool nan32(uint32_t a)
{
    return (a & 0x7fffffff) > 0x7f800000;
}

static bool nan64(uint64_t a)
{
    return (a & ~(1ull << 63)) > 0x7ff0000000000000ull;
}

/* Account one lane's flags (st->flags holds this lane's) into *acc. */
static void lane_done(float_status *st, uint8_t *acc, bool den, bool nan)
{
    if (den && !nan && !st->flush_inputs_to_zero &&
        !(st->flags & (float_flag_invalid | float_flag_divbyzero))) {
        st->flags |= FLAG_DE;
    }
    *acc |= st->flags;
    st->flags = 0;
}

/* ---- Arithmetic: ADD SUB MUL DIV MIN MAX SQRT, packed and scalar ---- */

static uint32_t flush32(float_status *st, uint32_t a)
{
    return st->flush_inputs_to_zero && den32(a) ? a & 0x80000000u : a;
}

static uint64_t flush64(float_status *st, uint64_t a)
{
    return st->flush_inputs_to_zero && den64(a) ? a & (1ull << 63) : a;
}

/* x86 MIN/MAX: the second operand unless the first is strictly less/greater. */
static uint32_t min32(uint32_t a, uint32_t b, float_status *st)
{
    return float32_compare(a, b, st) == float_relation_less
           ? flush32(st, a) : flush32(st, b);
}

static uint32_t max32(uint32_t a, uint32_t b, float_status *st)
{
    return float32_compare(a, b, st) == float_relation_greater
           ? flush32(st, a) : flush32(st, b);
}

static uint64_t min64(uint64_t a, uint64_t b, float_status *st)
{
    return float64_compare(a, b, st) == float_relation_less
           ? flush64(st, a) : flush64(st, b);
}

static uint64_t max64(uint64_t a, uint64_t b, float_status *st)
{
    return float64_compare(a, b, st) == float_relation_greater
           ? flush64(st, a) : flush64(st, b);
}

static uint32_t sqrt32(uint32_t a, uint32_t b, float_status *st)
{
    return float32_sqrt(b, st);
}

static uint64_t sqrt64(uint64_t a, uint64_t b, float_status *st)
{
    return float64_sqrt(b, st);
}

#define add32 float32_add
#define sub32 float32_sub
#define mul32 float32_mul
#define div32 float32_div
#define add64 float64_add
#define sub64 float64_sub
#define mul64 float64_mul
#define div64 float64_div

/* Lanes 0..n-1 of d = op(d, s); the rest of d is kept. */
static void fp32_op(CPUX86State *env, Reg *d, const Reg *s, int n,
                    uint32_t (*op)(uint32_t, uint32_t, float_status *),
                    bool unary, uintptr_t ra)
{
    float_status st;
    uint8_t acc = 0, seed = sse_seed(env);
    Reg r = *d;

    sse_status(env, &st);
    for (int i = 0; i < n; i++) {
        uint32_t a = d->l[i], b = s->l[i];

        st.flags = seed;
        r.l[i] = op(a, b, &st);
        lane_done(&st, &acc, den32(b) || (!unary && den32(a)),
                  nan32(b) || (!unary && nan32(a)));
    }
    st.flags = acc;
    sse_finish(env, &st, ra);
    *d = r;
}

static void fp64_op(CPUX86State *env, Reg *d, const Reg *s, int n,
                    uint64_t (*op)(uint64_t, uint64_t, float_status *),
                    bool unary, uintptr_t ra)
{
    float_status st;
    uint8_t acc = 0, seed = sse_seed(env);
    Reg r = *d;

    sse_status(env, &st);
    for (int i = 0; i < n; i++) {
        uint64_t a = d->q[i], b = s->q[i];

        st.flags = seed;
        r.q[i] = op(a, b, &st);
        lane_done(&st, &acc, den64(b) || (!unary && den64(a)),
                  nan64(b) || (!unary && nan64(a)));
    }
    st.flags = acc;
    sse_finish(env, &st, ra);
    *d = r;
}

#define FP_HELPERS(name, unary)                                             \
void helper_##name##ps(void *env, void *d, void *s)                         \
{                                                                           \
    fp32_op(env, d, s, 4, name##32, unary, TCG_GETPC());                    \
}                                                                           \
void helper_##name##ss(void *env, void *d, void *s)                         \
{                                                                           \
    fp32_op(env, d, s, 1, name##32, unary, TCG_GETPC());                    \
}                                                                           \
void helper_##name##pd(void *env, void *d, void *s)                         \
{                                                                           \
    fp64_op(env, d, s, 2, name##64, unary, TCG_GETPC());                    \
}                                                                           \
void helper_##name##sd(void *env, void *d, void *s)                         \
{                                                                           \
    fp64_op(env, d, s, 1, name##64, unary, TCG_GETPC());                    \
}

FP_HELPERS(add, false)
FP_HELPERS(sub, false)
FP_HELPERS(mul, false)
FP_HELPERS(div, false)
FP_HELPERS(min, false)
FP_HELPERS(max, false)
FP_HELPERS(sqrt, true)

/* ---- SSE3: ADDSUB, horizontal add/sub ---- */

void helper_addsubps(void *env, void *d, void *s)
{
    Reg a = *(Reg *)d, *sp = s, neg = *sp;

    neg.l[0] ^= 0x80000000u;     /* subtract in the even lanes */
    neg.l[2] ^= 0x80000000u;
    fp32_op(env, &a, &neg, 4, add32, false, TCG_GETPC());
    /* A NaN second operand keeps its own sign: redo those lanes. */
    for (int i = 0; i < 4; i += 2) {
        if (nan32(sp->l[i]) && !nan32(((Reg *)d)->l[i])) {
            a.l[i] = sp->l[i] | 0x400000;
        }
    }
    *(Reg *)d = a;
}

void helper_addsubpd(void *env, void *d, void *s)
{
    Reg a = *(Reg *)d, *sp = s, neg = *sp;

    neg.q[0] ^= 1ull << 63;
    fp64_op(env, &a, &neg, 2, add64, false, TCG_GETPC());
    if (nan64(sp->q[0]) && !nan64(((Reg *)d)->q[0])) {
        a.q[0] = sp->q[0] | (1ull << 51);
    }
    *(Reg *)d = a;
}

static void hop32(CPUX86State *env, Reg *d, const Reg *s,
                  uint32_t (*op)(uint32_t, uint32_t, float_status *),
                  uintptr_t ra)
{
    Reg a = { .l = { d->l[0], d->l[2], s->l[0], s->l[2] } };
    Reg b = { .l = { d->l[1], d->l[3], s->l[1], s->l[3] } };

    fp32_op(env, &a, &b, 4, op, false, ra);
    *d = a;
}

static void hop64(CPUX86State *env, Reg *d, const Reg *s,
                  uint64_t (*op)(uint64_t, uint64_t, float_status *),
                  uintptr_t ra)
{
    Reg a = { .q = { d->q[0], s->q[0] } };
    Reg b = { .q = { d->q[1], s->q[1] } };

    fp64_op(env, &a, &b, 2, op, false, ra);
    *d = a;
}

void helper_haddps(void *env, void *d, void *s)
{
    hop32(env, d, s, add32, TCG_GETPC());
}

void helper_hsubps(void *env, void *d, void *s)
{
    hop32(env, d, s, sub32, TCG_GETPC());
}

void helper_haddpd(void *env, void *d, void *s)
{
    hop64(env, d, s, add64, TCG_GETPC());
}

void helper_hsubpd(void *env, void *d, void *s)
{
    hop64(env, d, s, sub64, TCG_GETPC());
}

/* ---- RCP/RSQRT: approximations (here: the correctly rounded value) ---- */

static uint32_t approx32(uint32_t b, bool rsqrt)
{
    float_status st = {
        .rounding_mode = float_round_nearest_even,
        .flush_to_zero = true, .flush_inputs_to_zero = true,
        .default_nan_negative = true,
    };
    uint32_t one = 0x3f800000;

    if (nan32(b)) {
        return b | 0x400000;            /* no exception, even for SNaN */
    }
    if (rsqrt) {
        if ((b & 0x80000000u) && (b & 0x7fffffff) && !den32(b)) {
            return 0xffc00000;          /* negative: the default NaN */
        }
        return float32_div(one, float32_sqrt(b, &st), &st);
    }
    return float32_div(one, b, &st);
}

static void approx_op(Reg *d, const Reg *s, int n, bool rsqrt)
{
    for (int i = 0; i < n; i++) {
        d->l[i] = approx32(s->l[i], rsqrt);
    }
}

void helper_rcpps(void *env, void *d, void *s)
{
    approx_op(d, s, 4, false);
}

void helper_rcpss(void *env, void *d, void *s)
{
    approx_op(d, s, 1, false);
}

void helper_rsqrtps(void *env, void *d, void *s)
{
    approx_op(d, s, 4, true);
}

void helper_rsqrtss(void *env, void *d, void *s)
{
    approx_op(d, s, 1, true);
}

/* ---- CMPPS/PD/SS/SD ---- */

/* Predicate p (0-7) of a relation; LT LE NLT NLE signal on QNaNs. */
static bool cmp_pred(FloatRelation r, int p)
{
    bool un = r == float_relation_unordered;

    switch (p & 7) {
    case 0: return r == float_relation_equal;
    case 1: return r == float_relation_less;
    case 2: return r == float_relation_less || r == float_relation_equal;
    case 3: return un;
    case 4: return r != float_relation_equal;
    case 5: return !(r == float_relation_less);
    case 6: return !(r == float_relation_less || r == float_relation_equal);
    default: return !un;
    }
}

static bool cmp_signals(int p)
{
    return (p & 3) == 1 || (p & 3) == 2;
}

static void cmp32(CPUX86State *env, Reg *d, const Reg *s, int n, int p,
                  uintptr_t ra)
{
    float_status st;
    uint8_t acc = 0;
    Reg r = *d;

    sse_status(env, &st);
    for (int i = 0; i < n; i++) {
        uint32_t a = d->l[i], b = s->l[i];
        FloatRelation rel = cmp_signals(p) ? float32_compare(a, b, &st)
                                           : float32_compare_quiet(a, b, &st);

        r.l[i] = cmp_pred(rel, p) ? ~0u : 0;
        lane_done(&st, &acc, den32(a) || den32(b), nan32(a) || nan32(b));
    }
    st.flags = acc;
    sse_finish(env, &st, ra);
    *d = r;
}

static void cmp64(CPUX86State *env, Reg *d, const Reg *s, int n, int p,
                  uintptr_t ra)
{
    float_status st;
    uint8_t acc = 0;
    Reg r = *d;

    sse_status(env, &st);
    for (int i = 0; i < n; i++) {
        uint64_t a = d->q[i], b = s->q[i];
        FloatRelation rel = cmp_signals(p) ? float64_compare(a, b, &st)
                                           : float64_compare_quiet(a, b, &st);

        r.q[i] = cmp_pred(rel, p) ? ~0ull : 0;
        lane_done(&st, &acc, den64(a) || den64(b), nan64(a) || nan64(b));
    }
    st.flags = acc;
    sse_finish(env, &st, ra);
    *d = r;
}

void helper_cmpps(void *env, void *d, void *s, uint32_t p)
{
    cmp32(env, d, s, 4, p, TCG_GETPC());
}

void helper_cmpss(void *env, void *d, void *s, uint32_t p)
{
    cmp32(env, d, s, 1, p, TCG_GETPC());
}

void helper_cmppd(void *env, void *d, void *s, uint32_t p)
{
    cmp64(env, d, s, 2, p, TCG_GETPC());
}

void helper_cmpsd(void *env, void *d, void *s, uint32_t p)
{
    cmp64(env, d, s, 1, p, TCG_GETPC());
}

/* ---- COMISS/UCOMISS/COMISD/UCOMISD: the new OSZAPC ---- */

static uint64_t comi_flags(FloatRelation r)
{
    switch (r) {
    case float_relation_less: return CC_C;
    case float_relation_equal: return CC_Z;
    case float_relation_greater: return 0;
    default: return CC_Z | CC_P | CC_C;
    }
}

uint64_t helper_comiss(void *env, void *d, void *s, uint32_t quiet)
{
    uint32_t a = ((Reg *)d)->l[0], b = ((Reg *)s)->l[0];
    float_status st;
    FloatRelation r;
    uint8_t acc = 0;

    sse_status(env, &st);
    r = quiet ? float32_compare_quiet(a, b, &st) : float32_compare(a, b, &st);
    lane_done(&st, &acc, den32(a) || den32(b), nan32(a) || nan32(b));
    st.flags = acc;
    sse_finish(env, &st, TCG_GETPC());
    return comi_flags(r);
}

uint64_t helper_comisd(void *env, void *d, void *s, uint32_t quiet)
{
    uint64_t a = ((Reg *)d)->q[0], b = ((Reg *)s)->q[0];
    float_status st;
    FloatRelation r;
    uint8_t acc = 0;

    sse_status(env, &st);
    r = quiet ? float64_compare_quiet(a, b, &st) : float64_compare(a, b, &st);
    lane_done(&st, &acc, den64(a) || den64(b), nan64(a) || nan64(b));
    st.flags = acc;
    sse_finish(env, &st, TCG_GETPC());
    return comi_flags(r);
}

/* ---- Conversions ---- */

/* Float to integer; invalid (NaN, out of range) gives the indefinite. */
static int64_t f2i(uint64_t a, bool dbl, bool trunc, bool wide,
                   float_status *st)
{
    FloatRoundMode m = trunc ? float_round_to_zero : st->rounding_mode;
    uint8_t before = st->flags;
    int64_t v;

    st->flags = 0;
    if (wide) {
        v = dbl ? float64_to_int64_scalbn(a, m, 0, st)
                : float32_to_int64_scalbn(a, m, 0, st);
    } else {
        v = dbl ? float64_to_int32_scalbn(a, m, 0, st)
                : float32_to_int32_scalbn(a, m, 0, st);
    }
    if (st->flags & float_flag_invalid) {
        v = wide ? INT64_MIN : INT32_MIN;
        st->flags &= ~float_flag_inexact;
    }
    st->flags |= before;
    return v;
}

/* CVT(T)SS2SI/CVT(T)SD2SI; mode bit 0 truncate, 1 double, 2 64-bit. */
uint64_t helper_cvt2si(void *env, void *s, uint32_t mode)
{
    Reg *sp = s;
    float_status st;
    int64_t v;

    sse_status(env, &st);
    v = f2i(mode & 2 ? sp->q[0] : sp->l[0], mode & 2, mode & 1, mode & 4,
            &st);
    sse_finish(env, &st, TCG_GETPC());
    return mode & 4 ? (uint64_t)v : (uint32_t)v;
}

/* CVTSI2SS/SD: mode bit 1 double, 2 a 64-bit source. */
void helper_cvtsi2(void *env, void *d, uint64_t v, uint32_t mode)
{
    Reg *dp = d;
    float_status st;
    int64_t x = mode & 4 ? (int64_t)v : (int64_t)(int32_t)v;
    uint64_t r;

    sse_status(env, &st);
    r = mode & 2 ? int64_to_float64_scalbn(x, 0, &st)
                 : int64_to_float32_scalbn(x, 0, &st);
    sse_finish(env, &st, TCG_GETPC());
    if (mode & 2) {
        dp->q[0] = r;
    } else {
        dp->l[0] = r;
    }
}

/* The packed and scalar conversions (CV_* in helper-sse.h). */
static void cvt_fp(CPUX86State *env, Reg *d, const Reg *s, int kind,
                   uintptr_t ra)
{
    float_status st;
    uint8_t acc = 0;
    Reg r = *d;

    sse_status(env, &st);
    switch (kind) {
    case CV_PS2PD:
        for (int i = 1; i >= 0; i--) {
            r.q[i] = float32_to_float64(s->l[i], &st);
            lane_done(&st, &acc, den32(s->l[i]), nan32(s->l[i]));
        }
        break;
    case CV_SS2SD:
        r.q[0] = float32_to_float64(s->l[0], &st);
        lane_done(&st, &acc, den32(s->l[0]), nan32(s->l[0]));
        break;
    case CV_PD2PS:
    case CV_SD2SS:
        for (int i = 0; i < (kind == CV_PD2PS ? 2 : 1); i++) {
            r.l[i] = float64_to_float32(s->q[i], &st);
            lane_done(&st, &acc, den64(s->q[i]), nan64(s->q[i]));
        }
        if (kind == CV_PD2PS) {
            r.q[1] = 0;
        }
        break;
    case CV_DQ2PS:
        for (int i = 0; i < 4; i++) {
            r.l[i] = int64_to_float32_scalbn((int32_t)s->l[i], 0, &st);
        }
        break;
    case CV_PI2PS:
        for (int i = 0; i < 2; i++) {
            r.l[i] = int64_to_float32_scalbn((int32_t)s->l[i], 0, &st);
        }
        break;
    case CV_DQ2PD:
    case CV_PI2PD:
        for (int i = 1; i >= 0; i--) {
            r.q[i] = int64_to_float64_scalbn((int32_t)s->l[i], 0, &st);
        }
        break;
    case CV_PS2DQ:
    case CV_TPS2DQ:
        for (int i = 0; i < 4; i++) {
            r.l[i] = f2i(s->l[i], false, kind == CV_TPS2DQ, false, &st);
        }
        break;
    case CV_PS2PI:
    case CV_TPS2PI:
        for (int i = 0; i < 2; i++) {
            r.l[i] = f2i(s->l[i], false, kind == CV_TPS2PI, false, &st);
        }
        break;
    default:                    /* PD2DQ TPD2DQ PD2PI TPD2PI */
        for (int i = 0; i < 2; i++) {
            r.l[i] = f2i(s->q[i], true,
                         kind == CV_TPD2DQ || kind == CV_TPD2PI, false, &st);
        }
        if (kind == CV_PD2DQ || kind == CV_TPD2DQ) {
            r.q[1] = 0;
        }
        break;
    }
    st.flags |= acc;
    sse_finish(env, &st, ra);
    if (kind == CV_PI2PS || kind == CV_PS2PI || kind == CV_TPS2PI ||
        kind == CV_PD2PI || kind == CV_TPD2PI) {
        d->q[0] = r.q[0];       /* an MMX or low-half destination */
    } else {
        *d = r;
    }
}

void helper_cvt_fp(void *env, void *d, void *s, uint32_t kind)
{
    cvt_fp(env, d, s, kind, TCG_GETPC());
}

/* ---- MXCSR ---- */

void helper_ldmxcsr(void *opaque, uint64_t val)
{
    CPUX86State *env = opaque;

    if (val & ~(uint64_t)MXCSR_WRITABLE) {
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    env->mxcsr = val;
}

/* MOVMSKPS/MOVMSKPD: the sign bits. */
uint64_t helper_movmskps(void *s)
{
    Reg *r = s;

    return (r->l[0] >> 31) | (r->l[1] >> 31) << 1 | (r->l[2] >> 31) << 2 |
           (r->l[3] >> 31) << 3;
}

uint64_t helper_movmskpd(void *s)
{
    Reg *r = s;

    return (r->q[0] >> 63) | (r->q[1] >> 63) << 1;
}

/* ---- SSE4.1: ROUND, DPPS/DPPD ---- */

/* imm[2]: MXCSR.RC, else imm[1:0]; imm[3]: no precision exception. */
static FloatRoundMode round_mode(float_status *st, uint32_t imm)
{
    return imm & 4 ? st->rounding_mode : rc_mode[imm & 3];
}

static void round_op(CPUX86State *env, Reg *d, const Reg *s, int n, bool dbl,
                     uint32_t imm, uintptr_t ra)
{
    float_status st;
    Reg r = *d;

    sse_status(env, &st);
    for (int i = 0; i < n; i++) {
        if (dbl) {
            r.q[i] = float64_round_to_int(s->q[i], round_mode(&st, imm),
                                          !(imm & 8), &st);
        } else {
            r.l[i] = float32_round_to_int(s->l[i], round_mode(&st, imm),
                                          !(imm & 8), &st);
        }
    }
    sse_finish(env, &st, ra);
    *d = r;
}

void helper_roundps(void *env, void *d, void *s, uint32_t imm)
{
    round_op(env, d, s, 4, false, imm, TCG_GETPC());
}

void helper_roundpd(void *env, void *d, void *s, uint32_t imm)
{
    round_op(env, d, s, 2, true, imm, TCG_GETPC());
}

void helper_roundss(void *env, void *d, void *s, uint32_t imm)
{
    round_op(env, d, s, 1, false, imm, TCG_GETPC());
}

void helper_roundsd(void *env, void *d, void *s, uint32_t imm)
{
    round_op(env, d, s, 1, true, imm, TCG_GETPC());
}

/* One rounded step of a dot product, its DE accounted as a lane's. */
static uint32_t dp_mul32(uint32_t a, uint32_t b, float_status *st,
                         uint8_t *acc)
{
    uint32_t r = float32_mul(a, b, st);

    lane_done(st, acc, den32(a) || den32(b), nan32(a) || nan32(b));
    return r;
}

static uint32_t dp_add32(uint32_t a, uint32_t b, float_status *st,
                         uint8_t *acc)
{
    uint32_t r = float32_add(a, b, st);

    lane_done(st, acc, den32(a) || den32(b), nan32(a) || nan32(b));
    return r;
}

void helper_dpps(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s, r;
    float_status st;
    uint8_t acc = 0;
    uint32_t p[4], sum;

    sse_status(env, &st);
    for (int i = 0; i < 4; i++) {
        p[i] = imm & (0x10 << i) ? dp_mul32(dp->l[i], sp->l[i], &st, &acc)
                                 : 0;
    }
    sum = dp_add32(dp_add32(p[0], p[1], &st, &acc),
                   dp_add32(p[2], p[3], &st, &acc), &st, &acc);
    for (int i = 0; i < 4; i++) {
        r.l[i] = imm & (1u << i) ? sum : 0;
    }
    st.flags = acc;
    sse_finish(env, &st, TCG_GETPC());
    *dp = r;
}

void helper_dppd(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s, r;
    float_status st;
    uint8_t acc = 0;
    uint64_t p[2], sum;

    sse_status(env, &st);
    for (int i = 0; i < 2; i++) {
        uint64_t a = dp->q[i], b = sp->q[i];

        p[i] = 0;
        if (imm & (0x10 << i)) {
            p[i] = float64_mul(a, b, &st);
            lane_done(&st, &acc, den64(a) || den64(b), nan64(a) || nan64(b));
        }
    }
    sum = float64_add(p[0], p[1], &st);
    lane_done(&st, &acc, den64(p[0]) || den64(p[1]),
              nan64(p[0]) || nan64(p[1]));
    for (int i = 0; i < 2; i++) {
        r.q[i] = imm & (1u << i) ? sum : 0;
    }
    st.flags = acc;
    sse_finish(env, &st, TCG_GETPC());
    *dp = r;
}
