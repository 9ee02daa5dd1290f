/*
 * Arm semihosting (HLT #0xf000 with -semihosting): the calls bare-metal
 * test programs use -- console output, exit with a status, and the
 * elapsed-time counter (SYS_ELAPSED, SYS_TICKFREQ) benchmarks time with.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "chardev/char.h"
#include "gdbstub/gdbstub.h"
#include "system/main-loop.h"
#include "cpu.h"

#define SYS_WRITEC          0x03
#define SYS_WRITE0          0x04
#define SYS_EXIT            0x18
#define SYS_EXIT_EXTENDED   0x20
#define SYS_ELAPSED         0x30
#define SYS_TICKFREQ        0x31

/* SYS_ELAPSED ticks are nanoseconds of host monotonic time. */
#define TICKS_PER_SEC       1000000000ull
#define ADP_Stopped_ApplicationExit 0x20026

static bool read_guest(CPUState *cs, uint64_t addr, void *buf, size_t len)
{
    return cpu_memory_rw_debug(cs, addr, buf, len, false);
}

/* SYS_EXIT's AArch64 parameter block: {reason, subcode}. */
static KEMU_NORETURN void semihosting_exit(CPUState *cs, uint64_t block)
{
    uint64_t args[2];
    int status = 1;

    if (read_guest(cs, block, args, sizeof(args)) &&
        GUINT64_FROM_LE(args[0]) == ADP_Stopped_ApplicationExit) {
        status = (int)GUINT64_FROM_LE(args[1]);
    }
    kemu_mutex_lock_iothread();
    gdb_exit(status);
    chardev_cleanup_all();
    fflush(stdout);
    exit(status);
}

static void semihosting_write0(CPUState *cs, uint64_t addr)
{
    char c;

    while (read_guest(cs, addr++, &c, 1) && c) {
        fputc(c, stdout);
    }
    fflush(stdout);
}

/* SYS_ELAPSED: the tick count, as a 64-bit value at the block. */
static uint64_t semihosting_elapsed(CPUState *cs, uint64_t block)
{
    uint64_t ticks = GUINT64_TO_LE((uint64_t)g_get_monotonic_time() * 1000);

    return cpu_memory_rw_debug(cs, block, (uint8_t *)&ticks, sizeof(ticks),
                               true) ? 0 : (uint64_t)-1;
}

void arm_do_semihosting(ARMCPU *cpu)
{
    CPUState *cs = CPU(cpu);
    CPUARMState *env = &cpu->env;
    uint64_t op = env->xregs[0], arg = env->xregs[1];
    char c;

    switch (op) {
    case SYS_WRITEC:
        if (read_guest(cs, arg, &c, 1)) {
            fputc(c, stdout);
            fflush(stdout);
        }
        break;
    case SYS_WRITE0:
        semihosting_write0(cs, arg);
        break;
    case SYS_ELAPSED:
        env->xregs[0] = semihosting_elapsed(cs, arg);
        break;
    case SYS_TICKFREQ:
        env->xregs[0] = TICKS_PER_SEC;
        break;
    case SYS_EXIT:
    case SYS_EXIT_EXTENDED:
        semihosting_exit(cs, arg);
    default:
        kemu_log_mask(LOG_UNIMP, "aarch64: semihosting call 0x%" PRIx64
                      " not implemented\n", op);
        env->xregs[0] = (uint64_t)-1;
    }
}
