/* Branches: conditional under every NZCV, compare/test branches, calls. */
#include "ops.h"

#define BCOND(c)                                                        \
    for (unsigned f = 0; f < 16; f++) {                                 \
        OP2("b." #c, "mov %0, #0\n\tb." #c " 1f\n\tmov %0, #1\n1:",      \
            0, 0, f << 28);                                             \
    }

static int fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int __attribute__((noinline)) pick(int k)
{
    switch (k) {
    case 0: return 10;
    case 1: return 21;
    case 2: return 32;
    case 3: return 43;
    case 4: return 54;
    case 5: return 65;
    case 6: return 76;
    default: return -1;
    }
}

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int (*const funcs[])(int) = { twice, square, fib };

int main(void)
{
    CONDS(BCOND)
    FOR_VALUES("cbz", "mov %0, #0\n\tcbz %2, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("cbnz", "mov %0, #0\n\tcbnz %2, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("cbzw", "mov %0, #0\n\tcbz %w2, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("cbnzw", "mov %0, #0\n\tcbnz %w2, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("tbz0", "mov %0, #0\n\ttbz %2, #0, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("tbnz31", "mov %0, #0\n\ttbnz %w2, #31, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("tbz32", "mov %0, #0\n\ttbz %2, #32, 1f\n\tmov %0, #1\n1:");
    FOR_VALUES("tbnz63", "mov %0, #0\n\ttbnz %2, #63, 1f\n\tmov %0, #1\n1:");
    OP2("bl", "adr x9, 3f\n\tbl 1f\n3:\tb 2f\n1:\tsub %0, x30, x9\n\t"
        "ret\n2:", 0, 0, 0);
    OP2("blr", "adr x9, 1f\n\tblr x9\n\tb 2f\n1:\tadr %0, 1b\n\tsub %0, x30, %0\n\t"
        "ret\n2:", 0, 0, 0);
    OP2("br", "adr x9, 1f\n\tmov %0, #1\n\tbr x9\n\tmov %0, #2\n1:", 0, 0, 0);
    OP2("ret x9", "adr x9, 1f\n\tmov %0, #3\n\tret x9\n\tmov %0, #4\n1:", 0, 0, 0);
    OP2("b back", "mov %0, #0\n\tb 2f\n1:\tadd %0, %0, #1\n\tb 3f\n2:\tadd %0, %0, #16\n\t"
        "b 1b\n3:", 0, 0, 0);
    OP2("loop", "mov %0, #0\n\tmov x9, #100\n1:\tadd %0, %0, x9\n\tsubs x9, x9, #1\n\t"
        "b.ne 1b", 0, 0, 0);
    for (int k = -1; k < 8; k++) {
        print_val("switch", pick(k));
    }
    for (int k = 0; k < 3; k++) {
        print_val("call", funcs[k](k + 9));
    }
    print_val("fib", fib(20));
    puts_uart("END\n");
    return 0;
}
