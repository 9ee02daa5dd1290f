/*
 * Helpers of x86-64 translated code: division, rotates through carry and
 * double shifts, CPUID/RDTSC/MSRs, port I/O, HLT, RFLAGS and control
 * register writes.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "exec/exec-all.h"
#include "exec/guest-atomic.h"
#include "system/main-loop.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static uint64_t size_mask(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

static int64_t sext(uint64_t v, int size)
{
    int bits = 8 << size;

    return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

void helper_raise_exception(void *opaque, uint32_t vector, uint32_t error)
{
    x86_raise_exception(opaque, vector, (int32_t)error, 0);
}

/*
 * DIV/IDIV: the dividend is AX (8-bit) or rDX:rAX, the quotient goes to
 * AL/rAX and the remainder to AH/rDX.  A zero divisor or a quotient that
 * does not fit raises #DE.  op = size | signed << 2.
 */
void helper_divide(void *opaque, uint64_t divisor, uint32_t op)
{
    CPUX86State *env = opaque;
    int size = op & 3, bits = 8 << size;
    bool sign = op & 4;
    uint64_t m = size_mask(size);
    unsigned __int128 udvd;
    __int128 q, r;

    divisor &= m;
    if (size == 0) {
        udvd = env->regs[R_EAX] & 0xffff;
    } else {
        udvd = ((unsigned __int128)(env->regs[R_EDX] & m) << bits) |
               (env->regs[R_EAX] & m);
    }
    if (divisor == 0) {
        x86_raise_exception(env, EXCP00_DIVZ, -1, TCG_GETPC());
    }
    if (sign) {
        __int128 dvd = (__int128)(udvd << (128 - 2 * bits)) >> (128 - 2 * bits);
        int64_t dvs = sext(divisor, size);

        q = dvd / dvs;
        r = dvd % dvs;
        if (q != sext((uint64_t)q, size)) {
            x86_raise_exception(env, EXCP00_DIVZ, -1, TCG_GETPC());
        }
    } else {
        q = udvd / divisor;
        r = udvd % divisor;
        if ((unsigned __int128)q > m) {
            x86_raise_exception(env, EXCP00_DIVZ, -1, TCG_GETPC());
        }
    }
    if (size == 0) {
        env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffull) |
                           ((uint64_t)q & 0xff) | (((uint64_t)r & 0xff) << 8);
    } else if (size == 1) {
        env->regs[R_EAX] = (env->regs[R_EAX] & ~m) | ((uint64_t)q & m);
        env->regs[R_EDX] = (env->regs[R_EDX] & ~m) | ((uint64_t)r & m);
    } else {
        env->regs[R_EAX] = (uint64_t)q & m;
        env->regs[R_EDX] = (uint64_t)r & m;
    }
}

/* Replace CF and OF (the rest of the flags is kept). */
static void set_cf_of(CPUX86State *env, bool cf, bool of)
{
    uint64_t f = x86_read_eflags(env) & ~(uint64_t)(CC_C | CC_O);

    x86_write_eflags(env, f | (cf ? CC_C : 0) | (of ? CC_O : 0), CC_ALL);
}

/* RCL, RCR: op = size | kind << 2 (kind 2 RCL, 3 RCR; ROL/ROR are inline). */
uint64_t helper_rotate(void *opaque, uint64_t val, uint64_t count, uint32_t op)
{
    CPUX86State *env = opaque;
    int size = op & 3, kind = op >> 2, w = 8 << size;
    uint64_t m = size_mask(size), msb = 1ull << (w - 1), res;
    unsigned n = count & (size == 3 ? 0x3f : 0x1f);
    bool cf;

    val &= m;
    if (n == 0) {
        return val;
    }
    /* Through carry: a (w + 1)-bit rotate of CF:val. */
    unsigned __int128 v = ((unsigned __int128)(x86_read_eflags(env) & CC_C)
                           << w) | val;
    unsigned __int128 vm = ((unsigned __int128)1 << (w + 1)) - 1;
    unsigned k = n % (w + 1);

    if (k) {
        v = kind == 2 ? (v << k) | (v >> (w + 1 - k))
                      : (v >> k) | (v << (w + 1 - k));
        v &= vm;
    }
    res = (uint64_t)v & m;
    cf = (v >> w) & 1;
    if (kind == 2) {
        set_cf_of(env, cf, !!(res & msb) ^ cf);
    } else {
        set_cf_of(env, cf, !!(res & msb) ^ !!(res & (msb >> 1)));
    }
    return res;
}

