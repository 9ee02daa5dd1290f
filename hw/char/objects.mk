kemu-obj += hw/char/pl011.o
kemu-obj += hw/char/serial.o
kemu-obj += hw/char/serial-isa.o
kemu-obj += hw/char/serial-mm.o
kemu-obj += hw/char/virtio-serial.o
kemu-obj += hw/char/virtio-console.o
