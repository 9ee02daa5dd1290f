/*
 * Entry code of sys.c: exception stubs (vector and a 0 error code pushed
 * when the CPU pushes none), the SYSCALL and SYSENTER entries, the IRETQ
 * into user mode and the way back, and the user-mode test sequence
 * (section .user_text, mapped with U=1).
 */
    .text
    .macro stub vec, has_err
    .globl sys_stub_\vec
sys_stub_\vec:
    .if \has_err == 0
    pushq $0
    .endif
    pushq $\vec
    jmp trap_common
    .endm

    stub 3, 0
    stub 6, 0
    stub 8, 1
    stub 11, 1
    stub 13, 1
    stub 14, 1
    stub 32, 0
    stub 64, 0
    stub 65, 0
    stub 67, 0

trap_common:
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
    call sys_trap
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

/*
 * enter_user(rip, rsp, cs, rflags): IRETQ to CPL 3 (SS 0x23); user code
 * gets back with SYSCALL 0.
 */
    .globl enter_user
enter_user:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, kernel_saved_rsp(%rip)
    pushq $0x23                 /* SS: user data, RPL 3 */
    pushq %rsi                  /* RSP */
    pushq %rcx                  /* RFLAGS */
    pushq %rdx                  /* CS */
    pushq %rdi                  /* RIP */
    iretq

/* sysret_compat(rip): SYSRET without REX.W, interrupts on; back the same. */
    .globl sysret_compat
sysret_compat:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, kernel_saved_rsp(%rip)
    mov %rdi, %rcx
    mov $0x202, %r11
    sysretl
back_to_kernel:
    mov kernel_saved_rsp(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* SYSCALL: rax = number (0: back to the kernel), rdi/rsi/rdx arguments. */
    .globl syscall_entry
syscall_entry:
    mov %rsp, user_saved_rsp(%rip)
    lea syscall_stack_top(%rip), %rsp
    test %rax, %rax
    jz back_to_kernel
    push %rcx
    push %r11
    push %rdi
    push %rsi
    push %rdx
    push %r8
    push %r9
    push %r10
    mov %rdx, %rcx
    mov %rsi, %rdx
    mov %rdi, %rsi
    mov %rax, %rdi
    call sys_call               /* (nr, a, b, c) */
    pop %r10
    pop %r9
    pop %r8
    pop %rdx
    pop %rsi
    pop %rdi
    pop %r11
    pop %rcx
    mov user_saved_rsp(%rip), %rsp
    sysretq

/* SYSENTER: note CS and RSP, back with SYSEXIT (RDX rip, RCX rsp). */
    .globl sysenter_entry
sysenter_entry:
    mov %cs, %eax
    mov %rax, sysenter_cs(%rip)
    mov %rsp, sysenter_rsp(%rip)
    rex64 sysexit

    .bss
    .balign 16
    .skip 8192
syscall_stack_top:
kernel_saved_rsp: .quad 0
user_saved_rsp: .quad 0

/*
 * User mode.  Each faulting step stores where to resume in user_resume
 * (sys_trap moves rip there), then reports through SYSCALL 2 (tag,
 * address of the faulting insn, expected CR2).
 */
    .section .user_text, "ax"
    .macro ufault tag, cr2reg, insn:vararg
    lea 2f(%rip), %rcx
    mov %rcx, user_resume(%rip)
1:  \insn
2:  mov $2, %eax
    mov $\tag, %edi
    lea 1b(%rip), %rsi
    mov \cr2reg, %rdx
    syscall
    .endm

    .globl user_main
user_main:
    /* SYSCALL 1 returns its argument + 1; RCX is the return address. */
    mov $1, %eax
    mov $41, %edi
    std                         /* FMASK clears DF in the kernel */
    syscall
1:  cld
    lea 1b(%rip), %rsi
    mov %rcx, %rdx
    mov %rax, %rdi
    mov $3, %eax
    syscall

    mov user_args + 0(%rip), %rbx       /* read-only user page */
    mov user_args + 8(%rip), %r12       /* NX user page */
    mov user_args + 16(%rip), %r13      /* not present */
    mov user_args + 24(%rip), %r14      /* reserved bit set */
    mov user_args + 32(%rip), %r15      /* supervisor page */

    ufault 1, %r15, mov (%r15), %rax
    ufault 2, %rbx, movb $1, (%rbx)
    ufault 3, %r12, jmp *%r12
    ufault 4, %r13, mov (%r13), %rax
    ufault 5, %r14, mov (%r14), %rax
    ufault 6, $0, int $0x40             /* gate DPL 0: #GP(0x202) */
    ufault 7, $0, hlt
    ufault 8, $0, wrmsr
    ufault 9, $0, int $0x43             /* gate DPL 3: taken */
    ufault 10, $0, int3                 /* DPL 3 gate: #BP */
    /* IRETQ from CPL 3 to a CPL 0 code segment: #GP(0x08). */
    mov %rsp, %rbp
    pushq $0x23
    pushq %rbp
    pushfq
    pushq $0x08
    pushq %r15
    ufault 12, $0, iretq
    mov %rbp, %rsp
    mov $5, %eax                        /* RSP0 -> a page not present */
    syscall
    ufault 11, $0, mov (%r13), %rax     /* #PF pushing the #PF: #DF */
    mov (%rbx), %rax                    /* the read-only page is readable */

    /* SYSENTER to the kernel, SYSEXIT back. */
    lea 3f(%rip), %rdx
    mov %rsp, %rcx
    sysenter
3:  mov %cs, %edi
    mov %ss, %esi
    mov $4, %eax
    syscall

    xor %eax, %eax                      /* back to the kernel */
    syscall

    .globl user_ret
user_ret:
    ret

/* Compatibility-mode code waits here for the timer (EB FE in both modes). */
    .globl compat_loop
compat_loop:
    jmp .

/* 64-bit user code that goes back to the kernel. */
    .globl user_back
user_back:
    xor %eax, %eax
    syscall

    .section .user_data, "aw"
    .balign 4096
    .globl user_args, user_resume, user_page
user_page:
user_args: .skip 64
user_resume: .quad 0
    .skip 4096 - 72
    .globl user_stack_top
user_stack_top:
    .section .note.GNU-stack,"",@progbits
