/*
 * The x87 FPU from user space: its constants, the transcendental
 * instructions and glibc's long double libm (built on them) against values
 * computed to 300 bits with mpmath and rounded to 64 (within a few ulps:
 * the hardware is not correctly rounded either); FPREM/FPREM1/FSCALE/
 * FXTRACT/FRNDINT; precision control (24 and 53 bits) and the four
 * rounding modes against the same operations in SSE; FCOMI/FUCOMI flags;
 * FIST/FISTTP conversions; FXAM classes; FXSAVE/FXRSTOR; unmasked
 * exceptions (feenableexcept) raising SIGFPE with their si_code.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <fpu_control.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

typedef long double ld;

/* |got - want| within ulps units of want's last (64th) bit. */
static int near_ld(ld got, ld want, int ulps)
{
    ld ulp = ldexpl(1.0L, ilogbl(want) - 63);

    return fabsl(got - want) <= ulps * ulp;
}

static void set_cw(fpu_control_t cw)
{
    _FPU_SETCW(cw);
}

#define X87_UNARY(fn, insn) \
    static ld fn(ld x) { asm volatile(insn : "+t"(x)); return x; }
X87_UNARY(x_sin, "fsin")
X87_UNARY(x_cos, "fcos")
X87_UNARY(x_sqrt, "fsqrt")
X87_UNARY(x_f2xm1, "f2xm1")
X87_UNARY(x_rndint, "frndint")

static ld x_tan(ld x)
{
    ld one, t;

    asm("fptan" : "=t"(one), "=u"(t) : "0"(x));
    return one == 1.0L ? t : NAN;    /* FPTAN pushes 1.0 */
}

/* Two-operand instructions that leave ST(1) op ST(0) and pop. */
#define X87_BINARY_POP(fn, insn) \
    static ld fn(ld st1, ld st0) \
    { ld r; asm(insn : "=t"(r) : "0"(st0), "u"(st1) : "st(1)"); return r; }
X87_BINARY_POP(x_patan, "fpatan")
X87_BINARY_POP(x_yl2x, "fyl2x")
X87_BINARY_POP(x_yl2xp1, "fyl2xp1")

static void test_constants(void)
{
    static const struct { const char *name; ld want; } k[] = {
        { "fldpi", 0xc90fdaa22168c235p-62L },
        { "fldl2e", 0xb8aa3b295c17f0bcp-63L },
        { "fldl2t", 0xd49a784bcd1b8afep-62L },
        { "fldlg2", 0x9a209a84fbcff799p-65L },
        { "fldln2", 0xb17217f7d1cf79acp-64L },
    };
    ld got[5];

    asm("fldpi" : "=t"(got[0]));
    asm("fldl2e" : "=t"(got[1]));
    asm("fldl2t" : "=t"(got[2]));
    asm("fldlg2" : "=t"(got[3]));
    asm("fldln2" : "=t"(got[4]));
    for (int i = 0; i < 5; i++) {
        CHECK(got[i] == k[i].want, "%s: %La", k[i].name, got[i]);
    }
}

