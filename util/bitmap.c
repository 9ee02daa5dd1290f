/*
 * Bitmap helpers: word-at-a-time range operations, atomic where the
 * header says so.
 */
#include "kemu/osdep.h"
#include "util/bitmap.h"

#define BIT_WORD(n) ((n) / BITS_PER_LONG)

/* The bits of word w that fall inside [start, end). */
static unsigned long range_mask(size_t start, size_t end, size_t w)
{
    size_t lo = w * BITS_PER_LONG, hi = lo + BITS_PER_LONG;
    unsigned long mask = ~0UL;

    if (start > lo) {
        mask &= ~0UL << (start - lo);
    }
    if (end < hi) {
        mask &= ~0UL >> (hi - end);
    }
    return mask;
}

unsigned long *bitmap_new(size_t nbits)
{
    return g_new0(unsigned long, BITS_TO_LONGS(nbits));
}

void bitmap_set_atomic(unsigned long *map, size_t start, size_t nr)
{
    size_t end = start + nr;

    for (size_t w = BIT_WORD(start); nr && w <= BIT_WORD(end - 1); w++) {
        unsigned long mask = range_mask(start, end, w);

        /* Skip the locked operation when the bits are already set. */
        if ((__atomic_load_n(&map[w], __ATOMIC_RELAXED) & mask) != mask) {
            __atomic_fetch_or(&map[w], mask, __ATOMIC_SEQ_CST);
        }
    }
}

bool bitmap_test_range(const unsigned long *map, size_t start, size_t nr)
{
    size_t end = start + nr;

    for (size_t w = BIT_WORD(start); nr && w <= BIT_WORD(end - 1); w++) {
        if (__atomic_load_n(&map[w], __ATOMIC_RELAXED) &
            range_mask(start, end, w)) {
            return true;
        }
    }
    return false;
}

bool bitmap_test_and_clear_atomic(unsigned long *map, size_t start,
                                  size_t nr)
{
    size_t end = start + nr;
    unsigned long seen = 0;

    for (size_t w = BIT_WORD(start); nr && w <= BIT_WORD(end - 1); w++) {
        unsigned long mask = range_mask(start, end, w);

        seen |= __atomic_fetch_and(&map[w], ~mask, __ATOMIC_SEQ_CST) & mask;
    }
    return seen != 0;
}

void bitmap_copy_and_clear_atomic(unsigned long *dst, unsigned long *src,
                                  size_t start, size_t nr)
{
    assert(start % BITS_PER_LONG == 0);
    src += BIT_WORD(start);
    for (size_t w = 0; w < BITS_TO_LONGS(nr); w++) {
        unsigned long mask = range_mask(0, nr, w);

        dst[w] = __atomic_fetch_and(&src[w], ~mask, __ATOMIC_SEQ_CST) & mask;
    }
}
