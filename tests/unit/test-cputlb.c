/*
 * The softmmu TLB: the size policy (grow when busy, shrink after a quiet
 * window), and on the toy guest tables that grow and shrink at flushes,
 * the victim TLB (hits, page flushes, write-protection of code), flushes
 * that keep global entries, and flushes queued from another thread.
 */
#include "kemu/osdep.h"
#include "accel/tcg/tcg-accel.h"
#include "exec/exec-all.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "../../accel/tcg/tlb-size.h"
#include "toy-cpu.h"

#define I TOY_INSN
#define RAM_SIZE (1 << 20)
#define CODE 0x1000
#define VEC 0x800
#define FLAG 0x3000             /* identity-mapped data */
#define OUT 0x3100
#define PT_BASE 0x10000
#define DATA_PPN 0x80           /* physical page p holds p at offset 0 */
#define NDATA 64

/* rd = v (v < 1 << 31) */
#define IMM32(rd, v) \
    I(TOY_LI, rd, 0, (v) >> 16), I(TOY_LUI, rd, 0, (v) & 0xffff)

/* ---- The policy ---- */

static void test_policy_grow(void)
{
    TLBSizeWindow w;

    tlb_size_window_init(&w, 0);
    /* 200 of 256 is 78%: double. */
    g_assert_cmpuint(tlb_size_at_flush(&w, 8, 200, 10), ==, 9);
    g_assert_cmpuint(w.max_used, ==, 0);
    g_assert_cmpint(w.start_ms, ==, 10);
    /* 300 of 512 is 58%: keep, and remember the busiest flush. */
    g_assert_cmpuint(tlb_size_at_flush(&w, 9, 300, 20), ==, 9);
    g_assert_cmpuint(w.max_used, ==, 300);
    g_assert_cmpuint(tlb_size_at_flush(&w, 9, 5, 30), ==, 9);
    g_assert_cmpuint(w.max_used, ==, 300);
    /* Never past the largest size. */
    g_assert_cmpuint(tlb_size_at_flush(&w, CPU_TLB_DYN_MAX_BITS,
                                       1u << CPU_TLB_DYN_MAX_BITS, 40),
                     ==, CPU_TLB_DYN_MAX_BITS);
}

static void test_policy_shrink(void)
{
    TLBSizeWindow w;

    tlb_size_window_init(&w, 1000);
    /* Quiet, but the window is young: keep. */
    g_assert_cmpuint(tlb_size_at_flush(&w, 12, 500, 1000), ==, 12);
    g_assert_cmpuint(tlb_size_at_flush(&w, 12, 10, 1050), ==, 12);
    /*
     * The window is over and its busiest flush had 500 entries (12%): the
     * smallest size they fill to at most 70% is 1024.
     */
    g_assert_cmpuint(tlb_size_at_flush(&w, 12, 10, 1000 + TLB_WINDOW_MS + 1),
                     ==, 10);
    g_assert_cmpuint(w.max_used, ==, 0);
    /* Nothing used for a window: the smallest size, and no further. */
    g_assert_cmpuint(tlb_size_at_flush(&w, 10, 0, 1300), ==,
                     CPU_TLB_DYN_MIN_BITS);
    g_assert_cmpuint(tlb_size_at_flush(&w, CPU_TLB_DYN_MIN_BITS, 0, 1500),
                     ==, CPU_TLB_DYN_MIN_BITS);
}

static void test_policy_busy_window_keeps(void)
{
    TLBSizeWindow w;

    tlb_size_window_init(&w, 0);
    /* 1000 of 2048 (48%) once, then quiet: the window keeps the size. */
    g_assert_cmpuint(tlb_size_at_flush(&w, 11, 1000, 10), ==, 11);
    g_assert_cmpuint(tlb_size_at_flush(&w, 11, 10, 150), ==, 11);
    /* The new window starts from the flush that ended the old one. */
    g_assert_cmpint(w.start_ms, ==, 150);
    g_assert_cmpuint(w.max_used, ==, 10);
    g_assert_cmpuint(tlb_size_at_flush(&w, 11, 10, 300), ==,
                     CPU_TLB_DYN_MIN_BITS);
}

