/*
 * Command-line parsing into KemuConfig: QEMU syntax, clear errors.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "system/cmdline.h"

/* Parse a NULL-terminated list of words; returns the error text or NULL. */
static char *parse(KemuConfig *cfg, const char *first, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    Error *err = NULL;
    char *msg = NULL;
    va_list ap;

    g_ptr_array_add(argv, "kemu");
    va_start(ap, first);
    for (const char *w = first; w; w = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (gpointer)w);
    }
    va_end(ap);
    kemu_config_init(cfg, "x86_64");
    if (!kemu_parse_args(cfg, argv->len, (char **)argv->pdata, &err)) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    return msg;
}

static void test_machine_and_accel(void)
{
    KemuConfig cfg;

    g_assert_null(parse(&cfg, "-M", "pc,accel=tcg,usb=off", "--m", "1G", NULL));
    g_assert_cmpstr(cfg.machine_type, ==, "pc");
    g_assert_cmpstr(cfg.accel, ==, "tcg");
    g_assert_cmpuint(cfg.ram_size, ==, 1ULL << 30);
    g_assert_false(keyval_has(cfg.machine_opts, "accel"));
    g_assert_cmpstr(keyval_get(cfg.machine_opts, "usb"), ==, "off");
    kemu_config_free(&cfg);

    g_assert_null(parse(&cfg, "-machine", "type=virt", "-machine", "gic-version=3",
                        "-accel", "tcg,thread=single", NULL));
    g_assert_cmpstr(cfg.machine_type, ==, "virt");
    g_assert_cmpstr(keyval_get(cfg.machine_opts, "gic-version"), ==, "3");
    g_assert_cmpstr(keyval_get(cfg.accel_opts, "thread"), ==, "single");
    kemu_config_free(&cfg);
}

static void test_memory(void)
{
    KemuConfig cfg;
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

    g_assert_null(parse(&cfg, "-m", "512", NULL));
    g_assert_cmpuint(cfg.ram_size, ==, 512ULL << 20);
    kemu_config_free(&cfg);
    g_assert_null(parse(&cfg, "-m", "size=2G,slots=2,maxmem=8G", NULL));
    g_assert_cmpuint(cfg.maxmem, ==, 8ULL << 30);
    kemu_config_free(&cfg);

    e1 = parse(&cfg, "-m", "lots", NULL);
    g_assert_cmpstr(e1, ==, "-m: invalid RAM size 'lots'");
    kemu_config_free(&cfg);
    e2 = parse(&cfg, "-m", "4G,maxmem=1G", NULL);
    g_assert_nonnull(strstr(e2, "maxmem"));
    kemu_config_free(&cfg);
    e3 = parse(&cfg, "-m", "1G,color=red", NULL);
    g_assert_cmpstr(e3, ==, "-m: unknown parameter 'color'");
    kemu_config_free(&cfg);

    g_assert_null(parse(&cfg, "-mem-path", "/dev/hugepages",
                        "-mem-prealloc", NULL));
    g_assert_cmpstr(cfg.mem_path, ==, "/dev/hugepages");
    g_assert_true(cfg.mem_prealloc);
    kemu_config_free(&cfg);
    g_assert_null(parse(&cfg, "-m", "1G", NULL));
    g_assert_null(cfg.mem_path);
    g_assert_false(cfg.mem_prealloc);
    kemu_config_free(&cfg);
}

static void test_smp_topology(void)
{
    KemuConfig cfg;
    g_autofree char *err = NULL, *err2 = NULL;

    g_assert_null(parse(&cfg, "-smp", "4", NULL));
    g_assert_cmpuint(cfg.smp.cpus, ==, 4);
    g_assert_cmpuint(cfg.smp.sockets, ==, 1);
    g_assert_cmpuint(cfg.smp.cores, ==, 4);
    g_assert_cmpuint(cfg.smp.threads, ==, 1);
    kemu_config_free(&cfg);

    g_assert_null(parse(&cfg, "-smp", "2,sockets=2,cores=2,threads=2,maxcpus=8", NULL));
    g_assert_cmpuint(cfg.smp.cpus, ==, 2);
    g_assert_cmpuint(cfg.smp.maxcpus, ==, 8);
    kemu_config_free(&cfg);

    g_assert_null(parse(&cfg, "-smp", "sockets=2,cores=3", NULL));
    g_assert_cmpuint(cfg.smp.cpus, ==, 6);
    kemu_config_free(&cfg);

    err = parse(&cfg, "-smp", "8,sockets=3,cores=2", NULL);
    g_assert_nonnull(strstr(err, "!= maxcpus (8)"));
    kemu_config_free(&cfg);
    err2 = parse(&cfg, "-smp", "0", NULL);
    g_assert_cmpstr(err2, ==, "-smp: cpus must be between 1 and 4096");
    kemu_config_free(&cfg);
}

