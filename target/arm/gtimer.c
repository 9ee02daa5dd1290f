/*
 * The generic timer: CNTFRQ_EL0, the counters CNTPCT_EL0/CNTVCT_EL0 (the
 * virtual clock in 16 ns ticks, CNTVOFF = 0 as there is no EL2) and the
 * EL1 physical and virtual timers, each a gpio output of the CPU whose
 * level is ENABLE && ISTATUS && !IMASK.  A virtual-clock timer fires when
 * the count reaches CVAL, so a vCPU idling in WFI is woken by its timer.
 */
#include "kemu/osdep.h"
#include "kemu/timer.h"
#include "hw/qdev-core.h"
#include "sysreg.h"

#define CTL_ENABLE  1u
#define CTL_IMASK   2u
#define CTL_ISTATUS 4u

/* CNTKCTL_EL1 bits giving EL0 access. */
#define KCTL_EL0PCTEN (1u << 0)
#define KCTL_EL0VCTEN (1u << 1)
#define KCTL_EL0VTEN  (1u << 8)
#define KCTL_EL0PTEN  (1u << 9)

#define NS_PER_TICK (NANOSECONDS_PER_SECOND / GTIMER_FREQ)

uint64_t gt_get_count(void)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) / NS_PER_TICK;
}

/* Output level and next deadline of timer from its CTL and CVAL. */
void gt_recalc_timer(ARMCPU *cpu, int timer)
{
    CPUARMState *env = &cpu->env;
    uint64_t count = gt_get_count(), cval = env->gt.cval[timer];
    bool enabled = env->gt.ctl[timer] & CTL_ENABLE;
    bool istatus = enabled && count >= cval;

    env->gt.ctl[timer] = (env->gt.ctl[timer] & ~CTL_ISTATUS) |
                         (istatus ? CTL_ISTATUS : 0);
    qemu_set_irq(cpu->gt_timer_outputs[timer],
                 istatus && !(env->gt.ctl[timer] & CTL_IMASK));
    if (!cpu->gt_timer[timer]) {
        return;
    }
    if (enabled && !istatus) {
        /* cval in ns, saturated: a far-away CVAL is "never". */
        int64_t ns = cval > (uint64_t)INT64_MAX / NS_PER_TICK
                     ? INT64_MAX : (int64_t)(cval * NS_PER_TICK);
        timer_mod(cpu->gt_timer[timer], ns);
    } else {
        timer_del(cpu->gt_timer[timer]);
    }
}

static void gt_phys_cb(void *opaque)
{
    gt_recalc_timer(opaque, GTIMER_PHYS);
}

static void gt_virt_cb(void *opaque)
{
    gt_recalc_timer(opaque, GTIMER_VIRT);
}

void gt_cpu_init(ARMCPU *cpu)
{
    qdev_init_gpio_out(DEVICE(cpu), cpu->gt_timer_outputs, 2);
    cpu->gt_timer[GTIMER_PHYS] = timer_new_ns(KEMU_CLOCK_VIRTUAL, gt_phys_cb,
                                              cpu);
    cpu->gt_timer[GTIMER_VIRT] = timer_new_ns(KEMU_CLOCK_VIRTUAL, gt_virt_cb,
                                              cpu);
}

/* The timer a register belongs to: CRm 2 is physical, 3 virtual. */
static int reg_timer(const ARMSysReg *ri)
{
    return ri->crm == 2 ? GTIMER_PHYS : GTIMER_VIRT;
}

static bool el0_allowed(CPUARMState *env, uint64_t bits)
{
    return arm_current_el(env) > 0 || (env->cp15.cntkctl_el1 & bits);
}

static bool check_frq(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return el0_allowed(env, KCTL_EL0PCTEN | KCTL_EL0VCTEN);
}

static bool check_count(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return el0_allowed(env, ri->op2 == 1 ? KCTL_EL0PCTEN : KCTL_EL0VCTEN);
}

static bool check_timer(CPUARMState *env, const ARMSysReg *ri, bool isread)
{
    return el0_allowed(env, reg_timer(ri) == GTIMER_PHYS ? KCTL_EL0PTEN
                                                          : KCTL_EL0VTEN);
}

static uint64_t read_frq(CPUARMState *env, const ARMSysReg *ri)
{
    return env->gt.cntfrq;
}

static void write_frq(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    env->gt.cntfrq = (uint32_t)val;
}

static uint64_t read_count(CPUARMState *env, const ARMSysReg *ri)
{
    return gt_get_count();
}

static uint64_t read_ctl(CPUARMState *env, const ARMSysReg *ri)
{
    gt_recalc_timer(env_archcpu(env), reg_timer(ri));
    return env->gt.ctl[reg_timer(ri)];
}

static void write_ctl(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    int t = reg_timer(ri);

    env->gt.ctl[t] = (env->gt.ctl[t] & CTL_ISTATUS) |
                     (val & (CTL_ENABLE | CTL_IMASK));
    gt_recalc_timer(env_archcpu(env), t);
}

static uint64_t read_cval(CPUARMState *env, const ARMSysReg *ri)
{
    return env->gt.cval[reg_timer(ri)];
}

static void write_cval(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    env->gt.cval[reg_timer(ri)] = val;
    gt_recalc_timer(env_archcpu(env), reg_timer(ri));
}

/* TVAL: CVAL - count as a signed 32-bit value. */
static uint64_t read_tval(CPUARMState *env, const ARMSysReg *ri)
{
    return (uint32_t)(env->gt.cval[reg_timer(ri)] - gt_get_count());
}

static void write_tval(CPUARMState *env, const ARMSysReg *ri, uint64_t val)
{
    env->gt.cval[reg_timer(ri)] = gt_get_count() + (int64_t)(int32_t)val;
    gt_recalc_timer(env_archcpu(env), reg_timer(ri));
}

#define GT_REG(name, crm, op2, rd, wr, chk)                               \
    { name, 3, 3, 14, crm, op2, SR_PL0_RW, SR_FUNC, .read = rd,          \
      .write = wr, .check = chk, .end_tb = true }

const ARMSysReg arm_gt_sysregs[] = {
    /* Frequent reads (the counters): no lock needed, none taken. */
    { "CNTFRQ_EL0", 3, 3, 14, 0, 0, SR_PL0_R | SR_PL1_RW, SR_FUNC,
      .read = read_frq, .write = write_frq, .check = check_frq,
      .lockless = true },
    { "CNTPCT_EL0", 3, 3, 14, 0, 1, SR_PL0_R | SR_PL1_R, SR_FUNC,
      .read = read_count, .check = check_count, .lockless = true },
    { "CNTVCT_EL0", 3, 3, 14, 0, 2, SR_PL0_R | SR_PL1_R, SR_FUNC,
      .read = read_count, .check = check_count, .lockless = true },
    GT_REG("CNTP_TVAL_EL0", 2, 0, read_tval, write_tval, check_timer),
    GT_REG("CNTP_CTL_EL0", 2, 1, read_ctl, write_ctl, check_timer),
    GT_REG("CNTP_CVAL_EL0", 2, 2, read_cval, write_cval, check_timer),
    GT_REG("CNTV_TVAL_EL0", 3, 0, read_tval, write_tval, check_timer),
    GT_REG("CNTV_CTL_EL0", 3, 1, read_ctl, write_ctl, check_timer),
    GT_REG("CNTV_CVAL_EL0", 3, 2, read_cval, write_cval, check_timer),
};
const size_t arm_gt_sysregs_count = G_N_ELEMENTS(arm_gt_sysregs);
