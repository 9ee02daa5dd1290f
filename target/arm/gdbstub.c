/* The gdbstub's view of an AArch64 CPU: gdb's aarch64-core.xml registers. */
#include "kemu/osdep.h"
#include "cpu.h"

const char arm_gdb_core_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
    "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
    "  <reg name=\"x0\" bitsize=\"64\"/>\n"
    "  <reg name=\"x1\" bitsize=\"64\"/>\n"
    "  <reg name=\"x2\" bitsize=\"64\"/>\n"
    "  <reg name=\"x3\" bitsize=\"64\"/>\n"
    "  <reg name=\"x4\" bitsize=\"64\"/>\n"
    "  <reg name=\"x5\" bitsize=\"64\"/>\n"
    "  <reg name=\"x6\" bitsize=\"64\"/>\n"
    "  <reg name=\"x7\" bitsize=\"64\"/>\n"
    "  <reg name=\"x8\" bitsize=\"64\"/>\n"
    "  <reg name=\"x9\" bitsize=\"64\"/>\n"
    "  <reg name=\"x10\" bitsize=\"64\"/>\n"
    "  <reg name=\"x11\" bitsize=\"64\"/>\n"
    "  <reg name=\"x12\" bitsize=\"64\"/>\n"
    "  <reg name=\"x13\" bitsize=\"64\"/>\n"
    "  <reg name=\"x14\" bitsize=\"64\"/>\n"
    "  <reg name=\"x15\" bitsize=\"64\"/>\n"
    "  <reg name=\"x16\" bitsize=\"64\"/>\n"
    "  <reg name=\"x17\" bitsize=\"64\"/>\n"
    "  <reg name=\"x18\" bitsize=\"64\"/>\n"
    "  <reg name=\"x19\" bitsize=\"64\"/>\n"
    "  <reg name=\"x20\" bitsize=\"64\"/>\n"
    "  <reg name=\"x21\" bitsize=\"64\"/>\n"
    "  <reg name=\"x22\" bitsize=\"64\"/>\n"
    "  <reg name=\"x23\" bitsize=\"64\"/>\n"
    "  <reg name=\"x24\" bitsize=\"64\"/>\n"
    "  <reg name=\"x25\" bitsize=\"64\"/>\n"
    "  <reg name=\"x26\" bitsize=\"64\"/>\n"
    "  <reg name=\"x27\" bitsize=\"64\"/>\n"
    "  <reg name=\"x28\" bitsize=\"64\"/>\n"
    "  <reg name=\"x29\" bitsize=\"64\"/>\n"
    "  <reg name=\"x30\" bitsize=\"64\"/>\n"
    "  <reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "  <reg name=\"cpsr\" bitsize=\"32\"/>\n"
    "</feature>\n";

int arm_cpu_gdb_read_register(CPUState *cs, GByteArray *buf, int n)
{
    CPUARMState *env = &ARM_CPU(cs)->env;
    uint64_t v64;
    uint32_t v32;

    if (n < 32) {
        v64 = GUINT64_TO_LE(env->xregs[n]);
    } else if (n == 32) {
        v64 = GUINT64_TO_LE(env->pc);
    } else if (n == 33) {
        v32 = GUINT32_TO_LE(pstate_read(env));
        g_byte_array_append(buf, (const uint8_t *)&v32, 4);
        return 4;
    } else {
        return 0;
    }
    g_byte_array_append(buf, (const uint8_t *)&v64, 8);
    return 8;
}

int arm_cpu_gdb_write_register(CPUState *cs, const uint8_t *buf, int n)
{
    CPUARMState *env = &ARM_CPU(cs)->env;
    uint64_t v64;
    uint32_t v32;

    if (n == 33) {
        memcpy(&v32, buf, 4);
        pstate_write(env, GUINT32_FROM_LE(v32));
        return 4;
    }
    if (n > 33) {
        return 0;
    }
    memcpy(&v64, buf, 8);
    v64 = GUINT64_FROM_LE(v64);
    if (n < 32) {
        env->xregs[n] = v64;
    } else {
        env->pc = v64;
    }
    return 8;
}
