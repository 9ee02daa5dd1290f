/*
 * SSE and SSE2 through their intrinsics, lane by lane against references
 * computed in plain C on random inputs (with zeros, infinities, NaNs and
 * denormals among the floats): packed float and double arithmetic,
 * min/max, compares, conversions in the four rounding modes, shuffles,
 * integer add/sub (wrapping and saturating), multiplies, averages, SAD,
 * compares, shifts by immediates and by registers (also >= the width),
 * packs and unpacks, PMOVMSKB/MOVMSKPS, PEXTRW/PINSRW.  SSSE3, SSE4.1,
 * SSE4.2 and POPCNT groups run when CPUID advertises them (qemu64 does not;
 * -cpu max does).
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define ROUNDS 2000

typedef union V {
    __m128i i;
    __m128 f;
    __m128d d;
    uint8_t u8[16];
    int8_t s8[16];
    uint16_t u16[8];
    int16_t s16[8];
    uint32_t u32[4];
    int32_t s32[4];
    uint64_t u64[2];
    int64_t s64[2];
    float f32[4];
    double f64[2];
} V;

static uint64_t seed = 0x0123456789abcdefULL;

static uint64_t rnd64(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* Random bits; one lane in four an interesting integer. */
static void fill_int(V *v)
{
    static const uint32_t edge[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
                                     0xffff, 0x7fffffff, 0x80000000,
                                     0xffffffff };

    v->u64[0] = rnd64();
    v->u64[1] = rnd64();
    for (int l = 0; l < 4; l++) {
        if ((rnd64() & 3) == 0) {
            v->u32[l] = edge[rnd64() % 11];
        }
    }
}

static float rnd_float(void)
{
    static const float edge[] = { 0.0f, -0.0f, INFINITY, -INFINITY, NAN,
                                  1e-40f, -1.5f, 2.5f, 3e9f, -3e9f };
    uint64_t r = rnd64();

    switch (r & 3) {
    case 0:
        return edge[(r >> 8) % 10];
    case 1: {
        float f;
        uint32_t u = (uint32_t)(r >> 16);
        memcpy(&f, &u, 4);
        return f;
    }
    default:
        return (float)((int64_t)(r >> 20) % 100000) / (float)(1 + (r & 0xff));
    }
}

static double rnd_double(void)
{
    static const double edge[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN,
                                   1e-310, -0.5, 1.5, 5e18, -3e9 };
    uint64_t r = rnd64();

    switch (r & 3) {
    case 0:
        return edge[(r >> 8) % 10];
    case 1: {
        double d;
        uint64_t u = rnd64();
        memcpy(&d, &u, 8);
        return d;
    }
    default:
        return (double)((int64_t)r >> 20) / (double)(1 + (r & 0xfff));
    }
}

static void fill_ps(V *v)
{
    for (int l = 0; l < 4; l++) {
        v->f32[l] = rnd_float();
    }
}

static void fill_pd(V *v)
{
    for (int l = 0; l < 2; l++) {
        v->f64[l] = rnd_double();
    }
}

/* Same bits, or both NaN (a NaN's payload is left to the hardware). */
static int same_f(float x, float y)
{
    return (isnan(x) && isnan(y)) || !memcmp(&x, &y, 4);
}

static int same_d(double x, double y)
{
    return (isnan(x) && isnan(y)) || !memcmp(&x, &y, 8);
}

/*
 * Run op on ROUNDS random (a, b); the last arguments compute want (w)
 * lane by lane (l) from a and b; compare the NL lanes of field F with SAME.
 */
#define LANES(name, fill, op, F, NL, SAME, ...) do {                     \
        int bad_ = 0;                                                    \
        for (int k_ = 0; k_ < ROUNDS; k_++) {                            \
            V a, b, r, w;                                                \
            fill(&a);                                                    \
            fill(&b);                                                    \
            r = (V){ .i = _mm_setzero_si128() };                         \
            op;                                                          \
            for (int l = 0; l < NL; l++) {                               \
                __VA_ARGS__;                                             \
                bad_ += !SAME(r.F[l], w.F[l]);                           \
            }                                                            \
        }                                                                \
        CHECK(bad_ == 0, "%s: %d wrong", name, bad_);                    \
    } while (0)

