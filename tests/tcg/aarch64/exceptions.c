/*
 * Synchronous exceptions through VBAR_EL1: SVC, BRK, undefined encodings,
 * SMC without EL3 (HVC is QEMU's PSCI conduit), system register traps, ERET with a changed
 * SPSR, and a round trip through EL0.
 */
#include "runtime.h"

static int count;
static uint64_t resume_el1;

void exc_handler(ExcFrame *f, int vector)
{
    uint32_t ec = f->esr >> 26;

    print_val("vector", vector);
    print_val("esr", f->esr);
    print_val("spsr", f->spsr);
    count++;
    if (ec == 0x15 && (f->esr & 0xffff) == 0x77) {
        /* svc #0x77 asks for NZCV = 1010 on return */
        f->spsr = (f->spsr & ~0xf0000000ull) | 0xa0000000ull;
    }
    if (vector == 8) {
        /* from EL0: go back to EL1h at the saved continuation */
        print_val("x0 from el0", f->x[0]);
        f->elr = resume_el1;
        f->spsr = 0x3c5;
        return;
    }
    if (ec != 0x15 && ec != 0x16 && ec != 0x17) {
        f->elr += 4;    /* skip the faulting instruction */
    }
}

extern char el0_code[];
__asm__(".text\n.balign 4\nel0_code:\n\tmov x0, #0x55\n\tmrs x1, nzcv\n\t"
        "svc #0x1\n1:\tb 1b\n");

static void run_at_el0(void)
{
    __asm__ volatile("adr x9, 1f\n\tstr x9, %0\n\t"
                     "msr elr_el1, %1\n\tmsr spsr_el1, xzr\n\t"
                     "mov x9, sp\n\tmsr sp_el0, x9\n\teret\n1:"
                     : "=m"(resume_el1) : "r"(el0_code)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
                       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
                       "x17", "x18", "x30", "memory", "cc");
}

#define TRAP(label, insn) do {                                          \
        uint64_t elr_, here_;                                           \
        puts_uart(label "\n");                                          \
        __asm__ volatile("adr %1, 1f\n1:\t" insn "\n\tmrs %0, elr_el1"  \
                         : "=r"(elr_), "=&r"(here_) : : "memory", "x0");\
        print_val("elr offset", elr_ - here_);                          \
    } while (0)

int main(void)
{
    uint64_t nzcv;

    TRAP("svc", "svc #0x42");
    TRAP("svc max", "svc #0xffff");
    TRAP("brk", "brk #0x3");
    TRAP("udf", ".inst 0x00000000");
    TRAP("unallocated", ".inst 0xffffffff");
    TRAP("smc", "smc #0");
    TRAP("mrs bad", "mrs x0, s3_2_c15_c15_7");
    TRAP("msr midr", "msr s3_0_c0_c0_0, x0");
    TRAP("mrs el2", "mrs x0, s3_4_c1_c0_0");
    TRAP("eret nzcv", "msr nzcv, xzr\n\tsvc #0x77\n\tmrs x0, nzcv\n\t"
         "msr tpidr_el0, x0");
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(nzcv));
    print_val("nzcv after eret", nzcv);
    puts_uart("to el0\n");
    run_at_el0();
    puts_uart("back at el1\n");
    print_val("exceptions", count);
    puts_uart("END\n");
    return 0;
}
