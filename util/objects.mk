kemu-obj += util/error.o
kemu-obj += util/log.o
