/* ADD/SUB in every form: immediate, shifted and extended register, carry. */
#include "ops.h"

int main(void)
{
    FOR_PAIRS("add", "add %0, %2, %3");
    FOR_PAIRS("adds", "adds %0, %2, %3");
    FOR_PAIRS("subs", "subs %0, %2, %3");
    FOR_PAIRS("sub", "sub %0, %2, %3");
    FOR_PAIRS("addsw", "adds %w0, %w2, %w3");
    FOR_PAIRS("subsw", "subs %w0, %w2, %w3");
    FOR_PAIRS("adds lsl13", "adds %0, %2, %3, lsl #13");
    FOR_PAIRS("subs lsr1", "subs %0, %2, %3, lsr #1");
    FOR_PAIRS("add lsr63", "add %0, %2, %3, lsr #63");
    FOR_PAIRS("subs asr7", "subs %0, %2, %3, asr #7");
    FOR_PAIRS("addsw lsl31", "adds %w0, %w2, %w3, lsl #31");
    FOR_PAIRS("subw asr31", "sub %w0, %w2, %w3, asr #31");
    FOR_PAIRS("addsw lsr5", "adds %w0, %w2, %w3, lsr #5");
    FOR_PAIRS("add uxtb", "add %0, %2, %w3, uxtb");
    FOR_PAIRS("adds uxth1", "adds %0, %2, %w3, uxth #1");
    FOR_PAIRS("sub uxtw2", "sub %0, %2, %w3, uxtw #2");
    FOR_PAIRS("subs uxtx3", "subs %0, %2, %3, uxtx #3");
    FOR_PAIRS("adds sxtb4", "adds %0, %2, %w3, sxtb #4");
    FOR_PAIRS("add sxth", "add %0, %2, %w3, sxth");
    FOR_PAIRS("subs sxtw1", "subs %0, %2, %w3, sxtw #1");
    FOR_PAIRS("add sxtx2", "add %0, %2, %3, sxtx #2");
    FOR_PAIRS("addsw sxtb", "adds %w0, %w2, %w3, sxtb");
    FOR_PAIRS("subw uxth2", "sub %w0, %w2, %w3, uxth #2");
    FOR_PAIRS("adc", "adc %0, %2, %3");
    FOR_PAIRS("adcs", "adcs %0, %2, %3");
    FOR_PAIRS("sbc", "sbc %0, %2, %3");
    FOR_PAIRS("sbcs", "sbcs %0, %2, %3");
    FOR_PAIRS("adcsw", "adcs %w0, %w2, %w3");
    FOR_PAIRS("sbcsw", "sbcs %w0, %w2, %w3");
    FOR_PAIRS("cmp", "cmp %2, %3\n\tmov %0, xzr");
    FOR_PAIRS("cmnw", "cmn %w2, %w3\n\tmov %0, xzr");
    FOR_VALUES("addi", "add %0, %2, #4095");
    FOR_VALUES("addsi12", "adds %0, %2, #1, lsl #12");
    FOR_VALUES("subsi", "subs %0, %2, #1");
    FOR_VALUES("subswi", "subs %w0, %w2, #0xfff, lsl #12");
    FOR_VALUES("addswi", "adds %w0, %w2, #1");
    FOR_VALUES("cmpi", "cmp %2, #0\n\tmov %0, xzr");
    FOR_VALUES("cmnwi", "cmn %w2, #1\n\tmov %0, xzr");
    FOR_VALUES("negs", "negs %0, %2");
    FOR_VALUES("negw", "neg %w0, %w2");
    FOR_VALUES("ngcs", "ngcs %0, %2");
    FOR_VALUES("ngcw", "ngc %w0, %w2");
    FOR_VALUES("addsp", "mov x9, sp\n\tmov sp, %2\n\tadd sp, sp, #16\n\t"
               "mov %0, sp\n\tmov sp, x9");
    FOR_VALUES("subsp ext", "mov x9, sp\n\tmov sp, %2\n\tsub %0, sp, %w2, uxtb #1\n\t"
               "mov sp, x9");
    puts_uart("END\n");
    return 0;
}
