/*
 * target/arm without the execution loop: logical immediates, the sysreg
 * table, the stage 1 walker and tlb_fill against tables in guest RAM, and
 * A64 instructions translated through translate_code and run on TCI.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "tcg/tcg.h"
#include "tcg/memop.h"
#include "../../target/arm/internals.h"
#include "../../target/arm/sysreg.h"
#include "arm-accel-fakes.h"

static ARMCPU *new_cpu(void)
{
    ARMCPU *cpu = ARM_CPU(object_new("cortex-a72-aarch64-cpu"));

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    return cpu;
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
    int flushes = fake_tlb_flushes;

    g_assert_nonnull(ri);
    g_assert_cmpstr(ri->name, ==, "SCTLR_EL1");
    g_assert_cmphex(arm_sysreg_read(cpu, ri), ==, 0x00c50838);
    arm_sysreg_write(&cpu->env, ri, 0x00c50839);
    g_assert_cmphex(cpu->env.cp15.sctlr_el1, ==, 0x00c50839);
    g_assert_cmpint(fake_tlb_flushes, ==, flushes + 1);

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
    put_desc(WALK_RAM + 0x3000, 3, 0x50003000 | PTE_AF | PTE_AP_EL0 | 3);
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
    g_assert_cmpint(r.prot, ==, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    /* EL1-only page from EL0: permission fault, level 3. */
    g_assert_false(arm_stage1_translate(env, &address_space_memory, 0x40000abc,
                                        MMU_DATA_LOAD, ARM_MMU_IDX_EL0, &r));
    g_assert_cmphex(r.fsc, ==, ARM_FSC_PERMISSION | 3);
    /* Read-only, PXN, EL0-readable. */
    g_assert_true(arm_stage1_translate(env, &address_space_memory, 0x40001000,
                                       MMU_DATA_LOAD, ARM_MMU_IDX_EL0, &r));
    g_assert_cmpint(r.prot, ==, PAGE_READ | PAGE_EXEC);
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

    /* tlb_fill installs the page; AT writes PAR_EL1. */
    g_assert_true(arm_cpu_tlb_fill(CPU(cpu), 0x40000010, 4, MMU_DATA_LOAD,
                                   ARM_MMU_IDX_EL1, false, 0));
    g_assert_cmphex(fake_tlb_last.vaddr, ==, 0x40000000);
    g_assert_cmphex(fake_tlb_last.paddr, ==, 0x50000000);
    g_assert_false(arm_cpu_tlb_fill(CPU(cpu), 0x40004000, 4, MMU_DATA_LOAD,
                                    ARM_MMU_IDX_EL1, true, 0));
    arm_at_s1e1(env, 0x40000123, MMU_DATA_LOAD, ARM_MMU_IDX_EL1);
    g_assert_cmphex(env->cp15.par_el1, ==, 0x50000000);
    arm_at_s1e1(env, 0x40004000, MMU_DATA_LOAD, ARM_MMU_IDX_EL1);
    g_assert_cmphex(env->cp15.par_el1, ==, 1 | ((ARM_FSC_TRANSLATION | 3) << 1));

    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    object_unref(cpu);
}

/* ---- Translation and execution on TCI ---- */

static uint8_t guest_mem[256];
#define GUEST_BASE 0x1000

static uint64_t arm_test_load(void *env, uint64_t addr, MemOpIdx oi,
                              uintptr_t ra)
{
    unsigned size = memop_size(get_memop(oi));
    uint64_t v = 0;

    g_assert(addr >= GUEST_BASE && addr + size <= GUEST_BASE + sizeof(guest_mem));
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)guest_mem[addr - GUEST_BASE + i] << (8 * i);
    }
    if (get_memop(oi) & MO_SIGN) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return v;
}

static void arm_test_store(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                           uintptr_t ra)
{
    unsigned size = memop_size(get_memop(oi));

    g_assert(addr >= GUEST_BASE && addr + size <= GUEST_BASE + sizeof(guest_mem));
    for (unsigned i = 0; i < size; i++) {
        guest_mem[addr - GUEST_BASE + i] = val >> (8 * i);
    }
}

static TCGContext *arm_tcg_context(void)
{
    static TCGContext *s;

    if (!s) {
        s = tcg_context_new(&tcg_backend_tci, 4 * 1024 * 1024);
        tcg_set_context(s);
        s->guest_load = arm_test_load;
        s->guest_store = arm_test_store;
        arm_translate_init();
    }
    tcg_set_context(s);
    return s;
}

/*
 * Translate the insns (one TB, EL1h) and run it once.  Returns the ops
 * dump; the CPU state is left in cpu.  *excp gets the exception index,
 * -1 when the TB ran to its end.
 */
