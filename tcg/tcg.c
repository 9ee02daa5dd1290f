/*
 * TCG core: contexts, temps, labels, op storage, the op dump and the
 * tcg_gen_code() driver.  Liveness is in liveness.c, register allocation
 * and emission in regalloc.c, the optimizer in optimize.c.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "tcg/tcg.h"
#include "tcg/tcg-backend.h"
#include <sys/mman.h>

__thread TCGContext *tcg_ctx;
__thread uintptr_t tci_retaddr;
const TCGv_ptr tcg_env = (TCGv_ptr)(uintptr_t)1;   /* temp 0 */

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, f },
#include "tcg/tcg-opc.h"
#undef DEF
};

/* ---- Conditions ---- */

TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:  return TCG_COND_GT;
    case TCG_COND_GT:  return TCG_COND_LT;
    case TCG_COND_LE:  return TCG_COND_GE;
    case TCG_COND_GE:  return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default:           return c;   /* symmetric */
    }
}

bool tcg_cond_eval(TCGCond c, TCGType type, uint64_t a, uint64_t b)
{
    int64_t sa = a, sb = b;

    if (type == TCG_TYPE_I32) {
        a = (uint32_t)a, b = (uint32_t)b;
        sa = (int32_t)a, sb = (int32_t)b;
    }
    switch (c) {
    case TCG_COND_NEVER:  return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ:     return a == b;
    case TCG_COND_NE:     return a != b;
    case TCG_COND_LT:     return sa < sb;
    case TCG_COND_GE:     return sa >= sb;
    case TCG_COND_LE:     return sa <= sb;
    case TCG_COND_GT:     return sa > sb;
    case TCG_COND_LTU:    return a < b;
    case TCG_COND_GEU:    return a >= b;
    case TCG_COND_LEU:    return a <= b;
    case TCG_COND_GTU:    return a > b;
    case TCG_COND_TSTEQ:  return (a & b) == 0;
    case TCG_COND_TSTNE:  return (a & b) != 0;
    }
    g_assert_not_reached();
}

