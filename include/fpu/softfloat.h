/*
 * Software IEEE 754 binary floating point (half, single, double): the
 * portable core that the TCG targets share.  Every operation takes a
 * float_status that carries the rounding mode, the accumulated exception
 * flags and the target's choices (flush-to-zero, default NaN, how NaNs
 * propagate, when tininess is detected).  Values are raw bit patterns.
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

typedef uint16_t float16;
typedef uint32_t float32;
typedef uint64_t float64;
/* x87 extended precision: explicit integer bit in low, sign+exponent in high. */
typedef struct floatx80 {
    uint64_t low;
    uint16_t high;
} floatx80;

typedef enum FloatRoundMode {
    float_round_nearest_even,
    float_round_down,           /* toward -inf */
    float_round_up,             /* toward +inf */
    float_round_to_zero,
    float_round_ties_away,
} FloatRoundMode;

/* Exception flags, accumulated in float_status.flags. */
enum {
    float_flag_invalid = 1,
    float_flag_divbyzero = 2,
    float_flag_overflow = 4,
    float_flag_underflow = 8,
    float_flag_inexact = 16,
    float_flag_input_denormal = 32,  /* a subnormal input was read as zero */
    float_flag_output_denormal = 64, /* a tiny result was flushed to zero */
    float_flag_denormal_operand = 128, /* floatx80: an operand was denormal */
};

/* Which NaN operand an operation returns (after quieting it). */
typedef enum FloatNaNProp {
    float_nan_prop_snan_first,  /* SNaNs in operand order, then QNaNs (Arm) */
    float_nan_prop_first,       /* the first NaN operand (x86 SSE) */
} FloatNaNProp;

/* Relations returned by the comparisons. */
typedef enum FloatRelation {
    float_relation_less = -1,
    float_relation_equal = 0,
    float_relation_greater = 1,
    float_relation_unordered = 2,
} FloatRelation;

typedef struct float_status {
    uint8_t rounding_mode;          /* FloatRoundMode */
    uint8_t flags;                  /* float_flag_* */
    uint8_t nan_prop;               /* FloatNaNProp */
    bool flush_to_zero;             /* tiny results become signed zero */
    bool flush_inputs_to_zero;      /* subnormal inputs read as signed zero */
    bool default_nan_mode;          /* every NaN result is the default NaN */
    bool default_nan_negative;      /* sign of the default NaN */
    bool tininess_before_rounding;  /* else detected after rounding */
    /* muladd(a, b, c) picks NaNs in the order c, a, b (else a, b, c). */
    bool muladd_addend_first;
    /* inf * 0 + QNaN gives the default NaN and raises invalid. */
    bool muladd_infzero_default_nan;
    /*
     * Conversions to and from half precision use Arm's alternative format
     * (exponent 31 is normal; no infinities or NaNs).
     */
    bool arm_alt_half;
    /* floatx80: significand bits of results (24, 53, 64; 0 means 64). */
    uint8_t floatx80_precision;
    /* floatx80: the last rounding increased the magnitude (x87 C1). */
    bool floatx80_rounded_up;
} float_status;

#define FLOAT_OPS_DECL(N)                                                   \
float##N float##N##_add(float##N a, float##N b, float_status *s);           \
float##N float##N##_sub(float##N a, float##N b, float_status *s);           \
float##N float##N##_mul(float##N a, float##N b, float_status *s);           \
float##N float##N##_div(float##N a, float##N b, float_status *s);           \
float##N float##N##_sqrt(float##N a, float_status *s);                      \
/* a * b + c with a single rounding. */                                     \
float##N float##N##_muladd(float##N a, float##N b, float##N c,              \
                           float_status *s);                                \
/* IEEE 754-2008 min/max: a NaN operand gives a NaN; -0 < +0. */            \
float##N float##N##_min(float##N a, float##N b, float_status *s);           \
float##N float##N##_max(float##N a, float##N b, float_status *s);           \
/* minNum/maxNum: a single quiet NaN operand is ignored. */                 \
float##N float##N##_minnum(float##N a, float##N b, float_status *s);        \
float##N float##N##_maxnum(float##N a, float##N b, float_status *s);        \
/* Round to an integral value in mode; exact raises inexact. */             \
float##N float##N##_round_to_int(float##N a, FloatRoundMode mode,           \
                                 bool exact, float_status *s);              \
/* Quiet compares signal only on SNaNs; the others on any NaN. */           \
FloatRelation float##N##_compare(float##N a, float##N b, float_status *s);  \
FloatRelation float##N##_compare_quiet(float##N a, float##N b,              \
                                       float_status *s);                    \
/* a * 2^fbits to an integer in mode, saturating with invalid; a NaN */     \
/* gives 0 and invalid. */                                                  \
int64_t float##N##_to_int64_scalbn(float##N a, FloatRoundMode mode,         \
                                   int fbits, float_status *s);             \
