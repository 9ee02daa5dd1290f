kemu-obj += hw/intc/i8259.o
kemu-obj += hw/intc/ioapic.o
kemu-obj += hw/intc/arm_gic_irqs.o
kemu-obj += hw/intc/arm_gicv3.o hw/intc/arm_gicv3_dist.o \
            hw/intc/arm_gicv3_redist.o hw/intc/arm_gicv3_cpuif.o
kemu-obj += hw/intc/apic.o hw/intc/apic_regs.o hw/intc/apic_timer.o \
            hw/intc/apic_bus.o
kemu-obj += hw/intc/arm_gic.o hw/intc/arm_gic_dist.o hw/intc/arm_gic_cpuif.o