#define EQ(x, y) ((x) == (y))

static float minf_sse(float x, float y) { return x < y ? x : y; }
static float maxf_sse(float x, float y) { return x > y ? x : y; }
static double mind_sse(double x, double y) { return x < y ? x : y; }
static double maxd_sse(double x, double y) { return x > y ? x : y; }

static uint32_t mask32(int c) { return c ? 0xffffffffu : 0; }
static uint64_t mask64(int c) { return c ? ~0ULL : 0; }

static void test_ps(void)
{
    LANES("addps", fill_ps, r.f = _mm_add_ps(a.f, b.f), f32, 4, same_f,
          w.f32[l] = a.f32[l] + b.f32[l]);
    LANES("subps", fill_ps, r.f = _mm_sub_ps(a.f, b.f), f32, 4, same_f,
          w.f32[l] = a.f32[l] - b.f32[l]);
    LANES("mulps", fill_ps, r.f = _mm_mul_ps(a.f, b.f), f32, 4, same_f,
          w.f32[l] = a.f32[l] * b.f32[l]);
    LANES("divps", fill_ps, r.f = _mm_div_ps(a.f, b.f), f32, 4, same_f,
          w.f32[l] = a.f32[l] / b.f32[l]);
    LANES("sqrtps", fill_ps, r.f = _mm_sqrt_ps(a.f), f32, 4, same_f,
          w.f32[l] = sqrtf(a.f32[l]));
    /* MINPS/MAXPS: the second operand when unordered or both zero. */
    LANES("minps", fill_ps, r.f = _mm_min_ps(a.f, b.f), u32, 4, EQ,
          w.f32[l] = minf_sse(a.f32[l], b.f32[l]));
    LANES("maxps", fill_ps, r.f = _mm_max_ps(a.f, b.f), u32, 4, EQ,
          w.f32[l] = maxf_sse(a.f32[l], b.f32[l]));
    LANES("cmpltps", fill_ps, r.f = _mm_cmplt_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = mask32(a.f32[l] < b.f32[l]));
    LANES("cmpleps", fill_ps, r.f = _mm_cmple_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = mask32(a.f32[l] <= b.f32[l]));
    LANES("cmpeqps", fill_ps, r.f = _mm_cmpeq_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = mask32(a.f32[l] == b.f32[l]));
    LANES("cmpunordps", fill_ps, r.f = _mm_cmpunord_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = mask32(isunordered(a.f32[l], b.f32[l])));
    LANES("cmpnleps", fill_ps, r.f = _mm_cmpnle_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = mask32(!(a.f32[l] <= b.f32[l])));
    LANES("andnps/orps", fill_ps,
          r.f = _mm_or_ps(_mm_andnot_ps(a.f, b.f), _mm_and_ps(a.f, b.f)),
          u32, 4, EQ, w.u32[l] = b.u32[l]);
    /* The approximations: within 1.5 * 2^-12 for normal inputs and
     * results (elsewhere they flush, saturate or differ by vendor). */
    LANES("rcpps", fill_ps, r.f = _mm_rcp_ps(a.f), u32, 4, EQ,
          float x = fabsf(a.f32[l]);
          float e = 1.0f / a.f32[l];
          int ok = !(x >= 0x1p-125f && x <= 0x1p125f) ||
                   fabsf(r.f32[l] - e) <= 0x1.8p-12f * fabsf(e);
          w.u32[l] = ok ? r.u32[l] : ~r.u32[l]);
    LANES("rsqrtps", fill_ps, r.f = _mm_rsqrt_ps(a.f), u32, 4, EQ,
          float x = a.f32[l];
          float e = 1.0f / sqrtf(x);
          int ok = x < -0x1p-125f ? isnan(r.f32[l]) :
                   !(x >= 0x1p-125f && x <= 0x1p125f) ||
                   fabsf(r.f32[l] - e) <= 0x1.8p-12f * e;
          w.u32[l] = ok ? r.u32[l] : ~r.u32[l]);
    LANES("shufps 0x1b", fill_ps, r.f = _mm_shuffle_ps(a.f, b.f, 0x1b), u32,
          4, EQ, w.u32[l] = l < 2 ? a.u32[3 - l] : b.u32[3 - l]);
    LANES("unpcklps", fill_ps, r.f = _mm_unpacklo_ps(a.f, b.f), u32, 4, EQ,
          w.u32[l] = l & 1 ? b.u32[l / 2] : a.u32[l / 2]);
    LANES("unpckhpd", fill_pd, r.d = _mm_unpackhi_pd(a.d, b.d), u64, 2, EQ,
          w.u64[l] = l ? b.u64[1] : a.u64[1]);
    LANES("movmskps", fill_ps, r.s32[0] = _mm_movemask_ps(a.f), s32, 1, EQ,
          w.s32[0] = (a.u32[0] >> 31) | (a.u32[1] >> 31) << 1 |
                     (a.u32[2] >> 31) << 2 | (a.u32[3] >> 31) << 3);
}

