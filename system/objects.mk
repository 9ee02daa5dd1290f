kemu-obj += system/cmdline.o
kemu-obj += system/main-loop.o
