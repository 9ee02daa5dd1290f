/*
 * C11 atomics across four threads: fetch_add/sub on every width, CAS loops,
 * exchange as a spinlock, fetch_or/and/xor bit masks, atomic_flag.
 * AArch64 builds it twice: -march=armv8-a without outline atomics
 * (LDXR/STXR loops) and -march=armv8.1-a (LSE: LDADD, CAS, SWP, LDSET, ...).
 * The LSE build needs a CPU with HWCAP_ATOMICS; without it (e.g. cortex-a72)
 * it says so and skips everything.  On x86-64 these are LOCK XADD, LOCK
 * CMPXCHG loops, XCHG and LOCK OR/AND (atomics-x86.c has more).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/auxv.h>

#include "check.h"

#ifndef HWCAP_ATOMICS
#define HWCAP_ATOMICS (1 << 8)
#endif
#ifndef MARCH_LSE
#define MARCH_LSE 0
#endif
#ifndef PROG
#define PROG "atomics"
#endif

#define NTHREADS 4
#define ROUNDS 50000

static _Atomic uint8_t c8;
static _Atomic uint16_t c16;
static _Atomic uint32_t c32;
static _Atomic uint64_t c64, sub64, cas_sum, cas_max, xor64;
static _Atomic uint64_t bits;
static _Atomic int lock_word;
static atomic_flag flag_lock = ATOMIC_FLAG_INIT;
static uint64_t plain_xchg, plain_flag;
static pthread_barrier_t barrier;

/* A CAS loop that keeps the maximum of the values it is given. */
static void cas_update_max(uint64_t v)
{
    uint64_t cur = atomic_load_explicit(&cas_max, memory_order_relaxed);

    while (cur < v && !atomic_compare_exchange_weak(&cas_max, &cur, v)) {
    }
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;

    pthread_barrier_wait(&barrier);
    for (unsigned i = 0; i < ROUNDS; i++) {
        atomic_fetch_add(&c8, 1);
        atomic_fetch_add_explicit(&c16, 3, memory_order_relaxed);
        atomic_fetch_add_explicit(&c32, i, memory_order_acquire);
        atomic_fetch_add_explicit(&c64, (uint64_t)i << 20,
                                  memory_order_release);
        atomic_fetch_sub(&sub64, 7);
        atomic_fetch_xor(&xor64, (uint64_t)i * 0x9e3779b97f4a7c15ULL);

        /* CAS loop: add i * (id + 1) with compare-and-swap only. */
        uint64_t old = atomic_load(&cas_sum);
        while (!atomic_compare_exchange_weak(&cas_sum, &old,
                                             old + (uint64_t)i * (id + 1))) {
        }
        cas_update_max((uint64_t)id * ROUNDS + i);

        /* exchange as a test-and-set lock around a plain counter */
        while (atomic_exchange_explicit(&lock_word, 1, memory_order_acquire)) {
        }
        plain_xchg++;
        atomic_store_explicit(&lock_word, 0, memory_order_release);

        while (atomic_flag_test_and_set(&flag_lock)) {
        }
        plain_flag += 3;
        atomic_flag_clear(&flag_lock);
    }
    /* Each thread owns 16 bits: set them one by one, then clear half. */
    for (unsigned b = 0; b < 16; b++) {
        atomic_fetch_or(&bits, 1ULL << (id * 16 + b));
    }
    atomic_fetch_and(&bits, ~(0x5555ULL << (id * 16)));
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    int lse = MARCH_LSE;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (lse && !(getauxval(AT_HWCAP) & HWCAP_ATOMICS)) {
        printf("atomics-lse: no HWCAP_ATOMICS on this CPU, skipped\n");
        return check_finish(PROG);
    }
    sub64 = 1000000000;
    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (unsigned i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i);
    }
    for (unsigned i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
    }

    uint64_t n = (uint64_t)NTHREADS * ROUNDS;
    uint64_t tri = (uint64_t)ROUNDS * (ROUNDS - 1) / 2;   /* sum of i */
    CHECK(c8 == (uint8_t)n, "fetch_add u8: %u", (unsigned)c8);
    CHECK(c16 == (uint16_t)(3 * n), "fetch_add u16: %u", (unsigned)c16);
    CHECK(c32 == (uint32_t)(NTHREADS * tri), "fetch_add u32: %u",
          (unsigned)c32);
    CHECK(c64 == (NTHREADS * tri) << 20, "fetch_add u64: %llu",
          (unsigned long long)c64);
    CHECK(sub64 == 1000000000 - 7 * n, "fetch_sub u64: %llu",
          (unsigned long long)sub64);
    /* An even number of threads xors every value in twice. */
    CHECK(xor64 == 0, "fetch_xor u64: %#llx", (unsigned long long)xor64);
    CHECK(cas_sum == tri * (1 + 2 + 3 + 4), "cas loop sum: %llu",
          (unsigned long long)cas_sum);
    CHECK(cas_max == (uint64_t)NTHREADS * ROUNDS - 1, "cas loop max: %llu",
          (unsigned long long)cas_max);
    CHECK(plain_xchg == n, "exchange lock: %llu",
          (unsigned long long)plain_xchg);
    CHECK(plain_flag == 3 * n, "atomic_flag lock: %llu",
          (unsigned long long)plain_flag);
    CHECK(bits == 0xaaaaaaaaaaaaaaaaULL, "fetch_or/fetch_and: %#llx",
          (unsigned long long)bits);

    /* Single-threaded edge cases of compare_exchange. */
    _Atomic uint64_t v = 5;
    uint64_t expect = 4;
    int ok = atomic_compare_exchange_strong(&v, &expect, 9);
    CHECK(!ok && expect == 5 && v == 5, "cas fail: ok=%d expected=%llu", ok,
          (unsigned long long)expect);
    ok = atomic_compare_exchange_strong(&v, &expect, 9);
    CHECK(ok && v == 9, "cas success: ok=%d value=%llu", ok,
          (unsigned long long)v);
    _Atomic uint16_t h = 0xffff;
    uint16_t old = atomic_fetch_add(&h, 2);
    CHECK(old == 0xffff && h == 1, "u16 wrap: old=%#x new=%#x", old,
          (unsigned)h);
    return check_finish(PROG);
}
