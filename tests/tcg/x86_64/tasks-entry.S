/*
 * The checks of tasks.c (which builds the tables): 64-bit call gates in
 * long and compatibility mode, then 32-bit protected mode with 32-bit
 * paging: 16/32-bit call gates and ring 3, task switches (JMP, CALL,
 * task gates, IRET with NT, #DF and #TS task gates, CR3 and LDT), and
 * virtual-8086 mode (IRET and task entry, IOPL, I/O bitmap, INT3 to
 * ring 0); back to long mode.  Every check stores a word in tres[].
 * Fault handlers store vector << 16 | error at LAST and go on at
 * RESUME (both in low memory, which virtual-8086 code reaches too).
 */
#define RES(n) (tres + 4 * (n))
#define LOW 0x8000                      /* the blob's copy */
#define B(x) ((x) - blob)               /* offset in the blob */
#define RESUME 0x7f00
#define LAST 0x7f04
#define VMEXIT 0x7f08
#define VRES(n) (B(vres) + 4 * (n))     /* vm86 results in the blob */

    .bss
    .balign 4096
    .globl pd_a, pd_b, pml4, pdpt, pd64
pd_a:       .skip 4096
pd_b:       .skip 4096
pml4:       .skip 4096
pdpt:       .skip 4096
pd64:       .skip 4096
    .balign 16
    .globl tgdt, idt32, idt64, ldt_tab, tres
    .globl tss0, tss1, tss_df, tss_int, tss_vm, tss_small, tss_bad
    .globl tss_ts, tss64, tss16
tgdt:       .skip 8 * 37
idt32:      .skip 8 * 0x52
idt64:      .skip 16 * 32
ldt_tab:    .skip 16
tss0:       .skip 0x68 + 40
tss_vm:     .skip 0x68 + 40
tss1:       .skip 0x68
tss_df:     .skip 0x68
tss_int:    .skip 0x68
tss_small:  .skip 0x68
tss_bad:    .skip 0x68
tss_ts:     .skip 0x68
tss64:      .skip 0x68
tss16:      .skip 0x2c
tres:       .skip 4 * 96
saved_rsp:  .skip 8
saved_cr3:  .skip 8
saved_gdt:  .skip 10
saved_idt:  .skip 10
back0:      .skip 4
cgmode:     .skip 4
task_mode:  .skip 4
t1out:      .skip 24
int_out:    .skip 4
df_out:     .skip 8
ts_link:    .skip 4
    .globl stack0_top, stack1_top, stack_df_top, stack_int_top
    .globl stack_ts_top
    .balign 16
            .skip 4096
stack0_top:
            .skip 4096
stack1_top:
            .skip 4096
stack_df_top:
            .skip 4096
stack_int_top:
            .skip 4096
stack_ts_top:
            .skip 4096
stack32_top:
            .skip 4096
ustack_top:

    .data
    .globl ldt_data, low_g16_tgt, low_vm_iopl3, low_t16, low_g16_inner
ldt_data:   .long 0x1d7
low_g16_tgt: .long B(g16_tgt)
low_vm_iopl3: .long B(vm_iopl3)
low_t16:    .long B(t16_entry)
low_g16_inner: .long B(g16_inner)
tgdtr:      .short 8 * 37 - 1
            .quad tgdt
idt32r:     .short 8 * 0x52 - 1
            .long idt32
idt64r:     .short 16 * 32 - 1
            .quad idt64
/* Far pointers m16:32 (the offset does not matter for gates). */
fp_b3:      .long 0
            .short 0xb3
fp_c0:      .long 0
            .short 0xc0
fp_c3:      .long 0
            .short 0xc3
fp_d0:      .long 0
            .short 0xd0
fp_e0:      .long 0
            .short 0xe0
fp_48:      .long 0
            .short 0x48
fp_38:      .long 0
            .short 0x38

    .text
    .code64
/* eax = LAST, which is reset to -1. */
take_last:
    mov LAST, %eax
    movl $-1, LAST
    ret

    .globl tasks_run, task1_entry, df_entry, int_entry, ts_entry, bad_entry
    .globl cg_inner, lg_inner, lg_same
