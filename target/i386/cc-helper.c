/*
 * The arithmetic flags from the lazy state (see cpu.h): one function per
 * kind of flag-setting instruction, each at the operation size.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static uint64_t size_mask(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

static uint64_t sign_bit(int size)
{
    return 1ull << ((8 << size) - 1);
}

/* ZF, SF, PF of a result (already truncated). */
static uint32_t szp(uint64_t dst, int size)
{
    uint32_t f = 0;

    f |= dst == 0 ? CC_Z : 0;
    f |= (dst & sign_bit(size)) ? CC_S : 0;
    f |= (__builtin_popcount(dst & 0xff) & 1) ? 0 : CC_P;
    return f;
}

static uint32_t add_flags(uint64_t dst, uint64_t src1, uint64_t src,
                          bool carry, int size)
{
    uint32_t f = szp(dst, size);

    f |= (carry ? dst <= src1 : dst < src1) ? CC_C : 0;
    f |= ((dst ^ src1 ^ src) & 0x10) ? CC_A : 0;
    f |= ((src1 ^ dst) & (src ^ dst) & sign_bit(size)) ? CC_O : 0;
    return f;
}

static uint32_t sub_flags(uint64_t dst, uint64_t src1, uint64_t src,
                          bool borrow, int size)
{
    uint32_t f = szp(dst, size);

    f |= (borrow ? src1 <= src : src1 < src) ? CC_C : 0;
    f |= ((dst ^ src1 ^ src) & 0x10) ? CC_A : 0;
    f |= ((src1 ^ src) & (src1 ^ dst) & sign_bit(size)) ? CC_O : 0;
    return f;
}

uint32_t x86_cc_compute_all(uint32_t cc_op, uint64_t dst, uint64_t src,
                            uint64_t src2)
{
    int size = cc_op & 3;
    uint64_t m = size_mask(size);
    uint32_t f;

    if (cc_op == CC_OP_EFLAGS) {
        return src & CC_ALL;
    }
    dst &= m;
    src &= m;
    switch (cc_op >> 2) {
    case CC_KIND_ADD:
        return add_flags(dst, (dst - src) & m, src, false, size);
    case CC_KIND_ADC:
        return add_flags(dst, (dst - src - (src2 & 1)) & m, src, src2 & 1,
                         size);
    case CC_KIND_SUB:
        return sub_flags(dst, (dst + src) & m, src, false, size);
    case CC_KIND_SBB:
        return sub_flags(dst, (dst + src + (src2 & 1)) & m, src, src2 & 1,
                         size);
    case CC_KIND_LOGIC:
        return szp(dst, size);
    case CC_KIND_INC:
        f = add_flags(dst, (dst - 1) & m, 1, false, size) & ~CC_C;
        return f | (src2 & CC_C);
    case CC_KIND_DEC:
        f = sub_flags(dst, (dst + 1) & m, 1, false, size) & ~CC_C;
        return f | (src2 & CC_C);
    case CC_KIND_SHL:
        f = szp(dst, size);
        f |= (src & sign_bit(size)) ? CC_C : 0;
        f |= ((src ^ dst) & sign_bit(size)) ? CC_O : 0;
        return f;
    case CC_KIND_SAR:
        /* OF is right for a count of 1 (undefined otherwise). */
        f = szp(dst, size);
        f |= (src & 1) ? CC_C : 0;
        f |= ((src ^ dst) & sign_bit(size)) ? CC_O : 0;
        return f;
    case CC_KIND_MUL:
        return szp(dst, size) | (src ? CC_C | CC_O : 0);
    default:
        g_assert_not_reached();
    }
}

uint64_t helper_cc_compute_all(uint32_t cc_op, uint64_t dst, uint64_t src,
                               uint64_t src2)
{
    return x86_cc_compute_all(cc_op, dst, src, src2);
}

uint64_t x86_read_eflags(CPUX86State *env)
{
    return env->eflags | EFLAGS_FIXED |
           x86_cc_compute_all(env->cc_op, env->cc_dst, env->cc_src,
                              env->cc_src2);
}

void x86_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask)
{
    uint64_t cur = x86_read_eflags(env);

    val = (cur & ~mask) | (val & mask);
    env->cc_src = val & CC_ALL;
    env->cc_op = CC_OP_EFLAGS;
    env->eflags = (val & ~(uint64_t)CC_ALL) | EFLAGS_FIXED;
}
