/*
 * The toy test CPU (see toy-cpu.h): its frontend, MMU, exceptions and
 * interrupts, and the test machine around it.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/exec-all.h"
#include "exec/translator.h"
#include "system/accel.h"
#include "system/cpus.h"
#include "system/main-loop.h"
#include "util/keyval.h"
#include "tcg/tcg-op.h"
#include "tcg/helper-gen.h"
#include "toy-helper.h"
#include "toy-cpu.h"

CPU_NEG_CHECK(ToyCPU);

#define ENV_OFF(field) ((intptr_t)offsetof(ToyEnv, field))

static TCGv_i64 cpu_r[16], cpu_pc;
static const char *const reg_names[16] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* ---- Helpers ---- */

void helper_toy_raise(void *env, uint32_t excp)
{
    CPUState *cpu = env_cpu(env);

    cpu->exception_index = excp;
    cpu_loop_exit_restore(cpu, TCG_GETPC());
}

void helper_toy_hlt(void *env)
{
    CPUState *cpu = env_cpu(env);

    g_atomic_int_inc(&((ToyEnv *)env)->halts);
    cpu->halted = true;
    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

void helper_toy_tlbi(void *env, uint64_t addr)
{
    tlb_flush_page(env_cpu(env), addr);
}

void helper_toy_tlbiall(void *env, uint32_t nonglobal)
{
    if (nonglobal) {
        tlb_flush_nonglobal(env_cpu(env));
    } else {
        tlb_flush(env_cpu(env));
    }
}

/* ---- Frontend ---- */

typedef struct DisasContext {
    DisasContextBase base;
    int mmu_idx;
} DisasContext;

static void toy_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    container_of(db, DisasContext, base)->mmu_idx = db->tb->flags & 1;
}

static void toy_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

static void gen_goto(DisasContextBase *db, int n, uint64_t dest)
{
    if (translator_use_goto_tb(db, dest)) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb(db->tb, n);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        translator_lookup_and_goto_ptr(db);
    }
}

static void gen_branch(DisasContextBase *db, TCGCond cond, int rd, int rs,
                       uint64_t dest)
{
    TCGLabel *taken = gen_new_label();

    tcg_gen_brcond_i64(cond, cpu_r[rd], cpu_r[rs], taken);
    gen_goto(db, 0, db->pc_next);
    tcg_gen_set_label(taken);
    gen_goto(db, 1, dest);
    db->is_jmp = DISAS_NORETURN;
}

static void gen_mem(DisasContext *dc, int op, int rd, int rs, int16_t imm)
{
    TCGv_i64 addr = tcg_temp_new_i64();
    MemOp mop = MO_LE | (op & 3);

    tcg_gen_addi_i64(addr, cpu_r[rs], imm);
    if ((op & ~3) == TOY_ST) {
        tcg_gen_qemu_st_i64(cpu_r[rd], addr, dc->mmu_idx, mop);
    } else {
        if ((op & ~3) == TOY_LDA) {
            mop |= MO_ALIGN;
        }
        tcg_gen_qemu_ld_i64(cpu_r[rd], addr, dc->mmu_idx, mop);
    }
}

static void gen_raise(DisasContextBase *db, uint32_t excp)
{
    gen_helper_toy_raise(tcg_env, tcg_constant_i32(excp));
    db->is_jmp = DISAS_NORETURN;
}