tasks_run:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, saved_rsp(%rip)
    sgdt saved_gdt(%rip)
    sidt saved_idt(%rip)
    mov %cr3, %rax
    mov %rax, saved_cr3(%rip)
    mov $0xff, %al                      /* no interrupts from the PICs */
    out %al, $0x21
    out %al, $0xa1
    lea pml4(%rip), %rax
    mov %rax, %cr3
    lgdt tgdtr(%rip)
    lidt idt64r(%rip)
    mov $0xa0, %ax
    ltr %ax
    movl $-1, LAST
    /* A 64-bit call gate to the same level. */
    xor %eax, %eax
    lcall *fp_c0(%rip)
    mov %eax, RES(0)
    /* Ring 3, then a 64-bit gate to ring 0 (RSP0, null SS). */
    mov %rsp, %r15
    pushq $0x2b
    lea ustack_top(%rip), %rax
    push %rax
    pushfq
    pushq $0x5b
    lea ring3_64(%rip), %rax
    push %rax
    iretq
ring3_64:
    lcall *fp_b3(%rip)
    mov %cs, %eax
    mov %eax, RES(5)
    mov %ss, %eax
    mov %eax, RES(6)
    movl $1f, RESUME
    lcall *fp_c3(%rip)                  /* DPL 0 gate: #GP(0xc0) */
1:  call take_last
    mov %eax, RES(7)
    movl $1, back0
    lcall *fp_b3(%rip)                  /* back to ring 0 for good */

lg_inner:
    cmpl $0, back0(%rip)
    jne ring0_again
    mov %ss, %eax
    mov %eax, RES(1)
    lea stack0_top(%rip), %rax
    sub %rsp, %rax
    mov %eax, RES(2)
    mov 8(%rsp), %eax
    mov %eax, RES(3)
    mov 24(%rsp), %eax
    mov %eax, RES(4)
    lretq

lg_same:
    mov $0x6464, %eax
    lretq

ring0_again:
    mov %r15, %rsp
    mov $0x10, %eax
    mov %eax, %ss
    mov %eax, %ds
    mov %eax, %es
    movl $1f, RESUME
    lcall *fp_d0(%rip)                  /* not present: #NP(0xd0) */
1:  call take_last
    mov %eax, RES(8)
    movl $1f, RESUME
    lcall *fp_e0(%rip)                  /* to compat code: #GP(0x18) */
1:  call take_last
    mov %eax, RES(9)
    movl $1f, RESUME
    lcall *fp_48(%rip)                  /* 16-bit gate: #GP(0x48) */
1:  call take_last
    mov %eax, RES(10)
    movl $1f, RESUME
    ljmp *fp_38(%rip)                   /* a TSS: #GP(0x38) */
1:  call take_last
    mov %eax, RES(11)
    movl $1f, RESUME
    int $31                             /* a task gate: #GP(31 * 8 + 2) */
1:  call take_last
    mov %eax, RES(81)
    pushq $0x18
    lea compat(%rip), %rax
    push %rax
    lretq

    .code32
compat:
    xor %eax, %eax
    lcall *fp_c0                        /* 64-bit gate from compat mode */
    mov %eax, RES(12)
    mov %cs, %eax
    mov %eax, RES(13)
    movl $1f, RESUME
    pushf
    orl $0x4000, (%esp)
    popf
    pushf
    push %cs
    push $1f
    iret                                /* NT in long mode: #GP(0) */
1:  call take_last32
    mov %eax, RES(14)
    pushf
    andl $~0x4000, (%esp)
    popf
    /* Out of long mode, into 32-bit paging (4 MiB pages). */
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    mov $0xc0000080, %ecx
    rdmsr
    and $~0x100, %eax
    wrmsr
    mov %cr4, %eax
    and $~0x20, %eax
    or $0x10, %eax
    mov %eax, %cr4
    mov $pd_a, %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    ljmp $0x18, $prot

take_last32:
    mov LAST, %eax
    movl $-1, LAST
    ret

prot:
    mov $stack32_top, %esp
    lidt idt32r
    mov $0x30, %ax
    ltr %ax
    mov $blob, %esi
    mov $LOW, %edi
    mov $blob_end - blob, %ecx
    cld
    rep movsb
    ljmp $0x50, $B(g16_caller)          /* 16-bit gate from low code */
