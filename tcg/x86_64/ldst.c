/*
 * x86-64 backend: guest memory (qemu_ld/qemu_st).
 *
 * With s->tlb_fast_path set, env sits right behind a CPUNegativeOffsetState
 * (exec/cpu-defs.h) and each access looks the softmmu TLB up inline:
 *
 *     rdi = ((addr >> (PAGE_BITS - ENTRY_BITS)) & mask) + table   the entry
 *     rsi = (addr + size-1 - (align-1)) & (PAGE_MASK | (align-1))
 *     cmp rsi, addr_read/addr_write(rdi); jne slow
 *     load/store at addr + addend(rdi)
 *
 * so misaligned accesses, accesses crossing a page and entries with flag
 * bits miss.  The slow paths go after the TB's last op (tb_end): they call
 * s->guest_load/guest_store with a retaddr inside the fast path, then jump
 * back.  Without the flag every access calls the hooks inline.
 *
 * The constraints keep the address and data out of the call argument
 * registers; the op clobbers only T0 and T1.  Around the hook call, the
 * code stores the globals whose env copy is stale (s->ldst_sync: a fault
 * reads them there) and saves the other live call-clobbered registers in
 * the frame area below the spill slots (X86_LDST_SAVE).
 */
#include "kemu/osdep.h"
#include "exec/cpu-defs.h"
#include "x86-internal.h"

#define T0 X86_RDI
#define T1 X86_RSI

typedef struct X86SlowPath {
    uint8_t *jcc_disp;          /* rel32 of the fast path's jne */
    const uint8_t *raddr;       /* where the fast path continues */
    MemOpIdx oi;
    TCGType type;
    bool is_ld;
    int data, addr;             /* addr zero-extended already */
    TCGRegSet save;             /* live registers the call would clobber */
    int nb_sync;
    struct {
        int8_t reg;
        uint8_t type;
        int32_t offset;
    } sync[TCG_MAX_REGS];       /* stale globals: register, env offset */
} X86SlowPath;

/* Slow paths of the TB being emitted on this thread. */
static GPrivate slow_paths_key = G_PRIVATE_INIT((GDestroyNotify)g_array_unref);

static GArray *slow_paths(void)
{
    GArray *a = g_private_get(&slow_paths_key);

    if (!a) {
        a = g_array_new(false, false, sizeof(X86SlowPath));
        g_private_set(&slow_paths_key, a);
    }
    return a;
}

/* Load the value at [base + index] as mop says into ret. */
static void x86_load_direct(TCGContext *s, TCGType type, MemOp mop, int ret,
                            int base, int index)
{
    bool swap = mop & MO_BSWAP, sign = mop & MO_SIGN;
    bool movbe = swap && (x86_features(s) & X86_HAS_MOVBE);
    int w = P_W(type);

    switch (mop & MO_SIZE) {
    case MO_8:
        x86_modrm_sib(s, sign ? OPC_MOVSBL | w : OPC_MOVZBL, ret, base,
                      index, 0, 0);
        break;
    case MO_16:
        if (!swap) {
            x86_modrm_sib(s, sign ? OPC_MOVSWL | w : OPC_MOVZWL, ret, base,
                          index, 0, 0);
            break;
        }
        if (movbe) {
            x86_modrm_sib(s, OPC_MOVBE_GyMy | P_DATA16, ret, base, index,
                          0, 0);
        } else {
            x86_modrm_sib(s, OPC_MOVZWL, ret, base, index, 0, 0);
            x86_shift_ri(s, P_DATA16, SHIFT_ROL, ret, 8);
        }
        x86_emit_ext(s, type, ret, ret, MO_16, sign);
        break;
    case MO_32:
        if (!swap && sign && type == TCG_TYPE_I64) {
            x86_modrm_sib(s, OPC_MOVSLQ, ret, base, index, 0, 0);
            break;
        }
        x86_modrm_sib(s, movbe ? OPC_MOVBE_GyMy : OPC_MOVL_GvEv, ret, base,
                      index, 0, 0);
        if (swap && !movbe) {
            x86_opc(s, OPC_BSWAP + (ret & 7), 0, ret, 0);
        }
        if (swap && sign && type == TCG_TYPE_I64) {
            x86_modrm(s, OPC_MOVSLQ, ret, ret);
        }
        break;
    default:
        g_assert(type == TCG_TYPE_I64);
        x86_modrm_sib(s, (movbe ? OPC_MOVBE_GyMy : OPC_MOVL_GvEv) | P_REXW,
                      ret, base, index, 0, 0);
        if (swap && !movbe) {
            x86_opc(s, (OPC_BSWAP + (ret & 7)) | P_REXW, 0, ret, 0);
        }
    }
}

