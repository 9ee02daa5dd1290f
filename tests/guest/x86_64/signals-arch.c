/*
 * The x86-64 part of signals.c: SIGILL on UD2 and SIGTRAP on INT3 with the
 * faulting RIP, a register changed through the ucontext on sigreturn,
 * SIGFPE on integer division by zero and INT64_MIN / -1 (#DE), SIGSEGV
 * from #GP (HLT and a non-canonical address in user mode: si_code
 * SI_KERNEL, no address), SSE and x87 state kept around a handler that
 * changes it.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#include "arch.h"
#include "check.h"

/* Where the handler resumes (0: return to the faulting RIP). */
static volatile uintptr_t resume_at;

uintptr_t arch_uc_pc(void *uc)
{
    return ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
}

static void on_skip(int sig, siginfo_t *si, void *uc)
{
    ucontext_t *u = uc;

    on_info(sig, si, uc);
    got_pc = arch_uc_pc(uc);
    if (resume_at) {
        u->uc_mcontext.gregs[REG_RIP] = resume_at;
    }
    u->uc_mcontext.gregs[REG_RAX] = 0x1234;     /* seen after sigreturn */
}

/* Runs INSN at label 1 with RAX = 7 and resumes at label 2; returns RAX
 * after it, and the address of the instruction in *pc. */
#define RUN_FAULTING(insn, pc, rax, ...)                                \
    asm volatile("lea 2f(%%rip), %%rdx\n\tmov %%rdx, %[res]\n\t"       \
                 "lea 1f(%%rip), %[p]\n\tmov $7, %%eax\n"              \
                 "1:\t" insn "\n2:"                                     \
                 : [p] "=&r"(pc), "=&a"(rax), [res] "=m"(resume_at)    \
                 : __VA_ARGS__ : "rdx", "memory")

static void test_ill_trap(void)
{
    uintptr_t pc, rax;

    install(SIGILL, on_skip, 0);
    got_signo = 0;
    RUN_FAULTING("ud2", pc, rax, "i"(0));
    CHECK(got_signo == SIGILL && got_code == ILL_ILLOPN && got_pc == pc &&
          got_addr == pc && rax == 0x1234,
          "ud2: signo=%d code=%d pc_ok=%d addr_ok=%d rax=%#lx",
          (int)got_signo, (int)got_code, got_pc == pc, got_addr == pc,
          (unsigned long)rax);

    /* INT3 is a trap: the saved RIP is the next instruction. */
    install(SIGTRAP, on_skip, 0);
    got_signo = 0;
    resume_at = 0;
    asm volatile("mov $7, %%eax\n\tint3\n1:\tlea 1b(%%rip), %0"
                 : "=r"(pc), "=&a"(rax) : : "memory");
    CHECK(got_signo == SIGTRAP && got_pc == pc && rax == 0x1234,
          "int3: signo=%d pc_ok=%d rax=%#lx", (int)got_signo, got_pc == pc,
          (unsigned long)rax);
    signal(SIGILL, SIG_DFL);
    signal(SIGTRAP, SIG_DFL);
}

static void test_divide_error(void)
{
    uintptr_t pc, rax;

    install(SIGFPE, on_skip, 0);
    got_signo = 0;
    RUN_FAULTING("xor %%edx, %%edx\n\tdivq %[d]", pc, rax, [d] "r"(0UL));
    pc += 2;    /* the xor */
    CHECK(got_signo == SIGFPE && got_code == FPE_INTDIV && got_pc == pc &&
          got_addr == pc && rax == 0x1234,
          "div by zero: signo=%d code=%d pc_ok=%d addr_ok=%d rax=%#lx",
          (int)got_signo, (int)got_code, got_pc == pc, got_addr == pc,
          (unsigned long)rax);

    got_signo = 0;
    RUN_FAULTING("mov %[m], %%rax\n\tcqo\n\tidivq %[d]", pc, rax,
                 [m] "r"(INT64_MIN), [d] "r"(-1L));
    CHECK(got_signo == SIGFPE && got_code == FPE_INTDIV,
          "INT64_MIN / -1: signo=%d code=%d", (int)got_signo, (int)got_code);

    got_signo = 0;
    RUN_FAULTING("mov $0x100, %%ax\n\tdivb %b[d]", pc, rax, [d] "q"(1));
    CHECK(got_signo == SIGFPE && got_code == FPE_INTDIV,
          "0x100 / 1 (8-bit quotient overflow): signo=%d code=%d",
          (int)got_signo, (int)got_code);
    signal(SIGFPE, SIG_DFL);
}

