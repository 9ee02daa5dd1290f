/*
 * ACPI fixed-hardware PM registers (see include/hw/acpi/acpi-pm.h).
 *
 * The 12 ports are one little-endian register image: reads of any width
 * take bytes from it, writes apply byte by byte (PM1_STS bits are
 * write-one-to-clear, the PM timer is read-only).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "hw/irq.h"
#include "hw/acpi/acpi-pm.h"
#include "system/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(ACPIPMState, ACPI_PM)

#define PM1_STS_WRITABLE    (ACPI_PM1_STS_PWRBTN | (1u << 15) | 1u)
/*
 * GBL_EN (bit 5) is kept though nothing sets GBL_STS (there is no firmware
 * to release the global lock): Linux enables it at boot and gives up the
 * ACPI global lock when it does not read back.  RTC_EN likewise: the RTC
 * driver enables the fixed RTC event and logs an ACPI error when the bit
 * does not stick (the RTC raises no alarm wake events, so RTC_STS stays 0).
 */
#define PM1_EN_WRITABLE     (ACPI_PM1_STS_PWRBTN | ACPI_PM1_EN_GBL | \
                             ACPI_PM1_EN_RTC | 1u)
#define PM1_CNT_SLP_TYP     (7u << ACPI_PM1_CNT_SLP_TYP_SHIFT)

struct ACPIPMState {
    SysBusDevice parent_obj;
    MemoryRegion io;
    uint16_t sts, en, cnt;
    qemu_irq sci;
};

static uint32_t pm_timer(void)
{
    return (unsigned __int128)kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) *
           ACPI_PM_TIMER_HZ / NANOSECONDS_PER_SECOND;
}

static void update_sci(ACPIPMState *s)
{
    qemu_set_irq(s->sci, (s->cnt & ACPI_PM1_CNT_SCI_EN) && (s->sts & s->en));
}

static void sleep_request(ACPIPMState *s, unsigned typ)
{
    if (typ == ACPI_SLP_TYP_S5) {
        kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_POWEROFF);
    } else {
        kemu_log_mask(LOG_UNIMP, "acpi-pm: sleep type %u (only S5 = %u, "
                      "power off, is supported)\n", typ, ACPI_SLP_TYP_S5);
    }
}

static void write_byte(ACPIPMState *s, hwaddr off, uint8_t b)
{
    unsigned shift = 8 * (off & 1);

    switch (off) {
    case 0:
    case 1:
        s->sts &= ~((b << shift) & PM1_STS_WRITABLE);
        break;
    case 2:
    case 3:
        s->en = (s->en & ~(0xff << shift)) | ((b << shift) & PM1_EN_WRITABLE);
        break;
    case 4:
        /* SCI_EN stays set: there is no legacy (non-ACPI) mode. */
        s->cnt = (s->cnt & 0xff00) | b | ACPI_PM1_CNT_SCI_EN;
        break;
    case 5:
        s->cnt = (s->cnt & 0xff) | ((b << 8) & PM1_CNT_SLP_TYP);
        if ((b << 8) & ACPI_PM1_CNT_SLP_EN) {
            sleep_request(s, (s->cnt & PM1_CNT_SLP_TYP) >>
                          ACPI_PM1_CNT_SLP_TYP_SHIFT);
        }
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "acpi-pm: write 0x%02x to read-only "
                      "port offset 0x%" HWADDR_PRIx "\n", b, off);
        break;
    }
}

static uint64_t pm_read(void *opaque, hwaddr addr, unsigned size)
{
    ACPIPMState *s = opaque;
    uint8_t regs[16] = { 0 };
    uint64_t val = 0;
    uint32_t tmr = pm_timer();

    regs[0] = s->sts;
    regs[1] = s->sts >> 8;
    regs[2] = s->en;
    regs[3] = s->en >> 8;
    regs[4] = s->cnt;
    regs[5] = s->cnt >> 8;
    for (int i = 0; i < 4; i++) {
        regs[8 + i] = tmr >> (8 * i);
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)regs[addr + i] << (8 * i);
    }
    return val;
}

static void pm_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ACPIPMState *s = opaque;

    for (unsigned i = 0; i < size; i++) {
        write_byte(s, addr + i, val >> (8 * i));
    }
    update_sci(s);
}

static const MemoryRegionOps pm_ops = {
    .read = pm_read,
    .write = pm_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

void acpi_pm_power_button(DeviceState *dev)
{
    ACPIPMState *s = ACPI_PM(dev);

    s->sts |= ACPI_PM1_STS_PWRBTN;
    update_sci(s);
}

static void acpi_pm_reset(DeviceState *dev)
{
    ACPIPMState *s = ACPI_PM(dev);

    s->sts = s->en = 0;
    s->cnt = ACPI_PM1_CNT_SCI_EN;
    update_sci(s);
}

static void acpi_pm_unrealize(DeviceState *dev)
{
    ACPIPMState *s = ACPI_PM(dev);

    if (s->io.container) {
        memory_region_del_subregion(s->io.container, &s->io);
    }
}

static void acpi_pm_init(Object *obj)
{
    ACPIPMState *s = ACPI_PM(obj);

    memory_region_init_io(&s->io, "acpi-pm", &pm_ops, s, "acpi-pm",
                          ACPI_PM_IO_SIZE);
    qdev_init_gpio_out(DEVICE(obj), &s->sci, 1);
}

static void acpi_pm_finalize(Object *obj)
{
    memory_region_finalize(&ACPI_PM(obj)->io);
}

static void acpi_pm_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "ACPI PM1 event/control registers and PM timer";
    dc->unrealize = acpi_pm_unrealize;
    dc->reset = acpi_pm_reset;
}

static const TypeInfo acpi_pm_info = {
    .name = TYPE_ACPI_PM,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(ACPIPMState),
    .instance_init = acpi_pm_init,
    .instance_finalize = acpi_pm_finalize,
    .class_init = acpi_pm_class_init,
};

static void acpi_pm_register_types(void)
{
    type_register_static(&acpi_pm_info);
}
type_init(acpi_pm_register_types)

DeviceState *acpi_pm_create(MemoryRegion *io, uint16_t iobase, qemu_irq sci)
{
    DeviceState *dev = qdev_new(TYPE_ACPI_PM);
    ACPIPMState *s = ACPI_PM(dev);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    qdev_connect_gpio_out(dev, 0, sci);
    memory_region_add_subregion(io, iobase, &s->io);
    acpi_pm_reset(dev);
    return dev;
}
