/*
 * The mode switches of modes.c: long mode -> compatibility mode (far
 * calls) -> 32-bit protected mode with paging off (segment limits and
 * descriptor checks through a 32-bit IDT, INT n, 32-bit and PAE paging,
 * ring 3 through RETF/IRET and back through the TSS stack) -> 16-bit
 * protected -> real mode (IVT interrupt, 16-bit addressing, far
 * call) and back the same way.  Every check stores a word in mres[]
 * (modes.c prints them); the real-mode part runs from a copy at 0x10000.
 */
#define RES(n) (mres + 4 * (n))
#define RM_BASE 0x10000
#define RM(x) ((x) - rm_blob)           /* offset in the real-mode copy */

    .bss
    .balign 4096
pd32:       .skip 4096
pt32:       .skip 4096
pd_pae:     .skip 4096
pt_pae:     .skip 4096
magic:      .skip 4096
code_page:  .skip 4096
    .balign 32
pdpt:       .skip 32
    .globl mres
mres:       .skip 4 * 64
idt32:      .skip 8 * 66
tss32:      .skip 104
            .skip 4096
stack0:                                 /* ring 0 stack of the TSS */
            .skip 4096
ustack:                                 /* ring 3 stack */
saved_rsp:  .skip 8
saved_cr3:  .skip 8
saved_gdt:  .skip 10
resume:     .skip 4
last:       .skip 4                     /* vector << 16 | error code */
    .balign 16
            .skip 4096
stack32:

    .data
    .balign 8
gdt:
    .quad 0
    .quad 0x00af9b000000ffff            /* 0x08 64-bit code */
    .quad 0x00cf93000000ffff            /* 0x10 flat data */
    .quad 0x00cf9b000000ffff            /* 0x18 flat 32-bit code */
    .quad 0x00009b010000ffff            /* 0x20 16-bit code, base 0x10000 */
    .quad 0x000093010000ffff            /* 0x28 16-bit data, base 0x10000 */
    .quad 0x0040932000000fff            /* 0x30 data, base 0x200000, 4 KiB */
    .quad 0x00cf98000000ffff            /* 0x38 execute-only code */
    .quad 0x00cf13000000ffff            /* 0x40 data, not present */
    .quad 0x00cffb000000ffff            /* 0x48 ring 3 32-bit code */
    .quad 0x00cff3000000ffff            /* 0x50 ring 3 data */
gdt_tss:
    .quad 0                             /* 0x58 32-bit TSS (set up) */
gdt_end:
gdtr:
    .short gdt_end - gdt - 1
    .quad gdt
lesptr:
    .long 0x1234abcd
    .short 0x30
ldsptr:
    .long 0x5678
    .short 0x10
vexmem:
    .long 0x1010
    .section .rodata
idtr32:
    .short 8 * 66 - 1
    .long idt32
ivtr:
    .short 0x3ff
    .long 0

    .text
    .code64
    .globl modes_run
/* void modes_run(void): every step leaves its result in mres[]. */
modes_run:
    push %rbx
    push %rbp
    mov %rsp, saved_rsp(%rip)
    sgdt saved_gdt(%rip)
    mov %cr3, %rax
    mov %rax, saved_cr3(%rip)
    lgdt gdtr(%rip)
    lea stack32(%rip), %rsp
    pushq $0x18                         /* far return to compat mode */
    lea compat(%rip), %rax
    push %rax
    lretq

    .code32
compat:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    lcall $0x18, $far32                 /* ptr16:32 in compat mode */
    mov %eax, RES(0)
    mov %cs, RES(1)
    lcall $0x08, $far64                 /* into 64-bit code and back */
    mov %eax, RES(31)
    mov %cs, RES(32)
    /* Leave long mode: paging off clears EFER.LMA, then EFER.LME. */
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    mov $0xc0000080, %ecx
    rdmsr
    mov %eax, RES(2)                    /* LME set, LMA clear */
    and $~0x100, %eax
    wrmsr
    ljmp $0x18, $prot                   /* 32-bit protected mode */

far32:
    mov $0xfa32, %eax
    lret

    .code64
