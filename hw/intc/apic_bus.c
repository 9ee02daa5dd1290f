/*
 * The APIC bus: destination matching (physical, flat and cluster logical,
 * x2APIC cluster), lowest-priority arbitration, I/O APIC messages, MSIs,
 * and the 0xfee00000 window shared by CPU register accesses and MSIs.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "hw/intc/ioapic.h"
#include "apic_internal.h"

#define MSI_ADDR_LOGICAL    (1u << 2)
#define MSI_DATA_LEVEL      (1u << 15)

APICBus *apic_bus_new(void)
{
    APICBus *bus = g_new0(APICBus, 1);

    bus->apics = g_ptr_array_new();
    return bus;
}

void apic_bus_free(APICBus *bus)
{
    if (bus) {
        assert(bus->apics->len == 0);
        g_ptr_array_free(bus->apics, TRUE);
        g_free(bus);
    }
}

void apic_bus_set_eoi_handler(APICBus *bus, APICEOIFn *fn, void *opaque)
{
    bus->eoi = fn;
    bus->eoi_opaque = opaque;
}

static bool match_logical(const APICState *s, uint32_t dest)
{
    uint32_t ldr = s->ldr >> 24;

    if (apic_is_x2apic(s)) {
        return (dest >> 16) == (s->ldr >> 16) && (dest & s->ldr & 0xffff);
    }
    if ((s->dfr >> 28) == 0xf) {                /* flat model */
        return dest & ldr & 0xff;
    }
    /* Cluster model: cluster in the high nibble, 0xf is every cluster. */
    return ((dest >> 4 & 0xf) == 0xf || (dest >> 4 & 0xf) == ldr >> 4) &&
           (dest & ldr & 0xf);
}

static bool match_dest(const APICState *s, const APICMessage *msg)
{
    if (!apic_hw_enabled(s)) {
        return false;
    }
    if (msg->dest == APIC_BROADCAST) {
        return true;
    }
    if (msg->dest_logical) {
        return match_logical(s, msg->dest);
    }
    return msg->dest == (apic_is_x2apic(s) ? s->id : (s->id & 0xff));
}

void apic_bus_deliver(APICBus *bus, const APICMessage *msg)
{
    APICState *target = NULL;

    for (guint i = 0; i < bus->apics->len; i++) {
        APICState *s = g_ptr_array_index(bus->apics, i);

        if (!match_dest(s, msg)) {
            continue;
        }
        if (msg->delivery_mode != APIC_DM_LOWEST) {
            apic_accept(s, msg->delivery_mode, msg->vector,
                        msg->level_triggered);
        } else if (!target || s->tpr < target->tpr) {
            target = s;         /* the APIC with the lowest priority */
        }
    }
    if (target) {
        apic_accept(target, APIC_DM_FIXED, msg->vector,
                    msg->level_triggered);
    }
}

void apic_deliver_msi(APICBus *bus, uint64_t addr, uint32_t data)
{
    APICMessage msg = {
        .dest = (addr >> 12) & 0xff,
        .dest_logical = addr & MSI_ADDR_LOGICAL,
        .delivery_mode = (data >> 8) & 7,
        .vector = data & 0xff,
        .level_triggered = data & MSI_DATA_LEVEL,
    };

    if ((addr & ~0xfffffULL) != APIC_DEFAULT_ADDR) {
        kemu_log_mask(LOG_GUEST_ERROR, "apic: MSI to bad address 0x%"
                      PRIx64 "\n", addr);
        return;
    }
    if (msg.dest == 0xff) {
        msg.dest = APIC_BROADCAST;
    }
    apic_bus_deliver(bus, &msg);
}

void apic_bus_ioapic_deliver(void *opaque, const IOAPICMessage *m)
{
    APICMessage msg = {
        .dest = m->dest == 0xff ? APIC_BROADCAST : m->dest,
        .dest_logical = m->dest_logical,
        .delivery_mode = m->delivery_mode,
        .vector = m->vector,
        .level_triggered = m->level_triggered,
    };

    apic_bus_deliver(opaque, &msg);
}

static void ioapic_eoi(void *opaque, uint8_t vector, bool level)
{
    if (level) {
        ioapic_eoi_broadcast(opaque, vector);
    } else {
        ioapic_eoi_edge(opaque, vector);
    }
}

void apic_bus_connect_ioapic(APICBus *bus, DeviceState *ioapic)
{
    ioapic_set_delivery(ioapic, apic_bus_ioapic_deliver, bus);
    apic_bus_set_eoi_handler(bus, ioapic_eoi, ioapic);
}

/* The APIC of the vCPU making the access (current_cpu); NULL for devices. */
static DeviceState *current_apic(APICBus *bus, hwaddr offset)
{
    if (!current_cpu || offset < 0x10 || offset >= APIC_MMIO_SIZE) {
        return NULL;
    }
    for (guint i = 0; i < bus->apics->len; i++) {
        APICState *s = g_ptr_array_index(bus->apics, i);

        if (s->cpu == current_cpu) {
            return DEVICE(s);
        }
    }
    return NULL;
}

static uint64_t window_read(void *opaque, hwaddr offset, unsigned size)
{
    DeviceState *apic = current_apic(opaque, offset);

    if (!apic) {
        kemu_log_mask(LOG_GUEST_ERROR, "apic: read of the MSI window at 0x%"
                      HWADDR_PRIx "\n", (hwaddr)(APIC_DEFAULT_ADDR + offset));
        return 0;
    }
    return apic_mmio_read(apic, offset);
}

static void window_write(void *opaque, hwaddr offset, uint64_t val,
                         unsigned size)
{
    DeviceState *apic = current_apic(opaque, offset);

    if (apic) {
        apic_mmio_write(apic, offset, val);
    } else {
        apic_deliver_msi(opaque, APIC_DEFAULT_ADDR + offset, val);
    }
}

static const MemoryRegionOps window_ops = {
    .read = window_read,
    .write = window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

void apic_bus_window_init(APICBus *bus, MemoryRegion *mr, const char *owner)
{
    memory_region_init_io(mr, owner, &window_ops, bus, "apic-msi",
                          APIC_MSI_WINDOW_SIZE);
}
