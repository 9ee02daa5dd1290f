fuzz-targets += fuzz-elf
