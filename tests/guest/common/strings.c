/*
 * glibc's string functions (its AArch64 versions use SIMD and unaligned
 * loads; on x86-64 it picks SSE2, SSSE3, SSE4.2 or AVX versions by CPUID)
 * over every source/destination alignment 0..31 and many lengths, checked
 * against plain byte loops.  Strings are also placed to end just
 * before a PROT_NONE page, so no function may read past the terminator
 * into the next page.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define MAXLEN 300
#define ALIGNS 32

static unsigned char src_buf[MAXLEN + 2 * ALIGNS], dst_buf[MAXLEN + 2 * ALIGNS];
static unsigned char ref_buf[MAXLEN + 2 * ALIGNS];
static uint64_t digest = 0xcbf29ce484222325ULL;

static void mix(uint64_t v)
{
    digest = (digest ^ v) * 0x100000001b3ULL;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

static void fill(unsigned char *b, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245 + 12345;
        b[i] = (unsigned char)(1 + (seed >> 16) % 255);   /* never 0 */
    }
}

static int lengths[] = { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65,
                         100, 127, 128, 129, 255, 256, 257, MAXLEN };
#define NLEN (int)(sizeof(lengths) / sizeof(lengths[0]))

/* memcpy/memmove/memset into every alignment, checking the bytes around. */
static int test_copy(void)
{
    int bad = 0;

    for (int sa = 0; sa < ALIGNS; sa++) {
        for (int da = 0; da < ALIGNS; da++) {
            for (int li = 0; li < NLEN; li++) {
                size_t n = lengths[li];
                fill(src_buf, sizeof(src_buf), sa * 977 + da * 31 + li);
                memset(dst_buf, 0xee, sizeof(dst_buf));
                memcpy(dst_buf + da, src_buf + sa, n);
                memcpy(ref_buf, dst_buf, sizeof(ref_buf));
                bad += ref_memcmp(dst_buf + da, src_buf + sa, n) != 0;
                bad += dst_buf[da + n] != 0xee ||
                       (da && dst_buf[da - 1] != 0xee);
                memset(dst_buf + da, sa, n);
                for (size_t i = 0; i < n; i++) {
                    bad += dst_buf[da + i] != sa;
                }
                bad += dst_buf[da + n] != 0xee;
            }
        }
    }
    /* memmove both ways over overlapping ranges */
    for (int off = -ALIGNS; off <= ALIGNS; off++) {
        for (int li = 0; li < NLEN; li++) {
            size_t n = lengths[li];
            fill(src_buf, sizeof(src_buf), off + 100 * li);
            memcpy(ref_buf, src_buf, sizeof(ref_buf));
            memmove(src_buf + ALIGNS + off, src_buf + ALIGNS, n);
            bad += ref_memcmp(src_buf + ALIGNS + off, ref_buf + ALIGNS, n) != 0;
            mix(src_buf[ALIGNS + off]);
        }
    }
    return bad;
}

static int test_search(void)
{
    int bad = 0;

    for (int a = 0; a < ALIGNS; a++) {
        for (int li = 0; li < NLEN; li++) {
            size_t n = lengths[li];
            unsigned char *s = src_buf + a;
            fill(s, n, a + li * 7);
            s[n] = 0;
            size_t got = strlen((char *)s);
            bad += got != n || strnlen((char *)s, n / 2) != n / 2;
            mix(got);
            /* strchr/memchr/strrchr for a byte put at a few places */
            for (size_t pos = 0; pos < n; pos += 1 + pos / 2) {
                unsigned char saved = s[pos];
                s[pos] = 0xff;     /* fill() may have made one earlier */
                size_t first = 0;
                while (s[first] != 0xff) {
                    first++;
                }
                char *c = strchr((char *)s, 0xff);
                bad += c != (char *)s + first;
                bad += memchr(s, 0xff, n) != s + first;
                bad += strchr((char *)s, 0) != (char *)s + n;
                char *r = strrchr((char *)s, 0xff);
                bad += r == NULL || (unsigned char)*r != 0xff;
                mix(first);
                s[pos] = saved;
            }
            bad += memchr(s, 0, n) != NULL;
        }
    }
    return bad;
}

static int test_compare(void)
{
    int bad = 0;

    for (int sa = 0; sa < ALIGNS; sa++) {
        for (int da = 0; da < ALIGNS; da += 3) {
            for (int li = 1; li < NLEN; li++) {
                size_t n = lengths[li];
                unsigned char *a = src_buf + sa, *b = dst_buf + da;
                fill(a, n, sa + li);
                memcpy(b, a, n);
                a[n] = b[n] = 0;
                bad += memcmp(a, b, n) != 0 || strcmp((char *)a, (char *)b);
                size_t d = (sa * 7 + li * 13) % n;
                b[d] ^= 0x80;     /* differ at d: sign by unsigned bytes */
                int want = ref_memcmp(a, b, n);
                bad += sign(memcmp(a, b, n)) != want;
                bad += sign(strcmp((char *)a, (char *)b)) != want;
                bad += sign(strncmp((char *)a, (char *)b, d)) != 0;
                mix(want + 1);
            }
        }
    }
    return bad;
}

static size_t ref_span(const unsigned char *s, const char *set, int in)
{
    size_t n = 0;

    while (s[n] && (strchr(set, s[n]) != NULL) == in) {
        n++;
    }
    return n;
}

static int ref_casecmp(const unsigned char *a, const unsigned char *b)
{
    for (;; a++, b++) {
        int ca = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
        int cb = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
        if (ca != cb || !ca) {
            return sign(ca - cb);
        }
    }
}

