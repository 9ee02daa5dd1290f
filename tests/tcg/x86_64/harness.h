/*
 * Differential test harness shared by the host runner (host.c, native
 * execution) and the bare-metal program for Kemu (baremetal.c): both run
 * the same generated case table (gen_cases.py) and print the same lines.
 */
#ifndef X86_HARNESS_H
#define X86_HARNESS_H

#include <stdint.h>

#define ARENA_SIZE 512          /* data 0..383, stack 384..511 */
#define ARENA_ADDR 0x4000000    /* linked there on the host and on Kemu */
#define ARENA_RSP 448

/* Fixups of a case's inputs and of its undefined flags (gen_cases.py). */
enum {
    FIX_NONE,
    FIX_DIV,            /* arg: size | signed << 2 | divisor reg << 3 */
    FIX_SHIFT_CL,       /* arg: size | kind << 2 (see flag_mask_shift) */
    FIX_X87,            /* x87 state in and out (x87-state.h); arg: flags */
    FIX_DP_NAN,         /* DPPS/DPPD; arg: XMM register | double << 4 */
};

/* One case, as gen_cases.py lays it out (24 bytes). */
struct case_desc {
    uint64_t code;              /* the instruction bytes, then jmp case_exit */
    uint32_t seed;
    uint16_t ptrmask;           /* registers that point into the arena */
    uint16_t smallmask;         /* registers masked with smallbits */
    uint16_t flagmask;          /* RFLAGS bits compared */
    uint8_t fix, fixarg;
    uint8_t smallbits;
    uint8_t fpmode;             /* FP_* below */
    uint8_t pad[2];
};

/*
 * FP inputs of a case: MXCSR is 0x1f80 (round to nearest, no DAZ/FTZ,
 * exceptions masked) unless FP_MXCSR_RANDOM; memory holds integer
 * patterns unless FP_MEMORY (FP values as in the XMM registers).
 */
enum {
    FP_MXCSR_RANDOM = 1,    /* random rounding mode, DAZ and FTZ */
    FP_MEMORY = 2,
};

/*
 * Register state in and out of a case: regs[16] (ModRM order), rflags,
 * XMM0-15 (low quadword first) and MXCSR (offsets fixed in trampoline.S).
 */
struct case_state {
    uint64_t regs[16];
    uint64_t rflags;
    uint64_t pad;
    uint64_t xmm[16][2];
    uint32_t mxcsr;
    uint32_t pad2;
};

extern const struct case_desc cases[];
extern const uint32_t ncases;
extern const char case_class[];
extern const uint32_t case_bits;        /* 64, or 32: compatibility mode */

/* The 32-bit code segment selector of compatibility-mode cases. */
extern uint16_t code32_sel;

/* trampoline.S */
extern struct case_state case_in, case_out;
extern uint8_t arena[ARENA_SIZE];
void run_case(uint64_t code);
/* trampoline32.S: the same in compatibility mode (eax..edi, 32 bits). */
void run_case32(uint64_t code);

/* The platform's output. */
void out_str(const char *s);

/* Run every case, printing one line per case. */
void run_all(void);

#endif
