/* The scatter-gather helpers of util/iov.c. */
#include "kemu/osdep.h"
#include "kemu/iov.h"

/* Three pieces of 3, 1 and 4 bytes over one 8-byte buffer. */
static void make_iov(uint8_t *buf, struct iovec *iov)
{
    iov[0] = (struct iovec){ .iov_base = buf, .iov_len = 3 };
    iov[1] = (struct iovec){ .iov_base = buf + 3, .iov_len = 1 };
    iov[2] = (struct iovec){ .iov_base = buf + 4, .iov_len = 4 };
}

static void test_copy(void)
{
    uint8_t buf[8] = { 0 }, out[8];
    struct iovec iov[3];

    make_iov(buf, iov);
    g_assert_cmpuint(iov_size(iov, 3), ==, 8);
    iov_from_buf(iov, 3, 2, "abcd", 4);
    g_assert_cmpmem(buf, 8, "\0\0abcd\0\0", 8);
    iov_memset(iov, 3, 5, 'z', 3);
    g_assert_cmpmem(buf, 8, "\0\0abczzz", 8);
    iov_to_buf(iov, 3, 1, out, 6);
    g_assert_cmpmem(out, 6, "\0abczz", 6);
}

static void test_slice(void)
{
    uint8_t buf[8];
    struct iovec iov[3], sub[3];
    int n;

    make_iov(buf, iov);
    n = iov_slice(iov, 3, 2, 4, sub, 3);
    g_assert_cmpint(n, ==, 3);
    g_assert_true(sub[0].iov_base == buf + 2 && sub[0].iov_len == 1);
    g_assert_true(sub[1].iov_base == buf + 3 && sub[1].iov_len == 1);
    g_assert_true(sub[2].iov_base == buf + 4 && sub[2].iov_len == 2);
    n = iov_slice(iov, 3, 4, 4, sub, 3);
    g_assert_cmpint(n, ==, 1);
    g_assert_true(sub[0].iov_base == buf + 4 && sub[0].iov_len == 4);
    g_assert_cmpint(iov_slice(iov, 3, 8, 0, sub, 3), ==, 0);
}

/* A range past the end is a programming error. */
static void test_out_of_range(void)
{
    if (g_test_subprocess()) {
        uint8_t buf[8], out[8];
        struct iovec iov[3];

        make_iov(buf, iov);
        iov_to_buf(iov, 3, 4, out, 5);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/iov/copy", test_copy);
    g_test_add_func("/iov/slice", test_slice);
    g_test_add_func("/iov/out-of-range", test_out_of_range);
    return g_test_run();
}