/* Copies and concatenation, spans, case-insensitive compares, substring
 * and reverse searches, wide strings. */
static int test_more(void)
{
    static const char *sets[] = { "", "a", "xyz", "abcdefghijklmnopq",
                                  "\x80\xfe", "0123456789ABCDEF" };
    int bad = 0;

    for (int a = 0; a < ALIGNS; a++) {
        for (int li = 0; li < NLEN; li++) {
            size_t n = lengths[li];
            char *s = (char *)src_buf + a, *d = (char *)dst_buf + (a * 5) % ALIGNS;
            for (size_t i = 0; i < n; i++) {
                s[i] = "abcxyzABCXYZ0189\x80\xfe"[(i * 7 + a + li) % 18];
            }
            s[n] = 0;
            memset(dst_buf, 0xee, sizeof(dst_buf));
            bad += stpcpy(d, s) != d + n || memcmp(d, s, n + 1);
            bad += (unsigned char)d[n + 1] != 0xee;
            strcpy(d, "head");
            strcat(d, s);
            bad += strlen(d) != n + 4 || strcmp(d + 4, s);
            memset(dst_buf, 0xee, sizeof(dst_buf));
            strncpy(d, s, n / 2 + 3);
            bad += strncmp(d, s, n / 2 + 3) != 0 ||
                   (n / 2 + 3 > n && d[n] != 0);
            for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
                const unsigned char *u = (const unsigned char *)s;
                bad += strspn(s, sets[k]) != ref_span(u, sets[k], 1);
                bad += strcspn(s, sets[k]) != ref_span(u, sets[k], 0);
                size_t c = ref_span(u, sets[k], 0);
                bad += strpbrk(s, sets[k]) != (s[c] ? s + c : NULL);
                mix(c);
            }
            /* the same string in another case */
            for (size_t i = 0; i < n; i++) {
                char ch = s[i];
                d[i] = ch >= 'a' && ch <= 'z' ? ch - 32 :
                       ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
            }
            d[n] = 0;
            bad += strcasecmp(s, d) != 0 || strncasecmp(s, d, n) != 0;
            if (n) {
                d[n - 1] = '~';
                int want = ref_casecmp((unsigned char *)s, (unsigned char *)d);
                bad += sign(strcasecmp(s, d)) != want;
                bad += strncasecmp(s, d, n - 1) != 0;
                mix(want + 2);
            }
            /* a needle cut from the haystack's end is found first there
             * or earlier, as a plain search says */
            size_t nl = n < 5 ? n : 5;
            const char *needle = s + n - nl;
            const char *want = NULL;
            for (size_t i = 0; i + nl <= n && !want; i++) {
                if (!memcmp(s + i, needle, nl)) {
                    want = s + i;
                }
            }
            bad += strstr(s, needle) != (nl ? want : s);
            bad += memmem(s, n, needle, nl) != (nl ? want : s);
            bad += strstr(s, "qq") != NULL;
            bad += memrchr(s, s[0], n) == NULL && n;
            bad += strchrnul(s, '%') != s + n;
            bad += rawmemchr(s, 0) != s + n;
        }
    }
    /* wide strings */
    static wchar_t w1[MAXLEN + 1], w2[MAXLEN + 1];
    for (int li = 0; li < NLEN; li++) {
        size_t n = lengths[li];
        for (size_t i = 0; i < n; i++) {
            w1[i] = w2[i] = 0x100 + (wchar_t)((i * 31 + li) % 0x10000);
        }
        w1[n] = w2[n] = 0;
        bad += wcslen(w1) != n || wcscmp(w1, w2) || wmemcmp(w1, w2, n);
        if (n) {
            w2[n / 2] = 0x7fffffff;
            bad += wcscmp(w1, w2) >= 0 || wmemchr(w1, w1[n - 1], n) == NULL;
        }
    }
    return bad;
}

/* Strings ending right before a PROT_NONE page: no read may cross it. */
static int test_page_end(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int bad = 0;

    mprotect(m + pg, pg, PROT_NONE);
    for (int len = 0; len < 200; len++) {
        unsigned char *s = m + pg - len - 1;
        fill(s, len, len);
        s[len] = 0;
        bad += strlen((char *)s) != (size_t)len;
        bad += strchr((char *)s, 0xff) != (char *)memchr(s, 0xff, len);
        bad += strrchr((char *)s, 0) != (char *)s + len;
        bad += memchr(s, 0, len + 1) != s + len;
        unsigned char *d = m + pg - len - 1 - 512;
        strcpy((char *)d, (char *)s);
        bad += strcmp((char *)d, (char *)s) != 0 || memcmp(d, s, len + 1);
        bad += strncmp((char *)s, (char *)d, 1000) != 0;
    }
    munmap(m, 2 * pg);
    return bad;
}

int main(void)
{
    int bad;

    setvbuf(stdout, NULL, _IOLBF, 0);
    bad = test_copy();
    CHECK(bad == 0, "memcpy/memset/memmove: %d wrong", bad);
    bad = test_search();
    CHECK(bad == 0, "strlen/strnlen/strchr/strrchr/memchr: %d wrong", bad);
    bad = test_compare();
    CHECK(bad == 0, "memcmp/strcmp/strncmp: %d wrong", bad);
    bad = test_more();
    CHECK(bad == 0, "stpcpy/strcat/strncpy/strspn/strcspn/strpbrk/strcasecmp/"
          "strstr/memmem/memrchr/wcs*: %d wrong", bad);
    bad = test_page_end();
    CHECK(bad == 0, "at a page end: %d wrong", bad);
    printf("digest: %016llx\n", (unsigned long long)digest);
    return check_finish("strings");
}
