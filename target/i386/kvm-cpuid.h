/*
 * CPUID under KVM: the -cpu model's answer cut to what the kernel can
 * virtualize (KVM_GET_SUPPORTED_CPUID).  Pure logic, unit-tested.
 */
#ifndef TARGET_I386_KVM_CPUID_H
#define TARGET_I386_KVM_CPUID_H

#include <stdint.h>

#define X86_CPUID_1_ECX_HYPERVISOR (1u << 31)
#define X86_CPUID_1_ECX_OSXSAVE (1u << 27)
#define X86_CPUID_1_ECX_X2APIC (1u << 21)
#define X86_CPUID_1_EDX_APIC (1u << 9)
#define X86_CPUID_1_EDX_HTT (1u << 28)

/*
 * r holds the model's EAX..EDX for leaf/subleaf; sup KVM's (NULL: KVM
 * does not know the leaf).  Feature bits become model & KVM, the address
 * sizes (0x80000008) KVM's; identification leaves stay the model's.  Leaf
 * 1 gets the hypervisor bit and the local APIC (the kernel's), and loses
 * OSXSAVE, which KVM keeps in step with CR4 itself; its HTT bit (more
 * than one thread per package, -smp) stays the model's.
 */
void x86_kvm_cpuid_merge(uint32_t leaf, uint32_t subleaf, uint32_t r[4],
                         const uint32_t *sup);

/*
 * -cpu host: r is KVM's own entry for leaf/subleaf, made the vCPU's with
 * its APIC ID (leaf 1 EBX, x2APIC leaves 0xB/0x1F, AMD's 0x8000001E),
 * with the same leaf 1 fixups as x86_kvm_cpuid_merge.
 */
void x86_kvm_cpuid_host(uint32_t leaf, uint32_t r[4], uint32_t apic_id);

#endif
