/*
 * The GICv2 distributor (GICD_*): control and identification, the
 * per-interrupt registers (INTIDs 0-31 banked for the accessing CPU),
 * ITARGETSR, and SGIs: GICD_SGIR with its target list filter and the
 * per-source pending bytes of CPENDSGIR/SPENDSGIR.  IPRIORITYR,
 * ITARGETSR and the SGI pending registers take byte or word accesses,
 * everything else words only; other accesses are logged, RAZ/WI.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "arm_gic_internal.h"

#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_IIDR       0x008
#define GICD_IRQREGS    0x080           /* IGROUPR .. ICACTIVER */
#define GICD_ISPENDR0   0x200
#define GICD_ICPENDR0   0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICD_ICFGR_END  0xd00
#define GICD_SGIR       0xf00
#define GICD_CPENDSGIR  0xf10
#define GICD_SPENDSGIR  0xf20
#define GICD_SGIR_END   0xf30
#define GICD_IDREGS     0xfd0

/* Arm as implementer (JEP106 0x43b), r0p0, as QEMU's model reports. */
#define GICD_IIDR_VALUE 0x0000043b

static bool in(hwaddr addr, hwaddr start, hwaddr end)
{
    return addr >= start && addr < end;
}

static bool byte_register(hwaddr addr)
{
    return in(addr, GICD_IPRIORITYR, GICD_ICFGR) ||
           in(addr, GICD_CPENDSGIR, GICD_SGIR_END);
}

static uint32_t id_read(hwaddr addr)
{
    /* PIDR4-7, PIDR0-3, CIDR0-3 from 0xfd0: an Arm GICv2 (PIDR2 0x2b). */
    static const uint8_t ids[] = {
        0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00,
        0x0d, 0xf0, 0x05, 0xb1,
    };
    unsigned i = (addr - GICD_IDREGS) / 4;

    return i < G_N_ELEMENTS(ids) ? ids[i] : 0;
}

static uint8_t read_byte(GICState *s, GICCPU *c, hwaddr addr)
{
    int n;

    if (addr < GICD_ITARGETSR) {
        return gic_prio_read(&s->irqs, &c->bank, addr - GICD_IPRIORITYR);
    }
    if (addr < GICD_ICFGR) {
        n = addr - GICD_ITARGETSR;
        if (n >= (int)s->num_irq) {
            return 0;
        }
        return n < 32 ? 1u << c->index : s->targets[n];
    }
    return c->sgi_src[addr & 0xf];      /* CPENDSGIR, SPENDSGIR */
}

static void write_byte(GICState *s, GICCPU *c, hwaddr addr, uint8_t val)
{
    int n;

    if (addr < GICD_ITARGETSR) {
        gic_prio_write(&s->irqs, &c->bank, addr - GICD_IPRIORITYR, val);
    } else if (addr < GICD_ICFGR) {
        n = addr - GICD_ITARGETSR;
        if (n < 32) {
            kemu_log_mask(LOG_GUEST_ERROR, "gic: write to read-only "
                          "ITARGETSR of INTID %d\n", n);
        } else if (n < (int)s->num_irq) {
            s->targets[n] = val;
        }
    } else {
        for (unsigned src = 0; src < 8; src++) {
            if (val & (1u << src)) {
                gic_sgi_set(s, c, addr & 0xf, src, addr >= GICD_SPENDSGIR);
            }
        }
    }
}

static uint32_t read_word(GICState *s, GICCPU *c, hwaddr addr)
{
    switch (addr) {
    case GICD_CTLR:
        return s->ctlr;
    case GICD_TYPER:
        return ((s->num_cpu - 1) << 5) | (s->num_irq / 32 - 1);
    case GICD_IIDR:
        return GICD_IIDR_VALUE;
    }
    if (in(addr, GICD_IRQREGS, GICD_IPRIORITYR) ||
        in(addr, GICD_ICFGR, GICD_ICFGR_END)) {
        return gic_irqregs_read(&s->irqs, &c->bank, addr);
    }
    if (in(addr, GICD_IDREGS, GIC_DIST_SIZE)) {
        return id_read(addr);
    }
    kemu_log_mask(LOG_GUEST_ERROR, "gic: read of %s GICD offset 0x%"
                  HWADDR_PRIx "\n", addr == GICD_SGIR ? "write-only"
                  : "reserved", addr);
    return 0;
}

/* GICD_SGIR: TargetListFilter, CPUTargetList, INTID. */
static void send_sgi(GICState *s, GICCPU *self, uint32_t val)
{
    unsigned filter = (val >> 24) & 3, list = (val >> 16) & 0xff;

    switch (filter) {
    case 0:
        break;
    case 1:
        list = ~(1u << self->index);
        break;
    case 2:
        list = 1u << self->index;
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "gic: GICD_SGIR 0x%x: reserved "
                      "target list filter\n", val);
        return;
    }
    for (unsigned i = 0; i < s->num_cpu; i++) {
        if (list & (1u << i)) {
            gic_sgi_set(s, &s->cpu[i], val & 0xf, self->index, true);
        }
    }
}

static void write_word(GICState *s, GICCPU *c, hwaddr addr, uint32_t val)
{
    if (addr == GICD_CTLR) {
        s->ctlr = val & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
    } else if (addr == GICD_SGIR) {
        send_sgi(s, c, val);
    } else if (in(addr, GICD_IRQREGS, GICD_IPRIORITYR) ||
               in(addr, GICD_ICFGR, GICD_ICFGR_END)) {
        if (addr == GICD_ISPENDR0 || addr == GICD_ICPENDR0) {
            val &= ~0xffffu;            /* SGIs: SPENDSGIR, CPENDSGIR */
        }
        gic_irqregs_write(&s->irqs, &c->bank, addr, val);
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "gic: write 0x%x to %s GICD offset "
                      "0x%" HWADDR_PRIx "\n", val,
                      addr < GICD_IRQREGS || addr >= GICD_IDREGS
                      ? "read-only" : "reserved", addr);
        return;
    }
    gic_update(s);
}

static bool access_ok(hwaddr addr, unsigned size, bool is_write)
{
    bool bytes = byte_register(addr);

    if ((size == 4 || (size == 1 && bytes)) && !(addr % size)) {
        return true;
    }
    kemu_log_mask(LOG_GUEST_ERROR, "gic: %u-byte %s at GICD offset 0x%"
                  HWADDR_PRIx " (%s)\n", size, is_write ? "write" : "read",
                  addr, bytes ? "bytes or words" : "words only");
    return false;
}

static uint64_t dist_read(void *opaque, hwaddr addr, unsigned size)
{
    GICState *s = opaque;
    GICCPU *c = gic_current_cpu(s);
    uint32_t val = 0;

    if (!access_ok(addr, size, false)) {
        return 0;
    }
    if (!byte_register(addr)) {
        return read_word(s, c, addr);
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)read_byte(s, c, addr + i) << (8 * i);
    }
    return val;
}

static void dist_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    GICState *s = opaque;
    GICCPU *c = gic_current_cpu(s);

    if (!access_ok(addr, size, true)) {
        return;
    }
    if (!byte_register(addr)) {
        write_word(s, c, addr, val);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        write_byte(s, c, addr + i, val >> (8 * i));
    }
    gic_update(s);
}

const MemoryRegionOps gic_dist_ops = {
    .read = dist_read,
    .write = dist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};