/* ---- The toy guest ---- */

static TCGAccelStats stats(void)
{
    TCGAccelStats s;

    tcg_accel_get_stats(&s);
    return s;
}

static const uint32_t vector[] = { I(TOY_HLT, 0, 0, 0) };

/* PTE of vpn -> ppn, flags TOY_PTE_* besides V. */
static void map_page(uint64_t vpn, uint64_t ppn, unsigned flags)
{
    address_space_stq_le(&address_space_memory, PT_BASE + vpn * 8,
                         ppn << 12 | TOY_PTE_V | flags, NULL);
}

/*
 * RAM, a page table mapping pages 0..0x3f to themselves, physical pages
 * DATA_PPN + i holding their number, and a stopped CPU at CODE.
 */
static CPUState *setup(const char *opts, const uint32_t *code, size_t n)
{
    CPUState *cpu;

    toy_setup(opts, RAM_SIZE);
    for (uint64_t vpn = 0; vpn < 0x40; vpn++) {
        map_page(vpn, vpn, TOY_PTE_R | TOY_PTE_W | TOY_PTE_X);
    }
    for (uint64_t i = 0; i < NDATA; i++) {
        address_space_stq_le(&address_space_memory, (DATA_PPN + i) << 12,
                             DATA_PPN + i, NULL);
    }
    toy_load(VEC, vector, 1);
    toy_load(CODE, code, n);
    cpu = toy_cpu_new(CODE, VEC);
    toy_env(cpu)->pt_base = PT_BASE;
    return cpu;
}

static uint64_t reg(CPUState *cpu, int r)
{
    return toy_env(cpu)->r[r];
}

/* ---- Resizing ---- */

#define SPAN_BASE 0x100         /* first vpn of the span */
#define SPAN 600                /* pages the span loop reads */

/* vpn SPAN_BASE + k -> DATA_PPN + k % NDATA */
static void map_span(void)
{
    for (uint64_t k = 0; k < SPAN; k++) {
        map_page(SPAN_BASE + k, DATA_PPN + k % NDATA, TOY_PTE_R);
    }
}

static uint64_t span_sum(void)
{
    uint64_t sum = 0;

    for (uint64_t k = 0; k < SPAN; k++) {
        sum += DATA_PPN + k % NDATA;
    }
    return sum;
}

/* r1 = sum of the first word of every span page (r7 = 0x1000). */
#define SUM_SPAN \
    IMM32(5, SPAN_BASE << 12),                              \
    I(TOY_LI, 6, 0, SPAN), I(TOY_LI, 1, 0, 0),              \
    I(TOY_LD + 3, 2, 5, 0), I(TOY_ADD, 1, 1, 2),            \
    I(TOY_ADD, 5, 5, 7), I(TOY_ADDI, 6, 6, -1),             \
    I(TOY_BNE, 6, 0, -5)

/*
 * Three rounds over 600 pages, each ended by a full flush: the table
 * (256 entries) is full at the first two flushes and doubles twice, then
 * 600 of 1024 is fine.  Then flushes with two pages in use shrink it back
 * once a window has passed.
 */
