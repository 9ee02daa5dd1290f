/* Multiply (incl. long and high halves) and divide, incl. by zero. */
#include "ops.h"

int main(void)
{
    FOR_PAIRS("mul", "mul %0, %2, %3");
    FOR_PAIRS("mulw", "mul %w0, %w2, %w3");
    FOR_PAIRS("madd", "madd %0, %2, %3, %2");
    FOR_PAIRS("msub", "msub %0, %2, %3, %3");
    FOR_PAIRS("maddw", "madd %w0, %w2, %w3, %w3");
    FOR_PAIRS("msubw", "msub %w0, %w2, %w3, %w2");
    FOR_PAIRS("mneg", "mneg %0, %2, %3");
    FOR_PAIRS("smull", "smull %0, %w2, %w3");
    FOR_PAIRS("umull", "umull %0, %w2, %w3");
    FOR_PAIRS("smaddl", "smaddl %0, %w2, %w3, %2");
    FOR_PAIRS("umsubl", "umsubl %0, %w2, %w3, %3");
    FOR_PAIRS("smsubl", "smsubl %0, %w2, %w3, %3");
    FOR_PAIRS("umaddl", "umaddl %0, %w2, %w3, %2");
    FOR_PAIRS("smulh", "smulh %0, %2, %3");
    FOR_PAIRS("umulh", "umulh %0, %2, %3");
    FOR_PAIRS("udiv", "udiv %0, %2, %3");
    FOR_PAIRS("sdiv", "sdiv %0, %2, %3");
    FOR_PAIRS("udivw", "udiv %w0, %w2, %w3");
    FOR_PAIRS("sdivw", "sdiv %w0, %w2, %w3");
    puts_uart("END\n");
    return 0;
}
