/*
 * Per-interrupt state shared by the GICv2 and GICv3 models: one bitmap per
 * property (group, enable, pending latch, active, input level, edge
 * trigger) and a priority byte per INTID, with INTIDs 0-31 banked per CPU,
 * and the register blocks both architectures lay out alike (IGROUPR ..
 * ICFGR from 0x080, IPRIORITYR bytes from 0x400).
 */
#ifndef HW_INTC_ARM_GIC_IRQS_H
#define HW_INTC_ARM_GIC_IRQS_H

#include "exec/memory.h"

#define GIC_MAX_IRQ         992         /* 1020 rounded down to 32 */
#define GIC_INTID_SPURIOUS  1023
#define GIC_NO_PRIORITY     0xff

enum {
    GICF_GROUP,         /* 1: group 1 */
    GICF_ENABLED,
    GICF_PENDING,       /* the pending latch (edges, ISPENDR, SGIs) */
    GICF_ACTIVE,
    GICF_LEVEL,         /* the input line */
    GICF_EDGE,          /* ICFGR: edge-triggered */
    GICF_NUM,
};

/* The banked INTIDs 0-31 (SGIs and PPIs) of one CPU. */
typedef struct GICBank {
    uint32_t bits[GICF_NUM];
    uint8_t prio[32];
} GICBank;

/* The shared INTIDs (SPIs); words and bytes below 32 are unused. */
typedef struct GICIrqs {
    uint32_t num_irq;                   /* INTIDs, a multiple of 32 */
    uint32_t bits[GICF_NUM][GIC_MAX_IRQ / 32];
    uint8_t prio[GIC_MAX_IRQ];
} GICIrqs;

/* The word of bitmap f holding irq (b's for irq < 32, b may be NULL else). */
static inline uint32_t *gic_word(GICIrqs *d, GICBank *b, int f, int irq)
{
    return irq < 32 ? &b->bits[f] : &d->bits[f][irq / 32];
}

static inline bool gic_bit(GICIrqs *d, GICBank *b, int f, int irq)
{
    return *gic_word(d, b, f, irq) & (1u << (irq % 32));
}

static inline void gic_set_bit(GICIrqs *d, GICBank *b, int f, int irq,
                               bool val)
{
    uint32_t *w = gic_word(d, b, f, irq);

    *w = val ? *w | (1u << (irq % 32)) : *w & ~(1u << (irq % 32));
}

static inline uint8_t *gic_prio(GICIrqs *d, GICBank *b, int irq)
{
    return irq < 32 ? &b->prio[irq] : &d->prio[irq];
}

/* Pending: the latch, or the line of a level-triggered interrupt. */
bool gic_pending(GICIrqs *d, GICBank *b, int irq);
/* Everything off and group 0, priorities 0, SGIs edge-triggered. */
void gic_irqs_reset(GICIrqs *d);
void gic_bank_reset(GICBank *b);
/* The input line of irq changed: a rising edge latches an edge interrupt. */
void gic_irq_set_level(GICIrqs *d, GICBank *b, int irq, bool level);

/* IGROUPR..ICFGR (0x080-0xcff) at off, 32-bit, INTIDs of b's view. */
uint32_t gic_irqregs_read(GICIrqs *d, GICBank *b, hwaddr off);
/* False (nothing changed) if off is none of those registers. */
bool gic_irqregs_write(GICIrqs *d, GICBank *b, hwaddr off, uint32_t val);
/* IPRIORITYR byte of irq; beyond num_irq RAZ/WI. */
uint8_t gic_prio_read(GICIrqs *d, GICBank *b, int irq);
void gic_prio_write(GICIrqs *d, GICBank *b, int irq, uint8_t val);

#endif