static void test_transcendental(void)
{
    static const struct {
        const char *name;
        ld (*fn)(ld);
        ld arg, want;
        int ulps;
    } one[] = {
        { "fsin", x_sin, 1.0L, 0xd76aa47848677021p-64L, 2 },
        { "fsin", x_sin, 0.5L, 0xf57743a2582f7f44p-65L, 2 },
        { "fsin", x_sin, 0.001L, 0x83126d290c530f71p-73L, 2 },
        /* Reduced by a multiple of pi: real x87s use a 66-bit pi. */
        { "fsin", x_sin, -3.0L, -0x9081c36db6aada79p-66L, 16 },
        { "fcos", x_cos, 1.0L, 0x8a51407da8345c92p-64L, 2 },
        { "fcos", x_cos, 2.5L, -0xcd17bf7c2c5be958p-64L, 16 },
        { "fptan", x_tan, 0.75L, 0xee7d1b0887775f06p-64L, 2 },
        { "fptan", x_tan, -1.5L, -0xe19f6a85c43bbad3p-60L, 16 },
        { "f2xm1", x_f2xm1, 0.5L, 0xd413cccfe7799211p-65L, 2 },
        { "f2xm1", x_f2xm1, -0.75L, -0xcf901f5ce48ead21p-65L, 2 },
        { "f2xm1", x_f2xm1, 0.001L, 0xb5c471e6a560aaf7p-74L, 2 },
        { "fsqrt", x_sqrt, 2.0L, 0xb504f333f9de6484p-63L, 0 },
        { "fsqrt", x_sqrt, 10.0L, 0xca62c1d6d2da9490p-62L, 0 },
    };
    static const struct {
        const char *name;
        ld (*fn)(ld, ld);
        ld y, x, want;
    } two[] = {
        { "fpatan", x_patan, 1.0L, 2.0L, 0xed63382b0dda7b45p-65L },
        { "fpatan", x_patan, -3.0L, -0.5L, -0xde3372265e039fa1p-63L },
        { "fyl2x", x_yl2x, 3.0L, 10.0L, 0x9f73da38d9d4a83fp-60L },
        { "fyl2x", x_yl2x, 0.5L, 1.25L, 0xa4d3c25e68dc57f2p-66L },
        { "fyl2xp1", x_yl2xp1, 2.0L, 0.001L, 0xbd009fd65363545dp-72L },
    };

    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        ld r = one[i].fn(one[i].arg);
        CHECK(near_ld(r, one[i].want, one[i].ulps), "%s(%Lg) = %.15Lg",
              one[i].name, one[i].arg, r);
    }
    for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
        ld r = two[i].fn(two[i].y, two[i].x);
        CHECK(near_ld(r, two[i].want, 2), "%s(%Lg, %Lg) = %.15Lg",
              two[i].name, two[i].y, two[i].x, r);
    }

    ld s, c, x = 0.5L;
    asm("fsincos" : "=t"(c), "=u"(s) : "0"(x));
    CHECK(near_ld(s, 0xf57743a2582f7f44p-65L, 2) &&
          near_ld(c, x_cos(0.5L), 0), "fsincos(0.5) = %.15Lg, %.15Lg", s, c);

    /* |x| >= 2^63: C2 set, the operand left alone. */
    uint16_t sw;
    x = 0x1p64L;
    asm("fsin\n\tfnstsw %1" : "+t"(x), "=a"(sw));
    CHECK((sw & 0x400) && x == 0x1p64L, "fsin(2^64): c2=%d unchanged=%d",
          !!(sw & 0x400), x == 0x1p64L);
}

/* glibc's long double functions (x87 code underneath). */
static void test_libm_ld(void)
{
    static const struct {
        const char *name;
        ld (*fn)(ld);
        ld arg, want;
    } one[] = {
        { "expl", expl, 1.0L, 0xadf85458a2bb4a9bp-62L },
        { "logl", logl, 10.0L, 0x935d8dddaaa8ac17p-62L },
        { "sinl", sinl, 0.3L, 0x974e6cadd5d19c2bp-65L },
        { "atanl", atanl, 2.0L, 0x8db70c975df22363p-63L },
        { "cbrtl", cbrtl, 2.0L, 0xa14517cc6b945711p-63L },
        { "exp2l", exp2l, 0.3L, 0x9d9623dffc19470ep-63L },
        { "log2l", log2l, 3.0L, 0xcae00d1cfdeb43d0p-63L },
        { "expm1l", expm1l, 0.001L, 0x832336fdc679d031p-73L },
    };
    volatile ld a;

    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        a = one[i].arg;
        ld r = one[i].fn(a);
        CHECK(near_ld(r, one[i].want, 4), "%s(%Lg) = %.15Lg", one[i].name,
              a, r);
    }
    a = 3.0L;
    ld r = powl(a, 0.7L);
    CHECK(near_ld(r, 0x8a1740e444c89f90p-62L, 4), "powl(3, 0.7) = %.15Lg", r);
}

