/*
 * MMX and SSE2 integer SIMD (and the SSSE3 additions): one C body per
 * operation over n bytes, instantiated as helper_NAME_mmx (8 bytes, an
 * MMX register) and helper_NAME_xmm (16 bytes).  d is the destination
 * and first source, s the second source (a register or the loaded memory
 * operand, env->xmm_t0).  Results go through a copy, so d and s may be the
 * same register.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

typedef X86XMMReg Reg;

#define INT_HELPERS(name)                                                   \
void helper_##name##_mmx(void *env, void *d, void *s)                       \
{                                                                           \
    name(d, s, 8);                                                          \
}                                                                           \
void helper_##name##_xmm(void *env, void *d, void *s)                       \
{                                                                           \
    name(d, s, 16);                                                         \
}

static inline int sat8s(int v)
{
    return v > 127 ? 127 : v < -128 ? -128 : v;
}

static inline int sat8u(int v)
{
    return v > 255 ? 255 : v < 0 ? 0 : v;
}

static inline int sat16s(int v)
{
    return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

static inline int sat16u(int v)
{
    return v > 65535 ? 65535 : v < 0 ? 0 : v;
}

/* Lane-wise ops: T the lane type, EXPR over a and b. */
#define LANE_OP(name, T, F, EXPR)                                           \
static void name(Reg *d, const Reg *s, int n)                               \
{                                                                           \
    Reg r;                                                                  \
    for (int i = 0; i < n / (int)sizeof(d->F[0]); i++) {                    \
        T a = d->F[i], b = s->F[i];                                         \
        (void)a;                                                            \
        r.F[i] = (EXPR);                                                    \
    }                                                                       \
    memcpy(d, &r, n);                                                       \
}                                                                           \
INT_HELPERS(name)

LANE_OP(paddb, uint8_t, b, a + b)
LANE_OP(paddw, uint16_t, w, a + b)
LANE_OP(paddd, uint32_t, l, a + b)
LANE_OP(paddq, uint64_t, q, a + b)
LANE_OP(psubb, uint8_t, b, a - b)
LANE_OP(psubw, uint16_t, w, a - b)
LANE_OP(psubd, uint32_t, l, a - b)
LANE_OP(psubq, uint64_t, q, a - b)
LANE_OP(paddsb, int8_t, b, sat8s(a + b))
LANE_OP(paddsw, int16_t, w, sat16s(a + b))
LANE_OP(paddusb, uint8_t, b, sat8u(a + b))
LANE_OP(paddusw, uint16_t, w, sat16u(a + b))
LANE_OP(psubsb, int8_t, b, sat8s(a - b))
LANE_OP(psubsw, int16_t, w, sat16s(a - b))
LANE_OP(psubusb, uint8_t, b, sat8u(a - b))
LANE_OP(psubusw, uint16_t, w, sat16u(a - b))
LANE_OP(pmullw, int16_t, w, a * b)
LANE_OP(pmulhw, int16_t, w, (a * b) >> 16)
LANE_OP(pmulhuw, uint16_t, w, ((uint32_t)a * b) >> 16)
LANE_OP(pavgb, uint8_t, b, (a + b + 1) >> 1)
LANE_OP(pavgw, uint16_t, w, (a + b + 1) >> 1)
LANE_OP(pminub, uint8_t, b, a < b ? a : b)
LANE_OP(pmaxub, uint8_t, b, a > b ? a : b)
LANE_OP(pminsw, int16_t, w, a < b ? a : b)
LANE_OP(pmaxsw, int16_t, w, a > b ? a : b)
LANE_OP(pcmpeqb, uint8_t, b, a == b ? 0xff : 0)
LANE_OP(pcmpeqw, uint16_t, w, a == b ? 0xffff : 0)
LANE_OP(pcmpeqd, uint32_t, l, a == b ? ~0u : 0)
LANE_OP(pcmpgtb, int8_t, b, a > b ? 0xff : 0)
LANE_OP(pcmpgtw, int16_t, w, a > b ? 0xffff : 0)
LANE_OP(pcmpgtd, int32_t, l, a > b ? ~0u : 0)
LANE_OP(pand, uint64_t, q, a & b)
LANE_OP(pandn, uint64_t, q, ~a & b)
LANE_OP(por, uint64_t, q, a | b)
LANE_OP(pxor, uint64_t, q, a ^ b)
/* SSSE3 */
LANE_OP(pabsb, int8_t, b, b < 0 ? -b : b)
LANE_OP(pabsw, int16_t, w, b < 0 ? -b : b)
LANE_OP(pabsd, int32_t, l, b < 0 ? -(uint32_t)b : (uint32_t)b)
LANE_OP(psignb, int8_t, b, b < 0 ? -a : b ? a : 0)
LANE_OP(psignw, int16_t, w, b < 0 ? -a : b ? a : 0)
LANE_OP(psignd, int32_t, l, b < 0 ? -(uint32_t)a : b ? (uint32_t)a : 0)
LANE_OP(pmulhrsw, int16_t, w, (((a * b) >> 14) + 1) >> 1)

