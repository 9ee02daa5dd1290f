/*
 * The GICv3 distributor (GICD_*): global control, identification, and the
 * per-interrupt registers of the SPIs (those of INTIDs 0-31 are RAZ/WI
 * here: with affinity routing they live in the redistributors).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "arm_gicv3_internal.h"

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_SETSPI     0x0040
#define GICD_CLRSPI     0x0048
#define GICD_IRQREGS    0x0080          /* IGROUPR .. ICFGR */
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR  0x0800
#define GICD_ICFGR      0x0c00
#define GICD_IRQREGS_END 0x0d00
#define GICD_IROUTER    0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICD_IDREGS     0xffd0

/* Arm as implementer (JEP106 0x43b), as QEMU's model reports. */
#define GICD_IIDR_VALUE 0x0000043b

static bool in(hwaddr addr, hwaddr start, hwaddr end)
{
    return addr >= start && addr < end;
}

static uint32_t dist_typer(GICv3State *s)
{
    uint32_t cpus = MIN(s->num_cpu, 8) - 1;

    /* No1N, A3V, 16 INTID bits, no LPIs, no security extensions. */
    return (1u << 25) | (1u << 24) | (0xfu << 19) | (cpus << 5) |
           (s->num_irq / 32 - 1);
}

static uint32_t dist_read32(GICv3State *s, hwaddr addr)
{
    GICv3CPU *c0 = &s->cpu[0];

    switch (addr) {
    case GICD_CTLR:
        return s->ctlr;
    case GICD_TYPER:
        return dist_typer(s);
    case GICD_IIDR:
        return GICD_IIDR_VALUE;
    }
    if (in(addr, GICD_IRQREGS, GICD_IRQREGS_END)) {
        /* The first word of each block (INTIDs 0-31) is RAZ with ARE. */
        bool banked = addr >= GICD_ICFGR ? addr < GICD_ICFGR + 8
                                         : (addr & 0x7f) == 0;
        return banked ? 0 : gic_irqregs_read(&s->irqs, &c0->bank, addr);
    }
    if (in(addr, GICD_IDREGS, 0x10000)) {
        return gicv3_id_read(addr, false);
    }
    return 0;                           /* reserved and RAZ registers */
}

static void dist_write32(GICv3State *s, hwaddr addr, uint32_t val)
{
    GICv3CPU *c0 = &s->cpu[0];

    if (addr == GICD_CTLR) {
        s->ctlr = GICD_CTLR_ARE | GICD_CTLR_DS |
                  (val & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1));
        gicv3_update(s);
    } else if (addr == GICD_SETSPI || addr == GICD_CLRSPI) {
        if (val >= 32 && val < s->num_irq) {
            gic_set_bit(&s->irqs, NULL, GICF_PENDING, val,
                        addr == GICD_SETSPI);
            gicv3_update(s);
        }
    } else if (in(addr, GICD_IRQREGS, GICD_IRQREGS_END)) {
        bool banked = addr >= GICD_ICFGR ? addr < GICD_ICFGR + 8
                                         : (addr & 0x7f) == 0;
        if (!banked) {
            gicv3_irqregs_write(s, c0, addr, val);
        }
    } else if (!in(addr, GICD_ITARGETSR, GICD_ICFGR) && addr >= 0x0d00 &&
               addr < 0x0f10) {
        /* IGRPMODR, NSACR, SGIR, CPENDSGIR, SPENDSGIR: RAZ/WI without
         * security extensions or with affinity routing. */
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: write 0x%x to GICD offset 0x%"
                      HWADDR_PRIx "\n", val, addr);
    }
}

static uint64_t dist_read(void *opaque, hwaddr addr, unsigned size)
{
    GICv3State *s = opaque;
    uint64_t val = 0;

    if (in(addr, GICD_IPRIORITYR, GICD_ITARGETSR)) {
        for (unsigned i = 0; i < size; i++) {
            int irq = addr - GICD_IPRIORITYR + i;
            val |= (uint64_t)(irq < 32 ? 0 : gic_prio_read(&s->irqs, NULL, irq))
                   << (8 * i);
        }
        return val;
    }
    if (in(addr, GICD_IROUTER + 8 * 32, GICD_IROUTER_END)) {
        unsigned n = (addr - GICD_IROUTER) / 8;
        val = n < s->num_irq ? s->irouter[n] : 0;
        return val >> (8 * (addr & 7));
    }
    if (size == 8) {
        return dist_read32(s, addr) | (uint64_t)dist_read32(s, addr + 4) << 32;
    }
    return dist_read32(s, addr & ~3ull) >> (8 * (addr & 3));
}

static void dist_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;

    if (in(addr, GICD_IPRIORITYR, GICD_ITARGETSR)) {
        for (unsigned i = 0; i < size; i++) {
            int irq = addr - GICD_IPRIORITYR + i;
            if (irq >= 32) {
                gicv3_prio_write(s, NULL, irq, val >> (8 * i));
            }
        }
    } else if (in(addr, GICD_IROUTER + 8 * 32, GICD_IROUTER_END)) {
        unsigned n = (addr - GICD_IROUTER) / 8;
        unsigned shift = 8 * (addr & 7);
        uint64_t mask = (size == 8 ? ~0ull : 0xffffffffull) << shift;
        /* Aff3 and IRM and Aff2-0 are the writable fields. */
        const uint64_t writable = 0xff800000ffffffull | (1ull << 31);

        if (n < s->num_irq && size >= 4) {
            s->irouter[n] = ((s->irouter[n] & ~mask) | (val << shift)) &
                            writable;
            gicv3_update(s);
        }
    } else if (size == 8) {
        dist_write32(s, addr, val);
        dist_write32(s, addr + 4, val >> 32);
    } else if (size == 4) {
        dist_write32(s, addr, val);
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: %u-byte write to GICD offset "
                      "0x%" HWADDR_PRIx "\n", size, addr);
    }
}

const MemoryRegionOps gicv3_dist_ops = {
    .read = dist_read,
    .write = dist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};
