/* Helpers called from AArch64 translated code (see translate-a64.c). */
DEF_HELPER_3(exception, void, env, i32, i32)
DEF_HELPER_1(eret, i32, env)
DEF_HELPER_FLAGS_1(nzcv, TCG_CALL_NO_WG_SE, i64, env)
DEF_HELPER_FLAGS_2(msr_daif, TCG_CALL_NO_RWG, i32, env, i32)
DEF_HELPER_2(msr_spsel, void, env, i32)
DEF_HELPER_1(wfi, void, env)
DEF_HELPER_3(set_sysreg, void, env, ptr, i64)
DEF_HELPER_2(get_sysreg, i64, env, ptr)
DEF_HELPER_3(sys_insn, void, env, ptr, i64)
DEF_HELPER_FLAGS_1(rbit64, TCG_CALL_NO_RWG_SE, i64, i64)
/* lse-helper.c: 128-bit exclusives and atomics, CRC32. */
DEF_HELPER_FLAGS_5(stxp128, TCG_CALL_NO_WG, i64, env, i64, i64, i64, i32)
DEF_HELPER_3(casp64, void, env, i64, i32)
DEF_HELPER_FLAGS_3(crc32, TCG_CALL_NO_RWG_SE, i64, i64, i64, i32)
DEF_HELPER_FLAGS_3(crc32c, TCG_CALL_NO_RWG_SE, i64, i64, i64, i32)
/* Scalar floating point (vfp-helper.c); values zero-extended in i64. */
DEF_HELPER_FLAGS_4(fp_2op, TCG_CALL_NO_RWG, i64, env, i64, i64, i32)
DEF_HELPER_FLAGS_3(fp_1op, TCG_CALL_NO_RWG, i64, env, i64, i32)
DEF_HELPER_FLAGS_5(fp_fma, TCG_CALL_NO_RWG, i64, env, i64, i64, i64, i32)
DEF_HELPER_FLAGS_4(fp_cmp, TCG_CALL_NO_RWG, i64, env, i64, i64, i32)
DEF_HELPER_FLAGS_3(fp_cvt, TCG_CALL_NO_RWG, i64, env, i64, i32)
DEF_HELPER_FLAGS_3(fp_to_int, TCG_CALL_NO_RWG, i64, env, i64, i32)
DEF_HELPER_FLAGS_3(int_to_fp, TCG_CALL_NO_RWG, i64, env, i64, i32)
/* The hot single (_s) and double (_d) operations, without desc. */
DEF_HELPER_FLAGS_3(fadd_s, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fadd_d, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fsub_s, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fsub_d, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fmul_s, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fmul_d, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fdiv_s, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_3(fdiv_d, TCG_CALL_NO_RWG, i64, env, i64, i64)
DEF_HELPER_FLAGS_2(fsqrt_s, TCG_CALL_NO_RWG, i64, env, i64)
DEF_HELPER_FLAGS_2(fsqrt_d, TCG_CALL_NO_RWG, i64, env, i64)
DEF_HELPER_FLAGS_4(fmuladd_s, TCG_CALL_NO_RWG, i64, env, i64, i64, i64)
DEF_HELPER_FLAGS_4(fmuladd_d, TCG_CALL_NO_RWG, i64, env, i64, i64, i64)
/* The same with the host's FMA instructions, for hosts that have them. */
DEF_HELPER_FLAGS_4(fmuladd_s_fma, TCG_CALL_NO_RWG, i64, env, i64, i64, i64)
DEF_HELPER_FLAGS_4(fmuladd_d_fma, TCG_CALL_NO_RWG, i64, env, i64, i64, i64)
/* Advanced SIMD (simd-helper.c). */
DEF_HELPER_FLAGS_2(simd_tbl, TCG_CALL_NO_RWG, void, env, i32)
/* Cryptographic extension and polynomial multiplies (crypto-helper.c). */
DEF_HELPER_FLAGS_2(crypto, TCG_CALL_NO_RWG, void, env, i32)
DEF_HELPER_FLAGS_2(pmul8, TCG_CALL_NO_RWG_SE, i64, i64, i64)
/* Advanced SIMD floating point (simdfp-helper.c). */
DEF_HELPER_FLAGS_3(simdfp, TCG_CALL_NO_RWG, void, env, i32, i32)
/* Advanced SIMD integer forms run lane by lane (simdint-helper.c). */
DEF_HELPER_FLAGS_3(simdint, TCG_CALL_NO_RWG, void, env, i32, i32)
/* Armv8.1-8.5 SIMD&FP extensions (simdext-helper.c). */
DEF_HELPER_FLAGS_3(simdext, TCG_CALL_NO_RWG, void, env, i32, i32)
DEF_HELPER_FLAGS_2(fjcvtzs, TCG_CALL_NO_RWG, i64, env, i64)
/* FEAT_PAuth (pauth-helper.c): key is PAUTH_KEY_IA..DB. */
DEF_HELPER_FLAGS_4(pac, TCG_CALL_NO_RWG_SE, i64, env, i64, i64, i32)
DEF_HELPER_FLAGS_4(aut, TCG_CALL_NO_RWG_SE, i64, env, i64, i64, i32)
DEF_HELPER_FLAGS_3(xpac, TCG_CALL_NO_RWG_SE, i64, env, i64, i32)
DEF_HELPER_FLAGS_3(pacga, TCG_CALL_NO_RWG_SE, i64, env, i64, i64)
DEF_HELPER_2(eret_auth, void, env, i32)
/* FEAT_BF16 (bf16-helper.c): regs and desc as bf16.h says. */
DEF_HELPER_FLAGS_3(bf16, TCG_CALL_NO_RWG, void, env, i32, i32)
