/*
 * AArch64 CPU models ("cortex-a72", "max"): QOM types, reset, the monitor
 * and gdbstub views, and the hooks TCG runs the CPU through.
 */
#include "kemu/osdep.h"
#include "disas/disas.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "exec/exec-all.h"
#include "kemu/timer.h"
#include "internals.h"
#include "sysreg.h"

/*
 * Cortex-A72 r0p3 as QEMU presents it (EL2/EL3 absent).  ID_AA64ISAR0:
 * AES with PMULL (2), SHA1, SHA2 (translate-crypto.c.inc) and CRC32.
 */
static const ARMISARegisters cortex_a72_isar = {
    .midr = 0x410fd083,
    .mpidr_base = 0x80000000,
    .id_aa64pfr0 = 0x22,
    .id_aa64dfr0 = 0x10305106,
    .id_aa64isar0 = 0x11120,
    .id_aa64mmfr0 = 0x1124,
    .ctr = 0x8444c004,
    .dczid = 4,
    .clidr = 0x0a200023,
    .reset_sctlr = 0x00c50838,
};

/*
 * "max": everything Kemu implements: the A72's v8.0 base plus the v8.1
 * atomics (ID_AA64ISAR0.Atomic = 2), the 16 KiB translation granule
 * (ID_AA64MMFR0.TGran16 = 1; the A72 has 4K and 64K only), half-
 * precision arithmetic (ID_AA64PFR0.FP = AdvSIMD = 1: FEAT_FP16) and
 * the SIMD&FP extensions of translate-simdext.c.inc: ID_AA64ISAR0.RDM,
 * DP, FHM and ID_AA64ISAR1.JSCVT, FCMA, FRINTTS, I8MM; pointer
 * authentication with QARMA5 as QEMU 7.2's max (ID_AA64ISAR1.APA = GPA
 * = 1: FEAT_PAuth without PAuth2/FPAC, translate-pauth.c.inc) and
 * ID_AA64ISAR1.BF16 = 1 (translate-bf16.c.inc).
 */
static const ARMISARegisters max_isar = {
    .midr = 0x000f0510,
    .mpidr_base = 0x80000000,
    .id_aa64pfr0 = 0x110022,
    .id_aa64dfr0 = 0x10305106,
    .id_aa64isar0 = 0x0001100010211120ull,
    .id_aa64isar1 = 0x0010100101011010ull,
    .id_aa64mmfr0 = 0x101124,
    .ctr = 0x8444c004,
    .dczid = 4,
    .clidr = 0x0a200023,
    .reset_sctlr = 0x00c50838,
};

static void arm_cpu_reset(DeviceState *dev)
{
    ARMCPU *cpu = ARM_CPU(dev);
    CPUARMState *env = &cpu->env;

    memset(env, 0, sizeof(*env));
    arm_sysreg_reset(env);
    env->cp15.sctlr_el1 = cpu->isar.reset_sctlr;
    env->pstate = PSTATE_DAIF | (1 << PSTATE_EL_SHIFT) | PSTATE_SP;
    env->ZF = 1;                        /* Z clear */
    env->exclusive_addr = -1;
    env->pc = cpu->reset_pc;
    env->xregs[0] = cpu->reset_x0;
    env->gt.cntfrq = GTIMER_FREQ;
    for (int t = 0; t < 2; t++) {
        gt_recalc_timer(cpu, t);        /* disabled: output low, no deadline */
    }
    cpu->power_off = cpu->start_powered_off;
    CPU(cpu)->halted = cpu->start_powered_off;
    CPU(cpu)->exception_index = -1;
    arm_rebuild_tb_flags(env);
}

static void arm_cpu_set_irq(void *opaque, int line, int level)
{
    ARMCPU *cpu = opaque;
    CPUState *cs = CPU(cpu);
    uint32_t mask = line == ARM_CPU_IRQ ? CPU_INTERRUPT_HARD
                                        : CPU_INTERRUPT_FIQ;

    if (line == ARM_CPU_IRQ) {
        cpu->env.irq_line = level;
    } else {
        cpu->env.fiq_line = level;
    }
    if (level) {
        cpu_interrupt(cs, mask);
    } else {
        cpu_reset_interrupt(cs, mask);
    }
}

