/* Exclusive and acquire/release accesses on one CPU. */
#include "runtime.h"

static uint64_t mem[4] __attribute__((aligned(16)));

/* %0 loaded value, %1 store status, %2 address, %3 value to store. */
#define EX(label, insn, val) do {                                       \
        uint64_t v_ = 0, s_ = 0;                                        \
        __asm__ volatile(insn : "=&r"(v_), "=&r"(s_)                    \
                         : "r"(mem), "r"((uint64_t)(val))               \
                         : "memory", "x9");                             \
        print_val(label " value", v_);                                  \
        print_val(label " status", s_);                                 \
        print_val(label " mem0", mem[0]);                               \
        print_val(label " mem1", mem[1]);                               \
    } while (0)

static void atomic_add(uint64_t *p, uint64_t n)
{
    uint64_t old, tmp;
    uint32_t fail;

    __asm__ volatile("1:\tldaxr %0, [%3]\n\tadd %1, %0, %4\n\t"
                     "stlxr %w2, %1, [%3]\n\tcbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(n) : "memory");
}

int main(void)
{
    mem[0] = 0x1111222233334444ull;
    mem[1] = 0x5555666677778888ull;
    EX("ldxr/stxr", "ldxr %0, [%2]\n\tstxr %w1, %3, [%2]", 0xabcdef);
    EX("stxr alone", "clrex\n\tmov %0, xzr\n\tstxr %w1, %3, [%2]", 0x1234);
    EX("stxr twice", "ldxr %0, [%2]\n\tstxr %w1, %3, [%2]\n\t"
       "stxr %w1, xzr, [%2]", 0x4321);
    EX("clrex", "ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]", 0x9999);
    EX("other addr", "ldxr %0, [%2]\n\tadd x9, %2, #8\n\tstxr %w1, %3, [x9]", 0x77);
    EX("ldaxr/stlxr w", "ldaxr %w0, [%2]\n\tstlxr %w1, %w3, [%2]", 0xfedcba9876543210ull);
    EX("ldxrb", "ldxrb %w0, [%2]\n\tstxrb %w1, %w3, [%2]", 0x1ff);
    EX("ldxrh", "ldaxrh %w0, [%2]\n\tstlxrh %w1, %w3, [%2]", 0x2fffe);
    EX("ldxp", "ldxp %0, x9, [%2]\n\tadd %0, %0, x9\n\tstxp %w1, %3, %3, [%2]", 0x42);
    EX("ldaxp w", "ldaxp %w0, w9, [%2]\n\tsub %w0, %w0, w9\n\t"
       "stlxp %w1, %w3, wzr, [%2]", 0x87654321);
    EX("ldar", "ldar %0, [%2]\n\tmov %1, xzr", 0);
    EX("stlr", "stlr %3, [%2]\n\tldar %w0, [%2]\n\tmov %1, xzr", 0x0102030405060708ull);
    EX("stlrb", "stlrb %w3, [%2]\n\tldarb %w0, [%2]\n\tmov %1, xzr", 0xee);
    EX("stlrh", "stlrh %w3, [%2]\n\tldarh %w0, [%2]\n\tmov %1, xzr", 0xdddd);
    EX("ldar w", "ldar %w0, [%2]\n\tmov %1, xzr", 0);
    for (int i = 0; i < 100; i++) {
        atomic_add(&mem[2], i);
    }
    print_val("atomic sum", mem[2]);
    puts_uart("END\n");
    return 0;
}
