/* Bitfield moves (UBFM/SBFM/BFM and their aliases) and EXTR. */
#include "ops.h"

int main(void)
{
    FOR_VALUES("ubfx", "ubfx %0, %2, #4, #8");
    FOR_VALUES("ubfx63", "ubfx %0, %2, #63, #1");
    FOR_VALUES("sbfx", "sbfx %0, %2, #28, #8");
    FOR_VALUES("sbfx0", "sbfx %0, %2, #0, #33");
    FOR_VALUES("ubfiz", "ubfiz %0, %2, #12, #20");
    FOR_VALUES("sbfiz", "sbfiz %0, %2, #60, #4");
    FOR_VALUES("lsl", "lsl %0, %2, #17");
    FOR_VALUES("lsr", "lsr %0, %2, #63");
    FOR_VALUES("asr", "asr %0, %2, #5");
    FOR_VALUES("lslw", "lsl %w0, %w2, #31");
    FOR_VALUES("lsrw", "lsr %w0, %w2, #1");
    FOR_VALUES("asrw", "asr %w0, %w2, #13");
    FOR_VALUES("sxtb", "sxtb %0, %w2");
    FOR_VALUES("sxth", "sxth %0, %w2");
    FOR_VALUES("sxtw", "sxtw %0, %w2");
    FOR_VALUES("sxtbw", "sxtb %w0, %w2");
    FOR_VALUES("uxtb", "uxtb %w0, %w2");
    FOR_VALUES("uxth", "uxth %w0, %w2");
    FOR_VALUES("ubfxw", "ubfx %w0, %w2, #7, #25");
    FOR_VALUES("sbfxw", "sbfx %w0, %w2, #16, #16");
    FOR_VALUES("ubfm", "ubfm %0, %2, #60, #3");
    FOR_VALUES("sbfm", "sbfm %0, %2, #40, #7");
    FOR_VALUES("sbfmw", "sbfm %w0, %w2, #20, #3");
    FOR_PAIRS("bfi", "mov %0, %3\n\tbfi %0, %2, #8, #12");
    FOR_PAIRS("bfxil", "mov %0, %3\n\tbfxil %0, %2, #32, #32");
    FOR_PAIRS("bfm", "mov %0, %3\n\tbfm %0, %2, #60, #3");
    FOR_PAIRS("bfiw", "mov %0, %3\n\tbfi %w0, %w2, #31, #1");
    FOR_PAIRS("bfxilw", "mov %0, %3\n\tbfxil %w0, %w2, #3, #9");
    FOR_PAIRS("extr", "extr %0, %2, %3, #12");
    FOR_PAIRS("extr0", "extr %0, %2, %3, #0");
    FOR_PAIRS("extr63", "extr %0, %2, %3, #63");
    FOR_PAIRS("extrw", "extr %w0, %w2, %w3, #31");
    FOR_VALUES("ror", "ror %0, %2, #7");
    FOR_VALUES("rorw", "ror %w0, %w2, #16");
    puts_uart("END\n");
    return 0;
}
