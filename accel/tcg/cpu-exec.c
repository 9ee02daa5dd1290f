/*
 * The CPU loop: run one vCPU's guest code until it must leave (exit
 * request, halt, debug stop, full code buffer).  Handles exceptions and
 * interrupts between TBs, finds TBs through the per-vCPU jump cache and
 * the global table, translates on a miss and chains TBs together.
 *
 * Faults leave translated code with siglongjmp to cpu->jmp_env
 * (cpu_loop_exit); the guest state was made exact first
 * (cpu_loop_exit_restore).
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "system/main-loop.h"
#include "internal.h"
#include "tcg/helper-proto.h"
#include "helper-accel.h"

uint32_t curr_cflags(CPUState *cpu)
{
    uint32_t cflags = tcg_cfg.one_insn_per_tb ? 1 : 0;

    if (cpu->singlestep) {
        cflags = 1 | CF_SINGLE_STEP | CF_NO_GOTO_TB | CF_NO_GOTO_PTR;
    }
    /* Every TB start passes through the loop, which checks breakpoints. */
    if (cpu->breakpoints && cpu->breakpoints->len) {
        cflags |= CF_NO_GOTO_TB | CF_NO_GOTO_PTR;
    }
    return cflags;
}

static uint32_t next_tb_cflags(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);
    uint32_t cflags = curr_cflags(cpu);

    if (t->cflags_next_tb != -1) {
        cflags = (cflags & ~CF_COUNT_MASK) | t->cflags_next_tb;
        t->cflags_next_tb = -1;
    }
    return cflags;
}

KEMU_NORETURN void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

KEMU_NORETURN void cpu_loop_exit_noexc(CPUState *cpu)
{
    cpu->exception_index = -1;
    cpu_loop_exit(cpu);
}

KEMU_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    if (retaddr) {
        cpu_restore_state(cpu, retaddr);
    }
    cpu_loop_exit(cpu);
}

/* ---- TB lookup ---- */

static bool tb_matches(const TranslationBlock *tb, uint64_t pc,
                       uint64_t cs_base, uint32_t flags, uint32_t cflags)
{
    return tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
           g_atomic_int_get((gint *)&tb->cflags) == (gint)cflags;
}