static void arm_cpu_instance_init(Object *obj)
{
    ARMCPU *cpu = ARM_CPU(obj);
    ARMCPUClass *acc = ARM_CPU_GET_CLASS(obj);
    CPUState *cs = CPU(obj);

    cs->env_ptr = &cpu->env;
    cs->neg = &cpu->neg;
    cpu->neg.cpu = cs;
    if (acc->isar) {
        cpu->isar = *acc->isar;
    }
    qdev_init_gpio_in(DEVICE(obj), arm_cpu_set_irq, 2);
    gt_cpu_init(cpu);
}

static void arm_cpu_instance_finalize(Object *obj)
{
    ARMCPU *cpu = ARM_CPU(obj);

    timer_free(cpu->gt_timer[GTIMER_PHYS]);
    timer_free(cpu->gt_timer[GTIMER_VIRT]);
}

static bool arm_cpu_realize(CPUState *cs, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(cs);

    if (!cpu->mpidr) {
        /* Aff0 = index in a cluster of 8, Aff1 = cluster, as QEMU's virt. */
        cpu->mpidr = cpu->isar.mpidr_base | (cs->cpu_index % 8) |
                     ((cs->cpu_index / 8) << 8);
    }
    arm_cpu_reset(DEVICE(cs));
    return true;
}

static void arm_cpu_dump_state(CPUState *cs, GString *out)
{
    CPUARMState *env = &ARM_CPU(cs)->env;
    uint32_t psr = pstate_read(env);
    unsigned el = arm_current_el(env);

    g_string_append_printf(out, " PC=%016" PRIx64 " ", env->pc);
    for (int i = 0; i < 31; i++) {
        g_string_append_printf(out, "X%02d=%016" PRIx64 "%s", i,
                               env->xregs[i], (i + 2) % 3 ? " " : "\n");
    }
    g_string_append_printf(out, " SP=%016" PRIx64 "\n", env->xregs[31]);
    g_string_append_printf(out, "PSTATE=%08x %c%c%c%c EL%u%c\n", psr,
                           psr & (1u << 31) ? 'N' : '-',
                           psr & (1u << 30) ? 'Z' : '-',
                           psr & (1u << 29) ? 'C' : '-',
                           psr & (1u << 28) ? 'V' : '-',
                           el, (psr & PSTATE_SP) && el ? 'h' : 't');
}

static bool arm_cpu_has_work(CPUState *cs)
{
    if (ARM_CPU(cs)->power_off) {
        return false;                   /* only PSCI CPU_ON wakes it */
    }
    return cs->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ);
}

static uint64_t arm_cpu_get_pc(CPUState *cs)
{
    return ARM_CPU(cs)->env.pc;
}

static void arm_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    ARM_CPU(cs)->env.pc = pc;
}

void arm_rebuild_tb_flags(CPUARMState *env)
{
    uint64_t sctlr = env->cp15.sctlr_el1;
    uint32_t f = arm_current_el(env);

    f |= (env->pstate & PSTATE_SP) ? TB_FLAG_SPSEL : 0;
    f |= (sctlr & SCTLR_M) ? TB_FLAG_MMU_ON : 0;
    f |= (sctlr & SCTLR_UMA) ? TB_FLAG_UMA : 0;
    f |= (sctlr & SCTLR_UCT) ? TB_FLAG_UCT : 0;
    f |= arm_addr_tbi(env, false, true) ? TB_FLAG_TBII0 : 0;
    f |= arm_addr_tbi(env, true, true) ? TB_FLAG_TBII1 : 0;
    switch ((env->cp15.cpacr_el1 >> 20) & 3) {   /* FPEN */
    case 1:
        f |= arm_current_el(env) == 1 ? TB_FLAG_FPEN : 0;
        break;
    case 3:
        f |= TB_FLAG_FPEN;
        break;
    }
    env->tb_flags = f;
}

void arm_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint64_t *cs_base,
                          uint32_t *flags)
{
    CPUARMState *env = cs->env_ptr;     /* unchecked: a hot path */

    *pc = env->pc;
    *cs_base = 0;
    *flags = env->tb_flags;
}

static void arm_synchronize_from_tb(CPUState *cs, const TranslationBlock *tb)
{
    ARM_CPU(cs)->env.pc = tb->pc;
}

static void arm_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    ARM_CPU(cs)->env.pc = data[0];
}