static char *run_insns(ARMCPU *cpu, const uint32_t *insns, int n, int *excp)
{
    TCGContext *s = arm_tcg_context();
    CPUState *cs = CPU(cpu);
    TranslationBlock tb = { .pc = 0x40000000, .flags = 1 | TB_FLAG_SPSEL };
    GString *dump = g_string_new(NULL);
    uint32_t le[16];
    int max = n;

    for (int i = 0; i < n; i++) {
        le[i] = GUINT32_TO_LE(insns[i]);
    }
    cpu->env.pc = tb.pc;
    arm_translate_code(cs, &tb, &max, tb.pc, le);
    tcg_dump_ops(s, dump, false);
    g_assert_cmpint(tcg_gen_code(s, &tb.tc), >=, 0);
    cs->exception_index = -1;
    if (!sigsetjmp(cs->jmp_env, 0)) {
        tcg_tb_exec(s, &cpu->env, tb.tc.code);
    }
    *excp = cs->exception_index;
    return g_string_free(dump, false);
}

static uint32_t nzcv(ARMCPU *cpu)
{
    return pstate_read(&cpu->env) >> 28;
}

static void test_translate_dp(void)
{
    ARMCPU *cpu = new_cpu();
    CPUARMState *env = &cpu->env;
    int excp;
    static const uint32_t insns[] = {
        0xab020020,     /* adds x0, x1, x2 */
        0x9a823423,     /* csinc x3, x1, x2, cc */
        0x9ac20824,     /* udiv x4, x1, x2 */
        0x9ac50825,     /* udiv x5, x1, x5 (x5 = 0) */
        0xdac01026,     /* clz x6, x1 */
        0xdac00027,     /* rbit x7, x1 */
        0x93c21028,     /* extr x8, x1, x2, #4 */
        0xf2a24689,     /* movk x9, #0x1234, lsl #16 */
        0xb340a02a,     /* bfxil x10, x1, #0, #41 */
        0x3200f3eb,     /* mov w11, #0x55555555 */
    };
    g_autofree char *ops = NULL;

    env->xregs[1] = 0xffffffffffffffffull;
    env->xregs[2] = 2;
    env->xregs[5] = 0;
    env->xregs[9] = 0xaaaaaaaaaaaaaaaaull;
    ops = run_insns(cpu, insns, G_N_ELEMENTS(insns), &excp);
    g_assert_cmpint(excp, ==, -1);
    if (g_test_verbose()) {
        g_test_message("%s", ops);
    }
    g_assert_nonnull(strstr(ops, "---- 0000000040000024"));
    g_assert_nonnull(strstr(ops, "rbit64"));
    g_assert_cmphex(env->xregs[0], ==, 1);
    g_assert_cmphex(nzcv(cpu), ==, 0x2);            /* carry out, no overflow */
    g_assert_cmphex(env->xregs[3], ==, 3);          /* C set: cc false: x2 + 1 */
    g_assert_cmphex(env->xregs[4], ==, 0x7fffffffffffffffull);
    g_assert_cmphex(env->xregs[5], ==, 0);          /* division by zero */
    g_assert_cmphex(env->xregs[6], ==, 0);
    g_assert_cmphex(env->xregs[7], ==, 0xffffffffffffffffull);
    g_assert_cmphex(env->xregs[8], ==, 0xf000000000000000ull);
    g_assert_cmphex(env->xregs[9], ==, 0xaaaaaaaa1234aaaaull);
    g_assert_cmphex(env->xregs[10], ==, 0x1ffffffffffull);
    g_assert_cmphex(env->xregs[11], ==, 0x55555555);
    g_assert_cmphex(env->pc, ==, 0x40000000 + 4 * G_N_ELEMENTS(insns));
    object_unref(cpu);
}