static void test_misc_ops(void)
{
    ld r, q;
    uint16_t sw;

    /* FPREM: partial remainder (loops while C2), quotient bits in C0 C3 C1 */
    ld x = 1000.5L, y = 3.0L;
    asm("1:\tfprem\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b"
        : "=t"(r), "=a"(sw) : "0"(x), "u"(y));
    int quot = (sw >> 8 & 1) << 2 | (sw >> 14 & 1) << 1 | (sw >> 9 & 1);
    CHECK(r == 1.5L && quot == (333 & 7), "fprem(1000.5, 3) = %Lg q&7=%d", r,
          quot);
    asm("1:\tfprem1\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b"
        : "=t"(r), "=a"(sw) : "0"(x), "u"(y));
    CHECK(r == -1.5L, "fprem1(1000.5, 3) = %Lg", r);
    x = 0x1p200L + 1e40L;       /* many FPREM rounds */
    asm("1:\tfprem\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b"
        : "=t"(r), "=a"(sw) : "0"(x), "u"(y));
    CHECK(r == fmodl(x, y), "fprem(2^200+1e40, 3) = %Lg", r);

    x = 3.0L;
    y = 10.0L;
    asm("fscale" : "=t"(r) : "0"(x), "u"(y));
    CHECK(r == 3072.0L, "fscale(3, 10) = %Lg", r);
    x = -48.0L;
    asm("fxtract" : "=t"(r), "=u"(q) : "0"(x));
    CHECK(r == -1.5L && q == 5.0L, "fxtract(-48) = %Lg * 2^%Lg", r, q);

    static const struct { int rc; ld want[4]; } rnd[] = {
        { _FPU_RC_NEAREST, { 2, -2, 4, -4 } },
        { _FPU_RC_DOWN, { 2, -3, 3, -4 } },
        { _FPU_RC_UP, { 3, -2, 4, -3 } },
        { _FPU_RC_ZERO, { 2, -2, 3, -3 } },
    };
    fpu_control_t cw0;
    _FPU_GETCW(cw0);
    for (int m = 0; m < 4; m++) {
        static const ld in[4] = { 2.5L, -2.5L, 3.5L, -3.5L };
        fpu_control_t cw = (cw0 & ~_FPU_RC_ZERO) | rnd[m].rc;
        ld got[4];
        long long li[4];
        _FPU_SETCW(cw);
        for (int i = 0; i < 4; i++) {
            got[i] = x_rndint(in[i]);
            asm volatile("fistpll %0" : "=m"(li[i]) : "t"(in[i]) : "st");
        }
        _FPU_SETCW(cw0);
        int ok = 1;
        for (int i = 0; i < 4; i++) {
            ok &= got[i] == rnd[m].want[i] && li[i] == (long long)got[i];
        }
        CHECK(ok, "frndint/fistp rc=%d: %Lg %Lg %Lg %Lg", m, got[0], got[1],
              got[2], got[3]);
    }

    /* FISTTP truncates whatever the rounding mode; overflow gives the
     * integer indefinite. */
    long long t;
    int i32;
    x = -7.9L;
    asm("fisttpll %0" : "=m"(t) : "t"(x) : "st");
    x = 1e12L;
    asm("fistpl %0" : "=m"(i32) : "t"(x) : "st");
    feclearexcept(FE_ALL_EXCEPT);
    CHECK(t == -7 && i32 == INT32_MIN, "fisttp(-7.9) = %lld, fistp(1e12) = %#x",
          t, (unsigned)i32);
}

/* FCOMI/FUCOMI: ZF PF CF; unordered sets all three. */
static unsigned compare_flags(ld a, ld b, int quiet)
{
    uint8_t z, p, c;

    if (quiet) {
        asm volatile("fucomi %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2"
            : "=q"(z), "=q"(p), "=q"(c) : "t"(a), "u"(b) : "cc");
    } else {
        asm volatile("fcomi %%st(1), %%st\n\tsetz %0\n\tsetp %1\n\tsetc %2"
            : "=q"(z), "=q"(p), "=q"(c) : "t"(a), "u"(b) : "cc");
    }
    return z << 2 | p << 1 | c;
}

static void test_compare(void)
{
    ld nan = NAN;

    feclearexcept(FE_ALL_EXCEPT);
    unsigned lt = compare_flags(1.0L, 2.0L, 0);
    unsigned gt = compare_flags(2.0L, 1.0L, 0);
    unsigned eq = compare_flags(-0.0L, 0.0L, 0);
    int inv0 = fetestexcept(FE_INVALID) != 0;
    unsigned un_q = compare_flags(nan, 1.0L, 1);
    int inv_q = fetestexcept(FE_INVALID) != 0;
    unsigned un_s = compare_flags(nan, 1.0L, 0);
    int inv_s = fetestexcept(FE_INVALID) != 0;
    feclearexcept(FE_ALL_EXCEPT);
    CHECK(lt == 1 && gt == 0 && eq == 4 && un_q == 7 && un_s == 7 && !inv0 &&
          !inv_q && inv_s,
          "fcomi/fucomi ZPC: lt=%u gt=%u eq=%u nan=%u,%u invalid=%d,%d,%d",
          lt, gt, eq, un_q, un_s, inv0, inv_q, inv_s);
}

/* FXAM: C3 C2 C0 class (and C1 sign) of ST(0). */
static unsigned fxam(ld x)
{
    uint16_t sw;

    asm("fxam\n\tfnstsw %0" : "=a"(sw) : "t"(x));
    return (sw >> 14 & 1) << 3 | (sw >> 10 & 1) << 2 | (sw >> 9 & 1) << 1 |
           (sw >> 8 & 1);
}

