/*
 * target/i386 system level on its own: the page walk's permission checks
 * per MMU index (U/S, CR0.WP, NX, SMEP, SMAP with and without EFLAGS.AC,
 * reserved bits) and the #PF error codes, through x86_translate(), and
 * RDMSR/WRMSR reaching the board's MSR hook and the MSRs the CPU keeps.
 * tests/tcg/x86_64/sys.c runs the same features as guest code.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "../../target/i386/cpu.h"

/* The RDMSR/WRMSR helpers (msr.c); only their non-faulting paths. */
void helper_rdmsr(void *env);
void helper_wrmsr(void *env);

#define PML4 0x10000
#define PDPT 0x11000
#define PD   0x12000
#define PT   0x13000
#define P 1ull
#define RW 2ull
#define US 4ull
#define NX (1ull << 63)

static MemoryRegion ram;

static void put64(uint64_t pa, uint64_t v)
{
    g_assert_cmpint(address_space_write(&address_space_memory, pa, &v, 8),
                    ==, MEMTX_OK);
}

/* A long-mode CPU whose page at 0x400000 + 4K * i has pte_flags[i]. */
static X86CPU *new_paged_cpu(const uint64_t *pte_flags, int n)
{
    X86CPU *cpu = X86_CPU(object_new("max-x86_64-cpu"));
    CPUX86State *env = &cpu->env;

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    put64(PML4, PDPT | P | RW | US);
    put64(PDPT, PD | P | RW | US);
    put64(PD + 2 * 8, PT | P | RW | US);        /* 4 MiB - 6 MiB */
    for (int i = 0; i < n; i++) {
        put64(PT + i * 8, (0x100000 + i * 0x1000) | pte_flags[i]);
    }
    env->cr[0] = CR0_PE | CR0_PG | CR0_ET;
    env->cr[3] = PML4;
    env->cr[4] = CR4_PAE;
    env->efer = EFER_LME | EFER_LMA | EFER_NXE;
    return cpu;
}

/* Whether the access is allowed; else the #PF error code is *err. */
static bool can_err(X86CPU *cpu, int page, MMUAccessType t, int idx, int *err)
{
    X86Walk w;
    bool ok = x86_translate(&cpu->env, &address_space_memory,
                            0x400000 + page * 0x1000 + 8, t, idx, &w);

    if (ok) {
        g_assert_cmphex(w.pa, ==, 0x100000 + page * 0x1000 + 8);
    } else {
        *err = w.error;
    }
    return ok;
}

static bool can(X86CPU *cpu, int page, MMUAccessType t, int idx)
{
    int err;

    return can_err(cpu, page, t, idx, &err);
}

