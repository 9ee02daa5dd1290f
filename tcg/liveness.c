/*
 * Liveness analysis: one backward pass over the TB's ops.  For each op it
 * records which temp arguments are dead afterwards (TCGOp.life), so the
 * register allocator frees their registers at once, and it removes ops
 * without side effects whose results are never used.
 *
 * A temp is live when a later op reads it.  Writing globals back to env
 * counts as a read: globals are live at basic block ends, TB exits, calls
 * that may read them and ops that may fault.  TB temps are live at block
 * ends (they are spilled there) but dead at exits; EBB temps die at labels
 * and unconditional branches.  A global that is dead after an op is thus
 * one whose value is overwritten before anyone needs it, even in memory.
 */
#include "kemu/osdep.h"
#include "tcg/tcg.h"

static void la_globals_live(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        s->temps[i].dead = false;
    }
}

/* State before a block end: globals live, TB temps live unless exiting. */
static void la_bb_end(TCGContext *s, bool exit)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        switch (ts->kind) {
        case TEMP_GLOBAL:
        case TEMP_FIXED:
            ts->dead = false;
            break;
        case TEMP_TB:
            ts->dead = exit;
            break;
        default:
            ts->dead = true;
            break;
        }
    }
}

/* A conditional branch: the target needs globals and TB temps. */
static void la_cond_branch(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            ts->dead = false;
        }
    }
}

static bool op_removable(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (op->nb_oargs == 0) {
        return false;
    }
    if (op->opc == INDEX_op_call) {
        const TCGHelperInfo *info =
            (const TCGHelperInfo *)(uintptr_t)op->args[op->nb_oargs +
                                                       op->nb_iargs + 1];
        return info->flags & TCG_CALL_NO_SIDE_EFFECTS;
    }
    return !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END |
                           TCG_OPF_COND_BRANCH));
}

static bool outputs_dead(TCGContext *s, const TCGOp *op)
{
    for (int i = 0; i < op->nb_oargs; i++) {
        if (!s->temps[op->args[i]].dead) {
            return false;
        }
    }
    return true;
}

static void la_call_globals(TCGContext *s, const TCGOp *op)
{
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)(uintptr_t)op->args[op->nb_oargs +
                                                   op->nb_iargs + 1];

    if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
        la_globals_live(s);
    }
}

/*
 * "op T, ...; mov G, T" with T dying there becomes "op G, ...": the
 * frontends compute into a temp and then copy into the guest register.
 * Runs when the backward pass reaches the mov, before anything of it is
 * recorded.
 */
static bool la_forward_output(TCGContext *s, int i)
{
    TCGOp *mov = &s->ops[i], *prev;
    TCGTemp *src = &s->temps[mov->args[1]];
    int j = i - 1;

    if (!src->dead || (src->kind != TEMP_EBB && src->kind != TEMP_TB)) {
        return false;
    }
    while (j >= 0 && s->ops[j].opc == INDEX_op_nop) {
        j--;
    }
    if (j < 0) {
        return false;
    }
    prev = &s->ops[j];
    if (prev->nb_oargs != 1 || prev->args[0] != mov->args[1] ||
        prev->opc == INDEX_op_call || prev->opc == INDEX_op_mov ||
        (tcg_op_defs[prev->opc].flags & TCG_OPF_NOT_PRESENT)) {
        return false;
    }
    prev->args[0] = mov->args[0];
    tcg_op_remove(s, mov);
    return true;
}

/*
 * Two-address backends overwrite the first input: put a dying input
 * there rather than one that stays live (which would need a copy).
 */
static void la_commute(TCGContext *s, TCGOp *op)
{
    int a = op->nb_oargs, b = a + 1;

    if (op->nb_oargs == 1 && op->nb_iargs == 2 &&
        tcg_op_commutative(op->opc) &&
        !(op->life & DEAD_ARG(a)) && (op->life & DEAD_ARG(b)) &&
        s->temps[op->args[b]].kind != TEMP_CONST) {
        TCGArg t = op->args[a];

        op->args[a] = op->args[b];
        op->args[b] = t;
        op->life ^= DEAD_ARG(a) | DEAD_ARG(b);
    }
}

void tcg_liveness_analysis(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        s->temps[i].dead = true;
    }
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        TCGLifeData life = 0;
        int nt = op->nb_oargs + op->nb_iargs;

        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        if (op->opc == INDEX_op_mov && la_forward_output(s, i)) {
            continue;
        }
        if (op_removable(op) && outputs_dead(s, op)) {
            tcg_op_remove(s, op);
            continue;
        }
        for (int a = 0; a < op->nb_oargs; a++) {
            TCGTemp *ts = &s->temps[op->args[a]];
            if (ts->dead) {
                life |= DEAD_ARG(a);
            }
            ts->dead = true;
        }
        if (def->flags & TCG_OPF_BB_END) {
            la_bb_end(s, def->flags & TCG_OPF_BB_EXIT);
        } else if (def->flags & TCG_OPF_COND_BRANCH) {
            la_cond_branch(s);
        } else if (op->opc == INDEX_op_call) {
            la_call_globals(s, op);
        } else if (def->flags & TCG_OPF_GLOBAL_SYNC) {
            la_globals_live(s);
        }
        for (int a = op->nb_oargs; a < nt; a++) {
            TCGTemp *ts = &s->temps[op->args[a]];
            if (ts->dead) {
                life |= DEAD_ARG(a);
            }
            ts->dead = false;
        }
        op->life = life;
        la_commute(s, op);
    }
}
