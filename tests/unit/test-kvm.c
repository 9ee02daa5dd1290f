/*
 * The kvm accelerator's pure logic: memory slot and GSI route bookkeeping
 * and CPUID (the -cpu model's answer cut to what KVM supports).
 */
#include "kemu/osdep.h"
#include "../../accel/kvm/kvm-routes.h"
#include "../../accel/kvm/kvm-slots.h"
#include "../../target/i386/kvm-cpuid.h"

static void test_slots(void)
{
    KVMSlots s;
    KVMSlot low = { .gpa = 0, .size = 0xa0000 };
    KVMSlot high = { .gpa = 0x100000, .size = 0x7f00000 };

    kvm_slots_init(&s, 2);
    g_assert_cmpint(kvm_slots_add(&s, &low), ==, 0);
    g_assert_cmpint(kvm_slots_add(&s, &high), ==, 1);
    g_assert_cmpint(kvm_slots_add(&s, &low), ==, -1);      /* full */
    g_assert_cmpint(kvm_slots_find(&s, 0x100000, 0x7f00000), ==, 1);
    /* Only the exact range: a map change deletes what it added. */
    g_assert_cmpint(kvm_slots_find(&s, 0x100000, 0x1000), ==, -1);
    kvm_slots_remove(&s, 0);
    g_assert_cmpint(kvm_slots_find(&s, 0, 0xa0000), ==, -1);
    /* The freed number is reused first. */
    g_assert_cmpint(kvm_slots_add(&s, &high), ==, 0);
    g_free(s.slots);
}

static const struct kvm_irq_routing_entry *route_of(KVMRoutes *r,
                                                    uint32_t gsi)
{
    for (uint32_t i = 0; i < r->table->nr; i++) {
        if (r->table->entries[i].gsi == gsi) {
            return &r->table->entries[i];
        }
    }
    return NULL;
}

static void test_routes(void)
{
    const struct kvm_irq_routing_entry *e;
    KVMRoutes r;

    kvm_routes_init(&r, 8);
    /* Irqchip routes: several per gsi; MSIs go above the highest. */
    g_assert_true(kvm_routes_add_irqchip(&r, 0, KVM_IRQCHIP_PIC_MASTER, 0));
    g_assert_true(kvm_routes_add_irqchip(&r, 0, KVM_IRQCHIP_IOAPIC, 2));
    g_assert_true(kvm_routes_add_irqchip(&r, 3, KVM_IRQCHIP_IOAPIC, 3));
    g_assert_false(kvm_routes_add_irqchip(&r, 8, KVM_IRQCHIP_IOAPIC, 8));
    g_assert_cmpint(kvm_routes_add_msi(&r, 0xfee00000, 0x41), ==, 4);
    g_assert_cmpint(kvm_routes_add_msi(&r, 0x1fee01000ull, 0x42), ==, 5);
    e = route_of(&r, 5);
    g_assert_cmpuint(e->type, ==, KVM_IRQ_ROUTING_MSI);
    g_assert_cmphex(e->u.msi.address_lo, ==, 0xfee01000);
    g_assert_cmphex(e->u.msi.address_hi, ==, 1);
    g_assert_cmphex(e->u.msi.data, ==, 0x42);
    /* A change only when the message differs. */
    g_assert_false(kvm_routes_set_msi(&r, 4, 0xfee00000, 0x41));
    g_assert_true(kvm_routes_set_msi(&r, 4, 0xfee00000, 0x51));
    g_assert_cmphex(route_of(&r, 4)->u.msi.data, ==, 0x51);
    /* A freed gsi is taken again first; the others keep theirs. */
    kvm_routes_remove_msi(&r, 4);
    g_assert_null(route_of(&r, 4));
    g_assert_cmphex(route_of(&r, 5)->u.msi.data, ==, 0x42);
    g_assert_cmpuint(r.table->nr, ==, 4);
    g_assert_cmpint(kvm_routes_add_msi(&r, 0xfee00000, 0x43), ==, 4);
    /* gsis end at max (8): 6 and 7 left, then none. */
    g_assert_cmpint(kvm_routes_add_msi(&r, 0xfee00000, 0x44), ==, 6);
    g_assert_cmpint(kvm_routes_add_msi(&r, 0xfee00000, 0x45), ==, 7);
    g_assert_cmpint(kvm_routes_add_msi(&r, 0xfee00000, 0x46), ==, -1);
    kvm_routes_free(&r);
}

static void test_cpuid_features(void)
{
    uint32_t r[4] = { 0x6b1, 0x01000000, 0x0ce80201, 0x078bfbff };
    const uint32_t sup[4] = { 0, 0, 0x08000001, 0x00000001 };

    x86_kvm_cpuid_merge(1, 0, r, sup);
    g_assert_cmphex(r[0], ==, 0x6b1);                      /* identity */
    g_assert_cmphex(r[1], ==, 0x01000000);                 /* APIC ID */
    /* OSXSAVE is KVM's to set; the hypervisor bit is always there. */
    g_assert_cmphex(r[2], ==, 0x00000001 | X86_CPUID_1_ECX_HYPERVISOR);
    g_assert_cmphex(r[3], ==, 0x00000001 | X86_CPUID_1_EDX_APIC);
}

