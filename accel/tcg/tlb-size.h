/*
 * The size policy of a dynamic softmmu TLB (one per vCPU and MMU index).
 *
 * A TLB is direct-mapped: a bigger one has fewer conflict misses but costs
 * more memory and cache.  The policy watches how full the table is each
 * time it is flushed as a whole (the only moment it may be resized: no
 * entry has to move) over a window of time:
 *   - more than 70% of the entries in use at a flush: double the table;
 *   - under 30% used at every flush of a window of TLB_WINDOW_MS: shrink
 *     it to the smallest size that the busiest flush of the window would
 *     have filled to at most 70%.
 */
#ifndef ACCEL_TCG_TLB_SIZE_H
#define ACCEL_TCG_TLB_SIZE_H

#define CPU_TLB_DYN_MIN_BITS 8
#define CPU_TLB_DYN_DEFAULT_BITS 8
#define CPU_TLB_DYN_MAX_BITS 12
#define TLB_WINDOW_MS 100

typedef struct TLBSizeWindow {
    int64_t start_ms;           /* when the window began */
    uint32_t max_used;          /* most entries in use at one of its flushes */
} TLBSizeWindow;

/* Start a window at now_ms. */
void tlb_size_window_init(TLBSizeWindow *w, int64_t now_ms);

/*
 * A table of 1 << bits entries, `used` of them in use, is flushed at
 * now_ms: the number of bits for the emptied table.
 */
unsigned tlb_size_at_flush(TLBSizeWindow *w, unsigned bits, uint32_t used,
                           int64_t now_ms);

#endif
