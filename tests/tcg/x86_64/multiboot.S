/*
 * A multiboot (v1) header with the address fields (the "a.out kludge"),
 * so that Debian's qemu-system-x86_64 -kernel loads these ELF64 programs
 * as flat images and enters mb_entry32 in 32-bit protected mode, paging
 * off: identity-map the low 4 GiB with 2 MiB pages, enter long mode with
 * the same GDT layout as Kemu's -M pc ELF64 entry (0x08 code, 0x10 data)
 * and go to _start.  Kemu starts at _start (the ELF entry) directly.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010000         /* the address fields are valid */

    .section .text.mb, "ax"
    .balign 4
mb_header:
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
    .long mb_header                 /* header_addr */
    .long __load_start              /* load_addr */
    .long __load_end                /* load_end_addr */
    .long __mb_end                  /* bss_end_addr: zeroed by the loader */
    .long mb_entry32                /* entry_addr */

    .code32
mb_entry32:
    mov $mb_pd, %edi                /* 2048 2 MiB pages: P RW PS */
    mov $0x83, %eax
    xor %ecx, %ecx
1:  mov %eax, (%edi,%ecx,8)
    movl $0, 4(%edi,%ecx,8)
    add $0x200000, %eax
    inc %ecx
    cmp $2048, %ecx
    jne 1b
    mov $mb_pdpt, %edi
    mov $mb_pd + 3, %eax
    xor %ecx, %ecx
2:  mov %eax, (%edi,%ecx,8)
    add $4096, %eax
    inc %ecx
    cmp $4, %ecx
    jne 2b
    movl $mb_pdpt + 3, mb_pml4
    mov $mb_pml4, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x20, %eax                  /* PAE */
    mov %eax, %cr4
    mov $0xc0000080, %ecx           /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax            /* PG PE */
    mov %eax, %cr0
    lgdt mb_gdtr
    ljmp $0x08, $mb_entry64

    .code64
mb_entry64:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    jmp _start

    .section .rodata
    .balign 8
mb_gdt:
    .quad 0, 0x00af9b000000ffff, 0x00cf93000000ffff
mb_gdtr:
    .short 3 * 8 - 1
    .long mb_gdt

/* After __bss_end: crt0 clears the bss while these are in use. */
    .section .mbpt, "aw", @nobits
    .balign 4096
mb_pml4:    .skip 4096
mb_pdpt:    .skip 4096
mb_pd:      .skip 4 * 4096
    .section .note.GNU-stack,"",@progbits
