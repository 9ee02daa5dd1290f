/*
 * A few system-call behaviours: fork/waitpid/pipe (exit codes, a killed
 * child, four children at once), mmap/mprotect/mremap
 * (a write to a read-only page faults, a MAP_SHARED page is seen by a
 * child), and the clocks (monotonic never goes back, nanosleep sleeps).
 * execve is in exec.c (qemu-user, the oracle, cannot run it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "machine.h"

static void test_fork_pipe(void)
{
    int fd[2], status;
    char buf[64] = "";

    pipe(fd);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const char *msg = "hello from the child";
        write(fd[1], msg, strlen(msg) + 1);
        _exit(7);
    }
    close(fd[1]);
    ssize_t n = read(fd[0], buf, sizeof(buf));
    close(fd[0]);
    waitpid(pid, &status, 0);
    CHECK(n == 21 && !strcmp(buf, "hello from the child") &&
          WIFEXITED(status) && WEXITSTATUS(status) == 7,
          "fork+pipe: read %zd \"%s\" exit=%d", n, buf, WEXITSTATUS(status));

    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "killed child: signaled=%d sig=%d", WIFSIGNALED(status),
          WTERMSIG(status));

    /* Four children computing at once, each returning a checksum. */
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            uint32_t h = i;
            for (int k = 0; k < 200000; k++) {
                h = h * 2654435761u + k;
            }
            _exit(h & 0x7f);
        }
    }
    int sum = 0;
    for (int i = 0; i < 4; i++) {
        waitpid(kids[i], &status, 0);
        sum += WEXITSTATUS(status);
    }
    uint32_t want = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t h = i;
        for (int k = 0; k < 200000; k++) {
            h = h * 2654435761u + k;
        }
        want += h & 0x7f;
    }
    CHECK((uint32_t)sum == want, "4 children: exit code sum %d", sum);

    errno = 0;
    CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD,
          "no children left: errno=%s", errno == ECHILD ? "ECHILD" : "?");
}

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = (uintptr_t)si->si_addr;
    fault_code = si->si_code;
    siglongjmp(env, 1);
}

static void test_mmap(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    struct sigaction sa = { 0 };
    int status;

    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile int zero = 1, faulted = 0;
    for (long i = 0; i < 4 * pg; i++) {
        zero &= m[i] == 0;
    }
    memset(m, 0x5a, 4 * pg);
    mprotect(m + pg, pg, PROT_READ);
    if (sigsetjmp(env, 1) == 0) {
        ((volatile char *)m)[pg + 100] = 1;
    } else {
        faulted = 1;
    }
    CHECK(zero && faulted && fault_addr == (uintptr_t)(m + pg + 100) &&
          fault_code == SEGV_ACCERR && m[pg + 100] == 0x5a,
          "mprotect read-only: zeroed=%d fault=%d code=%d", zero, faulted,
          fault_code);
    mprotect(m + pg, pg, PROT_READ | PROT_WRITE);
    m[pg + 100] = 1;
    CHECK(m[pg + 100] == 1, "mprotect read-write: write ok");

    /* Grow with mremap (it may move): the contents come along. */
    char *g = mremap(m, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    g[64 * pg - 1] = 9;
    CHECK(g != MAP_FAILED && g[0] == 0x5a && g[pg + 100] == 1 &&
          g[4 * pg] == 0 && g[64 * pg - 1] == 9, "mremap: contents kept");
    munmap(g, 64 * pg);

    /* MAP_SHARED is shared with a child; MAP_PRIVATE is copied on write. */
    volatile int *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    volatile int *pv = mmap(NULL, pg, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *sh = 1;
    *pv = 1;
    pid_t pid = fork();
    if (pid == 0) {
        *sh = 42;
        *pv = 42;
        _exit(0);
    }
    waitpid(pid, &status, 0);
    CHECK(*sh == 42 && *pv == 1, "shared/private after fork: %d %d", *sh, *pv);
}

static int64_t ns(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static void test_clocks(void)
{
    struct timespec a, b, res, rt;
    int backwards = 0;

    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 20000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        backwards += ns(&b) < ns(&a);
        a = b;
    }
    CHECK(backwards == 0, "monotonic: went back %d times", backwards);
    clock_getres(CLOCK_MONOTONIC, &res);
    CHECK(ns(&res) > 0 && ns(&res) <= 1000000, "monotonic resolution <= 1ms");

    struct timespec nap = { 0, 30000000 };
    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    int64_t d = ns(&b) - ns(&a);
    CHECK(d >= 30000000 && d < 3000000000LL, "nanosleep 30ms: in range");

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    volatile uint64_t x = 0;
    for (int i = 0; i < 3000000; i++) {
        x += i;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK(ns(&b) > ns(&a), "process cpu time advances");

    /* The guest RTC (PL031, CMOS) set the realtime clock: after 2020. */
    clock_gettime(CLOCK_REALTIME, &rt);
    CHECK(rt.tv_sec > 1577836800, "realtime after 2020");
}

int main(void)
{
    struct utsname u;

    setvbuf(stdout, NULL, _IOLBF, 0);
    uname(&u);
    CHECK(!strcmp(u.machine, MACHINE), "uname machine: %s", u.machine);
    CHECK(getpid() > 0 && getppid() >= 0, "getpid/getppid");
    test_fork_pipe();
    test_mmap();
    test_clocks();
    return check_finish("syscalls");
}