/* Put entry e first in set, moving entries 0..last-1 down by one. */
static void jmp_cache_push(JmpCacheEntry *set, unsigned last, JmpCacheEntry e)
{
    for (unsigned i = last; i > 0; i--) {
        set[i].key = set[i - 1].key;
        __atomic_store_n(&set[i].tb, __atomic_load_n(&set[i - 1].tb,
                                                     __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    set[0].key = e.key;
    __atomic_store_n(&set[0].tb, e.tb, __ATOMIC_RELAXED);
}

/* The TB for pc in its jump cache set, moved to the front; or NULL. */
static TranslationBlock *jmp_cache_lookup(AccelCPUState *t,
                                          JmpCacheEntry *set, uint64_t pc,
                                          uint64_t cs_base, uint32_t flags,
                                          uint32_t cflags)
{
    for (unsigned i = 0; i < TB_JMP_WAYS; i++) {
        JmpCacheEntry e = {
            __atomic_load_n(&set[i].tb, __ATOMIC_RELAXED), set[i].key
        };
        TranslationBlock *tb = jmp_cache_entry_tb(t, e.tb, e.key, pc);

        if (tb && tb_matches(tb, pc, cs_base, flags, cflags)) {
            if (i) {
                jmp_cache_push(set, i, e);
            }
            return tb;
        }
    }
    return NULL;
}

/*
 * A jump cache miss: the global table (which may fault on the code page:
 * the fault is raised for pc).  A TB found there becomes the most recent
 * entry of its jump cache set.  Out of line, so that the hits of
 * tb_lookup() need not set up this path's frame.
 */
static G_GNUC_NO_INLINE TranslationBlock *
tb_lookup_slow(CPUState *cpu, JmpCacheEntry *set, uint64_t pc,
               uint64_t cs_base, uint32_t flags, uint32_t cflags)
{
    AccelCPUState *t = tcg_cpu(cpu);
    TranslationBlock *tb;
    uintptr_t global;
    RAMBlock *rb;
    hwaddr off;
    void *host;
    uint64_t phys;

    phys = get_page_addr_code(cpu, pc, &host, &rb, &off);
    if (phys == (uint64_t)-1) {
        return NULL;
    }
    tb = tb_htable_lookup(phys, pc, cs_base, flags, cflags);
    if (!tb) {
        return NULL;
    }
    global = tlb_code_is_global(cpu, pc) ? JMP_CACHE_GLOBAL : 0;
    if (tb->page_addr[1] != (uint64_t)-1) {
        uint64_t next = (pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
        uint64_t phys2 = get_page_addr_code(cpu, next, &host, &rb, &off);

        if ((phys2 & TARGET_PAGE_MASK) != tb->page_addr[1]) {
            return NULL;        /* the second page maps elsewhere now */
        }
        if (!tlb_code_is_global(cpu, next)) {
            global = 0;
        }
    }
    jmp_cache_push(set, TB_JMP_WAYS - 1,
                   (JmpCacheEntry){ (uintptr_t)tb | global,
                                    jmp_cache_key(t, pc) });
    return tb;
}

/* The TB for the state: the jump cache, then the global table. */
static inline TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc,
                                          uint64_t cs_base, uint32_t flags,
                                          uint32_t cflags)
{
    AccelCPUState *t = tcg_cpu(cpu);
    JmpCacheEntry *set = tb_jmp_cache_set(t, pc);
    TranslationBlock *tb = jmp_cache_lookup(t, set, pc, cs_base, flags,
                                            cflags);

    return tb ? tb : tb_lookup_slow(cpu, set, pc, cs_base, flags, cflags);
}

/*
 * goto_ptr target: the next TB if it is translated, else the exit to the
 * loop (which translates it).  Looking past the jump cache here spares a
 * trip through the loop on each of its misses.
 */
void *helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = env_cpu(env);
    uint32_t cflags = curr_cflags(cpu);
    uint64_t pc, cs_base;
    uint32_t flags;
    TranslationBlock *tb;

    if ((cflags & CF_NO_GOTO_PTR) || tcg_cpu(cpu)->cflags_next_tb != -1) {
        return (void *)tcg_ctx->exit_ptr;
    }
    cpu_tcg_ops(cpu)->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    return tb ? (void *)tb->tc.code : (void *)tcg_ctx->exit_ptr;
}

/* ---- Running a TB ---- */

static void log_tb_entry(CPUState *cpu, const TranslationBlock *tb)
{
    if (kemu_log_enabled(LOG_EXEC)) {
        kemu_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                 cpu->cpu_index, tb->tc.code, tb->cs_base, tb->pc, tb->flags,
                 tb->cflags);
    }
    if (kemu_log_enabled(LOG_CPU) && CPU_GET_CLASS(cpu)->dump_state) {
        g_autoptr(GString) out = g_string_new(NULL);

        CPU_GET_CLASS(cpu)->dump_state(cpu, out);
        kemu_log("%s", out->str);
    }
}

static void cpu_loop_exec_tb(CPUState *cpu, TranslationBlock *tb,
                             TranslationBlock **last_tb, int *tb_exit)
{
    uintptr_t ret;

    log_tb_entry(cpu, tb);
    tcg_stat_inc(tb_execs);
    ret = tcg_tb_exec(tcg_ctx, cpu->env_ptr, tb->tc.code);
    *tb_exit = ret & TB_EXIT_MASK;
    *last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    if (*last_tb && *tb_exit == TB_EXIT_REQUESTED) {
        /* Stopped before the first insn of *last_tb: pc is its start. */
        cpu_tcg_ops(cpu)->synchronize_from_tb(cpu, *last_tb);
        *last_tb = NULL;
        return;
    }
    if (tb->cflags & CF_SINGLE_STEP) {
        cpu->exception_index = EXCP_DEBUG;
        cpu_loop_exit(cpu);
    }
}

/* ---- Between TBs ---- */

static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    int excp = cpu->exception_index;

    if (excp < 0) {
        return false;
    }
    cpu->exception_index = -1;
    if (excp >= EXCP_INTERRUPT) {
        if (excp == EXCP_DEBUG && cpu_tcg_ops(cpu)->debug_excp_handler) {
            cpu_tcg_ops(cpu)->debug_excp_handler(cpu);
        }
        *ret = excp;
        return true;
    }
    kemu_log_mask(LOG_INT, "CPU %d: exception 0x%x at pc 0x%" PRIx64 "\n",
                  cpu->cpu_index, excp, CPU_GET_CLASS(cpu)->get_pc(cpu));
    cpu->exception_index = excp;
    cpu_tcg_ops(cpu)->do_interrupt(cpu);
    cpu->exception_index = -1;
    if (cpu->singlestep) {
        *ret = EXCP_DEBUG;      /* stop at the first insn of the handler */
        return true;
    }
    return false;
}

