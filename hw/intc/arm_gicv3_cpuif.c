/*
 * The GICv3 CPU interface: the ICC_*_EL1 registers of each CPU
 * (acknowledge, priority drop and deactivation, priority mask, binary
 * point, group enables, SGI generation), reached through the hook of
 * target/arm (ARMCPU.gic).  5 priority bits; no security extensions.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "arm_gicv3_internal.h"
#include "../../target/arm/cpu.h"

#define CTLR_CBPR       (1u << 0)
#define CTLR_EOIMODE    (1u << 1)
/* Read-only: A3V, 16-bit INTIDs, PRIbits = 4 (5 bits). */
#define CTLR_RO         ((1u << 15) | ((GIC_PRIBITS - 1) << 8))
#define SRE_VALUE       0x7             /* SRE, DFB, DIB: RAO/WI */
#define BPR_MIN_G0      (7 - GIC_PRIBITS)
#define BPR_MIN_G1      (BPR_MIN_G0 + 1)

void gicv3_cpuif_reset(GICv3CPU *c)
{
    c->pmr = 0;
    c->bpr[0] = BPR_MIN_G0;
    c->bpr[1] = BPR_MIN_G1;
    c->icc_ctlr = 0;
    c->igrpen[0] = c->igrpen[1] = false;
    c->apr[0] = c->apr[1] = 0;
}

/* ICC_IAR0/1: take the best interrupt of group grp, if it may be. */
static uint64_t acknowledge(GICv3CPU *c, int grp)
{
    GICv3State *s = c->gic;
    uint8_t prio;
    int irq = gicv3_hppi(s, c, &prio);

    if (irq < 0 || gic_bit(&s->irqs, &c->bank, GICF_GROUP, irq) != grp ||
        !gicv3_can_signal(c, grp, prio)) {
        return GICV3_INTID_SPURIOUS;
    }
    gic_set_bit(&s->irqs, &c->bank, GICF_PENDING, irq, false);
    gic_set_bit(&s->irqs, &c->bank, GICF_ACTIVE, irq, true);
    c->apr[grp] |= 1u << (prio >> 3);
    gicv3_update(s);
    return irq;
}

static void deactivate(GICv3CPU *c, uint64_t intid)
{
    if (intid < c->gic->num_irq) {
        gic_set_bit(&c->gic->irqs, &c->bank, GICF_ACTIVE, intid, false);
    }
}

/* ICC_EOIR0/1: drop the running priority, deactivate unless EOImode. */
static void end_of_interrupt(GICv3CPU *c, int grp, uint64_t intid)
{
    uint32_t ap = c->apr[0] | c->apr[1];

    intid &= 0xffffff;
    if (ap) {
        uint32_t bit = ap & -ap;
        c->apr[c->apr[grp] & bit ? grp : !grp] &= ~bit;
    }
    if (!(c->icc_ctlr & CTLR_EOIMODE)) {
        deactivate(c, intid);
    }
    gicv3_update(c->gic);
}

/* ICC_SGI0R/SGI1R/ASGI1R: make an SGI pending on the targeted CPUs. */
static void generate_sgi(GICv3CPU *self, uint64_t val)
{
    GICv3State *s = self->gic;
    unsigned intid = (val >> 24) & 0xf, rs = (val >> 44) & 0xf;
    uint32_t aff321 = ((val >> 16) & 0xff) << 8 | ((val >> 32) & 0xff) << 16 |
                      ((val >> 48) & 0xff) << 24;
    bool all_others = val & (1ull << 40);

    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *c = &s->cpu[i];
        unsigned aff0 = c->affinity & 0xff;
        bool hit;

        if (all_others) {
            hit = c != self;
        } else {
            hit = (c->affinity & ~0xffu) == aff321 && aff0 / 16 == rs &&
                  (val & (1u << (aff0 % 16)));
        }
        if (hit) {
            gic_set_bit(&s->irqs, &c->bank, GICF_PENDING, intid, true);
        }
    }
    gicv3_update(s);
}

