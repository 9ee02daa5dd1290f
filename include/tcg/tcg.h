/*
 * TCG: Kemu's binary translator core.
 *
 * A guest frontend translates one translation block (TB) of guest code at a
 * time into ops of a small typed IR, through the tcg_gen_* builders of
 * "tcg/tcg-op.h".  tcg_gen_code() then optimizes the ops, runs liveness
 * analysis, allocates host registers and has a host backend (see
 * "tcg/tcg-backend.h") emit code into the context's code buffer, which
 * tcg_tb_exec() runs.  docs/devel/tcg.md describes the pipeline.
 *
 * Values live in temps of type i32 or i64 (a host pointer is an i64: Kemu
 * hosts are 64-bit).  Temp kinds:
 *   global  named, backed by a field of the CPU state at a fixed offset
 *           from the env pointer (a guest register); created once, before
 *           translation, with tcg_global_mem_new_*.  Loaded into host
 *           registers lazily, written back at basic block ends, before calls
 *           that may read them, before ops that may fault, and at TB exits.
 *   TB      tcg_temp_new_tb_*: keeps its value across branches and labels
 *           within the TB (spilled to the stack frame at block ends).
 *   EBB     tcg_temp_new_*: a scratch value of an extended basic block.  It
 *           survives the fall-through path of a conditional branch but is
 *           undefined after a label or an unconditional branch.
 *   const   tcg_constant_*: read-only, interned per TB; never free these.
 *
 * An i32 value held in a 64-bit host register has unspecified high bits;
 * every op consuming an i32 ignores them.
 *
 * The builders work on the current thread's context, tcg_ctx.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include "tcg/memop.h"

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_COUNT,
    TCG_TYPE_PTR = TCG_TYPE_I64,   /* 64-bit hosts only */
} TCGType;

/* Opaque temp handles.  They are temp indexes, valid in every context. */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef TCGv_i64 TCGv_ptr;

typedef uint64_t TCGArg;

/*
 * Conditions.  Bit 0 inverts, bit 1 is "greater/less", bit 2 signed and
 * bit 3 unsigned comparisons; TSTEQ/TSTNE compare (a & b) with 0.
 */
typedef enum TCGCond {
    TCG_COND_NEVER  = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ     = 8,
    TCG_COND_NE     = 9,
    TCG_COND_LT     = 2,
    TCG_COND_GE     = 3,
    TCG_COND_LE     = 4,
    TCG_COND_GT     = 5,
    TCG_COND_LTU    = 10,
    TCG_COND_GEU    = 11,
    TCG_COND_LEU    = 12,
    TCG_COND_GTU    = 13,
    TCG_COND_TSTEQ  = 6,
    TCG_COND_TSTNE  = 7,
} TCGCond;

/* !cond: EQ <-> NE, LT <-> GE, ... */
static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return c ^ 1;
}

/* The condition with operands swapped: LT <-> GT, LE <-> GE, ... */
TCGCond tcg_swap_cond(TCGCond c);
/* Evaluate a condition on two values of the given type. */
bool tcg_cond_eval(TCGCond c, TCGType type, uint64_t a, uint64_t b);
const char *tcg_cond_name(TCGCond c);

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

/* Words of insn_start data per guest instruction (guest pc + 2 extras). */
#define TCG_INSN_START_WORDS 3

/* Op flags (TCGOpDef.flags). */
enum {
    TCG_OPF_BB_END       = 1 << 0, /* ends a basic block: globals saved */
    TCG_OPF_BB_EXIT      = 1 << 1, /* leaves the TB: TB temps are dead */
    TCG_OPF_COND_BRANCH  = 1 << 2, /* globals synced, EBB continues */
    TCG_OPF_SIDE_EFFECTS = 1 << 3, /* never removed; globals synced first */
    TCG_OPF_CALL_CLOBBER = 1 << 4, /* clobbers the call-clobbered regs */
    TCG_OPF_NOT_PRESENT  = 1 << 5, /* handled by tcg.c, not the backend */
    TCG_OPF_GLOBAL_SYNC  = 1 << 6, /* may fault: globals stored first */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Helper call flags (TCGHelperInfo.flags). */
enum {
    /*
     * The helper neither reads nor writes globals through env: they stay
     * in host registers across the call.  Implies NO_WRITE_GLOBALS.
     */
    TCG_CALL_NO_READ_GLOBALS  = 1 << 0,
    /* The helper may read globals but writes none: they are stored to
     * env before the call and stay valid in registers after it. */
    TCG_CALL_NO_WRITE_GLOBALS = 1 << 1,
    /* No side effects: the call is removed when its result is unused. */
    TCG_CALL_NO_SIDE_EFFECTS  = 1 << 2,
    /* Without flags a helper may read and write every global. */

