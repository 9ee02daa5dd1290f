kemu-obj += block/block.o
kemu-obj += block/file-lock.o
kemu-obj += block/raw.o
kemu-obj += block/qcow2.o
kemu-obj += block/qcow2-cluster.o
kemu-obj += block/qcow2-refcount.o
kemu-obj += block/qcow2-check.o
kemu-obj += block/thread-pool.o
kemu-obj += block/block-backend.o
kemu-obj += block/blockdev.o
ifeq ($(CONFIG_IO_URING),yes)
kemu-obj += block/io-uring.o
endif
