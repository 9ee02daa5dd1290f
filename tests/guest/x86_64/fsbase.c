/*
 * Thread pointers on x86-64: glibc keeps each thread's TCB at the FS base
 * (%fs:0 points to itself, __thread variables sit below it), the kernel
 * switches FS and GS bases with the thread.  Four threads check their FS
 * base against arch_prctl(ARCH_GET_FS) and pthread_self(), set their own
 * GS base (ARCH_SET_GS) and read it back through %gs: while they yield and
 * migrate among the CPUs; RDFSBASE/RDGSBASE/WRGSBASE when the kernel
 * enables them (HWCAP2_FSGSBASE); ARCH_SET_FS to a block of its own.
 */
#include <asm/prctl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS 4
#define ROUNDS 3000

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

static __thread uint64_t tls_value;

static uint64_t fs_base(void)
{
    uint64_t v = 0;

    syscall(SYS_arch_prctl, ARCH_GET_FS, &v);
    return v;
}

static uint64_t fs_self(void)
{
    uint64_t v;

    asm volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

static uint64_t gs_word(int i)
{
    uint64_t v;

    asm volatile("mov %%gs:(,%1,8), %0" : "=r"(v) : "r"((uint64_t)i));
    return v;
}

static int have_fsgsbase;

static void *worker(void *arg)
{
    uintptr_t id = (uintptr_t)arg;
    static uint64_t gs_area[NTHREADS][4];
    int bad = 0;

    uint64_t base = fs_base();
    bad += base != (uint64_t)pthread_self() || fs_self() != base;
    /* Local-exec TLS: FS base plus a negative offset. */
    uint64_t *p = &tls_value;
    bad += (uint64_t)p >= base || base - (uint64_t)p > 4096;

    for (int i = 0; i < 4; i++) {
        gs_area[id][i] = id << 32 | i;
    }
    bad += syscall(SYS_arch_prctl, ARCH_SET_GS, gs_area[id]) != 0;
    for (int r = 0; r < ROUNDS; r++) {
        tls_value += id;
        bad += gs_word(r & 3) != (id << 32 | (r & 3));
        bad += fs_self() != base;
        if (have_fsgsbase) {
            uint64_t f, g;
            asm volatile("rdfsbase %0\n\trdgsbase %1" : "=r"(f), "=r"(g));
            bad += f != base || g != (uint64_t)gs_area[id];
        }
        if (r % 16 == 0) {
            sched_yield();
        }
    }
    bad += tls_value != ROUNDS * id;
    uint64_t g = 0;
    syscall(SYS_arch_prctl, ARCH_GET_GS, &g);
    bad += g != (uint64_t)gs_area[id];

    /* WRGSBASE from user mode; the kernel keeps it across switches. */
    if (have_fsgsbase) {
        uint64_t *alt = &gs_area[id][2];
        asm volatile("wrgsbase %0" : : "r"(alt) : "memory");
        for (int r = 0; r < ROUNDS / 4; r++) {
            bad += gs_word(0) != (id << 32 | 2);
            if (r % 16 == 0) {
                sched_yield();
            }
        }
        syscall(SYS_arch_prctl, ARCH_GET_GS, &g);
        bad += g != (uint64_t)alt;
    }
    return (void *)(uintptr_t)bad;
}

int main(void)
{
    pthread_t t[NTHREADS];
    int bad = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    have_fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
    printf("fsgsbase: %s\n", have_fsgsbase ? "enabled" : "not enabled");
    uint64_t base = fs_base();
    CHECK(base == (uint64_t)pthread_self() && fs_self() == base,
          "main: fs base is the TCB");
    for (uintptr_t i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, worker, (void *)i);
    }
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (int)(uintptr_t)r;
    }
    CHECK(bad == 0, "4 threads: fs/gs bases and tls kept: %d wrong", bad);
    CHECK(fs_base() == base && tls_value == 0, "main: fs base unchanged");

    /* Another FS base set by hand, read through %fs, put back: raw
     * system calls in between, since glibc's code relies on its own. */
    static uint64_t block[4];
    uint64_t v;
    block[0] = (uint64_t)block;
    block[1] = 0x5a5a;
    asm volatile("mov %[set], %%edi\n\tmov %[blk], %%rsi\n\t"
                 "mov %[nr], %%eax\n\tsyscall\n\t"
                 "mov %%fs:8, %[v]\n\t"
                 "mov %[set], %%edi\n\tmov %[old], %%rsi\n\t"
                 "mov %[nr], %%eax\n\tsyscall"
                 : [v] "=&r"(v)
                 : [set] "i"(ARCH_SET_FS), [nr] "i"(SYS_arch_prctl),
                   [blk] "r"(block), [old] "r"(base)
                 : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "memory");
    CHECK(v == 0x5a5a && fs_self() == base, "arch_prctl(ARCH_SET_FS): %#llx",
          (unsigned long long)v);
    return check_finish("fsbase");
}