static int arm_mmu_index(CPUState *cs, bool ifetch)
{
    return arm_current_el(&ARM_CPU(cs)->env) ? ARM_MMU_IDX_EL1 : ARM_MMU_IDX_EL0;
}

static void arm_disas_log(CPUState *cs, GString *out, const void *code,
                          size_t len, uint64_t pc)
{
    disas_append(out, DISAS_AARCH64, code, len, pc);
}

/*
 * MTTCG: store-exclusive and the LSE atomics are host atomics on guest
 * memory, barriers are host fences, and inner-shareable TLBIs reach every
 * vCPU, so each vCPU can have its own thread.
 */
static const TCGCPUOps arm_tcg_ops = {
    .mttcg_supported = true,
    .initialize = arm_translate_init,
    .mmu_index = arm_mmu_index,
    .disas_log = arm_disas_log,
    .translate_code = arm_translate_code,
    .get_tb_cpu_state = arm_get_tb_cpu_state,
    .synchronize_from_tb = arm_synchronize_from_tb,
    .restore_state_to_opc = arm_restore_state_to_opc,
    .cpu_exec_interrupt = arm_cpu_exec_interrupt,
    .do_interrupt = arm_cpu_do_interrupt,
    .tlb_fill = arm_cpu_tlb_fill,
    .do_unaligned_access = arm_cpu_do_unaligned_access,
};

static const Property arm_cpu_props[] = {
    DEFINE_PROP_UINT64("reset-pc", ARMCPU, reset_pc, 0),
    DEFINE_PROP_UINT64("reset-x0", ARMCPU, reset_x0, 0),
    DEFINE_PROP_UINT64("mp-affinity", ARMCPU, mpidr, 0),
    DEFINE_PROP_BOOL("start-powered-off", ARMCPU, start_powered_off, false),
    DEFINE_PROP_BOOL("semihosting", ARMCPU, semihosting, false),
    DEFINE_PROP_BOOL("psci-hvc", ARMCPU, psci_hvc, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void arm_cpu_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    CPUClass *cc = CPU_CLASS(klass);

    dc->reset = arm_cpu_reset;
    device_class_set_props(dc, arm_cpu_props);
    cc->arch = "aarch64";
    cc->realize = arm_cpu_realize;
    cc->dump_state = arm_cpu_dump_state;
    cc->has_work = arm_cpu_has_work;
    cc->get_pc = arm_cpu_get_pc;
    cc->set_pc = arm_cpu_set_pc;
    cc->gdb_core_xml_name = "aarch64-core.xml";
    cc->gdb_core_xml = arm_gdb_core_xml;
    cc->gdb_arch_name = "aarch64";
    cc->gdb_num_core_regs = 34;
    cc->gdb_read_register = arm_cpu_gdb_read_register;
    cc->gdb_write_register = arm_cpu_gdb_write_register;
    cc->memory_rw_debug = arm_cpu_memory_rw_debug;
    cc->tcg_ops = &arm_tcg_ops;
}

static const TypeInfo arm_cpu_type_info = {
    .name = TYPE_ARM_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(ARMCPU),
    .instance_init = arm_cpu_instance_init,
    .instance_finalize = arm_cpu_instance_finalize,
    .class_size = sizeof(ARMCPUClass),
    .class_init = arm_cpu_class_init,
    .abstract = true,
};

static void arm_cpu_model_class_init(ObjectClass *klass, const void *data)
{
    ARM_CPU_CLASS(klass)->isar = data;
}

/* Model types are named as cpu_model_type_name("aarch64", model) says. */
static const TypeInfo arm_cpu_models[] = {
    {
        .name = "cortex-a72-aarch64-cpu",
        .parent = TYPE_ARM_CPU,
        .class_init = arm_cpu_model_class_init,
        .class_data = &cortex_a72_isar,
    }, {
        .name = "max-aarch64-cpu",
        .parent = TYPE_ARM_CPU,
        .class_init = arm_cpu_model_class_init,
        .class_data = &max_isar,
    },
};

static void arm_cpu_register_types(void)
{
    type_register_static(&arm_cpu_type_info);
    for (size_t i = 0; i < G_N_ELEMENTS(arm_cpu_models); i++) {
        type_register_static(&arm_cpu_models[i]);
    }
}
type_init(arm_cpu_register_types)