after_g16:
    mov %eax, RES(15)
    sub %edx, %esi
    mov %esi, RES(16)
    movl $1, cgmode
    ljmp $0x40, $0                      /* JMPF through a 32-bit gate */
cg_jmp_back:
    mov %eax, RES(17)
    movl $0, cgmode
    /* Ring 3: a 32-bit gate with 2 parameters to ring 0, faults, I/O. */
    mov $0x2b, %ax
    mov %ax, %ds
    mov %ax, %es
    push $0x2b
    push $ustack_top
    push $0x23
    push $ring3_32
    lret
ring3_32:
    mov %esp, %ebp
    push $0x11111111
    push $0x22222222
    lcall $0x43, $0
    mov %esp, %eax
    sub %ebp, %eax
    mov %eax, %ss:RES(25)
    mov %ds, %eax
    mov %eax, %ss:RES(26)
    mov %es, %eax
    mov %eax, %ss:RES(27)
    mov $0x2b, %ax
    mov %ax, %ds
    movl $1f, RESUME
    lcall $0xfb, $0                     /* DPL 0 gate: #GP(0xf8) */
1:  call take_last32
    mov %eax, RES(28)
    movl $1f, RESUME
    lcall $0xf3, $0                     /* not present: #NP(0xf0) */
1:  call take_last32
    mov %eax, RES(29)
    movl $1f, RESUME
    lcall $0x103, $0                    /* gate to data: #GP(0x10) */
1:  call take_last32
    mov %eax, RES(30)
    movl $1f, RESUME
    ljmp $0x43, $0                      /* JMP to ring 0: #GP(0x18) */
1:  call take_last32
    mov %eax, RES(31)
    movl $1f, RESUME
    out %al, $0x80
1:  call take_last32
    mov %eax, RES(32)
    movl $1f, RESUME
    out %al, $0x81
1:  call take_last32
    mov %eax, RES(33)
    movl $1f, RESUME
    mov $0x7f, %dx
    out %ax, %dx
1:  call take_last32
    mov %eax, RES(34)
    movl $0x2b, tss0 + 8                /* SS0 of DPL 3: #TS(0x28) */
    movl $1f, RESUME
    lcall $0x43, $0
1:  call take_last32
    mov %eax, RES(79)
    movl $0x10, tss0 + 8
    ljmp $0x11b, $B(r3_low)             /* ring 3 code at LOW */
r3_back:
    int $0x41                           /* back to ring 0 */

cg_inner:
    cmpl $1, cgmode
    je cg_jmp_tgt
    mov %cs, %eax
    mov %eax, RES(18)
    mov %ss, %eax
    mov %eax, RES(19)
    mov $stack0_top, %eax
    sub %esp, %eax
    mov %eax, RES(20)
    mov 4(%esp), %eax
    mov %eax, RES(21)
    mov 8(%esp), %eax
    mov %eax, RES(22)
    mov 12(%esp), %eax
    mov %eax, RES(23)
    mov 20(%esp), %eax
    mov %eax, RES(24)
    mov $0x10, %ax                      /* nulled by the RETF */
    mov %ax, %ds
    lret $8
cg_jmp_tgt:
    mov $0x7777, %eax
    jmp cg_jmp_back

isr41:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov $stack32_top, %esp

    /* ---- Task switches ---- */
    movl $1, task_mode
    mov $0x1234, %ebx
    clts
    ljmp $0x38, $0                      /* JMP to T1 and back */
    mov %ebx, RES(40)
    mov %cr0, %eax
    and $8, %eax
    mov %eax, RES(41)
    call busy_bits
    mov %eax, RES(42)
    mov t1out, %eax
    mov %eax, RES(35)
    mov t1out + 4, %eax
    mov %eax, RES(36)
    mov t1out + 8, %eax
    mov %eax, RES(37)
    mov t1out + 12, %eax
    mov %eax, RES(38)
    mov t1out + 16, %eax
    mov %eax, RES(39)
    movl $2, task_mode
    lcall $0x38, $0                     /* CALL, IRET back */
    mov t1out + 16, %eax
    mov %eax, RES(43)
    mov t1out + 20, %eax
    mov %eax, RES(44)
    pushf
    pop %eax
    and $0x4000, %eax
    movzbl tgdt + 0x3d, %ecx
    and $0xf, %ecx
    shl $16, %ecx
    or %ecx, %eax
    mov %eax, RES(45)
    movl $0, t1out
    lcall $0x98, $0                     /* through a task gate */
    mov t1out, %eax
    mov %eax, RES(46)
    movl $1f, RESUME
    lcall $0x9b, $0                     /* RPL 3 > DPL 0: #GP(0x98) */
