/*
 * Enter a test case with every register and the flags taken from case_in
 * (rsp too), and come back through case_exit with them saved in case_out.
 */
    .bss
    .balign 64
    .globl case_in, case_out, arena
case_in:    .skip 408
case_out:   .skip 408
saved_rsp:  .skip 8
saved_mxcsr: .skip 8
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
    stmxcsr saved_mxcsr(%rip)
    movdqu case_in+144(%rip), %xmm0
    movdqu case_in+160(%rip), %xmm1
    movdqu case_in+176(%rip), %xmm2
    movdqu case_in+192(%rip), %xmm3
    movdqu case_in+208(%rip), %xmm4
    movdqu case_in+224(%rip), %xmm5
    movdqu case_in+240(%rip), %xmm6
    movdqu case_in+256(%rip), %xmm7
    movdqu case_in+272(%rip), %xmm8
    movdqu case_in+288(%rip), %xmm9
    movdqu case_in+304(%rip), %xmm10
    movdqu case_in+320(%rip), %xmm11
    movdqu case_in+336(%rip), %xmm12
    movdqu case_in+352(%rip), %xmm13
    movdqu case_in+368(%rip), %xmm14
    movdqu case_in+384(%rip), %xmm15
    ldmxcsr case_in+400(%rip)
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
    movdqu %xmm0, case_out+144(%rip)
    movdqu %xmm1, case_out+160(%rip)
    movdqu %xmm2, case_out+176(%rip)
    movdqu %xmm3, case_out+192(%rip)
    movdqu %xmm4, case_out+208(%rip)
    movdqu %xmm5, case_out+224(%rip)
    movdqu %xmm6, case_out+240(%rip)
    movdqu %xmm7, case_out+256(%rip)
    movdqu %xmm8, case_out+272(%rip)
    movdqu %xmm9, case_out+288(%rip)
    movdqu %xmm10, case_out+304(%rip)
    movdqu %xmm11, case_out+320(%rip)
    movdqu %xmm12, case_out+336(%rip)
    movdqu %xmm13, case_out+352(%rip)
    movdqu %xmm14, case_out+368(%rip)
    movdqu %xmm15, case_out+384(%rip)
    stmxcsr case_out+400(%rip)
    ldmxcsr saved_mxcsr(%rip)
    cld
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .section .note.GNU-stack,"",@progbits
