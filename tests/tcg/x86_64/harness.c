/*
 * The case loop shared by the host runner and the bare-metal program:
 * inputs from each case's seed, fixups, the run, and one line of output
 * per case: "NNNNN f=FLAGS" then every register and arena word (8 bytes)
 * that changed, as "rN=VALUE" and "mN=VALUE".  The arena is at the same
 * address in both programs (ARENA_ADDR), so addresses agree too.
 */
#include "harness.h"
#include "x87-state.h"

#define RFLAGS_CMP 0x0cd5       /* OF DF SF ZF AF PF CF */
#define RFLAGS_IN 0x08d5        /* random inputs (DF only where asked) */

static uint64_t rng;

static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

static const uint64_t boundary[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
    ~0ull, ~0ull - 1, 0x100, 0x10000, 0x100000000ull, 63, 64, 31, 32,
};

static uint64_t rnd_value(void)
{
    switch (rnd() % 8) {
    case 0:
        return rnd() & 0xff;
    case 1:
        return boundary[rnd() % (sizeof(boundary) / sizeof(boundary[0]))];
    case 2:
        return (uint64_t)(int64_t)(int32_t)rnd();
    case 3:
        return (uint32_t)rnd();
    case 4:
        return -(rnd() & 0xff);
    case 5:
        return rnd() & 0xffff;
    default:
        return rnd();
    }
}

/* Single and double values that exercise the FP rules. */
static const uint32_t special32[] = {
    0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
    0x7fa00001, 0xff812345, 0x00000001, 0x807fffff, 0x00400000,
    0x3f800000, 0xbf800000, 0x7f7fffff, 0x00800000, 0x80800000,
    0x4f000000, 0xcf000000, 0x5f000000, 0x3effffff, 0x3f000000,
};
static const uint64_t special64[] = {
    0, 1ull << 63, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff4000000000001ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x0008000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x7fefffffffffffffull,
    0x0010000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0x43e0000000000000ull, 0x3fe0000000000000ull, 0x36a0000000000000ull,
};
#define NSPEC32 (sizeof(special32) / sizeof(special32[0]))
#define NSPEC64 (sizeof(special64) / sizeof(special64[0]))

/* A float32 of moderate exponent (results stay in range mostly). */
static uint32_t rnd_f32(void)
{
    uint32_t v = rnd();

    switch (rnd() % 4) {
    case 0:
        return special32[rnd() % NSPEC32];
    case 1:
        return (v & 0x807fffff) | ((uint32_t)(112 + rnd() % 32) << 23);
    case 2:
        return v & 0x807fffff;              /* denormal */
    default:
        return v;
    }
}

static uint64_t rnd_f64(void)
{
    uint64_t v = rnd();

    switch (rnd() % 4) {
    case 0:
        return special64[rnd() % NSPEC64];
    case 1:
        return (v & 0x800fffffffffffffull) |
               ((uint64_t)(1008 + rnd() % 32) << 52);
    case 2:
        return v & 0x800fffffffffffffull;
    default:
        return v;
    }
}

/* Half an XMM register: two singles, a double or integer patterns. */
static uint64_t rnd_xmm_half(void)
{
    switch (rnd() % 3) {
    case 0:
        return rnd_f32() | (uint64_t)rnd_f32() << 32;
    case 1:
        return rnd_f64();
    default:
        return rnd_value();
    }
}

static uint32_t rnd_mxcsr(int mode)
{
    if (!(mode & FP_MXCSR_RANDOM)) {
        return 0x1f80;
    }
    /*
     * RC, FTZ, DAZ, and PE already set half the time: Kemu's host-FPU
     * path for SSE arithmetic runs only then.
     */
    return 0x1f80 | (rnd() & 0x6000) | (rnd() & 0x8060);
}

/* Where a pointer register points: the string registers apart. */
static uint64_t ptr_offset(int reg)
{
    switch (reg) {
    case 4:
        return ARENA_RSP;
    case 6:
        return 192;             /* rsi */
    case 7:
        return 256;             /* rdi */
    default:
        return 160;
    }
}

