kemu-obj += hw/i386/x86-linux-boot.o
kemu-obj += hw/i386/acpi-build.o
