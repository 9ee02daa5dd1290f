/*
 * A long-mode IDT of 64-bit interrupt gates for the bare-metal x86-64
 * test programs: idt_set_gate() fills a vector, idt_load() makes the
 * table current.  One table per program (each is one C file using it).
 */
#ifndef TESTS_TCG_X86_64_IDT_H
#define TESTS_TCG_X86_64_IDT_H

#include <stdint.h>

static uint64_t idt_table[256 * 2] __attribute__((aligned(16)));

/* Vector vec enters fn through a present, DPL 0 interrupt gate on CS. */
static inline void idt_set_gate(int vec, void (*fn)(void))
{
    uint64_t a = (uint64_t)(uintptr_t)fn;
    uint16_t cs;

    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    idt_table[vec * 2] = (a & 0xffff) | ((uint64_t)cs << 16) |
                         ((uint64_t)0x8e00 << 32) | ((a >> 16) << 48);
    idt_table[vec * 2 + 1] = a >> 32;
}

static inline void idt_load(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } d = {
        sizeof(idt_table) - 1, (uint64_t)(uintptr_t)idt_table,
    };

    __asm__ volatile("lidt %0" : : "m"(d));
}

#endif
