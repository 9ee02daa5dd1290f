fuzz-targets += fuzz-elf
fuzz-targets += fuzz-qcow2
