/*
 * Error objects: set, prepend, propagate, ignore.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"

static bool fail_with(int value, Error **errp)
{
    error_setg(errp, "bad value %d", value);
    return false;
}

static void test_set_and_prepend(void)
{
    Error *err = NULL;

    g_assert_false(fail_with(7, &err));
    g_assert_nonnull(err);
    error_prepend(&err, "-m: ");
    g_assert_cmpstr(error_get_pretty(err), ==, "-m: bad value 7");
    error_free(err);
}

static void test_errno_suffix(void)
{
    Error *err = NULL;

    error_setg_errno(&err, ENOENT, "cannot open '%s'", "x.img");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot open 'x.img': No such file or directory");
    error_free(err);
}

static void test_ignore_and_propagate(void)
{
    Error *local = NULL, *dst = NULL;

    g_assert_false(fail_with(1, NULL));
    fail_with(2, &local);
    error_propagate(&dst, local);
    g_assert_cmpstr(error_get_pretty(dst), ==, "bad value 2");
    error_propagate(&dst, NULL);
    g_assert_nonnull(dst);
    error_free(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/set-and-prepend", test_set_and_prepend);
    g_test_add_func("/error/errno-suffix", test_errno_suffix);
    g_test_add_func("/error/ignore-and-propagate", test_ignore_and_propagate);
    return g_test_run();
}