static void pmuludq(Reg *d, const Reg *s, int n)
{
    for (int i = 0; i < n / 8; i++) {
        d->q[i] = (uint64_t)d->l[2 * i] * s->l[2 * i];
    }
}
INT_HELPERS(pmuludq)

static void pmaddwd(Reg *d, const Reg *s, int n)
{
    Reg r;

    for (int i = 0; i < n / 4; i++) {
        r.l[i] = (int16_t)d->w[2 * i] * (int16_t)s->w[2 * i] +
                 (uint32_t)((int16_t)d->w[2 * i + 1] *
                            (int16_t)s->w[2 * i + 1]);
    }
    memcpy(d, &r, n);
}
INT_HELPERS(pmaddwd)

static void psadbw(Reg *d, const Reg *s, int n)
{
    for (int j = 0; j < n / 8; j++) {
        unsigned sum = 0;

        for (int i = 0; i < 8; i++) {
            sum += abs(d->b[8 * j + i] - s->b[8 * j + i]);
        }
        d->q[j] = sum;
    }
}
INT_HELPERS(psadbw)

/* Shifts by the count in s's low 64 bits (the imm forms load it there). */
#define SHIFT_OP(name, T, F, bits, EXPR, BIG)                               \
static void name(Reg *d, const Reg *s, int n)                               \
{                                                                           \
    uint64_t c = s->q[0];                                                   \
    for (int i = 0; i < n / (int)sizeof(d->F[0]); i++) {                    \
        T a = d->F[i];                                                      \
        d->F[i] = c >= bits ? (BIG) : (EXPR);                               \
    }                                                                       \
}                                                                           \
INT_HELPERS(name)

SHIFT_OP(psllw, uint16_t, w, 16, a << c, 0)
SHIFT_OP(pslld, uint32_t, l, 32, a << c, 0)
SHIFT_OP(psllq, uint64_t, q, 64, a << c, 0)
SHIFT_OP(psrlw, uint16_t, w, 16, a >> c, 0)
SHIFT_OP(psrld, uint32_t, l, 32, a >> c, 0)
SHIFT_OP(psrlq, uint64_t, q, 64, a >> c, 0)
SHIFT_OP(psraw, int16_t, w, 16, a >> c, a >> 15)
SHIFT_OP(psrad, int32_t, l, 32, a >> c, a >> 31)

/* PSLLDQ/PSRLDQ (XMM only): bytes. */
void helper_pslldq(void *env, void *d, void *s)
{
    Reg *dp = d, r = { 0 };
    unsigned c = MIN(((Reg *)s)->q[0], 16);

    for (int i = c; i < 16; i++) {
        r.b[i] = dp->b[i - c];
    }
    *dp = r;
}

void helper_psrldq(void *env, void *d, void *s)
{
    Reg *dp = d, r = { 0 };
    unsigned c = MIN(((Reg *)s)->q[0], 16);

    for (int i = 0; i + c < 16; i++) {
        r.b[i] = dp->b[i + c];
    }
    *dp = r;
}

/* ---- Packs and unpacks ---- */

static void packsswb(Reg *d, const Reg *s, int n)
{
    Reg r;
    int h = n / 2;

    for (int i = 0; i < h; i++) {
        r.b[i] = sat8s((int16_t)d->w[i]);
        r.b[h + i] = sat8s((int16_t)s->w[i]);
    }
    memcpy(d, &r, n);
}
INT_HELPERS(packsswb)

