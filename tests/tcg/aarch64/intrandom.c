/*
 * Random test of the lane-by-lane integer forms (saturating, rounding,
 * halving, widening, narrowing, insert shifts, by element, scalar):
 * simdrandom.c's loop (120,000 instructions, checksums every 4,000) over
 * intops.h (gen_simdops.py --int), with FPSR (QC, the saturation flag)
 * in the checksum.
 */
#define SIMD_OPS_HEADER "intops.h"
#define SIMD_CHECK_QC
#include "simdrandom.c"
