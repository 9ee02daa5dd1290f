/*
 * MSI-X: capability, vector table and pending bit array in a BAR.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/pci/msix.h"
#include "system/accel.h"

/*
 * A vector's notifier (msix_vector_use_notifier): attached to an
 * accelerator route while the vector may send, otherwise watched by the
 * main loop, which turns a set into msix_notify (a pending bit).
 */
struct MSIXRoute {
    PCIDevice *dev;
    unsigned vector;
    unsigned users;             /* 0: no notifier, no route */
    EventNotifier e;
    int route;                  /* the accelerator's number */
    uint64_t addr;              /* the message the route sends */
    uint32_t data;
    bool attached;              /* setting e sends it, in the accelerator */
    guint watch;                /* while detached */
};

/* Whole units of d needed for n. */
#define MSIX_DIV_UP(n, d) (((n) + (d) - 1) / (d))

static uint16_t msix_ctrl(PCIDevice *dev)
{
    return pci_get_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS);
}

bool msix_present(PCIDevice *dev)
{
    return dev->msix_cap != 0;
}

bool msix_enabled(PCIDevice *dev)
{
    return dev->msix_cap && (msix_ctrl(dev) & PCI_MSIX_FLAGS_ENABLE);
}

unsigned msix_nr_vectors(PCIDevice *dev)
{
    return dev->msix_entries;
}

static uint8_t *msix_entry(PCIDevice *dev, unsigned vector)
{
    return dev->msix_table + vector * PCI_MSIX_ENTRY_SIZE;
}

bool msix_is_masked(PCIDevice *dev, unsigned vector)
{
    return (msix_ctrl(dev) & PCI_MSIX_FLAGS_MASKALL) ||
           (msix_entry(dev, vector)[PCI_MSIX_ENTRY_CTRL] &
            PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

bool msix_is_pending(PCIDevice *dev, unsigned vector)
{
    return dev->msix_pba[vector / 8] & (1u << (vector % 8));
}

static void msix_set_pending(PCIDevice *dev, unsigned vector, bool pending)
{
    uint8_t bit = 1u << (vector % 8);

    dev->msix_pba[vector / 8] = (dev->msix_pba[vector / 8] & ~bit) |
                                (pending ? bit : 0);
}

void msix_clear_pending(PCIDevice *dev)
{
    memset(dev->msix_pba, 0, MSIX_DIV_UP(dev->msix_entries, 8));
}

static void msix_message(PCIDevice *dev, unsigned vector, uint64_t *addr,
                         uint32_t *data)
{
    const uint8_t *e = msix_entry(dev, vector);

    *addr = pci_get_long(e + PCI_MSIX_ENTRY_ADDR_LO) |
            (uint64_t)pci_get_long(e + PCI_MSIX_ENTRY_ADDR_HI) << 32;
    *data = pci_get_long(e + PCI_MSIX_ENTRY_DATA);
}

/* The memory write that is the interrupt, or its route's notifier. */
static void msix_send(PCIDevice *dev, unsigned vector)
{
    MSIXRoute *route = &dev->msix_routes[vector];
    uint64_t addr;
    uint32_t data;
    MemTxResult r;

    if (route->attached) {
        event_notifier_set(&route->e);
        return;
    }
    msix_message(dev, vector, &addr, &data);
    address_space_stl_le(&address_space_memory, addr, data, &r);
    if (r != MEMTX_OK) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: MSI-X vector %u message to 0x%"
                      PRIx64 " went nowhere\n",
                      object_get_typename(OBJECT(dev)), vector, addr);
    }
}

static bool msix_can_send(PCIDevice *dev, unsigned vector)
{
    return msix_enabled(dev) && !msix_is_masked(dev, vector) &&
           (pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_MASTER);
}

void msix_notify(PCIDevice *dev, unsigned vector)
{
    if (vector >= dev->msix_entries) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: MSI-X vector %u of %u\n",
                      object_get_typename(OBJECT(dev)), vector,
                      dev->msix_entries);
        return;
    }
    if (!msix_can_send(dev, vector)) {
        msix_set_pending(dev, vector, true);
        return;
    }
    msix_send(dev, vector);
}

/* After an unmask of any kind: what was held back goes out now. */
static void msix_deliver_pending(PCIDevice *dev, unsigned vector)
{
    if (msix_is_pending(dev, vector) && msix_can_send(dev, vector)) {
        msix_set_pending(dev, vector, false);
        msix_send(dev, vector);
    }
}

/* Notifiers. */

static const AccelOps *msix_route_ops(void)
{
    const AccelOps *ops = current_accel();

    return ops && ops->msi_route_add ? ops : NULL;
}

