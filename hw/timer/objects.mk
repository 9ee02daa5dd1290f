kemu-obj += hw/timer/i8254.o
