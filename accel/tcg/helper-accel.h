/* Helpers accel/tcg provides to translated code (a helper list, no guard). */
DEF_HELPER_FLAGS_1(lookup_tb_ptr, TCG_CALL_NO_WG_SE, ptr, env)
