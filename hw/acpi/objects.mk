kemu-obj += hw/acpi/aml-build.o hw/acpi/acpi-pm.o
