/*
 * KVM memory slot bookkeeping: which slot numbers hold which guest RAM
 * range.  Pure logic (no ioctls), unit-tested in tests/unit.
 */
#ifndef ACCEL_KVM_SLOTS_H
#define ACCEL_KVM_SLOTS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct KVMSlot {
    uint64_t gpa, size;
    void *host;
    bool readonly;
    bool used;
} KVMSlot;

typedef struct KVMSlots {
    KVMSlot *slots;
    unsigned nr;
} KVMSlots;

void kvm_slots_init(KVMSlots *s, unsigned nr);
/* Take the lowest free slot for *slot: its index, or -1 if all are used. */
int kvm_slots_add(KVMSlots *s, const KVMSlot *slot);
/* The slot holding exactly [gpa, gpa + size), or -1. */
int kvm_slots_find(const KVMSlots *s, uint64_t gpa, uint64_t size);
void kvm_slots_remove(KVMSlots *s, int index);

#endif
