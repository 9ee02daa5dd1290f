/*
 * The program tests/functional/test_aarch64_gdbstub.py drives with gdb:
 * a breakpoint on gdb_target(), memory to examine, a register to set.
 */
#include "runtime.h"

uint32_t gdb_words[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

uint64_t __attribute__((noinline)) gdb_target(uint64_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x * 3 + gdb_words[1];
}

int main(void)
{
    print_val("result", gdb_target(5));
    puts_uart("END\n");
    return 0;
}
