# AArch64 target: the CPU runs under TCG (accel/tcg).
decode-files += target/arm/a64.decode
kemu-obj += target/arm/cpu.o target/arm/translate-a64.o target/arm/excp.o \
            target/arm/mmu.o target/arm/sysreg.o target/arm/semihosting.o \
            target/arm/gdbstub.o target/arm/lse-helper.o target/arm/gtimer.o \
            target/arm/gic-sysreg.o target/arm/psci.o target/arm/pmu-sysreg.o \
            target/arm/debug-sysreg.o
decode-files += target/arm/a64fp.decode
kemu-obj += target/arm/vfp-helper.o
decode-files += target/arm/a64simd.decode
kemu-obj += target/arm/simd-helper.o
decode-files += target/arm/a64crypto.decode
kemu-obj += target/arm/crypto-helper.o
decode-files += target/arm/a64simdfp.decode
kemu-obj += target/arm/simdfp-helper.o
decode-files += target/arm/a64simdint.decode
kemu-obj += target/arm/simdint-helper.o
decode-files += target/arm/a64simdls.decode
decode-files += target/arm/a64simdext.decode
kemu-obj += target/arm/simdext-helper.o
decode-files += target/arm/a64pauth.decode
kemu-obj += target/arm/pauth-helper.o target/arm/pauth-sysreg.o
decode-files += target/arm/a64bf16.decode
kemu-obj += target/arm/bf16-helper.o
