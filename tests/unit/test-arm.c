/*
 * target/arm pieces on their own: logical immediates, the sysreg table,
 * the stage 1 walker against tables in guest RAM, gdb registers.  The
 * instruction set is tested by the bare-metal programs of tests/tcg/,
 * against QEMU.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "tcg/tcg.h"
#include "tcg/memop.h"
#include "../../target/arm/internals.h"
#include "../../target/arm/sysreg.h"

static ARMCPU *new_cpu_model(const char *type)
{
    ARMCPU *cpu = ARM_CPU(object_new(type));

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    return cpu;
}

static ARMCPU *new_cpu(void)
{
    return new_cpu_model("cortex-a72-aarch64-cpu");
}

/* ---- Logical immediates ---- */

static void test_bitmask(void)
{
    static const struct {
        bool sf;
        int n, immr, imms;
        uint64_t value;
    } ok[] = {
        { 1, 1, 0, 0, 1 },
        { 1, 0, 0, 0x3c, 0x5555555555555555ull },
        { 1, 0, 1, 0x3c, 0xaaaaaaaaaaaaaaaaull },
        { 1, 0, 0, 0x07, 0x000000ff000000ffull },
        { 1, 1, 1, 0, 0x8000000000000000ull },
        { 1, 1, 0, 62, 0x7fffffffffffffffull },
        { 1, 0, 0, 0x30, 0x0101010101010101ull },
        { 0, 0, 0, 30, 0x7fffffff },
        { 0, 0, 1, 0, 0x80000000 },
        { 0, 0, 8, 0x27, 0xff00ff00 },
    };
    uint64_t v;

    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        g_assert_true(arm_decode_bitmask(ok[i].sf, ok[i].n, ok[i].imms,
                                         ok[i].immr, &v));
        g_assert_cmphex(v, ==, ok[i].value);
    }
    /* All ones in an element, N=1 for 32 bits, and no element: reserved. */
    g_assert_false(arm_decode_bitmask(1, 1, 63, 0, &v));
    g_assert_false(arm_decode_bitmask(1, 0, 0x3d, 0, &v));
    g_assert_false(arm_decode_bitmask(0, 1, 0, 0, &v));
    g_assert_false(arm_decode_bitmask(1, 0, 0x3f, 0, &v));
}

/* ---- System registers ---- */

static void test_sysreg_lookup(void)
{
    ARMCPU *cpu = new_cpu();
    const ARMSysReg *ri = arm_sysreg_find(3, 0, 1, 0, 0);

    g_assert_nonnull(ri);
    g_assert_cmpstr(ri->name, ==, "SCTLR_EL1");
    g_assert_cmphex(arm_sysreg_read(cpu, ri), ==, 0x00c50838);
    arm_sysreg_write(&cpu->env, ri, 0x00c50839);
    g_assert_cmphex(cpu->env.cp15.sctlr_el1, ==, 0x00c50839);

    ri = arm_sysreg_find(3, 0, 0, 0, 0);
    g_assert_cmpstr(ri->name, ==, "MIDR_EL1");
    g_assert_cmphex(arm_sysreg_read(cpu, ri), ==, 0x410fd083);
    g_assert_false(ri->access & (SR_PL1_W | SR_PL0_R));

    ri = arm_sysreg_find_by_name("tpidr_el0");
    g_assert_true(ri->access & SR_PL0_W);
    g_assert_true(arm_sysreg_find(ri->op0, ri->op1, ri->crn, ri->crm,
                                  ri->op2) == ri);
    ri = arm_sysreg_find_by_name("TPIDRRO_EL0");
    g_assert_true((ri->access & (SR_PL0_R | SR_PL0_W)) == SR_PL0_R);
    g_assert_cmpint(arm_sysreg_find_by_name("DC ZVA")->kind, ==, SR_INSN);
    /* EL2 registers and IMPDEF space are not there. */
    g_assert_null(arm_sysreg_find(3, 4, 1, 0, 0));
    g_assert_null(arm_sysreg_find(3, 2, 15, 15, 7));
    object_unref(cpu);
}

