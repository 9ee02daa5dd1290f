/*
 * Scalar FP conversions: FCVT between half/single/double, FRINT*, FCVT
 * [NPMZA][SU] to W/X (with fixed point for FCVTZ*), SCVTF/UCVTF from W/X
 * (with fixed point), FMOV immediate, and the FPCR/FPSR bits that
 * MSR keeps; half precision both IEEE and alternative (FPCR.AHP).  Every
 * op runs over a table of edge values under several FPCR settings; the
 * default ones print each result.
 */
#include "fpops.h"

static const uint64_t vals_s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40200000,
    0xc0200000, 0x3f000000, 0xbf000000, 0x3f400000, 0xbf400000, 0x00000001,
    0x807fffff, 0x00800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00123,
    0xff800789, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000001,
    0x5f800000, 0x4effffff, 0x477fe000, 0x477ff000, 0x38800000, 0x33800000,
    0x33000001, 0x4b800001, 0xbe99999a, 0x47ffe000, 0xc7fff000, 0x48000000,
};
static const uint64_t vals_d[] = {
    0, 1ull << 63, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3ff8000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull,
    0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x3fe8000000000000ull,
    0xbfe8000000000000ull, 1, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000123ull, 0xfff0000000000789ull, 0x41dfffffffc00000ull,
    0x41e0000000000000ull, 0xc1e0000000200000ull, 0x41efffffffe00000ull,
    0x43e0000000000000ull, 0xc3e0000000000001ull, 0x43f0000000000000ull,
    0x36a0000000000001ull, 0x3810000000000000ull, 0x380fffffffffffffull,
    0x47efffffe0000000ull, 0x47effffff0000000ull, 0x40effc0000000001ull,
    0x3e70000000000000ull, 0x40fffc0000000000ull, 0xc0fffe0000000000ull,
};
static const uint64_t vals_h[] = {
    0x0000, 0x8000, 0x3c00, 0xbc00, 0x0001, 0x83ff, 0x0400, 0x7bff, 0x7c00,
    0xfc00, 0x7e01, 0x7c01, 0xfd55, 0x3555, 0x7fff, 0xffff, 0x7c80,
};
static const uint64_t ints[] = {
    0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000001ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0x0000000001000001ull, 0x20000000000001ull, 0x20000000000003ull,
    0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
};

#define NS (sizeof(vals_s) / sizeof(vals_s[0]))
#define ND (sizeof(vals_d) / sizeof(vals_d[0]))
#define NH (sizeof(vals_h) / sizeof(vals_h[0]))
#define NI (sizeof(ints) / sizeof(ints[0]))

#define FROM_S "fmov s0, %w1\n\t"
#define FROM_D "fmov d0, %x1\n\t"
#define TO_S "\n\tfmov %w0, s2"
#define TO_D "\n\tfmov %x0, d2"

OPX(cvt_sd, FROM_S "fcvt d2, s0" TO_D)
OPX(cvt_ds, FROM_D "fcvt s2, d0" TO_S)
OPX(cvt_sh, FROM_S "fcvt h2, s0" TO_S)
OPX(cvt_dh, FROM_D "fcvt h2, d0" TO_S)
OPX(cvt_hs, FROM_S "fcvt s2, h0" TO_S)
OPX(cvt_hd, FROM_S "fcvt d2, h0" TO_D)

