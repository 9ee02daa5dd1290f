/*
 * Bitmap helpers: ranges that cross word boundaries, test-and-clear,
 * and the word-aligned copy used by dirty-page snapshots.
 */
#include "kemu/osdep.h"
#include "util/bitmap.h"

#define NBITS (4 * BITS_PER_LONG)

static void test_set_and_test(void)
{
    unsigned long *map = bitmap_new(NBITS);

    bitmap_set_atomic(map, BITS_PER_LONG - 3, 6);
    g_assert_cmphex(map[0], ==, 7UL << (BITS_PER_LONG - 3));
    g_assert_cmphex(map[1], ==, 7);
    g_assert_true(bitmap_test_range(map, 0, BITS_PER_LONG));
    g_assert_false(bitmap_test_range(map, 0, BITS_PER_LONG - 3));
    g_assert_false(bitmap_test_range(map, BITS_PER_LONG + 3, 100));
    g_assert_false(bitmap_test_range(map, 5, 0));
    bitmap_set_atomic(map, 10, 0);
    g_assert_cmphex(map[0] & 0xffff, ==, 0);
    /* Whole words in the middle of a range. */
    bitmap_set_atomic(map, 1, NBITS - 2);
    g_assert_cmphex(map[1], ==, ~0UL);
    g_assert_cmphex(map[3], ==, ~0UL >> 1);
    g_free(map);
}

static void test_test_and_clear(void)
{
    unsigned long *map = bitmap_new(NBITS);

    bitmap_set_atomic(map, 2 * BITS_PER_LONG + 1, 1);
    g_assert_false(bitmap_test_and_clear_atomic(map, 0, 2 * BITS_PER_LONG));
    g_assert_true(bitmap_test_and_clear_atomic(map, 60, 2 * BITS_PER_LONG));
    g_assert_cmphex(map[2], ==, 0);
    g_assert_false(bitmap_test_and_clear_atomic(map, 0, NBITS));
    g_free(map);
}

static void test_copy_and_clear(void)
{
    unsigned long *src = bitmap_new(NBITS), *dst = bitmap_new(NBITS);

    bitmap_set_atomic(src, BITS_PER_LONG, NBITS - BITS_PER_LONG);
    bitmap_copy_and_clear_atomic(dst, src, BITS_PER_LONG, BITS_PER_LONG + 4);
    g_assert_cmphex(dst[0], ==, ~0UL);
    g_assert_cmphex(dst[1], ==, 0xf);
    g_assert_cmphex(src[1], ==, 0);
    /* Bits past the copied range stay in src. */
    g_assert_cmphex(src[2], ==, ~0UL << 4);
    g_assert_cmphex(src[3], ==, ~0UL);
    g_free(src);
    g_free(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bitmap/set-and-test", test_set_and_test);
    g_test_add_func("/bitmap/test-and-clear", test_test_and_clear);
    g_test_add_func("/bitmap/copy-and-clear", test_copy_and_clear);
    return g_test_run();
}
