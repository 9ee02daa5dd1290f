kemu-obj += system/cmdline.o
kemu-obj += system/runstate.o
