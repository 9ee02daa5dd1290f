fuzz-targets += fuzz-elf
fuzz-targets += fuzz-qcow2
fuzz-targets += fuzz-virtqueue
fuzz-targets += fuzz-bzimage
