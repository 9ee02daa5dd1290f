/* KVM GSI routing table bookkeeping (see kvm-routes.h). */
#include "kemu/osdep.h"
#include "kvm-routes.h"

void kvm_routes_init(KVMRoutes *r, unsigned max)
{
    r->table = g_malloc0(sizeof(*r->table) +
                         max * sizeof(r->table->entries[0]));
    r->max = max;
    r->msi_base = 0;
}

void kvm_routes_free(KVMRoutes *r)
{
    g_clear_pointer(&r->table, g_free);
    r->max = 0;
}

bool kvm_routes_add_irqchip(KVMRoutes *r, uint32_t gsi, uint32_t chip,
                            uint32_t pin)
{
    if (r->table->nr == r->max || gsi >= r->max) {
        return false;
    }
    r->table->entries[r->table->nr++] = (struct kvm_irq_routing_entry) {
        .gsi = gsi,
        .type = KVM_IRQ_ROUTING_IRQCHIP,
        .u.irqchip = { .irqchip = chip, .pin = pin },
    };
    r->msi_base = MAX(r->msi_base, gsi + 1);
    return true;
}

static struct kvm_irq_routing_entry *find_msi(KVMRoutes *r, uint32_t gsi)
{
    for (uint32_t i = 0; i < r->table->nr; i++) {
        struct kvm_irq_routing_entry *e = &r->table->entries[i];

        if (e->gsi == gsi && e->type == KVM_IRQ_ROUTING_MSI) {
            return e;
        }
    }
    return NULL;
}

static bool gsi_taken(KVMRoutes *r, uint32_t gsi)
{
    for (uint32_t i = 0; i < r->table->nr; i++) {
        if (r->table->entries[i].gsi == gsi) {
            return true;
        }
    }
    return false;
}

int kvm_routes_add_msi(KVMRoutes *r, uint64_t addr, uint32_t data)
{
    uint32_t gsi = r->msi_base;

    if (r->table->nr == r->max) {
        return -1;
    }
    while (gsi < r->max && gsi_taken(r, gsi)) {
        gsi++;
    }
    if (gsi >= r->max) {
        return -1;
    }
    r->table->entries[r->table->nr++] = (struct kvm_irq_routing_entry) {
        .gsi = gsi,
        .type = KVM_IRQ_ROUTING_MSI,
        .u.msi = {
            .address_lo = (uint32_t)addr,
            .address_hi = addr >> 32,
            .data = data,
        },
    };
    return gsi;
}

bool kvm_routes_set_msi(KVMRoutes *r, int gsi, uint64_t addr, uint32_t data)
{
    struct kvm_irq_routing_entry *e = find_msi(r, gsi);

    assert(e);
    if (e->u.msi.address_lo == (uint32_t)addr &&
        e->u.msi.address_hi == addr >> 32 && e->u.msi.data == data) {
        return false;
    }
    e->u.msi.address_lo = (uint32_t)addr;
    e->u.msi.address_hi = addr >> 32;
    e->u.msi.data = data;
    return true;
}

void kvm_routes_remove_msi(KVMRoutes *r, int gsi)
{
    struct kvm_irq_routing_entry *e = find_msi(r, gsi);

    assert(e);
    /* Order does not matter to KVM: the last entry fills the hole. */
    *e = r->table->entries[--r->table->nr];
}
