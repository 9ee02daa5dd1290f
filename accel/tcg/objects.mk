kemu-obj += accel/tcg/tcg-accel-ops.o accel/tcg/cpu-exec.o
kemu-obj += accel/tcg/translate-all.o accel/tcg/translator.o
kemu-obj += accel/tcg/tb-maint.o accel/tcg/cputlb.o accel/tcg/tlb-size.o \
            accel/tcg/guest-atomic.o accel/tcg/jit-stats.o
