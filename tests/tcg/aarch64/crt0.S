/*
 * Start-up for the bare-metal AArch64 test programs: stack, bss, an EL1
 * vector table that hands synchronous exceptions to C, main(), and exit
 * through Arm semihosting.  Entered at EL1 with the MMU off.
 */
    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  adr     x0, vectors
    msr     vbar_el1, x0
    mov     x0, #(3 << 20)          /* CPACR_EL1.FPEN: no FP/SIMD traps */
    msr     cpacr_el1, x0
    isb
    bl      main
    b       semihost_exit

/* semihost_exit(status): SYS_EXIT with {ADP_Stopped_ApplicationExit, status}. */
    .global semihost_exit
semihost_exit:
    sub     sp, sp, #16
    mov     x1, #0x0026
    movk    x1, #2, lsl #16
    stp     x1, x0, [sp]
    mov     x1, sp
    mov     x0, #0x18
    hlt     #0xf000
3:  b       3b

/*
 * Vectors: every entry saves x0-x30, ELR, SPSR and ESR in a frame on the
 * stack and calls exc_dispatch(frame, vector_index); the handler may change
 * the frame (e.g. ELR to skip the faulting insn) before ERET.
 */
    .macro  vec index
    .balign 0x80
    sub     sp, sp, #(36 * 8)
    stp     x0, x1, [sp, #0]
    mov     x1, #\index
    b       exc_common
    .endm

    .balign 0x800
vectors:
    .irp    i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    vec     \i
    .endr

exc_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    stp     x30, x2, [sp, #240]
    mrs     x2, spsr_el1
    mrs     x3, esr_el1
    stp     x2, x3, [sp, #256]
    mrs     x2, far_el1
    str     x2, [sp, #272]
    mov     x0, sp
    bl      exc_dispatch
    ldp     x30, x2, [sp, #240]
    msr     elr_el1, x2
    ldp     x2, x3, [sp, #256]
    msr     spsr_el1, x2
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #(36 * 8)
    eret
