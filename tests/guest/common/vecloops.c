/* The vectorisable loops of vecloops.h (built twice, see there). */
#include <math.h>

#include "vecloops.h"

#define GLUE2(a, b) a##_##b
#define GLUE(a, b) GLUE2(a, b)
#define VL(name) GLUE(name, VL_SUFFIX)

/* The inputs start one element past an aligned address. */
static struct {
    int32_t pad0, a[VL_N], b[VL_N];
    int16_t pad1, s[VL_N], t[VL_N];
    uint8_t pad2, p[VL_N], q[VL_N];
    float pad3, x[2 * VL_N], y[2 * VL_N];
    double d[VL_N], e[VL_N];
    uint16_t h[VL_N];
} in;

static void fill(void)
{
    uint32_t r = 12345;

    for (int i = 0; i < VL_N; i++) {
        r = r * 1103515245 + 12345;
        in.a[i] = (int32_t)r >> 8;
        in.b[i] = (int32_t)(r ^ 0x5a5a5a5a) >> 12;
        in.s[i] = (int16_t)(r >> 7);
        in.t[i] = (int16_t)(r >> 13);
        in.p[i] = (uint8_t)(r >> 16);
        in.q[i] = (uint8_t)(r >> 23);
        in.x[2 * i] = (float)(int32_t)r / 65536.0f;
        in.x[2 * i + 1] = (float)i * 0.25f - 100.0f;
        in.y[2 * i] = (float)(r >> 20) * 0.125f;
        in.y[2 * i + 1] = -(float)(r >> 24);
        in.d[i] = (double)(int32_t)r / 1000.0;
        in.e[i] = 1.0 + (double)(r >> 28);
        in.h[i] = (uint16_t)(r >> 3);
    }
}

static void integer_loops(VecOut *o)
{
    int64_t sum = 0, dot = 0, sad = 0;
    int32_t max = INT32_MIN;
    uint32_t min = 255, gt = 0;

    for (int i = 0; i < VL_N; i++) {
        int32_t v = in.a[i] * in.b[i] + (in.a[i] >> 3);
        o->i32[i] = in.a[i] > in.b[i] ? v : -in.b[i];
    }
    for (int i = 0; i < VL_N; i++) {
        unsigned s = in.p[i] + in.q[i];
        o->u8[i] = s > 255 ? 255 : s;          /* saturating add */
    }
    for (int i = 0; i < VL_N; i++) {
        sum += in.a[i];
        max = in.a[i] > max ? in.a[i] : max;
        dot += in.s[i] * in.t[i];               /* widening multiply-add */
        sad += in.p[i] > in.q[i] ? in.p[i] - in.q[i] : in.q[i] - in.p[i];
        min = in.p[i] < min ? in.p[i] : min;
        gt += in.s[i] > in.t[i];
    }
    for (int i = 0; i < VL_N; i++) {
        o->rev[i] = (uint16_t)((in.h[VL_N - 1 - i] << 8) |
                               (in.h[VL_N - 1 - i] >> 8));
    }
    o->sum_i32 = sum;
    o->max_i32 = max;
    o->dot_i16 = dot;
    o->sad_u8 = sad;
    o->min_u8 = min;
    o->count_gt = gt;
}

static void float_loops(VecOut *o)
{
    for (int i = 0; i < VL_N; i++) {
        o->f32[i] = 1.5f * in.x[i] + in.y[i];   /* saxpy */
    }
    for (int i = 0; i < VL_N; i++) {
        o->f32[i] = fabsf(o->f32[i]) + sqrtf(fabsf(in.x[i])) -
                    fminf(in.x[i], in.y[i]);
    }
    for (int i = 0; i < VL_N; i++) {
        o->f64[i] = in.d[i] * in.e[i] - in.d[i] / in.e[i];
    }
    for (int i = 0; i < VL_N; i++) {
        o->cvt[i] = (int32_t)(in.x[i] * 3.0f) + (int32_t)(float)in.b[i];
    }
    /* Interleaved complex multiply x * y (LD2/ST2 on AArch64). */
    for (int i = 0; i < VL_N; i++) {
        float xr = in.x[2 * i], xi = in.x[2 * i + 1];
        float yr = in.y[2 * i], yi = in.y[2 * i + 1];
        o->cplx[2 * i] = xr * yr - xi * yi;
        o->cplx[2 * i + 1] = xr * yi + xi * yr;
    }
}

void VL(vecloops_int)(VecOut *out)
{
    fill();
    integer_loops(out);
}

void VL(vecloops_fp)(VecOut *out)
{
    fill();
    float_loops(out);
}
