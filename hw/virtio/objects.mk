kemu-obj += hw/virtio/virtio.o
kemu-obj += hw/virtio/virtqueue.o
kemu-obj += hw/virtio/virtio-mmio.o
kemu-obj += hw/virtio/virtio-rng.o
kemu-obj += hw/virtio/virtio-pci.o
kemu-obj += hw/virtio/virtio-pci-regs.o