1:  call take_last32
    mov %eax, RES(47)
    movl $1f, RESUME
    ljmp $0x30, $0                      /* busy: #GP(0x30) */
1:  call take_last32
    mov %eax, RES(48)
    movl $1f, RESUME
    ljmp $0x80, $0                      /* not present: #NP(0x80) */
1:  call take_last32
    mov %eax, RES(49)
    movl $1f, RESUME
    ljmp $0x78, $0                      /* too small: #TS(0x78) */
1:  call take_last32
    mov %eax, RES(50)
    movw $0x38, tss0                    /* back link to a free TSS */
    movl $1f, RESUME
    pushf
    orl $0x4000, (%esp)
    popf
    iret                                /* #TS(0x38) */
1:  call take_last32
    mov %eax, RES(51)
    pushf
    andl $~0x4000, (%esp)
    popf
    int $0x50                           /* task gate in the IDT */
    mov int_out, %eax
    mov %eax, RES(52)
    /* #GP with its gate absent: #NP, so #DF, through a task gate. */
    andb $0x7f, idt32 + 13 * 8 + 5
    movl $1f, RESUME
    mov $0x1000, %ax
    mov %ax, %ds
1:  call take_last32
    mov %eax, RES(55)
    mov df_out, %eax
    mov %eax, RES(53)
    mov df_out + 4, %eax
    mov %eax, RES(54)
    lcall $0x110, $0                    /* a 16-bit TSS, IRET back */
    movzbl tgdt + 0x115, %eax
    and $0xf, %eax
    mov %eax, RES(78)

    /* ---- Virtual-8086 mode by IRET, IOPL 0 ---- */
    movl $0, VMEXIT
    push $0                             /* GS */
    push $0                             /* FS */
    push $LOW >> 4                      /* DS */
    push $LOW >> 4                      /* ES */
    push $0                             /* SS */
    push $0x7800                        /* ESP */
    push $0x20002                       /* EFLAGS: VM */
    push $LOW >> 4                      /* CS */
    push $B(vm_iopl0)
    iret
vm_exit0:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $stack32_top, %esp
    /* ... and by a task switch, IOPL 3; INT 0x51 comes back. */
    ljmp $0x70, $0
    pushf
    pop %eax
    and $0x4000, %eax
    shl $16, %eax
    movzwl tss0, %ecx
    or %ecx, %eax
    mov %eax, RES(74)
    pushf
    andl $~0x4000, (%esp)
    popf
    mov $LOW + B(vres), %esi
    mov $RES(56), %edi
    mov $18, %ecx
    rep movsl
    mov LOW + VRES(18), %eax
    mov %eax, RES(80)
    /* A task whose LDT selector is a data segment: #TS in the task. */
    ljmp $0x90, $0
    call take_last32
    mov %eax, RES(75)
    mov ts_link, %eax
    mov %eax, RES(76)

    /* Back to long mode. */
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    mov %cr4, %eax
    or $0x20, %eax
    mov %eax, %cr4
    mov saved_cr3, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    ljmp $0x08, $long64

/* eax = busy types of T0 (0x30) << 8 | T1 (0x38). */
busy_bits:
    movzbl tgdt + 0x35, %eax
    and $0xf, %eax
    shl $8, %eax
    movzbl tgdt + 0x3d, %ecx
    and $0xf, %ecx
    or %ecx, %eax
    ret

