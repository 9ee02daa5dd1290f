kemu-obj += hw/intc/i8259.o
kemu-obj += hw/intc/ioapic.o