far64:
    mov $0x64, %eax
    shl $32, %rax                       /* 64-bit code: no #UD, full RAX */
    shr $24, %rax
    lretl                               /* 32-bit RETF to compat mode */
    .code32

prot:
    call setup_idt
    lidt idtr32
    /* A 4-byte read at the limit of a 4 KiB segment, then one past it. */
    mov $0x30, %ax
    mov %ax, %fs
    movl $0x1234abcd, 0x200ffc
    mov %fs:0xffc, %eax
    mov %eax, RES(3)
    movl $1f, resume
    mov %fs:0xffd, %eax
1:  call take_last
    mov %eax, RES(4)                    /* #GP(0) */
    movl $1f, resume
    mov $0x38, %ax
    mov %ax, %ds                        /* execute-only code: #GP(0x38) */
1:  call take_last
    mov %eax, RES(5)
    movl $1f, resume
    mov $0x40, %ax
    mov %ax, %es                        /* not present: #NP(0x40) */
1:  call take_last
    mov %eax, RES(6)
    movl $1f, resume
    xor %eax, %eax
    mov %ax, %ss                        /* null SS: #GP(0) */
1:  call take_last
    mov %eax, RES(7)
    movl $1f, resume
    int $0x40                           /* through a 32-bit interrupt gate */
1:  call take_last
    mov %eax, RES(8)
    lcall $0x18, $far32
    mov %eax, RES(9)
    call vex32
    call paging32
    call paging_pae
    jmp ring3

/*
 * Privilege changes: RETF to ring 3, faults there, INT n through the TSS
 * stack (SS0:ESP0) and IRET back to ring 3, INT 0x41 to stay in ring 0.
 */
ring3:
    mov $tss32, %eax                    /* the TSS descriptor */
    mov %eax, %edx
    shl $16, %eax
    or $0x67, %eax
    mov %eax, gdt_tss
    mov %edx, %eax
    shr $16, %eax
    and $0xff, %eax
    and $0xff000000, %edx
    or %edx, %eax
    or $0x8900, %eax
    mov %eax, gdt_tss + 4
    movl $stack0, tss32 + 4
    movl $0x10, tss32 + 8
    mov $0x58, %ax
    ltr %ax
    mov $0x53, %ax
    mov %ax, %ds
    mov %ax, %es
    push $0x53
    push $ustack
    push $0x4b
    push $user_code
    lret                                /* to an outer level */

user_code:
    mov %cs, %eax
    mov %eax, RES(23)
    movl $1f, resume
    cli                                 /* IOPL 0: #GP(0) */
1:  call take_last
    mov %eax, RES(24)
    movl $1f, resume
    mov $0x10, %ax
    mov %ax, %fs                        /* DPL 0 data: #GP(0x10) */
1:  call take_last
    mov %eax, RES(25)
    movl $1f, resume
    int $0x40                           /* TSS stack, IRET to ring 3 */
1:  call take_last
    mov %eax, RES(26)
    int $0x41

isr0x41:
    mov %ss, %eax
    mov %eax, RES(27)
    mov 4(%esp), %eax                   /* the interrupted CS */
    mov %eax, RES(28)
    mov 16(%esp), %eax                  /* the interrupted SS */
    mov %eax, RES(29)
    mov %esp, %eax
    sub $stack0, %eax
    mov %eax, RES(30)
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov $stack32 - 64, %esp
    jmp to_real

/* eax = the last exception as vector << 16 | error code; cleared. */
take_last:
    mov last, %eax
    movl $0xffffffff, last
    ret

/* Interrupt gates (type 0xe, DPL 3) for vectors 0-31 and 0x40. */
setup_idt:
    xor %ecx, %ecx
1:  mov isr_table(,%ecx,4), %eax
    mov %eax, %edx
    and $0xffff, %eax
    or $0x00180000, %eax
    and $0xffff0000, %edx
    or $0xee00, %edx
    mov %eax, idt32(,%ecx,8)
    mov %edx, idt32+4(,%ecx,8)
    inc %ecx
    cmp $66, %ecx
    jne 1b
    ret

    .macro isr vec, err
isr\vec:
    .if \err == 0
    push $0
    .endif
    push $\vec
    jmp isr_common
    .endm
    isr 0, 0
    isr 6, 0
    isr 11, 1
    isr 12, 1
    isr 13, 1
    isr 14, 1
    isr 0x40, 0

