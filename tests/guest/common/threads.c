/*
 * POSIX threads: create/join with return values, a bounded-buffer
 * producer/consumer on a mutex and two condition variables, thread-local
 * storage (initialised .tdata and zeroed .tbss in every thread), four
 * threads hammering shared counters, a barrier and pthread_once, and the
 * futex system call itself (wait/wake, a stale value, a timeout).
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS 4

static void *square(void *arg)
{
    uintptr_t n = (uintptr_t)arg;

    return (void *)(n * n);
}

static void test_create_join(void)
{
    pthread_t t[8];
    uintptr_t sum = 0;

    for (uintptr_t i = 0; i < 8; i++) {
        pthread_create(&t[i], NULL, square, (void *)(i + 1));
    }
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (uintptr_t)r;
    }
    CHECK(sum == 204, "join: sum of squares 1..8 = %lu", (unsigned long)sum);
}

/* ---- producer/consumer ---- */

#define QSIZE 16
#define ITEMS 20000

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    int buf[QSIZE];
    int head, count, producers_left;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
        PTHREAD_COND_INITIALIZER, { 0 }, 0, 0, 0 };

static void *producer(void *arg)
{
    int base = (int)(intptr_t)arg;

    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&q.lock);
        while (q.count == QSIZE) {
            pthread_cond_wait(&q.not_full, &q.lock);
        }
        q.buf[(q.head + q.count++) % QSIZE] = base + i;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.lock);
    }
    pthread_mutex_lock(&q.lock);
    q.producers_left--;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.lock);
    return NULL;
}

static void *consumer(void *arg)
{
    int64_t sum = 0, n = 0;

    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q.lock);
        while (q.count == 0 && q.producers_left) {
            pthread_cond_wait(&q.not_empty, &q.lock);
        }
        if (q.count == 0) {
            pthread_mutex_unlock(&q.lock);
            break;
        }
        sum += q.buf[q.head];
        q.head = (q.head + 1) % QSIZE;
        q.count--;
        n++;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.lock);
    }
    int64_t *res = malloc(2 * sizeof(*res));
    res[0] = sum;
    res[1] = n;
    return res;
}

static void test_producer_consumer(void)
{
    pthread_t p[2], c[2];
    int64_t sum = 0, n = 0;

    q.producers_left = 2;
    pthread_create(&p[0], NULL, producer, (void *)0);
    pthread_create(&p[1], NULL, producer, (void *)1000000);
    pthread_create(&c[0], NULL, consumer, NULL);
    pthread_create(&c[1], NULL, consumer, NULL);
    pthread_join(p[0], NULL);
    pthread_join(p[1], NULL);
    for (int i = 0; i < 2; i++) {
        int64_t *r;
        pthread_join(c[i], (void **)&r);
        sum += r[0];
        n += r[1];
        free(r);
    }
    /* 2 * (1 + ... + ITEMS) + ITEMS * 1000000 */
    int64_t want = (int64_t)ITEMS * (ITEMS + 1) + (int64_t)ITEMS * 1000000;
    CHECK(n == 2 * ITEMS && sum == want,
          "producer/consumer: items=%lld sum=%lld", (long long)n,
          (long long)sum);
}

/* ---- thread-local storage ---- */

static __thread int tls_init = 42;
static __thread uint64_t tls_zero[64];
static __thread char tls_name[16] = "main";

static void *tls_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    int ok = tls_init == 42 && strcmp(tls_name, "main") == 0;

    for (int i = 0; i < 64; i++) {
        ok &= tls_zero[i] == 0;
    }
    tls_init = id;
    snprintf(tls_name, sizeof(tls_name), "t%d", id);
    for (int r = 0; r < 1000; r++) {
        for (int i = 0; i < 64; i++) {
            tls_zero[i] += (uint64_t)id * i;
        }
        sched_yield();
    }
    for (int i = 0; i < 64; i++) {
        ok &= tls_zero[i] == 1000ULL * id * i;
    }
    char want[16];
    snprintf(want, sizeof(want), "t%d", id);
    ok &= tls_init == id && strcmp(tls_name, want) == 0;
    return (void *)(intptr_t)ok;
}

