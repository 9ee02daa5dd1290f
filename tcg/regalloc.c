/*
 * Register allocation and code emission for one TB, in one forward pass
 * over the ops (after liveness analysis).
 *
 * Each temp is dead, in a host register, in memory (env field for
 * globals, a stack frame slot for other temps) or a constant.  Inputs are
 * loaded into registers on demand, as the backend's constraints require;
 * when no register is free the first candidate in allocation order is
 * spilled.  Registers of arguments that liveness marks dead are freed
 * right after the op.  Globals and TB temps are written back at block
 * ends, globals before calls that may read them and before ops that may
 * fault; TB temps and EBB temps are spilled only under pressure.
 * Exceptions: a label reached only from one brcond inherits its register
 * state, a loop head keeps the loop's main globals in registers across
 * its back edges, and a backend with ldst_saves_state stores globals for
 * qemu_ld/st itself, on its slow path (see docs/devel/tcg.md).
 */
#include "kemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-backend.h"

/* Room kept free in the code buffer before each op. */
#define TCG_HIGHWATER (64 * 1024)

/* Where a temp is, saved at a branch for the label it jumps to. */
typedef struct TempState {
    uint8_t val_type;
    int8_t reg;
    bool mem_coherent, mem_allocated;
    int32_t mem_offset;
} TempState;


/* A global kept in a host register across a loop's back edge. */
typedef struct LoopPin {
    int temp;
    int reg;
    bool coherent;              /* unwritten in the loop: memory agrees */
} LoopPin;

typedef struct LabelInfo {
    int refs, brcond_refs;
    int bind_op;                /* index of its set_label, -1 before */
    int last_ref;               /* index of the last branch to it */
    bool backward;              /* targeted by a branch after it: loop head */
    bool backward_brcond;       /* ... by a conditional one */
    bool forward;               /* targeted by a branch before it */
    bool fallthrough;           /* the op before it can fall into it */
    TempState *state;           /* snapshot at its only branch */
    LoopPin pins[TCG_MAX_REGS];
    int nb_pins;
} LabelInfo;

typedef struct RegAlloc {
    TCGContext *s;
    const TCGBackend *be;
    bool frame_overflow;
    GArray *insn_data;          /* uint64_t, TCG_INSN_START_WORDS per insn */
    LabelInfo *labels;
    int op_index;               /* the op being allocated */
} RegAlloc;

#define REG(r) ((TCGRegSet)1 << (r))

static uint8_t *align_ptr(uint8_t *p, uintptr_t align)
{
    return (uint8_t *)(((uintptr_t)p + align - 1) & ~(align - 1));
}

/* ---- Constraints ---- */

static void parse_constraint(const TCGBackend *be, const char *str,
                             TCGArgConstraint *ct)
{
    memset(ct, 0, sizeof(*ct));
    ct->alias = -1;
    for (const char *p = str; *p; p++) {
        switch (*p) {
        case 'r':
            ct->regs |= be->regs;
            break;
        case 'i':
            ct->ct |= TCG_CT_CONST;
            break;
        case '&':
            ct->newreg = true;
            break;
        case '0' ... '9':
            ct->alias = *p - '0';
            break;
        default:
            if (!be->constraint_letter || !be->constraint_letter(*p, ct)) {
                g_error("TCG backend %s: bad constraint '%c'", be->name, *p);
            }
        }
    }
}

/*
 * Inputs tied to few registers (x86 shift counts in rcx) are placed
 * before those that can go anywhere, so these do not take their place.
 */
static void sort_inputs(TCGOpConstraints *oc, int nb_o, int nb_i)
{
    for (int i = 0; i < nb_i; i++) {
        int k = nb_o + i, j = i;
        int n = __builtin_popcount(oc->args[k].regs);

        while (j > 0 &&
               __builtin_popcount(oc->args[oc->in_order[j - 1]].regs) > n) {
            oc->in_order[j] = oc->in_order[j - 1];
            j--;
        }
        oc->in_order[j] = k;
    }
}

const TCGOpConstraints *tcg_op_constraints(TCGContext *s, TCGOpcode opc,
                                           TCGType type)
{
    TCGOpConstraints *oc = s->constraints[opc][type];

    if (!oc) {
        const TCGConstraintSet *set = s->backend->op_constraints(opc, type);
        const TCGOpDef *def = &tcg_op_defs[opc];

        oc = g_new0(TCGOpConstraints, 1);
        for (int i = 0; i < def->nb_oargs + def->nb_iargs; i++) {
            g_assert(set->args[i]);
            parse_constraint(s->backend, set->args[i], &oc->args[i]);
            if (oc->args[i].alias >= 0) {
                /* The input goes where the output will be. */
                g_assert(i >= def->nb_oargs &&
                         oc->args[i].alias < def->nb_oargs);
                oc->args[i].regs = oc->args[oc->args[i].alias].regs;
            }
        }
        oc->clobbers = set->clobbers;
        sort_inputs(oc, def->nb_oargs, def->nb_iargs);
        s->constraints[opc][type] = oc;
    }
    return oc;
}

