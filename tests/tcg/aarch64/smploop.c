/* test-args: -smp 2 */
/*
 * Two CPUs in loops that the translator keeps within one TB (back edges
 * to an instruction after the TB's first): both add to a shared counter
 * with an exclusive-pair retry loop, then play ping-pong through a shared
 * word, each spinning in such a loop until the other has moved.  Under
 * round-robin scheduling a spinning CPU must leave its loop at the back
 * edge's exit-request check for the other one to run.
 */
#include "runtime.h"
#include "psci.h"

#define ADDS 20000
#define ROUNDS 200

static volatile uint64_t counter, turn;
static volatile int cpu1_done;
uint64_t cpu1_stack[512] __attribute__((aligned(16)));

void cpu1_main(void);
/* Adds n to *p with ldxr/stxr, one at a time. */
void atomic_adds(volatile uint64_t *p, uint64_t n);
/* Waits until *p == v (a load in the loop). */
void wait_for(volatile uint64_t *p, uint64_t v);

__asm__(".text\n.balign 4\n.global cpu1_entry\ncpu1_entry:\n"
        "\tldr x1, =cpu1_stack + 4096\n\tmov sp, x1\n"
        "\tbl cpu1_main\n1:\tb 1b\n"

        ".balign 64\n"
        "atomic_adds:\n\tb 2f\n"
        "2:\tmov x9, #0\n"
        "1:\tldxr x10, [x0]\n\tadd x10, x10, #1\n"
        "\tstxr w11, x10, [x0]\n\tcbnz w11, 1b\n"
        "\tadd x9, x9, #1\n\tcmp x9, x1\n\tb.ne 1b\n\tret\n"

        ".balign 64\n"
        "wait_for:\n\tb 2f\n"
        "2:\tmov x9, #0\n"
        "1:\tadd x9, x9, #1\n\tldr x10, [x0]\n\tcmp x10, x1\n\tb.ne 1b\n"
        "\tret\n");
extern char cpu1_entry[];

void cpu1_main(void)
{
    atomic_adds(&counter, ADDS);
    for (uint64_t i = 0; i < ROUNDS; i++) {
        wait_for(&turn, 2 * i + 1);
        turn = 2 * i + 2;
    }
    __asm__ volatile("dmb sy" : : : "memory");
    cpu1_done = 1;
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

int main(void)
{
    print_val("cpu_on", psci_call(PSCI_CPU_ON, 1, (uint64_t)cpu1_entry, 0));
    atomic_adds(&counter, ADDS);
    for (uint64_t i = 0; i < ROUNDS; i++) {
        turn = 2 * i + 1;
        wait_for(&turn, 2 * i + 2);
    }
    while (!cpu1_done) {
        /* CPU 1 turns itself off */
    }
    print_val("counter", counter);
    print_val("turn", turn);
    puts_uart("END\n");
    return 0;
}
