kemu-obj += hw/pci/pci.o
kemu-obj += hw/pci/pci-info.o
