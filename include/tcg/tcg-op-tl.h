/*
 * Target-long builders for frontends: define TARGET_LONG_BITS (32 or 64)
 * before including, then write tcg_gen_add_tl(ret, a, b) on TCGv temps
 * the width of the guest's registers and addresses (MIPS32: i32,
 * x86-64 and AArch64: i64).
 */
#ifndef TCG_TCG_OP_TL_H
#define TCG_TCG_OP_TL_H

#include "tcg/tcg-op.h"

#if TARGET_LONG_BITS == 32
typedef TCGv_i32 TCGv;
#define TCG_TYPE_TL TCG_TYPE_I32
#define TCG_TL(name) name##_i32
/* Conversions with the fixed widths. */
#define tcg_gen_extu_i32_tl tcg_gen_mov_i32
#define tcg_gen_ext_i32_tl tcg_gen_mov_i32
#define tcg_gen_trunc_tl_i32 tcg_gen_mov_i32
#define tcg_gen_extu_tl_i64 tcg_gen_extu_i32_i64
#define tcg_gen_ext_tl_i64 tcg_gen_ext_i32_i64
#define tcg_gen_trunc_i64_tl tcg_gen_extrl_i64_i32
#define tcg_gen_ext32u_tl tcg_gen_mov_i32
#define tcg_gen_ext32s_tl tcg_gen_mov_i32
#define tcg_gen_ld32u_tl tcg_gen_ld_i32
#define tcg_gen_ld32s_tl tcg_gen_ld_i32
#define tcg_gen_st32_tl tcg_gen_st_i32
#elif TARGET_LONG_BITS == 64
typedef TCGv_i64 TCGv;
#define TCG_TYPE_TL TCG_TYPE_I64
#define TCG_TL(name) name##_i64
#define tcg_gen_extu_i32_tl tcg_gen_extu_i32_i64
#define tcg_gen_ext_i32_tl tcg_gen_ext_i32_i64
#define tcg_gen_trunc_tl_i32 tcg_gen_extrl_i64_i32
#define tcg_gen_extu_tl_i64 tcg_gen_mov_i64
#define tcg_gen_ext_tl_i64 tcg_gen_mov_i64
#define tcg_gen_trunc_i64_tl tcg_gen_mov_i64
#define tcg_gen_ext32u_tl tcg_gen_ext32u_i64
#define tcg_gen_ext32s_tl tcg_gen_ext32s_i64
#define tcg_gen_ld32u_tl tcg_gen_ld32u_i64
#define tcg_gen_ld32s_tl tcg_gen_ld32s_i64
#define tcg_gen_st32_tl tcg_gen_st32_i64
#else
#error "define TARGET_LONG_BITS as 32 or 64 before including tcg/tcg-op-tl.h"
#endif