const char *tcg_cond_name(TCGCond c)
{
    static const char *const names[16] = {
        [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
        [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
        [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
        [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
        [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
        [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
        [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
    };
    return c < 16 && names[c] ? names[c] : "?";
}

int tcg_helper_nargs(const TCGHelperInfo *info)
{
    int n = 0;

    while (n < TCG_MAX_HELPER_ARGS && tcg_helper_type(info, n + 1)) {
        n++;
    }
    return n;
}

/* ---- Contexts ---- */

void tcg_set_context(TCGContext *s)
{
    tcg_ctx = s;
}

TCGContext *tcg_context_new(const TCGBackend *backend, size_t code_size)
{
    TCGContext *s = g_new0(TCGContext, 1);
    TCGTemp *env;
    void *buf;

    buf = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(buf != MAP_FAILED);
    s->backend = backend;
    s->optimize = true;
    s->code_buf = s->code_gen_ptr = buf;
    s->code_buf_end = s->code_buf + code_size;
    s->ops = g_new0(TCGOp, TCG_MAX_OPS);
    s->labels = g_ptr_array_new();
    s->insn_end = g_array_new(false, false, sizeof(uint32_t));
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        s->consts[t] = g_hash_table_new(g_int64_hash, g_int64_equal);
        for (int k = 0; k < 2; k++) {
            s->free_temps[t][k] = g_array_new(false, false, sizeof(int));
        }
    }
    tcg_set_context(s);
    if (backend->context_init) {
        backend->context_init(s);
    }
    s->code_gen_base = s->code_gen_ptr;

    /* temps[0] is env, in the same place in every context. */
    env = &s->temps[s->nb_globals++];
    env->type = TCG_TYPE_PTR;
    env->kind = TEMP_FIXED;
    env->val_type = TEMP_VAL_REG;
    env->reg = backend->areg0;
    env->allocated = true;
    env->name = "env";
    g_assert(tcgv_i64_temp(tcg_env) == env);
    s->nb_temps = s->nb_globals;
    tcg_func_start(s);
    return s;
}

TCGContext *tcg_context_clone(const TCGContext *parent, size_t code_size)
{
    TCGContext *saved = tcg_ctx;
    TCGContext *s = tcg_context_new(parent->backend, code_size);

    tcg_set_context(saved);
    s->optimize = parent->optimize;
    s->guest_load = parent->guest_load;
    s->guest_store = parent->guest_store;
    s->tlb_fast_path = parent->tlb_fast_path;
    memcpy(s->temps, parent->temps, parent->nb_globals * sizeof(TCGTemp));
    s->nb_globals = s->nb_temps = parent->nb_globals;
    return s;
}

static void free_labels(TCGContext *s)
{
    for (guint i = 0; i < s->labels->len; i++) {
        TCGLabel *l = g_ptr_array_index(s->labels, i);
        g_array_free(l->relocs, true);
        g_free(l);
    }
    g_ptr_array_set_size(s->labels, 0);
}

void tcg_context_free(TCGContext *s)
{
    free_labels(s);
    g_ptr_array_free(s->labels, true);
    for (int op = 0; op < NB_OPS; op++) {
        for (int t = 0; t < TCG_TYPE_COUNT; t++) {
            g_free(s->constraints[op][t]);
        }
    }
    g_array_free(s->insn_end, true);
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        g_hash_table_destroy(s->consts[t]);
        for (int k = 0; k < 2; k++) {
            g_array_free(s->free_temps[t][k], true);
        }
    }
    munmap(s->code_buf, s->code_buf_end - s->code_buf);
    g_free(s->ops);
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
    }
    g_free(s);
}

void tcg_code_flush(TCGContext *s)
{
    s->code_gen_ptr = s->code_gen_base;
}

static TCGTemp *global_new(TCGType type, intptr_t offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    /* Globals come first: none may be created while a TB has temps. */
    g_assert(s->nb_temps == s->nb_globals);
    g_assert(s->nb_globals < TCG_MAX_TEMPS);
    g_assert(offset == (int32_t)offset);
    ts = &s->temps[s->nb_globals++];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = TEMP_GLOBAL;
    ts->val_type = TEMP_VAL_MEM;
    ts->mem_offset = offset;
    ts->mem_allocated = true;
    ts->allocated = true;
    ts->name = name;
    s->nb_temps = s->nb_globals;
    return ts;
}

TCGv_i32 tcg_global_mem_new_i32(intptr_t offset, const char *name)
{
    return temp_tcgv_i32(global_new(TCG_TYPE_I32, offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(intptr_t offset, const char *name)
{
    return temp_tcgv_i64(global_new(TCG_TYPE_I64, offset, name));
}

void tcg_func_start(TCGContext *s)
{
    s->nb_temps = s->nb_globals;
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        g_hash_table_remove_all(s->consts[t]);
        for (int k = 0; k < 2; k++) {
            g_array_set_size(s->free_temps[t][k], 0);
        }
    }
    s->nb_ops = 0;
    s->nb_insns = 0;
    free_labels(s);
}

/* ---- Temps ---- */

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    GArray *free_list = s->free_temps[type][kind == TEMP_TB];
    TCGTemp *ts;

    g_assert(kind == TEMP_EBB || kind == TEMP_TB);
    if (free_list->len) {
        int idx = g_array_index(free_list, int, free_list->len - 1);
        g_array_set_size(free_list, free_list->len - 1);
        ts = &s->temps[idx];
        ts->allocated = true;
        return ts;
    }
    g_assert(s->nb_temps < TCG_MAX_TEMPS);
    ts = &s->temps[s->nb_temps++];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = kind;
    ts->val_type = TEMP_VAL_DEAD;
    ts->allocated = true;
    return ts;
}

void tcg_temp_free_internal(TCGTemp *ts)
{
    TCGContext *s = tcg_ctx;
    int idx = temp_idx(ts);

    if (ts->kind != TEMP_EBB && ts->kind != TEMP_TB) {
        return;   /* constants and globals are never freed */
    }
    g_assert(ts->allocated);
    ts->allocated = false;
    g_array_append_val(s->free_temps[ts->type][ts->kind == TEMP_TB], idx);
}

TCGTemp *tcg_constant_internal(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;
    int64_t *key;
    gpointer idx;

    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    idx = g_hash_table_lookup(s->consts[type], &val);
    if (idx) {
        return &s->temps[GPOINTER_TO_INT(idx) - 1];
    }
    g_assert(s->nb_temps < TCG_MAX_TEMPS);
    ts = &s->temps[s->nb_temps++];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = TEMP_CONST;
    ts->val_type = TEMP_VAL_CONST;
    ts->val = val;
    ts->allocated = true;
    /* The key lives in the temp itself, valid until tcg_func_start. */
    key = &ts->val;
    g_hash_table_insert(s->consts[type], key,
                        GINT_TO_POINTER(temp_idx(ts) + 1));
    return ts;
}

/* ---- Labels and ops ---- */

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l = g_new0(TCGLabel, 1);

    l->id = s->labels->len;
    l->relocs = g_array_new(false, false, sizeof(TCGReloc));
    g_ptr_array_add(s->labels, l);
    return l;
}

TCGLabel *tcg_label(TCGContext *s, TCGArg id)
{
    g_assert(id < s->labels->len);
    return g_ptr_array_index(s->labels, id);
}

void tcg_out_reloc(TCGContext *s, void *ptr, int type, TCGArg label,
                   intptr_t addend)
{
    TCGLabel *l = tcg_label(s, label);
    TCGReloc r = { .ptr = ptr, .type = type, .addend = addend };

    if (l->has_value) {
        s->backend->patch_reloc(s, &r, l->value);
    } else {
        g_array_append_val(l->relocs, r);
    }
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs)
{
    TCGContext *s = tcg_ctx;
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGOp *op;

    /* Frontends stop at tcg_op_buf_full(): running out is a bug. */
    g_assert(s->nb_ops < TCG_MAX_OPS);
    g_assert(nargs <= TCG_MAX_OP_ARGS);
    op = &s->ops[s->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    op->nb_oargs = def->nb_oargs;
    op->nb_iargs = def->nb_iargs;
    op->nb_cargs = def->nb_cargs;
    return op;
}

void tcg_op_remove(TCGContext *s, TCGOp *op)
{
    if (op->opc == INDEX_op_brcond) {
        tcg_label(s, op->args[3])->refs--;
    } else if (op->opc == INDEX_op_br) {
        tcg_label(s, op->args[0])->refs--;
    }
    op->opc = INDEX_op_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
}

TCGOp *tcg_last_op(void)
{
    g_assert(tcg_ctx->nb_ops > 0);
    return &tcg_ctx->ops[tcg_ctx->nb_ops - 1];
}

bool tcg_op_buf_full(void)
{
    return tcg_ctx->nb_ops >= TCG_MAX_OPS - TCG_OPS_HEADROOM;
}

bool tcg_op_supported(TCGOpcode opc, TCGType type)
{
    return tcg_ctx->backend->op_supported(opc, type);
}

/* ---- Dump ---- */

static void dump_temp(TCGContext *s, GString *out, TCGArg idx)
{
    TCGTemp *ts = &s->temps[idx];

    switch (ts->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        g_string_append(out, ts->name);
        break;
    case TEMP_TB:
        g_string_append_printf(out, "loc%d", (int)(idx - s->nb_globals));
        break;
    case TEMP_EBB:
        g_string_append_printf(out, "tmp%d", (int)(idx - s->nb_globals));
        break;
    case TEMP_CONST:
        g_string_append_printf(out, "$0x%" PRIx64, ts->val);
        break;
    }
}

static void dump_memop(GString *out, MemOpIdx oi)
{
    static const char *const sizes[] = { "b", "w", "l", "q" };
    MemOp mop = get_memop(oi);

    g_string_append_printf(out, "%s%s%s", (mop & MO_BSWAP) == MO_BE ?
                           "be" : "le", mop & MO_SIGN ? "s" : "u",
                           sizes[mop & MO_SIZE]);
    if (memop_alignment(mop) > 1) {
        g_string_append_printf(out, "+al%u", memop_alignment(mop));
    }
    g_string_append_printf(out, ",%u", get_mmuidx(oi));
}

static void dump_cargs(TCGContext *s, GString *out, const TCGOp *op,
                       const TCGArg *c)
{
    switch (op->opc) {
    case INDEX_op_brcond:
        g_string_append_printf(out, "%s,$L%d", tcg_cond_name(c[0]),
                               (int)c[1]);
        return;
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
    case INDEX_op_movcond:
        g_string_append(out, tcg_cond_name(c[0]));
        return;
    case INDEX_op_br:
    case INDEX_op_set_label:
        g_string_append_printf(out, "$L%d", (int)c[0]);
        return;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        dump_memop(out, c[0]);
        return;
    case INDEX_op_call: {
        const TCGHelperInfo *info = (const TCGHelperInfo *)(uintptr_t)c[1];
        g_string_append_printf(out, "%s,$0x%x", info->name, info->flags);
        return;
    }
    default:
        for (int i = 0; i < op->nb_cargs; i++) {
            g_string_append_printf(out, "%s$0x%" PRIx64, i ? "," : "", c[i]);
        }
    }
}

static const char *type_suffix(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_nop: case INDEX_op_insn_start: case INDEX_op_set_label:
    case INDEX_op_br: case INDEX_op_call: case INDEX_op_exit_tb:
    case INDEX_op_goto_tb: case INDEX_op_goto_ptr:
    case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        return "";
    default:
        return op->type == TCG_TYPE_I32 ? "_i32" : "_i64";
    }
}

static void dump_op(TCGContext *s, GString *out, const TCGOp *op,
                    bool with_liveness)
{
    int nt = op->nb_oargs + op->nb_iargs;

    if (op->opc == INDEX_op_insn_start) {
        g_string_append(out, " ----");
        for (int i = 0; i < TCG_INSN_START_WORDS; i++) {
            g_string_append_printf(out, " %016" PRIx64, op->args[i]);
        }
        return;
    }
    g_string_append_printf(out, " %s%s ", tcg_op_defs[op->opc].name,
                           type_suffix(op));
    for (int i = 0; i < nt; i++) {
        if (i) {
            g_string_append_c(out, ',');
        }
        dump_temp(s, out, op->args[i]);
    }
    if (op->nb_cargs) {
        if (nt) {
            g_string_append_c(out, ',');
        }
        dump_cargs(s, out, op, op->args + nt);
    }
    if (with_liveness && (op->life & ((1u << nt) - 1))) {
        g_string_append(out, "  dead:");
        for (int i = 0; i < nt; i++) {
            if (op->life & DEAD_ARG(i)) {
                g_string_append_printf(out, " %d", i);
            }
        }
    }
}

void tcg_dump_ops(TCGContext *s, GString *out, bool with_liveness)
{
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        dump_op(s, out, op, with_liveness);
        g_string_append_c(out, '\n');
    }
}

static void log_ops(TCGContext *s, const char *title, bool with_liveness)
{
    g_autoptr(GString) out = g_string_new(NULL);

    tcg_dump_ops(s, out, with_liveness);
    kemu_log("%s\n%s\n", title, out->str);
}

/* ---- Code generation driver ---- */

int tcg_gen_code(TCGContext *s, TCGTBCode *tb)
{
    int ret;

    if (kemu_log_enabled(LOG_OP)) {
        log_ops(s, "OP:", false);
    }
    if (s->optimize) {
        tcg_optimize(s);
    }
    tcg_liveness_analysis(s);
    if (kemu_log_enabled(LOG_OP_OPT)) {
        log_ops(s, "OP after optimization and liveness analysis:", true);
    }
    ret = tcg_reg_alloc_code(s, tb);
    if (ret > 0 && kemu_log_enabled(LOG_OUT_ASM) && s->backend->disas) {
        g_autoptr(GString) out = g_string_new(NULL);

        s->backend->disas(out, tb->code, tb->size);
        kemu_log("OUT: [size=%d]\n%s\n", ret, out->str);
    }
    return ret;
}

uintptr_t tcg_tb_exec(TCGContext *s, void *env, const void *code)
{
    return s->backend->exec(s, env, code);
}

void tcg_tb_set_jmp_target(const TCGTBCode *tb, int n, const void *target)
{
    g_assert(n == 0 || n == 1);
    g_assert(tb->jmp_insn_offset[n] != UINT32_MAX);
    if (!target) {
        target = (const uint8_t *)tb->code + tb->jmp_reset_offset[n];
    }
    tcg_ctx->backend->set_jmp_target(tb, n, target);
}

int tcg_find_insn_data(const TCGTBCode *tb, uintptr_t host_pc,
                       uint64_t data[TCG_INSN_START_WORDS])
{
    uintptr_t start = (uintptr_t)tb->code;

    if (host_pc < start || host_pc >= start + tb->size) {
        return -1;
    }
    for (uint32_t i = 0; i < tb->nb_insns; i++) {
        if (host_pc < start + tb->insn_end[i]) {
            memcpy(data, &tb->insn_data[i * TCG_INSN_START_WORDS],
                   TCG_INSN_START_WORDS * sizeof(uint64_t));
            return i;
        }
    }
    return -1;
}
