/* Logical operations: bitmask immediates of every element size, shifted registers. */
#include "ops.h"

#define LIMM64(imm)                                                     \
    FOR_VALUES("and #" #imm, "and %0, %2, #" #imm);                     \
    FOR_VALUES("ands #" #imm, "ands %0, %2, #" #imm);                   \
    FOR_VALUES("orr #" #imm, "orr %0, %2, #" #imm);                     \
    FOR_VALUES("eor #" #imm, "eor %0, %2, #" #imm)
#define LIMM32(imm)                                                     \
    FOR_VALUES("andw #" #imm, "and %w0, %w2, #" #imm);                  \
    FOR_VALUES("andsw #" #imm, "ands %w0, %w2, #" #imm);                \
    FOR_VALUES("orrw #" #imm, "orr %w0, %w2, #" #imm);                  \
    FOR_VALUES("eorw #" #imm, "eor %w0, %w2, #" #imm)

int main(void)
{
    LIMM64(0x1);
    LIMM64(0xff);
    LIMM64(0xff00);
    LIMM64(0x8000000000000000);
    LIMM64(0x7fffffffffffffff);
    LIMM64(0xfffffffffffffffe);
    LIMM64(0x8000000000000001);
    LIMM64(0xfffffffffffff000);
    LIMM64(0x0000000000fff000);
    LIMM64(0x00000000ffffffff);
    LIMM64(0xffffffff00000000);
    LIMM64(0x0000ffff0000ffff);
    LIMM64(0xff00ff00ff00ff00);
    LIMM64(0x00ff00ff00ff00ff);
    LIMM64(0x0f0f0f0f0f0f0f0f);
    LIMM64(0xf0f0f0f0f0f0f0f0);
    LIMM64(0x3333333333333333);
    LIMM64(0x6666666666666666);
    LIMM64(0xc3c3c3c3c3c3c3c3);
    LIMM64(0x5555555555555555);
    LIMM64(0xaaaaaaaaaaaaaaaa);
    LIMM64(0x1111111111111111);
    LIMM64(0xe00000000000003f);
    LIMM64(0x0001000100010001);
    LIMM64(0x7ffe7ffe7ffe7ffe);
    LIMM64(0x00003ffffffe0000);
    LIMM32(0x1);
    LIMM32(0x80000000);
    LIMM32(0x7fffffff);
    LIMM32(0xfffffffe);
    LIMM32(0xff00ff00);
    LIMM32(0x0ff00ff0);
    LIMM32(0x55555555);
    LIMM32(0x80000001);
    LIMM32(0x000ffc00);
    FOR_VALUES("tst", "tst %2, #0x8000000000000000\n\tmov %0, xzr");
    FOR_VALUES("tstw", "tst %w2, #0xff\n\tmov %0, xzr");
    FOR_VALUES("mov orr", "mov %0, #0x5555555555555555");
    FOR_PAIRS("and", "and %0, %2, %3");
    FOR_PAIRS("bic lsl4", "bic %0, %2, %3, lsl #4");
    FOR_PAIRS("orr lsr9", "orr %0, %2, %3, lsr #9");
    FOR_PAIRS("orn asr3", "orn %0, %2, %3, asr #3");
    FOR_PAIRS("eor ror17", "eor %0, %2, %3, ror #17");
    FOR_PAIRS("eon", "eon %0, %2, %3");
    FOR_PAIRS("ands", "ands %0, %2, %3");
    FOR_PAIRS("bics ror63", "bics %0, %2, %3, ror #63");
    FOR_PAIRS("andw ror3", "and %w0, %w2, %w3, ror #3");
    FOR_PAIRS("bicsw asr31", "bics %w0, %w2, %w3, asr #31");
    FOR_PAIRS("ornw lsl1", "orn %w0, %w2, %w3, lsl #1");
    FOR_PAIRS("eonw lsr8", "eon %w0, %w2, %w3, lsr #8");
    FOR_PAIRS("andsw", "ands %w0, %w2, %w3");
    FOR_PAIRS("tst lsl2", "tst %2, %3, lsl #2\n\tmov %0, xzr");
    FOR_VALUES("mvn", "mvn %0, %2");
    FOR_VALUES("mvnw", "mvn %w0, %w2");
    puts_uart("END\n");
    return 0;
}
