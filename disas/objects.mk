kemu-obj += disas/disas.o
