/*
 * The human monitor: line editing, the command table, run-state commands.
 */
#include "kemu/osdep.h"
#include "monitor/monitor.h"
#include "system/runstate.h"
#include "exec/memory.h"

static void to_gstring(void *opaque, const char *text, size_t len)
{
    g_string_append_len(opaque, text, len);
}

/* Feed one string and return everything the monitor printed. */
static char *feed(Monitor *mon, GString *out, const char *input)
{
    g_string_truncate(out, 0);
    monitor_feed(mon, (const uint8_t *)input, strlen(input));
    return g_strdup(out->str);
}

static void test_prompt_and_status(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon = monitor_new(to_gstring, out);
    g_autofree char *a = NULL, *b = NULL, *c = NULL;

    monitor_start(mon);
    g_assert_true(g_str_has_suffix(out->str, "(kemu) "));
    a = feed(mon, out, "info status\r");
    g_assert_cmpstr(a, ==, "info status\nVM status: paused (prelaunch)\n(kemu) ");
    b = feed(mon, out, "cont\r\ninfo status\n");
    g_assert_nonnull(strstr(b, "VM status: running\n"));
    g_assert_true(runstate_is_running());
    c = feed(mon, out, "stop\ninfo status\n");
    g_assert_nonnull(strstr(c, "VM status: paused\n"));
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PAUSED);
    monitor_free(mon);
}

static void test_editing(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon = monitor_new(to_gstring, out);
    g_autofree char *a = NULL, *b = NULL;

    /* "infx" + backspace + "o version", with an arrow-key sequence ignored. */
    a = feed(mon, out, "infx\x7fo\x1b[A version\r");
    g_assert_nonnull(strstr(a, "\b \b"));
    g_assert_nonnull(strstr(a, "\n" KEMU_VERSION "\n"));
    b = feed(mon, out, "\r\n");
    g_assert_cmpstr(b, ==, "\n(kemu) ");
    monitor_free(mon);
}

static void test_errors_and_help(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon = monitor_new(to_gstring, out);

    monitor_execute(mon, "frobnicate now");
    g_assert_cmpstr(out->str, ==, "unknown command: 'frobnicate'\n");
    g_string_truncate(out, 0);
    monitor_execute(mon, "info nothing");
    g_assert_nonnull(strstr(out->str, "info status -- "));
    g_assert_nonnull(strstr(out->str, "Error: unknown info subcommand 'nothing'"));
    g_string_truncate(out, 0);
    monitor_execute(mon, "stop now");
    g_assert_cmpstr(out->str, ==, "Error: 'stop' takes no arguments\n");
    g_string_truncate(out, 0);
    monitor_execute(mon, "help");
    g_assert_nonnull(strstr(out->str, "system_reset -- reset the machine\n"));
    g_assert_nonnull(strstr(out->str, "quit -- quit Kemu\n"));
    g_string_truncate(out, 0);
    monitor_execute(mon, "help sys");
    g_assert_cmpstr(out->str, ==, "system_reset -- reset the machine\n");
    monitor_free(mon);
}

static void test_info_mtree(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon = monitor_new(to_gstring, out);
    MemoryRegion ram;

    g_assert_true(memory_region_init_ram(&ram, "test", "test.ram", 1 << 20, NULL));
    memory_region_add_subregion(get_system_memory(), 0x40000000, &ram);
    monitor_execute(mon, "info mtree");
    g_assert_nonnull(strstr(out->str, "address-space: memory\n"));
    g_assert_nonnull(strstr(out->str,
                            "0000000040000000-00000000400fffff (prio 0, ram): test.ram"));
    g_assert_nonnull(strstr(out->str, "address-space: I/O\n"));
    monitor_free(mon);
}

static int resets;

static void count_reset(void *opaque)
{
    resets++;
}

static void test_reset_and_quit_requests(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon = monitor_new(to_gstring, out);
    int status = -1;

    kemu_register_reset(count_reset, NULL);
    monitor_execute(mon, "system_reset");
    g_assert_cmpint(resets, ==, 0);     /* acted on by the main loop */
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 1);
    monitor_execute(mon, "quit");
    g_assert_true(runstate_process_requests(&status));
    g_assert_cmpint(status, ==, 0);
    monitor_free(mon);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/monitor/prompt-and-status", test_prompt_and_status);
    g_test_add_func("/monitor/editing", test_editing);
    g_test_add_func("/monitor/errors-and-help", test_errors_and_help);
    g_test_add_func("/monitor/info-mtree", test_info_mtree);
    g_test_add_func("/monitor/reset-and-quit-requests", test_reset_and_quit_requests);
    return g_test_run();
}
