/*
 * Translation: the per-thread TCG contexts and their code buffers, making
 * a TB from guest code, restoring guest state from a host pc, and
 * flushing every TB.
 *
 * Each translating thread has its own context (tcg_context_clone of the
 * parent, which holds the target's globals) with its own code buffer of
 * tb-size bytes, so translation needs no lock; TBs of every buffer chain
 * to each other, so a flush drops them all, with the world stopped.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "internal.h"

TCGAccelStats tcg_stats;

static TCGContext *parent_ctx;
static GMutex ctx_lock;
static GPtrArray *contexts;         /* every thread's context */
static gint flush_requested;

/* Room for the backend's prologue; the parent never translates. */
#define PARENT_CODE_SIZE (64 * 1024)

void tcg_translate_init(void)
{
    parent_ctx = tcg_context_new(tcg_cfg.backend, PARENT_CODE_SIZE);
    parent_ctx->guest_load = tcg_guest_load;
    parent_ctx->guest_store = tcg_guest_store;
    /* Native backends inline the TLB lookup (include/exec/cpu-defs.h). */
    parent_ctx->tlb_fast_path = tcg_cfg.backend != &tcg_backend_tci;
    contexts = g_ptr_array_new();
    tb_maint_init();
}

TCGContext *tcg_parent_context(void)
{
    return parent_ctx;
}

void tcg_exec_thread_init(void)
{
    TCGContext *s = tcg_context_clone(parent_ctx, tcg_cfg.tb_size);

    tcg_set_context(s);
    g_mutex_lock(&ctx_lock);
    g_ptr_array_add(contexts, s);
    g_mutex_unlock(&ctx_lock);
}

static KEMU_NORETURN void fetch_from_io(CPUState *cpu, uint64_t pc)
{
    kemu_log_mask(LOG_GUEST_ERROR, "CPU %d: execution from non-RAM address "
                  "0x%" PRIx64 ": stopping the VM\n", cpu->cpu_index, pc);
    kemu_mutex_lock_iothread();
    vm_stop_request(RUN_STATE_INTERNAL_ERROR);
    cpu_request_stop(cpu);
    kemu_mutex_unlock_iothread();
    cpu->exception_index = EXCP_INTERRUPT;
    cpu_loop_exit(cpu);
}

static KEMU_NORETURN void buffer_full(CPUState *cpu)
{
    g_atomic_int_set(&flush_requested, 1);
    cpu->exception_index = EXCP_TB_FLUSH;
    cpu_loop_exit(cpu);
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    TCGContext *s = tcg_ctx;
    int max_insns = cflags & CF_COUNT_MASK ? cflags & CF_COUNT_MASK
                                           : CF_COUNT_MASK;
    TranslationBlock *tb, *done;
    RAMBlock *rb;
    hwaddr off;
    void *host;
    uint64_t phys = get_page_addr_code(cpu, pc, &host, &rb, &off);
    int64_t start = kemu_clock_get_ns(KEMU_CLOCK_REALTIME);

    if (phys == (uint64_t)-1) {
        fetch_from_io(cpu, pc);
    }
    do {
        int ret;

        tb = tb_alloc();
        tb->pc = pc;
        tb->cs_base = cs_base;
        tb->flags = flags;
        tb->cflags = cflags;
        tb->phys_pc = phys;
        tb->page_addr[0] = phys & TARGET_PAGE_MASK;
        tb->page_addr[1] = -1;
        tb_protect_page(tb, 0, rb, off);

        tcg_func_start(s);
        cpu_tcg_ops(cpu)->translate_code(cpu, tb, &max_insns, pc, host);
        ret = tcg_gen_code(s, &tb->tc);
        if (ret == -1) {
            tb_free(tb);
            buffer_full(cpu);
        }
        if (ret == -2) {
            tb_free(tb);
            g_assert(max_insns > 1);
            max_insns /= 2;
            done = NULL;
            continue;
        }
        tcg_stat_inc(translations);
        tcg_stat_add(guest_insns, tb->icount);
        done = tb_insert(tb);
    } while (!done);
    tcg_stat_add(translate_ns, kemu_clock_get_ns(KEMU_CLOCK_REALTIME) - start);
    return done;
}

bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);
    uint64_t data[TCG_INSN_START_WORDS];

    if (!tb || tcg_find_insn_data(&tb->tc, host_pc, data) < 0) {
        return false;
    }
    cpu_tcg_ops(cpu)->restore_state_to_opc(cpu, tb, data);
    return true;
}

/* ---- Flushing ---- */

void tb_flush_locked_world(void)
{
    tb_maint_flush();
    g_mutex_lock(&ctx_lock);
    for (guint i = 0; i < contexts->len; i++) {
        tcg_code_flush(g_ptr_array_index(contexts, i));
    }
    g_mutex_unlock(&ctx_lock);
    tcg_stat_inc(flushes);
}

void tb_flush_if_requested(void)
{
    if (g_atomic_int_compare_and_exchange(&flush_requested, 1, 0)) {
        start_exclusive();
        tb_flush_locked_world();
        end_exclusive();
    }
}

void tb_flush(CPUState *cpu)
{
    CPUState *self = tcg_current_cpu();
    bool locked;

    if (self) {
        /* Inside translated code: flush once this vCPU is out of it. */
        g_atomic_int_set(&flush_requested, 1);
        g_atomic_int_set(&self->neg->exit_request, 1);
        return;
    }
    locked = kemu_mutex_iothread_locked();
    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    g_atomic_int_set(&flush_requested, 1);
    tb_flush_if_requested();
    if (!locked) {
        kemu_mutex_unlock_iothread();
    }
}

void tcg_accel_get_stats(TCGAccelStats *out)
{
    uint64_t *dst = (uint64_t *)out;
    const uint64_t *src = (const uint64_t *)&tcg_stats;

    for (size_t i = 0; i < sizeof(*out) / sizeof(uint64_t); i++) {
        dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
    }
    out->code_bytes = 0;
    g_mutex_lock(&ctx_lock);
    for (guint i = 0; contexts && i < contexts->len; i++) {
        TCGContext *s = g_ptr_array_index(contexts, i);

        out->code_bytes += s->code_gen_ptr - s->code_gen_base;
    }
    g_mutex_unlock(&ctx_lock);
}