    TCG_CALL_NO_RWG    = TCG_CALL_NO_READ_GLOBALS,
    TCG_CALL_NO_WG     = TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_SE     = TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SE,
    TCG_CALL_NO_WG_SE  = TCG_CALL_NO_WG | TCG_CALL_NO_SE,
};

/* Types of a helper's return value and arguments (TCGHelperInfo.typemask). */
typedef enum TCGHelperType {
    TCG_HTYPE_VOID,
    TCG_HTYPE_I32,       /* uint32_t */
    TCG_HTYPE_S32,       /* int32_t */
    TCG_HTYPE_I64,       /* uint64_t or int64_t */
    TCG_HTYPE_PTR,       /* a host pointer */
} TCGHelperType;

#define TCG_MAX_HELPER_ARGS 6
#define TCG_HTYPE_BITS 3
/* typemask: slot 0 the return type, slots 1..6 the arguments. */
#define TCG_HTYPE(slot, t) ((unsigned)(t) << ((slot) * TCG_HTYPE_BITS))

/*
 * A C function called from translated code.  Arguments and the return
 * value are integers (i32/i64/ptr), passed in host registers.  Define them
 * with the DEF_HELPER_* macros of "tcg/helper-gen.h", or fill one in.
 */
typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;      /* TCG_CALL_* */
    unsigned typemask;   /* TCG_HTYPE(0, ret) | TCG_HTYPE(1, arg1) | ... */
} TCGHelperInfo;

static inline TCGHelperType tcg_helper_type(const TCGHelperInfo *info, int slot)
{
    return (info->typemask >> (slot * TCG_HTYPE_BITS)) & 7;
}

/* Number of arguments (the slots after the return value that are used). */
int tcg_helper_nargs(const TCGHelperInfo *info);

typedef enum TCGTempKind {
    TEMP_EBB,        /* dies at the end of the extended basic block */
    TEMP_TB,         /* lives across branches within the TB */
    TEMP_GLOBAL,     /* backed by env + mem_offset */
    TEMP_FIXED,      /* lives in a reserved host register (env) */
    TEMP_CONST,      /* constant, interned per TB */
} TCGTempKind;

/* Where the register allocator currently keeps a temp's value. */
typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

typedef struct TCGTemp {
    uint8_t type;            /* TCGType */
    uint8_t kind;            /* TCGTempKind */
    uint8_t val_type;        /* TCGTempVal */
    int8_t reg;              /* host register when val_type == REG */
    bool mem_coherent;       /* memory copy up to date (val_type == REG) */
    bool mem_allocated;      /* a frame slot is reserved (EBB/TB temps) */
    bool allocated;          /* in use (not on a free list) */
    bool dead;               /* liveness state during the backward pass */
    int32_t mem_offset;      /* env offset (globals) or frame offset */
    int64_t val;             /* TEMP_CONST value (i32: zero-extended) */
    const char *name;        /* globals */
    /* Optimizer state: constant value known, bits that may be set, copies. */
    bool opt_const;
    uint64_t opt_val;
    uint64_t opt_zmask;
    uint16_t opt_prev, opt_next;
} TCGTemp;

/* Per-op liveness: bit n set when argument n is dead after the op. */
typedef uint32_t TCGLifeData;
#define DEAD_ARG(n) (1u << (n))

#define TCG_MAX_OP_ARGS 10

/*
 * One op.  Temp arguments are indexes into TCGContext.temps; constant
 * arguments are values; labels are indexes into TCGContext.labels.
 */
