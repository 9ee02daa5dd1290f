kemu-obj += hw/char/pl011.o
