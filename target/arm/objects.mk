# AArch64 target.  The CPU runs under TCG only, so its objects need
# accel/tcg (cpu_loop_exit, tlb_set_page, translator_loop): until accel/tcg
# is in the tree they are built and unit-tested, not linked into kemu.
decode-files += target/arm/a64.decode
arm-tcg-obj := target/arm/cpu.o target/arm/translate-a64.o target/arm/excp.o \
               target/arm/mmu.o target/arm/sysreg.o target/arm/semihosting.o \
               target/arm/gdbstub.o
ifneq ($(wildcard accel/tcg/objects.mk),)
kemu-obj += $(arm-tcg-obj)
else
unit-helpers += $(arm-tcg-obj) tests/unit/arm-accel-fakes.o
endif
