kemu-obj += hw/intc/i8259.o
