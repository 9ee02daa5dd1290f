/* The FEAT_BF16 forms of bf16random.c (in simdrun.h's X(n, insn) list). */
#define SIMD_OPS(X) \
    X(0, "bfcvt h2, s0") \
    X(1, "bfcvt h4, s3") \
    X(2, "bfcvtn v2.4h, v0.4s") \
    X(3, "bfcvtn2 v2.8h, v0.4s") \
    X(4, "bfcvtn2 v2.8h, v2.4s") \
    X(5, "bfdot v2.2s, v0.4h, v1.4h") \
    X(6, "bfdot v2.4s, v0.8h, v1.8h") \
    X(7, "bfdot v2.2s, v0.4h, v1.2h[0]") \
    X(8, "bfdot v2.2s, v0.4h, v1.2h[3]") \
    X(9, "bfdot v2.4s, v0.8h, v1.2h[1]") \
    X(10, "mov v31.16b, v1.16b; bfdot v2.4s, v0.8h, v31.2h[2]") \
    X(11, "bfdot v2.4s, v2.8h, v2.2h[1]") \
    X(12, "bfmmla v2.4s, v0.8h, v1.8h") \
    X(13, "bfmmla v2.4s, v2.8h, v1.8h") \
    X(14, "bfmlalb v2.4s, v0.8h, v1.8h") \
    X(15, "bfmlalt v2.4s, v0.8h, v1.8h") \
    X(16, "bfmlalb v2.4s, v0.8h, v1.h[0]") \
    X(17, "bfmlalb v2.4s, v0.8h, v1.h[7]") \
    X(18, "bfmlalt v2.4s, v0.8h, v5.h[5]") \
    X(19, "bfmlalt v2.4s, v0.8h, v1.h[2]") \
    X(20, "bfmlalt v2.4s, v2.8h, v2.h[3]")
