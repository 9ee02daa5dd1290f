kemu-obj += accel/accel-common.o
