/*
 * Helper declarations for frontends.  A target lists its helpers once, in
 * target/<arch>/helper.h:
 *
 *     DEF_HELPER_FLAGS_2(divu, TCG_CALL_NO_RWG_SE, i32, i32, i32)
 *     DEF_HELPER_1(raise_exception, void, env)
 *
 * Argument and return types: void (return only), i32, s32, i64, s64, ptr,
 * env (the CPU state pointer, passed as tcg_env).  Including "helper.h"
 * after this header declares each helper's C prototype
 *
 *     uint32_t helper_divu(uint32_t, uint32_t);
 *
 * and defines a builder that emits the call:
 *
 *     static inline void gen_helper_divu(TCGv_i32 ret, TCGv_i32, TCGv_i32);
 *
 * Files implementing helpers include "tcg/helper-proto.h" instead, which
 * only declares the prototypes.  DEF_HELPER_n is DEF_HELPER_FLAGS_n with
 * no flags (the helper may read and write every global).
 */
#ifndef TCG_HELPER_GEN_H
#define TCG_HELPER_GEN_H

#include "tcg/tcg-op.h"
#include "tcg/helper-head.h"

#endif

#undef DEF_HELPER_FLAGS_0
#undef DEF_HELPER_FLAGS_1
#undef DEF_HELPER_FLAGS_2
#undef DEF_HELPER_FLAGS_3
#undef DEF_HELPER_FLAGS_4
#undef DEF_HELPER_FLAGS_5
#undef DEF_HELPER_FLAGS_6
#define DEF_HELPER_FLAGS_0(NAME, FLAGS, ret)                                  \
    dh_ctype(ret) helper_##NAME(void);                                        \
    static inline void gen_helper_##NAME(dh_retarg0(ret))                     \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret)),                          \
        };                                                                    \
        tcg_gen_callN(&info, dh_rettemp(ret), 0, NULL);                       \
    }
#define DEF_HELPER_FLAGS_1(NAME, FLAGS, ret, t1)                              \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1));                                \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1)       \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1)),                                 \
        };                                                                    \
        TCGTemp *args[1] = { dh_temp(t1, a1) };                               \
        tcg_gen_callN(&info, dh_rettemp(ret), 1, args);                       \
    }
#define DEF_HELPER_FLAGS_2(NAME, FLAGS, ret, t1, t2)                          \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2));                  \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1,       \
            dh_tcgv(t2) a2)                                                   \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1))                                  \
                | TCG_HTYPE(2, dh_htype(t2)),                                 \
        };                                                                    \
        TCGTemp *args[2] = { dh_temp(t1, a1), dh_temp(t2, a2) };              \
        tcg_gen_callN(&info, dh_rettemp(ret), 2, args);                       \
    }
#define DEF_HELPER_FLAGS_3(NAME, FLAGS, ret, t1, t2, t3)                      \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3));    \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1,       \
            dh_tcgv(t2) a2, dh_tcgv(t3) a3)                                   \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1))                                  \
                | TCG_HTYPE(2, dh_htype(t2))                                  \
                | TCG_HTYPE(3, dh_htype(t3)),                                 \
        };                                                                    \
        TCGTemp *args[3] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3,    \
                a3) };                                                        \
        tcg_gen_callN(&info, dh_rettemp(ret), 3, args);                       \
    }
#define DEF_HELPER_FLAGS_4(NAME, FLAGS, ret, t1, t2, t3, t4)                  \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4));                                                    \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1,       \
            dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4)                   \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1))                                  \
                | TCG_HTYPE(2, dh_htype(t2))                                  \
                | TCG_HTYPE(3, dh_htype(t3))                                  \
                | TCG_HTYPE(4, dh_htype(t4)),                                 \
        };                                                                    \
        TCGTemp *args[4] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3,    \
                a3), dh_temp(t4, a4) };                                       \
        tcg_gen_callN(&info, dh_rettemp(ret), 4, args);                       \
    }
#define DEF_HELPER_FLAGS_5(NAME, FLAGS, ret, t1, t2, t3, t4, t5)              \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4), dh_ctype(t5));                                      \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1,       \
            dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4,                   \
            dh_tcgv(t5) a5)                                                   \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1))                                  \
                | TCG_HTYPE(2, dh_htype(t2))                                  \
                | TCG_HTYPE(3, dh_htype(t3))                                  \
                | TCG_HTYPE(4, dh_htype(t4))                                  \
                | TCG_HTYPE(5, dh_htype(t5)),                                 \
        };                                                                    \
        TCGTemp *args[5] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3,    \
                a3), dh_temp(t4, a4), dh_temp(t5, a5) };                      \
        tcg_gen_callN(&info, dh_rettemp(ret), 5, args);                       \
    }
#define DEF_HELPER_FLAGS_6(NAME, FLAGS, ret, t1, t2, t3, t4, t5, t6)          \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4), dh_ctype(t5), dh_ctype(t6));                        \
    static inline void gen_helper_##NAME(dh_retarg(ret) dh_tcgv(t1) a1,       \
            dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4, dh_tcgv(t5) a5,   \
            dh_tcgv(t6) a6)                                                   \
    {                                                                         \
        static const TCGHelperInfo info = {                                   \
            .func = (void *)helper_##NAME, .name = #NAME,                     \
            .flags = (FLAGS),                                                 \
            .typemask = TCG_HTYPE(0, dh_htype(ret))                           \
                | TCG_HTYPE(1, dh_htype(t1))                                  \
                | TCG_HTYPE(2, dh_htype(t2))                                  \
                | TCG_HTYPE(3, dh_htype(t3))                                  \
                | TCG_HTYPE(4, dh_htype(t4))                                  \
                | TCG_HTYPE(5, dh_htype(t5))                                  \
                | TCG_HTYPE(6, dh_htype(t6)),                                 \
        };                                                                    \
        TCGTemp *args[6] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3,    \
                a3), dh_temp(t4, a4), dh_temp(t5, a5), dh_temp(t6, a6) };     \
        tcg_gen_callN(&info, dh_rettemp(ret), 6, args);                       \
    }
