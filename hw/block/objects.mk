kemu-obj += hw/block/virtio-blk.o
