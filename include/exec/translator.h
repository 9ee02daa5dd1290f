/*
 * The loop every target frontend runs to translate one TB (accel/tcg/
 * translator.c).  The frontend supplies TranslatorOps; the loop emits the
 * TB prologue (the exit_request check), insn_start markers, counts insns,
 * stops at the insn limit or a page boundary, and logs -d in_asm.
 *
 * Code fetch goes through translator_ld*(), which records the pages the TB
 * depends on, so writes to them invalidate it (self-modifying code).
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/translation-block.h"
#include "hw/core/cpu.h"

typedef enum DisasJumpType {
    DISAS_NEXT,             /* go on with the next insn */
    DISAS_TOO_MANY,         /* insn/page limit: the loop chains to pc_next */
    DISAS_NORETURN,         /* the insn ended the TB itself (exception, jump) */
    DISAS_TARGET_0,         /* target-defined endings from here on */
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
    DISAS_TARGET_4,
    DISAS_TARGET_5,
} DisasJumpType;

/* Bounds a TB's insns (CF_COUNT_MASK) for per-insn arrays. */
#define TRANSLATOR_MAX_INSNS 512

typedef struct DisasContextBase {
    TranslationBlock *tb;
    uint64_t pc_first;      /* the TB's first insn */
    uint64_t pc_next;       /* the insn being (or next to be) translated */
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    bool singlestep_enabled;
    void *host_addr[2];     /* host mapping of the TB's code pages */
    struct TCGLabel *loop_head; /* before the first insn's ops */
    /* Per insn translated so far: its pc and its label slot. */
    uint64_t insn_pc[TRANSLATOR_MAX_INSNS];
    int insn_slot[TRANSLATOR_MAX_INSNS];
} DisasContextBase;

typedef struct TranslatorOps {
    /* Set up the target's DisasContext from tb->flags. */
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    /* Emit tcg_gen_insn_start() with the target's restore data. */
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    /* Translate the insn at pc_next and advance pc_next past it. */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    /* End the TB according to is_jmp. */
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                     uint64_t pc, void *host_pc, const TranslatorOps *ops,
                     DisasContextBase *db);

/*
 * Guest code fetch at pc (virtual) for the TB being translated, as
 * little-endian values (big-endian targets swap).  A page the TB did not
 * start on is added to its pages; a fault there raises the fetch fault
 * with the guest pc at the TB start, so a frontend whose insns can cross
 * a page ends the TB before such an insn unless it is the first.
 */
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc);

/* Whether a direct goto_tb to dest is allowed (same page, no single step). */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);

/*
 * A jump to dest that ends the TB: when dest is the TB's start (and
 * goto_tb is allowed there), emit a jump back to the TB's first insn,
 * checking exit_request first, and return true; otherwise emit nothing
 * and return false.
 */
bool translator_loop_back(DisasContextBase *db, uint64_t dest);

/*
 * The same for dest an insn of the TB after its first, translated
 * already (an inner loop): emit the exit_request check and a jump to a
 * label before dest's insn, and return true; the frontend then emits the
 * way out taken on an exit request (pc = dest, exit_tb(NULL, 0)).
 * False, with nothing emitted, when dest is no such insn.  The frontend
 * must make sure the state it assumes at dest holds on this path too.
 */
bool translator_inner_loop(DisasContextBase *db, uint64_t dest);

/*
 * End the TB with a jump to the TB for the CPU state now in env (the pc
 * stored by the frontend): goto_ptr to the TB found by the lookup helper,
 * or back to the CPU loop when there is none (or when CF_NO_GOTO_PTR).
 */
void translator_lookup_and_goto_ptr(DisasContextBase *db);

#endif
