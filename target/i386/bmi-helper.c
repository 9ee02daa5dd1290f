/* BMI2 PDEP and PEXT (insn-bmi.c.inc): a bit loop over the mask. */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/* The low bits of src, in order, to the set bits of mask. */
uint64_t helper_pdep(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;

        if (src & bit) {
            res |= low;
        }
        mask &= mask - 1;
    }
    return res;
}

/* The bits of src at the set bits of mask, packed to the low end. */
uint64_t helper_pext(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;

        if (src & low) {
            res |= bit;
        }
        mask &= mask - 1;
    }
    return res;
}
