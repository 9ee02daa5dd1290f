/*
 * The -smp topology in CPUID as the boot CPU reads it (topo.expected,
 * run with -smp 4,sockets=2,cores=2 -cpu max): leaf 1's logical CPU
 * count and HTT bit, the x2APIC levels of leaf 0xB (SMT, core, end) and
 * AMD's 0x80000008 ECX (threads per package - 1, APIC ID size).
 */
#include <stdint.h>
#include "bmprint.h"

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

void test_main(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    put_kv("leaf1 logical", (r[1] >> 16) & 0xff, 2);
    put_kv("leaf1 htt", (r[3] >> 28) & 1, 1);
    put_kv("leaf1 apic id", r[1] >> 24, 2);
    for (uint32_t sub = 0; sub < 3; sub++) {
        cpuid(0xb, sub, r);
        out_str("leafb ");
        put_hex(sub, 1);
        put_kv(" shift", r[0] & 0x1f, 2);
        out_str("leafb ");
        put_hex(sub, 1);
        put_kv(" count", r[1] & 0xffff, 4);
        out_str("leafb ");
        put_hex(sub, 1);
        put_kv(" level", r[2] & 0xffff, 4);
    }
    cpuid(0x80000008, 0, r);
    put_kv("ext8 nc", r[2] & 0xff, 2);
    put_kv("ext8 apic id size", (r[2] >> 12) & 0xf, 1);
}