static void test_tls(void)
{
    pthread_t t[NTHREADS];
    int ok = 1;

    tls_init = -1;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)(i + 1));
    }
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok &= (int)(intptr_t)r;
    }
    CHECK(ok && tls_init == -1, "tls: per-thread values ok=%d main=%d", ok,
          tls_init);
}

/* ---- counters ---- */

#define ROUNDS 100000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t counter_spin;
static pthread_barrier_t barrier;
static long locked_counter, spin_counter;
static long per_thread[NTHREADS];

static void *hammer(void *arg)
{
    int id = (int)(intptr_t)arg;

    pthread_barrier_wait(&barrier);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&counter_lock);
        locked_counter++;
        pthread_mutex_unlock(&counter_lock);
        pthread_spin_lock(&counter_spin);
        spin_counter += 2;
        pthread_spin_unlock(&counter_spin);
        per_thread[id]++;
    }
    return NULL;
}

static void test_counters(void)
{
    pthread_t t[NTHREADS];
    long sum = 0;

    pthread_spin_init(&counter_spin, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
        sum += per_thread[i];
    }
    CHECK(locked_counter == NTHREADS * ROUNDS, "mutex counter: %ld",
          locked_counter);
    CHECK(spin_counter == 2L * NTHREADS * ROUNDS, "spinlock counter: %ld",
          spin_counter);
    CHECK(sum == NTHREADS * ROUNDS, "per-thread counters: %ld", sum);
}

static int once_runs;

static void once_fn(void)
{
    once_runs++;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *call_once(void *arg)
{
    (void)arg;
    pthread_once(&once, once_fn);
    return NULL;
}

static void test_once(void)
{
    pthread_t t[NTHREADS];

    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, call_once, NULL);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
    }
    CHECK(once_runs == 1, "pthread_once: ran %d time(s)", once_runs);
}

/* ---- raw futex ---- */

static int futex_word;
static int woken;

static long futex(int *uaddr, int op, int val, const struct timespec *ts)
{
    return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

/* Waits until futex_word leaves 0, then counts itself as woken. */
static void *futex_waiter(void *arg)
{
    (void)arg;
    while (__atomic_load_n(&futex_word, __ATOMIC_ACQUIRE) == 0) {
        futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, NULL);
    }
    __atomic_fetch_add(&woken, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void test_futex(void)
{
    pthread_t t[NTHREADS];
    struct timespec ts = { 0, 20000000 };

    errno = 0;
    long r = futex(&futex_word, FUTEX_WAIT_PRIVATE, 1, NULL);
    CHECK(r == -1 && errno == EAGAIN, "futex stale value: eagain=%d",
          errno == EAGAIN);
    errno = 0;
    r = futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, &ts);
    CHECK(r == -1 && errno == ETIMEDOUT, "futex timeout: etimedout=%d",
          errno == ETIMEDOUT);

    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, futex_waiter, NULL);
    }
    /* Let them sleep (not required: the loop re-checks the word). */
    nanosleep(&ts, NULL);
    __atomic_store_n(&futex_word, 1, __ATOMIC_RELEASE);
    long n = 0;
    while (__atomic_load_n(&woken, __ATOMIC_RELAXED) < NTHREADS) {
        n += futex(&futex_word, FUTEX_WAKE_PRIVATE, NTHREADS, NULL);
        sched_yield();
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
    }
    CHECK(woken == NTHREADS && n <= NTHREADS,
          "futex wake: %d threads woken", woken);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_create_join();
    test_producer_consumer();
    test_tls();
    test_counters();
    test_once();
    test_futex();
    return check_finish("threads");
}
