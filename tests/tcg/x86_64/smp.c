/*
 * SMP start (smp.expected, run with -smp 4): the boot CPU sends INIT and
 * then SIPI (twice, as the MP spec's sequence) to all other CPUs through
 * its local APIC's ICR; each AP starts in real mode at the trampoline
 * (vector 0x08: 0x8000), sets the bit of its CPUID APIC ID and counts
 * itself, then halts.  Accelerator-neutral: Kemu's APICs under TCG, the
 * kernel's under KVM.
 */
#include <stdint.h>
#include "x86io.h"
#include "bmprint.h"

#define APIC_BASE 0xfee00000ul
#define APIC_ICR_LO (APIC_BASE + 0x300)
#define APIC_ICR_HI (APIC_BASE + 0x310)
#define ICR_BUSY (1u << 12)
#define ICR_ALL_BUT_SELF (3u << 18)
#define ICR_ASSERT (1u << 14)
#define ICR_INIT (5u << 8)
#define ICR_SIPI (6u << 8)
#define TRAMP 0x8000u                   /* SIPI vector 0x08 */
#define AP_MASK (*(volatile uint32_t *)0x9000ul)    /* bit per APIC ID */
#define AP_COUNT (*(volatile uint16_t *)0x9004ul)
#define EXPECTED_APS 3

extern const char ap_tramp[], ap_tramp_end[];

/* Real mode, CS = 0x800: DS = 0 reaches AP_MASK and AP_COUNT. */
__asm__(".pushsection .rodata\n"
        ".code16\n"
        "ap_tramp:\n"
        "    cli\n"
        "    xor %ax, %ax\n"
        "    mov %ax, %ds\n"
        "    mov $1, %eax\n"
        "    cpuid\n"
        "    shr $24, %ebx\n"
        "    lock btsl %ebx, 0x9000\n"
        "    lock incw 0x9004\n"
        "1:  hlt\n"
        "    jmp 1b\n"
        "ap_tramp_end:\n"
        ".code64\n"
        ".popsection\n");

static void wr32(uint64_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static uint32_t rd32(uint64_t addr)
{
    return *(volatile uint32_t *)addr;
}

static void send_ipi(uint32_t icr)
{
    wr32(APIC_ICR_HI, 0);
    wr32(APIC_ICR_LO, icr);
    while (rd32(APIC_ICR_LO) & ICR_BUSY) {
        __asm__ volatile("pause");
    }
}

void test_main(void)
{
    uint32_t a = 1, b, c = 0, d;
    unsigned long spins;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    put_kv("bsp apic id", b >> 24, 8);
    for (unsigned i = 0; i < (unsigned)(ap_tramp_end - ap_tramp); i++) {
        ((volatile char *)(uintptr_t)TRAMP)[i] = ap_tramp[i];
    }
    AP_MASK = 0;
    AP_COUNT = 0;
    wr32(APIC_BASE + 0xf0, 0x1ff);              /* SVR: enabled */
    send_ipi(ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_INIT);
    send_ipi(ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_SIPI | (TRAMP >> 12));
    send_ipi(ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_SIPI | (TRAMP >> 12));
    for (spins = 0; AP_COUNT < EXPECTED_APS && spins < 100000000; spins++) {
        __asm__ volatile("pause");
    }
    put_kv("aps started", AP_COUNT, 8);
    put_kv("ap apic id mask", AP_MASK, 8);
}