/* Store val at [base + index] as mop says; may use T1. */
static void x86_store_direct(TCGContext *s, MemOp mop, int val, int base,
                             int index)
{
    static const int sizes[4] = {
        OPC_MOVB_EvGv | P_REXB, OPC_MOVL_EvGv | P_DATA16, OPC_MOVL_EvGv,
        OPC_MOVL_EvGv | P_REXW,
    };
    MemOp size = mop & MO_SIZE;
    int opc = sizes[size];

    if ((mop & MO_BSWAP) && size != MO_8) {
        if (x86_features(s) & X86_HAS_MOVBE) {
            opc = (opc & (P_DATA16 | P_REXW)) | OPC_MOVBE_MyGy;
        } else {
            x86_emit_mov(s, TCG_TYPE_I64, T1, val);
            if (size == MO_16) {
                x86_shift_ri(s, P_DATA16, SHIFT_ROL, T1, 8);
            } else {
                x86_opc(s, (OPC_BSWAP + (T1 & 7)) | (opc & P_REXW), 0, T1, 0);
            }
            val = T1;
        }
    }
    x86_modrm_sib(s, opc, val, base, index, 0, 0);
}

/* Store the stale globals, save the live call-clobbered registers. */
static void x86_save_state(TCGContext *s, const X86SlowPath *p)
{
    int slot = 0;

    for (int i = 0; i < p->nb_sync; i++) {
        x86_emit_st(s, p->sync[i].type, p->sync[i].reg, X86_AREG0,
                    p->sync[i].offset);
    }
    for (int reg = 0; reg < 16; reg++) {
        if (p->save & X86_REG(reg)) {
            x86_emit_st(s, TCG_TYPE_I64, reg, X86_RSP, 8 * slot++);
        }
    }
}

static void x86_restore_regs(TCGContext *s, const X86SlowPath *p)
{
    int slot = 0;

    for (int reg = 0; reg < 16; reg++) {
        if (p->save & X86_REG(reg)) {
            x86_emit_ld(s, TCG_TYPE_I64, reg, X86_RSP, 8 * slot++);
        }
    }
}

/*
 * Call the softmmu hook for an access: retaddr is ra, an address inside
 * this op's code (tcg_find_insn_data() maps it to the guest insn).
 */
static void x86_emit_hook_call(TCGContext *s, const X86SlowPath *p,
                               const void *ra)
{
    MemOp mop = get_memop(p->oi);

    x86_save_state(s, p);

    x86_emit_mov(s, TCG_TYPE_PTR, X86_RDI, X86_AREG0);
    x86_emit_mov(s, TCG_TYPE_I64, X86_RSI, p->addr);
    if (p->is_ld) {
        g_assert(s->guest_load);
        x86_emit_movi(s, TCG_TYPE_I32, X86_RDX, p->oi);
        x86_lea_rip(s, X86_RCX, ra);
        x86_emit_call_ptr(s, s->guest_load);
        /* The hook zero-extends in the MemOp's byte order. */
        x86_emit_ext(s, p->type, p->data, X86_RAX, mop & MO_SIZE,
                     mop & MO_SIGN);
    } else {
        g_assert(s->guest_store);
        x86_emit_mov(s, TCG_TYPE_I64, X86_RDX, p->data);
        x86_emit_movi(s, TCG_TYPE_I32, X86_RCX, p->oi);
        x86_lea_rip(s, X86_R8, ra);
        x86_emit_call_ptr(s, s->guest_store);
    }
    x86_restore_regs(s, p);
}

/* RORX ret, arg, count (BMI2): a rotate that leaves arg alone. */
static void x86_emit_rorx(TCGContext *s, int ret, int arg, int count)
{
    x86_vex_rr(s, 3, 3, true, 0, 0xf0, ret, arg);      /* map 0F3A, F2 */
    x86_out8(s, count);
}

/* T0 = addr >> shift, as far as the TLB mask keeps (bits 0-56). */
static void x86_tlb_index_shift(TCGContext *s, int addr, int shift)
{
    if (x86_features(s) & X86_HAS_BMI2) {
        /* The bits rotated into the top are masked off. */
        x86_emit_rorx(s, T0, addr, shift);
    } else {
        x86_emit_mov(s, TCG_TYPE_I64, T0, addr);
        x86_shift_ri(s, P_REXW, SHIFT_SHR, T0, shift);
    }
}

/*
 * The inline TLB lookup: leaves the entry's addend in T0 and a jne to the
 * slow path, recorded in *p.
 */
