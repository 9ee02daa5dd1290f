/*
 * A translation block: a run of guest code translated as one unit, found
 * again by (physical pc, pc, cs_base, flags, cflags).  accel/tcg owns the
 * cache, chaining and invalidation; targets only read pc/flags/cflags.
 */
#ifndef EXEC_TRANSLATION_BLOCK_H
#define EXEC_TRANSLATION_BLOCK_H

#include "tcg/tcg.h"

/* cflags: how a TB was compiled. */
#define CF_COUNT_MASK   0x000001ff  /* max guest insns (0: the default) */
#define CF_NO_GOTO_TB   0x00000200  /* do not chain out of this TB */
#define CF_NO_GOTO_PTR  0x00000400  /* do not use goto_ptr lookups */
#define CF_SINGLE_STEP  0x00000800  /* gdb single step: one insn, trap after */
#define CF_MEMI_ONLY    0x00001000  /* re-execution after an I/O fault */
#define CF_INVALID      0x80000000  /* removed from the cache */

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint64_t pc;            /* guest virtual address of the first insn */
    uint64_t cs_base;       /* x86: CS base; 0 on other targets */
    uint32_t flags;         /* target state the translation depends on */
    uint32_t cflags;
    uint64_t phys_pc;       /* guest physical address of the first byte */
    uint16_t size;          /* guest bytes covered */
    uint16_t icount;        /* guest insns */
    TCGTBCode tc;           /* host code and its insn_start data */

    /* Guest physical pages the code came from (page_addr[1] = -1: one). */
    uint64_t page_addr[2];

    /*
     * accel/tcg's private bookkeeping (tb-maint.c), under its TB lock.
     * host_page: the host RAM pages of the code, which self-modifying code
     * tracking is keyed on.  jmp_dest: the TBs goto_tb n is chained to;
     * jmp_list_head: the TBs chained to this one, as (tb | n), linked
     * through their jmp_list_next[n].  page_gen: the write generation of
     * each code page when translation began (a write since: retranslate).
     */
    uintptr_t host_page[2];
    uint64_t page_gen[2];
    TranslationBlock *jmp_dest[2];
    uintptr_t jmp_list_next[2];
    uintptr_t jmp_list_head;
};

/* Exit codes in the low bits of tcg_tb_exec()'s return value. */
#define TB_EXIT_MASK        3
#define TB_EXIT_IDX0        0   /* left through goto_tb 0 unchained */
#define TB_EXIT_IDX1        1   /* left through goto_tb 1 unchained */
#define TB_EXIT_REQUESTED   3   /* exit_request was set at TB start */

#endif
