/*
 * Disassembly through capstone: guest code for -d in_asm and the monitor's
 * x/i, host code for -d out_asm.
 */
#ifndef DISAS_DISAS_H
#define DISAS_DISAS_H

/* Instruction sets Kemu disassembles. */
typedef enum DisasArch {
    DISAS_X86_64,
    DISAS_I386,         /* 32-bit protected mode */
    DISAS_I8086,        /* 16-bit real mode */
    DISAS_AARCH64,
    DISAS_MIPS32_LE,
    DISAS_MIPS32_BE,
} DisasArch;

/*
 * Append one line per instruction ("0x0000000040000000:  d2800020  movz x0, #0x1")
 * for len bytes at code, which the guest sees at address pc.  Bytes that do not
 * decode are shown as ".byte 0x..".  Returns the number of instructions.
 */
int disas_append(GString *out, DisasArch arch, const void *code, size_t len,
                 uint64_t pc);
/* The host's instruction set (x86-64 here). */
int disas_host_append(GString *out, const void *code, size_t len);

#endif
