/*
 * Arm PrimeCell UART (PL011), r1p5.
 *
 * Transmission is instantaneous: the TX FIFO is always empty, so FR shows
 * TXFE and never BUSY, and every data write raises the TX interrupt (the
 * FIFO level just crossed the trigger level).  Received characters sit in
 * a 16-entry FIFO (1 entry with LCR_H.FEN clear); the chardev is told how
 * much room is left, so input is never lost to overrun.  The receive
 * timeout interrupt is raised as soon as a character arrives (a timeout of
 * zero bit periods): a guest that waits for it sees it at once.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "chardev/char.h"
#include "hw/char/pl011.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(PL011State, PL011)

#define PL011_FIFO_DEPTH 16

enum {
    R_DR = 0x00, R_RSR = 0x04, R_FR = 0x18, R_ILPR = 0x20, R_IBRD = 0x24,
    R_FBRD = 0x28, R_LCR_H = 0x2c, R_CR = 0x30, R_IFLS = 0x34, R_IMSC = 0x38,
    R_RIS = 0x3c, R_MIS = 0x40, R_ICR = 0x44, R_DMACR = 0x48, R_ID = 0xfe0,
};

/* DR error bits (8..11) and RSR (same bits, shifted down by 8). */
#define DR_BE (1 << 10)
#define DR_OE (1 << 11)
#define RSR_OE (DR_OE >> 8)

#define FR_CTS (1 << 0)
#define FR_DSR (1 << 1)
#define FR_DCD (1 << 2)
#define FR_RXFE (1 << 4)
#define FR_RXFF (1 << 6)
#define FR_TXFE (1 << 7)
#define FR_RI (1 << 8)

#define LCR_FEN (1 << 4)

#define CR_UARTEN (1 << 0)
#define CR_LBE (1 << 7)
#define CR_RXE (1 << 9)
#define CR_DTR (1 << 10)
#define CR_RTS (1 << 11)
#define CR_OUT1 (1 << 12)
#define CR_OUT2 (1 << 13)

/* Interrupt bits (IMSC, RIS, MIS, ICR). */
#define INT_RI (1 << 0)
#define INT_CTS (1 << 1)
#define INT_DCD (1 << 2)
#define INT_DSR (1 << 3)
#define INT_RX (1 << 4)
#define INT_TX (1 << 5)
#define INT_RT (1 << 6)
#define INT_BE (1 << 9)
#define INT_OE (1 << 10)
#define INT_ALL 0x7ff

#define DMACR_RXTX 0x3

