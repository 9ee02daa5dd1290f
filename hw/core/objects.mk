kemu-obj += hw/core/machine.o
kemu-obj += hw/core/null-machine.o
kemu-obj += hw/core/loader.o
kemu-obj += hw/core/loader-elf.o