/* vec, error, eip, cs, eflags: record, resume at `resume`. */
isr_common:
    push %eax
    mov 4(%esp), %eax
    shl $16, %eax
    or 8(%esp), %eax
    mov %eax, last
    mov resume, %eax
    mov %eax, 12(%esp)
    pop %eax
    add $8, %esp
    iret

    .section .rodata
isr_table:
    .long isr0, isr0, isr0, isr0, isr0, isr0, isr6, isr0
    .long isr0, isr0, isr0, isr11, isr12, isr13, isr14, isr0
    .rept 48
    .long isr0
    .endr
    .long isr0x40, isr0x41
    .text

/*
 * C4/C5 outside 64-bit mode: LES/LDS when the next byte has mod != 11,
 * else a VEX prefix (BMI: ANDN with registers, BLSR with memory).
 */
vex32:
    les lesptr, %eax                    /* c4 05: ES:EAX <- 0x30:... */
    mov %es, %ecx
    shl $16, %ecx
    lds ldsptr, %edx                    /* c5 15: DS:EDX <- 0x10:0x5678 */
    or %edx, %ecx
    mov %ecx, RES(33)
    mov %eax, RES(34)
    mov $0x10, %cx
    mov %cx, %es
    mov $0xff00, %ebx
    mov $0xf0f0, %ecx
    andn %ecx, %ebx, %eax               /* c4 e2 60 f2 c1 */
    mov %eax, RES(35)
    blsr vexmem, %edx                   /* c4 e2 68 f3 0d m32 */
    mov %edx, RES(36)
    ret

/*
 * 32-bit paging: 0-4 MiB and 16-20 MiB as 4 MiB pages (PSE) of physical
 * 0, 8 MiB through a page table to `magic` (and read-only at +4 KiB).
 */
paging32:
    movl $0xcafe0032, magic
    movl $0x00000083, pd32
    movl $0x00000083, pd32 + 4 * 4
    movl $pt32 + 3, pd32 + 2 * 4
    movl $magic + 3, pt32
    movl $magic + 1, pt32 + 4
    mov $pd32, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    and $~0x20, %eax                    /* PAE off (long mode's) */
    or $0x10, %eax                      /* PSE */
    mov %eax, %cr4
    mov %cr0, %eax
    or $0x80010000, %eax                /* PG WP */
    mov %eax, %cr0
    mov 0x800000, %eax
    mov %eax, RES(10)
    mov $0x1000000 + magic, %eax        /* the 4 MiB page at 16 MiB */
    mov (%eax), %eax
    mov %eax, RES(11)
    movl $1f, resume
    mov 0xc00000, %eax                  /* not present */
1:  call take_last
    mov %eax, RES(12)
    mov %cr2, %eax
    mov %eax, RES(13)
    movl $1f, resume
    movl $1, 0x801000                   /* read-only with CR0.WP */
1:  call take_last
    mov %eax, RES(14)
    mov %cr2, %eax
    mov %eax, RES(15)
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    ret

/* PAE: 0-4 MiB as 2 MiB pages, 8 MiB -> magic, +4 KiB -> code_page (NX). */
paging_pae:
    movl $0xcafe00ae, magic
    movb $0xc3, code_page
    movl $pd_pae + 1, pdpt
    movl $0x00000083, pd_pae
    movl $0x00200083, pd_pae + 8
    movl $pt_pae + 3, pd_pae + 4 * 8
    movl $magic + 3, pt_pae
    movl $code_page + 3, pt_pae + 8
    movl $0x80000000, pt_pae + 12       /* NX */
    mov $0xc0000080, %ecx
    rdmsr
    or $0x800, %eax                     /* NXE */
    wrmsr
    mov $pdpt, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x20, %eax
    mov %eax, %cr4
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    mov 0x800000, %eax
    mov %eax, RES(16)
    movl $1f, resume
    mov $0x801000, %eax
    jmp *%eax                           /* fetch from an NX page */
1:  call take_last
    mov %eax, RES(17)
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    mov %cr4, %eax
    and $~0x30, %eax
    mov %eax, %cr4
    ret

