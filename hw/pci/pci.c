/*
 * PCI buses and devices: configuration space, BARs, INTx, capabilities.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"

static GPtrArray *all_buses;

GPtrArray *pci_all_buses(void)
{
    if (!all_buses) {
        all_buses = g_ptr_array_new();
    }
    return all_buses;
}

PCIBus *pci_bus_new(DeviceState *parent, const char *name, MemoryRegion *mem,
                    MemoryRegion *io)
{
    PCIBus *bus = PCI_BUS(qbus_new(TYPE_PCI_BUS, parent, name));

    bus->mem = mem;
    bus->io = io;
    return bus;
}

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq,
                  pci_map_irq_fn map_irq, void *opaque, int nirq)
{
    bus->set_irq = set_irq;
    bus->map_irq = map_irq;
    bus->irq_opaque = opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

static void pci_bus_init(Object *obj)
{
    g_ptr_array_add(pci_all_buses(), obj);
}

static void pci_bus_finalize(Object *obj)
{
    g_ptr_array_remove(pci_all_buses(), obj);
    g_free(PCI_BUS(obj)->irq_count);
}

/* INTx: add or remove this device's assertion on its bus line. */
static void pci_intx_change(PCIDevice *d, int change)
{
    PCIBus *bus = d->bus;
    int pin = d->config[PCI_INTERRUPT_PIN] - 1;
    int line;

    if (!bus->map_irq || pin < 0) {
        return;
    }
    line = bus->map_irq(d, pin);
    assert(line >= 0 && line < bus->nirq);
    bus->irq_count[line] += change;
    assert(bus->irq_count[line] >= 0);
    bus->set_irq(bus->irq_opaque, line, bus->irq_count[line] != 0);
}

static bool pci_intx_enabled(PCIDevice *d)
{
    return !(pci_get_word(d->config + PCI_COMMAND) &
             PCI_COMMAND_INTX_DISABLE);
}

void pci_set_irq(PCIDevice *d, int level)
{
    level = level != 0;
    if (level == d->intx_level) {
        return;
    }
    d->intx_level = level;
    d->config[PCI_STATUS] = (d->config[PCI_STATUS] & ~PCI_STATUS_INTERRUPT) |
                            (level ? PCI_STATUS_INTERRUPT : 0);
    if (pci_intx_enabled(d)) {
        pci_intx_change(d, level ? 1 : -1);
    }
}

/* The address BAR n decodes now, or PCI_BAR_UNMAPPED. */
static uint64_t pci_bar_address(PCIDevice *d, int n)
{
    PCIIORegion *r = &d->regions[n];
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    const uint8_t *bar = d->config + PCI_BASE_ADDRESS_0 + 4 * n;
    uint64_t addr, last;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = pci_get_long(bar) & ~3u;
        last = addr + r->size - 1;
        return addr && last < 0x10000 ? addr : PCI_BAR_UNMAPPED;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    addr = pci_get_long(bar) & ~0xfu;
    if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        addr |= (uint64_t)pci_get_long(bar + 4) << 32;
    }
    last = addr + r->size - 1;
    /* Zero, a wrap, or the all-ones pattern of sizing: not decoded. */
    if (!addr || last < addr || last == UINT64_MAX ||
        (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) && last >= UINT32_MAX)) {
        return PCI_BAR_UNMAPPED;
    }
    return addr;
}

static void pci_update_mappings(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        PCIIORegion *r = &d->regions[n];
        MemoryRegion *space;
        uint64_t addr;

        if (!r->size) {
            continue;
        }
        addr = pci_bar_address(d, n);
        if (addr == r->addr) {
            continue;
        }
        space = (r->type & PCI_BASE_ADDRESS_SPACE_IO) ? d->bus->io
                                                      : d->bus->mem;
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(space, r->mr);
        }
        r->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            memory_region_add_subregion_overlap(space, addr, r->mr, 1);
        }
    }
}

