/*
 * Enter a test case with every register and the flags taken from case_in
 * (rsp too), and come back through case_exit with them saved in case_out.
 */
    .bss
    .balign 64
    .globl case_in, case_out, arena
case_in:    .skip 17 * 8
case_out:   .skip 17 * 8
saved_rsp:  .skip 8
target:     .skip 8

/* At ARENA_ADDR in both programs, so addresses in results agree. */
    .section .arena, "aw", @nobits
    .balign 64
arena:      .skip 512

    .text
    .globl run_case, case_exit
/* void run_case(uint64_t code) */
run_case:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, saved_rsp(%rip)
    mov %rdi, target(%rip)
    pushq case_in+128(%rip)
    popfq
    mov case_in+0(%rip), %rax
    mov case_in+8(%rip), %rcx
    mov case_in+16(%rip), %rdx
    mov case_in+24(%rip), %rbx
    mov case_in+32(%rip), %rsp
    mov case_in+40(%rip), %rbp
    mov case_in+48(%rip), %rsi
    mov case_in+56(%rip), %rdi
    mov case_in+64(%rip), %r8
    mov case_in+72(%rip), %r9
    mov case_in+80(%rip), %r10
    mov case_in+88(%rip), %r11
    mov case_in+96(%rip), %r12
    mov case_in+104(%rip), %r13
    mov case_in+112(%rip), %r14
    mov case_in+120(%rip), %r15
    jmp *target(%rip)

case_exit:
    mov %rax, case_out+0(%rip)
    mov %rcx, case_out+8(%rip)
    mov %rdx, case_out+16(%rip)
    mov %rbx, case_out+24(%rip)
    mov %rsp, case_out+32(%rip)
    mov %rbp, case_out+40(%rip)
    mov %rsi, case_out+48(%rip)
    mov %rdi, case_out+56(%rip)
    mov %r8, case_out+64(%rip)
    mov %r9, case_out+72(%rip)
    mov %r10, case_out+80(%rip)
    mov %r11, case_out+88(%rip)
    mov %r12, case_out+96(%rip)
    mov %r13, case_out+104(%rip)
    mov %r14, case_out+112(%rip)
    mov %r15, case_out+120(%rip)
    mov saved_rsp(%rip), %rsp
    pushfq
    popq case_out+128(%rip)
    cld
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .section .note.GNU-stack,"",@progbits
