kemu-obj += hw/net/virtio-net.o