/* T1: ring 0, CR3 = pd_b, LDT 0x88; JMP back or IRET (task_mode). */
task1_entry:
    xor %eax, %eax
    str %ax
    mov %eax, t1out
    mov %cr3, %eax
    sub $pd_a, %eax
    mov %eax, t1out + 4
    mov 0x800000, %eax
    mov %eax, t1out + 8
    xor %eax, %eax
    sldt %ax
    shl $16, %eax
    mov $4, %cx
    mov %cx, %fs
    movzwl %fs:0, %ecx
    or %ecx, %eax
    mov %eax, t1out + 12
    pushf
    pop %eax
    and $0x4000, %eax
    shl $16, %eax
    movzwl tss1, %ecx
    or %ecx, %eax
    mov %eax, t1out + 16
    movzbl tgdt + 0x35, %eax
    and $0xf, %eax
    mov %eax, t1out + 20
    mov $0xdead, %ebx
    xor %ecx, %ecx
    mov %cx, %fs
    cmpl $1, task_mode
    jne 1f
    ljmp $0x30, $0
    jmp task1_entry
1:  iret
    jmp task1_entry

/* INT 0x50's task. */
int_entry:
    pushf
    pop %eax
    and $0x4000, %eax
    shl $16, %eax
    movzwl tss_int, %ecx
    or %ecx, %eax
    mov %eax, int_out
    iret
    jmp int_entry

/* #DF's task: the error code, then the #GP gate is made present again. */
df_entry:
    pop %eax
    mov %eax, df_out
    pushf
    pop %eax
    and $0x4000, %eax
    shl $16, %eax
    movzwl tss_df, %ecx
    or %ecx, %eax
    mov %eax, df_out + 4
    orb $0x80, idt32 + 13 * 8 + 5
    iret
    jmp df_entry

/*
 * #TS's task: LAST as the others; a fault of T0 resumes it at RESUME,
 * one in another task (the bad LDT) goes to T0 where it left.
 */
ts_entry:
    pop %eax
    or $0x000a0000, %eax
    mov %eax, LAST
    movzwl tss_ts, %ecx
    mov %ecx, ts_link
    cmp $0x30, %ecx
    jne 1f
    mov RESUME, %eax
    mov %eax, tss0 + 0x20
    iret
    jmp ts_entry
1:  ljmp $0x30, $0
    jmp ts_entry

bad_entry:                              /* never runs */
    hlt
    jmp bad_entry

/* ---- Fault handlers of the 32-bit IDT ---- */
    .macro isr32 vec
isr32_\vec:
    .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17)
    .else
    push $0
    .endif
    push $\vec
    jmp isr_common
    .endm
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
    isr32 \v
    .endr
    .irp v, 24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43
    isr32 \v
    .endr
    .irp v, 44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    isr32 \v
    .endr
    .irp v, 64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81
    isr32 \v
    .endr

/* vec, error, eip, cs, eflags...: LAST, then on at RESUME. */
isr_common:
    push %eax
    push %ds
    mov $0x10, %ax
    mov %ax, %ds
    mov 8(%esp), %eax
    shl $16, %eax
    or 12(%esp), %eax
    mov %eax, LAST
    mov RESUME, %eax
    mov %eax, 16(%esp)
    pop %ds
    pop %eax
    add $8, %esp
    iret

/* INT3 from virtual-8086 mode: what the handler sees; VMEXIT leaves. */
isr3:
    push %eax
    push %ecx
    mov %cs, %eax
    shl $16, %eax
    mov %ds, %ax
    mov %eax, %ss:LOW + VRES(7)
    mov 32(%esp), %eax                  /* pushed DS */
    shl $16, %eax
    mov 16(%esp), %ecx                  /* pushed EFLAGS */
    shr $17, %ecx
    and $1, %ecx
    or %ecx, %eax
    mov %eax, %ss:LOW + VRES(8)
    cmpl $0, %ss:VMEXIT
    jne vm_exit0
    pop %ecx
    pop %eax
    iret

    .section .rodata
    .balign 4
    .globl isr32_table, isr64_table, isr3, isr41
isr32_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
    .long isr32_\v
    .endr
    .irp v, 24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43
    .long isr32_\v
    .endr
    .irp v, 44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    .long isr32_\v
    .endr
    .irp v, 64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81
    .long isr32_\v
    .endr
isr64_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .long isr64_\v
    .endr
    .irp v, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long isr64_\v
    .endr
    .text

/* ---- Fault handlers of the 64-bit IDT ---- */
    .code64
    .macro isr64 vec
