/*
 * The "kvm" accelerator (accel/kvm/): what boards need from it.  A board
 * asks kvm_irqchip_in_kernel() once, when it wires its interrupt
 * controllers; devices never ask.  Off Linux/x86-64 hosts the stubs say
 * there is no kernel irqchip.
 */
#ifndef SYSTEM_KVM_H
#define SYSTEM_KVM_H

#include <stdbool.h>
#include <stdint.h>

/* Is "kvm" the running accelerator? */
bool kvm_enabled(void);
/* Do the kernel's PIC, I/O APIC, local APICs and PIT run the board's IRQs? */
bool kvm_irqchip_in_kernel(void);
/*
 * Drive the kernel irqchip's input gsi.  x86 (target/i386/kvm.c): gsi n <
 * 16 is ISA IRQ n on its 8259 input and I/O APIC pin (IRQ0 on pin 2),
 * 16-23 are I/O APIC pins, KVM_X86_GSI_PIC_ONLY + n is 8259 input n alone.
 */
#define KVM_X86_GSI_PIC_ONLY 24
void kvm_set_irq(int gsi, int level);
/* Deliver an MSI as the APIC bus would (address 0xfeexxxxx, data). */
void kvm_signal_msi(uint64_t addr, uint32_t data);

#endif
