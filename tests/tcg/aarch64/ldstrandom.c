/*
 * Random test of the SIMD structure loads and stores beyond LD1/ST1:
 * simdrandom.c's loop (120,000 instructions, checksums every 4,000) over
 * ldstops.h (gen_simdops.py --ldst); the state hash covers the 64-byte
 * buffer and how far X10 moved.
 */
#define SIMD_OPS_HEADER "ldstops.h"
#include "simdrandom.c"