/* ---- Stage 1 walker ---- */

#define WALK_RAM 0x80000000ull      /* tables live here */
#define PTE_VALID_PAGE 3
#define PTE_AF (1ull << 10)
#define PTE_AP_EL0 (1ull << 6)
#define PTE_RO (1ull << 7)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_NG (1ull << 11)

static void put_desc(uint64_t table, unsigned idx, uint64_t desc)
{
    uint64_t le = GUINT64_TO_LE(desc);

    g_assert_cmpint(address_space_write(&address_space_memory,
                                        table + idx * 8, &le, 8), ==, MEMTX_OK);
}

/*
 * TTBR0 at WALK_RAM: L0[0] -> L1 at +0x1000, L1[1] (1 GiB) -> L2 at +0x2000,
 * L2[0] -> L3 at +0x3000, L2[1] a 2 MiB block, L3 pages with various bits.
 */
static void build_tables(void)
{
    put_desc(WALK_RAM, 0, WALK_RAM + 0x1000 + PTE_VALID_PAGE);
    put_desc(WALK_RAM + 0x1000, 1, WALK_RAM + 0x2000 + PTE_VALID_PAGE);
    put_desc(WALK_RAM + 0x2000, 0, WALK_RAM + 0x3000 + PTE_VALID_PAGE);
    put_desc(WALK_RAM + 0x2000, 1, 0x12200000 | PTE_AF | 1);
    put_desc(WALK_RAM + 0x3000, 0, 0x50000000 | PTE_AF | 3);
    put_desc(WALK_RAM + 0x3000, 1, 0x50001000 | PTE_AF | PTE_AP_EL0 | PTE_RO |
             PTE_PXN | 3);
    put_desc(WALK_RAM + 0x3000, 2, 0x50002000 | 3);               /* no AF */
    put_desc(WALK_RAM + 0x3000, 3, 0x50003000 | PTE_AF | PTE_AP_EL0 | PTE_NG |
             3);
}