static bool const_ok(const TCGBackend *be, const TCGTemp *ts, TCGType type,
                     const TCGArgConstraint *ct)
{
    if (ct->ct & TCG_CT_CONST) {
        return true;
    }
    return ct->ct >= TCG_CT_BACKEND && be->const_match(ts->val, type, ct->ct);
}

/* ---- Temp states ---- */

static void set_temp_reg(RegAlloc *ra, TCGTemp *ts, int reg)
{
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
    ra->s->reg_to_temp[reg] = ts;
}

static void release_reg(RegAlloc *ra, TCGTemp *ts)
{
    if (ts->val_type == TEMP_VAL_REG && ts->kind != TEMP_FIXED) {
        ra->s->reg_to_temp[ts->reg] = NULL;
    }
}

static int temp_base(RegAlloc *ra, const TCGTemp *ts)
{
    return ts->kind == TEMP_GLOBAL ? ra->be->areg0 : ra->be->frame_reg;
}

static void temp_alloc_frame(RegAlloc *ra, TCGTemp *ts)
{
    TCGContext *s = ra->s;

    if (s->frame_next + 8 > ra->be->frame_start + ra->be->frame_size) {
        /* The code is thrown away: tcg_gen_code() returns -2. */
        ra->frame_overflow = true;
        ts->mem_offset = ra->be->frame_start;
    } else {
        ts->mem_offset = s->frame_next;
        s->frame_next += 8;
    }
    ts->mem_allocated = true;
}

/* Make memory hold the value of a temp that is in a register. */
static void temp_sync(RegAlloc *ra, TCGTemp *ts)
{
    if (ts->val_type != TEMP_VAL_REG || ts->mem_coherent ||
        ts->kind == TEMP_CONST || ts->kind == TEMP_FIXED) {
        return;
    }
    if (!ts->mem_allocated) {
        temp_alloc_frame(ra, ts);
    }
    ra->be->emit_st(ra->s, ts->type, ts->reg, temp_base(ra, ts),
                    ts->mem_offset);
    ts->mem_coherent = true;
}

/* Write back and forget the register: the value stays in memory. */
static void temp_save(RegAlloc *ra, TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_FIXED:
        return;
    case TEMP_CONST:
        release_reg(ra, ts);
        ts->val_type = TEMP_VAL_CONST;
        return;
    default:
        if (ts->val_type == TEMP_VAL_REG) {
            temp_sync(ra, ts);
            release_reg(ra, ts);
            ts->val_type = TEMP_VAL_MEM;
        }
    }
}

/* The value is no longer needed. */
static void temp_dead(RegAlloc *ra, TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_FIXED:
        return;
    case TEMP_CONST:
        release_reg(ra, ts);
        ts->val_type = TEMP_VAL_CONST;
        return;
    case TEMP_GLOBAL:
        release_reg(ra, ts);
        ts->val_type = TEMP_VAL_MEM;
        return;
    default:
        release_reg(ra, ts);
        ts->val_type = TEMP_VAL_DEAD;
    }
}

static void reg_spill(RegAlloc *ra, int reg)
{
    TCGTemp *ts = ra->s->reg_to_temp[reg];

    if (ts) {
        temp_save(ra, ts);
    }
}

/* Whether dropping the register of ts costs no store. */
static bool temp_clean(const TCGTemp *ts)
{
    return ts->kind == TEMP_CONST || ts->mem_coherent;
}

/*
 * A register from desired, not in avoid: a free one, else one whose value
 * is also in memory or constant, else spill one.
 */
static int reg_alloc(RegAlloc *ra, TCGRegSet desired, TCGRegSet avoid)
{
    TCGRegSet set = desired & ~avoid & ~ra->be->reserved_regs;

    for (int i = 0; i < ra->be->nb_regs; i++) {
        int reg = ra->be->alloc_order[i];
        if ((set & REG(reg)) && !ra->s->reg_to_temp[reg]) {
            return reg;
        }
    }
    for (int i = 0; i < ra->be->nb_regs; i++) {
        int reg = ra->be->alloc_order[i];
        if ((set & REG(reg)) && temp_clean(ra->s->reg_to_temp[reg])) {
            reg_spill(ra, reg);
            return reg;
        }
    }
    for (int i = 0; i < ra->be->nb_regs; i++) {
        int reg = ra->be->alloc_order[i];
        if (set & REG(reg)) {
            reg_spill(ra, reg);
            return reg;
        }
    }
    g_error("TCG: no register left (constraints too tight)");
}

/* Put the value of ts in reg without making reg its home. */
static void copy_to_reg(RegAlloc *ra, TCGTemp *ts, int reg)
{
    TCGContext *s = ra->s;

    switch (ts->val_type) {
    case TEMP_VAL_REG:
        if (ts->reg != reg) {
            ra->be->emit_mov(s, ts->type, reg, ts->reg);
        }
        break;
    case TEMP_VAL_CONST:
        ra->be->emit_movi(s, ts->type, reg, ts->val);
        break;
    case TEMP_VAL_MEM:
        ra->be->emit_ld(s, ts->type, reg, temp_base(ra, ts), ts->mem_offset);
        break;
    default:
        break;   /* undefined value: any register content will do */
    }
}

