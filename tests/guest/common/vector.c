/*
 * The loops of vecloops.c built vectorised (-O3 -ftree-vectorize: NEON on
 * AArch64, SSE2 on x86-64; integer and floating point) compared with the
 * same loops built scalar (-O1); the integer results are checked before the
 * floating-point ones.
 */
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "vecloops.h"

static uint64_t fnv(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ULL;

    while (n--) {
        h = (h ^ *b++) * 0x100000001b3ULL;
    }
    return h;
}

/* Compare the fields [first, last) of the vectorised and scalar runs. */
static void compare(const VecOut *v, const VecOut *s, int first, int last)
{
    static const struct { const char *name; size_t off, size; } parts[] = {
#define PART(f) { #f, offsetof(VecOut, f), sizeof(((VecOut *)0)->f) }
        PART(i32), PART(u8), PART(rev), PART(sum_i32), PART(max_i32),
        PART(dot_i16), PART(sad_u8), PART(min_u8), PART(count_gt),
        PART(f32), PART(f64), PART(cvt), PART(cplx),
#undef PART
    };

    for (int i = first; i < last; i++) {
        uint64_t hv = fnv((const char *)v + parts[i].off, parts[i].size);
        uint64_t hs = fnv((const char *)s + parts[i].off, parts[i].size);
        CHECK(hv == hs, "vector loop %s: %016llx (scalar %016llx)",
              parts[i].name, (unsigned long long)hv, (unsigned long long)hs);
    }
}

int main(void)
{
    static VecOut v, s;

    setvbuf(stdout, NULL, _IOLBF, 0);
    vecloops_int_vec(&v);
    vecloops_int_scalar(&s);
    compare(&v, &s, 0, 9);
    vecloops_fp_vec(&v);
    vecloops_fp_scalar(&s);
    compare(&v, &s, 9, 13);
    return check_finish("vector");
}