typedef struct TCGOp {
    uint8_t opc;             /* TCGOpcode */
    uint8_t type;            /* TCGType of the operation */
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    TCGLifeData life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

typedef struct TCGLabel {
    int id;
    int refs;                /* branches targeting it (optimizer) */
    bool present;            /* set_label emitted */
    bool has_value;          /* code position known */
    uintptr_t value;         /* host code address of the label */
    GArray *relocs;          /* TCGReloc waiting for the value */
} TCGLabel;

typedef struct TCGReloc {
    void *ptr;               /* where to patch */
    int type;                /* backend-defined */
    intptr_t addend;
} TCGReloc;

/*
 * The result of translating one TB, kept with the TB by accel/tcg.  The
 * code and the search data live in the context's code buffer.
 */
typedef struct TCGTBCode {
    const void *code;        /* entry point for tcg_tb_exec() */
    uint32_t size;           /* bytes of code */
    /* goto_tb n: offset of the patchable jump, and of the code that runs
     * when it is not chained (UINT32_MAX when the TB has no goto_tb n). */
    uint32_t jmp_insn_offset[2];
    uint32_t jmp_reset_offset[2];
    uint32_t nb_insns;
    const uint32_t *insn_end;   /* per insn: code offset where it ends */
    const uint64_t *insn_data;  /* per insn: TCG_INSN_START_WORDS words */
} TCGTBCode;

/*
 * Softmmu access hooks (TCGContext.guest_load/guest_store, set by
 * accel/tcg), called by generated code for qemu_ld/qemu_st.  The load
 * hook returns the (1 << size)-byte value at guest address addr
 * in the MemOp's byte order, zero-extended (the backend sign-extends);
 * both check the MemOp's alignment and raise guest faults (longjmp out of
 * the TB, restoring the guest state with tcg_find_insn_data(retaddr)).
 * retaddr identifies the op in the generated code (for TCI the address of
 * the op's bytecode).  With tlb_fast_path set, the x86-64 backend looks
 * the TLB up inline and calls these only on a miss or a flagged entry.
 */
typedef uint64_t (*TCGGuestLoadFn)(void *env, uint64_t addr, MemOpIdx oi,
                                   uintptr_t retaddr);
typedef void (*TCGGuestStoreFn)(void *env, uint64_t addr, uint64_t val,
                                MemOpIdx oi, uintptr_t retaddr);

typedef struct TCGBackend TCGBackend;
typedef struct TCGOpConstraints TCGOpConstraints;

#define TCG_MAX_TEMPS 2048
#define TCG_MAX_OPS 16384
/* Room for one more guest instruction's ops after tcg_op_buf_full(). */
#define TCG_OPS_HEADROOM 1024
#define TCG_MAX_REGS 32

typedef struct TCGContext {
    const TCGBackend *backend;
    bool optimize;                /* run tcg_optimize() (default true) */

    /* Temps: globals first, then this TB's temps. */
    int nb_globals, nb_temps;
    TCGTemp temps[TCG_MAX_TEMPS];
    GArray *free_temps[TCG_TYPE_COUNT][2];  /* [type][kind == TEMP_TB] */
    GHashTable *consts[TCG_TYPE_COUNT];     /* value -> temp index + 1 */

    /* This TB's ops and labels. */
    TCGOp *ops;
    int nb_ops;
    GPtrArray *labels;
    int nb_insns;                 /* insn_start ops emitted */

    /*
     * Code buffer: [code_buf, code_buf_end).  The backend's prologue, if
     * any, sits below code_gen_base; TBs are appended at code_gen_ptr.
     */
    uint8_t *code_buf, *code_buf_end, *code_gen_base, *code_gen_ptr;
    uint8_t *code_ptr;            /* emission cursor during tcg_gen_code */
    uint8_t *code_start;          /* start of the TB being emitted */

    /* Register allocator state. */
    TCGTemp *reg_to_temp[TCG_MAX_REGS];
    int32_t frame_next;           /* next free frame offset */
    TCGOpConstraints *constraints[NB_OPS][TCG_TYPE_COUNT];  /* parsed */
    GArray *insn_end;             /* uint32_t per insn during emission */
    uint32_t jmp_insn_offset[2], jmp_reset_offset[2];

    /* The host pointer goto_ptr treats as "return 0 to the loop". */
    const void *exit_ptr;

    TCGGuestLoadFn guest_load;
    TCGGuestStoreFn guest_store;
    /*
     * Set by accel/tcg when every env sits right behind a
     * CPUNegativeOffsetState with a softmmu TLB (exec/cpu-defs.h): native
     * backends then look the TLB up inline and call the hooks above only
     * on a miss.  When false, every guest access calls the hooks.
     */
    bool tlb_fast_path;

    /*
     * For the qemu_ld/qemu_st being emitted on a backend with
     * ldst_saves_state: the globals whose env copy is stale (register,
     * type, env offset), which its code stores before calling a hook (the
     * only part that can fault), and the registers holding values during
     * the op, which the hook call must preserve.
     */
    int nb_ldst_sync;
    struct {
        int8_t reg;
        uint8_t type;
        int32_t offset;
    } ldst_sync[TCG_MAX_REGS];
    uint32_t ldst_live;            /* a TCGRegSet */
} TCGContext;

extern __thread TCGContext *tcg_ctx;
/* The env pointer: a fixed global (temp 0) in the backend's env register. */
extern const TCGv_ptr tcg_env;

/*
 * Create a context using the given backend (tcg_backend_tci, ...) with a
 * code buffer of code_size bytes, and make it the thread's tcg_ctx.
 */
TCGContext *tcg_context_new(const TCGBackend *backend, size_t code_size);
/*
 * A context for another thread (one per vCPU thread) with the same
 * backend, settings, hooks and globals as parent, so the handles the
 * frontend created once work in both.  Does not change tcg_ctx.
 */
TCGContext *tcg_context_clone(const TCGContext *parent, size_t code_size);
void tcg_context_free(TCGContext *s);
/* Make s the current thread's context. */
void tcg_set_context(TCGContext *s);
/* Drop every translated TB: the code buffer starts again (a TB flush). */
void tcg_code_flush(TCGContext *s);

/* Globals: create before translating; name is not copied. */
TCGv_i32 tcg_global_mem_new_i32(intptr_t env_offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(intptr_t env_offset, const char *name);
static inline TCGv_ptr tcg_global_mem_new_ptr(intptr_t off, const char *name)
{
    return tcg_global_mem_new_i64(off, name);
}

/* Start a new TB: drops the previous TB's ops, temps and labels. */
void tcg_func_start(TCGContext *s);

/* Temps. */
TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind);
void tcg_temp_free_internal(TCGTemp *ts);
TCGTemp *tcg_constant_internal(TCGType type, int64_t val);

static inline TCGTemp *tcg_temp(size_t idx)
{
    return &tcg_ctx->temps[idx];
}
static inline size_t temp_idx(const TCGTemp *ts)
{
    return ts - tcg_ctx->temps;
}
static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return tcg_temp((uintptr_t)v - 1);
}
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return tcg_temp((uintptr_t)v - 1);
}
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v)
{
    return tcgv_i64_temp(v);
}
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *ts)
{
    g_assert(ts->type == TCG_TYPE_I32);
    return (TCGv_i32)(uintptr_t)(temp_idx(ts) + 1);
}
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *ts)
{
    g_assert(ts->type == TCG_TYPE_I64);
    return (TCGv_i64)(uintptr_t)(temp_idx(ts) + 1);
}
static inline TCGArg tcgv_i32_arg(TCGv_i32 v) { return (uintptr_t)v - 1; }
static inline TCGArg tcgv_i64_arg(TCGv_i64 v) { return (uintptr_t)v - 1; }