static const uint8_t pl011_id[8] = {
    0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

struct PL011State {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    Chardev *chr;
    CharFrontend fe;
    qemu_irq irq;
    uint32_t rsr, lcr, cr, ifls, imsc, ris, dmacr, ilpr, ibrd, fbrd;
    uint16_t rx_fifo[PL011_FIFO_DEPTH];     /* data byte | DR error bits */
    unsigned rx_head, rx_count;
};

static void pl011_update_irq(PL011State *s)
{
    qemu_set_irq(s->irq, (s->ris & s->imsc) != 0);
}

static unsigned pl011_fifo_depth(PL011State *s)
{
    return s->lcr & LCR_FEN ? PL011_FIFO_DEPTH : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full; 1 entry without FIFO. */
static unsigned pl011_rx_trigger(PL011State *s)
{
    static const unsigned levels[] = { 2, 4, 8, 12, 14 };
    unsigned sel = (s->ifls >> 3) & 7;

    if (!(s->lcr & LCR_FEN)) {
        return 1;
    }
    return sel < G_N_ELEMENTS(levels) ? levels[sel] : levels[2];
}

static void pl011_update_rx_level(PL011State *s)
{
    if (s->rx_count >= pl011_rx_trigger(s)) {
        s->ris |= INT_RX;
    } else {
        s->ris &= ~INT_RX;
    }
    if (s->rx_count == 0) {
        s->ris &= ~INT_RT;
    }
}

static void pl011_flush_rx(PL011State *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    pl011_update_rx_level(s);
}

/* Modem inputs: the chardev has none, loopback feeds back the outputs. */
static uint32_t pl011_modem_inputs(PL011State *s)
{
    uint32_t fr = 0;

    if (s->cr & CR_LBE) {
        fr |= s->cr & CR_RTS ? FR_CTS : 0;
        fr |= s->cr & CR_DTR ? FR_DSR : 0;
        fr |= s->cr & CR_OUT1 ? FR_DCD : 0;
        fr |= s->cr & CR_OUT2 ? FR_RI : 0;
    }
    return fr;
}

static void pl011_receive_one(PL011State *s, uint16_t entry)
{
    if (s->rx_count >= pl011_fifo_depth(s)) {
        /* The FIFO keeps its data; the new character is lost. */
        s->rsr |= RSR_OE;
        s->ris |= INT_OE;
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count++) % PL011_FIFO_DEPTH] = entry;
    if (entry & DR_BE) {
        s->ris |= INT_BE;
    }
    s->ris |= INT_RT;
    pl011_update_rx_level(s);
}

static bool pl011_rx_enabled(PL011State *s)
{
    return (s->cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE);
}

static int pl011_can_read(void *opaque)
{
    PL011State *s = opaque;

    if (!pl011_rx_enabled(s)) {
        return 0;
    }
    return pl011_fifo_depth(s) - MIN(s->rx_count, pl011_fifo_depth(s));
}

static void pl011_read_input(void *opaque, const uint8_t *buf, int len)
{
    PL011State *s = opaque;

    for (int i = 0; i < len; i++) {
        pl011_receive_one(s, buf[i]);
    }
    pl011_update_irq(s);
}

static void pl011_event(void *opaque, ChardevEvent ev)
{
    PL011State *s = opaque;

    if (ev == CHR_EVENT_BREAK && pl011_rx_enabled(s)) {
        pl011_receive_one(s, DR_BE);
        pl011_update_irq(s);
    }
}

static uint32_t pl011_read_dr(PL011State *s)
{
    bool was_full = s->rx_count >= pl011_fifo_depth(s);
    uint16_t entry;

    if (s->rx_count == 0) {
        return 0;
    }
    entry = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
    s->rx_count--;
    s->rsr = entry >> 8;
    pl011_update_rx_level(s);
    pl011_update_irq(s);
    if (was_full) {
        chardev_fe_accept_input(&s->fe);
    }
    return entry;
}

static void pl011_write_dr(PL011State *s, uint8_t ch)
{
    if (!(s->cr & CR_UARTEN)) {
        kemu_log_mask(LOG_GUEST_ERROR,
                      "pl011: data written to disabled UART\n");
    }
    if (s->cr & CR_LBE) {
        if (pl011_rx_enabled(s)) {
            pl011_receive_one(s, ch);
        }
    } else {
        chardev_fe_write_all(&s->fe, &ch, 1);
    }
    s->ris |= INT_TX;
    pl011_update_irq(s);
}

static uint32_t pl011_read_fr(PL011State *s)
{
    uint32_t fr = FR_TXFE | pl011_modem_inputs(s);

    if (s->rx_count == 0) {
        fr |= FR_RXFE;
    }
    if (s->rx_count >= pl011_fifo_depth(s)) {
        fr |= FR_RXFF;
    }
    return fr;
}

static uint64_t pl011_read(void *opaque, hwaddr addr, unsigned size)
{
    PL011State *s = opaque;

    if (addr & 3) {
        kemu_log_mask(LOG_GUEST_ERROR, "pl011: read of %u bytes at unaligned "
                      "offset 0x%" HWADDR_PRIx "\n", size, addr);
        return 0;
    }
    if (addr >= R_ID) {
        return pl011_id[(addr - R_ID) >> 2];
    }
    switch (addr) {
    case R_DR:
        return pl011_read_dr(s);
    case R_RSR:
        return s->rsr;
    case R_FR:
        return pl011_read_fr(s);
    case R_ILPR:
        return s->ilpr;
    case R_IBRD:
        return s->ibrd;
    case R_FBRD:
        return s->fbrd;
    case R_LCR_H:
        return s->lcr;
    case R_CR:
        return s->cr;
    case R_IFLS:
        return s->ifls;
    case R_IMSC:
        return s->imsc;
    case R_RIS:
        return s->ris;
    case R_MIS:
        return s->ris & s->imsc;
    case R_DMACR:
        return s->dmacr;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "pl011: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        return 0;
    }
}

/* Changes of the modem inputs raise their interrupts. */
static void pl011_write_cr(PL011State *s, uint32_t val)
{
    static const struct { uint32_t fr, irq; } lines[] = {
        { FR_CTS, INT_CTS }, { FR_DSR, INT_DSR }, { FR_DCD, INT_DCD },
        { FR_RI, INT_RI },
    };
    uint32_t before = pl011_modem_inputs(s);
    bool rx_was_enabled = pl011_rx_enabled(s);
    uint32_t changed;

    s->cr = val & 0xffff;
    changed = before ^ pl011_modem_inputs(s);
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        if (changed & lines[i].fr) {
            s->ris |= lines[i].irq;
        }
    }
    if (!rx_was_enabled && pl011_rx_enabled(s)) {
        chardev_fe_accept_input(&s->fe);
    }
}

