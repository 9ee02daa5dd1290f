/*
 * Hardware task switches and the TSS I/O permission bitmap outside long
 * mode (task-helper.c), and the far transfers through call gates
 * (callgate-helper.c), as SDM Vol. 3 ch. 5.8 and 7.3 describe them.
 *
 * Faults carry the error codes of the SDM (#TS/#NP/#GP with the selector
 * at fault).  Those raised before the new task's state is loaded use ra
 * (the insn restarts); later ones are taken in the new task.
 */
#ifndef TARGET_I386_TASK_HELPER_H
#define TARGET_I386_TASK_HELPER_H

#include "cpu.h"

/* What starts a task switch: it decides the busy bits, NT and back link. */
typedef enum X86TaskSource {
    X86_TASK_JMP,
    X86_TASK_CALL,
    X86_TASK_IRET,
    X86_TASK_INT,               /* an event through a task gate */
} X86TaskSource;

/*
 * Switch to the task of the 16/32-bit TSS descriptor d (GDT selector
 * sel).  The caller checked privilege and the busy bit; this checks
 * presence (#NP) and the TSS limit (#TS), saves the current state in the
 * current TSS with EIP = next_eip, and loads the new one (CR3, LDT,
 * segments: #TS/#NP/#SS in the new task).
 */
void x86_task_switch(CPUX86State *env, uint16_t sel, uint64_t d,
                     X86TaskSource src, uint64_t next_eip, uintptr_t ra);

/* JMPF/CALLF to a TSS descriptor or task gate d (selector sel). */
void x86_far_task(CPUX86State *env, uint16_t sel, uint64_t d, bool call,
                  uint64_t next_eip, uintptr_t ra);

/*
 * An event through task gate `gate` of the IDT (DPL and presence
 * checked): switch, then push error (>= 0) on the new task's stack.
 */
void x86_int_task(CPUX86State *env, uint64_t gate, int error,
                  uint64_t next_eip);

/* IRET with EFLAGS.NT: back to the task in the TSS back link. */
void x86_task_return(CPUX86State *env, uint64_t next_eip, uintptr_t ra);

/*
 * JMPF/CALLF through call gate `gate` (selector sel): a 16/32-bit gate,
 * or in long mode a 64-bit one (16 bytes).  A CALL to an inner level
 * switches to the stack of the TSS and copies the gate's parameters.
 */
void x86_call_gate(CPUX86State *env, uint16_t sel, uint64_t gate, bool call,
                   uint64_t next_eip, uintptr_t ra);

#endif