/* Load ts into a register of desired (its home from now on). */
static int temp_load(RegAlloc *ra, TCGTemp *ts, TCGRegSet desired,
                     TCGRegSet avoid)
{
    bool coherent = ts->val_type == TEMP_VAL_MEM ||
                    (ts->val_type == TEMP_VAL_REG && ts->mem_coherent);
    int reg;

    if (ts->val_type == TEMP_VAL_REG && (desired & REG(ts->reg))) {
        return ts->reg;
    }
    if (ts->val_type == TEMP_VAL_REG) {
        avoid |= REG(ts->reg);
    }
    reg = reg_alloc(ra, desired, avoid);
    copy_to_reg(ra, ts, reg);
    if (ts->kind == TEMP_FIXED) {
        return reg;   /* a copy for this op; the home stays */
    }
    release_reg(ra, ts);
    ts->mem_coherent = coherent;
    set_temp_reg(ra, ts, reg);
    return reg;
}

static void sync_globals(RegAlloc *ra)
{
    for (int i = 0; i < ra->s->nb_globals; i++) {
        temp_sync(ra, &ra->s->temps[i]);
    }
}

static void save_globals(RegAlloc *ra)
{
    for (int i = 0; i < ra->s->nb_globals; i++) {
        temp_save(ra, &ra->s->temps[i]);
    }
}

static void bb_end_temp(RegAlloc *ra, TCGTemp *ts, bool exit)
{
    if (ts->kind == TEMP_GLOBAL || (ts->kind == TEMP_TB && !exit)) {
        temp_save(ra, ts);
    } else {
        temp_dead(ra, ts);
    }
}

/* End of a basic block: memory holds globals and (unless exiting) TB temps. */
static void bb_end(RegAlloc *ra, bool exit)
{
    for (int i = 0; i < ra->s->nb_temps; i++) {
        bb_end_temp(ra, &ra->s->temps[i], exit);
    }
}

/* Conditional branch: the target finds globals and TB temps in memory. */
static void cond_branch_sync(RegAlloc *ra)
{
    for (int i = 0; i < ra->s->nb_temps; i++) {
        TCGTemp *ts = &ra->s->temps[i];

        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            temp_sync(ra, ts);
        }
    }
}

/* ---- Labels and loops ---- */

static bool op_is_branch(const TCGOp *op)
{
    return op->opc == INDEX_op_br || op->opc == INDEX_op_brcond;
}

static TCGArg branch_label(const TCGOp *op)
{
    return op->opc == INDEX_op_br ? op->args[0] : op->args[3];
}

/* Whether execution can run from op into the next one. */
static bool op_falls_through(const TCGOp *op)
{
    return op->opc != INDEX_op_br &&
           !(tcg_op_defs[op->opc].flags & TCG_OPF_BB_EXIT);
}

/* Who branches to each label, and from where. */
static void scan_labels(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    const TCGOp *prev = NULL;

    ra->labels = g_new0(LabelInfo, s->labels->len);
    for (guint i = 0; i < s->labels->len; i++) {
        ra->labels[i].bind_op = -1;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        LabelInfo *li;

        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            li = &ra->labels[op->args[0]];
            li->bind_op = i;
            li->fallthrough = !prev || op_falls_through(prev);
        } else if (op_is_branch(op)) {
            li = &ra->labels[branch_label(op)];
            li->refs++;
            li->last_ref = i;
            li->brcond_refs += op->opc == INDEX_op_brcond;
            if (li->bind_op >= 0) {
                li->backward = true;
                li->backward_brcond |= op->opc == INDEX_op_brcond;
            } else {
                li->forward = true;
            }
        }
        prev = op;
    }
}

/*
 * A label reached only by one earlier brcond, not by falling into it,
 * starts with the register state of that brcond: the brcond needs not
 * store anything, the stores happen on the paths that leave the TB.
 */
static bool label_inherits(const LabelInfo *li)
{
    return li->refs == 1 && li->brcond_refs == 1 && !li->backward &&
           !li->fallthrough;
}

static void save_state(RegAlloc *ra, LabelInfo *li)
{
    TCGContext *s = ra->s;

    li->state = g_new(TempState, s->nb_temps);
    for (int i = 0; i < s->nb_temps; i++) {
        const TCGTemp *ts = &s->temps[i];

        li->state[i] = (TempState) {
            ts->val_type, ts->reg, ts->mem_coherent, ts->mem_allocated,
            ts->mem_offset,
        };
    }
}

/* EBB temps are dead at the label, the rest is as the brcond left it. */
static void restore_state(RegAlloc *ra, LabelInfo *li)
{
    TCGContext *s = ra->s;

    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        const TempState *st = &li->state[i];

        ts->val_type = st->val_type;
        ts->reg = st->reg;
        ts->mem_coherent = st->mem_coherent;
        ts->mem_allocated = st->mem_allocated;
        ts->mem_offset = st->mem_offset;
        if (ts->val_type == TEMP_VAL_REG && ts->kind != TEMP_FIXED) {
            s->reg_to_temp[ts->reg] = ts;
        }
        if (ts->kind == TEMP_EBB) {
            temp_dead(ra, ts);
        }
    }
}

