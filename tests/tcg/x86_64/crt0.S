/* Entry in 64-bit long mode (Kemu's -M pc ELF64 entry): stack, bss, C. */
    .section .text.start, "ax"
    .globl _start
_start:
    lea stack_top(%rip), %rsp
    /* SSE on: CR0.EM clear, CR0.MP set, CR4.OSFXSR and OSXMMEXCPT. */
    mov %cr0, %rax
    and $~4, %rax
    or $2, %rax
    mov %rax, %cr0
    mov %cr4, %rax
    or $0x600, %rax
    mov %rax, %cr4
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
