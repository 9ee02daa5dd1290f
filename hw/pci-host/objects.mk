kemu-obj += hw/pci-host/i440fx.o
kemu-obj += hw/pci-host/piix3.o
