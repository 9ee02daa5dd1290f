/*
 * The "tcg" accelerator: options, vCPU threads (one per vCPU with
 * thread=multi, one round-robin thread for all with thread=single),
 * kicking, exclusive sections and the gdbstub hook.
 *
 * A vCPU thread holds the big lock except while it runs guest code
 * (cpu_exec).  Exclusive sections (TB flush, synced TLB flush) wait,
 * under the big lock, until no vCPU is inside cpu_exec.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "gdbstub/gdbstub.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "util/keyval.h"
#include "internal.h"

#define DEFAULT_TB_SIZE (256ull << 20)
/* tcg_gen_code keeps 64K of a buffer free for the TB being emitted. */
#define MIN_TB_SIZE (128ull << 10)
/* Round-robin time slice before the next vCPU gets its turn. */
#define RR_SLICE_US 10000

TCGAccelConfig tcg_cfg;

/* Exclusive sections, all under the big lock. */
static GCond exclusive_cond;        /* a vCPU left cpu_exec */
static GCond exclusive_resume;      /* the section ended */
static bool exclusive_active;
static __thread CPUState *current_exec_cpu;

/* thread=single */
static GPtrArray *rr_cpus;
static GCond rr_cond;
static CPUState *rr_current;        /* atomic: the vCPU running now */

CPUState *tcg_current_cpu(void)
{
    return current_exec_cpu;
}

bool tcg_accel_mttcg(void)
{
    return tcg_cfg.mttcg;
}

static bool any_other_running(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (tcg_cpu(cpu) && tcg_cpu(cpu)->running) {
            return true;
        }
    }
    return false;
}

void start_exclusive(void)
{
    CPUState *cpu;

    assert(kemu_mutex_iothread_locked() && !current_exec_cpu);
    while (exclusive_active) {
        kemu_cond_wait_iothread(&exclusive_resume);
    }
    exclusive_active = true;
    CPU_FOREACH(cpu) {
        if (tcg_cpu(cpu) && tcg_cpu(cpu)->running) {
            g_atomic_int_set(&cpu->neg->exit_request, 1);
        }
    }
    while (any_other_running()) {
        kemu_cond_wait_iothread(&exclusive_cond);
    }
}

void end_exclusive(void)
{
    exclusive_active = false;
    g_cond_broadcast(&exclusive_resume);
}

/* Enter and leave guest code; called with the big lock, which is dropped. */
static int tcg_cpu_exec(CPUState *cpu)
{
    AccelCPUState *t = tcg_cpu(cpu);
    int ret;

    while (exclusive_active) {
        kemu_cond_wait_iothread(&exclusive_resume);
    }
    t->running = true;
    current_exec_cpu = cpu;
    kemu_mutex_unlock_iothread();
    ret = cpu_exec(cpu);
    kemu_mutex_lock_iothread();
    current_exec_cpu = NULL;
    t->running = false;
    if (exclusive_active) {
        g_cond_broadcast(&exclusive_cond);
    }
    if (t->sync_barrier) {
        t->sync_barrier = false;
        start_exclusive();
        end_exclusive();
    }
    tb_flush_if_requested();
    return ret;
}

/* Run cpu if it can; big lock held. */
static void tcg_cpu_run(CPUState *cpu)
{
    int ret;

    if (cpu->halted) {
        if (!CPU_GET_CLASS(cpu)->has_work(cpu)) {
            return;
        }
        cpu->halted = false;
    }
    ret = tcg_cpu_exec(cpu);
    if (ret == EXCP_DEBUG) {
        gdb_cpu_debug_stop(cpu);
        cpu_request_stop(cpu);
    }
}

static gpointer mttcg_thread(gpointer opaque)
{
    CPUState *cpu = opaque;

    tcg_exec_thread_init();
    kemu_mutex_lock_iothread();
    cpu_thread_signal_created(cpu);
    while (!cpu->unplug) {
        if (cpu_can_run(cpu)) {
            tcg_cpu_run(cpu);
        }
        cpu_thread_wait_io_event(cpu);
    }
    kemu_mutex_unlock_iothread();
    return NULL;
}

/* ---- thread=single ---- */

