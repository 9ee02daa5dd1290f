/*
 * Bitmaps of unsigned long words, allocated with bitmap_new() and freed
 * with g_free().  The _atomic calls may race with each other (vCPU threads
 * marking pages dirty while the display or migration clears them).
 */
#ifndef UTIL_BITMAP_H
#define UTIL_BITMAP_H

#define BITS_PER_LONG (sizeof(unsigned long) * 8)
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* A zeroed bitmap of nbits bits. */
unsigned long *bitmap_new(size_t nbits);
/* Set bits [start, start + nr). */
void bitmap_set_atomic(unsigned long *map, size_t start, size_t nr);
/* Whether any bit in [start, start + nr) is set. */
bool bitmap_test_range(const unsigned long *map, size_t start, size_t nr);
/* Clear bits [start, start + nr); returns whether any was set. */
bool bitmap_test_and_clear_atomic(unsigned long *map, size_t start,
                                  size_t nr);
/*
 * Move bits [start, start + nr) of src to dst bits [0, nr), clearing them
 * in src.  start must be a multiple of BITS_PER_LONG.
 */
void bitmap_copy_and_clear_atomic(unsigned long *dst, unsigned long *src,
                                  size_t start, size_t nr);

#endif
