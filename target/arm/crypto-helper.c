/*
 * AArch64 cryptographic extension: AES, SHA-1, SHA-256 and the polynomial
 * multiplies PMULL/PMULL2 (8 and 64 bits) and PMUL.  Each instruction is
 * one helper call that reads and writes the V registers in CPUARMState
 * (the host is little-endian: a register's bytes are its elements).
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "crypto.h"
#include "tcg/helper-proto.h"
#include "helper.h"

typedef union CryptoReg {
    uint8_t b[16];
    uint32_t s[4];
    uint64_t d[2];
} CryptoReg;

/* ---- AES ---- */

static uint8_t aes_sbox[256], aes_inv_sbox[256];

/* Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (a << 1) ^ (a & 0x80 ? 0x1b : 0);
        b >>= 1;
    }
    return r;
}

/* The S-box from its definition: inverse in GF(2^8), then the affine map. */
static gpointer aes_init_sbox(gpointer unused)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0, s;

        for (int y = 1; y < 256 && x; y++) {
            if (gf_mul(x, y) == 1) {
                inv = y;
                break;
            }
        }
        s = inv;
        for (int i = 1; i < 5; i++) {
            s ^= (uint8_t)(inv << i | inv >> (8 - i));
        }
        s ^= 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = x;
    }
    return NULL;
}

static void aes_round(CryptoReg *st, bool decrypt)
{
    const uint8_t *box = decrypt ? aes_inv_sbox : aes_sbox;
    CryptoReg in = *st;

    /* (Inv)ShiftRows: byte r + 4c is row r, column c. */
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            int from = decrypt ? (c - r + 4) % 4 : (c + r) % 4;

            st->b[r + 4 * c] = box[in.b[r + 4 * from]];
        }
    }
}

static void aes_mix(CryptoReg *st, bool inverse)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const uint8_t *k = inverse ? inv : fwd;
    CryptoReg in = *st;

    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            uint8_t v = 0;

            for (int j = 0; j < 4; j++) {
                v ^= gf_mul(k[(j - r + 4) % 4], in.b[j + 4 * c]);
            }
            st->b[r + 4 * c] = v;
        }
    }
}

/* ---- SHA-1 and SHA-256 ---- */

static uint32_t rol32(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

static uint32_t ror32(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/* SHA1C/SHA1P/SHA1M: four rounds; x is Qd (a b c d), y is Sn (e). */
static void sha1_rounds(CryptoReg *x, uint32_t y, const CryptoReg *w, int op)
{
    for (int e = 0; e < 4; e++) {
        uint32_t b = x->s[1], c = x->s[2], d = x->s[3], t;

        t = op == CR_SHA1C ? sha_choose(b, c, d)
            : op == CR_SHA1P ? b ^ c ^ d : sha_majority(b, c, d);
        y += rol32(x->s[0], 5) + t + w->s[e];
        x->s[1] = rol32(b, 30);
        /* <y, x> = ROL(y:x, 32) */
        t = x->s[3];
        x->s[3] = x->s[2];
        x->s[2] = x->s[1];
        x->s[1] = x->s[0];
        x->s[0] = y;
        y = t;
    }
}

/* SHA256H (part1: the new a-d) and SHA256H2 (the new e-h). */
static void sha256_rounds(CryptoReg *x, CryptoReg *y, const CryptoReg *w)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y->s[0], y->s[1], y->s[2]);
        uint32_t maj = sha_majority(x->s[0], x->s[1], x->s[2]);
        uint32_t s1 = ror32(y->s[0], 6) ^ ror32(y->s[0], 11) ^
                      ror32(y->s[0], 25);
        uint32_t s0 = ror32(x->s[0], 2) ^ ror32(x->s[0], 13) ^
                      ror32(x->s[0], 22);
        uint32_t t1 = y->s[3] + s1 + chs + w->s[e], xt, yt;

        xt = t1 + x->s[3];
        yt = t1 + s0 + maj;
        /* <y, x> = ROL(y:x, 32) with x[3] = xt, y[3] = yt */
        for (int i = 3; i > 0; i--) {
            x->s[i] = x->s[i - 1];
            y->s[i] = y->s[i - 1];
        }
        x->s[0] = yt;
        y->s[0] = xt;
    }
}

static void sha1su1(CryptoReg *d, const CryptoReg *n)
{
    uint32_t t[4];

    for (int e = 0; e < 4; e++) {
        t[e] = d->s[e] ^ (e < 3 ? n->s[e + 1] : 0);
    }
    for (int e = 0; e < 4; e++) {
        d->s[e] = rol32(t[e], 1);
    }
    d->s[3] ^= rol32(t[0], 2);
}