static void rr_start_new_cpus(void)
{
    for (guint i = 0; i < rr_cpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(rr_cpus, i);

        if (!cpu->created) {
            cpu_thread_signal_created(cpu);
        }
    }
}

static bool rr_all_idle(void)
{
    for (guint i = 0; i < rr_cpus->len; i++) {
        CPUState *cpu = g_ptr_array_index(rr_cpus, i);

        if (!cpu->created || !cpu_thread_is_idle(cpu)) {
            return false;
        }
    }
    return true;
}

static gpointer rr_thread(gpointer unused)
{
    tcg_exec_thread_init();
    kemu_mutex_lock_iothread();
    for (;;) {
        rr_start_new_cpus();
        for (guint i = 0; i < rr_cpus->len; i++) {
            CPUState *cpu = g_ptr_array_index(rr_cpus, i);

            current_cpu = cpu;
            if (cpu_can_run(cpu)) {
                g_atomic_pointer_set(&rr_current, cpu);
                tcg_cpu_run(cpu);
                g_atomic_pointer_set(&rr_current, NULL);
            }
            cpu_thread_handle_events(cpu);
        }
        while (rr_all_idle()) {
            kemu_cond_wait_iothread(&rr_cond);
        }
    }
    return NULL;
}

/* Ends the running vCPU's slice so the others get their turn. */
static gpointer rr_kick_thread(gpointer unused)
{
    for (;;) {
        CPUState *cpu;

        g_usleep(RR_SLICE_US);
        cpu = g_atomic_pointer_get(&rr_current);
        if (cpu) {
            g_atomic_int_set(&cpu->neg->exit_request, 1);
        }
    }
    return NULL;
}

/* ---- AccelOps ---- */

static bool tcg_available(const char *arch, Error **errp)
{
    g_autoptr(GSList) list = object_class_get_list(TYPE_CPU, false);

    for (GSList *l = list; l; l = l->next) {
        CPUClass *cc = CPU_CLASS(l->data);

        if (cc->arch && !strcmp(cc->arch, arch) && cc->tcg_ops) {
            return true;
        }
    }
    error_setg(errp, "no TCG frontend for %s guests in this build", arch);
    return false;
}

/* The native backend where there is one (x86-64 hosts), else TCI. */
static bool parse_backend(const char *name, Error **errp)
{
#ifdef __x86_64__
    const TCGBackend *native = &tcg_backend_x86_64;
#else
    const TCGBackend *native = NULL;
#endif

    if (!name) {
        tcg_cfg.backend = native ? native : &tcg_backend_tci;
        return true;
    }
    if (!strcmp(name, "tci")) {
        tcg_cfg.backend = &tcg_backend_tci;
        return true;
    }
    if (!strcmp(name, "native")) {
        if (!native) {
            error_setg(errp, "-accel tcg: backend=native: no native backend "
                       "for this host (use backend=tci)");
            return false;
        }
        tcg_cfg.backend = native;
        return true;
    }
    error_setg(errp, "-accel tcg: backend: unknown backend '%s' "
               "(tci, native)", name);
    return false;
}

static bool parse_options(Keyval *opts, Error **errp)
{
    const char *thread;

    tcg_cfg.tb_size = DEFAULT_TB_SIZE;
    if (!opts) {
        return parse_backend(NULL, errp);
    }
    keyval_set_option_name(opts, "-accel");
    keyval_mark_used(opts, "accel");
    thread = keyval_get(opts, "thread");
    if (thread) {
        if (strcmp(thread, "single") && strcmp(thread, "multi")) {
            error_setg(errp, "-accel tcg: thread: expected 'single' or "
                       "'multi', got '%s'", thread);
            return false;
        }
        tcg_cfg.mttcg = !strcmp(thread, "multi");
        tcg_cfg.mttcg_set = true;
    }
    if (keyval_has(opts, "tb-size")) {
        const char *v = keyval_get(opts, "tb-size");

        /* MiB like QEMU; a suffix (64K) gives smaller buffers. */
        if (!parse_size(v, 1 << 20, &tcg_cfg.tb_size) ||
            tcg_cfg.tb_size < MIN_TB_SIZE || tcg_cfg.tb_size > (4ull << 30)) {
            error_setg(errp, "-accel tcg: tb-size: expected a size between "
                       "128K and 4G (a bare number is MiB), got '%s'", v);
            return false;
        }
    }
    if (!keyval_get_bool(opts, "one-insn-per-tb", &tcg_cfg.one_insn_per_tb,
                         errp) ||
        !parse_backend(keyval_get(opts, "backend"), errp)) {
        return false;
    }
    return keyval_check_unused(opts, errp);
}

