/*
 * GICv3 core: the device, its input lines, the per-interrupt registers
 * shared by the distributor and the redistributors' SGI frames, and the
 * choice of the highest-priority pending interrupt of each CPU, which
 * drives the CPU's IRQ (group 1) or FIQ (group 0) line.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/qdev-properties.h"
#include "arm_gicv3_internal.h"

G_STATIC_ASSERT(GICV3_MAX_IRQ == GIC_MAX_IRQ);

/* The CPU an SPI goes to: its IROUTER affinity (1-of-N: CPU 0). */
static bool spi_targets(GICv3State *s, GICv3CPU *c, int irq)
{
    uint64_t r = s->irouter[irq];
    uint32_t aff = (r & 0xffffff) | ((r >> 8) & 0xff000000);

    if (r & (1ull << 31)) {
        return c->index == 0;
    }
    return aff == c->affinity;
}

static bool candidate(GICv3State *s, GICv3CPU *c, int irq)
{
    GICIrqs *d = &s->irqs;
    bool grp1 = gic_bit(d, &c->bank, GICF_GROUP, irq);
    uint32_t en = grp1 ? GICD_CTLR_EN_GRP1 : GICD_CTLR_EN_GRP0;

    return (s->ctlr & en) && gic_bit(d, &c->bank, GICF_ENABLED, irq) &&
           !gic_bit(d, &c->bank, GICF_ACTIVE, irq) &&
           gic_pending(d, &c->bank, irq);
}

int gicv3_hppi(GICv3State *s, GICv3CPU *c, uint8_t *prio)
{
    int best = -1;
    uint8_t best_prio = GIC_NO_PRIORITY;

    for (unsigned irq = 0; irq < s->num_irq; irq++) {
        uint8_t p;

        if (irq >= 32 && !spi_targets(s, c, irq)) {
            continue;
        }
        if (!candidate(s, c, irq)) {
            continue;
        }
        p = *gic_prio(&s->irqs, &c->bank, irq) & GIC_PRIMASK;
        if (best < 0 || p < best_prio) {
            best = irq;
            best_prio = p;
        }
    }
    *prio = best_prio;
    return best;
}

uint8_t gicv3_running_prio(GICv3CPU *c)
{
    uint32_t ap = c->apr[0] | c->apr[1];

    return ap ? (__builtin_ctz(ap) << 3) : GIC_NO_PRIORITY;
}

bool gicv3_can_signal(GICv3CPU *c, int grp, uint8_t prio)
{
    return c->igrpen[grp] && prio < (c->pmr & GIC_PRIMASK) &&
           prio < gicv3_running_prio(c);
}

static void update_cpu(GICv3State *s, GICv3CPU *c)
{
    uint8_t prio;
    int irq = gicv3_hppi(s, c, &prio);
    bool raise = false;
    int grp = 0;

    if (irq >= 0) {
        grp = gic_bit(&s->irqs, &c->bank, GICF_GROUP, irq);
        raise = gicv3_can_signal(c, grp, prio);
    }
    qemu_set_irq(s->outputs[c->index], raise && grp == 1);
    qemu_set_irq(s->outputs[s->num_cpu + c->index], raise && grp == 0);
}

void gicv3_update(GICv3State *s)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        update_cpu(s, &s->cpu[i]);
    }
}

/* Inputs: SPIs first, then the PPIs of each CPU (see the header). */
static void gicv3_set_irq(void *opaque, int n, int level)
{
    GICv3State *s = opaque;
    unsigned num_spi = s->num_irq - 32;
    GICv3CPU *c = &s->cpu[0];
    int irq = n + 32;

    if ((unsigned)n >= num_spi) {
        c = &s->cpu[(n - num_spi) / 32];
        irq = (n - num_spi) % 32;
    }
    gic_irq_set_level(&s->irqs, &c->bank, irq, level);
    gicv3_update(s);
}

qemu_irq gicv3_get_ppi(DeviceState *gic, unsigned cpu, unsigned intid)
{
    GICv3State *s = ARM_GICV3(gic);

    return qdev_get_gpio_in(gic, s->num_irq - 32 + cpu * 32 + intid);
}

/* ---- Per-interrupt registers (arm_gic_irqs.c) ---- */

void gicv3_irqregs_write(GICv3State *s, GICv3CPU *c, hwaddr off,
                         uint32_t val)
{
    if (!gic_irqregs_write(&s->irqs, gicv3_bank(c), off, val)) {
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: write to unknown register "
                      "0x%" HWADDR_PRIx "\n", off);
        return;
    }
    gicv3_update(s);
}