static void test_fxam(void)
{
    /* C3 C2 C1 C0: nan 0001, normal 0100, inf 0101, zero 1000, denormal
     * 1100; C1 is the sign. */
    unsigned nan = fxam(NAN), norm = fxam(-2.0L), inf = fxam(INFINITY);
    unsigned zero = fxam(0.0L), den = fxam(0x1p-16400L);
    uint16_t sw;

    asm("ffree %%st(7)\n\tfdecstp\n\tfxam\n\tfnstsw %0\n\tfincstp"
        : "=a"(sw));
    unsigned empty = (sw >> 14 & 1) << 3 | (sw >> 10 & 1) << 2 | (sw >> 8 & 1);
    CHECK(nan == 1 && norm == 6 && inf == 5 && zero == 8 && den == 12 &&
          empty == 9, "fxam: nan=%u -normal=%u inf=%u zero=%u denormal=%u "
          "empty=%u", nan, norm, inf, zero, den, empty);
}

static uint64_t mant(ld x)
{
    uint64_t m;

    memcpy(&m, &x, sizeof(m));
    return m;
}

/* Precision control and rounding: x87 results rounded to 24 and 53 bits
 * must equal SSE float and double results in the same rounding mode. */
static void test_precision(void)
{
    static const int modes[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD,
                                  FE_TOWARDZERO };
    volatile ld la, lb, lr;
    volatile double da, db, dr;
    volatile float fa, fb, fr;
    fpu_control_t cw0;
    uint32_t seed = 7;
    int bad = 0;

    for (int k = 0; k < 400; k++) {
        seed = seed * 1103515245 + 12345;
        double a = (double)(seed >> 4) / (1 + (seed & 0xff)) * 1.37;
        seed = seed * 1103515245 + 12345;
        double b = (double)(seed >> 6) / (1 + (seed & 0x3ff)) + 0.1;
        for (int m = 0; m < 4; m++) {
            fesetround(modes[m]);
            _FPU_GETCW(cw0);     /* extended precision, mode m */
            for (int op = 0; op < 5; op++) {
                fa = (float)a;
                fb = (float)b;
                la = fa;
                lb = fb;
                switch (op) {
                case 0: fr = fa + fb; break;
                case 1: fr = fa - fb; break;
                case 2: fr = fa * fb; break;
                case 3: fr = fa / fb; break;
                default: fr = sqrtf(fa); break;
                }
                set_cw((cw0 & ~_FPU_EXTENDED) | _FPU_SINGLE);
                switch (op) {
                case 0: lr = la + lb; break;
                case 1: lr = la - lb; break;
                case 2: lr = la * lb; break;
                case 3: lr = la / lb; break;
                default: lr = x_sqrt(la); break;
                }
                _FPU_SETCW(cw0);
                bad += lr != (ld)fr;

                da = a;
                db = b;
                la = da;
                lb = db;
                switch (op) {
                case 0: dr = da + db; break;
                case 1: dr = da - db; break;
                case 2: dr = da * db; break;
                case 3: dr = da / db; break;
                default: dr = sqrt(da); break;
                }
                set_cw((cw0 & ~_FPU_EXTENDED) | _FPU_DOUBLE);
                switch (op) {
                case 0: lr = la + lb; break;
                case 1: lr = la - lb; break;
                case 2: lr = la * lb; break;
                case 3: lr = la / lb; break;
                default: lr = x_sqrt(la); break;
                }
                _FPU_SETCW(cw0);
                bad += lr != (ld)dr;
            }
        }
        fesetround(FE_TONEAREST);
    }
    CHECK(bad == 0, "precision control 24/53 bits x 4 rounding modes vs SSE: "
          "%d differ", bad);

    /* 64 bits: 1/3 rounds up to ...ab to nearest and up, ...aa else. */
    static const uint64_t third[4] = { 0xaaaaaaaaaaaaaaab, 0xaaaaaaaaaaaaaaab,
                                       0xaaaaaaaaaaaaaaaa,
                                       0xaaaaaaaaaaaaaaaa };
    la = 1.0L;
    lb = 3.0L;
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        lr = la / lb;
        fesetround(FE_TONEAREST);
        CHECK(mant(lr) == third[m], "1/3 extended, mode %d: %016llx", m,
              (unsigned long long)mant(lr));
    }
}

