/*
 * Runtime helpers for ops without a native implementation: the same
 * semantics as tcg_eval(), called from translated code.
 */
#include "kemu/osdep.h"
#include "tcg/tcg-eval.h"
#include "tcg-runtime.h"

#define RT_HELPER(name, T, ctype, TY)                                       \
    static ctype helper_##name##_##T(ctype a, ctype b)                      \
    {                                                                       \
        uint64_t in[2] = { a, b };                                          \
        return tcg_eval(INDEX_op_##name, TY, in, NULL);                     \
    }
#define RT_HELPERS(name)                                                    \
    RT_HELPER(name, i32, uint32_t, TCG_TYPE_I32)                            \
    RT_HELPER(name, i64, uint64_t, TCG_TYPE_I64)

RT_HELPERS(div)
RT_HELPERS(divu)
RT_HELPERS(rem)
RT_HELPERS(remu)
RT_HELPERS(muluh)
RT_HELPERS(mulsh)
RT_HELPERS(clz)
RT_HELPERS(ctz)
RT_HELPERS(ctpop)   /* b unused: one signature for all */

#define RT_INFO(op, T, HT)                                                  \
    [INDEX_op_##op][TCG_TYPE_##T] = {                                       \
        .func = (void *)helper_##op##_##T,                                  \
        .name = #op "_" #T,                                                 \
        .flags = TCG_CALL_NO_RWG_SE,                                        \
        .typemask = TCG_HTYPE(0, HT) | TCG_HTYPE(1, HT) | TCG_HTYPE(2, HT), \
    }
#define RT_INFOS(op) RT_INFO(op, i32, TCG_HTYPE_I32), \
                     RT_INFO(op, i64, TCG_HTYPE_I64)
#define TCG_TYPE_i32 TCG_TYPE_I32
#define TCG_TYPE_i64 TCG_TYPE_I64

static const TCGHelperInfo runtime_helpers[NB_OPS][TCG_TYPE_COUNT] = {
    RT_INFOS(div), RT_INFOS(divu), RT_INFOS(rem), RT_INFOS(remu),
    RT_INFOS(muluh), RT_INFOS(mulsh), RT_INFOS(clz), RT_INFOS(ctz),
    RT_INFOS(ctpop),
};

const TCGHelperInfo *tcg_runtime_helper(TCGOpcode opc, TCGType type)
{
    const TCGHelperInfo *info = &runtime_helpers[opc][type];

    return info->func ? info : NULL;
}
