/*
 * target/i386 pieces on their own: CPUID of the models, the lazy flags,
 * RFLAGS reads and writes, the long-mode entry of hw/i386/x86-entry.c and
 * the page walk over its tables, descriptor decoding, the protected-mode
 * (multiboot) entry and 32-bit paging.  The instruction set is tested
 * against the host CPU by tests/tcg/test_x86_64.py.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "hw/i386/x86-entry.h"
#include "../../target/i386/cpu.h"
#include "../../target/i386/seg-helper.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "../../target/i386/helper.h"

static X86CPU *new_cpu(const char *type)
{
    X86CPU *cpu = X86_CPU(object_new(type));

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    return cpu;
}

/* max's CPUID.1:ECX: SSE3 SSSE3 CX16 PCID SSE4.1 SSE4.2 MOVBE POPCNT
 * XSAVE RDRAND. */
#define MAX_1_ECX (1 | (1u << 9) | (1u << 13) | (1u << 17) | (1u << 19) | \
                   (1u << 20) | (1u << 22) | (1u << 23) | (1u << 26) | \
                   (1u << 30))

static void test_cpuid(void)
{
    X86CPU *max = new_cpu("max-x86_64-cpu");
    X86CPU *q64 = new_cpu("qemu64-x86_64-cpu");
    uint32_t a, b, c, d;
    char vendor[13];

    x86_cpuid(max, 0, 0, &a, &b, &c, &d);
    g_assert_cmpuint(a, ==, 0xd);
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    g_assert_cmpstr(vendor, ==, "AuthenticAMD");
    /*
     * FPU PSE TSC MSR PAE CX8 SEP MTRR PGE CMOV PAT MMX FXSR SSE SSE2;
     * SSE3 SSSE3 CX16 PCID SSE4.1 SSE4.2 MOVBE POPCNT XSAVE RDRAND; no APIC.
     */
    x86_cpuid(max, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(d, ==, 0x781b979);
    g_assert_cmphex(c, ==, MAX_1_ECX);
    /* CR4.OSXSAVE shows as OSXSAVE (bit 27). */
    max->env.cr[4] |= CR4_OSXSAVE;
    x86_cpuid(max, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(c, ==, MAX_1_ECX | (1u << 27));
    max->env.cr[4] &= ~(uint64_t)CR4_OSXSAVE;
    /* Leaf 0xD: x87|SSE in a 576-byte area; XSAVEOPT. */
    x86_cpuid(max, 0xd, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 3);
    g_assert_cmpuint(b, ==, 576);
    g_assert_cmpuint(c, ==, 576);
    g_assert_cmphex(d, ==, 0);
    x86_cpuid(max, 0xd, 1, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 1);
    x86_cpuid(max, 0xd, 2, &a, &b, &c, &d);
    g_assert_cmphex(a | b | c | d, ==, 0);
    x86_cpuid(q64, 0xd, 0, &a, &b, &c, &d);
    g_assert_cmphex(a | b | c | d, ==, 0);     /* qemu64: no XSAVE */
    x86_cpuid(max, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0x60fb1);            /* family 15 model 107 */
    x86_cpuid(q64, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(c, ==, 1 | (1u << 13));     /* qemu64: no SSSE3, POPCNT */
    g_assert_cmphex(d, ==, 0x781b979);
    x86_cpuid(q64, 0, 0, &a, &b, &c, &d);
    g_assert_cmpuint(a, ==, 1);
    x86_cpuid(max, 0x80000001, 0, &a, &b, &c, &d);
    /* LM, RDTSCP, NX, SYSCALL */
    g_assert_cmphex(d, ==, (1u << 29) | (1u << 27) | (1u << 20) | (1u << 11));
    g_assert_cmphex(c, ==, 1 | (1u << 5));              /* LAHF, ABM */
    x86_cpuid(q64, 0x80000001, 0, &a, &b, &c, &d);
    g_assert_cmphex(c, ==, 1);
    x86_cpuid(max, 0x80000000, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0x80000008);
    x86_cpuid(q64, 0x80000008, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0x3028);             /* 40 physical, 48 linear */
    x86_cpuid(max, 0x80000002, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0x756d654b);         /* "Kemu" */
    x86_cpuid(max, 7, 0, &a, &b, &c, &d);
    /* FSGSBASE BMI1 SMEP BMI2 INVPCID SMAP; RDPID; no AVX2 (bit 5) */
    g_assert_cmphex(b, ==, 1 | (1u << 3) | (1u << 7) | (1u << 8) |
                    (1u << 10) | (1u << 20));
    g_assert_cmphex(c, ==, 1u << 22);
    x86_cpuid(q64, 7, 0, &a, &b, &c, &d);
    g_assert_cmphex(a | b | c | d, ==, 0);      /* beyond qemu64's leaves */
    object_unref(max);
    object_unref(q64);
}

static void test_flags(void)
{
    /* 0x7f + 1 at 8 bits: OF SF AF, no CF. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_ADD, MO_8), 0x80, 1, 0),
                    ==, CC_O | CC_S | CC_A);
    /* 0xff + 1: CF ZF AF PF. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_ADD, MO_8), 0x100, 1, 0),
                    ==, CC_C | CC_Z | CC_A | CC_P);
    /* 0 - 1 at 32 bits: CF SF AF PF. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_SUB, MO_32), ~0ull, 1,
                                       0), ==, CC_C | CC_S | CC_A | CC_P);
    /* ADC with carry in: 0xffffffffffffffff + 0 + 1 = 0, CF. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_ADC, MO_64), 0, 0, 1),
                    ==, CC_C | CC_Z | CC_A | CC_P);
    /* INC keeps CF from cc_src2. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_INC, MO_16), 0x8000, 0,
                                       CC_C), ==, CC_O | CC_S | CC_A | CC_P |
                    CC_C);
    /* SHL: CF is the last bit out, OF = CF ^ MSB. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_SHL, MO_8), 0x00, 0x80,
                                       0), ==, CC_C | CC_Z | CC_P | CC_O);
    /* MUL: overflow flag from cc_src. */
    g_assert_cmphex(x86_cc_compute_all(CC_OP(CC_KIND_MUL, MO_64), 2, 1, 0)
                    & (CC_C | CC_O), ==, CC_C | CC_O);
    g_assert_cmphex(x86_cc_compute_all(CC_OP_EFLAGS, 0, 0x8d5 | 0x400, 0),
                    ==, 0x8d5);
}

static void test_eflags(void)
{
    X86CPU *cpu = new_cpu("max-x86_64-cpu");
    CPUX86State *env = &cpu->env;

    g_assert_cmphex(x86_read_eflags(env), ==, 2);
    x86_write_eflags(env, CC_C | CC_Z | DF_MASK | IF_MASK, ~0ull);
    g_assert_cmphex(x86_read_eflags(env), ==,
                    2 | CC_C | CC_Z | DF_MASK | IF_MASK);
    g_assert_cmpuint(env->cc_op, ==, CC_OP_EFLAGS);
    /* Only the mask bits change. */
    x86_write_eflags(env, CC_S, CC_S | CC_Z);
    g_assert_cmphex(x86_read_eflags(env), ==,
                    2 | CC_C | CC_S | DF_MASK | IF_MASK);
    object_unref(cpu);
}

static void test_entry_and_walk(void)
{
    MemoryRegion ram;
    X86CPU *cpu = new_cpu("qemu64-x86_64-cpu");
    CPUX86State *env = &cpu->env;
    X86LongModeEntry e;
    uint64_t v = 0x1122334455667788ull, got = 0;
    Error *err = NULL;

    g_assert_true(memory_region_init_ram(&ram, "test", "ram", 16 << 20,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    g_assert_false(x86_entry_write_tables(0x1234, 0x100000,
                                          X86_ENTRY_CODE_SEL, &e, &err));
    g_assert_nonnull(err);
    error_free(err);
    g_assert_true(x86_entry_write_tables(0x1000, 0x100000, X86_ENTRY_CODE_SEL,
                                         &e, &error_fatal));
    x86_cpu_set_long_mode_entry(CPU(cpu), &e);

    g_assert_cmphex(env->rip, ==, 0x100000);
    g_assert_cmphex(env->cr[0] & (CR0_PE | CR0_PG), ==, CR0_PE | CR0_PG);
    g_assert_cmphex(env->efer & (EFER_LME | EFER_LMA), ==,
                    EFER_LME | EFER_LMA);
    g_assert_true(env->segs[R_CS].flags & DESC_L_MASK);
    g_assert_cmpuint(env->segs[R_CS].selector, ==, X86_ENTRY_CODE_SEL);
    g_assert_cmpuint(env->gdt.limit, ==, 23);

    /* A reset keeps the entry state. */
    env->rip = 0;
    device_cold_reset(DEVICE(cpu));
    g_assert_cmphex(env->rip, ==, 0x100000);

    /* The identity map: a write through the walk lands at the same PA. */
    g_assert_true(cpu_memory_rw_debug(CPU(cpu), 0xabcde8, (uint8_t *)&v, 8,
                                      true));
    g_assert_cmpint(address_space_read(&address_space_memory, 0xabcde8, &got,
                                       8), ==, MEMTX_OK);
    g_assert_cmphex(got, ==, v);
    /* The walk set the accessed bit of the 2 MiB entry (PD[5]). */
    g_assert_cmpint(address_space_read(&address_space_memory,
                                       0x4000 + 5 * 8, &got, 8), ==, MEMTX_OK);
    g_assert_cmphex(got & 0xa3, ==, 0xa3);      /* P RW A PS */
    /* Nothing is mapped above 4 GiB. */
    g_assert_false(cpu_memory_rw_debug(CPU(cpu), 0x100000000ull + 0xabcde8,
                                       (uint8_t *)&got, 8, false));

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(cpu);
}

static void test_desc(void)
{
    /* Base 0x12345678, limit 0xabcde pages (G), DPL 3 data, B. */
    uint64_t d = (0x12ull << 56) | (0xcaull << 48) | (0xf3ull << 40) |
                 (0x34ull << 32) | (0x5678ull << 16) | 0xbcde;
    uint64_t g = d & ~(1ull << 55);                     /* G = 0 */

    g_assert_cmphex(x86_desc_base(d), ==, 0x12345678);
    g_assert_cmphex(x86_desc_limit(d), ==, 0xabcdefff);
    g_assert_cmphex(x86_desc_limit(g), ==, 0xabcde);
    g_assert_cmpuint(x86_desc_dpl(d), ==, 3);
    g_assert_cmpuint(x86_desc_type(d), ==, 3);           /* RW, accessed */
    g_assert_true(x86_desc_flags(d) & DESC_B_MASK);
    g_assert_true(x86_desc_flags(d) & DESC_S_MASK);
    g_assert_false(x86_desc_flags(d) & DESC_L_MASK);
}

/* The multiboot entry state, real-mode CPL, and 32-bit paging. */
static void test_protected_entry_and_walk32(void)
{
    MemoryRegion ram;
    X86CPU *cpu = new_cpu("qemu64-x86_64-cpu");
    CPUX86State *env = &cpu->env;
    X86ProtectedModeEntry e = { 0x100000, 0x2badb002, 0x9000 };
    uint32_t pde[2] = { 0x00000083, 0x3003 }, pte = 0x00abc003;
    uint32_t v = 0xcafef00d, got = 0;

    /* Real mode runs at CPL 0 whatever CS's low bits are. */
    env->segs[R_CS].selector = 0xf003;
    g_assert_cmpuint(x86_cpl(env), ==, 0);

    g_assert_true(memory_region_init_ram(&ram, "test", "ram", 16 << 20,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    x86_cpu_set_protected_mode_entry(CPU(cpu), &e);
    env->rip = 0;
    device_cold_reset(DEVICE(cpu));
    g_assert_cmphex(env->rip, ==, 0x100000);
    g_assert_cmphex(env->regs[R_EAX], ==, 0x2badb002);
    g_assert_cmphex(env->cr[0] & (CR0_PE | CR0_PG), ==, CR0_PE);
    g_assert_true(env->segs[R_CS].flags & DESC_B_MASK);
    g_assert_false(env->efer & EFER_LMA);

    /* PD at 0x2000: 0-4 MiB one PSE page, 4-8 MiB through a PT at 0x3000. */
    address_space_write(&address_space_memory, 0x2000, pde, sizeof(pde));
    address_space_write(&address_space_memory, 0x3000 + 5 * 4, &pte, 4);
    address_space_write(&address_space_memory, 0xabc010, &v, 4);
    env->cr[3] = 0x2000;
    env->cr[4] = CR4_PSE;
    env->cr[0] |= CR0_PG;
    g_assert_true(cpu_memory_rw_debug(CPU(cpu), 0x405010, (uint8_t *)&got, 4,
                                      false));
    g_assert_cmphex(got, ==, v);
    got = 0;
    g_assert_true(cpu_memory_rw_debug(CPU(cpu), 0x2000, (uint8_t *)&got, 4,
                                      false));
    g_assert_cmphex(got & ~0x20u, ==, pde[0]);  /* the 4 MiB page: PA = VA */
    /* Not present: 8 MiB and up; without PSE PDE 0 is a table pointer. */
    g_assert_false(cpu_memory_rw_debug(CPU(cpu), 0x800000, (uint8_t *)&got,
                                       4, false));
    env->cr[4] = 0;
    g_assert_false(cpu_memory_rw_debug(CPU(cpu), 0x2000, (uint8_t *)&got, 4,
                                       false));

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(cpu);
}

/* Linux's 64-bit boot protocol: __BOOT_CS 0x10, __BOOT_DS 0x18. */
static void test_linux_entry_selectors(void)
{
    MemoryRegion ram;
    X86CPU *cpu = new_cpu("qemu64-x86_64-cpu");
    CPUX86State *env = &cpu->env;
    X86LongModeEntry e;
    uint64_t desc[4];

    g_assert_true(memory_region_init_ram(&ram, "test", "ram", 1 << 20,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    g_assert_true(x86_entry_write_tables(0x1000, 0x100200, X86_LINUX_BOOT_CS,
                                         &e, &error_fatal));
    e.rsi = 0x10000;
    x86_cpu_set_long_mode_entry(CPU(cpu), &e);
    g_assert_cmpuint(env->segs[R_CS].selector, ==, 0x10);
    g_assert_cmpuint(env->segs[R_SS].selector, ==, 0x18);
    g_assert_cmpuint(env->segs[R_DS].selector, ==, 0x18);
    g_assert_cmpuint(env->gdt.limit, ==, 31);
    g_assert_cmphex(env->regs[R_ESI], ==, 0x10000);
    g_assert_cmphex(env->rip, ==, 0x100200);
    g_assert_cmpint(address_space_read(&address_space_memory, 0x1000, desc,
                                       sizeof(desc)), ==, MEMTX_OK);
    g_assert_cmphex(desc[0] | desc[1], ==, 0);
    g_assert_true(desc[2] & (1ull << 53));          /* L: 64-bit code */
    g_assert_cmphex((desc[3] >> 40) & 0xff, ==, 0x93);  /* data, RW */

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(cpu);
}

static uint8_t test_sipi_vector(void *opaque)
{
    return *(uint8_t *)opaque;
}

/* An application processor: halted until INIT, then SIPI starts it. */
static void test_init_sipi(void)
{
    X86CPU *cpu = new_cpu("qemu64-x86_64-cpu");
    CPUState *cs = CPU(cpu);
    CPUClass *cc = CPU_GET_CLASS(cs);
    CPUX86State *env = &cpu->env;
    uint8_t vector = 0x9a;

    x86_cpu_set_ap(cs, test_sipi_vector, &vector);
    g_assert_true(cs->halted);
    /* After reset it waits for a SIPI (or INIT): interrupts do not count. */
    env->eflags |= IF_MASK;
    cs->interrupt_request = CPU_INTERRUPT_HARD | CPU_INTERRUPT_SIPI;
    g_assert_true(cc->has_work(cs));
    cs->interrupt_request = CPU_INTERRUPT_HARD;
    g_assert_false(cc->has_work(cs));
    cs->interrupt_request = CPU_INTERRUPT_INIT;
    g_assert_true(cc->has_work(cs));
    cs->interrupt_request = 0;

    env->rip = 0x1234;
    x86_cpu_take_init(cpu);
    g_assert_true(cs->halted);
    g_assert_cmphex(env->rip, ==, 0xfff0);
    x86_cpu_take_sipi(cpu);
    g_assert_false(cs->halted);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x9a00);
    g_assert_cmphex(env->segs[R_CS].base, ==, 0x9a000);
    g_assert_cmphex(env->rip, ==, 0);
    g_assert_false(env->cr[0] & CR0_PE);
    /* Now ordinary interrupts count again. */
    cs->interrupt_request = CPU_INTERRUPT_HARD;
    env->eflags |= IF_MASK;
    g_assert_true(cc->has_work(cs));
    /* A reset puts it back to waiting. */
    cs->interrupt_request = 0;
    device_cold_reset(DEVICE(cpu));
    g_assert_true(cs->halted);
    object_unref(cpu);
}

static uint64_t msr_seen, msr_written;

static bool test_msr_read(void *opaque, uint32_t msr, uint64_t *val)
{
    msr_seen = msr;
    *val = 0xfee00900;
    return true;
}

static bool test_msr_write(void *opaque, uint32_t msr, uint64_t val)
{
    msr_seen = msr;
    msr_written = val;
    return true;
}

/* The board's APIC: CPUID reports it, unknown MSRs reach its hook. */
static void test_apic_msr_hook(void)
{
    X86CPU *cpu = new_cpu("qemu64-x86_64-cpu");
    CPUX86State *env = &cpu->env;
    uint32_t a, b, c, d;

    x86_cpuid(cpu, 1, 0, &a, &b, &c, &d);
    g_assert_false(d & (1u << 9));
    x86_cpu_set_msr_hook(CPU(cpu), test_msr_read, test_msr_write, NULL);
    x86_cpuid(cpu, 1, 0, &a, &b, &c, &d);
    g_assert_true(d & (1u << 9));

    env->regs[R_ECX] = 0x1b;
    helper_rdmsr(env);
    g_assert_cmphex(msr_seen, ==, 0x1b);
    g_assert_cmphex(env->regs[R_EAX], ==, 0xfee00900);
    g_assert_cmphex(env->regs[R_EDX], ==, 0);
    env->regs[R_ECX] = 0x6e0;
    env->regs[R_EAX] = 0x89abcdef;
    env->regs[R_EDX] = 0x1234;
    helper_wrmsr(env);
    g_assert_cmphex(msr_seen, ==, 0x6e0);
    g_assert_cmphex(msr_written, ==, 0x123489abcdefull);
    /* The CPU's own MSRs stay with the CPU. */
    msr_seen = 0;
    env->regs[R_ECX] = MSR_LSTAR;
    helper_wrmsr(env);
    g_assert_cmphex(msr_seen, ==, 0);
    g_assert_cmphex(env->lstar, ==, 0x123489abcdefull);
    object_unref(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/cpuid", test_cpuid);
    g_test_add_func("/x86/flags", test_flags);
    g_test_add_func("/x86/eflags", test_eflags);
    g_test_add_func("/x86/entry-and-walk", test_entry_and_walk);
    g_test_add_func("/x86/desc", test_desc);
    g_test_add_func("/x86/protected-entry-and-walk32",
                    test_protected_entry_and_walk32);
    g_test_add_func("/x86/linux-entry-selectors", test_linux_entry_selectors);
    g_test_add_func("/x86/init-sipi", test_init_sipi);
    g_test_add_func("/x86/apic-msr-hook", test_apic_msr_hook);
    return g_test_run();
}
