/* Interrupt entry stubs for pcboard.c: the vector pushed, then C. */
    .text
    .macro stub vec
    .globl pc_stub_\vec
pc_stub_\vec:
    pushq $\vec
    jmp pc_common
    .endm

    stub 0x40
    stub 0x41
    stub 0x42
    stub 0x43
    stub 0x44

pc_common:
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    mov 72(%rsp), %rdi          /* the vector */
    call pc_irq
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    add $8, %rsp
    iretq
    .section .note.GNU-stack,"",@progbits