static void packuswb(Reg *d, const Reg *s, int n)
{
    Reg r;
    int h = n / 2;

    for (int i = 0; i < h; i++) {
        r.b[i] = sat8u((int16_t)d->w[i]);
        r.b[h + i] = sat8u((int16_t)s->w[i]);
    }
    memcpy(d, &r, n);
}
INT_HELPERS(packuswb)

static void packssdw(Reg *d, const Reg *s, int n)
{
    Reg r;
    int h = n / 4;

    for (int i = 0; i < h; i++) {
        r.w[i] = sat16s(MAX(MIN((int32_t)d->l[i], 65536), -65536));
        r.w[h + i] = sat16s(MAX(MIN((int32_t)s->l[i], 65536), -65536));
    }
    memcpy(d, &r, n);
}
INT_HELPERS(packssdw)

/* Interleave the low (hi = 0) or high halves, in lanes of sz bytes. */
static void unpack(Reg *d, const Reg *s, int n, int sz, bool hi)
{
    Reg r = *d;
    int lanes = n / sz / 2, base = hi ? lanes * sz : 0;

    for (int i = 0; i < lanes; i++) {
        memcpy(&r.b[2 * i * sz], &d->b[base + i * sz], sz);
        memcpy(&r.b[(2 * i + 1) * sz], &s->b[base + i * sz], sz);
    }
    memcpy(d, &r, n);
}

#define UNPACK(name, sz, hi)                                                \
static void name(Reg *d, const Reg *s, int n)                               \
{                                                                           \
    unpack(d, s, n, sz, hi);                                                \
}                                                                           \
INT_HELPERS(name)

UNPACK(punpcklbw, 1, false)
UNPACK(punpcklwd, 2, false)
UNPACK(punpckldq, 4, false)
UNPACK(punpcklqdq, 8, false)
UNPACK(punpckhbw, 1, true)
UNPACK(punpckhwd, 2, true)
UNPACK(punpckhdq, 4, true)
UNPACK(punpckhqdq, 8, true)

/* ---- Shuffles (imm8) ---- */

void helper_pshufd(void *env, void *d, void *s, uint32_t imm)
{
    Reg *sp = s, r;

    for (int i = 0; i < 4; i++) {
        r.l[i] = sp->l[(imm >> (2 * i)) & 3];
    }
    *(Reg *)d = r;
}

/* PSHUFLW (hi = 0), PSHUFHW (hi = 4), and MMX PSHUFW (low half only). */
static void pshufw4(Reg *d, const Reg *s, uint32_t imm, int hi)
{
    Reg r = *s;

    for (int i = 0; i < 4; i++) {
        r.w[hi + i] = s->w[hi + ((imm >> (2 * i)) & 3)];
    }
    *d = r;
}

void helper_pshuflw(void *env, void *d, void *s, uint32_t imm)
{
    pshufw4(d, s, imm, 0);
}

void helper_pshufhw(void *env, void *d, void *s, uint32_t imm)
{
    pshufw4(d, s, imm, 4);
}

void helper_pshufw(void *env, void *d, void *s, uint32_t imm)
{
    Reg r;

    pshufw4(&r, s, imm, 0);
    ((Reg *)d)->q[0] = r.q[0];
}

void helper_shufps(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s, r;

    r.l[0] = dp->l[imm & 3];
    r.l[1] = dp->l[(imm >> 2) & 3];
    r.l[2] = sp->l[(imm >> 4) & 3];
    r.l[3] = sp->l[(imm >> 6) & 3];
    *dp = r;
}

void helper_shufpd(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s, r;

    r.q[0] = dp->q[imm & 1];
    r.q[1] = sp->q[(imm >> 1) & 1];
    *dp = r;
}

/* ---- To general registers ---- */

uint64_t helper_pmovmskb(void *s, uint32_t n)
{
    Reg *r = s;
    uint64_t m = 0;

    for (unsigned i = 0; i < n; i++) {
        m |= (uint64_t)(r->b[i] >> 7) << i;
    }
    return m;
}

