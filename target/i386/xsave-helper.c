/*
 * FXSAVE/FXRSTOR, XSAVE/XSAVEOPT/XRSTOR (standard format) and
 * XGETBV/XSETBV for the state Kemu has: x87 (XCR0 bit 0) and SSE (bit 1:
 * XMM0-15 and MXCSR).  XSAVEOPT uses neither optimisation: it saves like
 * XSAVE, and every requested component is reported in use (XINUSE = 1),
 * which the architecture allows.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "fpu-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define MXCSR_MASK 0xffff
#define XSTATE_X87 1ull
#define XSTATE_SSE 2ull
#define XSTATE_SUPPORTED (XSTATE_X87 | XSTATE_SSE)
#define XSAVE_HDR 512

/* Bytes 0-23 and 32-159 of the legacy area: the x87 state. */
static void save_x87(CPUX86State *env, uint64_t a, bool rexw, uintptr_t ra)
{
    uint8_t ftw = 0;

    for (int n = 0; n < 8; n++) {
        ftw |= !env->fptags[n] << n;
    }
    x86_st(env, a, env->fpuc, MO_16, ra);
    x86_st(env, a + 2, x87_status_word(env), MO_16, ra);
    x86_st(env, a + 4, ftw, MO_16, ra);
    x86_st(env, a + 6, env->fpop, MO_16, ra);
    if (rexw) {
        x86_st(env, a + 8, env->fpip, MO_64, ra);
        x86_st(env, a + 16, env->fpdp, MO_64, ra);
    } else {
        x86_st(env, a + 8, (uint32_t)env->fpip, MO_32, ra);
        x86_st(env, a + 12, env->fpcs, MO_32, ra);
        x86_st(env, a + 16, (uint32_t)env->fpdp, MO_32, ra);
        x86_st(env, a + 20, env->fpds, MO_32, ra);
    }
    for (int i = 0; i < 8; i++) {
        x87_st80(env, a + 32 + 16 * i, env->fpregs[(env->fpstt + i) & 7].f,
                 ra);
    }
}

static void load_x87(CPUX86State *env, uint64_t a, bool rexw, uintptr_t ra)
{
    uint8_t ftw = x86_ld(env, a + 4, MO_8, ra);
    floatx80 st[8];

    for (int i = 0; i < 8; i++) {
        st[i] = x87_ld80(env, a + 32 + 16 * i, ra);
    }
    env->fpuc = (x86_ld(env, a, MO_16, ra) & 0x1f3f) | 0x40;
    x87_set_status_word(env, x86_ld(env, a + 2, MO_16, ra));
    env->fpop = x86_ld(env, a + 6, MO_16, ra) & 0x7ff;
    if (rexw) {
        env->fpip = x86_ld(env, a + 8, MO_64, ra);
        env->fpdp = x86_ld(env, a + 16, MO_64, ra);
    } else {
        env->fpip = x86_ld(env, a + 8, MO_32, ra);
        env->fpcs = x86_ld(env, a + 12, MO_16, ra);
        env->fpdp = x86_ld(env, a + 16, MO_32, ra);
        env->fpds = x86_ld(env, a + 20, MO_16, ra);
    }
    for (int i = 0; i < 8; i++) {
        int n = (env->fpstt + i) & 7;

        env->fpregs[n].f = st[i];
        env->fptags[n] = !((ftw >> n) & 1);
    }
}

/* The x87 initial configuration (as XRSTOR with XSTATE_BV[0] = 0). */
static void init_x87(CPUX86State *env)
{
    x87_init(env);
    memset(env->fpregs, 0, sizeof(env->fpregs));
}

static void save_xmm(CPUX86State *env, uint64_t a, uintptr_t ra)
{
    for (int i = 0; i < 16; i++) {
        x86_st(env, a + 160 + 16 * i, env->xmm[i].q[0], MO_64, ra);
        x86_st(env, a + 168 + 16 * i, env->xmm[i].q[1], MO_64, ra);
    }
}

static void load_xmm(CPUX86State *env, uint64_t a, uintptr_t ra)
{
    for (int i = 0; i < 16; i++) {
        env->xmm[i].q[0] = x86_ld(env, a + 160 + 16 * i, MO_64, ra);
        env->xmm[i].q[1] = x86_ld(env, a + 168 + 16 * i, MO_64, ra);
    }
}

static void save_mxcsr(CPUX86State *env, uint64_t a, uintptr_t ra)
{
    x86_st(env, a + 24, env->mxcsr, MO_32, ra);
    x86_st(env, a + 28, MXCSR_MASK, MO_32, ra);
}

/* MXCSR from the image: #GP(0) on reserved bits, before any change. */
static uint32_t read_mxcsr(CPUX86State *env, uint64_t a, uintptr_t ra)
{
    uint32_t m = x86_ld(env, a + 24, MO_32, ra);

    if (m & ~MXCSR_MASK) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    return m;
}

