/*
 * RDMSR/WRMSR: the MSRs the CPU implements (EFER, TSC, the SYSCALL and
 * SYSENTER set, segment bases, TSC_AUX, PAT, MTRRs kept as written,
 * MISC_ENABLE, and the K8's SYSCFG and HWCR, which Linux reads
 * unconditionally on AMD family 0xf and later); the rest go to the board's hook (the local APIC), and an
 * MSR nobody implements raises #GP(0), as on hardware.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "exec/exec-all.h"
#include "system/main-loop.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/* MTRRcap: 8 variable ranges, fixed ranges, write-combining. */
#define MTRRCAP_VALUE (X86_MTRR_VAR_COUNT | (1u << 8) | (1u << 10))
#define MISC_ENABLE_FAST_STRING 1

/* The MSR slot for msr, or NULL when the CPU does not keep it. */
static uint64_t *msr_slot(CPUX86State *env, uint32_t msr)
{
    switch (msr) {
    case MSR_SYSENTER_CS:
        return &env->sysenter_cs;
    case MSR_SYSENTER_ESP:
        return &env->sysenter_esp;
    case MSR_SYSENTER_EIP:
        return &env->sysenter_eip;
    case MSR_MISC_ENABLE:
        return &env->misc_enable;
    case MSR_MTRR_VAR0 ... MSR_MTRR_VAR0 + 2 * X86_MTRR_VAR_COUNT - 1:
        return &env->mtrr_var[msr - MSR_MTRR_VAR0];
    case MSR_MTRR_FIX64K:
        return &env->mtrr_fixed[0];
    case MSR_MTRR_FIX16K ... MSR_MTRR_FIX16K + 1:
        return &env->mtrr_fixed[1 + msr - MSR_MTRR_FIX16K];
    case MSR_MTRR_FIX4K ... MSR_MTRR_FIX4K + 7:
        return &env->mtrr_fixed[3 + msr - MSR_MTRR_FIX4K];
    case MSR_PAT:
        return &env->pat;
    case MSR_MTRR_DEFTYPE:
        return &env->mtrr_deftype;
    case MSR_STAR:
        return &env->star;
    case MSR_LSTAR:
        return &env->lstar;
    case MSR_CSTAR:
        return &env->cstar;
    case MSR_FMASK:
        return &env->fmask;
    case MSR_FSBASE:
        return &env->segs[R_FS].base;
    case MSR_GSBASE:
        return &env->segs[R_GS].base;
    case MSR_KERNELGSBASE:
        return &env->kernelgsbase;
    case MSR_TSC_AUX:
        return &env->tsc_aux;
    case MSR_AMD64_SYSCFG:
        return &env->amd_syscfg;
    case MSR_K7_HWCR:
        return &env->amd_hwcr;
    case MSR_K8_INT_PENDING_MSG:
        return &env->amd_int_pending_msg;
    default:
        return NULL;
    }
}

/* Values a write may not hold: #GP(0). */
static bool msr_value_ok(uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FSBASE: case MSR_GSBASE: case MSR_KERNELGSBASE:
    case MSR_LSTAR: case MSR_CSTAR:
    case MSR_SYSENTER_ESP: case MSR_SYSENTER_EIP:
        return x86_canonical(val);
    case MSR_PAT:
        for (int i = 0; i < 8; i++) {
            unsigned t = (val >> (8 * i)) & 0xff;

            if (t > 7 || t == 2 || t == 3) {
                return false;
            }
        }
        return true;
    case MSR_TSC_AUX:
        return val >> 32 == 0;
    case MSR_MTRR_DEFTYPE:
        return (val & ~0xcffull) == 0;
    default:
        return true;
    }
}

/* Only a model with x2APIC in CPUID may switch its APIC to x2APIC mode. */
static bool x2apic_allowed(X86CPU *cpu, uint32_t msr, uint64_t val)
{
    uint32_t a, b, c, d;

    if (msr != MSR_APIC_BASE || !(val & MSR_APIC_BASE_EXTD)) {
        return true;
    }
    x86_cpuid(cpu, 1, 0, &a, &b, &c, &d);
    return c & (1u << 21);
}

/* The board's hook, under the big lock. */
static bool msr_hook(X86CPU *cpu, uint32_t msr, uint64_t *val, bool write)
{
    bool locked = kemu_mutex_iothread_locked(), ok = false;

    if (write ? !cpu->msr_write : !cpu->msr_read) {
        return false;
    }
    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    ok = write ? cpu->msr_write(cpu->msr_opaque, msr, *val)
               : cpu->msr_read(cpu->msr_opaque, msr, val);
    if (!locked) {
        kemu_mutex_unlock_iothread();
    }
    return ok;
}

void helper_rdmsr(void *opaque)
{
    CPUX86State *env = opaque;
    uint32_t msr = env->regs[R_ECX];
    uint64_t *slot = msr_slot(env, msr), val;

    if (msr == MSR_EFER) {
        val = env->efer;
    } else if (msr == MSR_IA32_TSC) {
        val = x86_read_tsc(env);
    } else if (msr == MSR_MTRRCAP) {
        val = MTRRCAP_VALUE;
    } else if (slot) {
        val = *slot;
    } else if (!msr_hook(env_archcpu(env), msr, &val, false)) {
        kemu_log_mask(LOG_UNIMP, "x86: rdmsr 0x%x: no such MSR, #GP\n", msr);
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = val >> 32;
}

void helper_wrmsr(void *opaque)
{
    CPUX86State *env = opaque;
    uint32_t msr = env->regs[R_ECX];
    uint64_t val = (uint32_t)env->regs[R_EAX] | (env->regs[R_EDX] << 32);
    uint64_t *slot = msr_slot(env, msr);

    if (msr == MSR_EFER) {
        uint64_t ok = EFER_SCE | EFER_LME | EFER_NXE;

        if (val & ~(ok | EFER_LMA)) {
            x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
        }
        env->efer = (env->efer & EFER_LMA) | (val & ok);
        x86_update_hflags(env);
        tlb_flush(env_cpu(env));
    } else if (msr == MSR_IA32_TSC) {
        env->tsc_offset = val - kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
    } else if (slot) {
        if (!msr_value_ok(msr, val)) {
            x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
        }
        *slot = val;
    } else if (!x2apic_allowed(env_archcpu(env), msr, val)) {
        kemu_log_mask(LOG_GUEST_ERROR,
                      "x86: x2APIC mode on a CPU model without x2APIC, #GP\n");
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    } else if (msr == MSR_MTRRCAP ||
               !msr_hook(env_archcpu(env), msr, &val, true)) {
        kemu_log_mask(LOG_UNIMP, "x86: wrmsr 0x%x: no such MSR, #GP\n", msr);
        x86_raise_exception(env, EXCP0D_GPF, 0, TCG_GETPC());
    }
}