/* HTT describes the -smp topology: kept though KVM does not list it. */
static void test_cpuid_htt(void)
{
    uint32_t r[4] = { 0x6b1, 0x00020000, 0, 0x1 | X86_CPUID_1_EDX_HTT };
    const uint32_t sup[4] = { 0, 0, 0, 0x00000001 };

    x86_kvm_cpuid_merge(1, 0, r, sup);
    g_assert_cmphex(r[1], ==, 0x00020000);
    g_assert_cmphex(r[3], ==, 0x1 | X86_CPUID_1_EDX_APIC |
                              X86_CPUID_1_EDX_HTT);
}

static void test_cpuid_unsupported_leaf(void)
{
    uint32_t r[4] = { 0, 0x219, 0x400000, 0 };

    x86_kvm_cpuid_merge(7, 0, r, NULL);
    g_assert_cmphex(r[1], ==, 0);
    g_assert_cmphex(r[2], ==, 0);
}

static void test_cpuid_identity_and_sizes(void)
{
    uint32_t vendor[4] = { 0xd, 0x68747541, 0x444d4163, 0x69746e65 };
    uint32_t sizes[4] = { 0x3028, 0, 0, 0 };
    const uint32_t sup_vendor[4] = { 0x1f, 0x756e6547, 0x6c65746e,
                                     0x49656e69 };
    const uint32_t sup_sizes[4] = { 0x3027, 0, 0, 0 };

    x86_kvm_cpuid_merge(0, 0, vendor, sup_vendor);
    g_assert_cmphex(vendor[0], ==, 0xd);                   /* the model's */
    g_assert_cmphex(vendor[1], ==, 0x68747541);
    x86_kvm_cpuid_merge(0x80000008, 0, sizes, sup_sizes);
    g_assert_cmphex(sizes[0], ==, 0x3027);                 /* the host's */
}

static void test_cpuid_xsave(void)
{
    uint32_t r[4] = { 3, 576, 576, 0 };
    const uint32_t sup[4] = { 0x207, 0x340, 0xa88, 0 };

    x86_kvm_cpuid_merge(0xd, 0, r, sup);
    g_assert_cmphex(r[0], ==, 3);           /* x87 + SSE, as the model */
    g_assert_cmpuint(r[2], ==, 576);        /* its own layout's size */
}

/* -cpu host: KVM's entries as they are, but the vCPU's APIC ID. */
static void test_cpuid_host(void)
{
    uint32_t l1[4] = { 0x806f8, 0x00100800 | (7u << 24), 0x7ffefbff,
                       0x178bfbff & ~X86_CPUID_1_EDX_APIC };
    uint32_t xt[4] = { 1, 2, 0x100, 0 };
    uint32_t ext[4] = { 0, 0x100, 0, 0 };
    uint32_t other[4] = { 1, 2, 3, 4 };

    x86_kvm_cpuid_host(1, l1, 3);
    g_assert_cmphex(l1[0], ==, 0x806f8);
    g_assert_cmphex(l1[1], ==, 0x03100800);
    g_assert_cmphex(l1[2], ==, (0x7ffefbff & ~X86_CPUID_1_ECX_OSXSAVE) |
                               X86_CPUID_1_ECX_HYPERVISOR);
    g_assert_true(l1[3] & X86_CPUID_1_EDX_APIC);
    x86_kvm_cpuid_host(0xb, xt, 5);
    g_assert_cmphex(xt[3], ==, 5);
    g_assert_cmphex(xt[2], ==, 0x100);
    x86_kvm_cpuid_host(0x8000001e, ext, 6);
    g_assert_cmphex(ext[0], ==, 6);
    x86_kvm_cpuid_host(7, other, 9);
    g_assert_cmphex(other[0] | other[1] << 8 | other[2] << 16 |
                    other[3] << 24, ==, 0x04030201);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/kvm/slots", test_slots);
    g_test_add_func("/kvm/routes", test_routes);
    g_test_add_func("/kvm/cpuid/features", test_cpuid_features);
    g_test_add_func("/kvm/cpuid/unsupported-leaf", test_cpuid_unsupported_leaf);
    g_test_add_func("/kvm/cpuid/identity-and-sizes",
                    test_cpuid_identity_and_sizes);
    g_test_add_func("/kvm/cpuid/xsave", test_cpuid_xsave);
    g_test_add_func("/kvm/cpuid/host", test_cpuid_host);
    g_test_add_func("/kvm/cpuid/htt", test_cpuid_htt);
    return g_test_run();
}