/* Change a mode bit, then back to the loop (TB flags, pending irqs). */
static void gen_set_mode(DisasContextBase *db, intptr_t off, int on)
{
    TCGv_i32 v = tcg_constant_i32(on & 1);

    tcg_gen_st_i32(v, tcg_env, off);
    tcg_gen_movi_i64(cpu_pc, db->pc_next);
    db->is_jmp = DISAS_TARGET_0;
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *dc = container_of(db, DisasContext, base);
    uint32_t insn = translator_ldl(cpu, db, db->pc_next);
    int op = insn >> 24, rd = (insn >> 20) & 15, rs = (insn >> 16) & 15;
    int rt = insn & 15;
    int16_t imm = insn & 0xffff;
    uint64_t dest;

    db->pc_next += 4;
    dest = db->pc_next + (int64_t)imm * 4;
    switch (op) {
    case TOY_LI:
        tcg_gen_movi_i64(cpu_r[rd], imm);
        break;
    case TOY_LUI:
        tcg_gen_shli_i64(cpu_r[rd], cpu_r[rd], 16);
        tcg_gen_ori_i64(cpu_r[rd], cpu_r[rd], (uint16_t)imm);
        break;
    case TOY_ADD:
        tcg_gen_add_i64(cpu_r[rd], cpu_r[rs], cpu_r[rt]);
        break;
    case TOY_SUB:
        tcg_gen_sub_i64(cpu_r[rd], cpu_r[rs], cpu_r[rt]);
        break;
    case TOY_AND:
        tcg_gen_and_i64(cpu_r[rd], cpu_r[rs], cpu_r[rt]);
        break;
    case TOY_ADDI:
        tcg_gen_addi_i64(cpu_r[rd], cpu_r[rs], imm);
        break;
    case TOY_BNE:
    case TOY_BEQ:
        gen_branch(db, op == TOY_BNE ? TCG_COND_NE : TCG_COND_EQ, rd, rs,
                   dest);
        break;
    case TOY_J:
        gen_goto(db, 0, dest);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_JR:
        tcg_gen_mov_i64(cpu_pc, cpu_r[rs]);
        translator_lookup_and_goto_ptr(db);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_LD ... TOY_LDA + 3:
        gen_mem(dc, op, rd, rs, imm);
        break;
    case TOY_RAISE:
        gen_raise(db, (uint16_t)imm);
        break;
    case TOY_HLT:
        tcg_gen_movi_i64(cpu_pc, db->pc_next);
        gen_helper_toy_hlt(tcg_env);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_TLBI:
        gen_helper_toy_tlbi(tcg_env, cpu_r[rs]);
        break;
    case TOY_TLBIALL:
        gen_helper_toy_tlbiall(tcg_env, tcg_constant_i32(imm & 1));
        break;
    case TOY_MMU:
        gen_set_mode(db, ENV_OFF(mmu_on), imm);
        break;
    case TOY_IRQ:
        gen_set_mode(db, ENV_OFF(irq_on), imm);
        break;
    default:
        gen_raise(db, TOY_EXCP_ILLEGAL);
        break;
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    switch (db->is_jmp) {
    case DISAS_TOO_MANY:
        gen_goto(db, 0, db->pc_next);
        break;
    case DISAS_TARGET_0:
        tcg_gen_exit_tb(NULL, 0);
        break;
    default:
        break;
    }
}

static const TranslatorOps toy_translator_ops = {
    .init_disas_context = toy_init_disas_context,
    .tb_start = toy_tb_start,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_translate_code(CPUState *cpu, TranslationBlock *tb,
                               int *max_insns, uint64_t pc, void *host_pc)
{
    DisasContext dc;

    translator_loop(cpu, tb, max_insns, pc, host_pc, &toy_translator_ops,
                    &dc.base);
}

static void toy_tcg_init(void)
{
    for (int i = 0; i < 16; i++) {
        cpu_r[i] = tcg_global_mem_new_i64(ENV_OFF(r[i]), reg_names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(ENV_OFF(pc), "pc");
}

/* ---- CPU hooks ---- */

static void toy_get_tb_cpu_state(CPUState *cpu, uint64_t *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    *pc = toy_env(cpu)->pc;
    *cs_base = 0;
    *flags = toy_env(cpu)->mmu_on;
}

static void toy_synchronize_from_tb(CPUState *cpu, const TranslationBlock *tb)
{
    toy_env(cpu)->pc = tb->pc;
}

static void toy_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    toy_env(cpu)->pc = data[0];
}

static void toy_enter_vector(ToyEnv *env, uint64_t cause)
{
    env->epc = env->pc;
    env->cause = cause;
    env->pc = env->vbar;
}

static bool toy_cpu_exec_interrupt(CPUState *cpu, int request)
{
    ToyEnv *env = toy_env(cpu);

    if (!(request & CPU_INTERRUPT_HARD) || !env->irq_on) {
        return false;
    }
    cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
    env->irq_on = 0;
    toy_enter_vector(env, TOY_CAUSE_IRQ);
    return true;
}

static void toy_do_interrupt(CPUState *cpu)
{
    toy_enter_vector(toy_env(cpu), cpu->exception_index);
}

static KEMU_NORETURN void toy_fault(CPUState *cpu, uint64_t addr, int excp,
                                    uintptr_t ra)
{
    toy_env(cpu)->fault_addr = addr;
    cpu->exception_index = excp;
    cpu_loop_exit_restore(cpu, ra);
}

static bool toy_tlb_fill(CPUState *cpu, uint64_t addr, int size,
                         MMUAccessType type, int mmu_idx, bool probe,
                         uintptr_t ra)
{
    ToyEnv *env = toy_env(cpu);
    static const int need[] = { TOY_PTE_R, TOY_PTE_W, TOY_PTE_X };
    uint64_t vpn = addr >> TARGET_PAGE_BITS, pte;

    if (mmu_idx == 0) {
        tlb_set_page(cpu, addr, addr, PAGE_READ | PAGE_WRITE | PAGE_EXEC, 0,
                     TARGET_PAGE_SIZE);
        return true;
    }
    pte = vpn < TOY_PT_PAGES
        ? address_space_ldq_le(cpu->as, env->pt_base + vpn * 8, NULL) : 0;
    if (!(pte & TOY_PTE_V) || !(pte & need[type])) {
        if (probe) {
            return false;
        }
        toy_fault(cpu, addr, TOY_EXCP_PAGE, ra);
    }
    /* PTE_R/W/X are PAGE_READ/WRITE/EXEC. */
    tlb_set_page(cpu, addr, pte & TARGET_PAGE_MASK,
                 (pte & 7) | (pte & TOY_PTE_G ? PAGE_GLOBAL : 0), 1,
                 TARGET_PAGE_SIZE);
    return true;
}

static void toy_do_unaligned_access(CPUState *cpu, uint64_t addr,
                                    MMUAccessType type, int mmu_idx,
                                    uintptr_t ra)
{
    toy_fault(cpu, addr, TOY_EXCP_UNALIGNED, ra);
}

static int toy_mmu_index(CPUState *cpu, bool ifetch)
{
    return toy_env(cpu)->mmu_on & 1;
}

static void toy_disas_log(CPUState *cpu, GString *out, const void *code,
                          size_t len, uint64_t pc)
{
    for (size_t i = 0; i + 4 <= len; i += 4) {
        uint32_t insn;

        memcpy(&insn, (const uint8_t *)code + i, 4);
        insn = GUINT32_FROM_LE(insn);
        g_string_append_printf(out, "0x%016" PRIx64 ":  %08x  toy.op%02x\n",
                               pc + i, insn, insn >> 24);
    }
}

static const TCGCPUOps toy_tcg_ops = {
    .mttcg_supported = true,
    .initialize = toy_tcg_init,
    .translate_code = toy_translate_code,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .synchronize_from_tb = toy_synchronize_from_tb,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .cpu_exec_interrupt = toy_cpu_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .mmu_index = toy_mmu_index,
    .disas_log = toy_disas_log,
    .tlb_fill = toy_tlb_fill,
    .do_unaligned_access = toy_do_unaligned_access,
};

static bool toy_has_work(CPUState *cpu)
{
    return cpu->interrupt_request & CPU_INTERRUPT_HARD;
}

static uint64_t toy_get_pc(CPUState *cpu)
{
    return toy_env(cpu)->pc;
}

static void toy_set_pc(CPUState *cpu, uint64_t pc)
{
    toy_env(cpu)->pc = pc;
}

static void toy_dump_state(CPUState *cpu, GString *out)
{
    ToyEnv *env = toy_env(cpu);

    g_string_append_printf(out, "pc=%016" PRIx64 "\n", env->pc);
    for (int i = 0; i < 16; i++) {
        g_string_append_printf(out, "r%-2d=%016" PRIx64 "%s", i, env->r[i],
                               i % 4 == 3 ? "\n" : " ");
    }
}

static void toy_instance_init(Object *obj)
{
    ToyCPU *c = TOY_CPU(obj);

    c->parent_obj.env_ptr = &c->env;
    c->parent_obj.neg = &c->neg;
    c->neg.cpu = &c->parent_obj;
}

static void toy_class_init(ObjectClass *klass, const void *data)
{
    CPUClass *cc = CPU_CLASS(klass);

    cc->arch = "toy";
    cc->has_work = toy_has_work;
    cc->get_pc = toy_get_pc;
    cc->set_pc = toy_set_pc;
    cc->dump_state = toy_dump_state;
    cc->tcg_ops = &toy_tcg_ops;
}

static const TypeInfo toy_cpu_info = {
    .name = TYPE_TOY_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(ToyCPU),
    .instance_init = toy_instance_init,
    .class_init = toy_class_init,
};

static void register_types(void)
{
    type_register_static(&toy_cpu_info);
}
type_init(register_types)

/* ---- Test machine ---- */

static MemoryRegion toy_ram;

void toy_setup(const char *opts, uint64_t ram_size)
{
    g_autoptr(Keyval) kv = NULL;

    main_loop_init();
    if (opts) {
        kv = keyval_parse(opts, NULL, &error_fatal);
    }
    g_assert_true(accel_init_machine(accel_select("tcg", "toy", &error_fatal),
                                     NULL, kv, &error_fatal));
    g_assert_true(memory_region_init_ram(&toy_ram, NULL, "toy.ram", ram_size,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &toy_ram);
}

CPUState *toy_cpu_new(uint64_t pc, uint64_t vbar)
{
    DeviceState *dev = qdev_new(TYPE_TOY_CPU);
    ToyEnv *env = &TOY_CPU(dev)->env;

    env->pc = pc;
    env->vbar = vbar;
    g_assert_true(qdev_realize(dev, NULL, &error_fatal));
    return CPU(dev);
}

void toy_load(uint64_t addr, const uint32_t *insns, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t le = GUINT32_TO_LE(insns[i]);

        g_assert_cmpint(address_space_write(&address_space_memory,
                                            addr + 4 * i, &le, 4), ==,
                        MEMTX_OK);
    }
}

uint64_t toy_read64(uint64_t addr)
{
    return address_space_ldq_le(&address_space_memory, addr, NULL);
}

void toy_sleep(int ms)
{
    kemu_mutex_unlock_iothread();
    g_usleep(ms * 1000);
    kemu_mutex_lock_iothread();
}

bool toy_wait_halts(CPUState *cpu, int halts)
{
    for (int i = 0; i < 10000; i++) {
        if (g_atomic_int_get(&toy_env(cpu)->halts) >= halts && cpu->halted) {
            return true;
        }
        toy_sleep(1);
    }
    return false;
}

void toy_restart(CPUState *cpu, uint64_t pc)
{
    toy_env(cpu)->pc = pc;
    cpu->halted = false;
    cpu_kick(cpu);
}