/* ---- SSSE3 ---- */

static void pshufb(Reg *d, const Reg *s, int n)
{
    Reg r;

    for (int i = 0; i < n; i++) {
        uint8_t c = s->b[i];

        r.b[i] = c & 0x80 ? 0 : d->b[c & (n - 1)];
    }
    memcpy(d, &r, n);
}
INT_HELPERS(pshufb)

static void pmaddubsw(Reg *d, const Reg *s, int n)
{
    Reg r;

    for (int i = 0; i < n / 2; i++) {
        r.w[i] = sat16s(d->b[2 * i] * (int8_t)s->b[2 * i] +
                        d->b[2 * i + 1] * (int8_t)s->b[2 * i + 1]);
    }
    memcpy(d, &r, n);
}
INT_HELPERS(pmaddubsw)

/* Horizontal ops: pairs of d, then pairs of s. */
#define HORIZ_OP(name, T, F, EXPR)                                          \
static void name(Reg *d, const Reg *s, int n)                               \
{                                                                           \
    Reg r;                                                                  \
    int h = n / (int)sizeof(d->F[0]) / 2;                                   \
    for (int i = 0; i < 2 * h; i++) {                                       \
        const Reg *src = i < h ? d : s;                                     \
        int j = i < h ? i : i - h;                                          \
        T a = src->F[2 * j], b = src->F[2 * j + 1];                         \
        r.F[i] = (EXPR);                                                    \
    }                                                                       \
    memcpy(d, &r, n);                                                       \
}                                                                           \
INT_HELPERS(name)

HORIZ_OP(phaddw, int16_t, w, a + b)
HORIZ_OP(phaddd, uint32_t, l, a + b)
HORIZ_OP(phaddsw, int16_t, w, sat16s(a + b))
HORIZ_OP(phsubw, int16_t, w, a - b)
HORIZ_OP(phsubd, uint32_t, l, a - b)
HORIZ_OP(phsubsw, int16_t, w, sat16s(a - b))

/* PALIGNR: (d:s) >> 8 * imm bytes, the low n bytes. */
static void palignr(Reg *d, const Reg *s, uint32_t imm, int n)
{
    uint8_t cat[64] = { 0 };

    memcpy(cat, s->b, n);
    memcpy(cat + n, d->b, n);
    for (int i = 0; i < n; i++) {
        d->b[i] = imm + i < 2u * n ? cat[imm + i] : 0;
    }
}

void helper_palignr_mmx(void *env, void *d, void *s, uint32_t imm)
{
    palignr(d, s, imm, 8);
}

void helper_palignr_xmm(void *env, void *d, void *s, uint32_t imm)
{
    palignr(d, s, imm, 16);
}

/* ---- SSE4.1 ---- */

LANE_OP(pminsb, int8_t, b, a < b ? a : b)
LANE_OP(pmaxsb, int8_t, b, a > b ? a : b)
LANE_OP(pminuw, uint16_t, w, a < b ? a : b)
LANE_OP(pmaxuw, uint16_t, w, a > b ? a : b)
LANE_OP(pminsd, int32_t, l, a < b ? a : b)
LANE_OP(pmaxsd, int32_t, l, a > b ? a : b)
LANE_OP(pminud, uint32_t, l, a < b ? a : b)
LANE_OP(pmaxud, uint32_t, l, a > b ? a : b)
LANE_OP(pmulld, uint32_t, l, a * b)
LANE_OP(pcmpeqq, uint64_t, q, a == b ? ~0ull : 0)
LANE_OP(pcmpgtq, int64_t, q, a > b ? ~0ull : 0)

static void pmuldq(Reg *d, const Reg *s, int n)
{
    for (int i = 0; i < n / 8; i++) {
        d->q[i] = (int64_t)(int32_t)d->l[2 * i] * (int32_t)s->l[2 * i];
    }
}
INT_HELPERS(pmuldq)

static void packusdw(Reg *d, const Reg *s, int n)
{
    Reg r;

    for (int i = 0; i < 4; i++) {
        r.w[i] = sat16u(MAX(MIN((int32_t)d->l[i], 65536), -1));
        r.w[4 + i] = sat16u(MAX(MIN((int32_t)s->l[i], 65536), -1));
    }
    memcpy(d, &r, n);
}
INT_HELPERS(packusdw)

