/*
 * x86 locked instructions written out, across four threads: LOCK XADD and
 * LOCK CMPXCHG on 8/16/32/64 bits, XCHG as a lock, LOCK INC/DEC/ADD/SUB/
 * OR/AND/XOR/BTS/BTR on memory, LOCK CMPXCHG8B and CMPXCHG16B keeping a
 * pair of counters consistent, and the flags and accumulator results of
 * single CMPXCHG/XADD/CMPXCHG16B.  (atomics.c has the C11 view.)
 */
#include <pthread.h>
#include <stdint.h>

#include "check.h"

#define NTHREADS 4
#define ROUNDS 40000

static uint8_t x8;
static uint16_t x16;
static uint32_t x32, inc32, lock_word;
static uint64_t x64, sub64, bts_word, plain;
static union { uint64_t q; uint32_t h[2]; } cas8b;      /* via CMPXCHG8B */
static unsigned __int128 pair __attribute__((aligned(16)));
static pthread_barrier_t barrier;

#define XADD(p, v) \
    asm volatile("lock xadd %0, %1" : "+r"(v), "+m"(*(p)) : : "memory")

/* Add v to *p with a LOCK CMPXCHG loop; the number of retries. */
static unsigned cas_add32(uint32_t *p, uint32_t v)
{
    uint32_t old = *(volatile uint32_t *)p, n = 0;
    uint8_t ok;

    for (;;) {
        uint32_t new = old + v;
        asm volatile("lock cmpxchg %3, %1\n\tsete %2"
                     : "+a"(old), "+m"(*p), "=q"(ok) : "r"(new) : "memory",
                       "cc");
        if (ok) {
            return n;
        }
        n++;
    }
}

/* The 128-bit pair (lo, hi) becomes (lo + 1, hi + 3) with CMPXCHG16B. */
static void pair_step(void)
{
    uint64_t lo = (uint64_t)pair, hi = (uint64_t)(pair >> 64);
    uint8_t ok;

    do {
        uint64_t nlo = lo + 1, nhi = hi + 3;
        asm volatile("lock cmpxchg16b %1\n\tsete %2"
                     : "+a"(lo), "+m"(pair), "=q"(ok), "+d"(hi)
                     : "b"(nlo), "c"(nhi) : "memory", "cc");
    } while (!ok);
}

/* The same on 64 bits: two 32-bit halves, with CMPXCHG8B. */
static void pair8b_step(void)
{
    uint32_t lo = *(volatile uint32_t *)&cas8b.h[0];
    uint32_t hi = *(volatile uint32_t *)&cas8b.h[1];
    uint8_t ok;

    do {
        uint32_t nlo = lo + 1, nhi = hi + 5;
        asm volatile("lock cmpxchg8b %1\n\tsete %2"
                     : "+a"(lo), "+m"(cas8b.q), "=q"(ok), "+d"(hi)
                     : "b"(nlo), "c"(nhi) : "memory", "cc");
    } while (!ok);
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;

    pthread_barrier_wait(&barrier);
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint8_t v8 = 1;
        uint16_t v16 = 3;
        uint64_t v64 = (uint64_t)i << 24;
        XADD(&x8, v8);
        XADD(&x16, v16);
        XADD(&x64, v64);
        cas_add32(&x32, i & 0xff);
        asm volatile("lock incl %0\n\tlock addl $2, %0\n\tlock decl %0"
                     : "+m"(inc32) : : "memory");
        asm volatile("lock subq $5, %0" : "+m"(sub64) : : "memory");

        /* XCHG with memory is locked without a prefix. */
        uint32_t one = 1;
        do {
            one = 1;
            asm volatile("xchg %0, %1" : "+r"(one), "+m"(lock_word) : :
                         "memory");
        } while (one);
        plain++;
        asm volatile("movl $0, %0" : "=m"(lock_word) : : "memory");

        pair_step();
        pair8b_step();
    }
    /* Each thread owns 16 bits: BTS them all, BTR every other, then
     * LOCK OR/AND/XOR on another word. */
    for (unsigned b = 0; b < 16; b++) {
        uint64_t bit = id * 16 + b;
        asm volatile("lock btsq %1, %0" : "+m"(bts_word) : "r"(bit) :
                     "memory", "cc");
        if (b & 1) {
            asm volatile("lock btrq %1, %0" : "+m"(bts_word) : "r"(bit) :
                         "memory", "cc");
        }
    }
    return NULL;
}

static uint64_t ow;

