/*
 * The program tests/functional/test_aarch64_gdbstub.py drives with gdb:
 * a breakpoint on gdb_target(), memory to examine, a register to set;
 * and a loop the translator keeps within one TB, run once before gdb
 * sets a breakpoint at its head (at gdb_between()) and once after.
 */
#include "runtime.h"

uint32_t gdb_words[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

uint64_t __attribute__((noinline)) gdb_target(uint64_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x * 3 + gdb_words[1];
}

/*
 * x0 = n + (n - 1) + ... + 1: gdb_loop_head starts the loop, which is
 * within one TB when no breakpoint splits it.
 */
uint64_t gdb_loop(uint64_t n);
__asm__(".text\n.balign 16\n.global gdb_loop\n.type gdb_loop, %function\n"
        "gdb_loop:\n\tb 2f\n2:\tmov x9, x0\n\tmov x0, #0\n"
        ".global gdb_loop_head\n.type gdb_loop_head, %function\n"
        "gdb_loop_head:\n\tadd x0, x0, x9\n\tsub x9, x9, #1\n"
        "\tcbnz x9, gdb_loop_head\n\tret\n");

uint64_t __attribute__((noinline)) gdb_between(uint64_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x + 1;
}

int main(void)
{
    print_val("result", gdb_target(5));
    print_val("loop", gdb_loop(4));
    print_val("between", gdb_between(1));
    print_val("loop again", gdb_loop(4));
    puts_uart("END\n");
    return 0;
}
