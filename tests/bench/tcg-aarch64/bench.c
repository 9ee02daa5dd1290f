/*
 * Compute kernels for comparing TCG implementations on one image: each is
 * timed with semihosting SYS_ELAPSED/SYS_TICKFREQ and printed as
 * "NAME us=MICROSECONDS check=HEX" (the check must match across runs).
 * The translation kernel adds " insns=N", the guest instructions it
 * wrote and ran.
 */
#include <stddef.h>
#include "runtime.h"
#include "kernels.h"

#define SYS_ELAPSED  0x30
#define SYS_TICKFREQ 0x31

#define BUF_SIZE (64 * 1024)
#define SORT_N   (16 * 1024)
#define MAT_N    48

static uint8_t buf[BUF_SIZE];
static uint8_t out[BUF_SIZE + BUF_SIZE / 8 + 16];
static uint32_t keys[SORT_N];
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint64_t tick_freq;

static uint64_t semihost(uint64_t op, uint64_t arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = arg;

    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static uint64_t elapsed(void)
{
    uint64_t t = 0;

    semihost(SYS_ELAPSED, (uint64_t)&t);
    return t;
}

static void put_dec(uint64_t v)
{
    char d[21];
    int n = 0;

    do {
        d[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n) {
        putc_uart(d[--n]);
    }
}

uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Text-like bytes: words from a small alphabet, so LZ finds matches. */
static void fill_buffer(void)
{
    static const char *words[] = { "the ", "quick ", "brown ", "fox ",
                                   "jumps ", "over ", "lazy ", "dog ",
                                   "emulator ", "translates ", "blocks ",
                                   "of ", "guest ", "code\n" };
    uint64_t s = 0x9e3779b97f4a7c15ull;
    size_t i = 0;

    while (i < BUF_SIZE) {
        const char *w = words[xorshift(&s) % 14];
        while (*w && i < BUF_SIZE) {
            buf[i++] = *w++;
        }
    }
}

static uint64_t k_fnv1a(void)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (int r = 0; r < 16; r++) {
        for (size_t i = 0; i < BUF_SIZE; i++) {
            h = (h ^ buf[i]) * 0x100000001b3ull;
        }
    }
    return h;
}

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* xxhash64-style: four lanes of multiply-rotate over 8-byte words. */
static uint64_t k_xxhash(void)
{
    const uint64_t p1 = 0x9e3779b185ebca87ull, p2 = 0xc2b2ae3d27d4eb4full;
    const uint64_t *w = (const uint64_t *)buf;
    uint64_t v[4] = { p1 + p2, p2, 0, -p1 }, h = 0;

    for (int r = 0; r < 48; r++) {
        for (size_t i = 0; i < BUF_SIZE / 8; i += 4) {
            for (int l = 0; l < 4; l++) {
                v[l] = rotl(v[l] + w[i + l] * p2, 31) * p1;
            }
        }
    }
    for (int l = 0; l < 4; l++) {
        h = (h ^ rotl(v[l], l * 7 + 1)) * p1 + p2;
    }
    return h ^ (h >> 33);
}

/* LZ77 with a 4096-entry hash of 4-byte prefixes: literal/match tokens. */
static uint64_t k_lz(void)
{
    static uint32_t table[4096];
    size_t o = 0;

    for (int r = 0; r < 4; r++) {
        size_t i = 0;
        o = 0;
        for (int t = 0; t < 4096; t++) {
            table[t] = 0;
        }
        while (i + 4 <= BUF_SIZE) {
            uint32_t v = buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 |
                         (uint32_t)buf[i + 3] << 24;
            uint32_t hsh = (v * 2654435761u) >> 20;
            size_t cand = table[hsh], len = 0;
            table[hsh] = i;
            while (cand < i && i + len < BUF_SIZE && len < 255 &&
                   buf[cand + len] == buf[i + len]) {
                len++;
            }
            if (len >= 4) {
                out[o++] = 0x80 | (len >> 8);
                out[o++] = len;
                out[o++] = (i - cand) >> 8;
                out[o++] = i - cand;
                i += len;
            } else {
                out[o++] = buf[i++];
            }
        }
    }
    uint64_t h = o;
    for (size_t i = 0; i < o; i++) {
        h = h * 31 + out[i];
    }
    return h;
}

static void quicksort(uint32_t *a, long lo, long hi)
{
    while (lo < hi) {
        uint32_t p = a[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) {
                i++;
            }
            while (a[j] > p) {
                j--;
            }
            if (i <= j) {
                uint32_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static uint64_t k_sort(void)
{
    uint64_t s = 12345, h = 0;

    for (int r = 0; r < 4; r++) {
        for (int i = 0; i < SORT_N; i++) {
            keys[i] = xorshift(&s);
        }
        quicksort(keys, 0, SORT_N - 1);
        for (int i = 0; i < SORT_N; i += 97) {
            h = h * 33 + keys[i];
        }
    }
    return h;
}

static uint64_t k_matmul(void)
{
    uint64_t s = 777, h = 0;

    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            mat_a[i][j] = (int32_t)xorshift(&s) % 1000;
            mat_b[i][j] = (int32_t)xorshift(&s) % 1000;
        }
    }
    for (int r = 0; r < 8; r++) {
        for (int i = 0; i < MAT_N; i++) {
            for (int j = 0; j < MAT_N; j++) {
                int32_t acc = r;
                for (int k = 0; k < MAT_N; k++) {
                    acc += mat_a[i][k] * mat_b[k][j];
                }
                mat_c[i][j] = acc;
            }
        }
        h = h * 31 + (uint32_t)mat_c[r][MAT_N - 1 - r];
    }
    return h;
}

/* Byte-at-a-time string routines, as a freestanding libc would have. */
static size_t my_strlen(const char *s)
{
    const char *p = s;

    while (*p) {
        p++;
    }
    return p - s;
}

static void my_memcpy(uint8_t *d, const uint8_t *s, size_t n)
{
    while (n--) {
        *d++ = *s++;
    }
}

static int my_memcmp(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) {
            return *a - *b;
        }
    }
    return 0;
}