static void msix_route_signalled(EventNotifier *e)
{
    MSIXRoute *route = container_of(e, MSIXRoute, e);

    msix_notify(route->dev, route->vector);
}

static void msix_route_watch(MSIXRoute *route)
{
    route->watch = event_notifier_watch(&route->e, msix_route_signalled);
}

static void msix_route_unwatch(MSIXRoute *route)
{
    g_source_remove(route->watch);
    route->watch = 0;
}

/*
 * Follow the vector's state: attached with the table's message while it
 * may send; detached (and watched) while masked or disabled.  A set that
 * came between unwatch and attach is still counted: KVM injects it.
 */
static void msix_route_sync(PCIDevice *dev, unsigned vector)
{
    MSIXRoute *route = &dev->msix_routes[vector];
    const AccelOps *ops = msix_route_ops();
    uint64_t addr;
    uint32_t data;

    if (!route->users) {
        return;
    }
    if (!msix_can_send(dev, vector)) {
        if (route->attached) {
            ops->msi_route_attach(route->route, &route->e, false);
            route->attached = false;
            msix_route_watch(route);
        }
        return;
    }
    msix_message(dev, vector, &addr, &data);
    if (addr != route->addr || data != route->data) {
        ops->msi_route_update(route->route, addr, data);
        route->addr = addr;
        route->data = data;
    }
    if (!route->attached) {
        msix_route_unwatch(route);
        route->attached = ops->msi_route_attach(route->route, &route->e,
                                                true);
        if (!route->attached) {
            msix_route_watch(route);    /* sent from here instead */
        }
    }
}

EventNotifier *msix_vector_use_notifier(PCIDevice *dev, unsigned vector)
{
    const AccelOps *ops = msix_route_ops();
    MSIXRoute *route;
    Error *err = NULL;

    if (!ops || vector >= dev->msix_entries) {
        return NULL;
    }
    route = &dev->msix_routes[vector];
    if (route->users) {
        route->users++;
        return &route->e;
    }
    if (!event_notifier_init(&route->e, &err)) {
        error_prepend(&err, "%s: MSI-X vector %u: ",
                      object_get_typename(OBJECT(dev)), vector);
        error_report_err(err);
        return NULL;
    }
    msix_message(dev, vector, &route->addr, &route->data);
    route->route = ops->msi_route_add(route->addr, route->data);
    if (route->route < 0) {
        event_notifier_cleanup(&route->e);
        return NULL;
    }
    route->dev = dev;
    route->vector = vector;
    route->users = 1;
    route->attached = false;
    msix_route_watch(route);
    msix_route_sync(dev, vector);
    return &route->e;
}

void msix_vector_release_notifier(PCIDevice *dev, unsigned vector)
{
    const AccelOps *ops = msix_route_ops();
    MSIXRoute *route = &dev->msix_routes[vector];

    assert(vector < dev->msix_entries && route->users);
    if (--route->users) {
        return;
    }
    if (route->attached) {
        ops->msi_route_attach(route->route, &route->e, false);
        route->attached = false;
    } else {
        msix_route_unwatch(route);
    }
    /* A set the watch has not seen yet still counts. */
    if (event_notifier_test_and_clear(&route->e)) {
        msix_notify(dev, vector);
    }
    ops->msi_route_release(route->route);
    event_notifier_cleanup(&route->e);
}

void msix_config_changed(PCIDevice *dev)
{
    for (unsigned v = 0; v < dev->msix_entries; v++) {
        msix_route_sync(dev, v);
        msix_deliver_pending(dev, v);
    }
}

void msix_reset(PCIDevice *dev)
{
    uint8_t *ctrl = dev->config + dev->msix_cap + PCI_MSIX_FLAGS;

    pci_set_word(ctrl, pci_get_word(ctrl) & PCI_MSIX_FLAGS_QSIZE);
    memset(dev->msix_table, 0, dev->msix_entries * PCI_MSIX_ENTRY_SIZE);
    for (unsigned v = 0; v < dev->msix_entries; v++) {
        msix_entry(dev, v)[PCI_MSIX_ENTRY_CTRL] = PCI_MSIX_ENTRY_CTRL_MASKBIT;
        msix_route_sync(dev, v);
    }
    msix_clear_pending(dev);
}

static uint64_t msix_table_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;

    if (addr + 4 > dev->msix_entries * PCI_MSIX_ENTRY_SIZE) {
        return 0;
    }
    return pci_get_long(dev->msix_table + addr);
}