/* The same builders at the target width. */
#define tcg_gen_add_tl TCG_TL(tcg_gen_add)
#define tcg_gen_sub_tl TCG_TL(tcg_gen_sub)
#define tcg_gen_mul_tl TCG_TL(tcg_gen_mul)
#define tcg_gen_muluh_tl TCG_TL(tcg_gen_muluh)
#define tcg_gen_mulsh_tl TCG_TL(tcg_gen_mulsh)
#define tcg_gen_div_tl TCG_TL(tcg_gen_div)
#define tcg_gen_divu_tl TCG_TL(tcg_gen_divu)
#define tcg_gen_rem_tl TCG_TL(tcg_gen_rem)
#define tcg_gen_remu_tl TCG_TL(tcg_gen_remu)
#define tcg_gen_and_tl TCG_TL(tcg_gen_and)
#define tcg_gen_or_tl TCG_TL(tcg_gen_or)
#define tcg_gen_xor_tl TCG_TL(tcg_gen_xor)
#define tcg_gen_andc_tl TCG_TL(tcg_gen_andc)
#define tcg_gen_orc_tl TCG_TL(tcg_gen_orc)
#define tcg_gen_eqv_tl TCG_TL(tcg_gen_eqv)
#define tcg_gen_nand_tl TCG_TL(tcg_gen_nand)
#define tcg_gen_nor_tl TCG_TL(tcg_gen_nor)
#define tcg_gen_shl_tl TCG_TL(tcg_gen_shl)
#define tcg_gen_shr_tl TCG_TL(tcg_gen_shr)
#define tcg_gen_sar_tl TCG_TL(tcg_gen_sar)
#define tcg_gen_rotl_tl TCG_TL(tcg_gen_rotl)
#define tcg_gen_rotr_tl TCG_TL(tcg_gen_rotr)
#define tcg_gen_clz_tl TCG_TL(tcg_gen_clz)
#define tcg_gen_ctz_tl TCG_TL(tcg_gen_ctz)
#define tcg_gen_addi_tl TCG_TL(tcg_gen_addi)
#define tcg_gen_subi_tl TCG_TL(tcg_gen_subi)
#define tcg_gen_muli_tl TCG_TL(tcg_gen_muli)
#define tcg_gen_muluhi_tl TCG_TL(tcg_gen_muluhi)
#define tcg_gen_mulshi_tl TCG_TL(tcg_gen_mulshi)
#define tcg_gen_divi_tl TCG_TL(tcg_gen_divi)
#define tcg_gen_divui_tl TCG_TL(tcg_gen_divui)
#define tcg_gen_remi_tl TCG_TL(tcg_gen_remi)
#define tcg_gen_remui_tl TCG_TL(tcg_gen_remui)
#define tcg_gen_andi_tl TCG_TL(tcg_gen_andi)
#define tcg_gen_ori_tl TCG_TL(tcg_gen_ori)
#define tcg_gen_xori_tl TCG_TL(tcg_gen_xori)
#define tcg_gen_andci_tl TCG_TL(tcg_gen_andci)
#define tcg_gen_orci_tl TCG_TL(tcg_gen_orci)
#define tcg_gen_eqvi_tl TCG_TL(tcg_gen_eqvi)
#define tcg_gen_nandi_tl TCG_TL(tcg_gen_nandi)
#define tcg_gen_nori_tl TCG_TL(tcg_gen_nori)
#define tcg_gen_shli_tl TCG_TL(tcg_gen_shli)
#define tcg_gen_shri_tl TCG_TL(tcg_gen_shri)
#define tcg_gen_sari_tl TCG_TL(tcg_gen_sari)
#define tcg_gen_rotli_tl TCG_TL(tcg_gen_rotli)
#define tcg_gen_rotri_tl TCG_TL(tcg_gen_rotri)
#define tcg_gen_clzi_tl TCG_TL(tcg_gen_clzi)
#define tcg_gen_ctzi_tl TCG_TL(tcg_gen_ctzi)
#define tcg_gen_neg_tl TCG_TL(tcg_gen_neg)
#define tcg_gen_not_tl TCG_TL(tcg_gen_not)
#define tcg_gen_ctpop_tl TCG_TL(tcg_gen_ctpop)
#define tcg_gen_ext8s_tl TCG_TL(tcg_gen_ext8s)
#define tcg_gen_ext8u_tl TCG_TL(tcg_gen_ext8u)
#define tcg_gen_ext16s_tl TCG_TL(tcg_gen_ext16s)
#define tcg_gen_ext16u_tl TCG_TL(tcg_gen_ext16u)
#define tcg_gen_bswap16_tl TCG_TL(tcg_gen_bswap16)
#define tcg_gen_bswap32_tl TCG_TL(tcg_gen_bswap32)
#define tcg_gen_mov_tl TCG_TL(tcg_gen_mov)
#define tcg_gen_movi_tl TCG_TL(tcg_gen_movi)
#define tcg_gen_subfi_tl TCG_TL(tcg_gen_subfi)
#define tcg_gen_discard_tl TCG_TL(tcg_gen_discard)
#define tcg_gen_extract_tl TCG_TL(tcg_gen_extract)
#define tcg_gen_sextract_tl TCG_TL(tcg_gen_sextract)
#define tcg_gen_deposit_tl TCG_TL(tcg_gen_deposit)
#define tcg_gen_extract2_tl TCG_TL(tcg_gen_extract2)
#define tcg_gen_setcond_tl TCG_TL(tcg_gen_setcond)
#define tcg_gen_setcondi_tl TCG_TL(tcg_gen_setcondi)
#define tcg_gen_negsetcond_tl TCG_TL(tcg_gen_negsetcond)
#define tcg_gen_movcond_tl TCG_TL(tcg_gen_movcond)
#define tcg_gen_brcond_tl TCG_TL(tcg_gen_brcond)
#define tcg_gen_brcondi_tl TCG_TL(tcg_gen_brcondi)
#define tcg_gen_add2_tl TCG_TL(tcg_gen_add2)
#define tcg_gen_sub2_tl TCG_TL(tcg_gen_sub2)
#define tcg_gen_mulu2_tl TCG_TL(tcg_gen_mulu2)
#define tcg_gen_muls2_tl TCG_TL(tcg_gen_muls2)
#define tcg_gen_ld8u_tl TCG_TL(tcg_gen_ld8u)
#define tcg_gen_ld8s_tl TCG_TL(tcg_gen_ld8s)
#define tcg_gen_ld16u_tl TCG_TL(tcg_gen_ld16u)
#define tcg_gen_ld16s_tl TCG_TL(tcg_gen_ld16s)
#define tcg_gen_ld_tl TCG_TL(tcg_gen_ld)
#define tcg_gen_st8_tl TCG_TL(tcg_gen_st8)
#define tcg_gen_st16_tl TCG_TL(tcg_gen_st16)
#define tcg_gen_st_tl TCG_TL(tcg_gen_st)
#define tcg_gen_qemu_ld_tl TCG_TL(tcg_gen_qemu_ld)
#define tcg_gen_qemu_st_tl TCG_TL(tcg_gen_qemu_st)
#define tcg_temp_new_tl TCG_TL(tcg_temp_new)
#define tcg_temp_new_tb_tl TCG_TL(tcg_temp_new_tb)
#define tcg_temp_free_tl TCG_TL(tcg_temp_free)
#define tcg_constant_tl TCG_TL(tcg_constant)
#define tcg_global_mem_new_tl TCG_TL(tcg_global_mem_new)

#endif
