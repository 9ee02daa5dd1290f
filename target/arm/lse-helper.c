/*
 * Helpers for the 128-bit atomics (STXP/CASP of two X registers) and for
 * CRC32/CRC32C, called from code translate-a64.c emits.
 */
#include "kemu/osdep.h"
#include <zlib.h>
#include "exec/guest-atomic.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

static uint64_t xreg_or_zero(CPUARMState *env, int r)
{
    return r == 31 ? 0 : env->xregs[r];
}

/* STXP Xt, Xt2: status 0 if memory still holds what LDXP loaded. */
uint64_t helper_stxp128(void *opaque, uint64_t addr, uint64_t lo,
                        uint64_t hi, uint32_t mmu_idx)
{
    CPUARMState *env = opaque;
    uint64_t cmp[2] = { env->exclusive_val, env->exclusive_high };
    uint64_t newv[2] = { lo, hi }, old[2];

    cpu_atomic_cmpxchg128(env_cpu(env), addr, cmp, newv, old, mmu_idx,
                          TCG_GETPC());
    return old[0] != cmp[0] || old[1] != cmp[1];
}

/* CASP Xs, Xs+1, Xt, Xt+1: desc = rs | rt << 5 | mmu_idx << 10. */
void helper_casp64(void *opaque, uint64_t addr, uint32_t desc)
{
    CPUARMState *env = opaque;
    int rs = desc & 31, rt = (desc >> 5) & 31;
    uint64_t cmp[2] = { xreg_or_zero(env, rs), xreg_or_zero(env, rs + 1) };
    uint64_t newv[2] = { xreg_or_zero(env, rt), xreg_or_zero(env, rt + 1) };
    uint64_t old[2];

    cpu_atomic_cmpxchg128(env_cpu(env), addr, cmp, newv, old, desc >> 10,
                          TCG_GETPC());
    env->xregs[rs] = old[0];            /* rs is even: never SP */
    if (rs + 1 != 31) {
        env->xregs[rs + 1] = old[1];
    }
}

static void val_bytes(uint8_t *buf, uint64_t val, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        buf[i] = val >> (8 * i);
    }
}

/*
 * The architecture's CRC32 has no pre- or post-inversion; zlib's crc32()
 * inverts on the way in and out, so invert around it.
 */
uint64_t helper_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    uint8_t buf[8];

    val_bytes(buf, val, bytes);
    return ~crc32(~(uint32_t)acc, buf, bytes) & 0xffffffffu;
}

/* CRC-32C (Castagnoli), reflected polynomial, bit at a time. */
uint64_t helper_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    uint32_t crc = acc;

    for (unsigned i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(val >> (8 * i));
        for (int b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
        }
    }
    return crc;
}
