/*
 * GICv2 core: the device, its input lines, which CPU interface an access
 * belongs to, and the choice of each CPU's highest-priority pending
 * interrupt, which drives the CPU's IRQ line (or FIQ for group 0 with
 * GICC_CTLR.FIQEn).  The per-interrupt state is arm_gic_irqs.c's, shared
 * with the GICv3 model; SGIs also remember their source CPUs.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "arm_gic_internal.h"

GICCPU *gic_current_cpu(GICState *s)
{
    for (unsigned i = 0; current_cpu && i < s->num_cpu; i++) {
        if (s->cpu[i].cs == current_cpu) {
            return &s->cpu[i];
        }
    }
    return &s->cpu[0];
}

/* May irq go to c: enabled in its group, pending, inactive, targeted? */
static bool candidate(GICState *s, GICCPU *c, int irq)
{
    GICIrqs *d = &s->irqs;
    int grp = gic_bit(d, &c->bank, GICF_GROUP, irq);

    if (irq >= 32 && !(s->targets[irq] & (1u << c->index))) {
        return false;
    }
    return (s->ctlr & (GICD_CTLR_EN_GRP0 << grp)) &&
           gic_bit(d, &c->bank, GICF_ENABLED, irq) &&
           !gic_bit(d, &c->bank, GICF_ACTIVE, irq) &&
           gic_pending(d, &c->bank, irq);
}

int gic_hppi(GICState *s, GICCPU *c, uint8_t *prio)
{
    int best = -1;
    uint8_t best_prio = GIC_NO_PRIORITY;

    *prio = GIC_NO_PRIORITY;
    if (!(c->ctlr & (GICC_CTLR_EN_GRP0 | GICC_CTLR_EN_GRP1))) {
        return -1;
    }
    for (unsigned irq = 0; irq < s->num_irq; irq++) {
        uint8_t p;

        if (!candidate(s, c, irq)) {
            continue;
        }
        p = *gic_prio(&s->irqs, &c->bank, irq);
        if (best < 0 || p < best_prio) {
            best = irq;
            best_prio = p;
        }
    }
    if (best < 0 || best_prio >= c->pmr) {
        return -1;
    }
    *prio = best_prio;
    return best;
}

/* Active priorities: bit n of the APRs is the preemption level n, that is
 * group priority n << 1 (8 priority bits, binary point 0 at least). */
uint8_t gic_running_prio(GICCPU *c)
{
    for (int i = 0; i < GIC_NR_APR; i++) {
        uint32_t w = c->apr[0][i] | c->apr[1][i];

        if (w) {
            return (i * 32 + __builtin_ctz(w)) << 1;
        }
    }
    return GIC_NO_PRIORITY;
}

static void update_cpu(GICState *s, GICCPU *c)
{
    uint8_t prio;
    int irq = gic_hppi(s, c, &prio);
    bool irq_line = false, fiq_line = false;

    if (irq >= 0 && prio < gic_running_prio(c)) {
        int grp = gic_bit(&s->irqs, &c->bank, GICF_GROUP, irq);

        if (c->ctlr & (GICC_CTLR_EN_GRP0 << grp)) {
            fiq_line = grp == 0 && (c->ctlr & GICC_CTLR_FIQEN);
            irq_line = !fiq_line;
        }
    }
    qemu_set_irq(s->outputs[c->index], irq_line);
    qemu_set_irq(s->outputs[s->num_cpu + c->index], fiq_line);
}

void gic_update(GICState *s)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        update_cpu(s, &s->cpu[i]);
    }
}

void gic_sgi_set(GICState *s, GICCPU *c, int sgi, unsigned src, bool on)
{
    if (on) {
        c->sgi_src[sgi] |= 1u << src;
    } else {
        c->sgi_src[sgi] &= ~(1u << src);
    }
    gic_set_bit(&s->irqs, &c->bank, GICF_PENDING, sgi, c->sgi_src[sgi]);
}

/* Inputs: SPIs first, then the PPIs of each CPU (see the header). */
static void gic_set_irq(void *opaque, int n, int level)
{
    GICState *s = opaque;
    unsigned num_spi = s->num_irq - 32;
    GICCPU *c = &s->cpu[0];
    int irq = n + 32;

    if ((unsigned)n >= num_spi) {
        c = &s->cpu[(n - num_spi) / 32];
        irq = (n - num_spi) % 32;
    }
    gic_irq_set_level(&s->irqs, &c->bank, irq, level);
    gic_update(s);
}