/* ZF PF CF after comparing a with b, as bits 2 1 0. */
static unsigned ucomisd(__m128d a, __m128d b)
{
    uint8_t z, p, c;

    asm("ucomisd %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
        : "=q"(z), "=q"(p), "=q"(c) : "x"(a), "x"(b) : "cc");
    return z << 2 | p << 1 | c;
}

static unsigned comiss(__m128 a, __m128 b)
{
    uint8_t z, p, c;

    asm("comiss %4, %3\n\tsetz %0\n\tsetp %1\n\tsetc %2"
        : "=q"(z), "=q"(p), "=q"(c) : "x"(a), "x"(b) : "cc");
    return z << 2 | p << 1 | c;
}

static void test_pd(void)
{
    LANES("addpd", fill_pd, r.d = _mm_add_pd(a.d, b.d), f64, 2, same_d,
          w.f64[l] = a.f64[l] + b.f64[l]);
    LANES("mulpd", fill_pd, r.d = _mm_mul_pd(a.d, b.d), f64, 2, same_d,
          w.f64[l] = a.f64[l] * b.f64[l]);
    LANES("divpd", fill_pd, r.d = _mm_div_pd(a.d, b.d), f64, 2, same_d,
          w.f64[l] = a.f64[l] / b.f64[l]);
    LANES("sqrtpd", fill_pd, r.d = _mm_sqrt_pd(a.d), f64, 2, same_d,
          w.f64[l] = sqrt(a.f64[l]));
    LANES("minpd", fill_pd, r.d = _mm_min_pd(a.d, b.d), u64, 2, EQ,
          w.f64[l] = mind_sse(a.f64[l], b.f64[l]));
    LANES("maxpd", fill_pd, r.d = _mm_max_pd(a.d, b.d), u64, 2, EQ,
          w.f64[l] = maxd_sse(a.f64[l], b.f64[l]));
    LANES("cmpltpd", fill_pd, r.d = _mm_cmplt_pd(a.d, b.d), u64, 2, EQ,
          w.u64[l] = mask64(a.f64[l] < b.f64[l]));
    LANES("cmpordpd", fill_pd, r.d = _mm_cmpord_pd(a.d, b.d), u64, 2, EQ,
          w.u64[l] = mask64(!isunordered(a.f64[l], b.f64[l])));
    LANES("cvtps2pd", fill_ps, r.d = _mm_cvtps_pd(a.f), f64, 2, same_d,
          w.f64[l] = a.f32[l]);
    LANES("cvtpd2ps", fill_pd, r.f = _mm_cvtpd_ps(a.d), f32, 4, same_f,
          w.f32[l] = l < 2 ? (float)a.f64[l] : 0.0f);

    /* UCOMISD/COMISS: ZF PF CF, unordered sets all three. */
    LANES("ucomisd", fill_pd, r.u32[0] = ucomisd(a.d, b.d), u32, 1, EQ,
          w.u32[0] = isunordered(a.f64[0], b.f64[0]) ? 7 :
                     a.f64[0] < b.f64[0] ? 1 : a.f64[0] == b.f64[0] ? 4 : 0);
    LANES("comiss", fill_ps, r.u32[0] = comiss(a.f, b.f), u32, 1, EQ,
          w.u32[0] = isunordered(a.f32[0], b.f32[0]) ? 7 :
                     a.f32[0] < b.f32[0] ? 1 : a.f32[0] == b.f32[0] ? 4 : 0);
    feclearexcept(FE_ALL_EXCEPT);
}

