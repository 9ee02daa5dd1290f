/*
 * PSCI 1.1 over the HVC conduit, done by the emulator as QEMU's virt does
 * (there is no EL2 or EL3 firmware): version, CPU_ON/CPU_OFF,
 * AFFINITY_INFO, SYSTEM_OFF/SYSTEM_RESET and FEATURES.  Secondary CPUs
 * start powered off and are started by CPU_ON.
 *
 * vCPUs take turns on one thread (this target is not MTTCG-safe yet), so
 * CPU_ON may write another CPU's state directly.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/exec-all.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "internals.h"

#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0x84000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0x84000003u
#define PSCI_AFFINITY_INFO      0x84000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000au
#define PSCI_64BIT              0x40000000u     /* the SMC64 variants */

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_ALREADY_ON         -4
#define PSCI_AFF_ON             0
#define PSCI_AFF_OFF            1

#define PSCI_VERSION_1_1        0x10001
#define MPIDR_AFF_MASK          0xff00ffffffull

static ARMCPU *cpu_by_mpidr(uint64_t mpidr)
{
    CPUState *cs;

    CPU_FOREACH(cs) {
        ARMCPU *cpu = ARM_CPU(cs);
        if ((cpu->mpidr & MPIDR_AFF_MASK) == (mpidr & MPIDR_AFF_MASK)) {
            return cpu;
        }
    }
    return NULL;
}

/* Fresh CPU state at EL1h, interrupts masked, MMU off, at entry. */
static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    ARMCPU *target = cpu_by_mpidr(mpidr);
    CPUState *cs;

    if (!target) {
        return PSCI_INVALID_PARAMETERS;
    }
    if (!target->power_off) {
        return PSCI_ALREADY_ON;
    }
    cs = CPU(target);
    device_cold_reset(DEVICE(target));
    target->env.pc = entry;
    target->env.xregs[0] = context;
    target->power_off = false;
    cs->halted = false;
    cpu_kick(cs);
    return PSCI_SUCCESS;
}

static bool psci_supported(uint32_t fn)
{
    switch (fn & ~PSCI_64BIT) {
    case PSCI_VERSION:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

/* This CPU stops until a CPU_ON (or reset) starts it again. */
static void psci_cpu_off(ARMCPU *cpu)
{
    cpu->power_off = true;
    cpu_interrupt(CPU(cpu), CPU_INTERRUPT_HALT);
}

static void psci_call(ARMCPU *cpu)
{
    CPUARMState *env = &cpu->env;
    uint32_t fn = env->xregs[0];
    uint64_t *x = env->xregs;
    int64_t ret;

    switch (fn) {
    case PSCI_VERSION:
        ret = PSCI_VERSION_1_1;
        break;
    case PSCI_CPU_ON:
    case PSCI_CPU_ON | PSCI_64BIT:
        ret = psci_cpu_on(x[1], x[2], x[3]);
        break;
    case PSCI_CPU_OFF:
        psci_cpu_off(cpu);
        return;
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO | PSCI_64BIT: {
        ARMCPU *target = cpu_by_mpidr(x[1]);
        ret = !target || x[2] ? PSCI_INVALID_PARAMETERS
            : target->power_off ? PSCI_AFF_OFF : PSCI_AFF_ON;
        break;
    }
    case PSCI_MIGRATE_INFO_TYPE:
        ret = 2;                /* no trusted OS: migration not required */
        break;
    case PSCI_SYSTEM_OFF:
        kemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_POWEROFF);
        psci_cpu_off(cpu);
        return;
    case PSCI_SYSTEM_RESET:
        kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        psci_cpu_off(cpu);
        return;
    case PSCI_FEATURES:
        ret = psci_supported(x[1]) ? 0 : PSCI_NOT_SUPPORTED;
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "psci: unsupported function 0x%x\n",
                      fn);
        ret = PSCI_NOT_SUPPORTED;
        break;
    }
    x[0] = ret;
}

/* Calls reset CPUs and request shutdowns: under the big lock. */
void arm_handle_psci_call(ARMCPU *cpu)
{
    bool locked = kemu_mutex_iothread_locked();

    if (!locked) {
        kemu_mutex_lock_iothread();
    }
    psci_call(cpu);
    if (!locked) {
        kemu_mutex_unlock_iothread();
    }
}
