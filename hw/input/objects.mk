kemu-obj += hw/input/i8042.o
