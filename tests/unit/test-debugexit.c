/*
 * isa-debug-exit: -device creation with iobase/iosize, the exit status
 * (v << 1) | 1 through the real main loop in a child process, the
 * run-state path, and rejected properties.
 */
#include "kemu/osdep.h"
#include "hw/misc/debugexit.h"
#include "system/runstate.h"
#include "devtest.h"

#include <sys/wait.h>

/* In a child: create the device, write val, run the main loop, exit. */
static int exit_status_of(const char *optstr, hwaddr port, uint32_t val,
                          unsigned size)
{
    int wstatus;
    pid_t pid = fork();

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        MemTxResult r;

        runstate_set_policy(false, true);   /* -no-shutdown: no effect */
        qdev_device_add_from_str(optstr, &error_fatal);
        if (size == 1) {
            address_space_stb(&address_space_io, port, val, &r);
        } else {
            address_space_stl_le(&address_space_io, port, val, &r);
        }
        _exit(r == MEMTX_OK ? main_loop_run() : 99);
    }
    g_assert_cmpint(waitpid(pid, &wstatus, 0), ==, pid);
    g_assert_true(WIFEXITED(wstatus));
    return WEXITSTATUS(wstatus);
}

static void test_exit_status_main_loop(void)
{
    g_assert_cmpint(exit_status_of("isa-debug-exit", 0x501, 0x00, 1), ==, 1);
    g_assert_cmpint(exit_status_of("isa-debug-exit", 0x502, 0x10, 1), ==,
                    0x21);
    g_assert_cmpint(exit_status_of("isa-debug-exit,iobase=0xf4,iosize=0x04",
                                   0xf4, 0x31, 4), ==, 0x63);
    /* The status is an exit code: only its low byte survives. */
    g_assert_cmpint(exit_status_of("isa-debug-exit,iobase=0xf4,iosize=0x04",
                                   0xf6, 0x7f, 1), ==, 0xff);
}

static void test_runstate_path(void)
{
    DeviceState *dev;
    int status = -1;

    dev = qdev_device_add_from_str("isa-debug-exit,id=dbg,iobase=0x600",
                                   &error_fatal);
    g_assert_false(runstate_process_requests(&status));
    address_space_stb(&address_space_io, 0x601, 0x02, NULL);
    g_assert_true(runstate_process_requests(&status));
    g_assert_cmpint(status, ==, 5);
    /* The idle callback the request queued finds nothing left to do. */
    main_loop_wait_once(0);
    g_assert_false(main_loop_quit_requested());
    devtest_destroy(dev);
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x601, NULL), ==,
                    0xff);
}

static void test_bad_properties(void)
{
    Error *err = NULL;

    g_assert_null(qdev_device_add_from_str(
        "isa-debug-exit,iobase=0xfffe,iosize=4", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "does not fit"));
    error_free(err);
    err = NULL;
    g_assert_null(qdev_device_add_from_str("isa-debug-exit,iosize=0", &err));
    g_assert_nonnull(err);
    error_free(err);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    address_space_set_unassigned_ones(&address_space_io, true);
    g_test_add_func("/debugexit/exit-status-main-loop",
                    test_exit_status_main_loop);
    g_test_add_func("/debugexit/runstate-path", test_runstate_path);
    g_test_add_func("/debugexit/bad-properties", test_bad_properties);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
