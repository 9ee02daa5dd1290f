kemu-obj += hw/pci/pci.o
kemu-obj += hw/pci/pci-info.o
kemu-obj += hw/pci/msix.o