static void test_walk(void)
{
    MemoryRegion ram;
    ARMCPU *cpu = new_cpu();
    CPUARMState *env = &cpu->env;
    ARMWalkResult r;

    g_assert_true(memory_region_init_ram(&ram, "test", "tables", 0x10000,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), WALK_RAM, &ram);
    build_tables();

    /* MMU off: identity, everything allowed. */
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40001234,
                                       MMU_DATA_STORE, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.pa, ==, 0x40001234);

    env->cp15.ttbr0_el1 = WALK_RAM;
    env->cp15.tcr_el1 = 16 | (1ull << 23);      /* T0SZ=16, EPD1 */
    env->cp15.sctlr_el1 |= SCTLR_M;
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40000abc,
                                       MMU_DATA_STORE, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.pa, ==, 0x50000abc);
    g_assert_cmpint(r.page_size, ==, 4096);
    g_assert_cmpint(r.prot, ==,
                    PAGE_READ | PAGE_WRITE | PAGE_EXEC | PAGE_GLOBAL);
    /* EL1-only page from EL0: permission fault, level 3. */
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40000abc,
                                        MMU_DATA_LOAD, ARM_MMU_IDX_EL0, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_PERMISSION | 3);
    /* Read-only, PXN, EL0-readable. */
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40001000,
                                       MMU_DATA_LOAD, ARM_MMU_IDX_EL0, &r));
    g_assert_cmpint(r.prot, ==, PAGE_READ | PAGE_EXEC | PAGE_GLOBAL);
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40001000,
                                        MMU_INST_FETCH, ARM_MMU_IDX_EL1, &r));
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40001000,
                                        MMU_DATA_STORE, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_PERMISSION | 3);
    /* Access flag clear; EL0-writable not executable at EL1. */
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40002000,
                                        MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_ACCESS_FLAG | 3);
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40003000,
                                        MMU_INST_FETCH, ARM_MMU_IDX_EL1, &r));
    /* nG: the current ASID's only, dropped by tlb_flush_nonglobal. */
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40003000,
                                       MMU_DATA_STORE, ARM_MMU_IDX_EL0, &r));
    g_assert_cmpint(r.prot, ==, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    /* 2 MiB block at level 2. */
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40212345,
                                       MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.pa, ==, 0x12212345);
    g_assert_cmpint(r.page_size, ==, 2 * 1024 * 1024);
    /* Unmapped: translation faults at the level that is invalid. */
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40004000,
                                        MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION | 3);
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x80000000,
                                        MMU_DATA_LOAD, ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION | 1);
    /* TTBR1 half disabled by EPD1; a non-canonical address faults at 0. */
    g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                        0xffff000000000000ull, MMU_DATA_LOAD,
                                        ARM_MMU_IDX_EL1, &r));
    g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                        0x0001000000000000ull, MMU_DATA_LOAD,
                                        ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION);

    /* A probing tlb_fill reports the fault; AT writes PAR_EL1. */
    g_assert_false(arm_cpu_tlb_fill(CPU(cpu), 0x40004000, 4, MMU_DATA_LOAD,
                                    ARM_MMU_IDX_EL1, true, 0));
    /* PAR: RES1 bit 11, NS, SH and the MAIR attributes (index 0). */
    env->cp15.mair_el1 = 0x44;
    arm_at_s1e1(env, 0x40000123, MMU_DATA_LOAD, ARM_MMU_IDX_EL1);
    g_assert_cmphex(env->cp15.par_el1, ==, 0x4400000050000a00ull);
    arm_at_s1e1(env, 0x40004000, MMU_DATA_LOAD, ARM_MMU_IDX_EL1);
    g_assert_cmphex(env->cp15.par_el1, ==,
                    0x801 | ((ARM_FSC_TRANSLATION | 3) << 1));

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(cpu);
}

/*
 * 64K and 16K granules: T0SZ 22 (42-bit VA) starts a 64K walk at level 2,
 * T0SZ 28 (36-bit) a 16K walk at level 2 too; level 2 blocks are 512 MiB
 * and 32 MiB.  TG0 = 16K on the A72 (no 16K granule) walks as 64K.
 */
