/*
 * Tiny runtime of the bare-metal AArch64 tests: console output on the
 * PL011 of QEMU's virt board, hex printing, exit through semihosting, and
 * the exception frame that crt0.S hands to exc_dispatch().
 */
#ifndef TCG_AARCH64_RUNTIME_H
#define TCG_AARCH64_RUNTIME_H

#include <stdint.h>

typedef struct ExcFrame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far;
} ExcFrame;

void putc_uart(char c);
void puts_uart(const char *s);
void put_hex(uint64_t v, int digits);
/* "label=hex\n" with 16 digits. */
void print_val(const char *label, uint64_t v);
/* "label r=... nzcv=N\n" for an operation with its flags. */
void print_res(const char *label, uint64_t r, uint64_t nzcv);
void __attribute__((noreturn)) semihost_exit(int status);

/*
 * Called by crt0.S for every exception with the vector index (0-15).
 * Programs that expect exceptions define exc_handler(); without one, an
 * exception prints its syndrome and exits with status 3.
 */
void exc_handler(ExcFrame *f, int vector);

static inline uint64_t read_nzcv(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, nzcv" : "=r"(v));
    return v;
}

#endif
