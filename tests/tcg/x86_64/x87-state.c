/*
 * x87 inputs and outputs of the "x87" class (see x87-state.h).  The
 * values favour what the x87 treats specially: zeros, infinities, quiet
 * and signalling NaNs, denormals, pseudo-denormals, unnormals, integers
 * and values exact in single or double precision.
 */
#include "x87-state.h"

uint8_t x87_in[108] __attribute__((aligned(16)));
uint8_t x87_out[108] __attribute__((aligned(16)));

static uint64_t (*rng)(void);

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static uint16_t get16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

/* An extended value as sign|exponent and significand. */
static void rnd_x80(uint16_t *hi, uint64_t *lo)
{
    uint64_t r = rng(), sig = rng() | 1ull << 63;
    uint16_t sign = r & 0x8000;

    switch ((r >> 16) % 16) {
    case 0:
        *hi = sign, *lo = 0;
        break;
    case 1:
        *hi = sign | 0x7fff, *lo = 1ull << 63;
        break;
    case 2:                                 /* QNaN */
        *hi = sign | 0x7fff, *lo = sig | 1ull << 62;
        break;
    case 3:                                 /* SNaN */
        *hi = sign | 0x7fff, *lo = (sig & ~(1ull << 62)) | 1;
        break;
    case 4:                                 /* denormal */
        *hi = sign, *lo = (sig >> ((r >> 24) % 64)) & ~(1ull << 63);
        *lo |= !*lo;
        break;
    case 5:                                 /* tiny and huge exponents */
        *hi = sign | ((r >> 24) & 1 ? 1 + (r >> 32) % 80
                                    : 0x7ffe - (r >> 32) % 80);
        *lo = sig;
        break;
    case 6:                                 /* small integers */
        *hi = sign | (0x3fff + (r >> 24) % 16);
        *lo = sig & ~(~0ull >> ((r >> 24) % 16 + 1));
        break;
    case 7:                                 /* exact in float or double */
        *hi = sign | (0x3fff - 30 + (r >> 24) % 60);
        *lo = sig & ((r >> 32) & 1 ? ~0ull << 40 : ~0ull << 11);
        break;
    case 8:                                 /* any exponent */
        *hi = sign | ((r >> 24) % 0x7ffe + 1);
        *lo = sig;
        break;
    case 9:                                 /* rare encodings */
        *hi = sign | ((r >> 24) & 1 ? 0 : (r >> 32) % 0x7fff);
        *lo = (r >> 24) & 1 ? sig : sig & ~(1ull << 63);
        break;
    default:                                /* near 1 */
        *hi = sign | (0x3fff - 8 + (r >> 24) % 16);
        *lo = sig;
        break;
    }
}

static uint64_t rnd_f64(void)
{
    uint64_t r = rng(), v = rng(), sign = r << 63;

    switch ((r >> 8) % 10) {
    case 0:
        return sign;
    case 1:
        return sign | 0x7ff0000000000000ull;
    case 2:
        return sign | 0x7ff0000000000000ull | (v >> 12) | 1;     /* NaN */
    case 3:
        return sign | (v >> 12);                                /* denormal */
    case 4:
        return sign | ((uint64_t)(1023 - 20 + (r >> 16) % 40) << 52) |
               (v >> 12 & ~0ull << 40);
    case 5:
        return v;
    default:
        return sign | ((uint64_t)(1023 - 10 + (r >> 16) % 20) << 52) |
               (v >> 12);
    }
}

static uint32_t rnd_f32(void)
{
    uint64_t r = rng(), v = rng();
    uint32_t sign = (uint32_t)(r & 1) << 31;

    switch ((r >> 8) % 10) {
    case 0:
        return sign;
    case 1:
        return sign | 0x7f800000;
    case 2:
        return sign | 0x7f800000 | (v & 0x7fffff) | 1;
    case 3:
        return sign | (v & 0x7fffff);
    case 4:
        return v;
    default:
        return sign | (uint32_t)(127 - 10 + (r >> 16) % 20) << 23 |
               (v & 0x7fffff);
    }
}

static uint64_t rnd_word(void)
{
    uint64_t r = rng();

    switch (r % 6) {
    case 0:
        return rnd_f32() | (uint64_t)rnd_f32() << 32;
    case 1:                                     /* integers */
        return (uint64_t)(int64_t)(int16_t)(rng() >> (r >> 8) % 16);
    case 2:
        return rng();
    default:
        return rnd_f64();
    }
}

void x87_setup(uint64_t (*rnd)(void), uint8_t *arena, unsigned arg)
{
    static const uint16_t pc[3] = { 0, 2, 3 };  /* 1 is reserved */
    uint64_t r;
    uint16_t cw, sw, tw = 0, masked;

    rng = rnd;
    r = rng();
    masked = arg & X87_UNMASKED ? 0x3f & ~(r & 0x25) : 0x3f;
    cw = 0x40 | masked | pc[(r >> 8) % 3] << 8 | ((r >> 12) & 3) << 10;
    sw = ((r >> 16) & 0x4700 & ~0x3800) | ((r >> 24) & 7) << 11 |
         ((r >> 32) & masked & 0x3f);
    for (int i = 0; i < 8; i++) {
        tw |= ((rng() & 3) == 0 ? 3 : 0) << (2 * i);
    }
    for (int i = 0; i < 28; i++) {
        x87_in[i] = 0;
    }
    put16(x87_in, cw);
    put16(x87_in + 4, sw);
    put16(x87_in + 8, tw);
    for (int i = 0; i < 8; i++) {
        uint16_t hi;
        uint64_t lo;

        rnd_x80(&hi, &lo);
        put64(x87_in + 28 + 10 * i, lo);
        put16(x87_in + 36 + 10 * i, hi);
    }
    for (int i = 0; i < 48; i++) {
        put64(arena + 8 * i, rnd_word());
    }
}

static char *hex(char *p, uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        *p++ = "0123456789abcdef"[(v >> (4 * i)) & 15];
    }
    return p;
}

static char *field(char *p, const char *name, uint64_t v, int digits)
{
    *p++ = ' ';
    while (*name) {
        *p++ = *name++;
    }
    *p++ = '=';
    return hex(p, v, digits);
}

char *x87_print(char *p, unsigned arg)
{
    p = field(p, "cw", get16(x87_out), 4);
    p = field(p, "sw", get16(x87_out + 4), 4);
    if (arg & X87_UNMASKED) {
        return p;
    }
    p = field(p, "tw", get16(x87_out + 8), 4);
    for (int i = 0; i < 8; i++) {
        char name[3] = { 's', '0' + i, 0 };

        p = field(p, name, get16(x87_out + 36 + 10 * i), 4);
        *p++ = ':';
        p = hex(p, get64(x87_out + 28 + 10 * i), 16);
    }
    return p;
}
