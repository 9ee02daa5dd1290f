/*
 * The x87 state of the "x87" differential class (x87-state.c): drawn from
 * the case's seed into an FRSTOR image that the case loads first, and
 * printed from the FNSAVE image the case stores last.
 */
#ifndef X86_X87_STATE_H
#define X86_X87_STATE_H

#include <stdint.h>

/* arg of FIX_X87: which exceptions may be unmasked (0: all masked). */
#define X87_UNMASKED 1

extern uint8_t x87_in[108], x87_out[108];

/* Draw the control/status/tag words, ST0-7 and FP values in the arena. */
void x87_setup(uint64_t (*rnd)(void), uint8_t *arena, unsigned arg);
/* Append " cw=.. sw=.. tw=.. sN=.." (unmasked: control and status). */
char *x87_print(char *p, unsigned arg);

#endif