static void test_walk_granules(void)
{
    MemoryRegion ram;
    ARMCPU *a72 = new_cpu(), *max = new_cpu_model("max-aarch64-cpu");
    ARMWalkResult r;

    g_assert_cmphex((a72->isar.id_aa64mmfr0 >> 20) & 0xf, ==, 0);
    g_assert_cmphex((a72->isar.id_aa64mmfr0 >> 24) & 0xf, ==, 0);
    g_assert_cmphex((max->isar.id_aa64mmfr0 >> 20) & 0xf, ==, 1);
    g_assert_true(memory_region_init_ram(&ram, "test", "tables", 0x40000,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), WALK_RAM, &ram);
    /* 64K: L2 (8192 entries) at WALK_RAM, L3 at +0x10000. */
    put_desc(WALK_RAM, 0, WALK_RAM + 0x10000 + PTE_VALID_PAGE);
    put_desc(WALK_RAM, 1, 0x60000000 | PTE_AF | 1);
    put_desc(WALK_RAM + 0x10000, 2, 0x50020000 | PTE_AF | 3);
    put_desc(WALK_RAM + 0x10000, 3, 0x50030000 | 3);         /* no AF */
    for (int i = 0; i < 2; i++) {
        CPUARMState *env = i ? &max->env : &a72->env;
        /* TG0: 64K on both; the A72 also for 16K. */
        uint64_t tg0 = i ? 1 : 2;

        env->cp15.ttbr0_el1 = WALK_RAM;
        env->cp15.tcr_el1 = 22 | (tg0 << 14) | (1ull << 23);
        env->cp15.sctlr_el1 |= SCTLR_M;
        g_assert_true(arm_stage1_translate(env, &address_space_memory,
                                           0x2abcd, MMU_DATA_LOAD,
                                           ARM_MMU_IDX_EL1, &r));
        g_assert_cmphex(r.pa, ==, 0x5002abcd);
        g_assert_cmphex(r.page_size, ==, 0x10000);
        g_assert_true(arm_stage1_translate(env, &address_space_memory,
                                           0x21234567, MMU_DATA_LOAD,
                                           ARM_MMU_IDX_EL1, &r));
        g_assert_cmphex(r.pa, ==, 0x61234567);
        g_assert_cmphex(r.page_size, ==, 512 * 1024 * 1024);
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x30000, MMU_DATA_LOAD,
                                            ARM_MMU_IDX_EL1, &r));
        g_assert_cmphex(r.fsc, ==, ARM_FSC_ACCESS_FLAG | 3);
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x40000000, MMU_DATA_LOAD,
                                            ARM_MMU_IDX_EL1, &r));
        g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION | 2);
    }
    /* 16K on max: L2 (2048 entries) at +0x20000, L3 at +0x24000. */
    put_desc(WALK_RAM + 0x20000, 0, WALK_RAM + 0x24000 + PTE_VALID_PAGE);
    put_desc(WALK_RAM + 0x20000, 1, 0x62000000 | PTE_AF | 1);
    put_desc(WALK_RAM + 0x24000, 1, 0x50004000 | PTE_AF | 3);
    max->env.cp15.ttbr0_el1 = WALK_RAM + 0x20000;
    max->env.cp15.tcr_el1 = 28 | (2ull << 14) | (1ull << 23);
    g_assert_true(arm_stage1_translate(&max->env, &address_space_memory,
                                       0x5678, MMU_DATA_LOAD,
                                       ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.pa, ==, 0x50005678);
    g_assert_cmphex(r.page_size, ==, 0x4000);
    g_assert_true(arm_stage1_translate(&max->env, &address_space_memory,
                                       0x2345678, MMU_DATA_LOAD,
                                       ARM_MMU_IDX_EL1, &r));
    g_assert_cmphex(r.pa, ==, 0x62345678);
    g_assert_cmphex(r.page_size, ==, 32 * 1024 * 1024);

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(a72);
    object_unref(max);
}

/*
 * Top-byte-ignore: TBI0/TBI1 make the walk ignore bits 63:56 of data
 * addresses in their half; TBID0/TBID1 keep them for instruction
 * addresses on max (FEAT_PAuth) and are RES0 on the A72.
 */
