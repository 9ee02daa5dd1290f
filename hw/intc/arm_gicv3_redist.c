/*
 * The GICv3 redistributors: per CPU an RD_base frame (control, TYPER with
 * the CPU's affinity, the WAKER handshake) and an SGI_base frame with the
 * per-interrupt registers of its SGIs and PPIs.  No LPIs.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "arm_gicv3_internal.h"

#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_IDREGS     0xffd0
#define GICR_SGI_BASE   0x10000
#define GICR_IPRIORITYR 0x0400          /* in the SGI frame */
#define GICR_IPRIORITYR_END 0x0420
#define GICR_IRQREGS    0x0080
#define GICR_ICFGR_END  0x0c08

#define WAKER_PROCESSOR_SLEEP   (1u << 1)
#define WAKER_CHILDREN_ASLEEP   (1u << 2)

static uint64_t redist_typer(GICv3State *s, GICv3CPU *c)
{
    bool last = c->index == s->num_cpu - 1;

    return (uint64_t)c->affinity << 32 | (c->index << 8) | (last << 4);
}

/* A 32-bit register of RD_base (TYPER: the whole of it at 0x8). */
static uint64_t rd_read(GICv3State *s, GICv3CPU *c, hwaddr off)
{
    switch (off) {
    case GICR_CTLR:
        return 0;
    case GICR_IIDR:
        return 0x43b;
    case GICR_TYPER:
        return redist_typer(s, c);
    case GICR_TYPER + 4:
        return redist_typer(s, c) >> 32;
    case GICR_WAKER:
        return c->waker;
    }
    if (off >= GICR_IDREGS) {
        return gicv3_id_read(off, true);
    }
    return 0;
}

static uint32_t sgi_read(GICv3State *s, GICv3CPU *c, hwaddr off)
{
    if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR_END) {
        uint32_t v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (uint32_t)c->bank.prio[off - GICR_IPRIORITYR + i] << (8 * i);
        }
        return v;
    }
    if (off >= GICR_IRQREGS && off < GICR_ICFGR_END &&
        ((off & 0x7f) == 0 || off >= 0xc00)) {
        return gic_irqregs_read(&s->irqs, &c->bank, off);
    }
    return 0;
}

static void rd_write(GICv3State *s, GICv3CPU *c, hwaddr off, uint32_t val)
{
    switch (off) {
    case GICR_WAKER:
        /* The children follow ProcessorSleep at once. */
        c->waker = (val & WAKER_PROCESSOR_SLEEP) ? 0x6 : 0;
        break;
    case GICR_CTLR:
        break;                          /* EnableLPIs: no LPIs */
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: write 0x%x to GICR%u offset "
                      "0x%" HWADDR_PRIx "\n", val, c->index, off);
    }
}

static void sgi_write(GICv3State *s, GICv3CPU *c, hwaddr off, uint32_t val,
                      unsigned size)
{
    if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR_END) {
        for (unsigned i = 0; i < size; i++) {
            gicv3_prio_write(s, c, off - GICR_IPRIORITYR + i, val >> (8 * i));
        }
    } else if (size == 4 && off >= GICR_IRQREGS && off < GICR_ICFGR_END &&
               ((off & 0x7f) == 0 || off >= 0xc00)) {
        gicv3_irqregs_write(s, c, off, val);
    } else if (off != 0x0d00 && off != 0x0e00) {    /* IGRPMODR0, NSACR */
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: write 0x%x to GICR%u SGI "
                      "offset 0x%" HWADDR_PRIx "\n", val, c->index, off);
    }
}

static uint64_t redist_read(void *opaque, hwaddr addr, unsigned size)
{
    GICv3State *s = opaque;
    GICv3CPU *c = &s->cpu[addr / GICV3_REDIST_SIZE];
    hwaddr off = addr % GICV3_REDIST_SIZE;
    uint64_t val;

    if (off >= GICR_SGI_BASE) {
        off -= GICR_SGI_BASE;
        if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR_END) {
            val = sgi_read(s, c, off & ~3ull) >> (8 * (off & 3));
        } else {
            val = sgi_read(s, c, off);
            if (size == 8) {
                val |= (uint64_t)sgi_read(s, c, off + 4) << 32;
            }
        }
    } else if (off == GICR_TYPER && size == 8) {
        val = redist_typer(s, c);
    } else {
        val = rd_read(s, c, off & ~3ull) >> (8 * (off & 3));
    }
    return size == 8 ? val : val & ((1ull << (8 * size)) - 1);
}

static void redist_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    GICv3State *s = opaque;
    GICv3CPU *c = &s->cpu[addr / GICV3_REDIST_SIZE];
    hwaddr off = addr % GICV3_REDIST_SIZE;

    if (off >= GICR_SGI_BASE) {
        sgi_write(s, c, off - GICR_SGI_BASE, val, size);
    } else if (size == 4) {
        rd_write(s, c, off, val);
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "gicv3: %u-byte write to GICR%u "
                      "offset 0x%" HWADDR_PRIx "\n", size, c->index, off);
    }
}

const MemoryRegionOps gicv3_redist_ops = {
    .read = redist_read,
    .write = redist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};