static uint64_t size_mask(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

static int64_t sext(uint64_t v, int size)
{
    int sh = 64 - (8 << size);

    return (int64_t)(v << sh) >> sh;
}

/*
 * DIV/IDIV inputs that do not raise #DE: a zero divisor becomes 1, a
 * quotient that does not fit gets a smaller high half of the dividend.
 * Divisor register 16 means the arena word at offset 160.
 */
static void fix_div(struct case_state *st, unsigned arg)
{
    int size = arg & 3, w = 8 << size;
    int sign = (arg >> 2) & 1, dreg = arg >> 3;
    uint64_t m = size_mask(size);
    uint64_t *dp = dreg == 16 ? (uint64_t *)(arena + 160) : &st->regs[dreg];
    uint64_t d, lo, hi;

    if ((*dp & m) == 0) {
        *dp |= 1;
    }
    d = *dp & m;
    if (size == 0) {
        lo = st->regs[0] & 0xff;
        hi = (st->regs[0] >> 8) & 0xff;
    } else {
        lo = st->regs[0] & m;
        hi = st->regs[2] & m;
    }
    if (!sign) {
        hi = hi >= d ? hi % d : hi;
    } else {
        __int128 dvd = (__int128)sext(hi, size) * ((__int128)1 << w) + lo;
        int64_t dv = sext(d, size);
        /* Dividing by -1 can overflow in C too: always fix it up. */
        __int128 q = dv == -1 ? 0 : dvd / dv;

        if (dv == -1 || q != sext((uint64_t)q, size)) {
            if (dv == -1 && lo == (1ull << (w - 1))) {
                lo = 0;
            }
            hi = sext(lo, size) < 0 ? m : 0;
        }
    }
    if (size == 0) {
        st->regs[0] = (st->regs[0] & ~0xffffull) | (hi << 8) | lo;
    } else {
        st->regs[0] = (st->regs[0] & ~m) | lo;
        st->regs[2] = (st->regs[2] & ~m) | hi;
    }
}

/*
 * Flags a shift or rotate by CL leaves undefined: kind 0 SHL/SHR/SAR,
 * 1 ROL/ROR, 2 RCL/RCR, 3 SHLD/SHRD.
 */
static uint16_t flag_mask_shift(const struct case_state *st, unsigned arg)
{
    int size = arg & 3, kind = arg >> 2;
    unsigned w = 8u << size;
    unsigned n = st->regs[1] & (size == 3 ? 63 : 31);

    if (n == 0) {
        return 0xffff;
    }
    switch (kind) {
    case 0:     /* SAR keeps CF defined: it is the sign */
        return ~(0x0010 | (n > 1 ? 0x0800 : 0) | (n >= w ? 0x0001 : 0));
    case 3:
        return ~(0x0010 | (n > 1 ? 0x0800 : 0));
    default:
        return n == 1 ? 0xffff : ~0x0800;
    }
}

static void hex(char **p, uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        *(*p)++ = "0123456789abcdef"[(v >> (4 * i)) & 15];
    }
}

/*
 * DPPS/DPPD with NaN products in more than one lane: which NaN each result
 * lane gets differs between CPUs.  A Xeon (family 6 model 85) sums every
 * DPPS lane i as (p[i^1] + p[i]) + (p[i^3] + p[i^2]) and DPPD lane i as
 * p[i] + p[i^1], so lanes differ, where the SDM's one sum (and Kemu, and
 * other hosts) give every lane the same NaN.  So the destination's NaN
 * lanes print as the default NaN: whether a lane is NaN is still compared.
 */
static void fix_dp_nan(uint64_t xmm[2], unsigned arg)
{
    int dbl = arg & 0x10;

    for (int h = 0; h < 2; h++) {
        if (dbl) {
            if ((xmm[h] & ~(1ull << 63)) > 0x7ff0000000000000ull) {
                xmm[h] = 0xfff8000000000000ull;
            }
            continue;
        }
        for (int sh = 0; sh < 64; sh += 32) {
            uint32_t v = xmm[h] >> sh;

            if ((v & 0x7fffffffu) > 0x7f800000u) {
                xmm[h] = (xmm[h] & ~(0xffffffffull << sh)) |
                         (uint64_t)0xffc00000u << sh;
            }
        }
    }
}

static void put_reg(char **p, char tag, int n, uint64_t v)
{
    *(*p)++ = ' ';
    *(*p)++ = tag;
    if (n >= 10) {
        *(*p)++ = '0' + n / 10;
    }
    *(*p)++ = '0' + n % 10;
    *(*p)++ = '=';
    hex(p, v, 16);
}

