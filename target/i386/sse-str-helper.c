/*
 * SSE4.2 string compares (PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM) and
 * CRC32.  A string compare builds IntRes1 from the aggregation of imm8
 * over the valid elements of both operands, applies the polarity and
 * returns an index in ECX or a mask in XMM0, with CF ZF SF OF as the SDM
 * defines them (AF PF cleared).
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

typedef X86XMMReg Reg;

/* Element i of r in format fmt (imm[1:0]: ub, uw, sb, sw). */
static int elem(const Reg *r, int fmt, int i)
{
    switch (fmt) {
    case 0: return r->b[i];
    case 1: return r->w[i];
    case 2: return (int8_t)r->b[i];
    default: return (int16_t)r->w[i];
    }
}

/* The length of an implicit (NUL-terminated) string. */
static int implicit_len(const Reg *r, int fmt, int n)
{
    int i = 0;

    while (i < n && elem(r, fmt, i)) {
        i++;
    }
    return i;
}

static int explicit_len(uint64_t v, bool wide, int n)
{
    int64_t x = wide ? (int64_t)v : (int32_t)v;
    uint64_t a = x < 0 ? -(uint64_t)x : (uint64_t)x;

    return a > (uint64_t)n ? n : (int)a;
}

static uint32_t aggregate(const Reg *a, int la, const Reg *b, int lb,
                          int fmt, int n, int mode)
{
    uint32_t res = 0;

    for (int j = 0; j < n; j++) {
        bool r = false;

        switch (mode) {
        case 0:                 /* equal any */
            for (int i = 0; i < la && j < lb && !r; i++) {
                r = elem(a, fmt, i) == elem(b, fmt, j);
            }
            break;
        case 1:                 /* ranges */
            for (int i = 0; i + 1 < la && j < lb && !r; i += 2) {
                r = elem(b, fmt, j) >= elem(a, fmt, i) &&
                    elem(b, fmt, j) <= elem(a, fmt, i + 1);
            }
            break;
        case 2:                 /* equal each */
            r = (j >= la && j >= lb) ||
                (j < la && j < lb && elem(a, fmt, j) == elem(b, fmt, j));
            break;
        default:                /* equal ordered */
            r = true;
            for (int i = 0; i < n - j && r; i++) {
                if (i >= la) {
                    break;
                }
                r = j + i < lb && elem(a, fmt, i) == elem(b, fmt, j + i);
            }
            break;
        }
        res |= (uint32_t)r << j;
    }
    return res;
}

/*
 * ctrl: imm8, bit 8 explicit lengths (EAX, EDX), bit 9 mask (XMM0) instead
 * of index (ECX), bit 10 REX.W (64-bit lengths).  Returns OSZAPC.
 */
uint64_t helper_pcmpstr(void *opaque, void *d, void *s, uint32_t ctrl)
{
    CPUX86State *env = opaque;
    int fmt = ctrl & 3, n = ctrl & 1 ? 8 : 16, la, lb;
    uint32_t res, all = (1u << n) - 1;
    uint64_t f = 0;

    if (ctrl & 0x100) {
        la = explicit_len(env->regs[R_EAX], ctrl & 0x400, n);
        lb = explicit_len(env->regs[R_EDX], ctrl & 0x400, n);
    } else {
        la = implicit_len(d, fmt, n);
        lb = implicit_len(s, fmt, n);
    }
    res = aggregate(d, la, s, lb, fmt, n, (ctrl >> 2) & 3);
    switch ((ctrl >> 4) & 3) {
    case 1:
        res ^= all;
        break;
    case 3:
        res ^= (1u << lb) - 1;
        break;
    }
    if (ctrl & 0x200) {
        Reg m = { 0 };

        if (ctrl & 0x40) {
            for (int i = 0; i < n; i++) {
                if (res & (1u << i)) {
                    memset(&m.b[i * (16 / n)], 0xff, 16 / n);
                }
            }
        } else {
            m.q[0] = res;
        }
        env->xmm[0] = m;
    } else if (!res) {
        env->regs[R_ECX] = n;
    } else {
        env->regs[R_ECX] = ctrl & 0x40 ? 31 - __builtin_clz(res)
                                       : __builtin_ctz(res);
    }
    f |= res ? CC_C : 0;
    f |= lb < n ? CC_Z : 0;
    f |= la < n ? CC_S : 0;
    f |= res & 1 ? CC_O : 0;
    return f;
}

/* CRC32 (CRC-32C, reflected) of the low bytes of v. */
uint64_t helper_sse42_crc32(uint64_t crc, uint64_t v, uint32_t bytes)
{
    uint32_t c = crc;

    for (uint32_t i = 0; i < bytes; i++) {
        c ^= (v >> (8 * i)) & 0xff;
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0x82f63b78 & -(c & 1));
        }
    }
    return c;
}
