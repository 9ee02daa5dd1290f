/*
 * Loops that GCC vectorises at -O3: vecloops.c is built twice, with
 * VL_SUFFIX=vec (-O3 -ftree-vectorize) and VL_SUFFIX=scalar (-O1), and the
 * two result sets must be equal.
 */
#ifndef VECLOOPS_H
#define VECLOOPS_H

#include <stdint.h>

#define VL_N 1003   /* not a multiple of any vector length: epilogues run */

typedef struct VecOut {
    int32_t i32[VL_N];
    uint8_t u8[VL_N];
    float f32[VL_N];
    double f64[VL_N];
    int32_t cvt[VL_N];
    uint16_t rev[VL_N];
    float cplx[2 * VL_N];
    int64_t sum_i32, max_i32, dot_i16, sad_u8;
    uint32_t min_u8, count_gt;
} VecOut;

/* Fill the inputs deterministically, run the integer or the FP loops. */
void vecloops_int_vec(VecOut *out);
void vecloops_int_scalar(VecOut *out);
void vecloops_fp_vec(VecOut *out);
void vecloops_fp_scalar(VecOut *out);

#endif
