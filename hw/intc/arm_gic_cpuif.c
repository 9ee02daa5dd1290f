/*
 * The GICv2 CPU interface (GICC_*), banked for the accessing vCPU:
 * acknowledge (with the source CPU of an SGI), priority drop and
 * deactivation (split with EOImode), priority mask, binary points
 * (preemption compares group priorities), running and active priorities.
 * Word accesses only; anything else is logged, RAZ/WI.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "arm_gic_internal.h"

#define GICC_CTLR       0x00
#define GICC_PMR        0x04
#define GICC_BPR        0x08
#define GICC_IAR        0x0c
#define GICC_EOIR       0x10
#define GICC_RPR        0x14
#define GICC_HPPIR      0x18
#define GICC_ABPR       0x1c
#define GICC_APR        0xd0
#define GICC_NSAPR      0xe0
#define GICC_NSAPR_END  0xf0
#define GICC_IIDR       0xfc
#define GICC_DIR        0x1000

#define GICC_CTLR_MASK  (GICC_CTLR_EN_GRP0 | GICC_CTLR_EN_GRP1 |          \
                         GICC_CTLR_ACKCTL | GICC_CTLR_FIQEN |              \
                         GICC_CTLR_CBPR | GICC_CTLR_EOIMODE)
/* Architecture version 2, Arm as implementer. */
#define GICC_IIDR_VALUE 0x0002043b

void gic_cpuif_reset(GICCPU *c)
{
    c->ctlr = 0;
    c->pmr = 0;
    c->bpr = 0;
    c->abpr = 1;
    memset(c->apr, 0, sizeof(c->apr));
}

static int irq_group(GICCPU *c, int irq)
{
    return gic_bit(&c->gic->irqs, &c->bank, GICF_GROUP, irq);
}

/* Group priority of irq: the bits above its group's binary point. */
static uint8_t group_prio(GICCPU *c, int irq)
{
    int bpr = c->bpr;

    if (irq_group(c, irq) && !(c->ctlr & GICC_CTLR_CBPR)) {
        bpr = c->abpr - 1;
    }
    return *gic_prio(&c->gic->irqs, &c->bank, irq) & (0xff << (bpr + 1));
}

/* GICC_HPPIR: the best pending interrupt (no SGI source, as QEMU). */
static int pending_intid(GICCPU *c, uint8_t *prio)
{
    int irq = gic_hppi(c->gic, c, prio);

    if (irq < 0) {
        return GIC_INTID_SPURIOUS;
    }
    if (irq_group(c, irq) && !(c->ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_INTID_GRP1_ACK;
    }
    return irq;
}

static uint32_t acknowledge(GICCPU *c)
{
    GICState *s = c->gic;
    uint8_t prio;
    int irq = gic_hppi(s, c, &prio);
    uint32_t ret = irq;
    int level;

    if (irq < 0 || prio >= gic_running_prio(c)) {
        return GIC_INTID_SPURIOUS;
    }
    if (irq_group(c, irq) && !(c->ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_INTID_GRP1_ACK;
    }
    if (irq < 16) {
        unsigned src = __builtin_ctz(c->sgi_src[irq]);

        gic_sgi_set(s, c, irq, src, false);
        ret |= src << 10;
    } else {
        gic_set_bit(&s->irqs, &c->bank, GICF_PENDING, irq, false);
    }
    gic_set_bit(&s->irqs, &c->bank, GICF_ACTIVE, irq, true);
    level = group_prio(c, irq) >> 1;
    c->apr[irq_group(c, irq)][level / 32] |= 1u << (level % 32);
    gic_update(s);
    return ret;
}

/* Clear the highest active level of group grp. */
static void drop_priority(GICCPU *c, int grp)
{
    for (int i = 0; i < GIC_NR_APR; i++) {
        if (c->apr[grp][i]) {
            c->apr[grp][i] &= c->apr[grp][i] - 1;
            return;
        }
    }
}

static void deactivate(GICCPU *c, uint32_t irq)
{
    gic_set_bit(&c->gic->irqs, &c->bank, GICF_ACTIVE, irq, false);
}

static void end_of_interrupt(GICCPU *c, uint32_t val)
{
    uint32_t irq = val & 0x3ff;

    if (irq >= c->gic->num_irq) {
        if (irq != GIC_INTID_SPURIOUS) {
            kemu_log_mask(LOG_GUEST_ERROR, "gic: GICC_EOIR of INTID %u, "
                          "which does not exist\n", irq);
        }
        return;
    }
    if (gic_running_prio(c) == GIC_NO_PRIORITY) {
        kemu_log_mask(LOG_GUEST_ERROR, "gic: GICC_EOIR %u with no active "
                      "interrupt\n", irq);
        return;
    }
    drop_priority(c, irq_group(c, irq));
    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        deactivate(c, irq);
    }
}

static void write_dir(GICCPU *c, uint32_t val)
{
    uint32_t irq = val & 0x3ff;

    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        kemu_log_mask(LOG_GUEST_ERROR, "gic: GICC_DIR written with "
                      "GICC_CTLR.EOImode clear\n");
    } else if (irq < c->gic->num_irq) {
        deactivate(c, irq);
    }
}

