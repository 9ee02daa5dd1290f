/*
 * The BCD adjustments outside 64-bit mode: DAA, DAS, AAA, AAS, AAM, AAD
 * on AL/AH.  Flags the architecture leaves undefined are cleared.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "tcg/tcg.h"
#include "tcg/helper-proto.h"
#include "helper.h"

enum { BCD_DAA, BCD_DAS, BCD_AAA, BCD_AAS, BCD_AAM, BCD_AAD };

/* SF ZF PF of an 8-bit result. */
static uint32_t szp8(uint8_t v)
{
    return (v & 0x80 ? CC_S : 0) | (v ? 0 : CC_Z) |
           (__builtin_parity(v) ? 0 : CC_P);
}

static void set_ax(CPUX86State *env, uint8_t al, uint8_t ah)
{
    env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffull) | al |
                       ((uint32_t)ah << 8);
}

/* op: which (the enum above); imm: the base of AAM/AAD. */
void helper_bcd(void *opaque, uint32_t op, uint32_t imm)
{
    CPUX86State *env = opaque;
    uint32_t fl = x86_read_eflags(env), out = 0;
    uint8_t al = env->regs[R_EAX], ah = env->regs[R_EAX] >> 8, old = al;
    bool cf = fl & CC_C, af = fl & CC_A, adj = (al & 0xf) > 9 || af;

    switch (op) {
    case BCD_DAA:
    case BCD_DAS:
        if (adj) {
            bool carry = op == BCD_DAA ? al > 0xf9 : al < 6;

            al += op == BCD_DAA ? 6 : -6;
            out |= CC_A | (cf || carry ? CC_C : 0);
        }
        if (old > 0x99 || cf) {
            al += op == BCD_DAA ? 0x60 : -0x60;
            out |= CC_C;
        }
        out |= szp8(al);
        break;
    case BCD_AAA:
    case BCD_AAS:
        if (adj) {
            uint16_t ax = al | (ah << 8);

            ax += op == BCD_AAA ? 0x106 : -6;
            al = ax;
            ah = (ax >> 8) - (op == BCD_AAS);
            out |= CC_A | CC_C;
        }
        al &= 0xf;
        break;
    case BCD_AAM:
        if ((imm & 0xff) == 0) {
            x86_raise_exception(env, EXCP00_DIVZ, -1, TCG_GETPC());
        }
        ah = al / (imm & 0xff);
        al = al % (imm & 0xff);
        out |= szp8(al);
        break;
    default:
        al = al + ah * imm;
        ah = 0;
        out |= szp8(al);
        break;
    }
    set_ax(env, al, ah);
    x86_write_eflags(env, out, CC_ALL);
}
