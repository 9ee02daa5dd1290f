/*
 * Stand-ins for the accel/tcg functions target/arm calls, so its unit tests
 * link while accel/tcg is not in the tree (target/arm/objects.mk adds this
 * file only then).  They are weak: real definitions win.
 *
 * translator_loop() is the minimal loop the TranslatorOps contract asks
 * for; code is fetched from the host_pc buffer.  cpu_loop_exit() longjmps
 * to cpu->jmp_env as the real one does.  TLB calls are recorded for tests.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "exec/translator.h"
#include "arm-accel-fakes.h"

FakeTlbEntry fake_tlb_last;
int fake_tlb_flushes;

#define WEAK __attribute__((weak))

WEAK void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

WEAK void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    siglongjmp(cpu->jmp_env, 1);
}

WEAK void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot,
                       int mmu_idx, uint64_t size)
{
    fake_tlb_last = (FakeTlbEntry){ vaddr, paddr, prot, mmu_idx, size };
}

WEAK void tlb_flush(CPUState *cpu)
{
    fake_tlb_flushes++;
}

WEAK void cpu_st_mmu(CPUState *cpu, uint64_t addr, uint64_t val, MemOpIdx oi,
                     uintptr_t ra)
{
    g_assert_not_reached();
}

WEAK uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    uint32_t insn;

    memcpy(&insn, (uint8_t *)db->host_addr[0] + (pc - db->pc_first), 4);
    return GUINT32_FROM_LE(insn);
}

WEAK bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    return ((dest ^ db->pc_first) & TARGET_PAGE_MASK) == 0;
}

WEAK void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                          uint64_t pc, void *host_pc, const TranslatorOps *ops,
                          DisasContextBase *db)
{
    db->tb = tb;
    db->pc_first = db->pc_next = pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = *max_insns;
    db->host_addr[0] = host_pc;
    ops->init_disas_context(db, cpu);
    tcg_func_start(tcg_ctx);
    ops->tb_start(db, cpu);
    while (true) {
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (db->num_insns >= db->max_insns) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);
    *max_insns = db->num_insns;
}
