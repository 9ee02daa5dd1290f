kemu-obj += fpu/softfloat.o