static void test_repeatable_and_strings(void)
{
    KemuConfig cfg;

    g_assert_null(parse(&cfg, "-kernel", "a", "-kernel", "bzImage", "-append",
                        "console=ttyS0", "-serial", "stdio", "-serial", "null",
                        "-device", "virtio-net-pci,netdev=n", "-chardev",
                        "null,id=c", "-nographic", "-S", "-s", "-no-reboot",
                        "-name", "guest1", "-d", "guest_errors,int", NULL));
    g_assert_cmpstr(cfg.kernel, ==, "bzImage");
    g_assert_cmpstr(cfg.append, ==, "console=ttyS0");
    g_assert_cmpuint(cfg.serials->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(cfg.serials, 1), ==, "null");
    g_assert_cmpuint(cfg.devices->len, ==, 1);
    g_assert_cmpuint(cfg.chardevs->len, ==, 1);
    g_assert_true(cfg.nographic && cfg.start_paused && cfg.no_reboot);
    g_assert_cmpstr(cfg.gdb, ==, "tcp::1234");
    g_assert_cmpstr(cfg.name, ==, "guest1");
    g_assert_cmpint(cfg.log_mask, !=, 0);
    kemu_config_free(&cfg);
}

static void test_help_requests(void)
{
    KemuConfig cfg;

    g_assert_null(parse(&cfg, "-M", "help", NULL));
    g_assert_cmpint(cfg.help, ==, HELP_MACHINES);
    kemu_config_free(&cfg);
    g_assert_null(parse(&cfg, "-device", "pl011,help", NULL));
    g_assert_cmpint(cfg.help, ==, HELP_DEVICE_PROPS);
    g_assert_cmpstr(cfg.help_arg, ==, "pl011");
    kemu_config_free(&cfg);
    g_assert_null(parse(&cfg, "--version", NULL));
    g_assert_cmpint(cfg.help, ==, HELP_VERSION);
    kemu_config_free(&cfg);
    g_assert_null(parse(&cfg, "-cpu", "help", NULL));
    g_assert_cmpint(cfg.help, ==, HELP_CPUS);
    kemu_config_free(&cfg);
}

static void check_error(const char *expected, const char *a, const char *b,
                        const char *c)
{
    KemuConfig cfg;
    g_autofree char *err = parse(&cfg, a, b, c, NULL);

    g_assert_cmpstr(err, ==, expected);
    kemu_config_free(&cfg);
}

static void test_errors(void)
{
    check_error("-bogus: invalid option", "-bogus", NULL, NULL);
    check_error("-m: requires an argument", "-m", NULL, NULL);
    check_error("-accel: invalid accelerator 'hax' (available: kvm, tcg)",
                "-accel", "hax", NULL);
    check_error("-machine accel: accelerator 'tcg' conflicts with 'kvm' given "
                "earlier", "-enable-kvm", "-M", "pc,accel=tcg");
    check_error("-nographic cannot be used with -display", "-nographic",
                "-display", "none");
    check_error("-initrd cannot be used without -kernel", "-initrd", "x", NULL);
    check_error("-d: unknown log item 'nope' (try -d help)", "-d", "nope", NULL);
    check_error("'disk.img': unexpected argument (disk images are given with "
                "-drive file=...)", "disk.img", NULL, NULL);
    check_error("-device: a device name is required (try -device help)",
                "-device", "id=x", NULL);
}

static void test_arch_from_progname(void)
{
    g_assert_cmpstr(kemu_arch_from_progname("kemu-system-aarch64"), ==, "aarch64");
    g_assert_cmpstr(kemu_arch_from_progname("kemu-system-mipsel"), ==, "mipsel");
    g_assert_null(kemu_arch_from_progname("kemu"));
    g_assert_null(kemu_arch_from_progname("kemu-system-sparc"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cmdline/machine-and-accel", test_machine_and_accel);
    g_test_add_func("/cmdline/memory", test_memory);
    g_test_add_func("/cmdline/smp-topology", test_smp_topology);
    g_test_add_func("/cmdline/repeatable-and-strings", test_repeatable_and_strings);
    g_test_add_func("/cmdline/help-requests", test_help_requests);
    g_test_add_func("/cmdline/errors", test_errors);
    g_test_add_func("/cmdline/arch-from-progname", test_arch_from_progname);
    return g_test_run();
}
