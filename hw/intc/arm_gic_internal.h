/* State of the GICv2 model shared by hw/intc/arm_gic.c and arm_gic_cpuif.c. */
#ifndef HW_INTC_ARM_GIC_INTERNAL_H
#define HW_INTC_ARM_GIC_INTERNAL_H

#include "hw/intc/arm_gic.h"
#include "arm_gic_irqs.h"

OBJECT_DECLARE_SIMPLE_TYPE(GICState, ARM_GIC)

#define GICD_CTLR_EN_GRP0   (1u << 0)
#define GICD_CTLR_EN_GRP1   (1u << 1)

#define GICC_CTLR_EN_GRP0   (1u << 0)
#define GICC_CTLR_EN_GRP1   (1u << 1)
#define GICC_CTLR_ACKCTL    (1u << 2)
#define GICC_CTLR_FIQEN     (1u << 3)
#define GICC_CTLR_CBPR      (1u << 4)
#define GICC_CTLR_EOIMODE   (1u << 9)

#define GIC_NR_APR          4           /* 128 preemption levels */
#define GIC_INTID_GRP1_ACK  1022        /* group 1 without AckCtl */

typedef struct GICState GICState;

typedef struct GICCPU {
    GICState *gic;
    unsigned index;
    CPUState *cs;
    GICBank bank;
    uint8_t sgi_src[16];        /* pending SGIs: bit n = from CPU n */
    /* CPU interface */
    uint32_t ctlr;
    uint8_t pmr, bpr, abpr;
    uint32_t apr[2][GIC_NR_APR];    /* active levels of group 0, 1 */
} GICCPU;

struct GICState {
    SysBusDevice parent_obj;
    MemoryRegion dist_mr, cpuif_mr;
    uint32_t num_cpu, num_irq;
    uint32_t ctlr;
    GICIrqs irqs;
    uint8_t targets[GIC_MAX_IRQ];   /* ITARGETSR of the SPIs */
    GICCPU cpu[GIC_MAX_CPUS];
    qemu_irq outputs[2 * GIC_MAX_CPUS];     /* IRQs, then FIQs */
};

/* arm_gic.c */
/* The CPU interface the calling vCPU thread sees (CPU 0 off vCPUs). */
GICCPU *gic_current_cpu(GICState *s);
/* The best interrupt c could take (enabled, pending, not active, for c)
 * below its priority mask, or -1; *prio its priority. */
int gic_hppi(GICState *s, GICCPU *c, uint8_t *prio);
/* The running priority of c: that of its highest active level, or 0xff. */
uint8_t gic_running_prio(GICCPU *c);
/* Recompute every CPU's IRQ/FIQ lines. */
void gic_update(GICState *s);
/* An SGI from CPU src made pending (or cleared) on c. */
void gic_sgi_set(GICState *s, GICCPU *c, int sgi, unsigned src, bool on);

/* arm_gic_dist.c */
extern const MemoryRegionOps gic_dist_ops;

/* arm_gic_cpuif.c */
extern const MemoryRegionOps gic_cpuif_ops;
void gic_cpuif_reset(GICCPU *c);

#endif
