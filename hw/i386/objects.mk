kemu-obj += hw/i386/x86-linux-boot.o
