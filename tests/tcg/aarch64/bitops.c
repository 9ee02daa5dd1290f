/* Bit counting and reversal, variable shifts. */
#include "ops.h"

int main(void)
{
    FOR_VALUES("clz", "clz %0, %2");
    FOR_VALUES("clzw", "clz %w0, %w2");
    FOR_VALUES("cls", "cls %0, %2");
    FOR_VALUES("clsw", "cls %w0, %w2");
    FOR_VALUES("rbit", "rbit %0, %2");
    FOR_VALUES("rbitw", "rbit %w0, %w2");
    FOR_VALUES("rev", "rev %0, %2");
    FOR_VALUES("revw", "rev %w0, %w2");
    FOR_VALUES("rev16", "rev16 %0, %2");
    FOR_VALUES("rev16w", "rev16 %w0, %w2");
    FOR_VALUES("rev32", "rev32 %0, %2");
    FOR_PAIRS("lslv", "lsl %0, %2, %3");
    FOR_PAIRS("lsrv", "lsr %0, %2, %3");
    FOR_PAIRS("asrv", "asr %0, %2, %3");
    FOR_PAIRS("rorv", "ror %0, %2, %3");
    FOR_PAIRS("lslvw", "lsl %w0, %w2, %w3");
    FOR_PAIRS("lsrvw", "lsr %w0, %w2, %w3");
    FOR_PAIRS("asrvw", "asr %w0, %w2, %w3");
    FOR_PAIRS("rorvw", "ror %w0, %w2, %w3");
    puts_uart("END\n");
    return 0;
}
