/*
 * The operands and FPCR/FPSR settings at the edges of the host-FPU fast
 * paths of the scalar FP helpers (vfp-helper.c): results at and around
 * the smallest normal, the largest finite, zeros of either sign, NaNs
 * and infinities, for FADD/FSUB/FMUL/FDIV/FSQRT/FMADD/FNMSUB in single
 * and double, FCVTZ[SU] (integer and fixed point) and SCVTF/UCVTF, each
 * under FPCR = 0, FZ, DN, FZ|DN and the three other rounding modes, with
 * FPSR.IXC clear and set beforehand.  One checksum per operation and
 * setting (results and FPSR).
 */
#include "fpops.h"

OP2(fadd_s, "fadd", s, w)
OP2(fadd_d, "fadd", d, x)
OP2(fsub_s, "fsub", s, w)
OP2(fsub_d, "fsub", d, x)
OP2(fmul_s, "fmul", s, w)
OP2(fmul_d, "fmul", d, x)
OP2(fdiv_s, "fdiv", s, w)
OP2(fdiv_d, "fdiv", d, x)
OP3(fmadd_s, "fmadd", s, w)
OP3(fmadd_d, "fmadd", d, x)
OP3(fnmsub_s, "fnmsub", s, w)
OP3(fnmsub_d, "fnmsub", d, x)
OP1(fsqrt_s, "fsqrt", s, w)
OP1(fsqrt_d, "fsqrt", d, x)

OPX(zs_ws, "fmov s0, %w1\n\tfcvtzs %w0, s0")
OPX(zu_ws, "fmov s0, %w1\n\tfcvtzu %w0, s0")
OPX(zs_xs, "fmov s0, %w1\n\tfcvtzs %0, s0")
OPX(zu_xs, "fmov s0, %w1\n\tfcvtzu %0, s0")
OPX(zs_wd, "fmov d0, %1\n\tfcvtzs %w0, d0")
OPX(zu_wd, "fmov d0, %1\n\tfcvtzu %w0, d0")
OPX(zs_xd, "fmov d0, %1\n\tfcvtzs %0, d0")
OPX(zu_xd, "fmov d0, %1\n\tfcvtzu %0, d0")
OPX(zs_wd16, "fmov d0, %1\n\tfcvtzs %w0, d0, #16")
OPX(zu_xs32, "fmov s0, %w1\n\tfcvtzu %0, s0, #32")
OPX(zs_xd64, "fmov d0, %1\n\tfcvtzs %0, d0, #64")
OPX(zu_xd1, "fmov d0, %1\n\tfcvtzu %0, d0, #1")

OPX(scvtf_sw, "scvtf s0, %w1\n\tfmov %w0, s0")
OPX(ucvtf_sw, "ucvtf s0, %w1\n\tfmov %w0, s0")
OPX(scvtf_sx, "scvtf s0, %1\n\tfmov %w0, s0")
OPX(ucvtf_sx, "ucvtf s0, %1\n\tfmov %w0, s0")
OPX(scvtf_dw, "scvtf d0, %w1\n\tfmov %0, d0")
OPX(ucvtf_dw, "ucvtf d0, %w1\n\tfmov %0, d0")
OPX(scvtf_dx, "scvtf d0, %1\n\tfmov %0, d0")
OPX(ucvtf_dx, "ucvtf d0, %1\n\tfmov %0, d0")
OPX(scvtf_sx64, "scvtf s0, %1, #64\n\tfmov %w0, s0")
OPX(ucvtf_dx32, "ucvtf d0, %1, #32\n\tfmov %0, d0")
OPX(scvtf_dw1, "scvtf d0, %w1, #1\n\tfmov %0, d0")
OPX(ucvtf_sw16, "ucvtf s0, %w1, #16\n\tfmov %w0, s0")

static const uint64_t vals_s[] = {
    0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x00800000, 0x00800001,
    0x80800000, 0x00ffffff, 0x3f800000, 0xbf800000, 0x3fc00000, 0x33800000,
    0x4b800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7f800001, 0x1f800000, 0x5f800000, 0x3f800001,
};
static const uint64_t vals_d[] = {
    0, 0x8000000000000000, 1, 0x8000000000000001, 0x000fffffffffffff,
    0x0010000000000000, 0x0010000000000001, 0x0010000080000000,
    0x8010000000000000, 0x001fffffffffffff, 0x3ff0000000000000,
    0xbff0000000000000, 0x3ff8000000000000, 0x3ca0000000000000,
    0x4340000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
    0x7ff0000000000001, 0x1ff0000000000000, 0x5ff0000000000000,
    0x3ff0000000000001,
};
#define NS (sizeof(vals_s) / sizeof(vals_s[0]))
#define ND (sizeof(vals_d) / sizeof(vals_d[0]))