static bool cpu_handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    uint32_t irq = g_atomic_int_get(&cpu->interrupt_request);

    if (irq) {
        if (irq & CPU_INTERRUPT_HALT) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
            cpu->halted = true;
            cpu->exception_index = EXCP_HLT;
            return true;
        }
        if (cpu_tcg_ops(cpu)->cpu_exec_interrupt(cpu, irq)) {
            kemu_log_mask(LOG_INT, "CPU %d: interrupt taken, pc 0x%" PRIx64
                          "\n", cpu->cpu_index,
                          CPU_GET_CLASS(cpu)->get_pc(cpu));
            *last_tb = NULL;
        }
        if (g_atomic_int_get(&cpu->interrupt_request) & CPU_INTERRUPT_EXITTB) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            *last_tb = NULL;
        }
    }
    if (g_atomic_int_get(&cpu->neg->exit_request) ||
        g_atomic_int_get(&cpu->exit_request)) {
        g_atomic_int_set(&cpu->neg->exit_request, 0);
        g_atomic_int_set(&cpu->exit_request, 0);
        if (cpu->exception_index == -1) {
            cpu->exception_index = EXCP_INTERRUPT;
        }
        return true;
    }
    return false;
}

/* A breakpoint at pc stops before it, except once when resuming there. */
static bool check_for_breakpoint(CPUState *cpu, uint64_t pc)
{
    AccelCPUState *t = tcg_cpu(cpu);

    if (!cpu->breakpoints || !cpu->breakpoints->len ||
        !cpu_breakpoint_test(cpu, pc)) {
        t->bp_skip = false;
        return false;
    }
    if (t->bp_skip && t->bp_skip_pc == pc) {
        t->bp_skip = false;
        return false;
    }
    t->bp_skip = true;
    t->bp_skip_pc = pc;
    cpu->exception_index = EXCP_DEBUG;
    return true;
}

static void cpu_exec_tbs(CPUState *cpu)
{
    const TCGCPUOps *ops = cpu_tcg_ops(cpu);
    TranslationBlock *last_tb = NULL;
    int tb_exit = 0;

    while (!cpu_handle_interrupt(cpu, &last_tb)) {
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        TranslationBlock *tb;

        if (g_atomic_int_get(&tcg_cpu(cpu)->pending_flush)) {
            tlb_process_pending(cpu);
            last_tb = NULL;
        }
        ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
        cflags = next_tb_cflags(cpu);
        if (check_for_breakpoint(cpu, pc)) {
            return;
        }
        tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
        if (!tb) {
            tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
        }
        if (last_tb && !((last_tb->cflags | tb->cflags) & CF_NO_GOTO_TB)) {
            tb_add_jump(last_tb, tb_exit, tb);
        }
        cpu_loop_exec_tb(cpu, tb, &last_tb, &tb_exit);
    }
}

static int cpu_exec_loop(CPUState *cpu)
{
    int ret;

    while (!cpu_handle_exception(cpu, &ret)) {
        cpu_exec_tbs(cpu);
    }
    return ret;
}

int cpu_exec(CPUState *cpu)
{
    if (sigsetjmp(cpu->jmp_env, 0) != 0) {
        /* Back from cpu_loop_exit: nothing of the left TB is running. */
        tci_retaddr = 0;
        if (kemu_mutex_iothread_locked()) {
            kemu_mutex_unlock_iothread();
        }
    }
    return cpu_exec_loop(cpu);
}