static void check_grow_and_shrink(const char *opts)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), I(TOY_LI, 7, 0, 0x1000), I(TOY_LI, 9, 0, 3),
        I(TOY_LI, 13, 0, FLAG),
        /* 4 round */ SUM_SPAN,
        I(TOY_TLBIALL, 0, 0, 0), I(TOY_ADDI, 9, 9, -1),
        I(TOY_BNE, 9, 0, -12),
        /* idle until FLAG */ I(TOY_LD + 3, 3, 13, 0),
        I(TOY_TLBIALL, 0, 0, 0), I(TOY_BEQ, 3, 0, -3),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = setup(opts, code, G_N_ELEMENTS(code));
    uint64_t initial = stats().tlb_bytes;

    map_span();
    vm_start();
    for (int t = 0; t < 5000 && stats().tlb_resizes < 2; t++) {
        toy_sleep(1);
    }
    g_assert_cmpuint(stats().tlb_resizes, ==, 2);
    /* 16 tables of 256 entries, one of them now 1024. */
    g_assert_cmpuint(stats().tlb_bytes, ==, initial + initial / 16 * 3);
    /* Shrunk back once the quiet window is over. */
    for (int t = 0; t < 5000 && stats().tlb_resizes < 3; t++) {
        toy_sleep(1);
    }
    g_assert_cmpuint(stats().tlb_resizes, ==, 3);
    g_assert_cmpuint(stats().tlb_bytes, ==, initial);
    address_space_stq_le(&address_space_memory, FLAG, 1, NULL);
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmphex(reg(cpu, 1), ==, span_sum());
}

static void test_grow_and_shrink(void)
{
    check_grow_and_shrink(NULL);
}

static void test_grow_and_shrink_tci(void)
{
    check_grow_and_shrink("backend=tci");
}

/* ---- The victim TLB ---- */

/* Two pages that share a slot of a 256-entry table. */
#define VA 0x100
#define VB 0x200

static void test_victim_hits(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), IMM32(5, VA << 12), IMM32(6, VB << 12),
        I(TOY_LI, 9, 0, 1000), I(TOY_LI, 1, 0, 0),
        /* 7 */ I(TOY_LD + 3, 2, 5, 0), I(TOY_ADD, 1, 1, 2),
        I(TOY_LD + 3, 2, 6, 0), I(TOY_ADD, 1, 1, 2),
        I(TOY_ADDI, 9, 9, -1), I(TOY_BNE, 9, 0, -6),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = setup(NULL, code, G_N_ELEMENTS(code));

    map_page(VA, DATA_PPN + 1, TOY_PTE_R);
    map_page(VB, DATA_PPN + 2, TOY_PTE_R);
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmpuint(reg(cpu, 1), ==, 1000 * (2 * DATA_PPN + 3));
    /* Each page was filled once; every other miss found the victim. */
    g_assert_cmpuint(stats().tlb_fills, <, 10);
    g_assert_cmpuint(stats().tlb_victim_hits, >=, 1998);
}

/* A page flush reaches the page's entry among the victims. */
static void test_victim_flush_page(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), IMM32(5, VA << 12), IMM32(6, VB << 12),
        I(TOY_LD + 3, 1, 5, 0),
        I(TOY_LD + 3, 2, 6, 0),             /* VA moves to the victims */
        IMM32(7, PT_BASE + VA * 8),
        IMM32(8, (DATA_PPN + 3) << 12 | TOY_PTE_V | TOY_PTE_R),
        I(TOY_ST + 3, 8, 7, 0),
        I(TOY_LD + 3, 3, 5, 0),             /* still the cached one */
        I(TOY_LD + 3, 2, 6, 0),             /* VA to the victims again */
        I(TOY_TLBI, 0, 5, 0),
        I(TOY_LD + 3, 4, 5, 0),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = setup(NULL, code, G_N_ELEMENTS(code));

    map_page(VA, DATA_PPN + 1, TOY_PTE_R);
    map_page(VB, DATA_PPN + 2, TOY_PTE_R);
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmphex(reg(cpu, 1), ==, DATA_PPN + 1);
    g_assert_cmphex(reg(cpu, 3), ==, DATA_PPN + 1);
    g_assert_cmphex(reg(cpu, 4), ==, DATA_PPN + 3);
}

