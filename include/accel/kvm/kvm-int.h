/*
 * Between the generic KVM accelerator (accel/kvm/kvm-all.c) and its
 * target part (target/<arch>/kvm.c).
 */
#ifndef ACCEL_KVM_INT_H
#define ACCEL_KVM_INT_H

#include <linux/kvm.h>
#include "hw/core/cpu.h"

struct AccelCPUState {
    int fd;                         /* KVM_CREATE_VCPU */
    struct kvm_run *run;            /* mmap of the vCPU's run area */
    size_t run_size;
    pthread_t thread;
    bool reset_pending;             /* the next put writes the reset state */
};

/* The VM: -1 when kvm is not running. */
extern int kvm_vm_fd;
extern int kvm_dev_fd;
/* The target created the kernel's interrupt controllers. */
extern bool kvm_kernel_irqchip;

int kvm_vm_ioctl(unsigned long req, void *arg);
int kvm_vcpu_ioctl(CPUState *cpu, unsigned long req, void *arg);
/* Capability of the kernel (> 0: present). */
int kvm_check_extension(unsigned cap);
/*
 * The GSI routing table (accel/kvm/kvm-routes.h): the target adds its
 * irqchip routes, then commits them; MSI routes for irqfds join them later.
 */
void kvm_irqchip_add_route(uint32_t gsi, uint32_t chip, uint32_t pin);
bool kvm_irqchip_commit_routes(Error **errp);

/* Target hooks. */
/* Can this host run arch guests? */
bool kvm_arch_supports(const char *arch, Error **errp);
/* Capabilities the target needs (0-terminated), with their names. */
typedef struct KVMCapInfo {
    const char *name;
    unsigned cap;
} KVMCapInfo;
extern const KVMCapInfo kvm_arch_required_caps[];
/* VM-wide set-up after KVM_CREATE_VM (irqchip, timers, ...). */
bool kvm_arch_init_vm(Error **errp);
/* After KVM_CREATE_VCPU: CPUID, MSR lists, ... */
bool kvm_arch_init_vcpu(CPUState *cpu, Error **errp);
/* CPUState -> KVM (reset: also the state only a reset sets, e.g. the TSC). */
bool kvm_arch_put_registers(CPUState *cpu, bool reset, Error **errp);
/* KVM -> CPUState. */
bool kvm_arch_get_registers(CPUState *cpu, Error **errp);

#endif