void gicv3_prio_write(GICv3State *s, GICv3CPU *c, int irq, uint8_t val)
{
    gic_prio_write(&s->irqs, gicv3_bank(c), irq, val);
    gicv3_update(s);
}

uint32_t gicv3_id_read(hwaddr off, bool redist)
{
    /* PIDR4-7, PIDR0-3, CIDR0-3 from 0xffd0: an Arm GICv3 (PIDR2 0x3b). */
    static const uint8_t ids[] = {
        0x44, 0x00, 0x00, 0x00, 0x92, 0xb4, 0x3b, 0x00,
        0x0d, 0xf0, 0x05, 0xb1,
    };
    unsigned i = (off - 0xffd0) / 4;

    if (i >= G_N_ELEMENTS(ids)) {
        return 0;
    }
    return ids[i] + (redist && i == 4);     /* PIDR0: 0x93 for a GICR */
}

/* ---- The device ---- */

static void gicv3_reset(DeviceState *dev)
{
    GICv3State *s = ARM_GICV3(dev);

    s->ctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
    gic_irqs_reset(&s->irqs);
    memset(s->irouter, 0, sizeof(s->irouter));
    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv3CPU *c = &s->cpu[i];

        gic_bank_reset(&c->bank);
        c->waker = 0x6;                          /* ProcessorSleep, asleep */
        gicv3_cpuif_reset(c);
    }
    gicv3_update(s);
}

static bool gicv3_realize(DeviceState *dev, Error **errp)
{
    GICv3State *s = ARM_GICV3(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (s->num_cpu < 1 || s->num_cpu > 256) {
        error_setg(errp, "arm-gicv3: num-cpu must be 1-256, not %u",
                   s->num_cpu);
        return false;
    }
    if (s->num_irq < 64 || s->num_irq > GICV3_MAX_IRQ || s->num_irq % 32) {
        error_setg(errp, "arm-gicv3: num-irq must be a multiple of 32 in "
                   "64-%d, not %u", GICV3_MAX_IRQ, s->num_irq);
        return false;
    }
    s->irqs.num_irq = s->num_irq;
    s->cpu = g_new0(GICv3CPU, s->num_cpu);
    s->outputs = g_new0(qemu_irq, 2 * s->num_cpu);
    for (unsigned i = 0; i < s->num_cpu; i++) {
        s->cpu[i].gic = s;
        s->cpu[i].index = i;
        s->cpu[i].affinity = (i % 8) | ((i / 8) << 8);
    }
    qdev_init_gpio_in(dev, gicv3_set_irq, s->num_irq - 32 + 32 * s->num_cpu);
    qdev_init_gpio_out(dev, s->outputs, 2 * s->num_cpu);
    memory_region_init_io(&s->dist_mr, "gicv3-dist", &gicv3_dist_ops, s,
                          "gicv3-dist", GICV3_DIST_SIZE);
    memory_region_init_io(&s->redist_mr, "gicv3-redist", &gicv3_redist_ops, s,
                          "gicv3-redist", GICV3_REDIST_SIZE * s->num_cpu);
    sysbus_init_mmio(sbd, &s->dist_mr);
    sysbus_init_mmio(sbd, &s->redist_mr);
    gicv3_reset(dev);
    return true;
}

static void gicv3_finalize(Object *obj)
{
    GICv3State *s = ARM_GICV3(obj);

    if (s->cpu) {
        memory_region_finalize(&s->dist_mr);
        memory_region_finalize(&s->redist_mr);
    }
    g_free(s->cpu);
    g_free(s->outputs);
}

static const Property gicv3_props[] = {
    DEFINE_PROP_UINT32("num-cpu", GICv3State, num_cpu, 1),
    DEFINE_PROP_UINT32("num-irq", GICv3State, num_irq, 288),
    DEFINE_PROP_END_OF_LIST(),
};

static void gicv3_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "Arm GICv3 (no security extensions, no LPIs)";
    dc->realize = gicv3_realize;
    dc->reset = gicv3_reset;
    device_class_set_props(dc, gicv3_props);
}

static const TypeInfo gicv3_info = {
    .name = TYPE_ARM_GICV3,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICv3State),
    .instance_finalize = gicv3_finalize,
    .class_init = gicv3_class_init,
};

static void gicv3_register_types(void)
{
    type_register_static(&gicv3_info);
}
type_init(gicv3_register_types)

DeviceState *gicv3_create(unsigned ncpu, unsigned num_irq, hwaddr dist,
                          hwaddr redist)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GICV3);
    Object *obj = OBJECT(dev);

    object_property_set_uint(obj, "num-cpu", ncpu, &error_fatal);
    object_property_set_uint(obj, "num-irq", num_irq, &error_fatal);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, dist);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, redist);
    return dev;
}
