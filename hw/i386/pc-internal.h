/*
 * The pieces of -M pc (hw/i386/pc*.c) and what they share: the interrupt
 * wiring (pc-irq.c), the PCI host (pc-pci.c) and the kernel, ACPI and
 * E820 set-up (pc-boot.c).  docs/devel/x86-pc-platform.md gives the order.
 */
#ifndef HW_I386_PC_INTERNAL_H
#define HW_I386_PC_INTERNAL_H

#include "hw/boards.h"
#include "hw/intc/apic.h"

#define PC_MAX_CPUS 32
#define PC_NUM_ISA_IRQS 16
#define PC_PIRQ_GSI_BASE 16             /* PIRQA-D on I/O APIC pins 16-19 */
#define PC_SCI_IRQ 9
/* RAM below the 32-bit PCI hole; the rest is mapped from 4 GiB up. */
#define PC_LOWMEM_MAX (3ull << 30)
#define PC_HIGHMEM_BASE (1ull << 32)

typedef struct PCMachine {
    MachineState *ms;
    unsigned ncpus;
    CPUState *cpu[PC_MAX_CPUS];
    APICBus *apic_bus;
    DeviceState *apic[PC_MAX_CPUS];
    MemoryRegion apic_window;
    DeviceState *ioapic, *pic;         /* NULL with the kernel's irqchip */
    qemu_irq isa_irq[PC_NUM_ISA_IRQS]; /* 8259 input n + I/O APIC pin */
    bool kernel_irqchip;               /* KVM's PIC, I/O APIC, APICs, PIT */
    DeviceState *pci_host;
    MemoryRegion port80;
    MemoryRegion ram_below_4g, ram_above_4g;   /* aliases of ms->ram */
} PCMachine;

/*
 * Steps 1-5: a local APIC per CPU (MSRs, INIT/SIPI, TSC), the APIC window
 * at 0xfee00000, the I/O APIC, the i8259 on the boot CPU's LINT0 and the
 * ISA IRQ lines in pc->isa_irq.
 */
void pc_irq_init(PCMachine *pc);
/*
 * The same with the kernel's irqchip (KVM): the IRQ lines and the MSI
 * window only; the kernel's PIT replaces the i8254.
 */
void pc_irq_init_kernel(PCMachine *pc);
/* A line to the kernel irqchip's input gsi (system/kvm.h numbering). */
qemu_irq pc_kernel_irq(int gsi);
/*
 * ISA IRQ n's acknowledgments (i8259 INTA, I/O APIC EOI) pulse ack, its
 * unmasks (either controller) pulse unmask: for the i8254's catch-up.
 */
void pc_isa_irq_connect_ack(PCMachine *pc, int n, qemu_irq ack,
                            qemu_irq unmask);

/* Guest RAM below the PCI hole, at most PC_LOWMEM_MAX. */
uint64_t pc_lowmem(const PCMachine *pc);

/* The i440FX host with its PIIX3, PIRQA-D on I/O APIC pins 16-19. */
void pc_pci_init(PCMachine *pc);

/*
 * Steps 7-9: the ACPI tables, the E820 map and -kernel (a bzImage with
 * -initrd/-append, or a bare-metal ELF64), the boot CPU's long-mode entry.
 */
bool pc_boot_init(PCMachine *pc, Error **errp);

#endif