/* "li r1, 99" */
#define NEW_INSN I(TOY_LI, 1, 0, 99)
#define SMC_PAGE 0x30           /* code, identity-mapped */
#define SMC_W 0x140             /* a writable alias of SMC_PAGE */
#define SMC_W2 0x240            /* shares W's slot */

/*
 * Code is translated on a page while the only write entry for it is a
 * victim: that entry must be write-protected too, or a store through it
 * would leave the stale TB in place.
 */
static void test_victim_protects_code(void)
{
    static const uint32_t sub[] = { I(TOY_LI, 1, 0, 1), I(TOY_JR, 0, 12, 0) };
    static const uint32_t code[] = {
        /* 0 */ I(TOY_MMU, 0, 0, 1),
        /* 1 */ IMM32(5, SMC_W << 12), IMM32(6, SMC_W2 << 12),
        /* 5 */ I(TOY_LI, 12, 0, CODE + 12 * 4), IMM32(11, SMC_PAGE << 12),
        /* 8 */ I(TOY_ST + 3, 0, 5, 0x800),     /* W's write entry */
        /* 9 */ I(TOY_LD + 3, 2, 6, 0),         /* W to the victims */
        /* 10 */ I(TOY_JR, 0, 11, 0),           /* translate sub */
        /* 11 */ I(TOY_HLT, 0, 0, 0),
        /* 12 */ IMM32(8, NEW_INSN), I(TOY_ST + 2, 8, 5, 0),
        /* 15 */ I(TOY_LI, 12, 0, CODE + 11 * 4), I(TOY_JR, 0, 11, 0),
    };
    CPUState *cpu = setup(NULL, code, G_N_ELEMENTS(code));

    toy_load(SMC_PAGE << 12, sub, G_N_ELEMENTS(sub));
    map_page(SMC_W, SMC_PAGE, TOY_PTE_R | TOY_PTE_W);
    map_page(SMC_W2, DATA_PPN, TOY_PTE_R);
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmpuint(reg(cpu, 1), ==, 99);
}

/* ---- Global entries ---- */

#define VG 0x100                /* global */
#define VG2 0x200               /* shares VG's slot */
#define VN 0x102
#define VN2 0x202               /* shares VN's slot */

/*
 * A flush of the non-global entries keeps the global ones, in the table
 * and among the victims, and drops the others from both.
 */
static void test_nonglobal_flush(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), IMM32(5, VG << 12), IMM32(6, VG2 << 12),
        IMM32(7, VN << 12), IMM32(8, VN2 << 12),
        I(TOY_LD + 3, 1, 6, 0), I(TOY_LD + 3, 1, 5, 0),  /* VG2 victim */
        I(TOY_LD + 3, 1, 7, 0), I(TOY_LD + 3, 1, 8, 0),  /* VN victim */
        I(TOY_HLT, 0, 0, 0),
        /* 14: the PTEs changed */
        I(TOY_TLBIALL, 0, 0, 1),
        I(TOY_LD + 3, 1, 5, 0), I(TOY_LD + 3, 2, 6, 0),  /* VG victim */
        I(TOY_LD + 3, 3, 7, 0), I(TOY_LD + 3, 4, 8, 0),
        I(TOY_TLBIALL, 0, 0, 1), I(TOY_LD + 3, 9, 5, 0),
        I(TOY_TLBIALL, 0, 0, 0), I(TOY_LD + 3, 10, 5, 0),
        I(TOY_HLT, 0, 0, 0),
    };
    static const uint64_t vpns[] = { VG, VG2, VN, VN2 };
    CPUState *cpu = setup(NULL, code, G_N_ELEMENTS(code));

    for (int i = 0; i < 4; i++) {
        map_page(vpns[i], DATA_PPN + 1 + i,
                 TOY_PTE_R | (vpns[i] == VG ? TOY_PTE_G : 0));
    }
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    for (int i = 0; i < 4; i++) {
        map_page(vpns[i], DATA_PPN + 5,
                 TOY_PTE_R | (vpns[i] == VG ? TOY_PTE_G : 0));
    }
    toy_restart(cpu, CODE + 14 * 4);
    g_assert_true(toy_wait_halts(cpu, 2));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0);
    g_assert_cmphex(reg(cpu, 1), ==, DATA_PPN + 1);
    g_assert_cmphex(reg(cpu, 2), ==, DATA_PPN + 5);
    g_assert_cmphex(reg(cpu, 3), ==, DATA_PPN + 5);
    g_assert_cmphex(reg(cpu, 4), ==, DATA_PPN + 5);
    g_assert_cmphex(reg(cpu, 9), ==, DATA_PPN + 1);
    g_assert_cmphex(reg(cpu, 10), ==, DATA_PPN + 5);
}