void pci_register_bar(PCIDevice *d, int n, uint8_t type, MemoryRegion *mr)
{
    uint64_t size = memory_region_size(mr);
    bool is_io = type & PCI_BASE_ADDRESS_SPACE_IO;
    bool is_64 = !is_io && (type & PCI_BASE_ADDRESS_MEM_TYPE_64);
    uint8_t *bar = d->config + PCI_BASE_ADDRESS_0 + 4 * n;
    uint64_t mask = ~(size - 1);

    assert(n >= 0 && n < PCI_NUM_REGIONS - is_64);
    assert(size && (size & (size - 1)) == 0);
    assert(size >= (is_io ? 4 : 16) && (is_64 || size <= 0x80000000ULL));
    d->regions[n] = (PCIIORegion){
        .size = size, .type = type, .mr = mr, .addr = PCI_BAR_UNMAPPED,
    };
    pci_set_long(bar, type);
    pci_set_long(d->wmask + PCI_BASE_ADDRESS_0 + 4 * n,
                 mask & (is_io ? ~3u : ~0xfu));
    if (is_64) {
        pci_set_long(bar + 4, 0);
        pci_set_long(d->wmask + PCI_BASE_ADDRESS_0 + 4 * (n + 1), mask >> 32);
    }
}

uint64_t pci_get_bar_addr(PCIDevice *d, int n)
{
    assert(n >= 0 && n < PCI_NUM_REGIONS);
    return d->regions[n].addr;
}

uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len)
{
    uint32_t val = 0;

    for (int i = 0; i < len; i++) {
        val |= (uint32_t)d->config[addr + i] << (8 * i);
    }
    return val;
}

static bool ranges_overlap(uint32_t a, int alen, uint32_t b, int blen)
{
    return a < b + blen && b < a + alen;
}

void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len)
{
    bool intx_was = pci_intx_enabled(d);

    for (int i = 0; i < len; i++) {
        uint32_t a = addr + i;
        uint8_t byte = val >> (8 * i);

        d->config[a] = (d->config[a] & ~d->wmask[a]) | (byte & d->wmask[a]);
        d->config[a] &= ~(byte & d->w1cmask[a]);
    }
    if (ranges_overlap(addr, len, PCI_COMMAND, 2) ||
        ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 4 * PCI_NUM_REGIONS)) {
        pci_update_mappings(d);
    }
    if (intx_was != pci_intx_enabled(d) && d->intx_level) {
        pci_intx_change(d, intx_was ? -1 : 1);
    }
    /* Unmasking, enabling or bus mastering let held-back MSI-X out. */
    if (msix_present(d) &&
        (ranges_overlap(addr, len, PCI_COMMAND, 2) ||
         ranges_overlap(addr, len, d->msix_cap + PCI_MSIX_FLAGS, 2))) {
        msix_config_changed(d);
    }
}

static bool pci_config_access_ok(uint32_t addr, int len)
{
    return (len == 1 || len == 2 || len == 4) && addr % len == 0 &&
           addr + len <= PCI_CONFIG_SPACE_SIZE;
}

uint32_t pci_bus_config_read(PCIBus *bus, uint8_t devfn, uint32_t addr,
                             int len)
{
    PCIDevice *d = bus->devices[devfn];
    PCIDeviceClass *pc;

    if (!pci_config_access_ok(addr, len)) {
        kemu_log_mask(LOG_GUEST_ERROR, "pci: bad config read of %d bytes "
                      "at 0x%x\n", len, addr);
        return UINT32_MAX >> (32 - 8 * MIN(len, 4));
    }
    if (!d) {
        return UINT32_MAX >> (32 - 8 * len);
    }
    pc = PCI_DEVICE_GET_CLASS(d);
    return pc->config_read ? pc->config_read(d, addr, len)
                           : pci_default_read_config(d, addr, len);
}

void pci_bus_config_write(PCIBus *bus, uint8_t devfn, uint32_t addr,
                          uint32_t val, int len)
{
    PCIDevice *d = bus->devices[devfn];
    PCIDeviceClass *pc;

    if (!pci_config_access_ok(addr, len)) {
        kemu_log_mask(LOG_GUEST_ERROR, "pci: bad config write of %d bytes "
                      "at 0x%x\n", len, addr);
        return;
    }
    if (!d) {
        return;
    }
    pc = PCI_DEVICE_GET_CLASS(d);
    if (pc->config_write) {
        pc->config_write(d, addr, val, len);
    } else {
        pci_default_write_config(d, addr, val, len);
    }
}

