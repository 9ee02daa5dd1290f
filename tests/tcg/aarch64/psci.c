/*
 * PSCI over HVC: version, FEATURES of implemented and unknown functions,
 * AFFINITY_INFO, an unknown function, and SYSTEM_OFF ending the program
 * (status 0, no semihosting exit).
 */
#include "runtime.h"
#include "psci.h"

int main(void)
{
    print_val("version", psci_call(PSCI_VERSION, 0, 0, 0));
    print_val("features cpu_on", psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0));
    print_val("features system_off",
              psci_call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0));
    print_val("features unknown", psci_call(PSCI_FEATURES, 0x8400001f, 0, 0));
    print_val("affinity cpu0", psci_call(PSCI_AFFINITY_INFO, 0, 0, 0));
    print_val("affinity absent cpu", psci_call(PSCI_AFFINITY_INFO, 5, 0, 0));
    print_val("cpu_on absent cpu", psci_call(PSCI_CPU_ON, 5, 0x40100000, 0));
    print_val("cpu_on self", psci_call(PSCI_CPU_ON, 0, 0x40100000, 0));
    print_val("unknown", psci_call(0x8400001f, 0, 0, 0));
    puts_uart("END\n");
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    puts_uart("still running after SYSTEM_OFF\n");
    semihost_exit(1);
}
