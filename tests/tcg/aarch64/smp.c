/* test-args: -smp 2 */
/*
 * Two CPUs: CPU 1 starts powered off; PSCI CPU_ON starts it at
 * secondary_entry with a context id in x0, it prints a line and turns
 * itself off with CPU_OFF; AFFINITY_INFO follows its state.
 */
#include "runtime.h"
#include "psci.h"

static volatile uint64_t secondary_x0;
static volatile int secondary_done, release;
uint64_t secondary_stack[512] __attribute__((aligned(16)));

void secondary_main(uint64_t context);

__asm__(".text\n.balign 4\n.global secondary_entry\nsecondary_entry:\n"
        "\tldr x1, =secondary_stack + 4096\n\tmov sp, x1\n"
        "\tbl secondary_main\n1:\tb 1b\n");
extern char secondary_entry[];

/* CPU 1: report, then wait for the primary to let it turn itself off. */
void secondary_main(uint64_t context)
{
    uint64_t mpidr;

    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
    puts_uart("hello from cpu 1\n");
    print_val("cpu1 mpidr", mpidr);
    secondary_x0 = context;
    __asm__ volatile("dmb sy" : : : "memory");
    secondary_done++;
    while (!release) {
        /* the primary checks that CPU 1 is on */
    }
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    puts_uart("cpu 1 still on after CPU_OFF\n");
}

static uint64_t affinity(uint64_t mpidr)
{
    return psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
}

/* Start CPU 1 with context; results printed once it is done. */
static void run_cpu1(int round, uint64_t context)
{
    uint64_t ret;

    release = 0;
    ret = psci_call(PSCI_CPU_ON, 1, (uint64_t)secondary_entry, context);
    while (secondary_done != round) {
        /* CPU 1 runs */
    }
    print_val("cpu_on", ret);
    print_val("context id seen by cpu1", secondary_x0);
    print_val("cpu1 while on", affinity(1));
    print_val("cpu_on while on", psci_call(PSCI_CPU_ON, 1,
                                           (uint64_t)secondary_entry, 0));
    release = 1;
    while (affinity(1) != 1) {
        /* until CPU 1 is off */
    }
    print_val("cpu1 after off", affinity(1));
}

int main(void)
{
    print_val("cpu1 before", affinity(1));
    run_cpu1(1, 0x1234abcd);
    run_cpu1(2, 0x55);
    puts_uart("END\n");
    return 0;
}
