/* Helpers accel/tcg provides to translated code (a helper list, no guard). */
DEF_HELPER_FLAGS_1(lookup_tb_ptr, TCG_CALL_NO_WG_SE, ptr, env)
/* guest-atomic.c: they may fault, so globals are stored before the call. */
DEF_HELPER_FLAGS_4(atomic_rmw, TCG_CALL_NO_WG, i64, env, i64, i64, i32)
DEF_HELPER_FLAGS_5(atomic_cmpxchg, TCG_CALL_NO_WG, i64, env, i64, i64, i64,
                   i32)
DEF_HELPER_FLAGS_0(guest_mb, TCG_CALL_NO_RWG, void)
