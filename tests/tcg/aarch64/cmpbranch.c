/*
 * B.cond and CSEL right after CMP/SUBS, CMN/ADDS and TST/ANDS under every
 * condition, on 64 and 32 bits, register and immediate forms: Kemu leaves
 * NZCV pending after them and branches on the operands.  Also a B.cond in
 * the next TB (flags pending from an earlier TB), CCMP/ADC reading
 * pending flags, and loops that Kemu keeps in one TB with a side exit.
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
    FOR_VALUES("cmp w#7 csinc " #c, "cmp %w2, #7\n\tcsinc %0, %2, xzr, " #c); \
    FOR_PAIRS("cmn b." #c, BCOND("cmn %2, %3", c));                     \
    FOR_PAIRS("cmn w b." #c, BCOND("cmn %w2, %w3", c));                 \
    FOR_PAIRS("adds w csel " #c,                                        \
              "adds %w0, %w2, %w3\n\tcsel %0, %2, %3, " #c);             \
    FOR_VALUES("cmn #1 csinc " #c, "cmn %2, #1\n\tcsinc %0, xzr, xzr, " #c); \
    FOR_PAIRS("tst b." #c, BCOND("tst %2, %3", c));                     \
    FOR_PAIRS("ands w b." #c, BCOND("ands %w0, %w2, %w3", c));          \
    FOR_VALUES("tst w#imm csel " #c,                                    \
               "tst %w2, #0x80000001\n\tcsel %0, %2, %3, " #c);          \
    FOR_PAIRS("cmp w next-TB b." #c,                                    \
              BCOND("cmp %w2, %w3\n\tb 3f\n3:", c));                    \
    FOR_PAIRS("cmn next-TB b." #c, BCOND("cmn %2, %3\n\tb 3f\n3:", c));  \
    FOR_PAIRS("cmp ccmp " #c, "cmp %2, %3\n\tccmp %3, #3, #5, " #c);     \
    FOR_PAIRS("cmn w ccmn " #c, "cmn %w2, %w3\n\tccmn %w3, %w2, #10, " #c);

int main(void)
{
    CONDS(CMP_COND)
    FOR_PAIRS("cmp adc", "cmp %2, %3\n\tadc %0, %2, %3");
    FOR_PAIRS("cmn w adcs", "cmn %w2, %w3\n\tadcs %w0, %w2, %w3");
    FOR_PAIRS("tst sbc", "tst %2, %3\n\tsbc %0, %2, %3");
    /* Loops whose exit test is at the top: one TB with a side exit. */
    FOR_VALUES("loop exit at top",
               "mov %0, #0\n1:\tcmp %0, %2\n\tb.hs 2f\n\tadd %0, %0, #1\n\t"
               "cmp %0, #100\n\tb.ne 1b\n2:");
    FOR_VALUES("loop cbz exit",
               "and %0, %2, #0xfff\n1:\tcbz %0, 2f\n\tsub %0, %0, #3\n\t"
               "tst %0, #0xf00\n\tb.ne 1b\n2:");
    puts_uart("END\n");
    return 0;
}
