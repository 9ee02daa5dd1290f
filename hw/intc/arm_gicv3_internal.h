/* State of the GICv3 model shared by its files (hw/intc/arm_gicv3*.c). */
#ifndef HW_INTC_ARM_GICV3_INTERNAL_H
#define HW_INTC_ARM_GICV3_INTERNAL_H

#include "hw/intc/arm_gicv3.h"
#include "arm_gic_irqs.h"

OBJECT_DECLARE_SIMPLE_TYPE(GICv3State, ARM_GICV3)

#define GICD_CTLR_EN_GRP0   (1u << 0)
#define GICD_CTLR_EN_GRP1   (1u << 1)
#define GICD_CTLR_ARE       (1u << 4)
#define GICD_CTLR_DS        (1u << 6)

#define GIC_PRIBITS         5               /* as QEMU's Cortex-A72 */
#define GIC_PRIMASK         (0xffu << (8 - GIC_PRIBITS) & 0xff)

typedef struct GICv3CPU {
    GICv3State *gic;
    unsigned index;
    uint32_t affinity;          /* Aff3.Aff2.Aff1.Aff0 as in GICR_TYPER */
    uint32_t waker;
    GICBank bank;               /* INTIDs 0-31 */
    /* CPU interface */
    uint8_t pmr;
    uint8_t bpr[2];
    uint32_t icc_ctlr;          /* the writable bits: CBPR, EOImode */
    bool igrpen[2];
    uint32_t apr[2];            /* active priorities, bit = priority >> 3 */
} GICv3CPU;

struct GICv3State {
    SysBusDevice parent_obj;
    MemoryRegion dist_mr, redist_mr;
    uint32_t num_cpu, num_irq;
    uint32_t ctlr;
    GICIrqs irqs;               /* the SPIs */
    uint64_t irouter[GICV3_MAX_IRQ];
    GICv3CPU *cpu;
    qemu_irq *outputs;          /* IRQ of each CPU, then FIQ of each */
};

/* c's banked INTIDs (c may be NULL where only SPIs are concerned). */
static inline GICBank *gicv3_bank(GICv3CPU *c)
{
    return c ? &c->bank : NULL;
}

/* arm_gicv3.c */
/* The best interrupt for c that could be signalled, or -1; *prio its. */
int gicv3_hppi(GICv3State *s, GICv3CPU *c, uint8_t *prio);
/* The highest active priority of c, or idle (0xff). */
uint8_t gicv3_running_prio(GICv3CPU *c);
/* May an interrupt of group grp and priority prio be signalled to c? */
bool gicv3_can_signal(GICv3CPU *c, int grp, uint8_t prio);
/* Recompute every CPU's IRQ/FIQ lines. */
void gicv3_update(GICv3State *s);

/*
 * Writes to IGROUPR..ICFGR (GICD and the SGI_base frame) and IPRIORITYR
 * bytes of c's view (arm_gic_irqs.c), then the lines follow.
 */
void gicv3_irqregs_write(GICv3State *s, GICv3CPU *c, hwaddr off,
                         uint32_t val);
void gicv3_prio_write(GICv3State *s, GICv3CPU *c, int irq, uint8_t val);

/* The ID registers (0xffd0-0xfffc) of a distributor or redistributor. */
uint32_t gicv3_id_read(hwaddr off, bool redist);

/* arm_gicv3_dist.c, arm_gicv3_redist.c */
extern const MemoryRegionOps gicv3_dist_ops;
extern const MemoryRegionOps gicv3_redist_ops;

/* arm_gicv3_cpuif.c */
void gicv3_cpuif_reset(GICv3CPU *c);

#endif
