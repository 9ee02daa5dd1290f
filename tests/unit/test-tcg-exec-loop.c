/*
 * The TCG CPU loop on the toy guest: results, TB caching and chaining,
 * precise exceptions, interrupts, halt, exit requests, logging,
 * one-insn-per-tb, code buffer flushes, gdb breakpoints and stepping.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "system/accel.h"
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


#define PT_BASE 0x10000
#define FAULT_PAGE 0x30

/* Identity page table for the first 64 pages, except FAULT_PAGE. */
static void build_page_table(void)
{
    for (uint64_t vpn = 0; vpn < 0x40; vpn++) {
        uint64_t pte = vpn << 12 | TOY_PTE_V | TOY_PTE_R | TOY_PTE_W |
                       TOY_PTE_X;

        address_space_stq_le(&address_space_memory, PT_BASE + vpn * 8,
                             vpn == FAULT_PAGE ? 0 : pte, NULL);
    }
}

static void test_precise_exception(void)
{
    static const uint32_t code[] = {
        I(TOY_MMU, 0, 0, 1),
        I(TOY_LI, 1, 0, 1), I(TOY_LI, 5, 0, 3), I(TOY_LUI, 5, 0, 0),
        I(TOY_LI, 3, 0, 3),
        I(TOY_LD + 3, 4, 5, 8),             /* faults: CODE + 5 * 4 */
        I(TOY_LI, 6, 0, 6), I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu;
    ToyEnv *env;

    toy_setup(NULL, RAM_SIZE);
    build_page_table();
    toy_load(VEC, vector, 1);
    toy_load(CODE, code, G_N_ELEMENTS(code));
    cpu = toy_cpu_new(CODE, VEC);
    env = toy_env(cpu);
    env->pt_base = PT_BASE;
    vm_start();
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(env->cause, ==, TOY_EXCP_PAGE);
    g_assert_cmphex(env->fault_addr, ==, FAULT_PAGE << 12 | 8);
    g_assert_cmphex(env->epc, ==, CODE + 5 * 4);
    g_assert_cmpuint(env->r[1], ==, 1);
    g_assert_cmpuint(env->r[3], ==, 3);
    g_assert_cmpuint(env->r[6], ==, 0);
    g_assert_cmphex(env->pc, ==, VEC + 4);
}

static void test_raise(void)
{
    static const uint32_t code[] = {
        I(TOY_LI, 1, 0, 1), I(TOY_RAISE, 0, 0, 0x42), I(TOY_LI, 1, 0, 2),
    };
    CPUState *cpu = start(NULL, code, G_N_ELEMENTS(code));

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, 0x42);
    g_assert_cmphex(toy_env(cpu)->epc, ==, CODE + 4);
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1);
}

/* irq on; loop: r1++; j loop */
static const uint32_t spin[] = {
    I(TOY_IRQ, 0, 0, 1), I(TOY_ADDI, 1, 1, 1), I(TOY_J, 0, 0, -2),
};

static void wait_for_r1(CPUState *cpu, uint64_t n)
{
    for (int i = 0; i < 5000 && toy_env(cpu)->r[1] < n; i++) {
        toy_sleep(1);
    }
    g_assert_cmpuint(toy_env(cpu)->r[1], >=, n);
}

static void test_interrupt(void)
{
    CPUState *cpu = start(NULL, spin, G_N_ELEMENTS(spin));

    wait_for_r1(cpu, 10000);
    cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, TOY_CAUSE_IRQ);
    /* Taken between TBs: the loop TB starts at CODE + 4. */
    g_assert_cmphex(toy_env(cpu)->epc, ==, CODE + 4);
    g_assert_cmpuint(toy_env(cpu)->irq_on, ==, 0);
}

static void test_halt_wake(void)
{
    static const uint32_t code[] = {
        I(TOY_IRQ, 0, 0, 1), I(TOY_HLT, 0, 0, 0), I(TOY_LI, 2, 0, 5),
        I(TOY_HLT, 0, 0, 0),
    };
    CPUState *cpu = start(NULL, code, G_N_ELEMENTS(code));

    g_assert_true(toy_wait_halts(cpu, 1));
    toy_sleep(30);
    g_assert_true(cpu->halted);
    g_assert_cmpint(g_atomic_int_get(&toy_env(cpu)->halts), ==, 1);
    cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    g_assert_true(toy_wait_halts(cpu, 2));
    g_assert_cmpuint(toy_env(cpu)->cause, ==, TOY_CAUSE_IRQ);
    g_assert_cmphex(toy_env(cpu)->epc, ==, CODE + 8);
    g_assert_cmpuint(toy_env(cpu)->r[2], ==, 0);
}

static void test_exit_request_stops_loop(void)
{
    static const uint32_t code[] = { I(TOY_J, 0, 0, -1) };
    CPUState *cpu = start(NULL, code, G_N_ELEMENTS(code));
    uint64_t execs;

    for (int round = 0; round < 3; round++) {
        toy_sleep(20);
        vm_stop(RUN_STATE_PAUSED);      /* returns only if the CPU left */
        g_assert_true(cpu->stopped);
        execs = stats().tb_execs;
        toy_sleep(10);
        g_assert_cmpuint(stats().tb_execs, ==, execs);
        vm_start();
    }
    /* The self-loop was chained: few entries from the CPU loop. */
    g_assert_cmpuint(stats().chains, >=, 1);
}