static void pl011_write_lcr(PL011State *s, uint32_t val)
{
    uint32_t old = s->lcr;

    s->lcr = val & 0xff;
    if ((old ^ s->lcr) & LCR_FEN) {
        pl011_flush_rx(s);
        chardev_fe_accept_input(&s->fe);
    }
}

static void pl011_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    PL011State *s = opaque;

    if (addr & 3) {
        kemu_log_mask(LOG_GUEST_ERROR, "pl011: write of %u bytes at unaligned "
                      "offset 0x%" HWADDR_PRIx "\n", size, addr);
        return;
    }
    switch (addr) {
    case R_DR:
        pl011_write_dr(s, val);
        return;
    case R_RSR:
        s->rsr = 0;             /* ECR: any write clears the errors */
        return;
    case R_ILPR:
        s->ilpr = val & 0xff;
        return;
    case R_IBRD:
        s->ibrd = val & 0xffff;
        return;
    case R_FBRD:
        s->fbrd = val & 0x3f;
        return;
    case R_LCR_H:
        pl011_write_lcr(s, val);
        break;
    case R_CR:
        pl011_write_cr(s, val);
        break;
    case R_IFLS:
        s->ifls = val & 0x3f;
        pl011_update_rx_level(s);
        break;
    case R_IMSC:
        s->imsc = val & INT_ALL;
        break;
    case R_ICR:
        s->ris &= ~(val & INT_ALL);
        break;
    case R_DMACR:
        s->dmacr = val & 0x7;
        if (s->dmacr & DMACR_RXTX) {
            kemu_log_mask(LOG_UNIMP, "pl011: DMA is not implemented\n");
        }
        return;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "pl011: write to %s offset 0x%"
                      HWADDR_PRIx "\n",
                      addr == R_FR || addr == R_RIS || addr == R_MIS ||
                      addr >= R_ID ? "read-only" : "bad", addr);
        return;
    }
    pl011_update_irq(s);
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void pl011_reset(DeviceState *dev)
{
    PL011State *s = PL011(dev);

    s->rsr = 0;
    s->lcr = 0;
    s->cr = 0x300;              /* TXE | RXE, UART disabled */
    s->ifls = 0x12;             /* both trigger levels at 1/2 */
    s->imsc = 0;
    s->ris = 0;
    s->dmacr = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    pl011_flush_rx(s);
    pl011_update_irq(s);
    chardev_fe_accept_input(&s->fe);
}

static void pl011_init(Object *obj)
{
    PL011State *s = PL011(obj);

    memory_region_init_io(&s->iomem, "pl011", &pl011_ops, s, "pl011",
                          PL011_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void pl011_finalize(Object *obj)
{
    memory_region_finalize(&PL011(obj)->iomem);
}

static bool pl011_realize(DeviceState *dev, Error **errp)
{
    PL011State *s = PL011(dev);

    if (s->chr) {
        if (!chardev_fe_init(&s->fe, s->chr, errp)) {
            return false;
        }
        chardev_fe_set_handlers(&s->fe, pl011_can_read, pl011_read_input,
                                pl011_event, s);
    }
    pl011_reset(dev);
    return true;
}

static void pl011_unrealize(DeviceState *dev)
{
    chardev_fe_deinit(&PL011(dev)->fe);
}

static const Property pl011_props[] = {
    DEFINE_PROP_CHR("chardev", PL011State, chr),
    DEFINE_PROP_END_OF_LIST(),
};

static void pl011_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "Arm PrimeCell UART (PL011)";
    dc->realize = pl011_realize;
    dc->unrealize = pl011_unrealize;
    dc->reset = pl011_reset;
    device_class_set_props(dc, pl011_props);
}

static const TypeInfo pl011_info = {
    .name = TYPE_PL011,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL011State),
    .instance_init = pl011_init,
    .instance_finalize = pl011_finalize,
    .class_init = pl011_class_init,
};

static void pl011_register_types(void)
{
    type_register_static(&pl011_info);
}
type_init(pl011_register_types)

DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr)
{
    DeviceState *dev = qdev_new(TYPE_PL011);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (chr) {
        qdev_prop_set_string(dev, "chardev", chardev_id(chr));
    }
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, addr);
    sysbus_connect_irq(sbd, 0, irq);
    return dev;
}