/* Conversions in each rounding mode; out of range gives 0x80000000. */
static int32_t cvt32(double x, int chop)
{
    if (!(x > -2147483649.0 && x < 2147483648.0)) {
        return INT32_MIN;
    }
    double r = chop ? trunc(x) : nearbyint(x);
    return r >= -2147483648.0 && r <= 2147483647.0 ? (int32_t)r : INT32_MIN;
}

static int64_t cvt64(double x, int chop)
{
    if (!(x >= -0x1p63 && x < 0x1p63)) {
        return INT64_MIN;
    }
    return (int64_t)(chop ? trunc(x) : nearbyint(x));
}

static void test_cvt(void)
{
    static const int modes[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD,
                                  FE_TOWARDZERO };
    int bad = 0;

    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        for (int k = 0; k < ROUNDS; k++) {
            V a, b, r1, r2, r3, r4;
            fill_ps(&a);
            fill_pd(&b);
            r1.i = _mm_cvtps_epi32(a.f);
            r2.i = _mm_cvttps_epi32(a.f);
            r3.i = _mm_cvtpd_epi32(b.d);
            r4.i = _mm_cvttpd_epi32(b.d);
            for (int l = 0; l < 4; l++) {
                /* below 2^31 in float: -2^31 is the only exact edge */
                float x = a.f32[l];
                int32_t w1 = x >= 2147483648.0f || x < -2147483648.0f ||
                             isnan(x) ? INT32_MIN : (int32_t)nearbyintf(x);
                int32_t w2 = x >= 2147483648.0f || x < -2147483648.0f ||
                             isnan(x) ? INT32_MIN : (int32_t)x;
                bad += r1.s32[l] != w1 || r2.s32[l] != w2;
            }
            for (int l = 0; l < 2; l++) {
                bad += r3.s32[l] != cvt32(b.f64[l], 0);
                bad += r4.s32[l] != cvt32(b.f64[l], 1);
            }
            bad += r3.u64[1] != 0 || r4.u64[1] != 0;
            bad += _mm_cvtsd_si64(b.d) != cvt64(b.f64[0], 0);
            bad += _mm_cvttsd_si64(b.d) != cvt64(b.f64[0], 1);
            V c;
            c.i = _mm_set_epi32(a.s32[0], a.s32[1], a.s32[2], a.s32[3]);
            V f;
            f.f = _mm_cvtepi32_ps(c.i);
            for (int l = 0; l < 4; l++) {
                volatile int32_t s = c.s32[l];
                bad += f.f32[l] != (float)s;
            }
        }
        fesetround(FE_TONEAREST);
        feclearexcept(FE_ALL_EXCEPT);
        CHECK(bad == 0, "cvt(t)ps2dq/cvt(t)pd2dq/cvt(t)sd2si/cvtdq2ps, mode %d:"
              " %d wrong", m, bad);
    }
}