/* The registers an op of the loop body overwrites besides its outputs. */
static TCGRegSet op_clobbers(RegAlloc *ra, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (op->opc == INDEX_op_call) {
        return ra->be->call_clobber_regs;
    }
    if (def->flags & TCG_OPF_NOT_PRESENT || op->opc == INDEX_op_mov ||
        op->opc == INDEX_op_br) {
        return 0;
    }
    return tcg_op_constraints(ra->s, op->opc, op->type)->clobbers;
}

/* A temp that needs a register of its own while it is live. */
static bool temp_is_value(const TCGTemp *ts)
{
    return ts->kind == TEMP_EBB || ts->kind == TEMP_TB;
}

/*
 * The registers the loop body [first, last] needs besides its pinned
 * globals: its temps at their peak, plus one for an unpinned global, a
 * constant operand or the copy a two-address op makes.  Code between a
 * TB exit and the next label (leaving the loop) does not count.
 */
static int loop_body_regs(RegAlloc *ra, int first, int last)
{
    TCGContext *s = ra->s;
    g_autofree bool *live = g_new0(bool, s->nb_temps);
    int n = 0, peak = 0;
    bool exiting = false;

    for (int i = first; i <= last; i++) {
        const TCGOp *op = &s->ops[i];
        int nt = op->nb_oargs + op->nb_iargs;

        if (op->opc == INDEX_op_set_label) {
            exiting = false;
        } else if (tcg_op_defs[op->opc].flags & TCG_OPF_BB_EXIT) {
            exiting = true;
        }
        if (exiting || op->opc == INDEX_op_nop ||
            op->opc == INDEX_op_insn_start) {
            continue;
        }
        for (int k = 0; k < nt; k++) {
            TCGArg t = op->args[k];

            if (temp_is_value(&s->temps[t]) && !live[t]) {
                live[t] = true;
                n++;
            }
        }
        peak = MAX(peak, n);
        for (int k = 0; k < nt; k++) {
            TCGArg t = op->args[k];

            if (live[t] && (op->life & DEAD_ARG(k))) {
                live[t] = false;
                n--;
            }
        }
    }
    return peak + 1;
}

/*
 * Choose the globals of the loop [head, last back edge] that stay in
 * registers: the most read ones, then those only written, in registers
 * that the body's calls and clobbers leave alone (when these leave
 * caller-saved ones, enough of them stay for the body's own values).
 */
static void choose_pins(RegAlloc *ra, LabelInfo *li)
{
    TCGContext *s = ra->s;
    g_autofree int *score = g_new0(int, s->nb_globals);
    g_autofree bool *written = g_new0(bool, s->nb_globals);
    TCGRegSet free = ra->be->regs & ~ra->be->reserved_regs;
    bool exiting = false;
    int max;

    for (int i = li->bind_op + 1; i <= li->last_ref; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        free &= ~op_clobbers(ra, op);
        /* Code between a TB exit and the next label leaves the loop. */
        if (op->opc == INDEX_op_set_label) {
            exiting = false;
        } else if (tcg_op_defs[op->opc].flags & TCG_OPF_BB_EXIT) {
            exiting = true;
        }
        if (exiting) {
            continue;
        }
        for (int k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
            TCGArg g = op->args[k];

            /* Read before written: loaded at every iteration. */
            if (g < (TCGArg)s->nb_globals &&
                s->temps[g].kind == TEMP_GLOBAL && !written[g]) {
                score[g] += 16;
            }
        }
        for (int k = 0; k < op->nb_oargs; k++) {
            TCGArg g = op->args[k];

            /* Written: stored at every iteration. */
            if (g < (TCGArg)s->nb_globals && !written[g]) {
                written[g] = true;
                score[g] += 1;
            }
        }
    }
    /* Registers the body's values can use without spilling pins. */
    max = __builtin_popcount(free) -
          (free & ra->be->call_clobber_regs ?
           loop_body_regs(ra, li->bind_op + 1, li->last_ref) : 0);
    for (int n = 0; n < ra->be->nb_regs && li->nb_pins < max; n++) {
        int reg = ra->be->alloc_order[n], best = -1;

        if (!(free & REG(reg))) {
            continue;
        }
        for (int g = 0; g < s->nb_globals; g++) {
            if (score[g] && (best < 0 || score[g] > score[best])) {
                best = g;
            }
        }
        if (best < 0) {
            break;
        }
        li->pins[li->nb_pins++] = (LoopPin) { best, reg, !written[best] };
        score[best] = 0;
    }
}