isr64_\vec:
    .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17)
    .else
    pushq $0
    .endif
    pushq $\vec
    jmp isr64_common
    .endm
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    isr64 \v
    .endr
    .irp v, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    isr64 \v
    .endr

isr64_common:
    push %rax
    mov 8(%rsp), %eax
    shl $16, %eax
    or 16(%rsp), %eax
    mov %eax, LAST
    mov RESUME, %eax
    mov %rax, 24(%rsp)
    pop %rax
    add $16, %rsp
    iretq

long64:
    mov saved_rsp(%rip), %rsp
    lgdt saved_gdt(%rip)
    lidt saved_idt(%rip)
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    clts
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* ---- Low code, copied to LOW: offsets only ---- */
    .code32
blob:
g16_caller:                             /* CS 0x50, base LOW */
    mov %esp, %esi
    lcall $0x48, $0
    ljmp $0x18, $after_g16
g16_tgt:
    mov %esp, %edx
    mov $0x1616, %eax
    lretw

/*
 * Ring 3 (CS 0x118, base LOW) through a 16-bit gate with 2 word
 * parameters to ring 0 (CS 0x50): IP and SP are 16-bit, so the stack
 * is below 64 KiB.
 */
r3_low:
    mov %esp, %ebp
    mov $0x7400, %esp
    pushw $0x3333
    pushw $0x4444
    lcall $0x123, $0
    lea -0x7400(%esp), %eax
    mov %eax, RES(82)
    mov %ebp, %esp
    ljmp $0x23, $r3_back
g16_inner:
    mov $stack0_top, %eax
    sub %esp, %eax
    mov %eax, RES(83)
    movzwl 2(%esp), %eax
    mov %eax, RES(84)
    mov 4(%esp), %eax
    mov %eax, RES(85)
    movzwl 10(%esp), %eax
    mov %eax, RES(86)
    lretw $4

/* The task of the 16-bit TSS (CS 0x50; no stack: ESP's top half is T0's). */
t16_entry:
    xor %eax, %eax
    str %ax
    shl $16, %eax
    mov tss16, %ax
    mov %eax, RES(77)
    iret
    jmp t16_entry

    .code16
    .macro vmtry slot, insn:vararg
    movw $B(.Lvm\@), %fs:RESUME
    movw $0, %fs:RESUME + 2
    \insn
.Lvm\@:
    mov %fs:LAST, %eax
    movl $-1, %fs:LAST
    mov %eax, VRES(\slot)
    .endm

vm_iopl0:                               /* DS = ES = CS = LOW >> 4, FS = 0 */
    mov %cs, %ax
    shl $16, %eax
    mov $(LOW >> 4) + 1, %cx
    mov %cx, %es
    mov %es:B(vdata) - 16, %ax
    mov %eax, VRES(0)
    vmtry 1, cli
    vmtry 2, sti
    vmtry 3, pushf
    vmtry 4, popf
    vmtry 5, int $0x40
    vmtry 6, iret
    int3
    vmtry 9, out %al, $0x80
    vmtry 10, out %al, $0x81
    vmtry 11, lar %ax, %ax
    vmtry 12, hlt
    movl $1, %fs:VMEXIT
    int3

vm_iopl3:                               /* the same segments, IOPL 3 */
    cli
    sti
    pushf
    cli
    pop %ax
    and $0x7200, %ax
    movzwl %ax, %eax
    mov %eax, VRES(13)
    push $0
    popf
    pushf
    pop %ax
    and $0x3000, %ax
    movzwl %ax, %eax
    mov %eax, VRES(14)
    movl $0, VRES(15)
    pushf
    push %cs
    push $B(1f)
    iret
    movl $0xbad, VRES(15)
1:  movl $0x1111, VRES(15)
    vmtry 16, int $0x40
    vmtry 17, out %al, $0x81
    vmtry 18, int $0x42                 /* to ring 3 code: #GP(0x20) */
    int $0x51                           /* to T0 through a task gate */

    .balign 4
vdata:
    .short 0x8086
    .balign 4
vres:
    .skip 4 * 19
blob_end:
    .code64
    .section .note.GNU-stack,"",@progbits
