/*
 * TCG vCPU threads on the toy guest: several vCPUs in parallel
 * (thread=multi) and round-robin on one thread (thread=single), pause
 * and resume, cross-CPU TLB flushes, and a flush with every vCPU running.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "accel/tcg/tcg-accel.h"
#include "exec/exec-all.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "util/keyval.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "toy-cpu.h"

#define I TOY_INSN
#define RAM_SIZE (1 << 20)
#define CODE 0x1000
#define NCPUS 4

/* Each vCPU counts in r1 and in memory at 0x3000 + 8 * r15 (its index). */
static const uint32_t counter[] = {
    I(TOY_ADDI, 1, 1, 1),
    I(TOY_ST + 3, 1, 14, 0),
    I(TOY_J, 0, 0, -3),
};

static CPUState *cpus[NCPUS];

static void start_counters(const char *opts)
{
    toy_setup(opts, RAM_SIZE);
    toy_load(CODE, counter, G_N_ELEMENTS(counter));
    for (int i = 0; i < NCPUS; i++) {
        cpus[i] = toy_cpu_new(CODE, CODE);
        toy_env(cpus[i])->r[14] = 0x3000 + 8 * i;
    }
    vm_start();
}

static uint64_t count(int i)
{
    return toy_read64(0x3000 + 8 * i);
}

static void wait_all_counting(uint64_t above)
{
    for (int i = 0; i < NCPUS; i++) {
        for (int t = 0; t < 5000 && count(i) <= above; t++) {
            toy_sleep(1);
        }
        g_assert_cmpuint(count(i), >, above);
    }
}

static void check_pause_resume(void)
{
    uint64_t frozen[NCPUS];

    wait_all_counting(1000);
    for (int round = 0; round < 3; round++) {
        vm_stop(RUN_STATE_PAUSED);
        g_assert_true(all_vcpus_paused());
        for (int i = 0; i < NCPUS; i++) {
            frozen[i] = count(i);
            /* Registers and memory agree once the vCPU is out. */
            g_assert_cmpuint(toy_env(cpus[i])->r[1], ==, frozen[i]);
        }
        toy_sleep(20);
        for (int i = 0; i < NCPUS; i++) {
            g_assert_cmpuint(count(i), ==, frozen[i]);
        }
        vm_start();
        for (int i = 0; i < NCPUS; i++) {
            for (int t = 0; t < 5000 && count(i) == frozen[i]; t++) {
                toy_sleep(1);
            }
            g_assert_cmpuint(count(i), >, frozen[i]);
        }
    }
}

static void record_current(CPUState *cpu, void *opaque)
{
    *(CPUState **)opaque = current_cpu;
}

/* Work run for each vCPU sees that vCPU as current_cpu. */
static void check_current_cpu(void)
{
    for (int i = 0; i < NCPUS; i++) {
        CPUState *seen = NULL;

        run_on_cpu(cpus[i], record_current, &seen);
        g_assert_true(seen == cpus[i]);
    }
    g_assert_null(current_cpu);
}

static void test_mttcg_pause_resume(void)
{
    start_counters("thread=multi");
    g_assert_true(tcg_accel_mttcg());
    for (int i = 0; i < NCPUS; i++) {
        g_assert_true(cpus[i]->thread != cpus[(i + 1) % NCPUS]->thread);
    }
    check_current_cpu();
    check_pause_resume();
}

static void test_single_round_robin(void)
{
    start_counters("thread=single");
    g_assert_false(tcg_accel_mttcg());
    /* Every vCPU gets turns although each one loops forever. */
    check_current_cpu();
    check_pause_resume();
}

/* Flushes from outside while every vCPU runs keep them all correct. */
static void test_flush_while_running(void)
{
    uint64_t before;

    start_counters("thread=multi");
    wait_all_counting(100);
    for (int i = 0; i < 5; i++) {
        tb_flush(cpus[0]);
        tlb_flush_all_cpus_synced(cpus[0]);
        before = count(i % NCPUS);
        wait_all_counting(0);
        for (int t = 0; t < 5000 && count(i % NCPUS) == before; t++) {
            toy_sleep(1);
        }
        g_assert_cmpuint(count(i % NCPUS), >, before);
    }
    g_assert_cmpuint(({ TCGAccelStats s; tcg_accel_get_stats(&s);
                        s.flushes; }), ==, 5);
}

static void test_bad_options(void)
{
    Error *err = NULL;
    static const char *const bad[] = {
        "thread=both", "tb-size=1K", "backend=sparc", "one-insn-per-tb=x",
        "frobnicate=1",
    };

    main_loop_init();
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(Keyval) kv = keyval_parse(bad[i], NULL, &error_fatal);

        g_assert_false(accel_init_machine(accel_find("tcg"), NULL, kv, &err));
        g_assert_nonnull(err);
        g_assert_nonnull(strstr(error_get_pretty(err), "-accel"));
        error_free(err);
        err = NULL;
    }
    g_assert_false(accel_find("tcg")->available("nosucharch", &err));
    error_free(err);
    g_assert_true(accel_find("tcg")->available("toy", &error_fatal));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg-threads/mttcg-pause-resume",
                    test_mttcg_pause_resume);
    g_test_add_func("/tcg-threads/single-round-robin",
                    test_single_round_robin);
    g_test_add_func("/tcg-threads/flush-while-running",
                    test_flush_while_running);
    g_test_add_func("/tcg-threads/bad-options", test_bad_options);
    return g_test_run();
}
