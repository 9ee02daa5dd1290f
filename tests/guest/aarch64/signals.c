/*
 * Signals: sigaction/raise, blocked and pending signals, SIGSEGV from an
 * unmapped and a PROT_NONE page left with siglongjmp, SIGILL/SIGTRAP with the
 * faulting PC, register changes through the ucontext on sigreturn, SIGALRM
 * from alarm() and setitimer(), sigaltstack (also for a stack overflow).
 * No SIGFPE: AArch64 integer division by zero does not trap.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t got_signo, got_code, count;
static volatile uintptr_t got_addr, got_pc;
static sigjmp_buf env;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_signo = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    count++;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
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
    got_pc = ((ucontext_t *)uc)->uc_mcontext.pc;
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

/* A UDF and a BRK: the signal reports their PC; the handler skips them. */
static void on_skip(int sig, siginfo_t *si, void *uc)
{
    ucontext_t *u = uc;

    on_info(sig, si, uc);
    got_pc = u->uc_mcontext.pc;
    u->uc_mcontext.pc += 4;
    u->uc_mcontext.regs[0] = 0x1234;   /* seen in x0 after sigreturn */
}

static void test_ill_trap(void)
{
    uint64_t x0, pc;

    install(SIGILL, on_skip, 0);
    asm volatile("mov x0, #7\n\tadr %1, 1f\n1:\t.inst 0x00000000\n\tmov %0, x0"
                 : "=r"(x0), "=r"(pc) : : "x0", "memory");
    /* Linux says ILL_ILLOPC, qemu-user ILL_ILLOPN: both are fine here. */
    int code_ok = got_code == ILL_ILLOPC || got_code == ILL_ILLOPN;
    CHECK(got_signo == SIGILL && code_ok && got_pc == pc && got_addr == pc &&
          x0 == 0x1234, "udf: signo=%d code_ok=%d pc_ok=%d x0=%#llx",
          (int)got_signo, code_ok, got_pc == pc, (unsigned long long)x0);

    install(SIGTRAP, on_skip, 0);
    asm volatile("mov x0, #7\n\tadr %1, 1f\n1:\tbrk #0x42\n\tmov %0, x0"
                 : "=r"(x0), "=r"(pc) : : "x0", "memory");
    CHECK(got_signo == SIGTRAP && got_pc == pc && x0 == 0x1234,
          "brk: signo=%d pc_ok=%d x0=%#llx", (int)got_signo, got_pc == pc,
          (unsigned long long)x0);
}

/* FP/SIMD registers are saved around a handler that uses them. */
static void on_clobber(int sig)
{
    (void)sig;
    asm volatile("movi v8.2d, #0\n\tmovi v16.2d, #0\n\tfmov d31, xzr"
                 ::: "v8", "v16", "v31");
    count++;
}

static void test_fp_context(void)
{
    uint64_t a, b, c;

    signal(SIGUSR2, on_clobber);
    asm volatile("mov x9, #0x1111\n\tfmov d8, x9\n"
                 "\tmov x9, #0x2222\n\tfmov d16, x9\n"
                 "\tmov x9, #0x3333\n\tfmov d31, x9\n"
                 "\tmov x0, #0\n\tmov x8, #172\n\tsvc #0\n"   /* getpid */
                 "\tmov x1, %3\n\tmov x8, #129\n\tsvc #0\n"   /* kill */
                 "\tfmov %0, d8\n\tfmov %1, d16\n\tfmov %2, d31"
                 : "=r"(a), "=r"(b), "=r"(c) : "i"(SIGUSR2)
                 : "x0", "x1", "x8", "x9", "v8", "v16", "v31", "memory");
    CHECK(a == 0x1111 && b == 0x2222 && c == 0x3333,
          "fp regs kept: d8=%#llx d16=%#llx d31=%#llx",
          (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
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
    test_ill_trap();
    test_fp_context();
    test_alarm();
    test_altstack();
    return check_finish("signals");
}