/* SHLD (op bit 2 set) and SHRD of dst with bits from src. */
uint64_t helper_shiftd(void *opaque, uint64_t dst, uint64_t src,
                       uint64_t count, uint32_t op)
{
    CPUX86State *env = opaque;
    int size = op & 3, w = 8 << size;
    bool left = op & 4;
    uint64_t m = size_mask(size), msb = 1ull << (w - 1), res;
    unsigned n = count & (size == 3 ? 0x3f : 0x1f);
    unsigned __int128 v;
    uint32_t f;
    bool cf;

    dst &= m;
    src &= m;
    if (n == 0) {
        return dst;
    }
    if (left) {
        v = ((unsigned __int128)dst << w) | src;
        res = (uint64_t)((v << n) >> w) & m;
        cf = (v >> (2 * w - n)) & 1;
    } else {
        v = ((unsigned __int128)src << w) | dst;
        res = (uint64_t)(v >> n) & m;
        cf = (v >> (n - 1)) & 1;
    }
    f = x86_cc_compute_all(CC_OP(CC_KIND_LOGIC, size), res, 0, 0);
    f |= cf ? CC_C : 0;
    f |= ((res ^ dst) & msb) ? CC_O : 0;
    x86_write_eflags(env, f, CC_ALL);
    return res;
}

void helper_cpuid(void *opaque)
{
    CPUX86State *env = opaque;
    uint32_t a, b, c, d;

    x86_cpuid(env_archcpu(env), env->regs[R_EAX], env->regs[R_ECX],
              &a, &b, &c, &d);
    env->regs[R_EAX] = a;
    env->regs[R_EBX] = b;
    env->regs[R_ECX] = c;
    env->regs[R_EDX] = d;
}

uint64_t x86_read_tsc(CPUX86State *env)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) + env->tsc_offset;
}

void helper_rdtsc(void *opaque)
{
    CPUX86State *env = opaque;
    uint64_t tsc = x86_read_tsc(env);

    env->regs[R_EAX] = (uint32_t)tsc;
    env->regs[R_EDX] = tsc >> 32;
}

/* RDTSCP: RDTSC and ECX = IA32_TSC_AUX. */
void helper_rdtscp(void *opaque)
{
    CPUX86State *env = opaque;

    helper_rdtsc(env);
    env->regs[R_ECX] = (uint32_t)env->tsc_aux;
}

