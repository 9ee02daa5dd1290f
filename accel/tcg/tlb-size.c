/*
 * The size policy of the dynamic softmmu TLB (see tlb-size.h).
 */
#include "kemu/osdep.h"
#include "tlb-size.h"

void tlb_size_window_init(TLBSizeWindow *w, int64_t now_ms)
{
    w->start_ms = now_ms;
    w->max_used = 0;
}

/* How many percent of a table of 1 << bits entries used ones fill. */
static uint64_t use_pct(uint32_t used, unsigned bits)
{
    return ((uint64_t)used * 100) >> bits;
}

/* The smallest size that used entries fill to 70% at most. */
static unsigned bits_to_fit(uint32_t used)
{
    unsigned bits = CPU_TLB_DYN_MIN_BITS;

    while (bits < CPU_TLB_DYN_MAX_BITS && use_pct(used, bits) > 70) {
        bits++;
    }
    return bits;
}

unsigned tlb_size_at_flush(TLBSizeWindow *w, unsigned bits, uint32_t used,
                           int64_t now_ms)
{
    uint32_t max_used = MAX(w->max_used, used);
    bool expired = now_ms - w->start_ms > TLB_WINDOW_MS;
    unsigned new_bits = bits;

    if (use_pct(max_used, bits) > 70) {
        new_bits = MIN(bits + 1, CPU_TLB_DYN_MAX_BITS);
    } else if (expired && use_pct(max_used, bits) < 30) {
        new_bits = MIN(bits_to_fit(max_used), bits);
    }
    if (new_bits != bits) {
        tlb_size_window_init(w, now_ms);
    } else if (expired) {
        /* A new window, which starts with what is in use now. */
        w->start_ms = now_ms;
        w->max_used = used;
    } else {
        w->max_used = max_used;
    }
    return new_bits;
}