static void check_align(CPUX86State *env, uint64_t a, unsigned align,
                        uintptr_t ra)
{
    if (a & (align - 1)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
}

void helper_fxsave(void *opaque, uint64_t addr, uint32_t rexw)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();

    check_align(env, addr, 16, ra);
    /* Probe the whole area first: a fault leaves memory as it was. */
    x86_st(env, addr + 511, x86_ld(env, addr + 511, MO_8, ra), MO_8, ra);
    save_x87(env, addr, rexw, ra);
    save_mxcsr(env, addr, ra);
    save_xmm(env, addr, ra);
}

void helper_fxrstor(void *opaque, uint64_t addr, uint32_t rexw)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint32_t mxcsr;

    check_align(env, addr, 16, ra);
    x86_ld(env, addr + 511, MO_8, ra);
    mxcsr = read_mxcsr(env, addr, ra);
    load_x87(env, addr, rexw, ra);
    load_xmm(env, addr, ra);
    env->mxcsr = mxcsr;
}

static void check_osxsave(CPUX86State *env, uintptr_t ra)
{
    if (!(env->cr[4] & CR4_OSXSAVE)) {
        x86_raise_exception(env, EXCP06_ILLOP, -1, ra);
    }
}

static uint64_t edx_eax(CPUX86State *env)
{
    return (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];
}

/* XSAVE and XSAVEOPT (standard format); rexw: the 64-bit FIP/FDP layout. */
void helper_xsave(void *opaque, uint64_t addr, uint32_t rexw)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t rfbm = env->xcr0 & edx_eax(env), bv;

    check_osxsave(env, ra);
    check_align(env, addr, 64, ra);
    bv = x86_ld(env, addr + XSAVE_HDR, MO_64, ra);
    x86_st(env, addr + XSAVE_HDR, bv, MO_64, ra);
    x86_st(env, addr + 575, x86_ld(env, addr + 575, MO_8, ra), MO_8, ra);
    if (rfbm & XSTATE_X87) {
        save_x87(env, addr, rexw, ra);
    }
    if (rfbm & XSTATE_SSE) {
        save_mxcsr(env, addr, ra);
        save_xmm(env, addr, ra);
    }
    x86_st(env, addr + XSAVE_HDR, (bv & ~rfbm) | rfbm, MO_64, ra);
}

void helper_xrstor(void *opaque, uint64_t addr, uint32_t rexw)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t rfbm = env->xcr0 & edx_eax(env), bv;
    uint32_t mxcsr = env->mxcsr;

    check_osxsave(env, ra);
    check_align(env, addr, 64, ra);
    bv = x86_ld(env, addr + XSAVE_HDR, MO_64, ra);
    /* XCOMP_BV and the next 8 bytes must be 0 (no compacted format). */
    if ((bv & ~env->xcr0) || x86_ld(env, addr + XSAVE_HDR + 8, MO_64, ra) ||
        x86_ld(env, addr + XSAVE_HDR + 16, MO_64, ra)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    if ((rfbm & bv) & XSTATE_SSE) {
        mxcsr = read_mxcsr(env, addr, ra);
    }
    x86_ld(env, addr + 575, MO_8, ra);
    if (rfbm & XSTATE_X87) {
        if (bv & XSTATE_X87) {
            load_x87(env, addr, rexw, ra);
        } else {
            init_x87(env);
        }
    }
    if (rfbm & XSTATE_SSE) {
        if (bv & XSTATE_SSE) {
            load_xmm(env, addr, ra);
        } else {
            memset(env->xmm, 0, sizeof(env->xmm));
            mxcsr = 0x1f80;
        }
        env->mxcsr = mxcsr;
    }
}

void helper_xgetbv(void *opaque)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();

    check_osxsave(env, ra);
    if ((uint32_t)env->regs[R_ECX] != 0) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    env->regs[R_EAX] = (uint32_t)env->xcr0;
    env->regs[R_EDX] = env->xcr0 >> 32;
}

void helper_xsetbv(void *opaque)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t v = edx_eax(env);

    check_osxsave(env, ra);
    if (x86_cpl(env) != 0 || (uint32_t)env->regs[R_ECX] != 0 ||
        !(v & XSTATE_X87) || (v & ~XSTATE_SUPPORTED)) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    env->xcr0 = v;
}

/* CPUID leaf 0xD for x87 and SSE: the legacy area and the header. */
void x86_cpuid_xsave(CPUX86State *env, uint32_t subleaf, uint32_t r[4])
{
    switch (subleaf) {
    case 0:
        r[0] = XSTATE_SUPPORTED;
        r[1] = 576;                 /* for the components in XCR0 */
        r[2] = 576;                 /* for all supported components */
        r[3] = 0;
        break;
    case 1:
        r[0] = 1;                   /* XSAVEOPT */
        break;
    default:
        break;
    }
}