qemu_irq gic_get_ppi(DeviceState *gic, unsigned cpu, unsigned intid)
{
    GICState *s = ARM_GIC(gic);

    return qdev_get_gpio_in(gic, s->num_irq - 32 + cpu * 32 + intid);
}

void gic_connect_cpu(DeviceState *gic, unsigned i, CPUState *cs)
{
    GICState *s = ARM_GIC(gic);

    s->cpu[i].cs = cs;
    /* The CPU's inputs 0 and 1 are its IRQ and FIQ (target/arm). */
    qdev_connect_gpio_out(gic, i, qdev_get_gpio_in(DEVICE(cs), 0));
    qdev_connect_gpio_out(gic, s->num_cpu + i,
                          qdev_get_gpio_in(DEVICE(cs), 1));
}

/* ---- The device ---- */

static void gic_reset(DeviceState *dev)
{
    GICState *s = ARM_GIC(dev);

    s->ctlr = 0;
    gic_irqs_reset(&s->irqs);
    memset(s->targets, 0, sizeof(s->targets));
    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICCPU *c = &s->cpu[i];

        gic_bank_reset(&c->bank);
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        gic_cpuif_reset(c);
    }
    gic_update(s);
}

static bool gic_realize(DeviceState *dev, Error **errp)
{
    GICState *s = ARM_GIC(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (s->num_cpu < 1 || s->num_cpu > GIC_MAX_CPUS) {
        error_setg(errp, "arm-gic: num-cpu must be 1-%d, not %u",
                   GIC_MAX_CPUS, s->num_cpu);
        return false;
    }
    if (s->num_irq < 64 || s->num_irq > GIC_MAX_IRQ || s->num_irq % 32) {
        error_setg(errp, "arm-gic: num-irq must be a multiple of 32 in "
                   "64-%d, not %u", GIC_MAX_IRQ, s->num_irq);
        return false;
    }
    s->irqs.num_irq = s->num_irq;
    for (unsigned i = 0; i < s->num_cpu; i++) {
        s->cpu[i].gic = s;
        s->cpu[i].index = i;
    }
    qdev_init_gpio_in(dev, gic_set_irq, s->num_irq - 32 + 32 * s->num_cpu);
    qdev_init_gpio_out(dev, s->outputs, 2 * s->num_cpu);
    memory_region_init_io(&s->dist_mr, "gic-dist", &gic_dist_ops, s,
                          "gic-dist", GIC_DIST_SIZE);
    memory_region_init_io(&s->cpuif_mr, "gic-cpuif", &gic_cpuif_ops, s,
                          "gic-cpuif", GIC_CPUIF_SIZE);
    sysbus_init_mmio(sbd, &s->dist_mr);
    sysbus_init_mmio(sbd, &s->cpuif_mr);
    gic_reset(dev);
    return true;
}

static void gic_finalize(Object *obj)
{
    GICState *s = ARM_GIC(obj);

    if (s->cpu[0].gic) {
        memory_region_finalize(&s->dist_mr);
        memory_region_finalize(&s->cpuif_mr);
    }
}

static const Property gic_props[] = {
    DEFINE_PROP_UINT32("num-cpu", GICState, num_cpu, 1),
    DEFINE_PROP_UINT32("num-irq", GICState, num_irq, 288),
    DEFINE_PROP_END_OF_LIST(),
};

static void gic_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "Arm GICv2 (no security or virtualization extensions)";
    dc->realize = gic_realize;
    dc->reset = gic_reset;
    device_class_set_props(dc, gic_props);
}

static const TypeInfo gic_info = {
    .name = TYPE_ARM_GIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICState),
    .instance_finalize = gic_finalize,
    .class_init = gic_class_init,
};

static void gic_register_types(void)
{
    type_register_static(&gic_info);
}
type_init(gic_register_types)

DeviceState *gic_create(unsigned ncpu, unsigned num_irq, hwaddr dist,
                        hwaddr cpuif)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GIC);
    Object *obj = OBJECT(dev);

    object_property_set_uint(obj, "num-cpu", ncpu, &error_fatal);
    object_property_set_uint(obj, "num-irq", num_irq, &error_fatal);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, dist);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, cpuif);
    return dev;
}
