/*
 * The AArch64 part of signals.c: SIGILL on a UDF and SIGTRAP on a BRK with
 * the faulting PC, a register changed through the ucontext on sigreturn,
 * FP/SIMD registers kept around a handler that uses them.  No SIGFPE:
 * AArch64 integer division by zero does not trap.
 */
#include <stdint.h>
#include <ucontext.h>

#include "arch.h"
#include "check.h"

uintptr_t arch_uc_pc(void *uc)
{
    return ((ucontext_t *)uc)->uc_mcontext.pc;
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

void arch_signal_tests(void)
{
    test_ill_trap();
    test_fp_context();
}