static void sha256su0(CryptoReg *d, const CryptoReg *n)
{
    for (int e = 0; e < 4; e++) {
        uint32_t t = e < 3 ? d->s[e + 1] : n->s[0];

        d->s[e] += ror32(t, 7) ^ ror32(t, 18) ^ (t >> 3);
    }
}

static void sha256su1(CryptoReg *d, const CryptoReg *n, const CryptoReg *m)
{
    for (int e = 0; e < 4; e++) {
        uint32_t t1 = e < 2 ? m->s[e + 2] : d->s[e - 2];
        uint32_t t0 = e < 3 ? n->s[e + 1] : m->s[0];

        /* d->s[e - 2] was updated in iteration e - 2: the ARM ARM's T1. */
        d->s[e] += (ror32(t1, 17) ^ ror32(t1, 19) ^ (t1 >> 10)) + t0;
    }
}

/* ---- Polynomial multiplication ---- */

/* Carry-less product of a and b (bits wide each) into lo (and hi). */
static void clmul(uint64_t a, uint64_t b, int bits, uint64_t *lo,
                  uint64_t *hi)
{
    uint64_t l = 0, h = 0;

    for (int i = 0; i < bits; i++) {
        if (b >> i & 1) {
            l ^= a << i;
            h ^= i ? a >> (64 - i) : 0;
        }
    }
    *lo = l;
    *hi = h;
}

static void pmull8(CryptoReg *d, const CryptoReg *n, const CryptoReg *m,
                   bool hi)
{
    uint16_t r[8];
    uint64_t lo, unused;

    for (int i = 0; i < 8; i++) {
        clmul(n->b[i + hi * 8], m->b[i + hi * 8], 8, &lo, &unused);
        r[i] = lo;
    }
    memcpy(d->b, r, 16);
}

void helper_crypto(void *envp, uint32_t desc)
{
    static GOnce sbox_once = G_ONCE_INIT;
    CPUARMState *env = envp;
    int rd = desc & 31, rn = (desc >> 5) & 31, rm = (desc >> 10) & 31;
    int op = (desc >> CR_OP_SHIFT) & 31;
    bool hi = desc & CR_HI;
    CryptoReg d, n, m;

    memcpy(&d, &env->vregs[rd], 16);
    memcpy(&n, &env->vregs[rn], 16);
    memcpy(&m, &env->vregs[rm], 16);
    switch (op) {
    case CR_AESE:
    case CR_AESD:
        g_once(&sbox_once, aes_init_sbox, NULL);
        d.d[0] ^= n.d[0];
        d.d[1] ^= n.d[1];
        aes_round(&d, op == CR_AESD);
        break;
    case CR_AESMC:
    case CR_AESIMC:
        d = n;
        aes_mix(&d, op == CR_AESIMC);
        break;
    case CR_SHA1C: case CR_SHA1P: case CR_SHA1M:
        sha1_rounds(&d, n.s[0], &m, op);
        break;
    case CR_SHA1SU0:
        d.d[0] ^= d.d[1] ^ m.d[0];
        d.d[1] ^= n.d[0] ^ m.d[1];
        break;
    case CR_SHA1H:
        d = (CryptoReg) { .s = { rol32(n.s[0], 30) } };
        break;
    case CR_SHA1SU1:
        sha1su1(&d, &n);
        break;
    case CR_SHA256H:
        sha256_rounds(&d, &n, &m);
        break;
    case CR_SHA256H2:
        sha256_rounds(&n, &d, &m);
        break;
    case CR_SHA256SU0:
        sha256su0(&d, &n);
        break;
    case CR_SHA256SU1:
        sha256su1(&d, &n, &m);
        break;
    case CR_PMULL8:
        pmull8(&d, &n, &m, hi);
        break;
    default:    /* CR_PMULL64 */
        clmul(n.d[hi], m.d[hi], 64, &d.d[0], &d.d[1]);
        break;
    }
    memcpy(&env->vregs[rd], &d, 16);
}

/* PMUL: the low 8 bits of each byte lane's carry-less product. */
uint64_t helper_pmul8(uint64_t n, uint64_t m)
{
    uint64_t r = 0, lo, unused;

    for (int i = 0; i < 64; i += 8) {
        clmul(n >> i & 0xff, m >> i & 0xff, 8, &lo, &unused);
        r |= (lo & 0xff) << i;
    }
    return r;
}