static void test_log_in_asm_exec(void)
{
    static const uint32_t code[] = { I(TOY_LI, 1, 0, 7), I(TOY_HLT, 0, 0, 0) };
    g_autofree char *path = g_build_filename(g_get_tmp_dir(),
                                             "kemu-tcg-log-XXXXXX", NULL);
    g_autofree char *text = NULL;
    CPUState *cpu;
    int fd = g_mkstemp(path);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(kemu_log_set_file(path, &error_fatal));
    kemu_loglevel = LOG_IN_ASM | LOG_EXEC | LOG_INT;
    cpu = start(NULL, code, G_N_ELEMENTS(code));
    g_assert_true(toy_wait_halts(cpu, 1));
    kemu_loglevel = 0;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    unlink(path);
    g_assert_nonnull(strstr(text, "IN: [CPU 0]"));
    g_assert_nonnull(strstr(text, "0x0000000000001000:  01100007  toy.op01"));
    g_assert_nonnull(strstr(text, "Trace 0: "));
    g_assert_nonnull(strstr(text, "/0000000000001000/"));
}

static void test_one_insn_per_tb(void)
{
    CPUState *cpu = start("one-insn-per-tb=on", sum_loop,
                          G_N_ELEMENTS(sum_loop));

    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000 * 1001 / 2);
    g_assert_cmpuint(stats().translations, ==, G_N_ELEMENTS(sum_loop));
}

/*
 * 1000 blocks "r1++; j next", run 10 times: more code than a 128K buffer
 * holds (tcg keeps 64K of it free as headroom).
 */
static void test_tb_flush_when_full(void)
{
    enum { BLOCKS = 1000, ROUNDS = 10 };
    g_autofree uint32_t *code = g_new(uint32_t, 2 * BLOCKS + 4);
    size_t n = 0;
    CPUState *cpu;

    code[n++] = I(TOY_LI, 2, 0, ROUNDS);
    for (int b = 0; b < BLOCKS; b++) {
        code[n++] = I(TOY_ADDI, 1, 1, 1);
        code[n++] = I(TOY_J, 0, 0, 0);
    }
    code[n++] = I(TOY_ADDI, 2, 2, -1);
    code[n++] = I(TOY_BNE, 2, 0, -(2 * BLOCKS + 2));
    code[n++] = I(TOY_HLT, 0, 0, 0);
    cpu = start("tb-size=128K", code, n);
    g_assert_true(toy_wait_halts(cpu, 1));
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, BLOCKS * ROUNDS);
    g_assert_cmpuint(stats().flushes, >=, 2);
    g_assert_cmpuint(stats().code_bytes, <=, 128 * 1024);
}

static void wait_stopped(CPUState *cpu)
{
    for (int i = 0; i < 5000 && !cpu->stopped; i++) {
        toy_sleep(1);
    }
    g_assert_true(cpu->stopped);
}

static void test_gdb_breakpoint(void)
{
    CPUState *cpu;
    uint64_t bp = CODE + 4 * 4;         /* the loop's addi */

    toy_setup(NULL, RAM_SIZE);
    toy_load(VEC, vector, 1);
    toy_load(CODE, sum_loop, G_N_ELEMENTS(sum_loop));
    cpu = toy_cpu_new(CODE, VEC);
    cpu_breakpoint_insert(cpu, bp);
    current_accel()->update_guest_debug(cpu);
    vm_start();
    wait_stopped(cpu);
    g_assert_cmphex(toy_env(cpu)->pc, ==, bp);
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000);
    g_assert_cmpuint(toy_env(cpu)->r[2], ==, 1000);
    /* Resuming steps over it and stops there on the next iteration. */
    resume_all_vcpus();
    wait_stopped(cpu);
    g_assert_cmphex(toy_env(cpu)->pc, ==, bp);
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000 + 999);
    g_assert_cmpuint(toy_env(cpu)->r[2], ==, 999);
}

static void test_gdb_single_step(void)
{
    CPUState *cpu;

    toy_setup(NULL, RAM_SIZE);
    toy_load(VEC, vector, 1);
    toy_load(CODE, sum_loop, G_N_ELEMENTS(sum_loop));
    cpu = toy_cpu_new(CODE, VEC);
    cpu->singlestep = true;
    current_accel()->update_guest_debug(cpu);
    vm_start();
    for (int step = 1; step <= 5; step++) {
        wait_stopped(cpu);
        g_assert_cmphex(toy_env(cpu)->pc, ==, CODE + 4 * step);
        resume_all_vcpus();
    }
    wait_stopped(cpu);
    g_assert_cmpuint(toy_env(cpu)->r[1], ==, 1000);
    g_assert_cmpuint(toy_env(cpu)->r[2], ==, 999);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg-exec-loop/straight-line", test_straight_line);
    g_test_add_func("/tcg-exec-loop/loop-chained", test_loop_chained);
    g_test_add_func("/tcg-exec-loop/cache-hit-after-exit",
                    test_cache_hit_after_exit);
    g_test_add_func("/tcg-exec-loop/precise-exception",
                    test_precise_exception);
    g_test_add_func("/tcg-exec-loop/raise", test_raise);
    g_test_add_func("/tcg-exec-loop/interrupt", test_interrupt);
    g_test_add_func("/tcg-exec-loop/halt-wake", test_halt_wake);
    g_test_add_func("/tcg-exec-loop/exit-request-stops-loop",
                    test_exit_request_stops_loop);
    g_test_add_func("/tcg-exec-loop/log-in-asm-exec", test_log_in_asm_exec);
    g_test_add_func("/tcg-exec-loop/one-insn-per-tb", test_one_insn_per_tb);
    g_test_add_func("/tcg-exec-loop/tb-flush-when-full",
                    test_tb_flush_when_full);
    g_test_add_func("/tcg-exec-loop/gdb-breakpoint", test_gdb_breakpoint);
    g_test_add_func("/tcg-exec-loop/gdb-single-step", test_gdb_single_step);
    return g_test_run();
}