/* ---- Flushes queued by another thread ---- */

static bool wait_out(uint64_t want)
{
    for (int t = 0; t < 5000; t++) {
        if (toy_read64(OUT) == want) {
            return true;
        }
        toy_sleep(1);
    }
    return false;
}

/* A page flush asked from outside reaches the running vCPU. */
static void test_queued_page_flush(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), IMM32(5, VA << 12), I(TOY_LI, 14, 0, OUT),
        I(TOY_LD + 3, 1, 5, 0), I(TOY_ST + 3, 1, 14, 0), I(TOY_J, 0, 0, -3),
    };
    CPUState *cpu = setup("thread=multi", code, G_N_ELEMENTS(code));

    map_page(VA, DATA_PPN + 1, TOY_PTE_R);
    vm_start();
    g_assert_true(wait_out(DATA_PPN + 1));
    map_page(VA, DATA_PPN + 2, TOY_PTE_R);
    toy_sleep(20);
    g_assert_cmphex(toy_read64(OUT), ==, DATA_PPN + 1);    /* cached */
    tlb_flush_page(cpu, VA << 12);
    g_assert_true(wait_out(DATA_PPN + 2));
}

/* Full flushes from outside resize the tables of a running vCPU. */
static void test_queued_flush_resizes(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1), I(TOY_LI, 7, 0, 0x1000),
        I(TOY_LI, 14, 0, OUT),
        /* 3 */ SUM_SPAN, I(TOY_ST + 3, 1, 14, 0), I(TOY_J, 0, 0, -11),
    };
    CPUState *cpu = setup("thread=multi", code, G_N_ELEMENTS(code));

    map_span();
    vm_start();
    g_assert_true(wait_out(span_sum()));
    for (int i = 0; i < 20; i++) {
        tlb_flush(cpu);
        toy_sleep(5);
        g_assert_cmphex(toy_read64(OUT), ==, span_sum());
    }
    g_assert_cmpuint(stats().tlb_resizes, >=, 2);
    address_space_stq_le(&address_space_memory, OUT, 0, NULL);
    g_assert_true(wait_out(span_sum()));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cputlb/policy/grow", test_policy_grow);
    g_test_add_func("/cputlb/policy/shrink", test_policy_shrink);
    g_test_add_func("/cputlb/policy/busy-window-keeps",
                    test_policy_busy_window_keeps);
    g_test_add_func("/cputlb/grow-and-shrink", test_grow_and_shrink);
    g_test_add_func("/cputlb/grow-and-shrink-tci", test_grow_and_shrink_tci);
    g_test_add_func("/cputlb/victim/hits", test_victim_hits);
    g_test_add_func("/cputlb/victim/flush-page", test_victim_flush_page);
    g_test_add_func("/cputlb/victim/protects-code",
                    test_victim_protects_code);
    g_test_add_func("/cputlb/nonglobal-flush", test_nonglobal_flush);
    g_test_add_func("/cputlb/queued/page-flush", test_queued_page_flush);
    g_test_add_func("/cputlb/queued/flush-resizes",
                    test_queued_flush_resizes);
    return g_test_run();
}