static uint64_t hppir(GICv3CPU *c, int grp)
{
    uint8_t prio;
    int irq = gicv3_hppi(c->gic, c, &prio);

    return irq >= 0 && gic_bit(&c->gic->irqs, &c->bank, GICF_GROUP, irq) == grp
           ? irq : GICV3_INTID_SPURIOUS;
}

static uint64_t cpuif_read(void *opaque, ARMGICReg reg)
{
    GICv3CPU *c = opaque;

    switch (reg) {
    case ARM_ICC_PMR:
        return c->pmr;
    case ARM_ICC_IAR0:
    case ARM_ICC_IAR1:
        return acknowledge(c, reg == ARM_ICC_IAR1);
    case ARM_ICC_HPPIR0:
    case ARM_ICC_HPPIR1:
        return hppir(c, reg == ARM_ICC_HPPIR1);
    case ARM_ICC_BPR0:
        return c->bpr[0];
    case ARM_ICC_BPR1:
        return (c->icc_ctlr & CTLR_CBPR) ? MIN(c->bpr[0] + 1, 7) : c->bpr[1];
    case ARM_ICC_AP0R0:
        return c->apr[0];
    case ARM_ICC_AP1R0:
        return c->apr[1];
    case ARM_ICC_RPR:
        return gicv3_running_prio(c);
    case ARM_ICC_CTLR:
        return c->icc_ctlr | CTLR_RO;
    case ARM_ICC_SRE:
        return SRE_VALUE;
    case ARM_ICC_IGRPEN0:
    case ARM_ICC_IGRPEN1:
        return c->igrpen[reg == ARM_ICC_IGRPEN1];
    default:
        return 0;                       /* AP0R1-3, AP1R1-3: RAZ */
    }
}

static void cpuif_write(void *opaque, ARMGICReg reg, uint64_t val)
{
    GICv3CPU *c = opaque;

    switch (reg) {
    case ARM_ICC_PMR:
        c->pmr = val & GIC_PRIMASK;
        break;
    case ARM_ICC_EOIR0:
    case ARM_ICC_EOIR1:
        end_of_interrupt(c, reg == ARM_ICC_EOIR1, val);
        return;
    case ARM_ICC_DIR:
        deactivate(c, val & 0xffffff);
        break;
    case ARM_ICC_BPR0:
        c->bpr[0] = MAX(val & 7, BPR_MIN_G0);
        break;
    case ARM_ICC_BPR1:
        if (!(c->icc_ctlr & CTLR_CBPR)) {
            c->bpr[1] = MAX(val & 7, BPR_MIN_G1);
        }
        break;
    case ARM_ICC_AP0R0:
        c->apr[0] = val;
        break;
    case ARM_ICC_AP1R0:
        c->apr[1] = val;
        break;
    case ARM_ICC_SGI0R:
    case ARM_ICC_SGI1R:
    case ARM_ICC_ASGI1R:
        generate_sgi(c, val);
        return;
    case ARM_ICC_CTLR:
        c->icc_ctlr = val & (CTLR_CBPR | CTLR_EOIMODE);
        break;
    case ARM_ICC_IGRPEN0:
    case ARM_ICC_IGRPEN1:
        c->igrpen[reg == ARM_ICC_IGRPEN1] = val & 1;
        break;
    default:
        return;                         /* SRE, AP0R1-3, AP1R1-3: WI */
    }
    gicv3_update(c->gic);
}

void gicv3_connect_cpu(DeviceState *gic, unsigned i, CPUState *cs)
{
    GICv3State *s = ARM_GICV3(gic);
    ARMCPU *cpu = ARM_CPU(cs);
    GICv3CPU *c = &s->cpu[i];
    uint64_t mpidr = cpu->mpidr;

    c->affinity = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
    cpu->gic = (ARMGICCPUIf) {
        .read = cpuif_read, .write = cpuif_write, .opaque = c,
    };
    qdev_connect_gpio_out(gic, i, qdev_get_gpio_in(DEVICE(cs), ARM_CPU_IRQ));
    qdev_connect_gpio_out(gic, s->num_cpu + i,
                          qdev_get_gpio_in(DEVICE(cs), ARM_CPU_FIQ));
}