static void run_one(uint32_t idx, const struct case_desc *c)
{
    static uint64_t before[ARENA_SIZE / 8];
    struct case_state in;
    uint64_t base = (uint64_t)(uintptr_t)arena;
    uint16_t fmask = c->flagmask;
    char line[4096], *p = line;

    rng = 0x9e3779b97f4a7c15ull ^ ((uint64_t)c->seed << 1 | 1);
    for (int i = 0; i < ARENA_SIZE / 8; i++) {
        ((uint64_t *)arena)[i] = c->fpmode & FP_MEMORY ? rnd_xmm_half() : rnd_value();
    }
    for (int i = 0; i < 16; i++) {
        in.regs[i] = rnd_value();
        if (case_bits == 32) {
            in.regs[i] = i < 8 ? (uint32_t)in.regs[i] : 0;
        }
        if (c->smallmask & (1u << i)) {
            in.regs[i] &= c->smallbits;
        }
        if (c->ptrmask & (1u << i)) {
            in.regs[i] = base + ptr_offset(i);
        }
    }
    in.regs[4] = base + ARENA_RSP;
    for (int i = 0; i < 16; i++) {
        in.xmm[i][0] = rnd_xmm_half();
        in.xmm[i][1] = rnd_xmm_half();
    }
    in.mxcsr = rnd_mxcsr(c->fpmode);
    in.rflags = (rnd() & RFLAGS_IN) | 2;
    if (c->flagmask & 0x8000) {
        in.rflags |= rnd() & 0x400;     /* DF */
    }
    if (c->fix == FIX_DIV) {
        fix_div(&in, c->fixarg);
    } else if (c->fix == FIX_SHIFT_CL) {
        fmask &= flag_mask_shift(&in, c->fixarg);
    } else if (c->fix == FIX_X87) {
        x87_setup(rnd, arena, c->fixarg);
    }
    for (int i = 0; i < ARENA_SIZE / 8; i++) {
        before[i] = ((uint64_t *)arena)[i];
    }
    case_in = in;
    if (case_bits == 32) {
        case_out = (struct case_state) { 0 };
        for (int i = 8; i < 16; i++) {
            case_out.regs[i] = in.regs[i];
        }
        run_case32(c->code);
    } else {
        run_case(c->code);
    }

    if (c->fix == FIX_DP_NAN) {
        fix_dp_nan(case_out.xmm[c->fixarg & 15], c->fixarg);
    }
    hex(&p, idx, 5);
    *p++ = ' ';
    *p++ = 'f';
    *p++ = '=';
    hex(&p, case_out.rflags & fmask & RFLAGS_CMP, 4);
    for (int i = 0; i < 16; i++) {
        uint64_t v = case_out.regs[i];

        if (v == in.regs[i]) {
            continue;
        }
        put_reg(&p, 'r', i, v);
    }
    for (int i = 0; i < 16; i++) {
        if (case_out.xmm[i][0] != in.xmm[i][0] ||
            case_out.xmm[i][1] != in.xmm[i][1]) {
            put_reg(&p, 'x', i, case_out.xmm[i][1]);
            *p++ = ':';
            hex(&p, case_out.xmm[i][0], 16);
        }
    }
    if (case_out.mxcsr != in.mxcsr) {
        *p++ = ' ';
        *p++ = 'm';
        *p++ = 'x';
        *p++ = '=';
        hex(&p, case_out.mxcsr, 8);
    }
    for (int i = 0; i < ARENA_SIZE / 8; i++) {
        uint64_t v = ((uint64_t *)arena)[i];

        if (v != before[i]) {
            put_reg(&p, 'm', i, v);
        }
    }
    if (c->fix == FIX_X87) {
        p = x87_print(p, c->fixarg);
    }
    *p++ = '\n';
    *p = 0;
    out_str(line);
}

void run_all(void)
{
    out_str("class ");
    out_str(case_class);
    out_str("\n");
    if ((uintptr_t)arena != ARENA_ADDR) {
        out_str("the arena is not at ARENA_ADDR: check the link\n");
        return;
    }
    for (uint32_t i = 0; i < ncases; i++) {
        run_one(i, &cases[i]);
    }
}

/* The bare-metal program's entry into the cases (baremetal.c). */
void test_main(void)
{
    run_all();
}
