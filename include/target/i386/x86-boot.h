/*
 * What a board's boot code tells an x86-64 CPU about the state it starts
 * in (hw/i386/x86-entry.c builds it; target/i386/cpu.c applies it at
 * every reset).
 */
#ifndef TARGET_I386_X86_BOOT_H
#define TARGET_I386_X86_BOOT_H

#include "hw/core/cpu.h"

/* 64-bit long mode, paging on, flat segments from a GDT in guest RAM. */
typedef struct X86LongModeEntry {
    uint64_t rip;
    uint64_t rsp;
    uint64_t rsi;               /* e.g. a boot parameter block */
    uint64_t cr3;               /* PML4 */
    uint64_t gdt_base;
    uint16_t gdt_limit;
    uint16_t code_sel;          /* 64-bit code descriptor */
    uint16_t data_sel;          /* flat data descriptor (DS/ES/SS/FS/GS) */
} X86LongModeEntry;

/* Reset cpu (an "x86_64-cpu") into e, now and at every later reset. */
void x86_cpu_set_long_mode_entry(CPUState *cpu, const X86LongModeEntry *e);

/*
 * 32-bit protected mode, paging off, flat 4 GiB CS (code) and DS/ES/SS/
 * FS/GS (data) caches, no GDT/IDT (the multiboot machine state).
 */
typedef struct X86ProtectedModeEntry {
    uint32_t eip;
    uint32_t eax, ebx;
} X86ProtectedModeEntry;

/* Reset cpu into e, now and at every later reset. */
void x86_cpu_set_protected_mode_entry(CPUState *cpu,
                                      const X86ProtectedModeEntry *e);

/*
 * The CPU's INTR line (gpio input 0) is acknowledged through intack,
 * which returns the vector (an i8259's pic_read_irq, later an APIC).
 */
void x86_cpu_set_intack(CPUState *cpu, int (*intack)(void *opaque),
                        void *opaque);

/*
 * The MSRs the CPU does not implement itself (the local APIC's
 * IA32_APIC_BASE, x2APIC 0x800-0x8ff, IA32_TSC_DEADLINE) go to these,
 * called with the big lock held; false means the MSR does not exist
 * (#GP).  A board connects its APIC's apic_msr_read/apic_msr_write.
 * With a hook, CPUID.1:EDX reports an APIC.
 */
typedef bool X86MSRReadFn(void *opaque, uint32_t msr, uint64_t *val);
typedef bool X86MSRWriteFn(void *opaque, uint32_t msr, uint64_t val);
void x86_cpu_set_msr_hook(CPUState *cpu, X86MSRReadFn *read,
                          X86MSRWriteFn *write, void *opaque);

/*
 * cpu is an application processor: after every reset it waits, halted,
 * for an INIT and then a SIPI, and starts in real mode at vector << 12
 * (CPU_INTERRUPT_INIT/SIPI; the SIPI vector comes from sipi_vector).
 */
void x86_cpu_set_ap(CPUState *cpu, uint8_t (*sipi_vector)(void *opaque),
                    void *opaque);

/* The CPU's time-stamp counter now (virtual ns + the guest's offset). */
uint64_t x86_cpu_get_tsc(CPUState *cpu);

#endif