static uint32_t cpuif_read_word(GICCPU *c, hwaddr addr)
{
    uint8_t prio;

    switch (addr) {
    case GICC_CTLR:
        return c->ctlr;
    case GICC_PMR:
        return c->pmr;
    case GICC_BPR:
        return c->bpr;
    case GICC_ABPR:
        return c->abpr;
    case GICC_IAR:
        return acknowledge(c);
    case GICC_RPR:
        return gic_running_prio(c);
    case GICC_HPPIR:
        return pending_intid(c, &prio);
    case GICC_IIDR:
        return GICC_IIDR_VALUE;
    }
    if (addr >= GICC_APR && addr < GICC_NSAPR_END) {
        return c->apr[addr >= GICC_NSAPR][(addr & 0xf) / 4];
    }
    kemu_log_mask(LOG_GUEST_ERROR, "gic: read of %s GICC offset 0x%"
                  HWADDR_PRIx "\n", addr == GICC_EOIR || addr == GICC_DIR
                  ? "write-only" : "reserved", addr);
    return 0;
}

static void cpuif_write_word(GICCPU *c, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case GICC_CTLR:
        c->ctlr = val & GICC_CTLR_MASK;
        break;
    case GICC_PMR:
        c->pmr = val;
        break;
    case GICC_BPR:
        c->bpr = val & 7;
        break;
    case GICC_ABPR:
        c->abpr = MAX(val & 7, 1);
        break;
    case GICC_EOIR:
        end_of_interrupt(c, val);
        break;
    case GICC_DIR:
        write_dir(c, val);
        break;
    default:
        if (addr >= GICC_APR && addr < GICC_NSAPR_END) {
            c->apr[addr >= GICC_NSAPR][(addr & 0xf) / 4] = val;
            break;
        }
        kemu_log_mask(LOG_GUEST_ERROR, "gic: write 0x%x to %s GICC offset "
                      "0x%" HWADDR_PRIx "\n", val, addr == GICC_IAR ||
                      addr == GICC_RPR || addr == GICC_HPPIR ||
                      addr == GICC_IIDR ? "read-only" : "reserved", addr);
        return;
    }
    gic_update(c->gic);
}

static bool access_ok(hwaddr addr, unsigned size, bool is_write)
{
    if (size == 4 && !(addr & 3)) {
        return true;
    }
    kemu_log_mask(LOG_GUEST_ERROR, "gic: %u-byte %s at GICC offset 0x%"
                  HWADDR_PRIx " (words only)\n", size,
                  is_write ? "write" : "read", addr);
    return false;
}

static uint64_t cpuif_read(void *opaque, hwaddr addr, unsigned size)
{
    GICState *s = opaque;

    return access_ok(addr, size, false)
           ? cpuif_read_word(gic_current_cpu(s), addr) : 0;
}

static void cpuif_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    GICState *s = opaque;

    if (access_ok(addr, size, true)) {
        cpuif_write_word(gic_current_cpu(s), addr, val);
    }
}

const MemoryRegionOps gic_cpuif_ops = {
    .read = cpuif_read,
    .write = cpuif_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};
