kemu-obj += fpu/softfloat.o
kemu-obj += fpu/softfloat-x80.o
kemu-obj += fpu/softfloat-x80-trans.o
