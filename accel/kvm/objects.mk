# The kvm accelerator: Linux x86-64 hosts (x86-64 guests) only.
ifeq ($(shell uname -s -m),Linux x86_64)
kemu-obj += accel/kvm/kvm-all.o accel/kvm/kvm-slots.o accel/kvm/kvm-routes.o \
            target/i386/kvm.o target/i386/kvm-cpuid.o
unit-tests += test-kvm
else
kemu-obj += accel/kvm/kvm-stub.o
endif