static void test_walk_permissions(void)
{
    static const uint64_t f[] = {
        P | RW,                 /* 0: supervisor */
        P | RW | US,            /* 1: user */
        P | US,                 /* 2: user, read-only */
        P | RW | US | NX,       /* 3: user, no execute */
        P | RW | (1ull << 45),  /* 4: a reserved bit */
        P,                      /* 5: supervisor, read-only */
    };
    X86CPU *cpu;
    CPUX86State *env;
    int err = 0;

    g_assert_true(memory_region_init_ram(&ram, "test", "ram", 16 << 20,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    cpu = new_paged_cpu(f, G_N_ELEMENTS(f));
    env = &cpu->env;

    /* U/S: user code cannot touch supervisor pages (#PF U|P). */
    g_assert_false(can_err(cpu, 0, MMU_DATA_LOAD, X86_MMU_IDX_USER, &err));
    g_assert_cmphex(err, ==, 5);
    g_assert_true(can(cpu, 0, MMU_DATA_STORE, X86_MMU_IDX_KERNEL));
    g_assert_true(can(cpu, 1, MMU_DATA_STORE, X86_MMU_IDX_USER));
    /* R/W for users; for the kernel only with CR0.WP. */
    g_assert_false(can_err(cpu, 2, MMU_DATA_STORE, X86_MMU_IDX_USER, &err));
    g_assert_cmphex(err, ==, 7);                /* U|W|P */
    g_assert_true(can(cpu, 5, MMU_DATA_STORE, X86_MMU_IDX_KERNEL));
    env->cr[0] |= CR0_WP;
    g_assert_false(can(cpu, 5, MMU_DATA_STORE, X86_MMU_IDX_KERNEL));
    /* NX, and NX bits are reserved without EFER.NXE. */
    g_assert_false(can_err(cpu, 3, MMU_INST_FETCH, X86_MMU_IDX_USER, &err));
    g_assert_cmphex(err, ==, 0x15);             /* I|U|P */
    g_assert_true(can(cpu, 1, MMU_INST_FETCH, X86_MMU_IDX_USER));
    env->efer &= ~(uint64_t)EFER_NXE;
    g_assert_false(can_err(cpu, 3, MMU_DATA_LOAD, X86_MMU_IDX_USER, &err));
    g_assert_cmphex(err, ==, 0xd);              /* RSVD|U|P */
    env->efer |= EFER_NXE;
    /* Reserved physical-address bits. */
    g_assert_false(can_err(cpu, 4, MMU_DATA_LOAD, X86_MMU_IDX_KERNEL, &err));
    g_assert_cmphex(err, ==, 9);                /* RSVD|P */
    /* Not present: no P bit. */
    g_assert_false(can_err(cpu, 7, MMU_DATA_STORE, X86_MMU_IDX_USER, &err));
    g_assert_cmphex(err, ==, 6);

    /* SMEP: no supervisor fetch from user pages. */
    g_assert_true(can(cpu, 1, MMU_INST_FETCH, X86_MMU_IDX_KERNEL));
    env->cr[4] |= CR4_SMEP;
    g_assert_false(can_err(cpu, 1, MMU_INST_FETCH, X86_MMU_IDX_KERNEL, &err));
    g_assert_cmphex(err, ==, 0x11);             /* I|P */
    g_assert_true(can(cpu, 0, MMU_INST_FETCH, X86_MMU_IDX_KERNEL));

    /* SMAP: user pages only through KERNEL_AC (EFLAGS.AC set). */
    env->cr[4] |= CR4_SMAP;
    g_assert_false(can_err(cpu, 1, MMU_DATA_LOAD, X86_MMU_IDX_KERNEL, &err));
    g_assert_cmphex(err, ==, 1);
    g_assert_true(can(cpu, 1, MMU_DATA_STORE, X86_MMU_IDX_KERNEL_AC));
    g_assert_true(can(cpu, 0, MMU_DATA_LOAD, X86_MMU_IDX_KERNEL));
    g_assert_cmpint(x86_data_mmu_idx(env, 0), ==, X86_MMU_IDX_KERNEL);
    env->eflags |= AC_MASK;
    g_assert_cmpint(x86_data_mmu_idx(env, 0), ==, X86_MMU_IDX_KERNEL_AC);
    g_assert_cmpint(x86_data_mmu_idx(env, 3), ==, X86_MMU_IDX_USER);

    g_assert_true(x86_canonical(0xffff800000000000ull));
    g_assert_false(x86_canonical(0xfff0800000000000ull));

    object_unref(cpu);
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
}

static uint64_t hook_val;
static uint32_t hook_msr;

static bool hook_read(void *opaque, uint32_t msr, uint64_t *val)
{
    g_assert_true(opaque == &hook_val);
    if (msr != 0x1b) {
        return false;
    }
    *val = hook_val;
    return true;
}

static bool hook_write(void *opaque, uint32_t msr, uint64_t val)
{
    hook_msr = msr;
    hook_val = val;
    return msr == 0x1b;
}

static uint64_t rdmsr(CPUX86State *env, uint32_t msr)
{
    env->regs[R_ECX] = msr;
    helper_rdmsr(env);
    return (uint32_t)env->regs[R_EAX] | (env->regs[R_EDX] << 32);
}

static void wrmsr(CPUX86State *env, uint32_t msr, uint64_t val)
{
    env->regs[R_ECX] = msr;
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = val >> 32;
    helper_wrmsr(env);
}

static void test_msrs(void)
{
    X86CPU *cpu = X86_CPU(object_new("qemu64-x86_64-cpu"));
    CPUX86State *env = &cpu->env;

    device_cold_reset(DEVICE(cpu));
    /* Power-on values Linux reads. */
    g_assert_cmphex(rdmsr(env, MSR_PAT), ==, 0x0007040600070406ull);
    g_assert_cmphex(rdmsr(env, MSR_MTRRCAP), ==, 0x508);
    /* Kept as written. */
    wrmsr(env, MSR_MTRR_FIX4K + 7, 0x0606060606060606ull);
    g_assert_cmphex(env->mtrr_fixed[10], ==, 0x0606060606060606ull);
    wrmsr(env, MSR_SYSENTER_EIP, 0xffffffff81000000ull);
    g_assert_cmphex(rdmsr(env, MSR_SYSENTER_EIP), ==, 0xffffffff81000000ull);
    wrmsr(env, MSR_TSC_AUX, 7);
    g_assert_cmphex(env->tsc_aux, ==, 7);
    wrmsr(env, MSR_CSTAR, 0x1234);
    g_assert_cmphex(env->cstar, ==, 0x1234);
    g_assert_cmphex(rdmsr(env, MSR_AMD64_SYSCFG), ==, 0);
    wrmsr(env, MSR_K7_HWCR, 1 << 6);
    g_assert_cmphex(rdmsr(env, MSR_K7_HWCR), ==, 1 << 6);

    /* The board's hook: IA32_APIC_BASE goes there. */
    x86_cpu_set_msr_hook(CPU(cpu), hook_read, hook_write, &hook_val);
    wrmsr(env, 0x1b, 0xfee00900);
    g_assert_cmphex(hook_msr, ==, 0x1b);
    hook_val = 0xfee00d00;
    g_assert_cmphex(rdmsr(env, 0x1b), ==, 0xfee00d00);
    /* The CPU's own MSRs never reach it. */
    hook_msr = 0;
    wrmsr(env, MSR_PAT, 0x0007040600070406ull);
    g_assert_cmphex(hook_msr, ==, 0);
    object_unref(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-sys/walk-permissions", test_walk_permissions);
    g_test_add_func("/x86-sys/msrs", test_msrs);
    return g_test_run();
}
