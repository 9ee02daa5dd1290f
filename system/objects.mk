kemu-obj += system/cmdline.o
kemu-obj += system/runstate.o
kemu-obj += system/memory.o
kemu-obj += system/flatview.o
kemu-obj += system/memory-access.o
kemu-obj += system/mtree.o
kemu-obj += system/physmem.o
kemu-obj += system/main-loop.o
