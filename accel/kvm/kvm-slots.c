/* KVM memory slot bookkeeping (see kvm-slots.h). */
#include "kemu/osdep.h"
#include "kvm-slots.h"

void kvm_slots_init(KVMSlots *s, unsigned nr)
{
    s->slots = g_new0(KVMSlot, nr);
    s->nr = nr;
}

int kvm_slots_add(KVMSlots *s, const KVMSlot *slot)
{
    for (unsigned i = 0; i < s->nr; i++) {
        if (!s->slots[i].used) {
            s->slots[i] = *slot;
            s->slots[i].used = true;
            return i;
        }
    }
    return -1;
}

int kvm_slots_find(const KVMSlots *s, uint64_t gpa, uint64_t size)
{
    for (unsigned i = 0; i < s->nr; i++) {
        const KVMSlot *k = &s->slots[i];

        if (k->used && k->gpa == gpa && k->size == size) {
            return i;
        }
    }
    return -1;
}

void kvm_slots_remove(KVMSlots *s, int index)
{
    s->slots[index].used = false;
}
