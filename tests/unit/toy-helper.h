/* Helpers of the toy test CPU (a helper list, no include guard). */
DEF_HELPER_FLAGS_2(toy_raise, 0, void, env, i32)
DEF_HELPER_FLAGS_1(toy_hlt, 0, void, env)
DEF_HELPER_FLAGS_2(toy_tlbi, TCG_CALL_NO_RWG, void, env, i64)
DEF_HELPER_FLAGS_2(toy_tlbiall, TCG_CALL_NO_RWG, void, env, i32)
