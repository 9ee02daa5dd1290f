/*
 * Scalar FP arithmetic: FADD/FSUB/FMUL/FDIV/FNMUL, FMAX/FMIN(NM), FSQRT,
 * FABS/FNEG, FMADD/FMSUB/FNMADD/FNMSUB, FCMP/FCMPE/FCCMP, FCSEL, FMOV,
 * on tables of edge values in every rounding mode with FZ and DN on and
 * off.  Round-to-nearest results are printed one by one; the other FPCR
 * settings print a hash of all results and FPSR values.
 */
#include "fpops.h"

static const uint64_t vals_s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x00000001,
    0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
    0x7fc00123, 0xffc00456, 0x7f800001, 0xff800789, 0x3f800001, 0x4b000000,
    0x33800000, 0x40490fdb, 0x00c00000, 0x3effffff,
};
static const uint64_t vals_d[] = {
    0, 1ull << 63, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3ff8000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000123ull, 0xfff8000000000456ull,
    0x7ff0000000000001ull, 0xfff4000000000789ull, 0x3ff0000000000001ull,
    0x4330000000000000ull, 0x3ca0000000000000ull, 0x400921fb54442d18ull,
    0x0018000000000000ull, 0x3fdfffffffffffffull,
};
#define NV (sizeof(vals_s) / sizeof(vals_s[0]))

OP2(fadd_s, "fadd", s, w) OP2(fadd_d, "fadd", d, x)
OP2(fsub_s, "fsub", s, w) OP2(fsub_d, "fsub", d, x)
OP2(fmul_s, "fmul", s, w) OP2(fmul_d, "fmul", d, x)
OP2(fdiv_s, "fdiv", s, w) OP2(fdiv_d, "fdiv", d, x)
OP2(fnmul_s, "fnmul", s, w) OP2(fnmul_d, "fnmul", d, x)
OP2(fmax_s, "fmax", s, w) OP2(fmax_d, "fmax", d, x)
OP2(fmin_s, "fmin", s, w) OP2(fmin_d, "fmin", d, x)
OP2(fmaxnm_s, "fmaxnm", s, w) OP2(fmaxnm_d, "fmaxnm", d, x)
OP2(fminnm_s, "fminnm", s, w) OP2(fminnm_d, "fminnm", d, x)
OP3(fmadd_s, "fmadd", s, w) OP3(fmadd_d, "fmadd", d, x)
OP3(fmsub_s, "fmsub", s, w) OP3(fmsub_d, "fmsub", d, x)
OP3(fnmadd_s, "fnmadd", s, w) OP3(fnmadd_d, "fnmadd", d, x)
OP3(fnmsub_s, "fnmsub", s, w) OP3(fnmsub_d, "fnmsub", d, x)
OP1(fsqrt_s, "fsqrt", s, w) OP1(fsqrt_d, "fsqrt", d, x)
OP1(fabs_s, "fabs", s, w) OP1(fabs_d, "fabs", d, x)
OP1(fneg_s, "fneg", s, w) OP1(fneg_d, "fneg", d, x)
OP1(fmov_s, "fmov", s, w) OP1(fmov_d, "fmov", d, x)

/* NZCV of FCMP/FCMPE, in bits 31:28, with FPSR in bits 7:0. */
#define CMP(name, insn, r, g)                                               \
static uint64_t name(uint64_t a, uint64_t b)                                \
{                                                                           \
    uint64_t nzcv;                                                          \
    __asm__ volatile("fmov " #r "0, %" #g "1\n\tfmov " #r "1, %" #g "2\n\t" \
                     insn "\n\tmrs %0, nzcv"                                \
                     : "=r"(nzcv) : "r"(a), "r"(b)                        \
                     : "v0", "v1", "x9", "cc");                             \
    return nzcv;                                                            \
}
CMP(fcmp_s, "fcmp s0, s1", s, w) CMP(fcmp_d, "fcmp d0, d1", d, x)
CMP(fcmpe_s, "fcmpe s0, s1", s, w) CMP(fcmpe_d, "fcmpe d0, d1", d, x)
CMP(fcmpz_s, "fcmp s0, #0.0", s, w) CMP(fcmpez_d, "fcmpe d0, #0.0", d, x)
/* FCCMP with Z set (EQ true) and clear (EQ false: nzcv imm 0101). */
CMP(fccmp_t_s, "cmp xzr, xzr\n\tfccmp s0, s1, #5, eq", s, w)
CMP(fccmp_f_d, "movz x9, #1\n\tcmp x9, #0\n\tfccmpe d0, d1, #5, eq", d, x)
CMP(fccmpe_t_d, "cmp xzr, xzr\n\tfccmpe d0, d1, #3, eq", d, x)

typedef struct Op2 {
    const char *name;
    FpOp2 s, d;
} Op2;

static const Op2 ops2[] = {
    { "fadd", fadd_s, fadd_d }, { "fsub", fsub_s, fsub_d },
    { "fmul", fmul_s, fmul_d }, { "fdiv", fdiv_s, fdiv_d },
    { "fnmul", fnmul_s, fnmul_d }, { "fmax", fmax_s, fmax_d },
    { "fmin", fmin_s, fmin_d }, { "fmaxnm", fmaxnm_s, fmaxnm_d },
    { "fminnm", fminnm_s, fminnm_d }, { "fcmp", fcmp_s, fcmp_d },
    { "fcmpe", fcmpe_s, fcmpe_d }, { "fcmpz", fcmpz_s, fcmpez_d },
    { "fccmp", fccmp_t_s, fccmp_f_d }, { "fccmpe", fccmp_t_s, fccmpe_t_d },
};

