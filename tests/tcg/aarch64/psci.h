/* PSCI calls through HVC #0, the conduit of the virt board. */
#ifndef TCG_AARCH64_PSCI_H
#define TCG_AARCH64_PSCI_H

#include <stdint.h>

#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0xc4000003u
#define PSCI_AFFINITY_INFO  0xc4000004u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_FEATURES       0x8400000au

static inline uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2,
                                 uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;

    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     : : "memory");
    return x0;
}

#endif