static uint8_t sat_u8(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }
static int8_t sat_s8(int v) { return v < -128 ? -128 : v > 127 ? 127 : v; }
static uint16_t sat_u16(int v) { return v < 0 ? 0 : v > 65535 ? 65535 : v; }
static int16_t sat_s16(int v)
{
    return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

/* b's low 64 bits as a small shift count (0..20). */
static void fill_count(V *v)
{
    v->u64[0] = rnd64() % 21;
    v->u64[1] = rnd64();
}

static void test_int(void)
{
    LANES("paddb", fill_int, r.i = _mm_add_epi8(a.i, b.i), u8, 16, EQ,
          w.u8[l] = a.u8[l] + b.u8[l]);
    LANES("paddw", fill_int, r.i = _mm_add_epi16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = a.u16[l] + b.u16[l]);
    LANES("paddd", fill_int, r.i = _mm_add_epi32(a.i, b.i), u32, 4, EQ,
          w.u32[l] = a.u32[l] + b.u32[l]);
    LANES("psubq", fill_int, r.i = _mm_sub_epi64(a.i, b.i), u64, 2, EQ,
          w.u64[l] = a.u64[l] - b.u64[l]);
    LANES("paddusb", fill_int, r.i = _mm_adds_epu8(a.i, b.i), u8, 16, EQ,
          w.u8[l] = sat_u8(a.u8[l] + b.u8[l]));
    LANES("paddsb", fill_int, r.i = _mm_adds_epi8(a.i, b.i), s8, 16, EQ,
          w.s8[l] = sat_s8(a.s8[l] + b.s8[l]));
    LANES("psubusw", fill_int, r.i = _mm_subs_epu16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = sat_u16(a.u16[l] - b.u16[l]));
    LANES("psubsw", fill_int, r.i = _mm_subs_epi16(a.i, b.i), s16, 8, EQ,
          w.s16[l] = sat_s16(a.s16[l] - b.s16[l]));
    LANES("pmullw", fill_int, r.i = _mm_mullo_epi16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = (uint16_t)(a.u16[l] * b.u16[l]));
    LANES("pmulhw", fill_int, r.i = _mm_mulhi_epi16(a.i, b.i), s16, 8, EQ,
          w.s16[l] = (int16_t)((a.s16[l] * b.s16[l]) >> 16));
    LANES("pmulhuw", fill_int, r.i = _mm_mulhi_epu16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = (uint16_t)(((uint32_t)a.u16[l] * b.u16[l]) >> 16));
    LANES("pmuludq", fill_int, r.i = _mm_mul_epu32(a.i, b.i), u64, 2, EQ,
          w.u64[l] = (uint64_t)a.u32[2 * l] * b.u32[2 * l]);
    LANES("pmaddwd", fill_int, r.i = _mm_madd_epi16(a.i, b.i), u32, 4, EQ,
          w.u32[l] = (uint32_t)(a.s16[2 * l] * b.s16[2 * l]) +
                     (uint32_t)(a.s16[2 * l + 1] * b.s16[2 * l + 1]));
    LANES("pavgb", fill_int, r.i = _mm_avg_epu8(a.i, b.i), u8, 16, EQ,
          w.u8[l] = (a.u8[l] + b.u8[l] + 1) >> 1);
    LANES("psadbw", fill_int, r.i = _mm_sad_epu8(a.i, b.i), u64, 2, EQ,
          w.u64[l] = 0;
          for (int j = 0; j < 8; j++) {
              int d = a.u8[8 * l + j] - b.u8[8 * l + j];
              w.u64[l] += d < 0 ? -d : d;
          });
    LANES("pminub", fill_int, r.i = _mm_min_epu8(a.i, b.i), u8, 16, EQ,
          w.u8[l] = a.u8[l] < b.u8[l] ? a.u8[l] : b.u8[l]);
    LANES("pmaxsw", fill_int, r.i = _mm_max_epi16(a.i, b.i), s16, 8, EQ,
          w.s16[l] = a.s16[l] > b.s16[l] ? a.s16[l] : b.s16[l]);
    LANES("pcmpeqb", fill_int, r.i = _mm_cmpeq_epi8(a.i, _mm_or_si128(b.i,
          _mm_and_si128(a.i, _mm_set1_epi16(0xff)))), u8, 16, EQ,
          w.u8[l] = a.u8[l] == (uint8_t)(b.u8[l] | (l & 1 ? 0 : a.u8[l]))
                    ? 0xff : 0);
    LANES("pcmpgtw", fill_int, r.i = _mm_cmpgt_epi16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = a.s16[l] > b.s16[l] ? 0xffff : 0);
    LANES("pcmpgtd", fill_int, r.i = _mm_cmpgt_epi32(a.i, b.i), u32, 4, EQ,
          w.u32[l] = mask32(a.s32[l] > b.s32[l]));
    LANES("pandn/pxor", fill_int,
          r.i = _mm_xor_si128(_mm_andnot_si128(a.i, b.i), a.i), u64, 2, EQ,
          w.u64[l] = (~a.u64[l] & b.u64[l]) ^ a.u64[l]);

    LANES("psllw xmm", fill_count, r.i = _mm_sll_epi16(b.i, b.i), u16, 8, EQ,
          w.u16[l] = b.u64[0] > 15 ? 0 : (uint16_t)(b.u16[l] << b.u64[0]));
    LANES("psrld xmm", fill_count, r.i = _mm_srl_epi32(a.i, b.i), u32, 4, EQ,
          w.u32[l] = b.u64[0] > 31 ? 0 : a.u32[l] >> b.u64[0]);
    LANES("psraw xmm", fill_count, r.i = _mm_sra_epi16(a.i, b.i), s16, 8, EQ,
          w.s16[l] = a.s16[l] >> (b.u64[0] > 15 ? 15 : b.u64[0]));
    LANES("psllq 13", fill_int, r.i = _mm_slli_epi64(a.i, 13), u64, 2, EQ,
          w.u64[l] = a.u64[l] << 13);
    LANES("psrad 31", fill_int, r.i = _mm_srai_epi32(a.i, 31), s32, 4, EQ,
          w.s32[l] = a.s32[l] < 0 ? -1 : 0);
    LANES("pslldq 5", fill_int, r.i = _mm_slli_si128(a.i, 5), u8, 16, EQ,
          w.u8[l] = l < 5 ? 0 : a.u8[l - 5]);
    LANES("psrldq 3", fill_int, r.i = _mm_srli_si128(a.i, 3), u8, 16, EQ,
          w.u8[l] = l > 12 ? 0 : a.u8[l + 3]);

    LANES("packsswb", fill_int, r.i = _mm_packs_epi16(a.i, b.i), s8, 16, EQ,
          w.s8[l] = sat_s8(l < 8 ? a.s16[l] : b.s16[l - 8]));
    LANES("packuswb", fill_int, r.i = _mm_packus_epi16(a.i, b.i), u8, 16, EQ,
          w.u8[l] = sat_u8(l < 8 ? a.s16[l] : b.s16[l - 8]));
    LANES("packssdw", fill_int, r.i = _mm_packs_epi32(a.i, b.i), s16, 8, EQ,
          int32_t v = l < 4 ? a.s32[l] : b.s32[l - 4];
          w.s16[l] = v < -32768 ? -32768 : v > 32767 ? 32767 : v);
    LANES("punpcklbw", fill_int, r.i = _mm_unpacklo_epi8(a.i, b.i), u8, 16,
          EQ, w.u8[l] = l & 1 ? b.u8[l / 2] : a.u8[l / 2]);
    LANES("punpckhwd", fill_int, r.i = _mm_unpackhi_epi16(a.i, b.i), u16, 8,
          EQ, w.u16[l] = l & 1 ? b.u16[4 + l / 2] : a.u16[4 + l / 2]);
    LANES("punpcklqdq", fill_int, r.i = _mm_unpacklo_epi64(a.i, b.i), u64, 2,
          EQ, w.u64[l] = l ? b.u64[0] : a.u64[0]);
    LANES("pshufd 0x4e", fill_int, r.i = _mm_shuffle_epi32(a.i, 0x4e), u32, 4,
          EQ, w.u32[l] = a.u32[l ^ 2]);
    LANES("pshuflw 0x1b", fill_int, r.i = _mm_shufflelo_epi16(a.i, 0x1b), u16,
          8, EQ, w.u16[l] = l < 4 ? a.u16[3 - l] : a.u16[l]);
    LANES("pshufhw 0xb1", fill_int, r.i = _mm_shufflehi_epi16(a.i, 0xb1), u16,
          8, EQ, w.u16[l] = l < 4 ? a.u16[l] : a.u16[4 + ((l - 4) ^ 1)]);
    LANES("pmovmskb", fill_int, r.s32[0] = _mm_movemask_epi8(a.i), s32, 1, EQ,
          w.s32[0] = 0;
          for (int j = 0; j < 16; j++) {
              w.s32[0] |= (a.u8[j] >> 7) << j;
          });
    LANES("pextrw/pinsrw", fill_int,
          r.i = _mm_insert_epi16(a.i, _mm_extract_epi16(b.i, 5), 2), u16, 8,
          EQ, w.u16[l] = l == 2 ? b.u16[5] : a.u16[l]);
}

__attribute__((target("ssse3")))
static void test_ssse3(void)
{
    LANES("pshufb", fill_int, r.i = _mm_shuffle_epi8(a.i, b.i), u8, 16, EQ,
          w.u8[l] = b.u8[l] & 0x80 ? 0 : a.u8[b.u8[l] & 15]);
    LANES("pabsw", fill_int, r.i = _mm_abs_epi16(a.i), u16, 8, EQ,
          w.u16[l] = a.s16[l] < 0 ? (uint16_t)-a.s16[l] : a.u16[l]);
    LANES("palignr 7", fill_int, r.i = _mm_alignr_epi8(a.i, b.i, 7), u8, 16,
          EQ, w.u8[l] = l + 7 < 16 ? b.u8[l + 7] : a.u8[l - 9]);
    LANES("phaddd", fill_int, r.i = _mm_hadd_epi32(a.i, b.i), u32, 4, EQ,
          const V *s = l < 2 ? &a : &b;
          w.u32[l] = s->u32[2 * (l & 1)] + s->u32[2 * (l & 1) + 1]);
    LANES("pmaddubsw", fill_int, r.i = _mm_maddubs_epi16(a.i, b.i), s16, 8,
          EQ, w.s16[l] = sat_s16(a.u8[2 * l] * b.s8[2 * l] +
                                 a.u8[2 * l + 1] * b.s8[2 * l + 1]));
    LANES("pmulhrsw", fill_int, r.i = _mm_mulhrs_epi16(a.i, b.i), s16, 8, EQ,
          w.s16[l] = (int16_t)(((a.s16[l] * b.s16[l] >> 14) + 1) >> 1));
    LANES("psignb", fill_int, r.i = _mm_sign_epi8(a.i, b.i), s8, 16, EQ,
          w.s8[l] = b.s8[l] < 0 ? (int8_t)-a.s8[l] : b.s8[l] ? a.s8[l] : 0);
}

__attribute__((target("sse4.1")))
static void test_sse41(void)
{
    LANES("pmulld", fill_int, r.i = _mm_mullo_epi32(a.i, b.i), u32, 4, EQ,
          w.u32[l] = a.u32[l] * b.u32[l]);
    LANES("pmuldq", fill_int, r.i = _mm_mul_epi32(a.i, b.i), s64, 2, EQ,
          w.s64[l] = (int64_t)a.s32[2 * l] * b.s32[2 * l]);
    LANES("pminsd", fill_int, r.i = _mm_min_epi32(a.i, b.i), s32, 4, EQ,
          w.s32[l] = a.s32[l] < b.s32[l] ? a.s32[l] : b.s32[l]);
    LANES("pmaxuw", fill_int, r.i = _mm_max_epu16(a.i, b.i), u16, 8, EQ,
          w.u16[l] = a.u16[l] > b.u16[l] ? a.u16[l] : b.u16[l]);
    LANES("pcmpeqq", fill_int, r.i = _mm_cmpeq_epi64(a.i,
          _mm_unpacklo_epi64(a.i, b.i)), u64, 2, EQ,
          w.u64[l] = mask64(a.u64[l] == (l ? b.u64[0] : a.u64[0])));
    LANES("pblendvb", fill_int, r.i = _mm_blendv_epi8(a.i, b.i, b.i), u8, 16,
          EQ, w.u8[l] = b.u8[l] & 0x80 ? b.u8[l] : a.u8[l]);
    LANES("blendps 5", fill_ps, r.f = _mm_blend_ps(a.f, b.f, 5), u32, 4, EQ,
          w.u32[l] = 5 >> l & 1 ? b.u32[l] : a.u32[l]);
    LANES("pmovsxbw", fill_int, r.i = _mm_cvtepi8_epi16(a.i), s16, 8, EQ,
          w.s16[l] = a.s8[l]);
    LANES("pmovzxwd", fill_int, r.i = _mm_cvtepu16_epi32(a.i), u32, 4, EQ,
          w.u32[l] = a.u16[l]);
    LANES("packusdw", fill_int, r.i = _mm_packus_epi32(a.i, b.i), u16, 8, EQ,
          int32_t v = l < 4 ? a.s32[l] : b.s32[l - 4];
          w.u16[l] = v < 0 ? 0 : v > 65535 ? 65535 : v);
    LANES("pinsrd/pextrb", fill_int,
          r.i = _mm_insert_epi32(a.i, _mm_extract_epi8(b.i, 11), 3), u32, 4,
          EQ, w.u32[l] = l == 3 ? b.u8[11] : a.u32[l]);
    LANES("ptest", fill_int,
          r.s32[0] = _mm_testz_si128(a.i, b.i) | _mm_testc_si128(a.i, b.i) << 1,
          s32, 1, EQ,
          w.s32[0] = (!((a.u64[0] & b.u64[0]) | (a.u64[1] & b.u64[1]))) |
                     (!((~a.u64[0] & b.u64[0]) | (~a.u64[1] & b.u64[1]))) << 1);
    LANES("roundpd floor", fill_pd,
          r.d = _mm_round_pd(a.d, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC),
          f64, 2, same_d, w.f64[l] = floor(a.f64[l]));
    LANES("roundps trunc", fill_ps,
          r.f = _mm_round_ps(a.f, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC),
          f32, 4, same_f, w.f32[l] = truncf(a.f32[l]));
    LANES("roundss nearest", fill_ps,
          r.f = _mm_round_ss(b.f, a.f, _MM_FROUND_TO_NEAREST_INT |
                                       _MM_FROUND_NO_EXC),
          f32, 4, same_f, w.f32[l] = l ? b.f32[l] : roundevenf(a.f32[0]));
}

/* CRC-32C, bit by bit. */
static uint32_t crc32c(uint32_t crc, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes * 8; i++) {
        crc ^= (v >> i) & 1;
        crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78 : crc >> 1;
    }
    return crc;
}

