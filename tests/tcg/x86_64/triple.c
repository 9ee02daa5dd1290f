/*
 * A triple fault: #UD with an empty IDT raises #GP, #GP while delivering
 * #GP raises #DF, #DF cannot be delivered either.  The machine resets;
 * with -no-reboot Kemu exits (test_x86_64.py checks nothing follows).
 * Before it, the local APIC's timer is armed: after the reset the program
 * starts over and must find the power-on (masked) LVT again.
 */
#include <stdint.h>
#include "bmprint.h"

#define APIC_LVT_TIMER 0xfee00320ul

void test_main(void)
{
    struct __attribute__((packed)) { unsigned short limit; unsigned long base; }
        d = { 0, 0 };
    volatile uint32_t *lvt = (volatile uint32_t *)APIC_LVT_TIMER;

    put_kv("apic lvt timer", *lvt, 8);
    *lvt = (1u << 17) | 0x40;           /* periodic, vector 0x40 */
    out_str("triple fault next\n");
    __asm__ volatile("lidt %0\n ud2" : : "m"(d));
    out_str("still running\n");
}