static void test_walk_tbi(void)
{
    MemoryRegion ram;
    ARMCPU *a72 = new_cpu(), *max = new_cpu_model("max-aarch64-cpu");
    ARMWalkResult r;

    g_assert_true(memory_region_init_ram(&ram, "test", "tables", 0x10000,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), WALK_RAM, &ram);
    build_tables();
    for (int i = 0; i < 2; i++) {
        CPUARMState *env = i ? &max->env : &a72->env;
        const uint64_t tbi0 = 1ull << 37, tbi1 = 1ull << 38;
        const uint64_t tbid0 = 1ull << 51;

        /* MMU off: the tag is ignored only with TBI0. */
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x5a00000040001234ull,
                                            MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                            &r));
        g_assert_cmphex(r.fsc, ==, ARM_FSC_ADDRSIZE);
        env->cp15.tcr_el1 = tbi0;
        g_assert_true(arm_stage1_translate(env, &address_space_memory,
                                           0x5a00000040001234ull,
                                           MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                           &r));
        g_assert_cmphex(r.pa, ==, 0x40001234);

        env->cp15.ttbr0_el1 = env->cp15.ttbr1_el1 = WALK_RAM;
        env->cp15.tcr_el1 = 16 | (16ull << 16) | (2ull << 30);  /* TG1 4K */
        env->cp15.sctlr_el1 |= SCTLR_M;
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x5a00000040000abcull,
                                            MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                            &r));
        g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION);
        env->cp15.tcr_el1 |= tbi0 | tbid0;
        g_assert_true(arm_stage1_translate(env, &address_space_memory,
                                           0x5a00000040000abcull,
                                           MMU_DATA_STORE, ARM_MMU_IDX_EL1,
                                           &r));
        g_assert_cmphex(r.pa, ==, 0x50000abc);
        /* TBID0 keeps the tag of an instruction address, on max only. */
        g_assert_cmpint(arm_stage1_translate(env, &address_space_memory,
                                             0x5a00000040000abcull,
                                             MMU_INST_FETCH, ARM_MMU_IDX_EL1,
                                             &r), ==, !i);
        g_assert_cmphex(arm_branch_addr(env, 0x5a00000040000abcull), ==,
                        i ? 0x5a00000040000abcull : 0x40000abc);
        /* Bit 55 picks TTBR1, where TBI1 is off: bits 55:48 must be ones. */
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x5aff000040000abcull,
                                            MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                            &r));
        g_assert_cmphex(arm_branch_addr(env, 0x5aff000040000abcull), ==,
                        0x5aff000040000abcull);
        env->cp15.tcr_el1 |= tbi1;
        g_assert_true(arm_stage1_translate(env, &address_space_memory,
                                           0x5aff000040000abcull,
                                           MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                           &r));
        g_assert_cmphex(r.pa, ==, 0x50000abc);
        g_assert_cmphex(arm_branch_addr(env, 0x5aff000040000abcull), ==,
                        0xffff000040000abcull);
        /* The tag does not make up for bits 55:48. */
        g_assert_false(arm_stage1_translate(env, &address_space_memory,
                                            0x5a01000040000abcull,
                                            MMU_DATA_LOAD, ARM_MMU_IDX_EL1,
                                            &r));
        g_assert_cmphex(r.fsc, ==, ARM_FSC_TRANSLATION);
        /* AT S1E1R ignores the tag too. */
        arm_at_s1e1(env, 0xa500000040000123ull, MMU_DATA_LOAD,
                    ARM_MMU_IDX_EL1);
        g_assert_cmphex(env->cp15.par_el1 & 0xfffffffff000ull, ==,
                        0x50000000);
    }

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(a72);
    object_unref(max);
}

static void test_gdb_registers(void)
{
    ARMCPU *cpu = new_cpu();
    CPUClass *cc = CPU_GET_CLASS(cpu);
    g_autoptr(GByteArray) buf = g_byte_array_new();
    uint8_t sp[8] = { 0x78, 0x56, 0x34, 0x12 };

    g_assert_cmpint(cc->gdb_num_core_regs, ==, 34);
    g_assert_nonnull(strstr(cc->gdb_core_xml, "org.gnu.gdb.aarch64.core"));
    g_assert_nonnull(strstr(cc->gdb_core_xml, "name=\"cpsr\" bitsize=\"32\""));
    g_assert_cmpint(cc->gdb_write_register(CPU(cpu), sp, 31), ==, 8);
    g_assert_cmphex(cpu->env.xregs[31], ==, 0x12345678);
    g_assert_cmpint(cc->gdb_read_register(CPU(cpu), buf, 33), ==, 4);
    g_assert_cmphex(buf->data[0], ==, 0xc5);        /* EL1h, DAIF masked */
    g_assert_cmpint(cc->gdb_read_register(CPU(cpu), buf, 34), ==, 0);
    object_unref(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm/bitmask", test_bitmask);
    g_test_add_func("/arm/sysreg/lookup", test_sysreg_lookup);
    g_test_add_func("/arm/mmu/walk", test_walk);
    g_test_add_func("/arm/mmu/walk-granules", test_walk_granules);
    g_test_add_func("/arm/mmu/tbi", test_walk_tbi);
    g_test_add_func("/arm/gdb/registers", test_gdb_registers);
    return g_test_run();
}