static void test_general_protection(void)
{
    uintptr_t pc, rax;

    install(SIGSEGV, on_skip, 0);
    got_signo = 0;
    RUN_FAULTING("hlt", pc, rax, "i"(0));
    CHECK(got_signo == SIGSEGV && got_code == SI_KERNEL && got_addr == 0 &&
          got_pc == pc, "hlt: signo=%d code=%d addr=%#lx pc_ok=%d",
          (int)got_signo, (int)got_code, (unsigned long)got_addr,
          got_pc == pc);

    got_signo = 0;
    RUN_FAULTING("mov (%[a]), %%rax", pc, rax,
                 [a] "r"(0x8000000000001000UL));
    CHECK(got_signo == SIGSEGV && got_code == SI_KERNEL && got_addr == 0 &&
          got_pc == pc, "non-canonical load: signo=%d code=%d addr=%#lx "
          "pc_ok=%d", (int)got_signo, (int)got_code,
          (unsigned long)got_addr, got_pc == pc);

    /* A kernel address is canonical: a page fault, reported at it. */
    got_signo = 0;
    RUN_FAULTING("mov (%[a]), %%rax", pc, rax,
                 [a] "r"(0xffffffff81000000UL));
    CHECK(got_signo == SIGSEGV && got_code == SEGV_MAPERR &&
          got_addr == 0xffffffff81000000UL,
          "kernel address load: signo=%d code=%d addr_ok=%d",
          (int)got_signo, (int)got_code, got_addr == 0xffffffff81000000UL);
    signal(SIGSEGV, SIG_DFL);
}

/* The handler changes XMM registers, MXCSR and the x87 control word and
 * stack; sigreturn brings back the interrupted code's.  (No push in the
 * asm: it would write into the red zone below RSP.) */
static uint32_t mxcsr_default = 0x1f80;

static void on_clobber(int sig)
{
    (void)sig;
    asm volatile("pxor %%xmm6, %%xmm6\n\tpcmpeqd %%xmm15, %%xmm15\n\t"
                 "fninit\n\tfldz\n\tfldz\n\tfstp %%st\n\tfstp %%st\n\t"
                 "ldmxcsr %0"
                 : : "m"(mxcsr_default) : "xmm6", "xmm15", "memory");
    count++;
}

static void test_fp_context(void)
{
    static const uint32_t mx_down = 0x7f80;          /* RC down */
    static const uint16_t cw_zero = 0x0c7f, cw_default = 0x037f;
    uint64_t a, b;
    uint32_t mxcsr;
    uint16_t cw;
    long double st0;

    signal(SIGUSR2, on_clobber);
    count = 0;
    asm volatile("mov $0x1111, %%eax\n\tmovq %%rax, %%xmm6\n\t"
                 "mov $0x2222, %%eax\n\tmovq %%rax, %%xmm15\n\t"
                 "ldmxcsr %[mxd]\n\tfldcw %[cwz]\n\tfldpi\n\t"
                 "mov $39, %%eax\n\tsyscall\n\t"               /* getpid */
                 "mov %%rax, %%rdi\n\tmov %[sig], %%esi\n\t"
                 "mov $62, %%eax\n\tsyscall\n\t"               /* kill */
                 "stmxcsr %[mx]\n\tfnstcw %[cw]\n\tfstpt %[st]\n\t"
                 "fldcw %[cwd]\n\tldmxcsr %[mxdef]\n\t"
                 "movq %%xmm6, %[a]\n\tmovq %%xmm15, %[b]"
                 : [a] "=r"(a), [b] "=r"(b), [mx] "=m"(mxcsr), [cw] "=m"(cw),
                   [st] "=m"(st0)
                 : [sig] "i"(SIGUSR2), [mxd] "m"(mx_down),
                   [cwz] "m"(cw_zero), [cwd] "m"(cw_default),
                   [mxdef] "m"(mxcsr_default)
                 : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "xmm6", "xmm15",
                   "memory");
    CHECK(count == 1 && a == 0x1111 && b == 0x2222 && mxcsr == 0x7f80 &&
          cw == 0x0c7f && st0 == 0xc90fdaa22168c234p-62L,
          "fp state kept: xmm6=%#llx xmm15=%#llx mxcsr=%#x fcw=%#x st0=%La",
          (unsigned long long)a, (unsigned long long)b, (unsigned)mxcsr,
          cw, st0);
}

void arch_signal_tests(void)
{
    test_ill_trap();
    test_divide_error();
    test_general_protection();
    test_fp_context();
    resume_at = 0;
}
