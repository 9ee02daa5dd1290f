/*
 * KVM's GSI routing table as Kemu keeps it.  KVM_SET_GSI_ROUTING replaces
 * the whole table, so every change is made here and the table is sent
 * again.  Irqchip routes come from the target at VM set-up (several per
 * gsi); MSI routes take one gsi each, above every irqchip gsi, the lowest
 * free one first.  Pure logic (no ioctls), unit-tested in tests/unit.
 */
#ifndef ACCEL_KVM_ROUTES_H
#define ACCEL_KVM_ROUTES_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

typedef struct KVMRoutes {
    struct kvm_irq_routing *table;  /* table->nr entries, room for max */
    unsigned max;                   /* KVM's limit on entries and gsis */
    unsigned msi_base;              /* the first gsi an MSI route may take */
} KVMRoutes;

void kvm_routes_init(KVMRoutes *r, unsigned max);
void kvm_routes_free(KVMRoutes *r);
/* gsi -> (irqchip, pin); false when the table is full. */
bool kvm_routes_add_irqchip(KVMRoutes *r, uint32_t gsi, uint32_t chip,
                            uint32_t pin);
/* A new MSI route: its gsi, or -1 when no gsi or entry is left. */
int kvm_routes_add_msi(KVMRoutes *r, uint64_t addr, uint32_t data);
/* Change the message of MSI route gsi; false if it already was that. */
bool kvm_routes_set_msi(KVMRoutes *r, int gsi, uint64_t addr, uint32_t data);
void kvm_routes_remove_msi(KVMRoutes *r, int gsi);

#endif
