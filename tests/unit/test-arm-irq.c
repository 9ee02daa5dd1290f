/*
 * target/arm's interrupt-side pieces on their own: the generic timer
 * registers and their gpio outputs, the ICC_* hook (UNDEFINED without a
 * GIC, forwarded with one, ID_AA64PFR0.GIC), the reserved ID space, and
 * PSCI calls between two CPUs.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "system/accel.h"
#include "system/main-loop.h"
#include "../../target/arm/internals.h"
#include "../../target/arm/sysreg.h"
#include "devtest.h"

static ARMCPU *new_cpu(unsigned index, bool powered_off)
{
    DeviceState *dev = qdev_new("cortex-a72-aarch64-cpu");

    object_property_set_uint(OBJECT(dev), "mp-affinity", 0x80000000 | index,
                             &error_fatal);
    object_property_set_bool(OBJECT(dev), "start-powered-off", powered_off,
                             &error_fatal);
    object_property_set_bool(OBJECT(dev), "psci-hvc", true, &error_fatal);
    g_assert_true(qdev_realize(dev, NULL, &error_fatal));
    return ARM_CPU(dev);
}

static uint64_t sr_read(ARMCPU *cpu, const char *name)
{
    const ARMSysReg *ri = arm_sysreg_find_by_name(name);

    g_assert_nonnull(ri);
    return arm_sysreg_read(cpu, ri);
}

static void sr_write(ARMCPU *cpu, const char *name, uint64_t val)
{
    const ARMSysReg *ri = arm_sysreg_find_by_name(name);

    g_assert_nonnull(ri);
    arm_sysreg_write(&cpu->env, ri, val);
}

static void test_timer(void)
{
    ARMCPU *cpu = new_cpu(0, false);
    IrqProbe virt, phys;
    uint64_t now;

    irq_probe_init(&virt);
    irq_probe_init(&phys);
    qdev_connect_gpio_out(DEVICE(cpu), GTIMER_VIRT, virt.irq);
    qdev_connect_gpio_out(DEVICE(cpu), GTIMER_PHYS, phys.irq);
    g_assert_cmpuint(sr_read(cpu, "CNTFRQ_EL0"), ==, 62500000);

    /* CVAL in the past: ISTATUS at once, the line follows IMASK. */
    sr_write(cpu, "CNTV_CVAL_EL0", 0);
    sr_write(cpu, "CNTV_CTL_EL0", 1);
    g_assert_cmphex(sr_read(cpu, "CNTV_CTL_EL0"), ==, 5);
    g_assert_cmpint(virt.level, ==, 1);
    g_assert_cmpint(phys.level, ==, 0);
    sr_write(cpu, "CNTV_CTL_EL0", 3);
    g_assert_cmpint(virt.level, ==, 0);
    sr_write(cpu, "CNTV_CTL_EL0", 0);
    g_assert_cmphex(sr_read(cpu, "CNTV_CTL_EL0"), ==, 0);

    /* TVAL far ahead: no ISTATUS, a deadline on the virtual clock. */
    now = gt_get_count();
    sr_write(cpu, "CNTP_TVAL_EL0", 1000000);
    sr_write(cpu, "CNTP_CTL_EL0", 1);
    g_assert_cmpuint(sr_read(cpu, "CNTP_CVAL_EL0") - now, >=, 1000000);
    g_assert_cmphex(sr_read(cpu, "CNTP_CTL_EL0"), ==, 1);
    g_assert_true(timer_pending(cpu->gt_timer[GTIMER_PHYS]));
    g_assert_cmpint(phys.level, ==, 0);
    /* TVAL reads as a signed 32-bit CVAL - count. */
    sr_write(cpu, "CNTP_CVAL_EL0", 0);
    g_assert_cmpint((int32_t)sr_read(cpu, "CNTP_TVAL_EL0"), ==,
                    -(int32_t)gt_get_count());
    g_assert_cmpint(phys.level, ==, 1);
    g_assert_false(timer_pending(cpu->gt_timer[GTIMER_PHYS]));

    /* EL0 access follows CNTKCTL_EL1. */
    cpu->env.pstate &= ~PSTATE_EL;
    g_assert_false(arm_sysreg_access_ok(&cpu->env,
                   arm_sysreg_find_by_name("CNTVCT_EL0"), true));
    cpu->env.cp15.cntkctl_el1 = 2;
    g_assert_true(arm_sysreg_access_ok(&cpu->env,
                  arm_sysreg_find_by_name("CNTVCT_EL0"), true));
    g_assert_false(arm_sysreg_access_ok(&cpu->env,
                   arm_sysreg_find_by_name("CNTPCT_EL0"), true));
    irq_probe_free(&virt);
    irq_probe_free(&phys);
    object_unparent(OBJECT(cpu));
}

static ARMGICReg last_reg;
static uint64_t last_val;

