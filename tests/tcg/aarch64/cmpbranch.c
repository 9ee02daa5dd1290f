/*
 * B.cond and CSEL right after CMP/SUBS under every condition, on 64 and
 * 32 bits, register and immediate forms: Kemu branches on the compared
 * operands there instead of on NZCV.
 */
#include "ops.h"

#define BCOND(cmp, c)                                                   \
    cmp "\n\tb." #c " 1f\n\tmov %0, #2\n\tb 2f\n1:\tmov %0, #1\n2:"

#define CMP_COND(c)                                                     \
    FOR_PAIRS("cmp b." #c, BCOND("cmp %2, %3", c));                     \
    FOR_PAIRS("cmp w b." #c, BCOND("cmp %w2, %w3", c));                 \
    FOR_PAIRS("subs b." #c, BCOND("subs %2, %2, %3", c));               \
    FOR_PAIRS("subs w b." #c, BCOND("subs %w3, %w2, %w3", c));          \
    FOR_VALUES("cmp #0 b." #c, BCOND("cmp %2, #0", c));                 \
    FOR_VALUES("cmp w#1 b." #c, BCOND("cmp %w2, #1", c));               \
    FOR_VALUES("cmp #4095 b." #c, BCOND("cmp %2, #4095", c));           \
    FOR_PAIRS("cmp csel " #c, "cmp %2, %3\n\tcsel %0, %2, %3, " #c);    \
    FOR_PAIRS("cmp w csinc " #c, "cmp %w2, %w3\n\tcsinc %w0, wzr, wzr, " #c);     \
    FOR_VALUES("cmp w#7 csinc " #c, "cmp %w2, #7\n\tcsinc %0, %2, xzr, " #c);

int main(void)
{
    CONDS(CMP_COND)
    puts_uart("END\n");
    return 0;
}
