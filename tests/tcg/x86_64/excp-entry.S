/*
 * Exception entry stubs for excp.c and x87sys.c: vector (and a 0 error
 * code) pushed.
 */
    .text
    .macro stub vec, has_err
    .globl excp_stub_\vec
excp_stub_\vec:
    .if \has_err == 0
    pushq $0
    .endif
    pushq $\vec
    jmp excp_common
    .endm

    stub 0, 0
    stub 3, 0
    stub 6, 0
    stub 7, 0
    stub 13, 1
    stub 14, 1
    stub 16, 0
    stub 32, 0

excp_common:
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    mov %rsp, %rdi              /* struct frame * */
    call excp_handler
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp               /* vector, error code */
    iretq
    .section .note.GNU-stack,"",@progbits
