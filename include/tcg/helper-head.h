/*
 * Type plumbing shared by "tcg/helper-gen.h" and "tcg/helper-proto.h":
 * maps the helper type names (void i32 s32 i64 s64 ptr env) to C types,
 * temp handle types and TCG_HTYPE_* codes.
 */
#ifndef TCG_HELPER_HEAD_H
#define TCG_HELPER_HEAD_H

#include "tcg/tcg.h"

#define dh_glue(a, b) dh_glue_(a, b)
#define dh_glue_(a, b) a##b

#define dh_ctype_void void
#define dh_ctype_i32 uint32_t
#define dh_ctype_s32 int32_t
#define dh_ctype_i64 uint64_t
#define dh_ctype_s64 int64_t
#define dh_ctype_ptr void *
#define dh_ctype_env void *
#define dh_ctype(t) dh_glue(dh_ctype_, t)

#define dh_htype_void TCG_HTYPE_VOID
#define dh_htype_i32 TCG_HTYPE_I32
#define dh_htype_s32 TCG_HTYPE_S32
#define dh_htype_i64 TCG_HTYPE_I64
#define dh_htype_s64 TCG_HTYPE_I64
#define dh_htype_ptr TCG_HTYPE_PTR
#define dh_htype_env TCG_HTYPE_PTR
#define dh_htype(t) dh_glue(dh_htype_, t)

#define dh_tcgv_i32 TCGv_i32
#define dh_tcgv_s32 TCGv_i32
#define dh_tcgv_i64 TCGv_i64
#define dh_tcgv_s64 TCGv_i64
#define dh_tcgv_ptr TCGv_ptr
#define dh_tcgv_env TCGv_ptr
#define dh_tcgv(t) dh_glue(dh_tcgv_, t)

#define dh_temp_i32(v) tcgv_i32_temp(v)
#define dh_temp_s32(v) tcgv_i32_temp(v)
#define dh_temp_i64(v) tcgv_i64_temp(v)
#define dh_temp_s64(v) tcgv_i64_temp(v)
#define dh_temp_ptr(v) tcgv_i64_temp(v)
#define dh_temp_env(v) tcgv_i64_temp(v)
#define dh_temp(t, v) dh_glue(dh_temp_, t)(v)

/* The return value parameter of gen_helper_*, with and without args. */
#define dh_retarg_void
#define dh_retarg_i32 TCGv_i32 retval,
#define dh_retarg_s32 TCGv_i32 retval,
#define dh_retarg_i64 TCGv_i64 retval,
#define dh_retarg_s64 TCGv_i64 retval,
#define dh_retarg_ptr TCGv_ptr retval,
#define dh_retarg(t) dh_glue(dh_retarg_, t)
#define dh_retarg0_void void
#define dh_retarg0_i32 TCGv_i32 retval
#define dh_retarg0_s32 TCGv_i32 retval
#define dh_retarg0_i64 TCGv_i64 retval
#define dh_retarg0_s64 TCGv_i64 retval
#define dh_retarg0_ptr TCGv_ptr retval
#define dh_retarg0(t) dh_glue(dh_retarg0_, t)
#define dh_rettemp_void NULL
#define dh_rettemp_i32 tcgv_i32_temp(retval)
#define dh_rettemp_s32 tcgv_i32_temp(retval)
#define dh_rettemp_i64 tcgv_i64_temp(retval)
#define dh_rettemp_s64 tcgv_i64_temp(retval)
#define dh_rettemp_ptr tcgv_i64_temp(retval)
#define dh_rettemp(t) dh_glue(dh_rettemp_, t)

#define DEF_HELPER_0(name, ret) DEF_HELPER_FLAGS_0(name, 0, ret)
#define DEF_HELPER_1(name, ret, t1) DEF_HELPER_FLAGS_1(name, 0, ret, t1)
#define DEF_HELPER_2(name, ret, t1, t2) \
    DEF_HELPER_FLAGS_2(name, 0, ret, t1, t2)
#define DEF_HELPER_3(name, ret, t1, t2, t3) \
    DEF_HELPER_FLAGS_3(name, 0, ret, t1, t2, t3)
#define DEF_HELPER_4(name, ret, t1, t2, t3, t4) \
    DEF_HELPER_FLAGS_4(name, 0, ret, t1, t2, t3, t4)
#define DEF_HELPER_5(name, ret, t1, t2, t3, t4, t5) \
    DEF_HELPER_FLAGS_5(name, 0, ret, t1, t2, t3, t4, t5)
#define DEF_HELPER_6(name, ret, t1, t2, t3, t4, t5, t6) \
    DEF_HELPER_FLAGS_6(name, 0, ret, t1, t2, t3, t4, t5, t6)

#endif