/* PMOVSX/PMOVZX: arg = source lane bytes | dest lane bytes << 4 | sign << 8 */
void helper_pmovx(void *env, void *d, void *s, uint32_t arg)
{
    int sb = arg & 15, db = (arg >> 4) & 15;
    bool sign = arg & 0x100;
    Reg *sp = s, r;

    for (int i = 0; i < 16 / db; i++) {
        uint64_t v = 0;

        memcpy(&v, &sp->b[i * sb], sb);
        if (sign) {
            int sh = 64 - 8 * sb;
            v = (uint64_t)((int64_t)(v << sh) >> sh);
        }
        memcpy(&r.b[i * db], &v, db);
    }
    *(Reg *)d = r;
}

/* BLENDPS/PD, PBLENDW by imm8; BLENDVPS/PD, PBLENDVB by XMM0's signs. */
static void blend(Reg *d, const Reg *s, int sz, uint32_t mask)
{
    for (int i = 0; i < 16 / sz; i++) {
        if (mask & (1u << i)) {
            memcpy(&d->b[i * sz], &s->b[i * sz], sz);
        }
    }
}

void helper_blendps(void *env, void *d, void *s, uint32_t imm)
{
    blend(d, s, 4, imm);
}

void helper_blendpd(void *env, void *d, void *s, uint32_t imm)
{
    blend(d, s, 8, imm);
}

void helper_pblendw(void *env, void *d, void *s, uint32_t imm)
{
    blend(d, s, 2, imm);
}

static uint32_t sign_mask(const Reg *m, int sz)
{
    uint32_t mask = 0;

    for (int i = 0; i < 16 / sz; i++) {
        mask |= (uint32_t)(m->b[i * sz + sz - 1] >> 7) << i;
    }
    return mask;
}

static void blendv(CPUX86State *env, Reg *d, const Reg *s, int sz)
{
    blend(d, s, sz, sign_mask(&env->xmm[0], sz));
}

void helper_pblendvb_xmm(void *env, void *d, void *s)
{
    blendv(env, d, s, 1);
}

void helper_blendvps_xmm(void *env, void *d, void *s)
{
    blendv(env, d, s, 4);
}

void helper_blendvpd_xmm(void *env, void *d, void *s)
{
    blendv(env, d, s, 8);
}

/* PTEST: ZF if d AND s is zero, CF if s AND NOT d is zero. */
uint64_t helper_ptest(void *env, void *d, void *s)
{
    Reg *dp = d, *sp = s;
    uint64_t f = 0;

    if (!((dp->q[0] & sp->q[0]) | (dp->q[1] & sp->q[1]))) {
        f |= CC_Z;
    }
    if (!((~dp->q[0] & sp->q[0]) | (~dp->q[1] & sp->q[1]))) {
        f |= CC_C;
    }
    return f;
}

void helper_phminposuw_xmm(void *env, void *d, void *s)
{
    Reg *sp = s, r = { 0 };
    int idx = 0;

    for (int i = 1; i < 8; i++) {
        if (sp->w[i] < sp->w[idx]) {
            idx = i;
        }
    }
    r.w[0] = sp->w[idx];
    r.w[1] = idx;
    *(Reg *)d = r;
}

void helper_mpsadbw(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s, r;
    int doff = imm & 4, soff = (imm & 3) * 4;

    for (int i = 0; i < 8; i++) {
        int sum = 0;

        for (int j = 0; j < 4; j++) {
            sum += abs(dp->b[doff + i + j] - sp->b[soff + j]);
        }
        r.w[i] = sum;
    }
    *dp = r;
}

/* INSERTPS: lane imm[7:6] of s (a loaded m32 is lane 0) to imm[5:4]. */
void helper_insertps(void *env, void *d, void *s, uint32_t imm)
{
    Reg *dp = d, *sp = s;

    dp->l[(imm >> 4) & 3] = sp->l[(imm >> 6) & 3];
    for (int i = 0; i < 4; i++) {
        if (imm & (1u << i)) {
            dp->l[i] = 0;
        }
    }
}
