/* CPUID under KVM (see kvm-cpuid.h). */
#include "kemu/osdep.h"
#include "kvm-cpuid.h"

enum { EAX, EBX, ECX, EDX };

static void and_regs(uint32_t r[4], const uint32_t *sup, int first, int last)
{
    for (int i = first; i <= last; i++) {
        r[i] &= sup ? sup[i] : 0;
    }
}

void x86_kvm_cpuid_merge(uint32_t leaf, uint32_t subleaf, uint32_t r[4],
                         const uint32_t *sup)
{
    uint32_t htt = r[EDX] & X86_CPUID_1_EDX_HTT;

    switch (leaf) {
    case 1:
        and_regs(r, sup, ECX, EDX);
        r[EDX] |= htt;                  /* topology, not a feature */
        r[ECX] &= ~X86_CPUID_1_ECX_OSXSAVE;
        r[ECX] |= X86_CPUID_1_ECX_HYPERVISOR;
        r[EDX] |= X86_CPUID_1_EDX_APIC;
        break;
    case 7:
        and_regs(r, sup, EAX, EDX);
        break;
    case 0xd:
        if (subleaf <= 1) {
            and_regs(r, sup, EAX, EAX);
            and_regs(r, sup, EDX, EDX);
        }
        break;
    case 0x80000001:
        and_regs(r, sup, ECX, EDX);
        break;
    case 0x80000008:
        r[EAX] = sup ? sup[EAX] : r[EAX];
        break;
    default:
        break;
    }
}

void x86_kvm_cpuid_host(uint32_t leaf, uint32_t r[4], uint32_t apic_id)
{
    switch (leaf) {
    case 1:
        r[EBX] = (r[EBX] & 0x00ffffff) | (apic_id << 24);
        r[ECX] &= ~X86_CPUID_1_ECX_OSXSAVE;
        r[ECX] |= X86_CPUID_1_ECX_HYPERVISOR;
        r[EDX] |= X86_CPUID_1_EDX_APIC;
        break;
    case 0xb:
    case 0x1f:
        r[EDX] = apic_id;
        break;
    case 0x8000001e:
        r[EAX] = apic_id;
        break;
    default:
        break;
    }
}
