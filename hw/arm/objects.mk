kemu-obj += hw/arm/virt.o hw/arm/virt-fdt.o hw/arm/boot.o