uint8_t pci_add_capability(PCIDevice *d, uint8_t cap_id, uint8_t offset,
                           uint8_t size, Error **errp)
{
    const char *type = object_get_typename(OBJECT(d));

    if (!offset) {
        offset = d->cap_end;
    }
    if (offset < PCI_CONFIG_HEADER_SIZE || offset % 4 || size < 2 ||
        offset + size > PCI_CONFIG_SPACE_SIZE) {
        error_setg(errp, "%s: capability 0x%02x of %u bytes does not fit at "
                   "0x%02x", type, cap_id, size, offset);
        return 0;
    }
    for (int i = offset; i < offset + size; i++) {
        if (d->used[i]) {
            error_setg(errp, "%s: capability 0x%02x at 0x%02x overlaps "
                       "another at 0x%02x", type, cap_id, offset, i);
            return 0;
        }
    }
    memset(d->used + offset, true, size);
    d->config[offset] = cap_id;
    d->config[offset + 1] = d->config[PCI_CAPABILITY_LIST];
    d->config[PCI_CAPABILITY_LIST] = offset;
    d->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    d->cap_end = MAX(d->cap_end, (offset + size + 3) & ~3);
    return offset;
}

uint8_t pci_find_capability(PCIDevice *d, uint8_t cap_id)
{
    int hops = 0;

    for (uint8_t p = d->config[PCI_CAPABILITY_LIST]; p && hops < 48;
         p = d->config[p + 1], hops++) {
        if (d->config[p] == cap_id) {
            return p;
        }
    }
    return 0;
}

/* The standard header: IDs from the class, what the guest may write. */
static void pci_init_header(PCIDevice *d, PCIDeviceClass *pc)
{
    uint8_t *c = d->config;

    pci_set_word(c + PCI_VENDOR_ID, pc->vendor_id);
    pci_set_word(c + PCI_DEVICE_ID, pc->device_id);
    c[PCI_REVISION_ID] = pc->revision;
    c[PCI_CLASS_PROG] = pc->prog_if;
    pci_set_word(c + PCI_CLASS_DEVICE, pc->class_id);
    c[PCI_HEADER_TYPE] = pc->multifunction ? PCI_HEADER_TYPE_MULTI_FUNCTION
                                           : 0;
    pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID, pc->subsystem_vendor_id);
    pci_set_word(c + PCI_SUBSYSTEM_ID, pc->subsystem_id);
    pci_set_word(d->wmask + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                 PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
                 PCI_COMMAND_INTX_DISABLE);
    pci_set_word(d->w1cmask + PCI_STATUS, 0xf900);     /* error bits */
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_LATENCY_TIMER] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    d->cap_end = PCI_CONFIG_HEADER_SIZE;
    memset(d->used, true, PCI_CONFIG_HEADER_SIZE);
}

static bool pci_pick_devfn(PCIDevice *d, PCIBus *bus, Error **errp)
{
    const char *type = object_get_typename(OBJECT(d));
    PCIDevice *other;

    if (d->devfn < 0) {
        for (int slot = 0; slot < 32; slot++) {
            if (!bus->devices[PCI_DEVFN(slot, 0)]) {
                d->devfn = PCI_DEVFN(slot, 0);
                return true;
            }
        }
        error_setg(errp, "PCI: no slot available for %s, all in use", type);
        return false;
    }
    other = bus->devices[d->devfn];
    if (other) {
        error_setg(errp, "PCI: slot %d function %d not available for %s, in "
                   "use by %s", PCI_SLOT(d->devfn), PCI_FUNC(d->devfn), type,
                   object_get_typename(OBJECT(other)));
        return false;
    }
    return true;
}

static bool pci_device_realize(DeviceState *dev, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(dev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    PCIBus *bus = PCI_BUS(dev->parent_bus);
    int32_t requested = d->devfn;

    if (!pci_pick_devfn(d, bus, errp)) {
        return false;
    }
    d->bus = bus;
    bus->devices[d->devfn] = d;
    pci_init_header(d, pc);
    if (pc->realize && !pc->realize(d, errp)) {
        bus->devices[d->devfn] = NULL;
        d->bus = NULL;
        d->devfn = requested;
        return false;
    }
    return true;
}

static void pci_device_unrealize(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    pci_set_irq(d, 0);
    pci_set_word(d->config + PCI_COMMAND, 0);
    pci_update_mappings(d);
    if (pc->exit) {
        pc->exit(d);
    }
    msix_uninit(d);
    d->bus->devices[d->devfn] = NULL;
}

/* A reset turns decoding off (BARs unmap) and lowers INTx. */
static void pci_device_reset(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);

    pci_set_irq(d, 0);
    pci_set_word(d->config + PCI_COMMAND, 0);
    pci_set_word(d->config + PCI_STATUS,
                 pci_get_word(d->config + PCI_STATUS) & PCI_STATUS_CAP_LIST);
    d->config[PCI_INTERRUPT_LINE] = 0;
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        if (d->regions[n].size) {
            uint8_t *bar = d->config + PCI_BASE_ADDRESS_0 + 4 * n;

            pci_set_long(bar, d->regions[n].type);
            if (d->regions[n].type & PCI_BASE_ADDRESS_MEM_TYPE_64 &&
                !(d->regions[n].type & PCI_BASE_ADDRESS_SPACE_IO)) {
                pci_set_long(bar + 4, 0);
            }
        }
    }
    pci_update_mappings(d);
    if (msix_present(d)) {
        msix_reset(d);
    }
}

