/*
 * Segment descriptors: fetch, decode and the protection checks of
 * segment register loads (seg-helper.c), shared by the far transfers,
 * interrupt delivery (excp-legacy.c, excp.c) and the system instructions.
 *
 * A descriptor is the 8-byte little-endian value of the GDT/LDT entry.
 * Functions that take a retaddr raise the architectural exception
 * (#GP/#NP/#SS/#TS with the selector as error code) and do not return on
 * failure; the *_debug variants read through the debug path and return
 * false instead (for interrupt delivery outside translated code).
 */
#ifndef TARGET_I386_SEG_HELPER_H
#define TARGET_I386_SEG_HELPER_H

#include "cpu.h"

/* Descriptor fields. */
static inline uint32_t x86_desc_base(uint64_t d)
{
    return ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
}

/* The limit in bytes (scaled by G). */
static inline uint32_t x86_desc_limit(uint64_t d)
{
    uint32_t limit = (d & 0xffff) | ((d >> 32) & 0xf0000);

    return (d & ((uint64_t)DESC_G_MASK << 32)) ? (limit << 12) | 0xfff
                                                : limit;
}

/* The attribute bits as SegmentCache.flags keeps them. */
static inline uint32_t x86_desc_flags(uint64_t d)
{
    return (d >> 32) & 0xffff00;
}

static inline unsigned x86_desc_dpl(uint64_t d)
{
    return (x86_desc_flags(d) >> DESC_DPL_SHIFT) & 3;
}

/* System descriptor type (S = 0), or data/code type bits 11:8. */
static inline unsigned x86_desc_type(uint64_t d)
{
    return (x86_desc_flags(d) >> DESC_TYPE_SHIFT) & 0xf;
}

/*
 * The descriptor of sel (GDT or LDT by TI).  Raises #GP(sel) when it is
 * outside its table (or TI = 1 with no LDT).
 */
uint64_t x86_fetch_desc(CPUX86State *env, uint16_t sel, uintptr_t ra);
/* The same, false instead of #GP (callers raise their own fault). */
bool x86_read_desc(CPUX86State *env, uint16_t sel, uint64_t *desc,
                   uintptr_t ra);
bool x86_fetch_desc_debug(CPUX86State *env, uint16_t sel, uint64_t *desc);
/* Write sel's descriptor back (a TSS busy bit); sel must be in its table. */
void x86_store_desc(CPUX86State *env, uint16_t sel, uint64_t d, uintptr_t ra);

/* Load a segment cache (or segment register seg) from a descriptor. */
void x86_desc_seg(SegmentCache *sc, uint16_t sel, uint64_t d);
void x86_load_seg_desc(CPUX86State *env, int seg, uint16_t sel, uint64_t d);
/* Virtual-8086 mode: base sel << 4, limit 0xffff, a DPL 3 data segment. */
void x86_load_seg_vm86(CPUX86State *env, int seg, uint16_t sel);

/*
 * MOV/POP Sreg, LxS semantics for ES/SS/DS/FS/GS in the current mode:
 * real and virtual-8086 mode (base = sel << 4), protected and long mode with every
 * descriptor check, for privilege level cpl.
 */
void x86_load_seg(CPUX86State *env, int seg, uint16_t sel, unsigned cpl,
                  uintptr_t ra);

/*
 * The two halves of x86_load_seg in protected/long mode: the descriptor
 * the load may use (0 for a null selector; a null SS only when
 * null_ss_ok), raising #GP/#NP/#SS(sel) otherwise; then the load.
 */
uint64_t x86_check_seg(CPUX86State *env, int seg, uint16_t sel, unsigned cpl,
                       bool null_ss_ok, uintptr_t ra);
void x86_load_seg_checked(CPUX86State *env, int seg, uint16_t sel,
                          uint64_t d, unsigned cpl);

/*
 * Check a code segment descriptor as the target of a far JMP/CALL/RET/
 * IRET/interrupt: raises #GP(sel) for a non-code descriptor or wrong
 * privilege (JMP/CALL: against cpl; ret: a RETF/IRET to sel's RPL) and
 * #NP(sel) when not present.
 */
void x86_check_code_desc(CPUX86State *env, uint16_t sel, uint64_t d,
                         unsigned cpl, bool ret, uintptr_t ra);

/* Load CS for privilege level cpl (RPL := cpl) from a code descriptor. */
void x86_load_cs(CPUX86State *env, uint16_t sel, uint64_t d, unsigned cpl);

/* After a return to an outer level: null the data segments cpl may not use. */
void x86_null_inaccessible_segs(CPUX86State *env, unsigned cpl);

/* Stack access at SS:rSP with the current stack width (or 64-bit). */
typedef struct X86Stack {
    CPUX86State *env;
    uint64_t base, sp, mask;
    int mmu_idx;
    uintptr_t ra;
} X86Stack;

void x86_stack_init(X86Stack *st, CPUX86State *env, uintptr_t ra);
void x86_stack_push(X86Stack *st, uint64_t val, unsigned bytes);
uint64_t x86_stack_pop(X86Stack *st, unsigned bytes);
/* Write the stack pointer back at the stack width. */
void x86_stack_commit(X86Stack *st);

#endif
