/*
 * Advanced SIMD helpers for what has no cheap TCG expansion: TBL/TBX.
 */
#include "kemu/osdep.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

/*
 * desc: rd | rn << 5 | rm << 10 | len << 15 | tbx << 17 | q << 18.
 * The table is len + 1 consecutive registers from Vn (wrapping at V31);
 * an out-of-range index gives 0 (TBL) or leaves Rd's byte (TBX).
 */
void helper_simd_tbl(void *envp, uint32_t desc)
{
    CPUARMState *env = envp;
    int rd = desc & 31, rn = (desc >> 5) & 31, rm = (desc >> 10) & 31;
    int nregs = ((desc >> 15) & 3) + 1, n = desc & (1u << 18) ? 16 : 8;
    bool tbx = desc & (1u << 17);
    uint8_t table[64], idx[16], res[16] = { 0 };

    for (int r = 0; r < nregs; r++) {
        memcpy(table + 16 * r, env->vregs[(rn + r) % 32].d, 16);
    }
    memcpy(idx, env->vregs[rm].d, 16);
    if (tbx) {
        memcpy(res, env->vregs[rd].d, n);
    }
    for (int i = 0; i < n; i++) {
        if (idx[i] < 16 * nregs) {
            res[i] = table[idx[i]];
        }
    }
    memcpy(env->vregs[rd].d, res, 16);
}
