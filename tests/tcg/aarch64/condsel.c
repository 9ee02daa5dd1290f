/* Conditional select and conditional compare under every condition. */
#include "ops.h"

static const uint64_t ccmp_values[][2] = {
    { 0, 0 }, { 1, 2 }, { 5, 3 }, { 0x8000000000000000ull, 1 },
    { 0x7fffffffffffffffull, 0xffffffffffffffffull }, { 0x80000000, 1 },
};

#define CSEL(c)                                                         \
    for (unsigned f = 0; f < 16; f++) {                                 \
        OP2("csel " #c, "csel %0, %2, %3, " #c, 11, 22, f << 28);       \
        OP2("csinc " #c, "csinc %0, %2, %3, " #c, 11, 22, f << 28);     \
        OP2("csinv " #c, "csinv %w0, %w2, %w3, " #c, 11, 22, f << 28);  \
        OP2("csneg " #c, "csneg %0, %2, %3, " #c, 11, 22, f << 28);     \
        OP2("cset " #c, "csinc %0, xzr, xzr, " #c, 0, 0, f << 28);                 \
        OP2("csetm " #c, "csinv %w0, wzr, wzr, " #c, 0, 0, f << 28);              \
        OP2("ccmp " #c, "ccmp %2, %3, #5, " #c "\n\tmov %0, xzr",       \
            ccmp_values[f % 6][0], ccmp_values[f % 6][1], f << 28);     \
        OP2("ccmn " #c, "ccmn %w2, #3, #10, " #c "\n\tmov %0, xzr",     \
            ccmp_values[f % 6][0], 0, f << 28);                         \
        OP2("ccmpi " #c, "ccmp %2, #31, #15, " #c "\n\tmov %0, xzr",    \
            ccmp_values[f % 6][0], 0, f << 28);                         \
        OP2("ccmnr " #c, "ccmn %2, %3, #0, " #c "\n\tmov %0, xzr",      \
            ccmp_values[f % 6][0], ccmp_values[f % 6][1], f << 28);     \
    }

int main(void)
{
    CONDS(CSEL)
    FOR_PAIRS("cinc", "cmp %2, %3\n\tcinc %0, %2, lt");
    FOR_PAIRS("cneg", "cmp %w2, %w3\n\tcneg %w0, %w3, hi");
    FOR_PAIRS("cinv", "cmp %2, %3\n\tcinv %0, %3, le");
    puts_uart("END\n");
    return 0;
}