static bool tcg_init_machine(MachineState *ms, Keyval *opts, Error **errp)
{
    tcg_cfg = (TCGAccelConfig) { .mttcg = true };
    if (!parse_options(opts, errp)) {
        return false;
    }
    tcg_translate_init();
    tcg_stats_init();
    tlb_memory_listener_init(&address_space_memory);
    rr_cpus = g_ptr_array_new();
    return true;
}

/* The target's TCG globals, created once per set of TCGCPUOps. */
static void tcg_target_init(const TCGCPUOps *ops)
{
    static GHashTable *done;

    if (!done) {
        done = g_hash_table_new(NULL, NULL);
    }
    if (!g_hash_table_contains(done, ops)) {
        g_hash_table_add(done, (gpointer)ops);
        tcg_set_context(tcg_parent_context());
        ops->initialize();
    }
}

static bool tcg_choose_threading(const TCGCPUOps *ops, Error **errp)
{
    if (!ops->mttcg_supported) {
        if (tcg_cfg.mttcg && tcg_cfg.mttcg_set) {
            error_setg(errp, "-accel tcg,thread=multi: this guest "
                       "architecture does not support it (use thread=single)");
            return false;
        }
        tcg_cfg.mttcg = false;
    }
    return true;
}

static bool tcg_create_vcpu_thread(CPUState *cpu, Error **errp)
{
    const TCGCPUOps *ops = CPU_GET_CLASS(cpu)->tcg_ops;
    AccelCPUState *t;
    static GThread *rr_thread_handle;

    if (!ops || !tcg_choose_threading(ops, errp)) {
        if (!ops) {
            error_setg(errp, "-accel tcg: CPU type has no TCG support");
        }
        return false;
    }
    tcg_target_init(ops);
    /* Aligned for its jump cache's sets (one cache line each). */
    t = g_aligned_alloc0(1, sizeof(AccelCPUState), TCG_CACHE_LINE);
    t->cpu = cpu;
    t->cflags_next_tb = -1;
    cpu->accel = t;
    cpu->exception_index = -1;
    tlb_init(cpu);
    if (tcg_cfg.mttcg) {
        g_autofree char *name = g_strdup_printf("CPU %d/TCG", cpu->cpu_index);

        cpu->thread = g_thread_new(name, mttcg_thread, cpu);
        return true;
    }
    g_ptr_array_add(rr_cpus, cpu);
    if (!rr_thread_handle) {
        /* Never joined: it lives as long as the process. */
        rr_thread_handle = g_thread_new("ALL CPUs/TCG", rr_thread, NULL);
        g_thread_unref(g_thread_new("TCG kick", rr_kick_thread, NULL));
    }
    cpu->thread = rr_thread_handle;
    g_cond_broadcast(&rr_cond);
    return true;
}

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    CPUState *running;

    g_atomic_int_set(&cpu->neg->exit_request, 1);
    if (!tcg_cfg.mttcg) {
        /* The one thread may be running another vCPU, or sleeping. */
        running = g_atomic_pointer_get(&rr_current);
        if (running) {
            g_atomic_int_set(&running->neg->exit_request, 1);
        }
        g_cond_broadcast(&rr_cond);
    }
}

static void tcg_update_guest_debug(CPUState *cpu)
{
    /* Chained TBs would skip the loop's breakpoint checks: start over. */
    tb_flush(cpu);
}

static const AccelOps tcg_accel_ops = {
    .name = "tcg",
    .available = tcg_available,
    .init_machine = tcg_init_machine,
    .create_vcpu_thread = tcg_create_vcpu_thread,
    .kick_vcpu_thread = tcg_kick_vcpu_thread,
    .update_guest_debug = tcg_update_guest_debug,
    .format_jit_stats = tcg_accel_format_stats,
};

accel_init(tcg_accel_ops)
