kemu-obj += system/cmdline.o
