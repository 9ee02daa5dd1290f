kemu-obj += hw/misc/debugexit.o
