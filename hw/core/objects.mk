kemu-obj += hw/core/machine.o
kemu-obj += hw/core/null-machine.o