static void msix_table_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned vector = addr / PCI_MSIX_ENTRY_SIZE;

    if (addr + 4 > dev->msix_entries * PCI_MSIX_ENTRY_SIZE) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: MSI-X table write at 0x%"
                      HWADDR_PRIx " beyond %u vectors\n",
                      object_get_typename(OBJECT(dev)), addr,
                      dev->msix_entries);
        return;
    }
    if (addr % PCI_MSIX_ENTRY_SIZE == PCI_MSIX_ENTRY_CTRL) {
        val &= PCI_MSIX_ENTRY_CTRL_MASKBIT;     /* the rest is reserved */
    }
    pci_set_long(dev->msix_table + addr, val);
    msix_route_sync(dev, vector);
    msix_deliver_pending(dev, vector);
}

static const MemoryRegionOps msix_table_ops = {
    .read = msix_table_read,
    .write = msix_table_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t msix_pba_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned bytes = MSIX_DIV_UP(dev->msix_entries, 64) * 8;

    return addr + 4 <= bytes ? pci_get_long(dev->msix_pba + addr) : 0;
}

static void msix_pba_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    kemu_log_mask(LOG_GUEST_ERROR, "%s: write to the read-only MSI-X PBA at "
                  "0x%" HWADDR_PRIx "\n",
                  object_get_typename(OBJECT(opaque)), addr);
}

static const MemoryRegionOps msix_pba_ops = {
    .read = msix_pba_read,
    .write = msix_pba_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t pow2_ceil(uint64_t v)
{
    uint64_t p = 1;

    while (p < v) {
        p <<= 1;
    }
    return p;
}

bool msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries,
                             uint8_t bar_nr, Error **errp)
{
    const char *type = object_get_typename(OBJECT(dev));
    uint32_t table_size = nentries * PCI_MSIX_ENTRY_SIZE;
    uint32_t pba_size = MSIX_DIV_UP(nentries, 64) * 8;
    uint32_t pba_offset = table_size <= 0x800
                          ? 0x800 : MSIX_DIV_UP(table_size, 0x1000) * 0x1000;
    uint8_t cap;

    assert(!dev->msix_cap && bar_nr < PCI_NUM_REGIONS);
    if (!nentries || nentries > PCI_MSIX_MAX_VECTORS) {
        error_setg(errp, "%s: %u MSI-X vectors, not 1 to %u", type, nentries,
                   PCI_MSIX_MAX_VECTORS);
        return false;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSIX, 0, PCI_MSIX_CAP_SIZE,
                             errp);
    if (!cap) {
        return false;
    }
    dev->msix_cap = cap;
    dev->msix_entries = nentries;
    dev->msix_table = g_malloc0(table_size);
    dev->msix_pba = g_malloc0(pba_size);
    dev->msix_routes = g_new0(MSIXRoute, nentries);
    pci_set_word(dev->config + cap + PCI_MSIX_FLAGS, nentries - 1);
    pci_set_word(dev->wmask + cap + PCI_MSIX_FLAGS,
                 PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    pci_set_long(dev->config + cap + PCI_MSIX_TABLE, bar_nr);
    pci_set_long(dev->config + cap + PCI_MSIX_PBA, pba_offset | bar_nr);

    memory_region_init(&dev->msix_bar, type, "msix",
                       MAX(0x1000, pow2_ceil(pba_offset + pba_size)));
    /* Up to the PBA, so that stray accesses reach (and are logged by) us. */
    memory_region_init_io(&dev->msix_table_mmio, type, &msix_table_ops, dev,
                          "msix-table", pba_offset);
    memory_region_init_io(&dev->msix_pba_mmio, type, &msix_pba_ops, dev,
                          "msix-pba", pba_size);
    memory_region_add_subregion(&dev->msix_bar, 0, &dev->msix_table_mmio);
    memory_region_add_subregion(&dev->msix_bar, pba_offset,
                                &dev->msix_pba_mmio);
    pci_register_bar(dev, bar_nr, 0, &dev->msix_bar);
    msix_reset(dev);
    return true;
}

void msix_uninit(PCIDevice *dev)
{
    if (!dev->msix_cap) {
        return;
    }
    for (unsigned v = 0; v < dev->msix_entries; v++) {
        assert(!dev->msix_routes[v].users);     /* the device released it */
    }
    memory_region_del_subregion(&dev->msix_bar, &dev->msix_table_mmio);
    memory_region_del_subregion(&dev->msix_bar, &dev->msix_pba_mmio);
    memory_region_finalize(&dev->msix_table_mmio);
    memory_region_finalize(&dev->msix_pba_mmio);
    memory_region_finalize(&dev->msix_bar);
    g_clear_pointer(&dev->msix_table, g_free);
    g_clear_pointer(&dev->msix_pba, g_free);
    g_clear_pointer(&dev->msix_routes, g_free);
    dev->msix_entries = 0;
    dev->msix_cap = 0;
}