static uint64_t fake_read(void *opaque, ARMGICReg reg)
{
    last_reg = reg;
    return 0x1234;
}

static void fake_write(void *opaque, ARMGICReg reg, uint64_t val)
{
    last_reg = reg;
    last_val = val;
}

static void test_gic_hook(void)
{
    ARMCPU *cpu = new_cpu(0, false);
    const ARMSysReg *iar = arm_sysreg_find(3, 0, 12, 12, 0);

    g_assert_cmpstr(iar->name, ==, "ICC_IAR1_EL1");
    g_assert_false(arm_sysreg_access_ok(&cpu->env, iar, true));
    g_assert_cmphex(sr_read(cpu, "ID_AA64PFR0_EL1") >> 24 & 0xf, ==, 0);
    cpu->gic = (ARMGICCPUIf) { .read = fake_read, .write = fake_write };
    g_assert_true(arm_sysreg_access_ok(&cpu->env, iar, true));
    g_assert_cmphex(arm_sysreg_read(cpu, iar), ==, 0x1234);
    g_assert_cmpint(last_reg, ==, ARM_ICC_IAR1);
    sr_write(cpu, "ICC_SGI1R_EL1", 0x5000001);
    g_assert_cmpint(last_reg, ==, ARM_ICC_SGI1R);
    g_assert_cmphex(last_val, ==, 0x5000001);
    g_assert_cmphex(sr_read(cpu, "ID_AA64PFR0_EL1") >> 24 & 0xf, ==, 1);
    /* The reserved ID space reads as zero; other spaces stay unknown. */
    g_assert_cmpuint(arm_sysreg_read(cpu, arm_sysreg_find(3, 0, 0, 6, 2)),
                     ==, 0);
    g_assert_null(arm_sysreg_find(3, 0, 1, 6, 2));
    object_unparent(OBJECT(cpu));
}

static uint64_t psci(ARMCPU *cpu, uint64_t fn, uint64_t a1, uint64_t a2,
                     uint64_t a3)
{
    uint64_t *x = cpu->env.xregs;

    x[0] = fn, x[1] = a1, x[2] = a2, x[3] = a3;
    arm_handle_psci_call(cpu);
    return x[0];
}

static void test_psci(void)
{
    ARMCPU *cpu0 = new_cpu(0, false), *cpu1 = new_cpu(1, true);

    g_assert_true(CPU(cpu1)->halted);
    g_assert_cmphex(psci(cpu0, 0x84000000, 0, 0, 0), ==, 0x10001);
    g_assert_cmpuint(psci(cpu0, 0xc4000004, 1, 0, 0), ==, 1);  /* OFF */
    g_assert_cmpuint(psci(cpu0, 0xc4000003, 1, 0x40080000, 0xabc), ==, 0);
    g_assert_false(CPU(cpu1)->halted);
    g_assert_cmphex(cpu1->env.pc, ==, 0x40080000);
    g_assert_cmphex(cpu1->env.xregs[0], ==, 0xabc);
    g_assert_cmpuint(arm_current_el(&cpu1->env), ==, 1);
    g_assert_cmpuint(psci(cpu0, 0xc4000004, 1, 0, 0), ==, 0);  /* ON */
    g_assert_cmpint(psci(cpu0, 0xc4000003, 1, 0, 0), ==, -4);  /* ALREADY_ON */
    g_assert_cmpint(psci(cpu0, 0xc4000003, 7, 0, 0), ==, -2);  /* no CPU 7 */
    g_assert_cmpint(psci(cpu0, 0x8400000a, 0x84000008, 0, 0), ==, 0);
    g_assert_cmpint(psci(cpu0, 0x8400000a, 0x8400001f, 0, 0), ==, -1);
    psci(cpu1, 0x84000002, 0, 0, 0);                            /* CPU_OFF */
    g_assert_true(cpu1->power_off);
    g_assert_true(CPU(cpu1)->interrupt_request & CPU_INTERRUPT_HALT);
    g_assert_cmpuint(psci(cpu0, 0xc4000004, 1, 0, 0), ==, 1);
    /* A powered-off CPU has no work, even with an interrupt pending. */
    cpu_interrupt(CPU(cpu1), CPU_INTERRUPT_HARD);
    g_assert_false(CPU_GET_CLASS(CPU(cpu1))->has_work(CPU(cpu1)));
    object_unparent(OBJECT(cpu0));
    object_unparent(OBJECT(cpu1));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    /* Realized CPUs get (stopped) vCPU threads: the VM never runs here. */
    g_assert_true(accel_init_machine(accel_select("tcg", "aarch64",
                                                  &error_fatal),
                                     NULL, NULL, &error_fatal));
    g_test_add_func("/arm-irq/timer", test_timer);
    g_test_add_func("/arm-irq/gic-hook", test_gic_hook);
    g_test_add_func("/arm-irq/psci", test_psci);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