/* EBB temps (die at labels) and TB temps (live across branches). */
static inline TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}
static inline TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}
static inline TCGv_ptr tcg_temp_new_ptr(void)
{
    return tcg_temp_new_i64();
}
static inline TCGv_i32 tcg_temp_new_tb_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}
static inline TCGv_i64 tcg_temp_new_tb_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}
/* Give a temp back for reuse (optional: all temps die with the TB). */
static inline void tcg_temp_free_i32(TCGv_i32 v)
{
    tcg_temp_free_internal(tcgv_i32_temp(v));
}
static inline void tcg_temp_free_i64(TCGv_i64 v)
{
    tcg_temp_free_internal(tcgv_i64_temp(v));
}
static inline TCGv_i32 tcg_constant_i32(int32_t val)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, val));
}
static inline TCGv_i64 tcg_constant_i64(int64_t val)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, val));
}
static inline TCGv_ptr tcg_constant_ptr(const void *p)
{
    return tcg_constant_i64((intptr_t)p);
}

/* Labels: create, then place with tcg_gen_set_label(). */
TCGLabel *gen_new_label(void);
TCGLabel *tcg_label(TCGContext *s, TCGArg id);

/* Ops. */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs);
void tcg_op_remove(TCGContext *s, TCGOp *op);
/* Whether the op's two inputs can be swapped (add, mul, and, ...). */
bool tcg_op_commutative(TCGOpcode opc);
/* The op emitted last; valid until tcg_gen_code(). */
TCGOp *tcg_last_op(void);
/* Fill in insn_start word n (0..2) once the instruction is decoded. */
static inline void tcg_set_insn_start_param(TCGOp *op, int n, uint64_t v)
{
    g_assert(op->opc == INDEX_op_insn_start && n < TCG_INSN_START_WORDS);
    op->args[n] = v;
}
/* True when the frontend should end the TB before the next instruction. */
bool tcg_op_buf_full(void);
/* Whether the context's backend implements an op natively. */
bool tcg_op_supported(TCGOpcode opc, TCGType type);

