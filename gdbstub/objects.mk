kemu-obj += gdbstub/packet.o
kemu-obj += gdbstub/gdbstub.o