__attribute__((target("sse4.2")))
static void test_sse42(void)
{
    LANES("pcmpgtq", fill_int, r.i = _mm_cmpgt_epi64(a.i, b.i), u64, 2, EQ,
          w.u64[l] = mask64(a.s64[l] > b.s64[l]));
    LANES("crc32b/w/l/q", fill_int,
          r.u32[0] = _mm_crc32_u8(a.u32[0], b.u8[0]);
          r.u32[1] = _mm_crc32_u16(a.u32[1], b.u16[1]);
          r.u32[2] = _mm_crc32_u32(a.u32[2], b.u32[2]);
          r.u32[3] = (uint32_t)_mm_crc32_u64(a.u32[3], b.u64[1]), u32, 4, EQ,
          static const int sz[4] = { 1, 2, 4, 8 };
          uint64_t v = l == 0 ? b.u8[0] : l == 1 ? b.u16[1] :
                       l == 2 ? b.u32[2] : b.u64[1];
          w.u32[l] = crc32c(a.u32[l], v, sz[l]));
    /* PCMPISTRI "equal any": the first byte of b (up to its NUL) found in
     * the set a (up to its NUL); 16 when none. */
    LANES("pcmpistri equal-any", fill_int,
          b.u8[rnd64() % 16] = 0;
          r.s32[0] = _mm_cmpistri(a.i, b.i, _SIDD_UBYTE_OPS |
                                  _SIDD_CMP_EQUAL_ANY), s32, 1, EQ,
          int la = 0, lb = 0;
          while (la < 16 && a.u8[la]) la++;
          while (lb < 16 && b.u8[lb]) lb++;
          w.s32[0] = 16;
          for (int j = lb - 1; j >= 0; j--) {
              for (int s = 0; s < la; s++) {
                  if (a.u8[s] == b.u8[j]) {
                      w.s32[0] = j;
                  }
              }
          });
}

__attribute__((target("popcnt")))
static void test_popcnt(void)
{
    LANES("popcnt", fill_int, r.s64[0] = _mm_popcnt_u64(a.u64[0]); r.s64[1] =
          _mm_popcnt_u32(a.u32[2]), s64, 2, EQ,
          w.s64[l] = __builtin_popcountll(l ? a.u32[2] : a.u64[0]));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    __builtin_cpu_init();
    test_ps();
    test_pd();
    test_cvt();
    test_int();
    static const struct { const char *name; int has; void (*fn)(void); } opt[] = {
        { "ssse3", 0, test_ssse3 }, { "sse4.1", 0, test_sse41 },
        { "sse4.2", 0, test_sse42 }, { "popcnt", 0, test_popcnt },
    };
    int has[4] = { __builtin_cpu_supports("ssse3"),
                   __builtin_cpu_supports("sse4.1"),
                   __builtin_cpu_supports("sse4.2"),
                   __builtin_cpu_supports("popcnt") };
    for (int i = 0; i < 4; i++) {
        if (has[i]) {
            opt[i].fn();
        } else {
            printf("%s: not advertised, skipped\n", opt[i].name);
        }
    }
    return check_finish("sse");
}