static const char *my_strchr(const char *s, char c)
{
    for (; *s; s++) {
        if (*s == c) {
            return s;
        }
    }
    return 0;
}

static uint64_t k_string(void)
{
    uint64_t h = 0;

    buf[BUF_SIZE - 1] = 0;
    for (int r = 0; r < 8; r++) {
        my_memcpy(out, buf, BUF_SIZE);
        h += my_strlen((const char *)out);
        h += my_memcmp(out, buf, BUF_SIZE);
        out[BUF_SIZE / 2 + r] ^= 1;
        h = h * 3 + (my_memcmp(out, buf, BUF_SIZE) > 0);
        for (const char *p = (const char *)out; (p = my_strchr(p, 'z'));
             p++) {
            h++;
        }
    }
    buf[BUF_SIZE - 1] = '\n';
    return h;
}

/* reps runs of fn, sized so that each kernel takes ~0.1 s on QEMU. */
static void run(const char *name, uint64_t (*fn)(void), int reps,
                uint64_t insns)
{
    uint64_t t0 = elapsed(), check = 0, t1;

    for (int i = 0; i < reps; i++) {
        check = rotl(check, 5) ^ fn();
    }
    t1 = elapsed();

    puts_uart(name);
    puts_uart(" us=");
    put_dec((t1 - t0) * 1000000 / tick_freq);
    puts_uart(" check=");
    put_hex(check, 16);
    if (insns) {
        puts_uart(" insns=");
        put_dec(insns * reps);
    }
    putc_uart('\n');
}

int main(void)
{
    tick_freq = semihost(SYS_TICKFREQ, 0);
    fill_buffer();
    run("fnv1a", k_fnv1a, 30, 0);
    run("xxhash", k_xxhash, 20, 0);
    run("lz", k_lz, 8, 0);
    run("sort", k_sort, 6, 0);
    run("matmul", k_matmul, 30, 0);
    run("string", k_string, 15, 0);
    run("nbody", k_nbody, 10, 0);
    run("fir", k_fir, 10, 0);
    run("jit", k_jit, 4, jit_insns);
    puts_uart("END\n");
    return 0;
}