/* The loop head: globals in memory, then the pinned ones loaded. */
static void loop_head(RegAlloc *ra, LabelInfo *li)
{
    if (li->backward_brcond || li->forward) {
        return;         /* only back edges by br reconcile registers */
    }
    choose_pins(ra, li);
    for (int i = 0; i < li->nb_pins; i++) {
        TCGTemp *ts = &ra->s->temps[li->pins[i].temp];

        copy_to_reg(ra, ts, li->pins[i].reg);
        set_temp_reg(ra, ts, li->pins[i].reg);
        ts->mem_coherent = li->pins[i].coherent;
    }
}

static const LoopPin *find_pin(const LabelInfo *li, int temp)
{
    for (int i = 0; i < li->nb_pins; i++) {
        if (li->pins[i].temp == temp) {
            return &li->pins[i];
        }
    }
    return NULL;
}

/* Move (or load) ts into the free register reg, keeping its coherence. */
static void move_to_reg(RegAlloc *ra, TCGTemp *ts, int reg)
{
    bool coherent = ts->val_type != TEMP_VAL_REG || ts->mem_coherent;

    copy_to_reg(ra, ts, reg);
    release_reg(ra, ts);
    set_temp_reg(ra, ts, reg);
    ts->mem_coherent = coherent;
}

/*
 * A back edge to a loop head: the pinned globals go to their registers
 * (those the loop does not write stay coherent), the rest as at any
 * block end.
 */
static void loop_back(RegAlloc *ra, const LabelInfo *li)
{
    TCGContext *s = ra->s;
    bool todo = true;

    for (int i = 0; i < li->nb_pins; i++) {
        if (li->pins[i].coherent) {
            temp_sync(ra, &s->temps[li->pins[i].temp]);
        }
    }
    while (todo) {
        bool progress = false;

        todo = false;
        for (int i = 0; i < li->nb_pins; i++) {
            TCGTemp *ts = &s->temps[li->pins[i].temp];
            int reg = li->pins[i].reg;
            TCGTemp *occ = s->reg_to_temp[reg];

            if (ts->val_type == TEMP_VAL_REG && ts->reg == reg) {
                continue;
            }
            if (occ && !find_pin(li, occ - s->temps)) {
                bb_end_temp(ra, occ, false);
            }
            if (!s->reg_to_temp[reg]) {
                move_to_reg(ra, ts, reg);
                progress = true;
            } else {
                todo = true;
            }
        }
        if (todo && !progress) {
            /* A cycle of pinned globals: one goes through memory. */
            for (int i = 0; i < li->nb_pins; i++) {
                TCGTemp *ts = &s->temps[li->pins[i].temp];

                if (!(ts->val_type == TEMP_VAL_REG &&
                      ts->reg == li->pins[i].reg)) {
                    temp_save(ra, s->reg_to_temp[li->pins[i].reg]);
                    break;
                }
            }
        }
    }
    for (int i = 0; i < s->nb_temps; i++) {
        if (!find_pin(li, i)) {
            bb_end_temp(ra, &s->temps[i], false);
        }
    }
}

/* ---- Ops ---- */

static TCGTemp *arg_temp(RegAlloc *ra, TCGArg a)
{
    return &ra->s->temps[a];
}

static void set_output(RegAlloc *ra, TCGTemp *ts, int reg)
{
    g_assert(ts->kind != TEMP_CONST && ts->kind != TEMP_FIXED);
    if (!(ts->val_type == TEMP_VAL_REG && ts->reg == reg)) {
        release_reg(ra, ts);
        set_temp_reg(ra, ts, reg);
    }
    ts->mem_coherent = false;
}

static void alloc_mov(RegAlloc *ra, const TCGOp *op)
{
    TCGTemp *ots = arg_temp(ra, op->args[0]);
    TCGTemp *ts = arg_temp(ra, op->args[1]);
    TCGRegSet regs = ra->be->regs;
    int reg;

    if (ts->val_type == TEMP_VAL_CONST) {
        reg = ots->val_type == TEMP_VAL_REG ? ots->reg
                                            : reg_alloc(ra, regs, 0);
        ra->be->emit_movi(ra->s, op->type, reg, ts->val);
    } else if ((op->life & DEAD_ARG(1)) && ts->kind != TEMP_FIXED &&
               ts->kind != TEMP_CONST) {
        /* The source dies: hand its register over. */
        reg = temp_load(ra, ts, regs, 0);
        temp_dead(ra, ts);
        release_reg(ra, ots);
    } else {
        int src = temp_load(ra, ts, regs, 0);
        reg = ots->val_type == TEMP_VAL_REG ? ots->reg
                                            : reg_alloc(ra, regs, REG(src));
        ra->be->emit_mov(ra->s, op->type, reg, src);
        if (op->life & DEAD_ARG(1)) {
            temp_dead(ra, ts);
        }
    }
    set_output(ra, ots, reg);
    if (op->life & DEAD_ARG(0)) {
        temp_dead(ra, ots);
    }
}

