/*
 * A toy guest for the TCG accelerator tests: a fixed-width 32-bit ISA
 * with sixteen 64-bit registers, loads and stores through the softmmu, a
 * one-level page table, exceptions, interrupts and halt.
 *
 * Encoding: op[31:24] rd[23:20] rs[19:16] imm[15:0] (rt = imm[3:0]).
 * Branch offsets count insns from the next insn.  Exceptions and the
 * interrupt save pc in epc and the reason in cause, then jump to vbar.
 */
#ifndef TESTS_TOY_CPU_H
#define TESTS_TOY_CPU_H

#include "hw/core/cpu.h"

#define TYPE_TOY_CPU "any-toy-cpu"

enum {
    TOY_LI = 0x01,      /* rd = sext(imm) */
    TOY_LUI = 0x02,     /* rd = rd << 16 | imm */
    TOY_ADD = 0x03,     /* rd = rs + rt */
    TOY_SUB = 0x04,
    TOY_AND = 0x05,
    TOY_ADDI = 0x06,    /* rd = rs + sext(imm) */
    TOY_BNE = 0x07,     /* if rd != rs: pc = next + imm * 4 */
    TOY_BEQ = 0x08,
    TOY_J = 0x09,       /* pc = next + imm * 4 */
    TOY_JR = 0x0a,      /* pc = rs */
    TOY_LD = 0x10,      /* + log2(size): rd = zext(mem[rs + imm]) */
    TOY_ST = 0x14,      /* + log2(size): mem[rs + imm] = rd */
    TOY_LDA = 0x18,     /* + log2(size): TOY_LD that must be aligned */
    TOY_RAISE = 0x20,   /* exception imm */
    TOY_HLT = 0x21,     /* halts++, sleep until an interrupt is pending */
    TOY_TLBI = 0x22,    /* flush the TLB entry of virtual address rs */
    TOY_MMU = 0x23,     /* page table on (imm 1) or off */
    TOY_IRQ = 0x24,     /* interrupts on (imm 1) or off */
    TOY_TLBIALL = 0x25, /* flush the whole TLB (imm 1: but global entries) */
};

/* cause values */
#define TOY_EXCP_PAGE      0x100    /* fault_addr says where */
#define TOY_EXCP_UNALIGNED 0x101
#define TOY_EXCP_ILLEGAL   0x102
#define TOY_CAUSE_IRQ      0x80

/* Page table entries (8 bytes per 4 KiB page at pt_base): */
#define TOY_PTE_R 1
#define TOY_PTE_W 2
#define TOY_PTE_X 4
#define TOY_PTE_V 8
#define TOY_PTE_G 0x10      /* global: kept by TOY_TLBIALL imm 1 */
#define TOY_PT_PAGES 1024

#define TOY_INSN(op, rd, rs, imm) \
    ((uint32_t)(op) << 24 | (uint32_t)(rd) << 20 | (uint32_t)(rs) << 16 | \
     ((uint32_t)(imm) & 0xffff))

typedef struct ToyEnv {
    uint64_t r[16];
    uint64_t pc;
    uint64_t vbar, epc, cause, fault_addr;
    uint64_t pt_base;
    uint32_t mmu_on;
    uint32_t irq_on;
    gint halts;
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent_obj;
    CPUNegativeOffsetState neg;
    ToyEnv env;
} ToyCPU;

#define TOY_CPU(obj) OBJECT_CHECK(ToyCPU, (obj), TYPE_TOY_CPU)

static inline ToyEnv *toy_env(CPUState *cpu)
{
    return &TOY_CPU(cpu)->env;
}

/*
 * Test machine: the main loop, the tcg accelerator with opts (-accel
 * syntax, may be NULL) and ram_size bytes of RAM at 0.
 */
void toy_setup(const char *opts, uint64_t ram_size);
/* A stopped toy CPU starting at pc with vbar; vm_start() runs it. */
CPUState *toy_cpu_new(uint64_t pc, uint64_t vbar);
/* Write insns to guest memory through the memory API. */
void toy_load(uint64_t addr, const uint32_t *insns, size_t n);
uint64_t toy_read64(uint64_t addr);
/* Wait (big lock held) until the CPU executed `halts` HLTs; false on timeout. */
bool toy_wait_halts(CPUState *cpu, int halts);
/* Restart a halted CPU at pc. */
void toy_restart(CPUState *cpu, uint64_t pc);
/* Sleep ms with the big lock released. */
void toy_sleep(int ms);

#endif