/* Inputs of FCVTZ: near the integer ranges' ends, fractions, subnormals. */
static const uint64_t cvt_s[] = {
    0, 0x80000000, 1, 0x3f000000, 0xbf000000, 0xbf7fffff, 0xbf800000,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000,
    0x5effffff, 0x5f000000, 0xdf000000, 0x5f7fffff, 0x5f800000, 0x7f800000,
    0x7fc00000, 0x3fc00000, 0x47800001, 0x2f800000,
};
static const uint64_t cvt_d[] = {
    0, 0x8000000000000000, 1, 0x3fe0000000000000, 0xbfe0000000000000,
    0xbfefffffffffffff, 0xbff0000000000000, 0x41dfffffffc00000,
    0x41dfffffffe00000, 0x41e0000000000000, 0xc1e0000000000000,
    0xc1e0000000100000, 0x41efffffffe00000, 0x41effffffff00000,
    0x41f0000000000000, 0x43dfffffffffffff, 0x43e0000000000000,
    0xc3e0000000000000, 0x43efffffffffffff, 0x43f0000000000000,
    0x7ff0000000000000, 0x7ff8000000000000, 0x3ff8000000000000,
    0x3cb0000000000000, 0x000fffffffffffff,
};
/* Inputs of SCVTF/UCVTF: around 2^24, 2^53, 2^63 and the sign. */
static const uint64_t ints[] = {
    0, 1, ~0ull, 0x00ffffff, 0x01000000, 0x01000001, 0x01000003,
    0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000,
    0x001fffffffffffff, 0x0020000000000000, 0x0020000000000001,
    0x0020000000000003, 0x7fffffffffffffff, 0x8000000000000000,
    0x8000000000000001, 0xffffff0000000001, 0xfffffffffeffffff,
    0x0000000180000001,
};
#define N(a) (sizeof(a) / sizeof(a[0]))

/* FPCR: 0, FZ, DN, FZ|DN, RP, RM, RZ. */
static const uint64_t fpcrs[] = {
    0, 1u << 24, 1u << 25, 3u << 24, 1u << 22, 2u << 22, 3u << 22,
};

static uint64_t h;

static void step(uint64_t r)
{
    h = mix(mix(h, r), get_fpsr());
}

static void report(const char *name, int cfg)
{
    puts_uart(name);
    print_val(cfg & 1 ? " ixc fpcr" : " fpcr", fpcrs[cfg / 2]);
    print_val("  sum", h);
}

static void setting(int cfg)
{
    set_fpcr(fpcrs[cfg / 2]);
    h = 0;
}

#define FPSR_IXC 0x10

static void run2(const char *name, FpOp2 fn, const uint64_t *v, int n)
{
    for (int cfg = 0; cfg < 2 * (int)N(fpcrs); cfg++) {
        setting(cfg);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                set_fpsr(cfg & 1 ? FPSR_IXC : 0);
                step(fn(v[i], v[j]));
            }
        }
        report(name, cfg);
    }
}

static void run3(const char *name, FpOp3 fn, const uint64_t *v, int n)
{
    for (int cfg = 0; cfg < 2 * (int)N(fpcrs); cfg++) {
        setting(cfg);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    set_fpsr(cfg & 1 ? FPSR_IXC : 0);
                    step(fn(v[i], v[j], v[k]));
                }
            }
        }
        report(name, cfg);
    }
}

static void run1(const char *name, FpOp1 fn, const uint64_t *v, int n)
{
    for (int cfg = 0; cfg < 2 * (int)N(fpcrs); cfg++) {
        setting(cfg);
        for (int i = 0; i < n; i++) {
            set_fpsr(cfg & 1 ? FPSR_IXC : 0);
            step(fn(v[i]));
            /* and the value negated */
            set_fpsr(cfg & 1 ? FPSR_IXC : 0);
            step(fn(v[i] ^ (1ull << 63)));
        }
        report(name, cfg);
    }
}

#define RUN1(fn, v) run1(#fn, fn, v, N(v))

int main(void)
{
    run2("fadd_s", fadd_s, vals_s, NS);
    run2("fadd_d", fadd_d, vals_d, ND);
    run2("fsub_s", fsub_s, vals_s, NS);
    run2("fsub_d", fsub_d, vals_d, ND);
    run2("fmul_s", fmul_s, vals_s, NS);
    run2("fmul_d", fmul_d, vals_d, ND);
    run2("fdiv_s", fdiv_s, vals_s, NS);
    run2("fdiv_d", fdiv_d, vals_d, ND);
    run3("fmadd_s", fmadd_s, vals_s, NS);
    run3("fmadd_d", fmadd_d, vals_d, ND);
    run3("fnmsub_s", fnmsub_s, vals_s, NS);
    run3("fnmsub_d", fnmsub_d, vals_d, ND);
    run1("fsqrt_s", fsqrt_s, vals_s, NS);
    run1("fsqrt_d", fsqrt_d, vals_d, ND);
    RUN1(zs_ws, cvt_s);
    RUN1(zu_ws, cvt_s);
    RUN1(zs_xs, cvt_s);
    RUN1(zu_xs, cvt_s);
    RUN1(zu_xs32, cvt_s);
    RUN1(zs_wd, cvt_d);
    RUN1(zu_wd, cvt_d);
    RUN1(zs_xd, cvt_d);
    RUN1(zu_xd, cvt_d);
    RUN1(zs_wd16, cvt_d);
    RUN1(zs_xd64, cvt_d);
    RUN1(zu_xd1, cvt_d);
    RUN1(scvtf_sw, ints);
    RUN1(ucvtf_sw, ints);
    RUN1(scvtf_sx, ints);
    RUN1(ucvtf_sx, ints);
    RUN1(scvtf_dw, ints);
    RUN1(ucvtf_dw, ints);
    RUN1(scvtf_dx, ints);
    RUN1(ucvtf_dx, ints);
    RUN1(scvtf_sx64, ints);
    RUN1(ucvtf_dx32, ints);
    RUN1(scvtf_dw1, ints);
    RUN1(ucvtf_sw16, ints);
    set_fpcr(0);
    puts_uart("END\n");
    return 0;
}
