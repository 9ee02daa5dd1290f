/*
 * Floating-point kernels: an n-body simulation in double precision
 * (multiply-add, divide, square root) and a FIR filter in single
 * precision with integer conversions.  IEEE rounding makes the results
 * exact, so the check values must match between emulators.
 */
#include "kernels.h"

#define NB      32
#define NB_STEP 24
#define FIR_N   4096
#define FIR_TAP 16

static double pos[NB][3], vel[NB][3], mass[NB];
static float sig[FIR_N], coef[FIR_TAP], fir_out[FIR_N];

static double rand_unit(uint64_t *s)
{
    return (double)(int64_t)(xorshift(s) % 2001) / 1000.0 - 1.0;
}

static void nbody_init(void)
{
    uint64_t s = 99;

    for (int i = 0; i < NB; i++) {
        for (int k = 0; k < 3; k++) {
            pos[i][k] = rand_unit(&s) * 10.0;
            vel[i][k] = rand_unit(&s) * 0.1;
        }
        mass[i] = 1.0 + rand_unit(&s) * 0.5;
    }
}

static void nbody_step(double dt)
{
    for (int i = 0; i < NB; i++) {
        for (int j = i + 1; j < NB; j++) {
            double d[3], d2 = 0.01;

            for (int k = 0; k < 3; k++) {
                d[k] = pos[i][k] - pos[j][k];
                d2 += d[k] * d[k];
            }
            double mag = dt / (d2 * __builtin_sqrt(d2));
            for (int k = 0; k < 3; k++) {
                vel[i][k] -= d[k] * mass[j] * mag;
                vel[j][k] += d[k] * mass[i] * mag;
            }
        }
    }
    for (int i = 0; i < NB; i++) {
        for (int k = 0; k < 3; k++) {
            pos[i][k] += dt * vel[i][k];
        }
    }
}

uint64_t k_nbody(void)
{
    union { double d; uint64_t u; } sum = { 0 };

    nbody_init();
    for (int s = 0; s < NB_STEP; s++) {
        nbody_step(0.01);
    }
    for (int i = 0; i < NB; i++) {
        sum.d += pos[i][0] + pos[i][1] * 3 + pos[i][2] * 7;
    }
    return sum.u;
}

uint64_t k_fir(void)
{
    uint64_t s = 4242, h = 0;

    for (int k = 0; k < FIR_TAP; k++) {
        coef[k] = (float)(int32_t)(xorshift(&s) % 200 - 100) / 128.0f;
    }
    for (int i = 0; i < FIR_N; i++) {
        sig[i] = (float)(int32_t)(xorshift(&s) % 2000 - 1000) * 0.001f;
    }
    for (int r = 0; r < 4; r++) {
        for (int i = FIR_TAP; i < FIR_N; i++) {
            float acc = 0;

            for (int k = 0; k < FIR_TAP; k++) {
                acc += coef[k] * sig[i - k];
            }
            fir_out[i] = acc;
        }
        for (int i = FIR_TAP; i < FIR_N; i++) {
            sig[i] = sig[i] * 0.75f + fir_out[i] * 0.25f;
            h = h * 31 + (uint32_t)(int32_t)(fir_out[i] * 65536.0f);
        }
    }
    return h;
}