static void *or_and_xor(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    uint64_t mine = 0xffffULL << (16 * id);

    pthread_barrier_wait(&barrier);
    for (unsigned i = 0; i < ROUNDS / 4; i++) {
        asm volatile("lock orq %1, %0" : "+m"(ow) : "r"(mine) : "memory");
        asm volatile("lock xorq %1, %0" : "+m"(ow) : "r"(mine & 0x5555555555555555ULL) : "memory");
        asm volatile("lock andq %1, %0" : "+m"(ow) : "r"(~(mine & 0xf0f0f0f0f0f0f0f0ULL)) : "memory");
    }
    return NULL;
}

static void run(void *(*fn)(void *))
{
    pthread_t t[NTHREADS];

    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (unsigned i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, fn, (void *)(uintptr_t)i);
    }
    for (unsigned i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
    }
    pthread_barrier_destroy(&barrier);
}

static void test_single(void)
{
    uint64_t m = 5, a = 4;
    uint8_t zf, cf;
    asm volatile("lock cmpxchgq %3, %1\n\tsetz %2"
                 : "+a"(a), "+m"(m), "=q"(zf) : "r"(9UL) : "cc");
    CHECK(a == 5 && m == 5 && !zf, "cmpxchg fail: rax=%llu mem=%llu zf=%d",
          (unsigned long long)a, (unsigned long long)m, zf);
    asm volatile("lock cmpxchgq %3, %1\n\tsetz %2"
                 : "+a"(a), "+m"(m), "=q"(zf) : "r"(9UL) : "cc");
    CHECK(a == 5 && m == 9 && zf, "cmpxchg success: mem=%llu zf=%d",
          (unsigned long long)m, zf);

    uint16_t h = 0xffff, v = 2;
    asm volatile("lock xaddw %0, %1\n\tsetc %2"
                 : "+r"(v), "+m"(h), "=q"(cf) : : "cc");
    CHECK(v == 0xffff && h == 1 && cf, "xadd u16 wrap: old=%#x new=%#x cf=%d",
          v, h, cf);

    static unsigned __int128 q __attribute__((aligned(16))) = 7;
    uint64_t lo = 6, hi = 0;
    uint8_t ok;
    asm volatile("lock cmpxchg16b %1\n\tsete %2"
                 : "+a"(lo), "+m"(q), "=q"(ok), "+d"(hi)
                 : "b"(1UL), "c"(2UL) : "memory", "cc");
    CHECK(!ok && lo == 7 && hi == 0 && q == 7,
          "cmpxchg16b fail: zf=%d rdx:rax=%llx:%llx", ok,
          (unsigned long long)hi, (unsigned long long)lo);
    asm volatile("lock cmpxchg16b %1\n\tsete %2"
                 : "+a"(lo), "+m"(q), "=q"(ok), "+d"(hi)
                 : "b"(1UL), "c"(2UL) : "memory", "cc");
    CHECK(ok && q == ((unsigned __int128)2 << 64 | 1),
          "cmpxchg16b success: zf=%d", ok);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_single();

    sub64 = 1000000000;
    run(worker);
    uint64_t n = (uint64_t)NTHREADS * ROUNDS;
    uint64_t tri = (uint64_t)ROUNDS * (ROUNDS - 1) / 2;
    uint32_t sum32 = 0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        sum32 += i & 0xff;
    }
    CHECK(x8 == (uint8_t)n, "lock xadd u8: %u", x8);
    CHECK(x16 == (uint16_t)(3 * n), "lock xadd u16: %u", x16);
    CHECK(x64 == (NTHREADS * tri) << 24, "lock xadd u64: %#llx",
          (unsigned long long)x64);
    CHECK(x32 == NTHREADS * sum32, "lock cmpxchg loop u32: %u", x32);
    CHECK(inc32 == 2 * n, "lock inc/add/dec: %u", inc32);
    CHECK(sub64 == 1000000000 - 5 * n, "lock sub: %llu",
          (unsigned long long)sub64);
    CHECK(plain == n, "xchg lock: %llu", (unsigned long long)plain);
    CHECK((uint64_t)pair == n && (uint64_t)(pair >> 64) == 3 * n,
          "cmpxchg16b pair: %llu %llu", (unsigned long long)pair,
          (unsigned long long)(pair >> 64));
    CHECK(cas8b.q == ((5 * n) << 32 | n), "cmpxchg8b pair: %#llx",
          (unsigned long long)cas8b.q);
    CHECK(bts_word == 0x5555555555555555ULL, "lock bts/btr: %#llx",
          (unsigned long long)bts_word);

    run(or_and_xor);
    /* Each round: or sets all 16 bits, xor clears the 5s, and clears f0s:
     * the last round leaves 0xaaaa & ~0xf0f0 = 0x0a0a per thread. */
    CHECK(ow == 0x0a0a0a0a0a0a0a0aULL, "lock or/xor/and: %#llx",
          (unsigned long long)ow);
    return check_finish("atomics-x86");
}
