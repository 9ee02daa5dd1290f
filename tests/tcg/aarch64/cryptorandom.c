/*
 * Random test of the cryptographic extension: simdrandom.c's loop (120,000
 * instructions, checksums every 4,000) over the forms of cryptoops.h
 * (gen_simdops.py --crypto).
 */
#define SIMD_OPS_HEADER "cryptoops.h"
#include "simdrandom.c"