void helper_hlt(void *opaque)
{
    CPUX86State *env = opaque;
    CPUState *cs = env_cpu(env);

    if ((env->eflags & IF_MASK) &&
        (cs->interrupt_request & CPU_INTERRUPT_HARD)) {
        return;
    }
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/* Port I/O goes to the "io" address space, under the big lock. */
uint64_t helper_in(void *opaque, uint32_t port, uint32_t size)
{
    bool locked = kemu_mutex_iothread_locked();
    uint64_t val;

    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    port &= 0xffff;
    switch (size) {
    case 0:
        val = address_space_ldub(&address_space_io, port, NULL);
        break;
    case 1:
        val = address_space_lduw_le(&address_space_io, port, NULL);
        break;
    default:
        val = address_space_ldl_le(&address_space_io, port, NULL);
        break;
    }
    if (!locked) {
        kemu_mutex_unlock_iothread();
    }
    return val;
}

void helper_out(void *opaque, uint32_t port, uint64_t val, uint32_t size)
{
    bool locked = kemu_mutex_iothread_locked();

    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    port &= 0xffff;
    switch (size) {
    case 0:
        address_space_stb(&address_space_io, port, val, NULL);
        break;
    case 1:
        address_space_stw_le(&address_space_io, port, val, NULL);
        break;
    default:
        address_space_stl_le(&address_space_io, port, val, NULL);
        break;
    }
    if (!locked) {
        kemu_mutex_unlock_iothread();
    }
}

uint64_t helper_read_eflags(void *opaque)
{
    return x86_read_eflags(opaque);
}

void helper_write_eflags(void *opaque, uint64_t val, uint64_t mask)
{
    x86_write_eflags(opaque, val, mask);
}

/*
 * MOV to CR0/CR3/CR4/CR8 (at CPL 0; the translator checks).  CR4.PCIDE
 * may only be set in long mode with CR3[11:0] = 0; with it, CR3 bit 63
 * (no flush) is not stored.  The softmmu TLB is not tagged with PCIDs,
 * so a CR3 write flushes every non-global page (global ones, PAGE_GLOBAL
 * under CR4.PGE, are the same in every address space); CR0 and CR4
 * writes flush it all.
 */
void helper_write_cr(void *opaque, uint32_t reg, uint64_t val)
{
    CPUX86State *env = opaque;

    switch (reg) {
    case 0:
        if ((val & CR0_PG) && !(val & CR0_PE)) {
            x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
        }
        if ((val & CR0_PG) && !(env->cr[0] & CR0_PG) &&
            (env->efer & EFER_LME) && !(env->cr[4] & CR4_PAE)) {
            x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
        }
        if ((val & CR0_PG) && (env->efer & EFER_LME)) {
            env->efer |= EFER_LMA;
        } else if (!(val & CR0_PG)) {
            if (env->cr[4] & CR4_PCIDE) {
                x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
            }
            env->efer &= ~(uint64_t)EFER_LMA;
        }
        env->cr[0] = val | CR0_ET;
        break;
    case 3:
        env->cr[3] = (env->cr[4] & CR4_PCIDE) ? val & ~CR3_NOFLUSH : val;
        tlb_flush_nonglobal(env_cpu(env));
        return;
    case 4:
        if ((val & CR4_PCIDE) && !(env->cr[4] & CR4_PCIDE) &&
            (!(env->efer & EFER_LMA) || (env->cr[3] & 0xfff))) {
            x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
        }
        env->cr[4] = val;
        break;
    case 8:
        env->cr8 = val & 0xf;
        return;
    default:
        env->cr[reg] = val;
        break;
    }
    x86_update_hflags(env);
    tlb_flush(env_cpu(env));
}

void helper_invlpg(void *opaque, uint64_t addr)
{
    tlb_flush_page(env_cpu((CPUX86State *)opaque), addr);
}

/*
 * LGDT/LIDT (which bit 0: IDT): a 16-bit limit then the base at addr, 64
 * bits in 64-bit mode (which bit 1), else 32 (24 with a 16-bit operand
 * size, which bit 2).
 */
void helper_load_dt(void *opaque, uint64_t addr, uint32_t which)
{
    CPUX86State *env = opaque;
    CPUState *cs = env_cpu(env);
    int idx = x86_data_mmu_idx(env, x86_cpl(env));
    uintptr_t ra = TCG_GETPC();
    DescTable *dt = (which & 1) ? &env->idt : &env->gdt;
    uint32_t limit = cpu_ld_mmu(cs, addr, make_memop_idx(MO_LEUW, idx), ra);
    uint64_t base = cpu_ld_mmu(cs, addr + 2, make_memop_idx((which & 2)
                               ? MO_LEUQ : MO_LEUL, idx), ra);

    if (which & 4) {
        base &= 0xffffff;
    }

    dt->limit = limit;
    dt->base = base;
}

/*
 * CMPXCHG16B m128: RDX:RAX against memory (16-byte aligned, else #GP),
 * RCX:RBX stored when equal; ZF says which.  Always one host atomic.
 */
void helper_cmpxchg16b(void *opaque, uint64_t addr, uint32_t mmu_idx)
{
    CPUX86State *env = opaque;
    uintptr_t ra = TCG_GETPC();
    uint64_t cmp[2] = { env->regs[R_EAX], env->regs[R_EDX] };
    uint64_t newv[2] = { env->regs[R_EBX], env->regs[R_ECX] };
    uint64_t old[2];
    bool eq;

    if (addr & 15) {
        x86_raise_exception(env, EXCP0D_GPF, 0, ra);
    }
    cpu_atomic_cmpxchg128(env_cpu(env), addr, cmp, newv, old, mmu_idx, ra);
    eq = old[0] == cmp[0] && old[1] == cmp[1];
    x86_write_eflags(env, eq ? CC_Z : 0, CC_Z);
    if (!eq) {
        env->regs[R_EAX] = old[0];
        env->regs[R_EDX] = old[1];
    }
}