static void alloc_call(RegAlloc *ra, const TCGOp *op)
{
    const TCGBackend *be = ra->be;
    int nb_o = op->nb_oargs, nb_i = op->nb_iargs;
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)(uintptr_t)op->args[nb_o + nb_i + 1];
    TCGRegSet placed = 0;

    for (int k = 0; k < nb_i; k++) {
        TCGTemp *ts = arg_temp(ra, op->args[nb_o + k]);
        int reg = be->call_iarg_regs[k];

        if (!(ts->val_type == TEMP_VAL_REG && ts->reg == reg)) {
            reg_spill(ra, reg);
            copy_to_reg(ra, ts, reg);
        }
        placed |= REG(reg);
    }
    for (int k = 0; k < nb_i; k++) {
        if (op->life & DEAD_ARG(nb_o + k)) {
            temp_dead(ra, arg_temp(ra, op->args[nb_o + k]));
        }
    }
    for (int reg = 0; reg < be->nb_regs; reg++) {
        if (be->call_clobber_regs & REG(reg)) {
            reg_spill(ra, reg);
        }
    }
    if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
        if (info->flags & TCG_CALL_NO_WRITE_GLOBALS) {
            sync_globals(ra);
        } else {
            save_globals(ra);
        }
    }
    be->emit_call(ra->s, info);
    if (nb_o) {
        TCGTemp *ots = arg_temp(ra, op->args[0]);

        reg_spill(ra, be->call_oarg_reg);
        set_output(ra, ots, be->call_oarg_reg);
        if (op->life & DEAD_ARG(0)) {
            temp_dead(ra, ots);
        }
    }
}

static int alias_input(const TCGArgConstraint *ct, int nb_o, int nb_i, int out)
{
    for (int k = nb_o; k < nb_o + nb_i; k++) {
        if (ct[k].alias == out) {
            return k;
        }
    }
    return -1;
}

/*
 * A register of desired holding a copy of ts, which stays live elsewhere:
 * when ts already sits in a suitable register, ts moves out, unless it
 * is a global (a loop may keep it there) and another register suits.
 */
static int alias_copy(RegAlloc *ra, TCGTemp *ts, TCGRegSet desired,
                      TCGRegSet avoid)
{
    int home = temp_load(ra, ts, ra->be->regs, avoid), reg;
    TCGRegSet others = desired & ~avoid & ~REG(home) & ~ra->be->reserved_regs;

    if (ts->kind != TEMP_FIXED && (desired & REG(home)) &&
        (ts->kind != TEMP_GLOBAL || !others)) {
        reg = reg_alloc(ra, ra->be->regs, avoid | REG(home));
        ra->be->emit_mov(ra->s, ts->type, reg, home);
        ra->s->reg_to_temp[home] = NULL;
        set_temp_reg(ra, ts, reg);
        return home;
    }
    reg = reg_alloc(ra, desired, avoid | REG(home));
    ra->be->emit_mov(ra->s, ts->type, reg, home);
    return reg;
}

/* Operands of the op being allocated, as the backend will see them. */
typedef struct OpArgs {
    const TCGOp *op;
    const TCGOpConstraints *oc;
    TCGArg args[TCG_MAX_OP_ARGS];
    bool const_args[TCG_MAX_OP_ARGS];
    TCGRegSet i_alloc;
} OpArgs;

static void alloc_inputs(RegAlloc *ra, OpArgs *oa)
{
    const TCGOp *op = oa->op;
    const TCGArgConstraint *ct = oa->oc->args;

    for (int i = 0; i < op->nb_iargs; i++) {
        int k = oa->oc->in_order[i];
        TCGTemp *ts = arg_temp(ra, op->args[k]);
        int reg;

        if (ts->kind == TEMP_CONST && const_ok(ra->be, ts, op->type, &ct[k])) {
            oa->args[k] = ts->val;
            oa->const_args[k] = true;
            continue;
        }
        if (ct[k].alias >= 0 && ts->kind == TEMP_CONST) {
            reg = reg_alloc(ra, ct[k].regs, oa->i_alloc);
            copy_to_reg(ra, ts, reg);
        } else if (ct[k].alias >= 0 && (!(op->life & DEAD_ARG(k)) ||
                                        ts->kind == TEMP_FIXED)) {
            /* The output overwrites this register: work on a copy. */
            reg = alias_copy(ra, ts, ct[k].regs, oa->i_alloc);
        } else {
            reg = temp_load(ra, ts, ct[k].regs, oa->i_alloc);
        }
        oa->args[k] = reg;
        oa->i_alloc |= REG(reg);
    }
}

/* Whether the backend's code for op stores the stale globals itself. */
static bool op_saves_state(RegAlloc *ra, const TCGOp *op)
{
    return ra->be->ldst_saves_state &&
           (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st);
}

/* The globals a qemu_ld/st stores before it can fault (s->ldst_sync). */
static void ldst_sync_list(RegAlloc *ra)
{
    TCGContext *s = ra->s;

    s->nb_ldst_sync = 0;
    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL && ts->val_type == TEMP_VAL_REG &&
            !ts->mem_coherent) {
            g_assert(s->nb_ldst_sync < TCG_MAX_REGS);
            s->ldst_sync[s->nb_ldst_sync].reg = ts->reg;
            s->ldst_sync[s->nb_ldst_sync].type = ts->type;
            s->ldst_sync[s->nb_ldst_sync].offset = ts->mem_offset;
            s->nb_ldst_sync++;
        }
    }
}

