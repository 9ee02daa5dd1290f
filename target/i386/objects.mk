# x86-64 target: the CPU runs under TCG (accel/tcg).
kemu-obj += target/i386/cpu.o target/i386/translate.o target/i386/cc-helper.o \
            target/i386/misc-helper.o target/i386/excp.o target/i386/mmu.o \
            target/i386/sys-helper.o target/i386/msr.o \
            target/i386/seg-helper.o target/i386/far-helper.o \
            target/i386/excp-legacy.o target/i386/bcd-helper.o \
            target/i386/fpu-helper.o target/i386/xsave-helper.o \
            target/i386/fpu-trans-helper.o target/i386/task-helper.o \
            target/i386/callgate-helper.o
kemu-obj += target/i386/sse-fp-helper.o target/i386/sse-int-helper.o \
            target/i386/sse-str-helper.o target/i386/rand-helper.o
kemu-obj += target/i386/bmi-helper.o target/i386/string-helper.o
