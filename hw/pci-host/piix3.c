/*
 * PIIX3 PCI-to-ISA bridge function (01.0): IDs and the PIRQ route control
 * registers 0x60-0x63 that steer PCI INTx lines onto ISA IRQs.
 */
#include "kemu/osdep.h"
#include "hw/pci-host/i440fx.h"

OBJECT_DECLARE_SIMPLE_TYPE(PIIX3State, PIIX3_DEVICE)

#define PIIX_PIRQC          0x60
#define PIRQ_ROUTE_DISABLE  0x80
#define PIRQ_ROUTE_IRQ      0x0f

struct PIIX3State {
    PCIDevice parent_obj;
    qemu_irq isa_irq[16];
    qemu_irq pirq_out[PIIX3_NUM_PIRQS];
    bool pirq_level[PIIX3_NUM_PIRQS];
    bool isa_level[16];         /* what this bridge drives on each line */
};

static void piix3_update_isa(PIIX3State *s)
{
    const uint8_t *route = PCI_DEVICE(s)->config + PIIX_PIRQC;
    bool level[16] = { false };

    for (int p = 0; p < PIIX3_NUM_PIRQS; p++) {
        if (s->pirq_level[p] && !(route[p] & PIRQ_ROUTE_DISABLE)) {
            level[route[p] & PIRQ_ROUTE_IRQ] = true;
        }
    }
    for (int i = 0; i < 16; i++) {
        if (level[i] != s->isa_level[i]) {
            s->isa_level[i] = level[i];
            qemu_set_irq(s->isa_irq[i], level[i]);
        }
    }
}

void piix3_set_pirq(void *opaque, int pirq, int level)
{
    PIIX3State *s = PIIX3_DEVICE(opaque);

    s->pirq_level[pirq] = level;
    qemu_set_irq(s->pirq_out[pirq], level);
    piix3_update_isa(s);
}

static void piix3_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                               int len)
{
    pci_default_write_config(d, addr, val, len);
    if (addr < PIIX_PIRQC + 4 && addr + len > PIIX_PIRQC) {
        piix3_update_isa(PIIX3_DEVICE(d));
    }
}

static bool piix3_realize(PCIDevice *d, Error **errp)
{
    for (int p = 0; p < PIIX3_NUM_PIRQS; p++) {
        d->config[PIIX_PIRQC + p] = PIRQ_ROUTE_DISABLE;
        d->wmask[PIIX_PIRQC + p] = PIRQ_ROUTE_DISABLE | PIRQ_ROUTE_IRQ;
    }
    return true;
}

static void piix3_reset(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);

    /* The generic PCI reset first: decoding off, INTx low. */
    DEVICE_CLASS(object_class_by_name(TYPE_PCI_DEVICE))->reset(dev);
    for (int p = 0; p < PIIX3_NUM_PIRQS; p++) {
        d->config[PIIX_PIRQC + p] = PIRQ_ROUTE_DISABLE;
    }
    piix3_update_isa(PIIX3_DEVICE(dev));
}

static void piix3_init(Object *obj)
{
    PIIX3State *s = PIIX3_DEVICE(obj);

    qdev_init_gpio_out_named(DEVICE(obj), s->isa_irq, "isa-irq", 16);
    qdev_init_gpio_out_named(DEVICE(obj), s->pirq_out, "pirq",
                             PIIX3_NUM_PIRQS);
}

static void piix3_class_init(ObjectClass *klass, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "PIIX3 PCI-to-ISA bridge";
    dc->reset = piix3_reset;
    pc->realize = piix3_realize;
    pc->config_write = piix3_write_config;
    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = 0x7000;
    pc->class_id = PCI_CLASS_BRIDGE_ISA;
    pc->multifunction = true;
}

static const TypeInfo piix3_info = {
    .name = TYPE_PIIX3_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX3State),
    .instance_init = piix3_init,
    .class_init = piix3_class_init,
};

static void piix3_register_types(void)
{
    type_register_static(&piix3_info);
}
type_init(piix3_register_types)