/* Copy the real-mode blob to RM_BASE and go 16-bit protected, then real. */
to_real:
    mov $rm_blob, %esi
    mov $RM_BASE, %edi
    mov $rm_end - rm_blob, %ecx
    cld
    rep movsb
    ljmp $0x20, $RM(rm_pm16)

back_prot:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov $stack32 - 64, %esp
    mov RM_BASE + RM(rm_res), %eax
    mov %eax, RES(18)
    mov RM_BASE + RM(rm_res) + 4, %eax
    mov %eax, RES(19)
    mov RM_BASE + RM(rm_res) + 8, %eax
    mov %eax, RES(20)
    mov RM_BASE + RM(rm_res) + 12, %eax
    mov %eax, RES(21)
    mov RM_BASE + RM(rm_res) + 16, %eax
    mov %eax, RES(37)
    mov RM_BASE + RM(rm_res) + 20, %eax
    mov %eax, RES(38)
    /* Back to long mode: PAE, the long-mode CR3, LME, then PG. */
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
    rdmsr
    mov %eax, RES(22)                   /* LMA set: compat mode */
    push $0x08                          /* as Linux's decompressor */
    push $long64
    lret

    .code64
long64:
    mov saved_rsp(%rip), %rsp
    lgdt saved_gdt(%rip)
    pop %rbp
    pop %rbx
    ret

/* ---- The real-mode blob (runs at RM_BASE: offsets only) ---- */
    .code16
rm_blob:
rm_pm16:                                /* 16-bit protected mode */
    mov $0x28, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov %cr0, %eax
    and $~1, %eax
    mov %eax, %cr0
    ljmp $RM_BASE >> 4, $RM(rm_real)
rm_real:
    mov %cs, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $0xfff0, %sp
    lidt %cs:RM(ivtr16)
    /* IVT entry 0x40 -> rm_isr */
    xor %ax, %ax
    mov %ax, %es
    movw $RM(rm_isr), %es:0x100
    movw $RM_BASE >> 4, %es:0x102
    int $0x40
    /* 16-bit addressing: [bx+si+disp8], and ES = sel << 4 */
    mov $RM(rm_data) - 6, %bx
    mov $4, %si
    mov 2(%bx,%si), %ax
    mov %ax, RM(rm_res) + 4
    mov $(RM_BASE >> 4) + 1, %ax
    mov %ax, %es
    mov %es:RM(rm_data) - 16, %ax
    mov %ax, RM(rm_res) + 6
    lcall $RM_BASE >> 4, $RM(rm_far)
    mov %ax, RM(rm_res) + 8
    pushaw
    mov $0x5555, %di
    popaw
    mov %di, RM(rm_res) + 10
    mov %sp, RM(rm_res) + 12
    /* C4 with mod != 11 is LES; with 11 (a VEX form) #UD in real mode. */
    les RM(rm_ptr), %ax
    mov %ax, RM(rm_res) + 16
    mov %es, RM(rm_res) + 18
    xor %ax, %ax
    mov %ax, %es
    movw $RM(rm_ud), %es:0x18
    movw $RM_BASE >> 4, %es:0x1a
    .byte 0xc4, 0xe2, 0x70, 0xf2, 0xc0  /* andn %eax, %ecx, %eax */
    /* Back to protected mode: PE, then a far jump to 32-bit code. */
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    .byte 0x66, 0xea                    /* ljmpl $0x18, $back_prot */
    .long back_prot
    .short 0x18

rm_isr:
    pushf
    pop %ax
    and $0x200, %ax
    mov %ax, RM(rm_res) + 2             /* IF clear inside */
    movw $0x4040, RM(rm_res)
    iret

rm_far:
    mov $0xfa16, %ax
    lret

rm_ud:                                  /* #UD: step over the 5 bytes */
    push %bp
    mov %sp, %bp
    addw $5, 2(%bp)
    movw $6, RM(rm_res) + 20
    pop %bp
    iret

    .balign 4
ivtr16:
    .short 0x3ff
    .long 0
rm_data:
    .short 0x1616
rm_ptr:
    .short 0x4c45, 0x2345
rm_res:
    .skip 24
rm_end:
    .code64
    .section .note.GNU-stack,"",@progbits
