/* Entry in 64-bit long mode (Kemu's -M pc ELF64 entry): stack, bss, C. */
    .section .text.start, "ax"
    .globl _start
_start:
    lea stack_top(%rip), %rsp
    lea __bss_start(%rip), %rdi
    lea __bss_end(%rip), %rcx
    sub %rdi, %rcx
    xor %eax, %eax
    cld
    rep stosb
    call bare_main
1:  hlt
    jmp 1b

    .bss
    .balign 16
    .skip 65536
stack_top:
    .section .note.GNU-stack,"",@progbits
