/*
 * SSE, MMX and bit-manipulation helpers (included by helper.h).  The
 * vector operations take env and pointers into it: the destination
 * register, then the source (a register or env->xmm_t0).
 */
#ifndef TARGET_I386_HELPER_SSE_KINDS
#define TARGET_I386_HELPER_SSE_KINDS
/* The conversions of helper_cvt_fp. */
enum {
    CV_PS2PD, CV_PD2PS, CV_SS2SD, CV_SD2SS, CV_DQ2PS, CV_PS2DQ, CV_TPS2DQ,
    CV_DQ2PD, CV_PD2DQ, CV_TPD2DQ, CV_PI2PS, CV_PS2PI, CV_TPS2PI,
    CV_PI2PD, CV_PD2PI, CV_TPD2PI,
};
#endif

#define SSE_FP4(op)                                                         \
    DEF_HELPER_3(op##ps, void, env, ptr, ptr)                               \
    DEF_HELPER_3(op##ss, void, env, ptr, ptr)                               \
    DEF_HELPER_3(op##pd, void, env, ptr, ptr)                               \
    DEF_HELPER_3(op##sd, void, env, ptr, ptr)
#define SSE_INT(op)                                                         \
    DEF_HELPER_FLAGS_3(op##_mmx, TCG_CALL_NO_RWG, void, env, ptr, ptr)      \
    DEF_HELPER_FLAGS_3(op##_xmm, TCG_CALL_NO_RWG, void, env, ptr, ptr)
#define SSE_V3(op) DEF_HELPER_FLAGS_3(op, TCG_CALL_NO_RWG, void, env, ptr, ptr)
#define SSE_V4(op) \
    DEF_HELPER_FLAGS_4(op, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)

SSE_FP4(add) SSE_FP4(sub) SSE_FP4(mul) SSE_FP4(div)
SSE_FP4(min) SSE_FP4(max) SSE_FP4(sqrt)
DEF_HELPER_3(addsubps, void, env, ptr, ptr)
DEF_HELPER_3(addsubpd, void, env, ptr, ptr)
DEF_HELPER_3(haddps, void, env, ptr, ptr)
DEF_HELPER_3(haddpd, void, env, ptr, ptr)
DEF_HELPER_3(hsubps, void, env, ptr, ptr)
DEF_HELPER_3(hsubpd, void, env, ptr, ptr)
SSE_V3(rcpps) SSE_V3(rcpss) SSE_V3(rsqrtps) SSE_V3(rsqrtss)
DEF_HELPER_4(cmpps, void, env, ptr, ptr, i32)
DEF_HELPER_4(cmpss, void, env, ptr, ptr, i32)
DEF_HELPER_4(cmppd, void, env, ptr, ptr, i32)
DEF_HELPER_4(cmpsd, void, env, ptr, ptr, i32)
DEF_HELPER_4(comiss, i64, env, ptr, ptr, i32)
DEF_HELPER_4(comisd, i64, env, ptr, ptr, i32)
DEF_HELPER_3(cvt2si, i64, env, ptr, i32)
DEF_HELPER_4(cvtsi2, void, env, ptr, i64, i32)
DEF_HELPER_4(cvt_fp, void, env, ptr, ptr, i32)
DEF_HELPER_2(ldmxcsr, void, env, i64)
DEF_HELPER_FLAGS_1(movmskps, TCG_CALL_NO_RWG_SE, i64, ptr)
DEF_HELPER_FLAGS_1(movmskpd, TCG_CALL_NO_RWG_SE, i64, ptr)
DEF_HELPER_FLAGS_2(pmovmskb, TCG_CALL_NO_RWG_SE, i64, ptr, i32)

SSE_INT(paddb) SSE_INT(paddw) SSE_INT(paddd) SSE_INT(paddq)
SSE_INT(psubb) SSE_INT(psubw) SSE_INT(psubd) SSE_INT(psubq)
SSE_INT(paddsb) SSE_INT(paddsw) SSE_INT(paddusb) SSE_INT(paddusw)
SSE_INT(psubsb) SSE_INT(psubsw) SSE_INT(psubusb) SSE_INT(psubusw)
SSE_INT(pmullw) SSE_INT(pmulhw) SSE_INT(pmulhuw) SSE_INT(pmuludq)
SSE_INT(pmaddwd) SSE_INT(psadbw) SSE_INT(pavgb) SSE_INT(pavgw)
SSE_INT(pminub) SSE_INT(pmaxub) SSE_INT(pminsw) SSE_INT(pmaxsw)
SSE_INT(pcmpeqb) SSE_INT(pcmpeqw) SSE_INT(pcmpeqd)
SSE_INT(pcmpgtb) SSE_INT(pcmpgtw) SSE_INT(pcmpgtd)
SSE_INT(pand) SSE_INT(pandn) SSE_INT(por) SSE_INT(pxor)
SSE_INT(psllw) SSE_INT(pslld) SSE_INT(psllq)
SSE_INT(psrlw) SSE_INT(psrld) SSE_INT(psrlq) SSE_INT(psraw) SSE_INT(psrad)
SSE_INT(packsswb) SSE_INT(packuswb) SSE_INT(packssdw)
SSE_INT(punpcklbw) SSE_INT(punpcklwd) SSE_INT(punpckldq)
SSE_INT(punpcklqdq) SSE_INT(punpckhbw) SSE_INT(punpckhwd)
SSE_INT(punpckhdq) SSE_INT(punpckhqdq)
SSE_INT(pabsb) SSE_INT(pabsw) SSE_INT(pabsd)
SSE_INT(psignb) SSE_INT(psignw) SSE_INT(psignd) SSE_INT(pmulhrsw)
SSE_INT(pshufb) SSE_INT(pmaddubsw) SSE_INT(phaddw) SSE_INT(phaddd)
SSE_INT(phaddsw) SSE_INT(phsubw) SSE_INT(phsubd) SSE_INT(phsubsw)
SSE_V4(palignr_mmx) SSE_V4(palignr_xmm)
SSE_INT(pminsb) SSE_INT(pmaxsb) SSE_INT(pminuw) SSE_INT(pmaxuw)
SSE_INT(pminsd) SSE_INT(pmaxsd) SSE_INT(pminud) SSE_INT(pmaxud)
SSE_INT(pmulld) SSE_INT(pcmpeqq) SSE_INT(pcmpgtq) SSE_INT(pmuldq)
SSE_INT(packusdw)
SSE_V3(pblendvb_xmm) SSE_V3(blendvps_xmm) SSE_V3(blendvpd_xmm)
SSE_V3(phminposuw_xmm)
SSE_V4(pmovx) SSE_V4(blendps) SSE_V4(blendpd) SSE_V4(pblendw)
SSE_V4(mpsadbw) SSE_V4(insertps)
DEF_HELPER_FLAGS_3(ptest, TCG_CALL_NO_RWG_SE, i64, env, ptr, ptr)
DEF_HELPER_4(roundps, void, env, ptr, ptr, i32)
DEF_HELPER_4(roundpd, void, env, ptr, ptr, i32)
DEF_HELPER_4(roundss, void, env, ptr, ptr, i32)
DEF_HELPER_4(roundsd, void, env, ptr, ptr, i32)
DEF_HELPER_4(dpps, void, env, ptr, ptr, i32)
DEF_HELPER_4(dppd, void, env, ptr, ptr, i32)
DEF_HELPER_4(pcmpstr, i64, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_3(sse42_crc32, TCG_CALL_NO_RWG_SE, i64, i64, i64, i32)
DEF_HELPER_FLAGS_1(rdrand, TCG_CALL_NO_RWG, i64, env)
SSE_V3(pslldq) SSE_V3(psrldq)
SSE_V4(pshufd) SSE_V4(pshuflw) SSE_V4(pshufhw) SSE_V4(pshufw)
SSE_V4(shufps) SSE_V4(shufpd)

#undef SSE_FP4
#undef SSE_INT
#undef SSE_V3
#undef SSE_V4
