/*
 * Host FPU fast path for float32/float64 arithmetic (softfloat.c, and
 * target helpers that check the status conditions themselves: see
 * hf_usable).  An operation is computed with the host's FPU when
 * that result is provably the soft-float one, flags included:
 *   - the status rounds to nearest-even, as the host does (Kemu never
 *     changes the host's MXCSR: nearest, no FTZ/DAZ, exceptions masked);
 *   - inexact is already set in the status, so whether the host operation
 *     was inexact cannot change the flags;
 *   - every input is zero or normal (no subnormal to flush, no NaN, no
 *     infinity);
 *   - the host result is finite and above the smallest normal in
 *     magnitude (no overflow, no tininess before or after rounding, no
 *     flush to zero), or a zero that the operation gives exactly with the
 *     IEEE sign (callers say when).
 * Anything else, division by zero and square roots of negatives among
 * them, is left to the soft-float code.  Each helper here is one host
 * operation, so the compiler has no a * b + c to contract.
 */
#ifndef FPU_HARDFLOAT_H
#define FPU_HARDFLOAT_H

/*
 * Host FMA instructions: HF_FMA_TARGET compiles a function for them, and
 * hf_host_has_fma() says whether this x86-64 host has them and its OS
 * saves their registers (callers pick such a function only then).
 */
#ifdef __x86_64__
#define HF_FMA_TARGET __attribute__((target("fma")))
#else
#define HF_FMA_TARGET
#endif

static inline bool hf_host_has_fma(void)
{
#ifdef __x86_64__
    return __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

static inline bool hf_usable(const float_status *s)
{
    return s->rounding_mode == float_round_nearest_even &&
           (s->flags & float_flag_inexact);
}

static inline float hf_f32(float32 a)
{
    float f;

    memcpy(&f, &a, sizeof(f));
    return f;
}

static inline float32 hf_u32(float f)
{
    float32 a;

    memcpy(&a, &f, sizeof(a));
    return a;
}

static inline double hf_f64(float64 a)
{
    double d;

    memcpy(&d, &a, sizeof(d));
    return d;
}

static inline float64 hf_u64(double d)
{
    float64 a;

    memcpy(&a, &d, sizeof(a));
    return a;
}

static inline bool hf32_is_zero(float32 a)
{
    return !(float32)(a << 1);
}

static inline bool hf64_is_zero(float64 a)
{
    return !(a << 1);
}

/* Biased exponent 1..max-1, or a zero. */
static inline bool hf32_zero_or_normal(float32 a)
{
    return ((a >> 23) & 0xff) - 1u < 0xfeu || hf32_is_zero(a);
}

static inline bool hf64_zero_or_normal(float64 a)
{
    return ((a >> 52) & 0x7ff) - 1u < 0x7feu || hf64_is_zero(a);
}

/*
 * Finite, and larger in magnitude than the smallest normal, in one
 * unsigned compare with the sign shifted out.  A double is judged by its
 * high word alone, which also refuses the few values just above the
 * smallest normal (they take the soft path).
 */
static inline bool hf32_in_range(float32 r)
{
    return (uint32_t)(r << 1) - 0x01000001u < 0xfdffffffu;
}

static inline bool hf64_in_range(float64 r)
{
    return (uint32_t)(r >> 31) - 0x00200001u < 0xffbfffffu;
}

/*
 * The operations: true with *r when the host result is the soft-float
 * one.  A zero result is accepted where it is exact and carries the IEEE
 * sign: an exactly cancelling sum (+0 in nearest-even, the host's too),
 * or a zero factor or dividend.  T is the host type, H its fma (single
 * rounding).  The caller has checked hf_usable or its equivalent.
 */
#define HF_OPS(N, T, H)                                                     \
static inline bool hf##N##_add(float##N a, float##N b, float##N *r)         \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) || !hf##N##_zero_or_normal(b)) {         \
        return false;                                                       \
    }                                                                       \
    *r = hf_u##N((T)(hf_f##N(a) + hf_f##N(b)));                             \
    return hf##N##_in_range(*r) || hf##N##_is_zero(*r);                     \
}                                                                           \
static inline bool hf##N##_sub(float##N a, float##N b, float##N *r)         \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) || !hf##N##_zero_or_normal(b)) {         \
        return false;                                                       \
    }                                                                       \
    *r = hf_u##N((T)(hf_f##N(a) - hf_f##N(b)));                             \
    return hf##N##_in_range(*r) || hf##N##_is_zero(*r);                     \
}                                                                           \
static inline bool hf##N##_mul(float##N a, float##N b, float##N *r)         \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) || !hf##N##_zero_or_normal(b)) {         \
        return false;                                                       \
    }                                                                       \
    *r = hf_u##N((T)(hf_f##N(a) * hf_f##N(b)));                             \
    return hf##N##_in_range(*r) || hf##N##_is_zero(a) ||                    \
           hf##N##_is_zero(b);                                              \
}                                                                           \
static inline bool hf##N##_div(float##N a, float##N b, float##N *r)         \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) || !hf##N##_zero_or_normal(b) ||         \
        hf##N##_is_zero(b)) {                                               \
        return false;                                                       \
    }                                                                       \
    *r = hf_u##N((T)(hf_f##N(a) / hf_f##N(b)));                             \
    return hf##N##_in_range(*r) || hf##N##_is_zero(a);                      \
}                                                                           \
/* The root of a positive normal is a normal: no range check. */           \
static inline bool hf##N##_sqrt(float##N a, float##N *r)                    \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) ||                                       \
        ((a >> (N - 1)) && !hf##N##_is_zero(a))) {                          \
        return false;                                                       \
    }                                                                       \
    *r = hf##N##_is_zero(a) ? a : hf_u##N(__builtin_sqrt##H(hf_f##N(a)));   \
    return true;                                                            \
}                                                                           \
/* A zero product and a zero addend: the IEEE sign rule, as soft. */       \
static inline bool hf##N##_muladd(float##N a, float##N b, float##N c,       \
                                  float##N *r)                              \
{                                                                           \
    if (!hf##N##_zero_or_normal(a) || !hf##N##_zero_or_normal(b) ||         \
        !hf##N##_zero_or_normal(c)) {                                       \
        return false;                                                       \
    }                                                                       \
    *r = hf_u##N(__builtin_fma##H(hf_f##N(a), hf_f##N(b), hf_f##N(c)));     \
    return hf##N##_in_range(*r) || hf##N##_is_zero(a) ||                    \
           hf##N##_is_zero(b);                                              \
}

HF_OPS(32, float, f)
HF_OPS(64, double, )

#endif
