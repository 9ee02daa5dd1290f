/*
 * GICv3 of the virt board for the bare-metal tests: register addresses
 * and the set-up Linux also does (affinity routing, group 1, wake the
 * redistributor, system register interface).
 */
#ifndef TCG_AARCH64_GIC_H
#define TCG_AARCH64_GIC_H

#include <stdint.h>

#define GICD            0x08000000ul
#define GICR(cpu)       (0x080a0000ul + (cpu) * 0x20000ul)
#define GICR_SGI(cpu)   (GICR(cpu) + 0x10000ul)

#define REG32(a)        (*(volatile uint32_t *)(a))
#define REG64(a)        (*(volatile uint64_t *)(a))
#define REG8(a)         (*(volatile uint8_t *)(a))

/* Two levels, so that the ICC_* names below expand first. */
#define SYSREG_READ(name) SYSREG_READ_(name)
#define SYSREG_WRITE(name, val) SYSREG_WRITE_(name, val)
#define SYSREG_READ_(name) ({                                            \
        uint64_t v_;                                                    \
        __asm__ volatile("mrs %0, " #name : "=r"(v_) : : "memory");     \
        v_; })
#define SYSREG_WRITE_(name, val)                                        \
    __asm__ volatile("msr " #name ", %0\n\tisb" : :                     \
                     "r"((uint64_t)(val)) : "memory")

#define ICC_PMR         S3_0_C4_C6_0
#define ICC_IAR1        S3_0_C12_C12_0
#define ICC_EOIR1       S3_0_C12_C12_1
#define ICC_HPPIR1      S3_0_C12_C12_2
#define ICC_BPR1        S3_0_C12_C12_3
#define ICC_CTLR        S3_0_C12_C12_4
#define ICC_SRE         S3_0_C12_C12_5
#define ICC_IGRPEN1     S3_0_C12_C12_7
#define ICC_DIR         S3_0_C12_C11_1
#define ICC_RPR         S3_0_C12_C11_3
#define ICC_SGI1R       S3_0_C12_C11_5

/* Distributor on, this CPU's redistributor awake, INTIDs 0-31 group 1. */
static inline void gic_init_cpu(int cpu)
{
    REG32(GICD) = 0x12;                         /* ARE, EnableGrp1 */
    REG32(GICR(cpu) + 0x14) &= ~2u;             /* WAKER.ProcessorSleep */
    while (REG32(GICR(cpu) + 0x14) & 4u) {
        /* ChildrenAsleep */
    }
    REG32(GICR_SGI(cpu) + 0x80) = 0xffffffffu;  /* IGROUPR0 */
    SYSREG_WRITE(ICC_SRE, 7);
    SYSREG_WRITE(ICC_PMR, 0xff);
    SYSREG_WRITE(ICC_BPR1, 0);
    SYSREG_WRITE(ICC_IGRPEN1, 1);
}

static inline void gic_enable_ppi(int cpu, int intid, uint8_t prio)
{
    REG8(GICR_SGI(cpu) + 0x400 + intid) = prio;
    REG32(GICR_SGI(cpu) + 0x100) = 1u << intid;     /* ISENABLER0 */
}

#endif
