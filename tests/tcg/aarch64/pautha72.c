/*
 * Pointer authentication on the cortex-a72 (no FEAT_PAuth): the HINT
 * forms (PACIASP, AUTIA1716, XPACLRI, ...) are NOPs, every other form
 * and the key registers are UNDEFINED; so is FEAT_BF16 (BFDOT, BFCVT).
 */
#include "pauthops.h"

static int undefs;

void exc_handler(ExcFrame *f, int vector)
{
    (void)vector;
    if (undefs++ < 4) {
        print_val("esr", f->esr);
    }
    f->elr += 4;
}

#define UNDEF(insn) do {                                                \
        int before_ = undefs;                                           \
        __asm__ volatile(insn : : : "x0", "x1", "x30", "memory");       \
        puts_uart(insn);                                                \
        print_val(" undef", undefs - before_);                          \
    } while (0)

int main(void)
{
    uint64_t isar1;

    __asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(isar1));
    print_val("isar1", isar1);
    static uint64_t stack[512] __attribute__((aligned(16)));

    for (unsigned k = 0; k < N_PAUTH_OPS; k++) {
        /* The SP forms run with SP = m: a stack for the exception. */
        uint64_t x = rnd(), m = (uint64_t)&stack[512];
        const char *n = pauth_ops[k].name;
        int hint = n[0] == 'x' ? n[4] == 'l'
                   : n[5] == 's' || n[5] == 'z' || n[5] == '1';
        int before = undefs;
        uint64_t r = pauth_ops[k].fn(x, m);

        puts_uart(n);
        puts_uart(hint ? " hint" : " insn");
        /* An UNDEFINED form leaves its output register unwritten. */
        print_val(hint ? " changed" : " undef",
                  hint ? r != x : (uint64_t)(undefs - before));
    }
    UNDEF("mov x0, #0\n\tbraaz x0");
    UNDEF("adr x30, 1f\n\tretaa\n1:");
    UNDEF("mov x0, sp\n\tldraa x1, [x0]");
    UNDEF("eretab");
    UNDEF("msr apiakeylo_el1, xzr");
    UNDEF("mrs x0, apgakeyhi_el1");
    UNDEF(".inst 0x2e41fc02 /* bfdot v2.2s, v0.4h, v1.4h */");
    UNDEF(".inst 0x1e634002 /* bfcvt h2, s0 */");
    puts_uart("END\n");
    return 0;
}