/* Registers holding a value while the op runs. */
static TCGRegSet live_regs(RegAlloc *ra)
{
    TCGRegSet live = 0;

    for (int reg = 0; reg < ra->be->nb_regs; reg++) {
        if (ra->s->reg_to_temp[reg]) {
            live |= REG(reg);
        }
    }
    return live;
}

/* Between reading inputs and writing outputs. */
static void op_effects(RegAlloc *ra, const OpArgs *oa)
{
    const TCGOp *op = oa->op;
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    for (int k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
        if (op->life & DEAD_ARG(k)) {
            temp_dead(ra, arg_temp(ra, op->args[k]));
        }
    }
    for (int reg = 0; oa->oc->clobbers && reg < ra->be->nb_regs; reg++) {
        if (oa->oc->clobbers & REG(reg)) {
            reg_spill(ra, reg);
        }
    }
    if (def->flags & TCG_OPF_GLOBAL_SYNC) {
        if (op_saves_state(ra, op)) {
            ldst_sync_list(ra);
        } else {
            sync_globals(ra);
        }
    }
    if (def->flags & TCG_OPF_BB_END) {
        bb_end(ra, def->flags & TCG_OPF_BB_EXIT);
    } else if ((def->flags & TCG_OPF_COND_BRANCH) &&
               !label_inherits(&ra->labels[branch_label(op)])) {
        cond_branch_sync(ra);
    }
}

static void alloc_outputs(RegAlloc *ra, OpArgs *oa)
{
    const TCGOp *op = oa->op;
    const TCGArgConstraint *ct = oa->oc->args;
    TCGRegSet o_alloc = 0;

    for (int k = 0; k < op->nb_oargs; k++) {
        TCGTemp *ts = arg_temp(ra, op->args[k]);
        int in = alias_input(ct, op->nb_oargs, op->nb_iargs, k), reg;
        /* Clobbered registers only when the constraint names them. */
        TCGRegSet avoid = o_alloc |
            (ct[k].regs & ~oa->oc->clobbers ? oa->oc->clobbers : 0);

        if (in >= 0 && !oa->const_args[in]) {
            reg = oa->args[in];
            reg_spill(ra, reg);
        } else if (ct[k].newreg) {
            reg = reg_alloc(ra, ct[k].regs, avoid | oa->i_alloc);
        } else if (ts->val_type == TEMP_VAL_REG &&
                   (ct[k].regs & ~avoid & REG(ts->reg))) {
            reg = ts->reg;
        } else {
            reg = reg_alloc(ra, ct[k].regs, avoid);
        }
        set_output(ra, ts, reg);
        oa->args[k] = reg;
        o_alloc |= REG(reg);
    }
}

static void alloc_op(RegAlloc *ra, const TCGOp *op)
{
    OpArgs oa = {
        .op = op,
        .oc = tcg_op_constraints(ra->s, op->opc, op->type),
    };
    int nt = op->nb_oargs + op->nb_iargs;

    alloc_inputs(ra, &oa);
    op_effects(ra, &oa);
    alloc_outputs(ra, &oa);
    if (op_saves_state(ra, op)) {
        ra->s->ldst_live = live_regs(ra);
    }
    for (int k = nt; k < nt + op->nb_cargs; k++) {
        oa.args[k] = op->args[k];
    }
    ra->be->emit_op(ra->s, op->opc, op->type, oa.args, oa.const_args);
    if (op->opc == INDEX_op_brcond &&
        label_inherits(&ra->labels[branch_label(op)])) {
        save_state(ra, &ra->labels[branch_label(op)]);
    }
    for (int k = 0; k < op->nb_oargs; k++) {
        if (op->life & DEAD_ARG(k)) {
            temp_dead(ra, arg_temp(ra, op->args[k]));
        }
    }
}

static void bind_label(RegAlloc *ra, TCGArg id)
{
    TCGLabel *l = tcg_label(ra->s, id);
    LabelInfo *li = &ra->labels[id];

    if (label_inherits(li)) {
        restore_state(ra, li);
    } else {
        bb_end(ra, false);
    }
    if (li->backward) {
        loop_head(ra, li);
    }
    l->has_value = true;
    l->value = (uintptr_t)ra->s->code_ptr;
    for (guint i = 0; i < l->relocs->len; i++) {
        ra->be->patch_reloc(ra->s, &g_array_index(l->relocs, TCGReloc, i),
                            l->value);
    }
    g_array_set_size(l->relocs, 0);
}

static void insn_start(RegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    uint32_t off = s->code_ptr - s->code_start;

    if (ra->insn_data->len) {
        g_array_append_val(s->insn_end, off);
    }
    g_array_append_vals(ra->insn_data, op->args, TCG_INSN_START_WORDS);
}

