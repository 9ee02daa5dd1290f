/*
 * The TCG accelerator ("-accel tcg") as the rest of Kemu sees it: its
 * options are -accel tcg,thread=single|multi,tb-size=N,one-insn-per-tb=on|
 * off,backend=tci|native (see docs/devel/tcg.md), and its counters.
 */
#ifndef ACCEL_TCG_TCG_ACCEL_H
#define ACCEL_TCG_TCG_ACCEL_H

#include "tcg/tcg.h"

typedef struct TCGAccelStats {
    uint64_t translations;      /* TBs translated */
    uint64_t guest_insns;       /* guest instructions in those TBs */
    uint64_t translate_ns;      /* host time spent translating them */
    uint64_t tb_execs;          /* TBs entered from the CPU loop */
    uint64_t chains;            /* goto_tb jumps patched */
    uint64_t invalidations;     /* TBs dropped for written code */
    uint64_t flushes;           /* whole-cache flushes */
    uint64_t code_bytes;        /* code buffer bytes used since the last flush */
    uint64_t tlb_fills;         /* softmmu TLB entries installed */
    uint64_t tlb_victim_hits;   /* TLB misses served by a victim entry */
    uint64_t tlb_resizes;       /* TLB tables resized at a flush */
    uint64_t tlb_bytes;         /* memory of the TLB tables now */
} TCGAccelStats;

/* A snapshot of the counters (for tests and "info jit"). */
void tcg_accel_get_stats(TCGAccelStats *out);
/* The counters as text, for "info jit" and -d jit. */
void tcg_accel_format_stats(GString *out);
/* Whether thread=multi is in effect (after the first vCPU started). */
bool tcg_accel_mttcg(void);

#endif
