/*
 * The cryptographic extension on known answers: AES-128 (FIPS-197
 * appendix C.1) encrypted and decrypted with AESE/AESMC and AESD/AESIMC,
 * the key schedule's SubWord done by AESE too; SHA-1 and SHA-256 of "abc"
 * (FIPS 180-2 appendix A/B) with the SHA1* and SHA256* instructions;
 * PMULL/PMULL2/PMUL on fixed operands.  Prints the results and "ok" or
 * "BAD" against the published values.
 */
#include <arm_neon.h>
#include <stdbool.h>
#include "runtime.h"

static void check(const char *what, const void *got, const void *want,
                  int len)
{
    const uint8_t *g = got, *w = want;
    bool ok = true;

    for (int i = 0; i < len; i++) {
        ok = ok && g[i] == w[i];
    }
    puts_uart(what);
    puts_uart(ok ? " ok\n" : " BAD\n");
}

static void print_q(const char *label, uint8x16_t v)
{
    uint64x2_t d = vreinterpretq_u64_u8(v);

    puts_uart(label);
    puts_uart(": ");
    put_hex(vgetq_lane_u64(d, 1), 16);
    put_hex(vgetq_lane_u64(d, 0), 16);
    puts_uart("\n");
}

/* SubWord(w): AESE with a zero key on four copies of w (ShiftRows then
 * moves nothing). */
static uint32_t sub_word(uint32_t w)
{
    uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(w));

    return vgetq_lane_u32(vreinterpretq_u32_u8(vaeseq_u8(v, vdupq_n_u8(0))),
                          0);
}

static void aes128(void)
{
    static const uint8_t key[16] = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    };
    static const uint8_t plain[16] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    };
    static const uint8_t cipher[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    uint32_t w[44];
    uint8x16_t rk[11], st;
    uint8_t rcon = 1, out[16];

    for (int i = 0; i < 4; i++) {
        w[i] = key[4 * i] | key[4 * i + 1] << 8 | key[4 * i + 2] << 16 |
               (uint32_t)key[4 * i + 3] << 24;
    }
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];

        if (i % 4 == 0) {
            t = sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = rcon << 1 ^ (rcon & 0x80 ? 0x1b : 0);
        }
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++) {
        rk[r] = vreinterpretq_u8_u32(vld1q_u32(&w[4 * r]));
    }
    print_q("aes rk10", rk[10]);
    st = vld1q_u8(plain);
    for (int r = 0; r < 9; r++) {
        st = vaesmcq_u8(vaeseq_u8(st, rk[r]));
    }
    st = veorq_u8(vaeseq_u8(st, rk[9]), rk[10]);
    print_q("aese", st);
    vst1q_u8(out, st);
    check("aes-128 encrypt", out, cipher, 16);
    /* The equivalent inverse cipher: InvMixColumns on the middle keys. */
    st = vaesimcq_u8(vaesdq_u8(st, rk[10]));
    for (int r = 9; r > 1; r--) {
        st = vaesimcq_u8(vaesdq_u8(st, vaesimcq_u8(rk[r])));
    }
    st = veorq_u8(vaesdq_u8(st, vaesimcq_u8(rk[1])), rk[0]);
    print_q("aesd", st);
    vst1q_u8(out, st);
    check("aes-128 decrypt", out, plain, 16);
}

/* The one padded block of "abc" as four vectors of big-endian words. */
static void abc_block(uint32x4_t m[4])
{
    static const uint8_t block[64] __attribute__((aligned(16))) = {
        'a', 'b', 'c', 0x80, [63] = 24,
    };

    for (int i = 0; i < 4; i++) {
        m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
    }
}

static void sha1(void)
{
    static const uint32_t k[4] = {
        0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6,
    };
    static const uint32_t want[5] = {
        0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d,
    };
    static const uint32_t h0[5] = {
        0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
    };
    uint32x4_t m[4], abcd = vld1q_u32(h0);
    uint32_t e = h0[4], got[5];

    abc_block(m);
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(k[i / 5]));
        uint32_t e_next = vsha1h_u32(vgetq_lane_u32(abcd, 0));

        if (i < 5) {
            abcd = vsha1cq_u32(abcd, e, wk);
        } else if (i >= 10 && i < 15) {
            abcd = vsha1mq_u32(abcd, e, wk);
        } else {
            abcd = vsha1pq_u32(abcd, e, wk);
        }
        e = e_next;
        if (i < 16) {
            m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4],
                                                   m[(i + 2) % 4]),
                                     m[(i + 3) % 4]);
        }
    }
    vst1q_u32(got, vaddq_u32(abcd, vld1q_u32(h0)));
    got[4] = e + h0[4];
    for (int i = 0; i < 5; i++) {
        print_val("sha1", got[i]);
    }
    check("sha-1 abc", got, want, 20);
}

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256(void)
{
    static const uint32_t h0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    static const uint32_t want[8] = {
        0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
        0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad,
    };
    uint32x4_t m[4], abcd = vld1q_u32(h0), efgh = vld1q_u32(h0 + 4);
    uint32_t got[8];

    abc_block(m);
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(&sha256_k[4 * i]));
        uint32x4_t old = abcd;

        abcd = vsha256hq_u32(abcd, efgh, wk);
        efgh = vsha256h2q_u32(efgh, old, wk);
        if (i < 12) {
            m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4],
                                                       m[(i + 1) % 4]),
                                       m[(i + 2) % 4], m[(i + 3) % 4]);
        }
    }
    vst1q_u32(got, vaddq_u32(abcd, vld1q_u32(h0)));
    vst1q_u32(got + 4, vaddq_u32(efgh, vld1q_u32(h0 + 4)));
    for (int i = 0; i < 8; i++) {
        print_val("sha256", got[i]);
    }
    check("sha-256 abc", got, want, 32);
}

static void pmull(void)
{
    poly64_t a = 0xf00dfeedcafebeefull, b = 0x8000000000000003ull;
    poly8x16_t x = vreinterpretq_p8_u64(vcombine_u64(
        vcreate_u64(0x0123456789abcdefull),
        vcreate_u64(0xff80402010080402ull)));
    poly8x16_t y = vreinterpretq_p8_u64(vcombine_u64(
        vcreate_u64(0xfedcba9876543210ull),
        vcreate_u64(0xffff030307070f0full)));
    uint8x16_t r;

    r = vreinterpretq_u8_p128(vmull_p64(a, b));
    print_q("pmull 1q", r);
    /* a * (x^63 + x + 1) = (a << 63) ^ (a << 1) ^ a, 128 bits wide. */
    check("pmull 1q", &r, (const uint64_t[]) {
        a << 63 ^ a << 1 ^ a, a >> 1 ^ a >> 63 }, 16);
    r = vreinterpretq_u8_p16(vmull_p8(vget_low_p8(x), vget_low_p8(y)));
    print_q("pmull 8h", r);
    r = vreinterpretq_u8_p16(vmull_high_p8(x, y));
    print_q("pmull2 8h", r);
    r = vreinterpretq_u8_p128(vmull_high_p64(vreinterpretq_p64_p8(x),
                                             vreinterpretq_p64_p8(y)));
    print_q("pmull2 1q", r);
    r = vreinterpretq_u8_p8(vmulq_p8(x, y));
    print_q("pmul 16b", r);
}

int main(void)
{
    aes128();
    sha1();
    sha256();
    pmull();
    puts_uart("END\n");
    return 0;
}
