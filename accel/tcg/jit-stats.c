/*
 * The translator's counters as text: "info jit" in the monitor, and the
 * -d jit report written when Kemu exits.  Translation speed is guest
 * instructions translated per second of host time spent in tb_gen_code.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "internal.h"

static double per_second(uint64_t count, uint64_t ns)
{
    return ns ? count * 1e9 / ns : 0;
}

void tcg_accel_format_stats(GString *out)
{
    TCGAccelStats s;

    tcg_accel_get_stats(&s);
    g_string_append_printf(out, "translated: %" PRIu64 " TBs, %" PRIu64
                           " guest insns in %.6f s\n", s.translations,
                           s.guest_insns, s.translate_ns / 1e9);
    g_string_append_printf(out, "translation speed: %.0f guest insns/s, "
                           "%.0f TBs/s\n",
                           per_second(s.guest_insns, s.translate_ns),
                           per_second(s.translations, s.translate_ns));
    g_string_append_printf(out, "code buffer: %" PRIu64 " bytes used\n",
                           s.code_bytes);
    g_string_append_printf(out, "TBs entered from the CPU loop: %" PRIu64
                           "\nchained jumps: %" PRIu64 "\ninvalidated TBs: %"
                           PRIu64 "\nflushes: %" PRIu64 "\n", s.tb_execs,
                           s.chains, s.invalidations, s.flushes);
    g_string_append_printf(out, "TLB fills: %" PRIu64 ", victim hits: %"
                           PRIu64 ", resizes: %" PRIu64 ", tables: %" PRIu64
                           " bytes\n", s.tlb_fills, s.tlb_victim_hits,
                           s.tlb_resizes, s.tlb_bytes);
}

static void log_stats_at_exit(void)
{
    g_autoptr(GString) text = g_string_new(NULL);

    if (kemu_log_enabled(LOG_JIT)) {
        tcg_accel_format_stats(text);
        kemu_log("%s", text->str);
    }
}

void tcg_stats_init(void)
{
    atexit(log_stats_at_exit);
}
