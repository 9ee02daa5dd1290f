/*
 * The TCG CPU loop on the toy guest: results, TB caching and chaining,
 * precise exceptions, interrupts, halt, exit requests, logging,
 * one-insn-per-tb, code buffer flushes, gdb breakpoints and stepping.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "accel/tcg/tcg-accel.h"
#include "exec/exec-all.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "toy-cpu.h"

#define I TOY_INSN
#define RAM_SIZE (1 << 20)
#define CODE 0x1000
#define VEC 0x800       /* vector: halt */

static const uint32_t vector[] = { I(TOY_HLT, 0, 0, 0) };

static CPUState *start(const char *opts, const uint32_t *code, size_t n)
{
    CPUState *cpu;

    toy_setup(opts, RAM_SIZE);
    toy_load(VEC, vector, 1);
    toy_load(CODE, code, n);
    cpu = toy_cpu_new(CODE, VEC);
    vm_start();
    return cpu;
}

static TCGAccelStats stats(void)
{
    TCGAccelStats s;

    tcg_accel_get_stats(&s);
    return s;
}

static void test_straight_line(void)
{
    static const uint32_t code[] = {
        I(TOY_LI, 1, 0, 40), I(TOY_LI, 2, 0, 2), I(TOY_ADD, 3, 1, 2),
        I(TOY_SUB, 4, 1, 2), I(TOY_LI, 5, 0, 0x0ff0), I(TOY_AND, 6, 3, 5),
        I(TOY_LI, 7, 0, -1), I(TOY_LUI, 8, 0, 0x1234), I(TOY_LUI, 8, 0, 0x5678),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = start(NULL, code, G_N_ELEMENTS(code));
    ToyEnv *env = toy_env(cpu);

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(env->r[3], ==, 42);
    g_assert_cmpuint(env->r[4], ==, 38);
    g_assert_cmpuint(env->r[6], ==, 42 & 0xff0);
    g_assert_cmpuint(env->r[7], ==, UINT64_MAX);
    g_assert_cmpuint(env->r[8], ==, 0x12345678);
    g_assert_cmpuint(env->pc, ==, CODE + 4 * G_N_ELEMENTS(code));
    g_assert_cmpuint(env->cause, ==, 0);
}

/* r1 = sum of 1..r2 (r2 = 1000), counting down. */
static const uint32_t sum_loop[] = {
    I(TOY_LI, 1, 0, 0), I(TOY_LI, 2, 0, 1000), I(TOY_LI, 3, 0, 0),
    I(TOY_ADD, 1, 1, 2), I(TOY_ADDI, 2, 2, -1), I(TOY_BNE, 2, 3, -3),
    I(TOY_HLT, 0, 0, 0),
};

static void test_loop_chained(void)
{
    CPUState *cpu = start(NULL, sum_loop, G_N_ELEMENTS(sum_loop));
    TCGAccelStats s;

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000 * 1001 / 2);
    s = stats();
    /* Entry block, loop body, exit block (+ the vector never runs). */
    g_assert_cmpuint(s.translations, <=, 4);
    g_assert_cmpuint(s.chains, >=, 1);
    /* The loop ran 1000 times but the CPU loop entered few TBs. */
    g_assert_cmpuint(s.tb_execs, <, 20);
}

static void test_cache_hit_after_exit(void)
{
    CPUState *cpu = start(NULL, sum_loop, G_N_ELEMENTS(sum_loop));
    uint64_t first;

    g_assert_true(toy_wait_halts(cpu, 1));
    first = stats().translations;
    toy_restart(cpu, CODE);
    g_assert_true(toy_wait_halts(cpu, 2));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000 * 1001 / 2);
    g_assert_cmpuint(stats().translations, ==, first);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg-exec-loop/straight-line", test_straight_line);
    g_test_add_func("/tcg-exec-loop/loop-chained", test_loop_chained);
    g_test_add_func("/tcg-exec-loop/cache-hit-after-exit",
                    test_cache_hit_after_exit);
    return g_test_run();
}