static void reg_alloc_init(RegAlloc *ra, TCGContext *s)
{
    ra->s = s;
    ra->be = s->backend;
    ra->frame_overflow = false;
    ra->insn_data = g_array_new(false, false, sizeof(uint64_t));
    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    s->frame_next = s->backend->frame_start;
    g_array_set_size(s->insn_end, 0);
    for (int n = 0; n < 2; n++) {
        s->jmp_insn_offset[n] = s->jmp_reset_offset[n] = UINT32_MAX;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        switch (ts->kind) {
        case TEMP_GLOBAL:
            ts->val_type = TEMP_VAL_MEM;
            break;
        case TEMP_FIXED:
            break;
        case TEMP_CONST:
            ts->val_type = TEMP_VAL_CONST;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_allocated = false;
        }
    }
}

static void emit_one(RegAlloc *ra, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_insn_start:
        insn_start(ra, op);
        break;
    case INDEX_op_discard:
        temp_dead(ra, arg_temp(ra, op->args[0]));
        break;
    case INDEX_op_set_label:
        bind_label(ra, op->args[0]);
        break;
    case INDEX_op_mov:
        alloc_mov(ra, op);
        break;
    case INDEX_op_call:
        alloc_call(ra, op);
        break;
    case INDEX_op_br:
        if (ra->labels[op->args[0]].bind_op >= 0 &&
            ra->labels[op->args[0]].bind_op < ra->op_index) {
            /* A back edge: the pinned globals stay in registers. */
            TCGArg args[1] = { op->args[0] };
            bool const_args[1] = { false };

            loop_back(ra, &ra->labels[op->args[0]]);
            ra->be->emit_op(ra->s, op->opc, op->type, args, const_args);
        } else {
            alloc_op(ra, op);
        }
        break;
    case INDEX_op_goto_tb:
        g_assert(op->args[0] < 2);
        g_assert(ra->s->jmp_insn_offset[op->args[0]] == UINT32_MAX);
        alloc_op(ra, op);
        break;
    default:
        alloc_op(ra, op);
    }
}

/* Append the search data after the code and describe the TB. */
static bool finish_tb(RegAlloc *ra, TCGTBCode *tb)
{
    TCGContext *s = ra->s;
    uint32_t size = s->code_ptr - s->code_start;
    size_t nb = ra->insn_data->len / TCG_INSN_START_WORDS;
    uint8_t *p = (uint8_t *)align_ptr(s->code_ptr, 8);
    size_t data_bytes = ra->insn_data->len * sizeof(uint64_t);

    if (nb) {
        g_array_append_val(s->insn_end, size);
    }
    if (p + data_bytes + nb * sizeof(uint32_t) > s->code_buf_end) {
        return false;
    }
    if (nb) {
        memcpy(p, ra->insn_data->data, data_bytes);
        memcpy(p + data_bytes, s->insn_end->data, nb * sizeof(uint32_t));
    }
    tb->code = s->code_start;
    tb->size = size;
    tb->nb_insns = nb;
    tb->insn_data = (const uint64_t *)p;
    tb->insn_end = (const uint32_t *)(p + data_bytes);
    for (int n = 0; n < 2; n++) {
        tb->jmp_insn_offset[n] = s->jmp_insn_offset[n];
        tb->jmp_reset_offset[n] = s->jmp_reset_offset[n];
    }
    s->code_gen_ptr = p + data_bytes + nb * sizeof(uint32_t);
    return true;
}

int tcg_reg_alloc_code(TCGContext *s, TCGTBCode *tb)
{
    RegAlloc ra;
    int ret = -1;

    reg_alloc_init(&ra, s);
    scan_labels(&ra);
    s->code_start = s->code_ptr = align_ptr(s->code_gen_ptr, 16);
    if (ra.be->tb_start) {
        ra.be->tb_start(s);
    }
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->code_ptr > s->code_buf_end - TCG_HIGHWATER) {
            goto out;
        }
        if (s->ops[i].opc != INDEX_op_nop) {
            ra.op_index = i;
            emit_one(&ra, &s->ops[i]);
        }
    }
    /* Execution must not run off the end of the TB. */
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        const TCGOp *op = &s->ops[i];
        if (op->opc != INDEX_op_nop && op->opc != INDEX_op_insn_start) {
            g_assert(op->opc == INDEX_op_br ||
                     (tcg_op_defs[op->opc].flags & TCG_OPF_BB_EXIT));
            break;
        }
    }
    for (guint i = 0; i < s->labels->len; i++) {
        /* A branch to a label that was never placed is a frontend bug. */
        g_assert(tcg_label(s, i)->relocs->len == 0);
    }
    if (ra.be->tb_end && !ra.be->tb_end(s)) {
        goto out;
    }
    if (!finish_tb(&ra, tb)) {
        goto out;
    }
    ret = ra.frame_overflow ? -2 : (int)tb->size;
out:
    for (guint i = 0; i < s->labels->len; i++) {
        g_free(ra.labels[i].state);
    }
    g_free(ra.labels);
    g_array_free(ra.insn_data, true);
    return ret;
}
