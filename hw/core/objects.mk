kemu-obj += hw/core/loader.o
kemu-obj += hw/core/loader-elf.o
