/*
 * The loop every frontend runs to translate one TB (see
 * exec/translator.h), and code fetch for it.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "exec/translator.h"
#include "internal.h"
#include "tcg/tcg-op.h"
#include "tcg/helper-gen.h"
#include "helper-accel.h"

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    if (db->tb->cflags & CF_NO_GOTO_TB) {
        return false;
    }
    return ((db->pc_first ^ dest) & TARGET_PAGE_MASK) == 0;
}

void translator_lookup_and_goto_ptr(DisasContextBase *db)
{
    TCGv_ptr p;

    if (db->tb->cflags & CF_NO_GOTO_PTR) {
        tcg_gen_exit_tb(NULL, 0);
        return;
    }
    p = tcg_temp_new_ptr();
    gen_helper_lookup_tb_ptr(p, tcg_env);
    tcg_gen_goto_ptr(p);
}

static void log_in_asm(CPUState *cpu, DisasContextBase *db)
{
    const TCGCPUOps *ops = cpu_tcg_ops(cpu);
    size_t len = db->pc_next - db->pc_first;
    g_autofree uint8_t *code = g_malloc(len ? len : 1);
    g_autoptr(GString) out = g_string_new(NULL);

    for (size_t i = 0; i < len; i++) {
        code[i] = translator_ldub(cpu, db, db->pc_first + i);
    }
    if (ops->disas_log) {
        ops->disas_log(cpu, out, code, len, db->pc_first);
    } else {
        for (size_t i = 0; i < len; i++) {
            g_string_append_printf(out, "%s%02x", i % 16 ? " " : (i ? "\n" : ""),
                                   code[i]);
        }
        g_string_append_c(out, '\n');
    }
    kemu_log("IN: [CPU %d]\n0x%016" PRIx64 ":\n%s\n", cpu->cpu_index,
             db->pc_first, out->str);
}

/* Leave before the TB's first insn when the vCPU is asked to exit. */
static TCGLabel *gen_exit_request_check(void)
{
    TCGv_i32 flag = tcg_temp_new_i32();
    TCGLabel *label = gen_new_label();

    tcg_gen_ld_i32(flag, tcg_env, NEG_OFFSET(exit_request));
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, label);
    return label;
}

/*
 * A TB that jumps back to its own start loops inside its code, so the
 * register allocator can keep guest registers in host registers across
 * iterations.  Each iteration still checks exit_request as a new TB
 * would; leaving there is TB_EXIT_REQUESTED, which sets the pc to the
 * TB's start, where the loop is.
 */
bool translator_loop_back(DisasContextBase *db, uint64_t dest)
{
    TCGLabel *exit_label;

    if (dest != db->pc_first || db->singlestep_enabled ||
        !translator_use_goto_tb(db, dest)) {
        return false;
    }
    exit_label = gen_exit_request_check();
    tcg_gen_br(db->loop_head);
    tcg_gen_set_label(exit_label);
    tcg_gen_exit_tb(db->tb, TB_EXIT_REQUESTED);
    return true;
}

G_STATIC_ASSERT(CF_COUNT_MASK < TRANSLATOR_MAX_INSNS);

/* The index of the TB's insn at pc, or -1 (insns are in pc order). */
static int insn_index(const DisasContextBase *db, uint64_t pc)
{
    int lo = 0, hi = db->num_insns - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;

        if (db->insn_pc[mid] == pc) {
            return mid;
        }
        if (db->insn_pc[mid] < pc) {
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return -1;
}

bool translator_inner_loop(DisasContextBase *db, uint64_t dest)
{
    TCGLabel *exit_label;
    int i;

    if (dest == db->pc_first || db->singlestep_enabled ||
        !translator_use_goto_tb(db, dest)) {
        return false;
    }
    i = insn_index(db, dest);
    if (i <= 0) {
        return false;
    }
    exit_label = gen_exit_request_check();
    tcg_gen_br(tcg_label_at_slot(db->insn_slot[i]));
    tcg_gen_set_label(exit_label);
    return true;
}

static bool must_stop_before(CPUState *cpu, DisasContextBase *db)
{
    if (db->num_insns >= db->max_insns || tcg_op_buf_full()) {
        return true;
    }
    if ((db->pc_next ^ db->pc_first) & TARGET_PAGE_MASK) {
        return true;            /* the next insn is on another page */
    }
    /* The loop stops at breakpoints between TBs. */
    return cpu->breakpoints && cpu->breakpoints->len &&
           cpu_breakpoint_test(cpu, db->pc_next);
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                     uint64_t pc, void *host_pc, const TranslatorOps *ops,
                     DisasContextBase *db)
{
    TCGLabel *exit_label;

    db->tb = tb;
    db->pc_first = db->pc_next = pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = *max_insns;
    db->singlestep_enabled = tb->cflags & CF_SINGLE_STEP;
    db->host_addr[0] = host_pc;
    db->host_addr[1] = NULL;

    ops->init_disas_context(db, cpu);
    exit_label = gen_exit_request_check();
    db->loop_head = gen_new_label();
    tcg_gen_set_label(db->loop_head);
    ops->tb_start(db, cpu);
    for (;;) {
        db->insn_pc[db->num_insns] = db->pc_next;
        db->insn_slot[db->num_insns] = tcg_gen_label_slot();
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (must_stop_before(cpu, db)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);
    tcg_gen_set_label(exit_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);

    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;
    *max_insns = db->num_insns;
    if (kemu_log_enabled(LOG_IN_ASM)) {
        log_in_asm(cpu, db);
    }
}

/* ---- Code fetch ---- */

/* The host address of the code byte at pc, mapping the TB's next page. */
static const uint8_t *code_ptr(CPUState *cpu, DisasContextBase *db,
                               uint64_t pc)
{
    TranslationBlock *tb = db->tb;
    uint64_t first = db->pc_first & TARGET_PAGE_MASK;

    if ((pc & TARGET_PAGE_MASK) == first && db->host_addr[0]) {
        return (const uint8_t *)db->host_addr[0] + (pc - db->pc_first);
    }
    g_assert((pc & TARGET_PAGE_MASK) == first + TARGET_PAGE_SIZE);
    if (!db->host_addr[1]) {
        uint64_t page = first + TARGET_PAGE_SIZE;
        RAMBlock *rb;
        hwaddr off;
        uint64_t phys = get_page_addr_code(cpu, page, &db->host_addr[1],
                                           &rb, &off);

        if (phys == (uint64_t)-1) {
            return NULL;
        }
        tb->page_addr[1] = phys;
        tb_protect_page(tb, 1, rb, off);
    }
    return (const uint8_t *)db->host_addr[1] + (pc & ~TARGET_PAGE_MASK);
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    const uint8_t *p = code_ptr(cpu, db, pc);

    if (!p) {
        kemu_log_mask(LOG_GUEST_ERROR, "code fetch from non-RAM address 0x%"
                      PRIx64 " reads as 0\n", pc);
        return 0;
    }
    return *p;
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ldub(cpu, db, pc) |
           (uint16_t)translator_ldub(cpu, db, pc + 1) << 8;
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_lduw(cpu, db, pc) |
           (uint32_t)translator_lduw(cpu, db, pc + 2) << 16;
}

uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ldl(cpu, db, pc) |
           (uint64_t)translator_ldl(cpu, db, pc + 4) << 32;
}