/* "addr": "slot.fn" or "slot", both hex, as -device takes it. */
static bool set_devfn(DeviceState *dev, const Property *prop,
                      const char *value, Error **errp)
{
    int32_t *field = (int32_t *)((char *)dev + prop->offset);
    unsigned slot, fn = 0;
    char *end;

    slot = strtoul(value, &end, 16);
    if (end != value && *end == '.') {
        const char *f = end + 1;

        fn = strtoul(f, &end, 16);
        if (end == f) {
            end = (char *)value;
        }
    }
    if (end == value || *end || slot > 31 || fn > 7) {
        error_setg(errp, "Property '%s.%s' expects a PCI address slot.fn "
                   "(slot 0-1f, function 0-7), not '%s'",
                   object_get_typename(OBJECT(dev)), prop->name, value);
        return false;
    }
    *field = PCI_DEVFN(slot, fn);
    return true;
}

static char *print_devfn(DeviceState *dev, const Property *prop)
{
    int32_t devfn = *(int32_t *)((char *)dev + prop->offset);

    if (devfn < 0) {
        return g_strdup("<unset>");
    }
    return g_strdup_printf("%02x.%x", PCI_SLOT(devfn), PCI_FUNC(devfn));
}

static char *print_devfn_default(const Property *prop)
{
    return g_strdup("<unset>");
}

static void set_default_devfn(DeviceState *dev, const Property *prop)
{
    *(int32_t *)((char *)dev + prop->offset) = -1;
}

static const PropertyInfo qdev_prop_pci_devfn = {
    .type = "pci-devfn",
    .description = "slot.fn, e.g. 03.0",
    .set = set_devfn,
    .print = print_devfn,
    .print_default = print_devfn_default,
    .set_default = set_default_devfn,
};

static const Property pci_device_props[] = {
    DEFINE_PROP("addr", PCIDevice, devfn, qdev_prop_pci_devfn, int32_t),
    DEFINE_PROP_END_OF_LIST(),
};

static void pci_device_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_PCI_BUS;
    dc->realize = pci_device_realize;
    dc->unrealize = pci_device_unrealize;
    dc->reset = pci_device_reset;
    device_class_set_props(dc, pci_device_props);
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *type)
{
    DeviceState *dev = qdev_new(type);

    PCI_DEVICE(dev)->devfn = devfn;
    qdev_realize_and_unref(dev, &bus->qbus, &error_fatal);
    return PCI_DEVICE(dev);
}

/* `info qtree` lines for a PCI device. */
static void pci_bus_print_dev(GString *out, DeviceState *dev, int indent)
{
    PCIDevice *d = PCI_DEVICE(dev);

    g_string_append_printf(out, "%*spci id %04x:%04x (class %04x)\n", indent,
                           "", pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID),
                           pci_get_word(d->config + PCI_CLASS_DEVICE));
}

static void pci_bus_class_init(ObjectClass *klass, const void *data)
{
    BusClass *bc = OBJECT_CLASS_CHECK(BusClass, klass, TYPE_BUS);

    bc->print_dev = pci_bus_print_dev;
}

static const TypeInfo pci_bus_info = {
    .name = TYPE_PCI_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(PCIBus),
    .instance_init = pci_bus_init,
    .instance_finalize = pci_bus_finalize,
    .class_init = pci_bus_class_init,
};

static const TypeInfo pci_device_info = {
    .name = TYPE_PCI_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(PCIDevice),
    .class_size = sizeof(PCIDeviceClass),
    .class_init = pci_device_class_init,
    .abstract = true,
};

static void pci_register_types(void)
{
    type_register_static(&pci_bus_info);
    type_register_static(&pci_device_info);
}
type_init(pci_register_types)
