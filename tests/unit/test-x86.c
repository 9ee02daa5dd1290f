/*
 * target/i386 pieces on their own: CPUID of the models, the lazy flags,
 * RFLAGS reads and writes, the long-mode entry of hw/i386/x86-entry.c and
 * the page walk over its tables.  The instruction set is tested against
 * the host CPU by tests/tcg/test_x86_64.py.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "hw/i386/x86-entry.h"
#include "../../target/i386/cpu.h"

static X86CPU *new_cpu(const char *type)
{
    X86CPU *cpu = X86_CPU(object_new(type));

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    return cpu;
}

static void test_cpuid(void)
{
    X86CPU *max = new_cpu("max-x86_64-cpu");
    X86CPU *q64 = new_cpu("qemu64-x86_64-cpu");
    uint32_t a, b, c, d;
    char vendor[13];

    x86_cpuid(max, 0, 0, &a, &b, &c, &d);
    g_assert_cmpuint(a, ==, 1);
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    g_assert_cmpstr(vendor, ==, "AuthenticAMD");
    /*
     * TSC MSR PAE CX8 CMOV MMX SSE SSE2; SSE3 SSSE3 CX16 SSE4.1 SSE4.2
     * MOVBE POPCNT RDRAND; no FPU.
     */
    x86_cpuid(max, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(d, ==, 0x6808170);
    g_assert_cmphex(c, ==, 1 | (1u << 9) | (1u << 13) | (1u << 19) |
                    (1u << 20) | (1u << 22) | (1u << 23) | (1u << 30));
    g_assert_cmphex(a, ==, 0x60fb1);            /* family 15 model 107 */
    x86_cpuid(q64, 1, 0, &a, &b, &c, &d);
    g_assert_cmphex(c, ==, 1 | (1u << 13));     /* qemu64: no SSSE3, POPCNT */
    x86_cpuid(max, 0x80000001, 0, &a, &b, &c, &d);
    g_assert_cmphex(d, ==, (1u << 29) | (1u << 20));    /* LM, NX */
    g_assert_cmphex(c, ==, 1 | (1u << 5));              /* LAHF, ABM */
    x86_cpuid(q64, 0x80000001, 0, &a, &b, &c, &d);
    g_assert_cmphex(c, ==, 1);
    x86_cpuid(max, 0x80000002, 0, &a, &b, &c, &d);
    g_assert_cmphex(a, ==, 0x756d654b);         /* "Kemu" */
    x86_cpuid(max, 7, 0, &a, &b, &c, &d);
    g_assert_cmphex(a | b | c | d, ==, 0);      /* not advertised */
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
    g_assert_false(x86_entry_write_tables(0x1234, 0x100000, &e, &err));
    g_assert_nonnull(err);
    error_free(err);
    g_assert_true(x86_entry_write_tables(0x1000, 0x100000, &e, &error_fatal));
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/cpuid", test_cpuid);
    g_test_add_func("/x86/flags", test_flags);
    g_test_add_func("/x86/eflags", test_eflags);
    g_test_add_func("/x86/entry-and-walk", test_entry_and_walk);
    return g_test_run();
}