static void test_translate_ldst(void)
{
    ARMCPU *cpu = new_cpu();
    CPUARMState *env = &cpu->env;
    int excp;
    static const uint32_t insns[] = {
        0xa9bf0be1,     /* stp x1, x2, [sp, #-16]! */
        0x388013e3,     /* ldursb x3, [sp, #1] */
        0xb8627be4,     /* ldr w4, [sp, x2, lsl #2] */
        0x885f7fe5,     /* ldxr w5, [sp] */
        0x88067fe1,     /* stxr w6, w1, [sp] */
        0x88077fe1,     /* stxr w7, w1, [sp] (monitor now open) */
    };
    g_autofree char *ops = NULL;

    memset(guest_mem, 0, sizeof(guest_mem));
    env->xregs[31] = GUEST_BASE + 0x80;
    env->xregs[1] = 0x1122334455668877ull;
    env->xregs[2] = 2;
    ops = run_insns(cpu, insns, G_N_ELEMENTS(insns), &excp);
    g_assert_cmpint(excp, ==, -1);
    g_assert_nonnull(strstr(ops, "qemu_ld"));
    g_assert_cmphex(env->xregs[31], ==, GUEST_BASE + 0x70);
    g_assert_cmphex(guest_mem[0x70], ==, 0x77);
    g_assert_cmphex(guest_mem[0x78], ==, 2);
    g_assert_cmphex(env->xregs[3], ==, 0xffffffffffffff88ull);
    g_assert_cmphex(env->xregs[4], ==, 2);
    g_assert_cmphex(env->xregs[5], ==, 0x55668877);
    g_assert_cmphex(env->xregs[6], ==, 0);
    g_assert_cmphex(env->xregs[7], ==, 1);
    object_unref(cpu);
}

static void test_translate_exceptions(void)
{
    ARMCPU *cpu = new_cpu();
    CPUARMState *env = &cpu->env;
    static const uint32_t udf[] = { 0xd503201f, 0x00000000 };  /* nop; udf */
    static const uint32_t fp[] = { 0x1e222820 };    /* fadd s0, s1, s2 */
    static const uint32_t svc[] = { 0xd4000841 };   /* svc #0x42 */
    static const uint32_t hvc[] = { 0xd4000022 };   /* hvc #1: no EL2 */
    int excp;
    g_autofree char *ops = run_insns(cpu, udf, 2, &excp);

    g_assert_nonnull(strstr(ops, "exception"));
    g_assert_cmpint(excp, ==, EXCP_UDEF);
    g_assert_cmphex(env->pc, ==, 0x40000004);
    g_assert_cmphex(env->exception.syndrome, ==, 0x02000000);

    g_free(run_insns(cpu, fp, 1, &excp));
    g_assert_cmpint(excp, ==, EXCP_UDEF);
    g_free(run_insns(cpu, hvc, 1, &excp));
    g_assert_cmpint(excp, ==, EXCP_UDEF);

    g_free(run_insns(cpu, svc, 1, &excp));
    g_assert_cmpint(excp, ==, EXCP_SWI);
    g_assert_cmphex(env->exception.syndrome, ==, 0x56000042);
    g_assert_cmphex(env->pc, ==, 0x40000004);       /* the preferred return */

    /* Exception entry: ELR, SPSR, ESR, vector, EL1h with DAIF masked. */
    env->cp15.vbar_el1 = 0x40010000;
    nzcv_write(env, 0x60000000);
    env->pstate &= ~PSTATE_DAIF;
    CPU(cpu)->exception_index = excp;
    arm_cpu_do_interrupt(CPU(cpu));
    g_assert_cmphex(env->pc, ==, 0x40010200);
    g_assert_cmphex(env->cp15.elr_el1, ==, 0x40000004);
    g_assert_cmphex(env->cp15.spsr_el1, ==, 0x60000005);
    g_assert_cmphex(env->cp15.esr_el1, ==, 0x56000042);
    g_assert_cmphex(env->pstate, ==, PSTATE_DAIF | 5);
    object_unref(cpu);
}

static void test_eret_to_el0(void)
{
    ARMCPU *cpu = new_cpu();
    CPUARMState *env = &cpu->env;
    static const uint32_t eret[] = { 0xd69f03e0 };
    int excp;

    env->xregs[31] = 0x1111;            /* SP_EL1 */
    env->sp_el[0] = 0x2222;
    env->cp15.elr_el1 = 0x40005000;
    env->cp15.spsr_el1 = 0x90000000;    /* EL0t, N and V */
    g_free(run_insns(cpu, eret, 1, &excp));
    g_assert_cmpint(excp, ==, -1);
    g_assert_cmphex(env->pc, ==, 0x40005000);
    g_assert_cmpint(arm_current_el(env), ==, 0);
    g_assert_cmphex(env->xregs[31], ==, 0x2222);
    g_assert_cmphex(env->sp_el[1], ==, 0x1111);
    g_assert_cmphex(nzcv(cpu), ==, 0x9);
    object_unref(cpu);
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
    g_test_add_func("/arm/translate/data-processing", test_translate_dp);
    g_test_add_func("/arm/translate/load-store", test_translate_ldst);
    g_test_add_func("/arm/translate/exceptions", test_translate_exceptions);
    g_test_add_func("/arm/translate/eret-el0", test_eret_to_el0);
    g_test_add_func("/arm/gdb/registers", test_gdb_registers);
    return g_test_run();
}
