/*
 * Signals: sigaction/raise, blocked and pending signals, SIGSEGV from an
 * unmapped and a PROT_NONE page left with siglongjmp, SIGALRM from alarm()
 * and setitimer(), a signal interrupting a blocking system call (EINTR or
 * restarted with SA_RESTART), sigaltstack (also for a stack overflow).
 * The architecture's part (ARCH/signals-arch.c) adds its illegal
 * instructions and traps with the faulting PC, and register state around
 * a handler.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include "arch.h"
#include "check.h"

volatile sig_atomic_t got_signo, got_code, count;
volatile uintptr_t got_addr, got_pc;
sigjmp_buf env;

void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_signo = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    count++;
}

void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void test_raise(void)
{
    sigset_t set, pending;

    install(SIGUSR1, on_info, 0);
    got_signo = 0;
    raise(SIGUSR1);
    CHECK(got_signo == SIGUSR1 && got_code == SI_TKILL,
          "raise: signo=%d code=%d", (int)got_signo, (int)got_code);

    /* A blocked signal stays pending until it is unblocked. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    count = 0;
    raise(SIGUSR1);
    sigpending(&pending);
    CHECK(count == 0 && sigismember(&pending, SIGUSR1),
          "blocked: delivered=%d pending=%d", (int)count,
          sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK(count == 1, "unblocked: delivered=%d", (int)count);
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    on_info(sig, si, uc);
    got_pc = arch_uc_pc(uc);
    siglongjmp(env, 1);
}

/* Read *p; return 1 if it faulted (and was unwound with siglongjmp). */
static int faults_reading(volatile int *p)
{
    if (sigsetjmp(env, 1)) {
        return 1;
    }
    (void)*p;
    return 0;
}

static void test_segv(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    install(SIGSEGV, on_fault, 0);
    m[0] = 1;
    munmap(m + pg, pg);
    int f = faults_reading((volatile int *)(m + pg + 8));
    CHECK(f && got_signo == SIGSEGV && got_code == SEGV_MAPERR &&
          got_addr == (uintptr_t)(m + pg + 8),
          "unmapped: fault=%d signo=%d code=%d addr_ok=%d", f,
          (int)got_signo, (int)got_code,
          got_addr == (uintptr_t)(m + pg + 8));

    mprotect(m, pg, PROT_NONE);
    f = faults_reading((volatile int *)(m + 4));
    CHECK(f && got_code == SEGV_ACCERR && got_addr == (uintptr_t)(m + 4),
          "prot_none: fault=%d code=%d addr_ok=%d", f, (int)got_code,
          got_addr == (uintptr_t)(m + 4));

    /* After the longjmp the handler works again (the mask was restored). */
    f = faults_reading((volatile int *)(m + 4));
    CHECK(f && count >= 2, "second fault: fault=%d", f);
    munmap(m, pg);
    signal(SIGSEGV, SIG_DFL);
}

static void on_alarm(int sig)
{
    (void)sig;
    count++;
}

static void test_alarm(void)
{
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    sigset_t none;

    signal(SIGALRM, on_alarm);
    count = 0;
    alarm(1);
    while (count == 0) {
        pause();
    }
    CHECK(count == 1, "alarm: fired=%d", (int)count);

    /* Five 20 ms periods, waited for with sigsuspend. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigemptyset(&none);
    count = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (count < 5) {
        sigsuspend(&none);
    }
    memset(&it, 0, sizeof(it));
    setitimer(ITIMER_REAL, &it, NULL);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK(count == 5, "setitimer: ticks=%d", (int)count);
}

/* A signal arrives while read() blocks on an empty pipe: without
 * SA_RESTART read fails with EINTR, with it read goes on and returns the
 * byte a second alarm's handler writes. */
static int pipe_fd[2];

static void on_alarm_write(int sig)
{
    (void)sig;
    if (++count == 2) {
        write(pipe_fd[1], "k", 1);
    }
}

static void test_syscall_interrupted(void)
{
    struct sigaction sa;
    struct itimerval once = { { 0, 0 }, { 0, 20000 } };
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    char c = 0;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    pipe(pipe_fd);
    count = 0;
    setitimer(ITIMER_REAL, &once, NULL);
    errno = 0;
    ssize_t n = read(pipe_fd[0], &c, 1);
    CHECK(n == -1 && errno == EINTR && count == 1,
          "read interrupted: ret=%zd eintr=%d signals=%d", n, errno == EINTR,
          (int)count);

    sa.sa_handler = on_alarm_write;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    count = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    n = read(pipe_fd[0], &c, 1);
    memset(&it, 0, sizeof(it));
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK(n == 1 && c == 'k' && count >= 2,
          "read restarted: ret=%zd byte=%c", n, c ? c : '?');
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    signal(SIGALRM, SIG_DFL);
}

static char *alt_base;
static size_t alt_size;
static volatile int on_alt;

static void on_altstack(int sig, siginfo_t *si, void *uc)
{
    char here;

    (void)si;
    (void)uc;
    (void)sig;
    on_alt = &here >= alt_base && &here < alt_base + alt_size;
    siglongjmp(env, 1);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile char *p, int depth)
{
    volatile char buf[1024];

    buf[0] = (char)depth;
    buf[1023] = p ? p[0] : 0;
    return recurse(buf, depth + 1) + buf[1023];
}

static void test_altstack(void)
{
    stack_t ss = { 0 }, old;
    struct rlimit rl = { 1 << 20, 1 << 20 };

    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    ss.ss_sp = alt_base;
    ss.ss_size = alt_size;
    CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack: set");
    sigaltstack(NULL, &old);
    CHECK(old.ss_sp == alt_base && old.ss_flags == 0, "sigaltstack: query ok");

    install(SIGUSR1, on_altstack, SA_ONSTACK);
    on_alt = 0;
    if (!sigsetjmp(env, 1)) {
        raise(SIGUSR1);
    }
    CHECK(on_alt, "handler on alt stack: %d", on_alt);

    /* Overflow the (limited) main stack: only the alt stack can run it. */
    setrlimit(RLIMIT_STACK, &rl);
    install(SIGSEGV, on_altstack, SA_ONSTACK);
    on_alt = 0;
    if (!sigsetjmp(env, 1)) {
        recurse(NULL, 0);
    }
    CHECK(on_alt, "stack overflow caught on alt stack: %d", on_alt);
    signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_raise();
    test_segv();
    arch_signal_tests();
    test_alarm();
    test_syscall_interrupted();
    test_altstack();
    return check_finish("signals");
}