static const struct { const char *name; FpOp3 s, d; } ops3[] = {
    { "fmadd", fmadd_s, fmadd_d }, { "fmsub", fmsub_s, fmsub_d },
    { "fnmadd", fnmadd_s, fnmadd_d }, { "fnmsub", fnmsub_s, fnmsub_d },
};

static const struct { const char *name; FpOp1 s, d; } ops1[] = {
    { "fsqrt", fsqrt_s, fsqrt_d }, { "fabs", fabs_s, fabs_d },
    { "fneg", fneg_s, fneg_d }, { "fmov", fmov_s, fmov_d },
};

/* Operand tables for FMA: a smaller set keeps N^3 manageable. */
static const int fma_idx[] = { 0, 1, 2, 3, 5, 7, 8, 10, 11, 12, 14, 16, 18 };
#define NF (sizeof(fma_idx) / sizeof(fma_idx[0]))

static void run_ops2(bool verbose)
{
    for (unsigned o = 0; o < sizeof(ops2) / sizeof(ops2[0]); o++) {
        for (int dbl = 0; dbl < 2; dbl++) {
            const uint64_t *v = dbl ? vals_d : vals_s;
            uint64_t h = 0;
            for (unsigned i = 0; i < NV; i++) {
                for (unsigned j = 0; j < NV; j++) {
                    uint64_t r, f;
                    set_fpsr(0);
                    r = (dbl ? ops2[o].d : ops2[o].s)(v[i], v[j]);
                    f = get_fpsr();
                    h = mix(mix(h, r), f);
                    if (verbose) {
                        print_fp(ops2[o].name, v[i], v[j], r, f);
                    }
                }
            }
            puts_uart(ops2[o].name);
            print_val(dbl ? " d hash" : " s hash", h);
        }
    }
}

static void run_ops3(void)
{
    for (unsigned o = 0; o < sizeof(ops3) / sizeof(ops3[0]); o++) {
        for (int dbl = 0; dbl < 2; dbl++) {
            const uint64_t *v = dbl ? vals_d : vals_s;
            uint64_t h = 0;
            for (unsigned i = 0; i < NF; i++) {
                for (unsigned j = 0; j < NF; j++) {
                    for (unsigned k = 0; k < NF; k++) {
                        uint64_t r;
                        set_fpsr(0);
                        r = (dbl ? ops3[o].d : ops3[o].s)(v[fma_idx[i]],
                                                          v[fma_idx[j]],
                                                          v[fma_idx[k]]);
                        h = mix(mix(h, r), get_fpsr());
                    }
                }
            }
            puts_uart(ops3[o].name);
            print_val(dbl ? " d hash" : " s hash", h);
        }
    }
}

static void run_ops1(bool verbose)
{
    for (unsigned o = 0; o < sizeof(ops1) / sizeof(ops1[0]); o++) {
        for (int dbl = 0; dbl < 2; dbl++) {
            const uint64_t *v = dbl ? vals_d : vals_s;
            uint64_t h = 0;
            for (unsigned i = 0; i < NV; i++) {
                uint64_t r, f;
                set_fpsr(0);
                r = (dbl ? ops1[o].d : ops1[o].s)(v[i]);
                f = get_fpsr();
                h = mix(mix(h, r), f);
                if (verbose) {
                    print_fp(ops1[o].name, v[i], 0, r, f);
                }
            }
            puts_uart(ops1[o].name);
            print_val(dbl ? " d hash" : " s hash", h);
        }
    }
}

/* Rounding-sensitive sums: 1 + 2^-24 (+ 2^-25) in each mode. */
static void run_rounding(void)
{
    static const uint64_t pairs[][2] = {
        { 0x3f800000, 0x33800000 }, { 0x3f800000, 0x33c00000 },
        { 0xbf800000, 0xb3800000 }, { 0x3f800001, 0x33800000 },
        { 0x00800000, 0x80000001 }, { 0x7f7fffff, 0x73800000 },
        { 0x3f800000, 0xbf800000 }, { 0x00400000, 0x00400000 },
    };
    for (int m = 0; m < 4; m++) {
        set_fpcr(fpcr_config(m));
        for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
            uint64_t r;
            set_fpsr(0);
            r = fadd_s(pairs[i][0], pairs[i][1]);
            print_fp("round fadd", pairs[i][0], pairs[i][1], r, get_fpsr());
        }
    }
    set_fpcr(0);
}

static void run_fcsel(void)
{
    uint64_t r;

    __asm__ volatile("fmov d0, #1.0\n\tfmov d1, #-2.5\n\t"
                     "movz x9, #1\n\tcmp x9, #2\n\t"
                     "fcsel d2, d0, d1, lt\n\tfcsel s3, s0, s1, ge\n\t"
                     "fmov x9, d2\n\tfmov w10, s3\n\tadd %0, x9, x10"
                     : "=r"(r) : : "x9", "x10", "v0", "v1", "v2", "v3", "cc");
    print_val("fcsel", r);
}

int main(void)
{
    for (int cfg = 0; cfg < 16; cfg++) {
        set_fpcr(fpcr_config(cfg));
        print_val("fpcr", get_fpcr());
        run_ops2(cfg == 0 || cfg == 12);
        run_ops3();
        run_ops1(cfg == 0 || cfg == 12);
    }
    set_fpcr(0);
    run_rounding();
    run_fcsel();
    puts_uart("END\n");
    return 0;
}
