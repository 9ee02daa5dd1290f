/*
 * Random scalar FP test: 120,000 operations from a fixed-seed generator,
 * on random operands biased toward the special encodings (zeros,
 * subnormals, infinities, NaNs with payloads, extremes, values near 1),
 * each under a random FPCR (RMode, FZ, DN).  Results and FPSR (cleared
 * now and then, so that its bits accumulate) feed a running checksum
 * printed every 4,000 operations.
 */
#include "fpops.h"
#include "fprand.h"

#define N_OPS 120000

OP2(fadd_s, "fadd", s, w) OP2(fadd_d, "fadd", d, x)
OP2(fsub_s, "fsub", s, w) OP2(fsub_d, "fsub", d, x)
OP2(fmul_s, "fmul", s, w) OP2(fmul_d, "fmul", d, x)
OP2(fdiv_s, "fdiv", s, w) OP2(fdiv_d, "fdiv", d, x)
OP2(fnmul_s, "fnmul", s, w) OP2(fnmul_d, "fnmul", d, x)
OP2(fmax_s, "fmax", s, w) OP2(fmin_d, "fmin", d, x)
OP2(fmaxnm_d, "fmaxnm", d, x) OP2(fminnm_s, "fminnm", s, w)
OP3(fmadd_s, "fmadd", s, w) OP3(fmadd_d, "fmadd", d, x)
OP3(fmsub_s, "fmsub", s, w) OP3(fnmadd_d, "fnmadd", d, x)
OP3(fnmsub_s, "fnmsub", s, w) OP3(fnmsub_d, "fnmsub", d, x)
OP1(fsqrt_s, "fsqrt", s, w) OP1(fsqrt_d, "fsqrt", d, x)
OP1(frintx_s, "frintx", s, w) OP1(frinta_d, "frinta", d, x)
OP1(frinti_d, "frinti", d, x) OP1(frintm_s, "frintm", s, w)
OPX(cvt_ds, "fmov d0, %x1\n\tfcvt s2, d0\n\tfmov %w0, s2")
OPX(cvt_sd, "fmov s0, %w1\n\tfcvt d2, s0\n\tfmov %x0, d2")
OPX(cvt_dh, "fmov d0, %x1\n\tfcvt h2, d0\n\tfmov %w0, s2")
OPX(cvt_sh, "fmov s0, %w1\n\tfcvt h2, s0\n\tfmov %w0, s2")
OPX(cvtzs_xd, "fmov d0, %x1\n\tfcvtzs %x0, d0")
OPX(cvtnu_ws, "fmov s0, %w1\n\tfcvtnu %w0, s0")
OPX(cvtas_wd, "fmov d0, %x1\n\tfcvtas %w0, d0")
OPX(cvtmu_xs, "fmov s0, %w1\n\tfcvtmu %x0, s0")
OPX(cvtzu_fix, "fmov d0, %x1\n\tfcvtzu %w0, d0, #20")
OPX(scvtf_dx, "scvtf d2, %x1\n\tfmov %x0, d2")
OPX(ucvtf_sx, "ucvtf s2, %x1\n\tfmov %w0, s2")
OPX(scvtf_fix, "scvtf s2, %x1, #40\n\tfmov %w0, s2")

#define CMP(name, insn, r, g)                                               \
static uint64_t name(uint64_t a, uint64_t b)                                \
{                                                                           \
    uint64_t nzcv;                                                          \
    __asm__ volatile("fmov " #r "0, %" #g "1\n\tfmov " #r "1, %" #g "2\n\t" \
                     insn "\n\tmrs %0, nzcv"                                \
                     : "=r"(nzcv) : "r"(a), "r"(b) : "v0", "v1", "cc");     \
    return nzcv;                                                            \
}
CMP(fcmp_s, "fcmp s0, s1", s, w) CMP(fcmpe_d, "fcmpe d0, d1", d, x)

enum { K1, K2, K3 };
typedef struct RandOp {
    int kind;
    bool dbl;       /* operand generator */
    void *fn;
} RandOp;

static const RandOp ops[] = {
    { K2, 0, fadd_s }, { K2, 1, fadd_d }, { K2, 0, fsub_s }, { K2, 1, fsub_d },
    { K2, 0, fmul_s }, { K2, 1, fmul_d }, { K2, 0, fdiv_s }, { K2, 1, fdiv_d },
    { K2, 0, fnmul_s }, { K2, 1, fnmul_d }, { K2, 0, fmax_s },
    { K2, 1, fmin_d }, { K2, 1, fmaxnm_d }, { K2, 0, fminnm_s },
    { K3, 0, fmadd_s }, { K3, 1, fmadd_d }, { K3, 0, fmsub_s },
    { K3, 1, fnmadd_d }, { K3, 0, fnmsub_s }, { K3, 1, fnmsub_d },
    { K1, 0, fsqrt_s }, { K1, 1, fsqrt_d }, { K1, 0, frintx_s },
    { K1, 1, frinta_d }, { K1, 1, frinti_d }, { K1, 0, frintm_s },
    { K1, 1, cvt_ds }, { K1, 0, cvt_sd }, { K1, 1, cvt_dh }, { K1, 0, cvt_sh },
    { K1, 1, cvtzs_xd }, { K1, 0, cvtnu_ws }, { K1, 1, cvtas_wd },
    { K1, 0, cvtmu_xs }, { K1, 1, cvtzu_fix }, { K1, 1, scvtf_dx },
    { K1, 1, ucvtf_sx }, { K1, 1, scvtf_fix }, { K2, 0, fcmp_s },
    { K2, 1, fcmpe_d },
};
#define N_KINDS (sizeof(ops) / sizeof(ops[0]))

int main(void)
{
    uint64_t h = 0;

    for (int i = 0; i < N_OPS; i++) {
        const RandOp *op = &ops[rnd() % N_KINDS];
        uint64_t a = op->dbl ? rand_d() : rand_s();
        uint64_t b = op->dbl ? rand_d() : rand_s();
        uint64_t c = op->dbl ? rand_d() : rand_s();
        uint64_t r;

        if (i % 8 == 0) {
            set_fpcr(fpcr_config(rnd() % 16));
            set_fpsr(0);
        }
        switch (op->kind) {
        case K1: r = ((FpOp1)op->fn)(a); break;
        case K2: r = ((FpOp2)op->fn)(a, b); break;
        default: r = ((FpOp3)op->fn)(a, b, c); break;
        }
        h = mix(mix(h, r), get_fpsr());
        if ((i + 1) % 4000 == 0) {
            put_hex(i + 1, 6);
            print_val(" ops, checksum", h);
        }
    }
    set_fpcr(0);
    puts_uart("END\n");
    return 0;
}
