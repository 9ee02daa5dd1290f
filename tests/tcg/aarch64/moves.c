/* Wide moves: MOVZ/MOVN/MOVK at every shift, 32- and 64-bit. */
#include "ops.h"

int main(void)
{
    FOR_VALUES("movz", "movz %0, #0x1234");
    FOR_VALUES("movz16", "movz %0, #0xffff, lsl #16");
    FOR_VALUES("movz32", "movz %0, #0x8001, lsl #32");
    FOR_VALUES("movz48", "movz %0, #0xabcd, lsl #48");
    FOR_VALUES("movn", "movn %0, #0");
    FOR_VALUES("movn16", "movn %0, #0x1234, lsl #16");
    FOR_VALUES("movn48", "movn %0, #0xffff, lsl #48");
    FOR_VALUES("movzw", "movz %w0, #0xffff, lsl #16");
    FOR_VALUES("movnw", "movn %w0, #0x1");
    FOR_VALUES("movnw16", "movn %w0, #0xffff, lsl #16");
    FOR_VALUES("movk", "mov %0, %2\n\tmovk %0, #0x5a5a");
    FOR_VALUES("movk16", "mov %0, %2\n\tmovk %0, #0x1, lsl #16");
    FOR_VALUES("movk32", "mov %0, %2\n\tmovk %0, #0xfffe, lsl #32");
    FOR_VALUES("movk48", "mov %0, %2\n\tmovk %0, #0x8000, lsl #48");
    FOR_VALUES("movkw", "mov %0, %2\n\tmovk %w0, #0x7777");
    FOR_VALUES("movkw16", "mov %0, %2\n\tmovk %w0, #0x4321, lsl #16");
    FOR_VALUES("movw", "mov %w0, %w2");
    FOR_VALUES("mov", "mov %0, %2");
    FOR_VALUES("movseq", "mov %0, #0x1234\n\tmovk %0, #0x5678, lsl #16\n\t"
               "movk %0, #0x9abc, lsl #32\n\tmovk %0, #0xdef0, lsl #48");
    FOR_VALUES("adr", "adr %0, 1f\n1:\tadr x9, 1b\n\tsub %0, %0, x9");
    FOR_VALUES("adrp", "adrp %0, main\n\tadr x9, main\n\tand x9, x9, #~0xfff\n\t"
               "sub %0, %0, x9");
    puts_uart("END\n");
    return 0;
}