/* FXSAVE/FXRSTOR keep the stack, control word and tag word. */
static void test_fxsave(void)
{
    static uint8_t area[512] __attribute__((aligned(16)));
    fpu_control_t cw0, cw;
    ld a, b;

    _FPU_GETCW(cw0);
    set_cw((cw0 & ~_FPU_RC_ZERO) | _FPU_RC_UP);
    asm volatile("fldpi\n\tfld1\n\tfxsave %0\n\tfninit\n\tfldz\n\t"
                 "fxrstor %0\n\tfstpt %1\n\tfstpt %2"
                 : "+m"(area), "=m"(a), "=m"(b));
    _FPU_GETCW(cw);
    _FPU_SETCW(cw0);
    /* fldpi rounds up too: ...c235 becomes c235 (the 65th bit is 0). */
    CHECK(a == 1.0L && b == 0xc90fdaa22168c235p-62L &&
          (cw & _FPU_RC_ZERO) == _FPU_RC_UP && area[4] == 0xc0,
          "fxsave/fxrstor: st0=%Lg st1=%La rc_up=%d ftw=%#x", a, b,
          (cw & _FPU_RC_ZERO) == _FPU_RC_UP, area[4]);
}

static sigjmp_buf env;
static volatile int fpe_code, fpe_count;

static void on_fpe(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fpe_code = si->si_code;
    fpe_count++;
    siglongjmp(env, 1);
}

static volatile ld lz = 0.0L, l1 = 1.0L, lbig = LDBL_MAX, ltiny = LDBL_MIN;
static volatile double dz = 0.0, d1 = 1.0, dbig = DBL_MAX, dtiny = DBL_MIN;
static volatile ld lr;
static volatile double dr;

/* Operation i of the x87 (unit 0) or SSE (1) raising exception i. */
static void raise_one(int unit, int i)
{
    if (unit == 0) {
        switch (i) {
        case 0: lr = l1 / lz; break;
        case 1: lr = lz / lz; break;
        case 2: lr = lbig * lbig; break;
        case 3: lr = ltiny * ltiny; break;
        default: lr = l1 / 3; break;
        }
        asm volatile("fwait");
    } else {
        switch (i) {
        case 0: dr = d1 / dz; break;
        case 1: dr = dz / dz; break;
        case 2: dr = dbig * dbig; break;
        case 3: dr = dtiny * dtiny; break;
        default: dr = d1 / 3; break;
        }
    }
}

/* Whether raise_one trapped with exc unmasked. */
static int traps(int unit, int i, int exc)
{
    fpe_code = 0;
    feclearexcept(FE_ALL_EXCEPT);
    if (sigsetjmp(env, 1)) {
        return 1;
    }
    feenableexcept(exc);
    raise_one(unit, i);
    return 0;
}

/* Unmasked exceptions trap: x87 at the next waiting instruction (#MF),
 * SSE at the instruction itself (#XM). */
static void test_traps(void)
{
    static const struct { const char *name; int exc, code; } t[] = {
        { "divbyzero", FE_DIVBYZERO, FPE_FLTDIV },
        { "invalid", FE_INVALID, FPE_FLTINV },
        { "overflow", FE_OVERFLOW, FPE_FLTOVF },
        { "underflow", FE_UNDERFLOW, FPE_FLTUND },
        { "inexact", FE_INEXACT, FPE_FLTRES },
    };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    for (int unit = 0; unit < 2; unit++) {
        for (int i = 0; i < 5; i++) {
            int trapped = traps(unit, i, t[i].exc);
            /* The handler ran on a fresh FPU state, and left through
             * siglongjmp: restore masked exceptions either way. */
            fedisableexcept(FE_ALL_EXCEPT);
            feclearexcept(FE_ALL_EXCEPT);
            CHECK(trapped && fpe_code == t[i].code, "%s %s: SIGFPE=%d code=%d",
                  unit ? "sse" : "x87", t[i].name, trapped, fpe_code);
        }
    }

    /* Masked again: no signal, only the flag. */
    fpe_count = 0;
    raise_one(0, 0);
    raise_one(1, 0);
    CHECK(fpe_count == 0 && fetestexcept(FE_DIVBYZERO),
          "masked: signals=%d flag=%d", fpe_count,
          fetestexcept(FE_DIVBYZERO) != 0);
    signal(SIGFPE, SIG_DFL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_constants();
    test_transcendental();
    test_libm_ld();
    test_misc_ops();
    test_compare();
    test_fxam();
    test_precision();
    test_fxsave();
    test_traps();
    return check_finish("x87");
}
