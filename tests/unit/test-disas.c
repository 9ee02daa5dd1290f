/*
 * Capstone wrapper: each instruction set decodes known encodings, bad
 * bytes come out as .byte and decoding carries on.
 */
#include "kemu/osdep.h"
#include "disas/disas.h"

static void test_aarch64(void)
{
    /* movz x0, #1 ; ret ; an unallocated word ; nop */
    static const uint8_t code[] = {
        0x20, 0x00, 0x80, 0xd2, 0xc0, 0x03, 0x5f, 0xd6,
        0x00, 0x00, 0x00, 0x00, 0x1f, 0x20, 0x03, 0xd5,
    };
    g_autoptr(GString) out = g_string_new(NULL);

    g_assert_cmpint(disas_append(out, DISAS_AARCH64, code, sizeof(code),
                                 0x40000000), ==, 4);
    g_assert_nonnull(strstr(out->str,
                            "0x0000000040000000:  d2800020  movz x0, #0x1\n"));
    g_assert_nonnull(strstr(out->str, "0x0000000040000004:  d65f03c0  ret\n"));
    g_assert_nonnull(strstr(out->str, "0x0000000040000008:  00000000  .byte "
                            "0x00, 0x00, 0x00, 0x00\n"));
    g_assert_nonnull(strstr(out->str, "0x000000004000000c:  d503201f  nop\n"));
}

static void test_x86_modes(void)
{
    static const uint8_t code64[] = { 0x48, 0x89, 0xd8, 0xc3 };   /* mov rax,rbx; ret */
    static const uint8_t code16[] = { 0xb8, 0x34, 0x12 };         /* mov ax, 0x1234 */
    g_autoptr(GString) out = g_string_new(NULL);

    g_assert_cmpint(disas_append(out, DISAS_X86_64, code64, sizeof(code64),
                                 0x1000), ==, 2);
    g_assert_nonnull(strstr(out->str, "0x0000000000001000:  4889d8  mov rax, rbx\n"));
    g_string_truncate(out, 0);
    g_assert_cmpint(disas_append(out, DISAS_I8086, code16, sizeof(code16),
                                 0x7c00), ==, 1);
    g_assert_nonnull(strstr(out->str, "mov ax, 0x1234\n"));
}

static void test_mips(void)
{
    /* addiu $v0, $zero, 1 in both byte orders */
    static const uint8_t le[] = { 0x01, 0x00, 0x02, 0x24 };
    static const uint8_t be[] = { 0x24, 0x02, 0x00, 0x01 };
    g_autoptr(GString) out = g_string_new(NULL);

    disas_append(out, DISAS_MIPS32_LE, le, sizeof(le), 0x80000000);
    disas_append(out, DISAS_MIPS32_BE, be, sizeof(be), 0x80000000);
    g_assert_nonnull(strstr(out->str, "addiu $v0, $zero, 1\n"));
    g_assert_cmpuint(strlen(strstr(out->str, "addiu")), >,
                     strlen("addiu $v0, $zero, 1\n"));   /* two lines */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/disas/aarch64", test_aarch64);
    g_test_add_func("/disas/x86-modes", test_x86_modes);
    g_test_add_func("/disas/mips", test_mips);
    return g_test_run();
}