static void x86_tlb_lookup(TCGContext *s, X86SlowPath *p)
{
    MemOp mop = get_memop(p->oi);
    unsigned mmu_idx = get_mmuidx(p->oi);
    unsigned s_mask = memop_size(mop) - 1;
    unsigned a_mask = memop_alignment(mop) - 1;
    intptr_t fast = NEG_OFFSET(tlb_fast) +
                    mmu_idx * (intptr_t)sizeof(CPUTLBDescFast);
    intptr_t cmp_off = p->is_ld ? offsetof(CPUTLBEntry, addr_read)
                                : offsetof(CPUTLBEntry, addr_write);
    uint8_t *cmp;

    x86_tlb_index_shift(s, p->addr, TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS);
    x86_modrm_off(s, (OPC_ARITH_GvEv + (ARITH_AND << 3)) | P_REXW, T0,
                  X86_AREG0, fast + offsetof(CPUTLBDescFast, mask));
    x86_modrm_off(s, (OPC_ARITH_GvEv + (ARITH_ADD << 3)) | P_REXW, T0,
                  X86_AREG0, fast + offsetof(CPUTLBDescFast, table));
    /* The last byte of an unaligned access must be on the same page. */
    if (s_mask > a_mask) {
        x86_modrm_sib(s, OPC_LEA | P_REXW, T1, p->addr, -1, 0,
                      s_mask - a_mask);
    } else {
        x86_emit_mov(s, TCG_TYPE_I64, T1, p->addr);
    }
    x86_arith_ri(s, P_REXW, ARITH_AND, T1,
                 (int32_t)(TARGET_PAGE_MASK | a_mask));
    cmp = s->code_ptr;
    x86_modrm_off(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, T1,
                  T0, cmp_off);
    x86_align_jump(s, cmp, 6);
    x86_opc(s, OPC_JCC_long + JCC_NE, 0, 0, 0);
    p->jcc_disp = s->code_ptr;
    x86_out32(s, 0);
    x86_modrm_off(s, OPC_MOVL_GvEv | P_REXW, T0, T0,
                  offsetof(CPUTLBEntry, addend));
}

/* args: data, addr; MemOpIdx, address type. */
static void x86_emit_qemu_ldst(TCGContext *s, TCGType type,
                               const TCGArg *args, bool is_ld)
{
    X86SlowPath p = {
        .oi = args[2], .type = type, .is_ld = is_ld,
        .data = args[0], .addr = args[1],
        .save = s->ldst_live & X86_CALL_CLOBBERED &
                ~(is_ld ? X86_REG(args[0]) : 0),
        .nb_sync = s->nb_ldst_sync,
    };

    g_assert(type == TCG_TYPE_I64 ||
             (get_memop(p.oi) & MO_SIZE) != MO_64);
    g_assert(__builtin_popcount(p.save) * 8 <= X86_LDST_SAVE);
    memcpy(p.sync, s->ldst_sync, p.nb_sync * sizeof(p.sync[0]));
    if (args[3] == TCG_TYPE_I32) {
        /* A 32-bit guest address: use its zero-extension. */
        x86_modrm(s, OPC_MOVL_GvEv, X86_TMP, p.addr);
        p.addr = X86_TMP;
    }
    if (!s->tlb_fast_path) {
        x86_emit_hook_call(s, &p, s->code_ptr);
        return;
    }
    x86_tlb_lookup(s, &p);
    if (is_ld) {
        x86_load_direct(s, type, get_memop(p.oi), p.data, p.addr, T0);
    } else {
        x86_store_direct(s, get_memop(p.oi), p.data, p.addr, T0);
    }
    p.raddr = s->code_ptr;
    g_array_append_val(slow_paths(), p);
}

void x86_emit_qemu_ld(TCGContext *s, TCGType type, const TCGArg *args)
{
    x86_emit_qemu_ldst(s, type, args, true);
}

void x86_emit_qemu_st(TCGContext *s, TCGType type, const TCGArg *args)
{
    x86_emit_qemu_ldst(s, type, args, false);
}

void x86_ldst_tb_start(TCGContext *s)
{
    g_array_set_size(slow_paths(), 0);
}

/* Room one slow path needs at most. */
#define X86_SLOW_PATH_MAX (96 + 8 * TCG_MAX_REGS + 16 * 16)

bool x86_ldst_tb_end(TCGContext *s)
{
    GArray *a = slow_paths();

    for (guint i = 0; i < a->len; i++) {
        X86SlowPath *p = &g_array_index(a, X86SlowPath, i);
        int32_t disp;

        if (s->code_ptr + X86_SLOW_PATH_MAX > s->code_buf_end) {
            return false;
        }
        disp = s->code_ptr - (p->jcc_disp + 4);
        memcpy(p->jcc_disp, &disp, 4);
        /* One byte back: inside the access instruction of the fast path. */
        x86_emit_hook_call(s, p, p->raddr - 1);
        x86_jump32(s, OPC_JMP_long, p->raddr);
    }
    g_array_set_size(a, 0);
    return true;
}