/* The ops of the current TB in readable form ("add_i32 tmp2,x0,$0x4"). */
void tcg_dump_ops(TCGContext *s, GString *out, bool with_liveness);

/* Pipeline stages, called by tcg_gen_code(); exposed for tests. */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);

/*
 * Compile the current TB into the code buffer and describe it in *tb.
 * Returns the code size, -1 when the code buffer is full (flush with
 * tcg_code_flush() and translate again), or -2 when the TB needs more
 * stack frame than the backend has (translate fewer guest instructions).
 * Logs the ops under -d op and op_opt, the host code under -d out_asm.
 */
int tcg_gen_code(TCGContext *s, TCGTBCode *tb);

/*
 * Run translated code.  Returns the exit_tb value: for exits through
 * tcg_gen_exit_tb(tb, idx) the TB pointer with idx in its low bits.
 */
uintptr_t tcg_tb_exec(TCGContext *s, void *env, const void *code);

/* Chain goto_tb slot n of tb to target code (or unchain: target NULL). */
void tcg_tb_set_jmp_target(const TCGTBCode *tb, int n, const void *target);

/*
 * Find the guest instruction whose host code contains host_pc, copy its
 * insn_start words to data[TCG_INSN_START_WORDS] and return its index in
 * the TB, or -1 when host_pc is outside the TB.  For TCI host_pc is the
 * bytecode address of the op (the retaddr passed to the softmmu hooks and
 * returned by TCG_GETPC() in helpers); native backends pass an address
 * inside the op's code (a return address minus one), so no adjustment is
 * needed either way.
 */
int tcg_find_insn_data(const TCGTBCode *tb, uintptr_t host_pc,
                       uint64_t data[TCG_INSN_START_WORDS]);

/*
 * The code position of the op being interpreted by TCI on this thread
 * (0 when TCI is not running).  Helpers use TCG_GETPC() to find where
 * they were called from, as QEMU's GETPC().
 */
extern __thread uintptr_t tci_retaddr;
#define TCG_GETPC() \
    (tci_retaddr ? tci_retaddr : (uintptr_t)__builtin_return_address(0) - 1)

/* exit_tb values: low bits of the TB pointer say how the TB was left. */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0   /* through goto_tb slot 0, unchained */
#define TB_EXIT_IDX1      1   /* through goto_tb slot 1, unchained */
#define TB_EXIT_REQUESTED 3   /* an exit request (interrupt, icount) */

/* Backends. */
extern const TCGBackend tcg_backend_tci;
/* TCI with only the mandatory ops: exercises tcg-op's generic expansions. */
extern const TCGBackend tcg_backend_tci_min;
/* TCI with x86-like operand constraints: exercises the register allocator. */
extern const TCGBackend tcg_backend_tci_2addr;
/* Native x86-64, using the optional instructions the host CPU has. */
extern const TCGBackend tcg_backend_x86_64;
/* x86-64 without lzcnt, tzcnt, popcnt, movbe, andn: the fallbacks' tests. */
extern const TCGBackend tcg_backend_x86_64_base;

#endif
