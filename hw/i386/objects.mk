kemu-obj += hw/i386/x86-linux-boot.o
kemu-obj += hw/i386/acpi-build.o
# -M pc for kemu-system-x86_64.
kemu-obj += hw/i386/pc.o hw/i386/pc-irq.o hw/i386/pc-pci.o hw/i386/pc-boot.o
kemu-obj += hw/i386/x86-entry.o hw/i386/multiboot.o
