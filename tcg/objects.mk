kemu-obj += tcg/tcg.o tcg/tcg-op.o tcg/optimize.o tcg/liveness.o
kemu-obj += tcg/regalloc.o tcg/tcg-runtime.o
kemu-obj += tcg/tci/tcg-target.o tcg/tci/tci.o tcg/tci/tci-disas.o
kemu-obj += tcg/x86_64/tcg-target.o tcg/x86_64/ops.o tcg/x86_64/ldst.o
