/*
 * Enter a test case in compatibility mode (a 32-bit code segment under
 * long mode): a far call to code32_sel:tramp32 on a stack below 4 GiB,
 * eax..edi and the flags from case_in, DS/ES from SS (the host's are
 * null), back through case_exit32 with them saved in case_out (32 bits,
 * zero-extended: the harness clears case_out first) and a far return.
 */
    .bss
    .balign 16
    .skip 4096
low_stack_top:
saved_rsp64: .skip 8
saved_esp32: .skip 4
target32:   .skip 4
farptr:     .skip 8
saved_ds:   .skip 2
saved_es:   .skip 2

    .text
    .globl run_case32, case_exit32
/* void run_case32(uint64_t code) */
run_case32:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, saved_rsp64(%rip)
    mov %edi, target32(%rip)
    movzwl code32_sel(%rip), %eax
    mov %eax, farptr+4(%rip)
    lea tramp32(%rip), %rax
    mov %eax, farptr(%rip)
    lea low_stack_top(%rip), %rsp
    lcall *farptr(%rip)
    mov saved_rsp64(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

    .code32
tramp32:
    mov %ds, %ss:saved_ds
    mov %es, %ss:saved_es
    mov %ss, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %esp, saved_esp32
    pushl case_in+128
    popfl
    mov case_in+0, %eax
    mov case_in+8, %ecx
    mov case_in+16, %edx
    mov case_in+24, %ebx
    mov case_in+40, %ebp
    mov case_in+48, %esi
    mov case_in+56, %edi
    mov case_in+32, %esp
    jmp *target32

case_exit32:
    mov %eax, case_out+0
    mov %ecx, case_out+8
    mov %edx, case_out+16
    mov %ebx, case_out+24
    mov %esp, case_out+32
    mov %ebp, case_out+40
    mov %esi, case_out+48
    mov %edi, case_out+56
    mov saved_esp32, %esp
    pushfl
    popl case_out+128
    cld
    mov saved_ds, %ds
    mov saved_es, %es
    lret
    .code64
    .section .note.GNU-stack,"",@progbits
