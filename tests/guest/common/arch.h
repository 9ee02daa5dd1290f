/*
 * What each architecture's part (tests/guest/ARCH/NAME-arch.c) gives the
 * common programs of the same NAME.  CHECKs there count toward the same
 * PASS/FAIL (check.h).
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

/* signals.c: what the last handler installed with install() saw. */
extern volatile sig_atomic_t got_signo, got_code, count;
extern volatile uintptr_t got_addr, got_pc;
extern sigjmp_buf env;

void on_info(int sig, siginfo_t *si, void *uc);
void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags);

/* The program counter saved in a signal handler's ucontext. */
uintptr_t arch_uc_pc(void *uc);
/* Signals only this architecture raises (illegal instructions, traps,
 * its register state around a handler). */
void arch_signal_tests(void);

/* fpsimd.c: the architecture's FP controls (flush-to-zero, ...). */
void arch_fp_tests(void);

#endif
