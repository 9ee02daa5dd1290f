/*
 * Per-interrupt state and registers common to GICv2 and GICv3 (see
 * arm_gic_irqs.h).  The callers recompute their CPUs' lines afterwards.
 */
#include "kemu/osdep.h"
#include "arm_gic_irqs.h"

#define R_IGROUPR       0x080
#define R_ISENABLER     0x100
#define R_ICENABLER     0x180
#define R_ISPENDR       0x200
#define R_ICPENDR       0x280
#define R_ISACTIVER     0x300
#define R_ICACTIVER     0x380
#define R_ICFGR         0xc00
#define R_ICFGR_END     0xd00

bool gic_pending(GICIrqs *d, GICBank *b, int irq)
{
    return gic_bit(d, b, GICF_PENDING, irq) ||
           (!gic_bit(d, b, GICF_EDGE, irq) && gic_bit(d, b, GICF_LEVEL, irq));
}

void gic_irqs_reset(GICIrqs *d)
{
    memset(d->bits, 0, sizeof(d->bits));
    memset(d->prio, 0, sizeof(d->prio));
}

void gic_bank_reset(GICBank *b)
{
    memset(b->bits, 0, sizeof(b->bits));
    memset(b->prio, 0, sizeof(b->prio));
    b->bits[GICF_EDGE] = 0xffff;        /* SGIs */
}

void gic_irq_set_level(GICIrqs *d, GICBank *b, int irq, bool level)
{
    if (level && !gic_bit(d, b, GICF_LEVEL, irq) &&
        gic_bit(d, b, GICF_EDGE, irq)) {
        gic_set_bit(d, b, GICF_PENDING, irq, true);
    }
    gic_set_bit(d, b, GICF_LEVEL, irq, level);
}

static uint32_t pending_word(GICIrqs *d, GICBank *b, int base)
{
    uint32_t v = 0;

    for (int i = 0; i < 32; i++) {
        v |= (uint32_t)gic_pending(d, b, base + i) << i;
    }
    return v;
}

/* ICFGR word (16 interrupts, 2 bits each: bit 1 = edge). */
static uint32_t icfgr_read(GICIrqs *d, GICBank *b, int base)
{
    uint32_t v = 0;

    for (int i = 0; i < 16; i++) {
        v |= (uint32_t)gic_bit(d, b, GICF_EDGE, base + i) << (2 * i + 1);
    }
    return v;
}

static void icfgr_write(GICIrqs *d, GICBank *b, int base, uint32_t val)
{
    for (int i = 0; i < 16; i++) {
        if (base + i >= 16) {           /* SGIs are always edge */
            gic_set_bit(d, b, GICF_EDGE, base + i, val & (2u << (2 * i)));
        }
    }
}

static int word_field(hwaddr off)
{
    switch (off & ~0x7fu) {
    case R_IGROUPR:
        return GICF_GROUP;
    case R_ISENABLER:
    case R_ICENABLER:
        return GICF_ENABLED;
    case R_ISPENDR:
    case R_ICPENDR:
        return GICF_PENDING;
    case R_ISACTIVER:
    case R_ICACTIVER:
        return GICF_ACTIVE;
    default:
        return -1;
    }
}

uint32_t gic_irqregs_read(GICIrqs *d, GICBank *b, hwaddr off)
{
    int f = word_field(off), base;

    if (off >= R_ICFGR && off < R_ICFGR_END) {
        base = (off - R_ICFGR) / 4 * 16;
        return base < (int)d->num_irq ? icfgr_read(d, b, base) : 0;
    }
    base = (off & 0x7f) / 4 * 32;
    if (f < 0 || base >= (int)d->num_irq) {
        return 0;
    }
    if (f == GICF_PENDING) {
        return pending_word(d, b, base);
    }
    return *gic_word(d, b, f, base);
}

bool gic_irqregs_write(GICIrqs *d, GICBank *b, hwaddr off, uint32_t val)
{
    int f = word_field(off), base;
    uint32_t *w;

    if (off >= R_ICFGR && off < R_ICFGR_END) {
        base = (off - R_ICFGR) / 4 * 16;
        if (base < (int)d->num_irq) {
            icfgr_write(d, b, base, val);
        }
        return true;
    }
    base = (off & 0x7f) / 4 * 32;
    if (f < 0 || base >= (int)d->num_irq) {
        return false;
    }
    w = gic_word(d, b, f, base);
    if (f == GICF_GROUP) {
        *w = val;
    } else if (off & 0x80) {           /* the "clear" half of the pair */
        *w &= ~val;
    } else {
        *w |= val;
    }
    return true;
}

uint8_t gic_prio_read(GICIrqs *d, GICBank *b, int irq)
{
    return irq < (int)d->num_irq ? *gic_prio(d, b, irq) : 0;
}

void gic_prio_write(GICIrqs *d, GICBank *b, int irq, uint8_t val)
{
    if (irq < (int)d->num_irq) {
        *gic_prio(d, b, irq) = val;
    }
}