int32_t float##N##_to_int32_scalbn(float##N a, FloatRoundMode mode,         \
                                   int fbits, float_status *s);             \
uint64_t float##N##_to_uint64_scalbn(float##N a, FloatRoundMode mode,       \
                                     int fbits, float_status *s);           \
uint32_t float##N##_to_uint32_scalbn(float##N a, FloatRoundMode mode,       \
                                     int fbits, float_status *s);           \
/* v / 2^fbits rounded in the status' mode. */                              \
float##N int64_to_float##N##_scalbn(int64_t v, int fbits, float_status *s); \
float##N uint64_to_float##N##_scalbn(uint64_t v, int fbits,                 \
                                     float_status *s);                      \
bool float##N##_is_any_nan(float##N a);                                     \
bool float##N##_is_signaling_nan(float##N a);                               \
float##N float##N##_default_nan(float_status *s);

FLOAT_OPS_DECL(16)
FLOAT_OPS_DECL(32)
FLOAT_OPS_DECL(64)

/* Conversions between the formats (NaN payloads keep their top bits). */
float32 float16_to_float32(float16 a, float_status *s);
float64 float16_to_float64(float16 a, float_status *s);
float16 float32_to_float16(float32 a, float_status *s);
float64 float32_to_float64(float32 a, float_status *s);
float16 float64_to_float16(float64 a, float_status *s);
float32 float64_to_float32(float64 a, float_status *s);

/*
 * x87 extended precision (fpu/softfloat-x80.c), with the x87's rules:
 * results rounded to floatx80_precision bits, NaNs by larger significand,
 * unnormals and pseudo-NaN/infinity encodings invalid, denormal operands
 * flagged with float_flag_denormal_operand.
 */
floatx80 floatx80_add(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_sub(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_mul(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_div(floatx80 a, floatx80 b, float_status *s);
floatx80 floatx80_sqrt(floatx80 a, float_status *s);
/*
 * Partial remainder: FPREM (ieee false, truncated quotient) or FPREM1
 * (nearest).  *partial: the exponent difference was 64 or more and only
 * part of the reduction was done.  *quotient: the quotient's low bits.
 */
floatx80 floatx80_rem(floatx80 a, floatx80 b, bool ieee, uint64_t *quotient,
                      bool *partial, float_status *s);
/* To an integral value in the status' rounding mode (FRNDINT). */
floatx80 floatx80_round_to_int(floatx80 a, float_status *s);
/* a * 2^n, n clamped to +-65536 (FSCALE). */
floatx80 floatx80_scalbn(floatx80 a, int n, float_status *s);
/* FXTRACT: returns the exponent, *sig the significand in [1, 2). */
floatx80 floatx80_extract(floatx80 a, floatx80 *sig, float_status *s);
FloatRelation floatx80_compare(floatx80 a, floatx80 b, float_status *s);
FloatRelation floatx80_compare_quiet(floatx80 a, floatx80 b,
                                     float_status *s);
floatx80 float32_to_floatx80(float32 a, float_status *s);
floatx80 float64_to_floatx80(float64 a, float_status *s);
float32 floatx80_to_float32(floatx80 a, float_status *s);
float64 floatx80_to_float64(floatx80 a, float_status *s);
floatx80 int64_to_floatx80(int64_t v, float_status *s);
/* To a bits-bit signed integer in mode; invalid gives the most negative. */
int64_t floatx80_to_int(floatx80 a, int bits, FloatRoundMode mode,
                        float_status *s);
floatx80 floatx80_default_nan(float_status *s);
/* Round (hi:lo) * 2^(exp - 127), hi's top bit set, to 64 bits. */
floatx80 floatx80_pack_wide(bool sign, int exp, uint64_t hi, uint64_t lo,
                            float_status *s);
/*
 * Transcendentals (fpu/softfloat-x80-trans.c) on finite operands: the
 * caller (the x87 helpers) deals with NaNs, infinities and ranges.
 * sin/cos/tan need |x| < 2^63; atan2 not both zero; yl2x x > 0;
 * yl2xp1 x > -1.  Within one ulp, not bit-exact with the hardware.
 */
floatx80 floatx80_sin(floatx80 x, float_status *s);
floatx80 floatx80_cos(floatx80 x, float_status *s);
floatx80 floatx80_tan(floatx80 x, float_status *s);
floatx80 floatx80_atan2(floatx80 y, floatx80 x, float_status *s);
floatx80 floatx80_2xm1(floatx80 x, float_status *s);
floatx80 floatx80_yl2x(floatx80 y, floatx80 x, float_status *s);
floatx80 floatx80_yl2xp1(floatx80 y, floatx80 x, float_status *s);
bool floatx80_is_any_nan(floatx80 a);
bool floatx80_is_signaling_nan(floatx80 a);
bool floatx80_is_invalid_encoding(floatx80 a);

#endif