#define RINT(n) OPX(n##_s, FROM_S #n " s2, s0" TO_S) \
                OPX(n##_d, FROM_D #n " d2, d0" TO_D)
RINT(frintn) RINT(frintp) RINT(frintm) RINT(frintz) RINT(frinta)
RINT(frintx) RINT(frinti)

#define TOINT(n) OPX(n##_ws, FROM_S #n " %w0, s0") \
                 OPX(n##_xs, FROM_S #n " %x0, s0") \
                 OPX(n##_wd, FROM_D #n " %w0, d0") \
                 OPX(n##_xd, FROM_D #n " %x0, d0")
TOINT(fcvtns) TOINT(fcvtnu) TOINT(fcvtps) TOINT(fcvtpu) TOINT(fcvtms)
TOINT(fcvtmu) TOINT(fcvtzs) TOINT(fcvtzu) TOINT(fcvtas) TOINT(fcvtau)
OPX(fcvtzs_fix_ws, FROM_S "fcvtzs %w0, s0, #5")
OPX(fcvtzu_fix_xd, FROM_D "fcvtzu %x0, d0, #33")
OPX(fcvtzs_fix_xs, FROM_S "fcvtzs %x0, s0, #64")
OPX(fcvtzu_fix_wd, FROM_D "fcvtzu %w0, d0, #1")

#define TOFP(n) OPX(n##_sw, #n " s2, %w1" TO_S) \
                OPX(n##_sx, #n " s2, %x1" TO_S) \
                OPX(n##_dw, #n " d2, %w1" TO_D) \
                OPX(n##_dx, #n " d2, %x1" TO_D)
TOFP(scvtf) TOFP(ucvtf)
OPX(scvtf_fix_sw, "scvtf s2, %w1, #7" TO_S)
OPX(ucvtf_fix_dx, "ucvtf d2, %x1, #64" TO_D)
OPX(scvtf_fix_dx, "scvtf d2, %x1, #13" TO_D)
OPX(ucvtf_fix_sw, "ucvtf s2, %w1, #32" TO_S)

typedef struct Conv {
    const char *name;
    FpOp1 fn;
    const uint64_t *vals;
    unsigned n;
} Conv;

#define S(n) vals_s, NS
#define D(n) vals_d, ND
#define TOI(n) { #n " w,s", n##_ws, S() }, { #n " x,s", n##_xs, S() }, \
               { #n " w,d", n##_wd, D() }, { #n " x,d", n##_xd, D() }
#define RI(n) { #n " s", n##_s, S() }, { #n " d", n##_d, D() }
#define TOF(n) { #n " s,w", n##_sw, ints, NI },                           \
               { #n " s,x", n##_sx, ints, NI },                           \
               { #n " d,w", n##_dw, ints, NI }, { #n " d,x", n##_dx, ints, NI }

static const Conv convs[] = {
    { "fcvt d,s", cvt_sd, S() }, { "fcvt s,d", cvt_ds, D() },
    { "fcvt h,s", cvt_sh, S() }, { "fcvt h,d", cvt_dh, D() },
    { "fcvt s,h", cvt_hs, vals_h, NH }, { "fcvt d,h", cvt_hd, vals_h, NH },
    RI(frintn), RI(frintp), RI(frintm), RI(frintz), RI(frinta), RI(frintx),
    RI(frinti),
    TOI(fcvtns), TOI(fcvtnu), TOI(fcvtps), TOI(fcvtpu), TOI(fcvtms),
    TOI(fcvtmu), TOI(fcvtzs), TOI(fcvtzu), TOI(fcvtas), TOI(fcvtau),
    { "fcvtzs w,s,#5", fcvtzs_fix_ws, S() },
    { "fcvtzu x,d,#33", fcvtzu_fix_xd, D() },
    { "fcvtzs x,s,#64", fcvtzs_fix_xs, S() },
    { "fcvtzu w,d,#1", fcvtzu_fix_wd, D() },
    TOF(scvtf), TOF(ucvtf),
    { "scvtf s,w,#7", scvtf_fix_sw, ints, NI },
    { "ucvtf d,x,#64", ucvtf_fix_dx, ints, NI },
    { "scvtf d,x,#13", scvtf_fix_dx, ints, NI },
    { "ucvtf s,w,#32", ucvtf_fix_sw, ints, NI },
};

static void run_convs(bool verbose)
{
    for (unsigned c = 0; c < sizeof(convs) / sizeof(convs[0]); c++) {
        uint64_t h = 0;
        for (unsigned i = 0; i < convs[c].n; i++) {
            uint64_t r, f;
            set_fpsr(0);
            r = convs[c].fn(convs[c].vals[i]);
            f = get_fpsr();
            h = mix(mix(h, r), f);
            if (verbose) {
                print_fp(convs[c].name, convs[c].vals[i], 0, r, f);
            }
        }
        puts_uart(convs[c].name);
        print_val(" hash", h);
    }
}

static void run_fmov_imm(void)
{
    uint64_t a, b, c, d;

    __asm__ volatile("fmov d0, #-31.0\n\tfmov %x0, d0\n\t"
                     "fmov s1, #0.125\n\tfmov %x1, d1\n\t"
                     "fmov d2, #1.9375\n\tfmov %x2, d2\n\t"
                     "fmov s3, #-0.1328125\n\tfmov %x3, d3"
                     : "=r"(a), "=r"(b), "=r"(c), "=r"(d)
                     : : "v0", "v1", "v2", "v3");
    print_val("fmov imm", a);
    print_val("fmov imm", b);
    print_val("fmov imm", c);
    print_val("fmov imm", d);
}

static void run_fpcr_fpsr(void)
{
    set_fpcr(0xffffffff);
    print_val("fpcr all ones", get_fpcr());
    set_fpcr(0);
    set_fpsr(0xffffffff);
    print_val("fpsr all ones", get_fpsr());
    set_fpsr(0);
    /* The cumulative bits accumulate across instructions. */
    cvt_ds(0x7ff0000000000001ull);
    cvt_ds(0x3ff0000000000001ull);
    print_val("fpsr sticky", get_fpsr());
    set_fpsr(0);
}

int main(void)
{
    static const uint64_t cfgs[] = { 0, 1, 2, 3, 4, 8, 12, 15 };

    run_fpcr_fpsr();
    run_fmov_imm();
    for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
        set_fpcr(fpcr_config(cfgs[i]));
        print_val("fpcr", get_fpcr());
        run_convs(cfgs[i] == 0 || cfgs[i] == 12);
    }
    /* FPCR.AHP: Arm's alternative half precision. */
    set_fpcr(1u << 26);
    print_val("fpcr", get_fpcr());
    run_convs(true);
    set_fpcr(fpcr_config(14) | 1u << 26);
    print_val("fpcr", get_fpcr());
    run_convs(false);
    set_fpcr(0);
    puts_uart("END\n");
    return 0;
}
