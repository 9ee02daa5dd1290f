/*
 * ACPI tables for the pc board: RSDP (revision 2), RSDT, XSDT, FADT
 * (revision 3: the acpi-pm ports, SCI, reset register 0xcf9 = 6, 8042
 * present), FACS, MADT (a local APIC per CPU, the I/O APIC, ISA overrides
 * IRQ0 -> GSI 2 and the SCI level/active-low, LINT1 = NMI) and a DSDT in
 * AML with \_S5 (SLP_TYP ACPI_SLP_TYP_S5) and the PCI root bridge
 * \_SB.PCI0 (bus 0-255, the 0xcf8 ports, I/O and 32-bit memory windows,
 * and _PRT routing slot s pin p to GSI pci_gsi_base + ((s + p - 1) & 3),
 * the i440fx/PIIX3 PIRQ swizzle).
 *
 * Everything is one blob for the BIOS area, RSDP first, where Linux's
 * scan of 0xe0000-0xfffff finds it (boot_params.acpi_rsdp_addr can name
 * it too).
 */
#ifndef HW_I386_ACPI_BUILD_H
#define HW_I386_ACPI_BUILD_H

#include "kemu/error.h"

#define X86_ACPI_BASE 0xe0000
#define X86_ACPI_MAX_SIZE 0x20000
#define X86_ACPI_MAX_CPUS 255

typedef struct X86AcpiConfig {
    unsigned ncpus;             /* APIC IDs and processor UIDs 0..ncpus-1 */
    uint64_t ioapic_addr;
    uint8_t ioapic_id;
    uint16_t pm_base;           /* acpi-pm ports */
    uint8_t sci_irq;            /* ISA IRQ, identity-mapped to its GSI */
    /* The 32-bit PCI memory window [start, end); end 0: none. */
    uint32_t pci_mem_start, pci_mem_end;
    uint8_t pci_gsi_base;       /* PIRQA-D at GSIs base..base+3 */
    bool vga;                   /* else FADT says "VGA not present" */
} X86AcpiConfig;

/* The usual pc values for ncpus CPUs and lowmem bytes of RAM below 4 GiB. */
X86AcpiConfig x86_acpi_default_config(unsigned ncpus, uint32_t lowmem);

/*
 * All tables for guest address base (64-byte aligned, for the FACS);
 * *rsdp_addr is the RSDP's.  NULL with errp set for a bad configuration.
 */
GByteArray *x86_acpi_build(const X86AcpiConfig *cfg, uint64_t base,
                           uint64_t *rsdp_addr, Error **errp);

/* Build at X86_ACPI_BASE and write them as a boot blob (kept for reset). */
bool x86_acpi_load(const X86AcpiConfig *cfg, uint64_t *rsdp_addr,
                   Error **errp);

#endif
