/*
 * target/arm/pauth-helper.c on its own: QARMA5 against the published
 * test vector, AddPAC/Auth/Strip round trips and error codes under
 * TCR_EL1 layouts, and the key registers existing on max only.  The
 * instructions are tested against QEMU by tests/tcg/aarch64/pauth*.c.
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "../../target/arm/pauth.h"
#include "../../target/arm/sysreg.h"

static ARMCPU *new_cpu(const char *type)
{
    ARMCPU *cpu = ARM_CPU(object_new(type));

    CPU(cpu)->as = &address_space_memory;
    device_cold_reset(DEVICE(cpu));
    return cpu;
}

/* The QARMA-64 (sigma1, 5 rounds) vector, which QEMU's PACGA agrees with. */
static void test_qarma5(void)
{
    g_assert_cmphex(pauth_compute_pac(0xfb623599da6e8127ull,
                                      0x477d469dec0b8762ull,
                                      0x84be85ce9804e94bull,
                                      0xec2802d4e0a488e9ull),
                    ==, 0xc003b93999b33765ull);
    /* Every input matters. */
    g_assert_cmphex(pauth_compute_pac(1, 0, 0, 0), !=,
                    pauth_compute_pac(0, 0, 0, 0));
    g_assert_cmphex(pauth_compute_pac(0, 1, 0, 0), !=,
                    pauth_compute_pac(0, 0, 0, 0));
    g_assert_cmphex(pauth_compute_pac(0, 0, 1, 0), !=,
                    pauth_compute_pac(0, 0, 0, 0));
    g_assert_cmphex(pauth_compute_pac(0, 0, 0, 1), !=,
                    pauth_compute_pac(0, 0, 0, 0));
}

static void set_keys(CPUARMState *env)
{
    for (int k = 0; k < PAUTH_NKEYS; k++) {
        env->pac_keys[k].lo = 0x0123456789abcdefull * (k + 1);
        env->pac_keys[k].hi = 0xfedcba9876543210ull ^ k;
    }
}

/* T0SZ = T1SZ = 16: the PAC is bits 54:48 (and 63:56 without TBI). */
static void test_round_trip(void)
{
    ARMCPU *cpu = new_cpu("max-aarch64-cpu");
    CPUARMState *env = &cpu->env;
    const uint64_t ptrs[] = {
        0x0000123456789abcull, 0xffff80000000f000ull, 0x0000000040001000ull,
    };

    set_keys(env);
    for (int tbi = 0; tbi < 2; tbi++) {
        env->cp15.tcr_el1 = 16 | 16ull << 16 | (tbi ? 3ull << 37 : 0);
        for (size_t i = 0; i < G_N_ELEMENTS(ptrs); i++) {
            uint64_t p = ptrs[i], field = tbi ? 0x007f000000000000ull
                                              : 0xff7f000000000000ull;
            uint64_t s = pauth_add(env, p, 42, PAUTH_KEY_IA);
            uint64_t bad = pauth_auth(env, s ^ 1, 42, PAUTH_KEY_IB);
            int at = tbi ? 53 : 61;     /* where the error code goes */

            g_assert_cmphex(s & ~field, ==, p & ~field);
            g_assert_cmphex(s, !=, p);
            g_assert_cmphex(pauth_auth(env, s, 42, PAUTH_KEY_IA), ==, p);
            g_assert_cmphex(pauth_strip(env, s, false), ==, p);
            /* Wrong modifier: key A's error code 01; key B's 10. */
            g_assert_cmphex(pauth_auth(env, s, 43, PAUTH_KEY_IA), ==,
                            (p & ~(3ull << at)) | 1ull << at);
            g_assert_cmphex(bad, ==, ((p ^ 1) & ~(3ull << at)) | 2ull << at);
        }
    }
    object_unref(OBJECT(cpu));
}

/* Bad extension bits: the PAC is corrupted, so Auth fails. */
static void test_bad_extension(void)
{
    ARMCPU *cpu = new_cpu("max-aarch64-cpu");
    CPUARMState *env = &cpu->env;
    uint64_t p = 0x0001000000001000ull;     /* bit 48 set, 48-bit VA */

    set_keys(env);
    env->cp15.tcr_el1 = 16 | 16ull << 16;
    g_assert_cmphex(pauth_auth(env, pauth_add(env, p, 0, PAUTH_KEY_DA), 0,
                               PAUTH_KEY_DA) >> 61, ==, 1);
    object_unref(OBJECT(cpu));
}

/* TBID: TBI applies to data pointers only. */
static void test_tbid(void)
{
    ARMCPU *cpu = new_cpu("max-aarch64-cpu");
    CPUARMState *env = &cpu->env;
    uint64_t p = 0xab00000012345678ull;

    env->cp15.tcr_el1 = 16 | 16ull << 16 | 1ull << 37 | 1ull << 51;
    g_assert_cmphex(pauth_strip(env, p, true), ==, p);
    g_assert_cmphex(pauth_strip(env, p, false), ==, 0x12345678);
    object_unref(OBJECT(cpu));
}

static void test_key_registers(void)
{
    const ARMSysReg *ri = arm_sysreg_find(3, 0, 2, 3, 1);   /* APGAKeyHi */
    ARMCPU *max = new_cpu("max-aarch64-cpu");
    ARMCPU *a72 = new_cpu("cortex-a72-aarch64-cpu");

    g_assert_nonnull(ri);
    g_assert_cmpstr(ri->name, ==, "APGAKeyHi_EL1");
    g_assert_true(arm_sysreg_access_ok(&max->env, ri, false));
    g_assert_false(arm_sysreg_access_ok(&a72->env, ri, true));
    arm_sysreg_write(&max->env, ri, 0x5555);
    g_assert_cmphex(max->env.pac_keys[PAUTH_KEY_GA].hi, ==, 0x5555);
    g_assert_cmphex(arm_sysreg_read(max, ri), ==, 0x5555);
    /* A key write retires the PACs made with the old key. */
    ri = arm_sysreg_find(3, 0, 2, 1, 0);                    /* APIAKeyLo */
    max->env.cp15.tcr_el1 = 16 | 16ull << 16;
    uint64_t s1 = pauth_add(&max->env, 0x1000, 5, PAUTH_KEY_IA);
    arm_sysreg_write(&max->env, ri, 0x1234);
    g_assert_cmphex(pauth_add(&max->env, 0x1000, 5, PAUTH_KEY_IA), !=, s1);
    arm_sysreg_write(&max->env, ri, 0);
    g_assert_cmphex(pauth_add(&max->env, 0x1000, 5, PAUTH_KEY_IA), ==, s1);
    ri = arm_sysreg_find(3, 0, 2, 1, 2);                    /* APIBKeyLo */
    g_assert_cmpstr(ri->name, ==, "APIBKeyLo_EL1");
    arm_sysreg_write(&max->env, ri, 7);
    g_assert_cmphex(max->env.pac_keys[PAUTH_KEY_IB].lo, ==, 7);
    object_unref(OBJECT(max));
    object_unref(OBJECT(a72));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm/pauth/qarma5", test_qarma5);
    g_test_add_func("/arm/pauth/round-trip", test_round_trip);
    g_test_add_func("/arm/pauth/bad-extension", test_bad_extension);
    g_test_add_func("/arm/pauth/tbid", test_tbid);
    g_test_add_func("/arm/pauth/key-registers", test_key_registers);
    return g_test_run();
}
