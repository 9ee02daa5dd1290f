/*
 * Command-line parsing into KemuConfig.  Nothing is created here: the
 * machine is built from the finished configuration (system/main.c), so a
 * bad option is reported before any device or thread exists.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "system/cmdline.h"

typedef bool (*OptionHandler)(KemuConfig *cfg, const char *arg, Error **errp);

typedef struct CmdOption {
    const char *name;
    bool has_arg;
    OptionHandler handle;
    const char *arg_help;       /* shown in -h; NULL for flags */
    const char *help;
} CmdOption;

static const char *const configured_arches[] = {
#ifdef CONFIG_TARGET_X86_64
    "x86_64",
#endif
#ifdef CONFIG_TARGET_AARCH64
    "aarch64",
#endif
#ifdef CONFIG_TARGET_MIPSEL
    "mipsel",
#endif
    NULL
};

const char *const *kemu_configured_arches(void)
{
    return configured_arches;
}

const char *kemu_arch_from_progname(const char *progname)
{
    const char *prefix = "kemu-system-";

    if (!g_str_has_prefix(progname, prefix)) {
        return NULL;
    }
    for (int i = 0; configured_arches[i]; i++) {
        if (!strcmp(progname + strlen(prefix), configured_arches[i])) {
            return configured_arches[i];
        }
    }
    return NULL;
}

/* Replace *slot with a copy of arg: for options where the last one wins. */
static void set_string(char **slot, const char *arg)
{
    g_free(*slot);
    *slot = g_strdup(arg);
}

static bool set_accel(KemuConfig *cfg, const char *name, const char *opt,
                      Error **errp)
{
    if (strcmp(name, "kvm") && strcmp(name, "tcg")) {
        error_setg(errp, "%s: invalid accelerator '%s' (available: kvm, tcg)",
                   opt, name);
        return false;
    }
    if (cfg->accel && strcmp(cfg->accel, name)) {
        error_setg(errp, "%s: accelerator '%s' conflicts with '%s' given earlier",
                   opt, name, cfg->accel);
        return false;
    }
    set_string(&cfg->accel, name);
    return true;
}

static Keyval *parse_opts(const char *opt, const char *arg,
                          const char *implied_key, Error **errp)
{
    Keyval *kv = keyval_parse(arg, implied_key, errp);

    if (!kv) {
        error_prepend(errp, "%s: ", opt);
        return NULL;
    }
    keyval_set_option_name(kv, opt);
    return kv;
}

static bool opt_machine(KemuConfig *cfg, const char *arg, Error **errp)
{
    g_autoptr(Keyval) kv = parse_opts("-machine", arg, "type", errp);
    const char *type, *accel;

    if (!kv) {
        return false;
    }
    type = keyval_get(kv, "type");
    if (type && (!strcmp(type, "help") || !strcmp(type, "?"))) {
        cfg->help = HELP_MACHINES;
        return true;
    }
    if (type) {
        set_string(&cfg->machine_type, type);
    }
    accel = keyval_get(kv, "accel");
    if (accel && !set_accel(cfg, accel, "-machine accel", errp)) {
        return false;
    }
    for (size_t i = 0; i < keyval_count(kv); i++) {
        const char *key = keyval_key(kv, i);
        if (strcmp(key, "type") && strcmp(key, "accel")) {
            keyval_set(cfg->machine_opts, key, keyval_value(kv, i));
        }
    }
    return true;
}

static bool opt_memory(KemuConfig *cfg, const char *arg, Error **errp)
{
    g_autoptr(Keyval) kv = parse_opts("-m", arg, "size", errp);
    const char *size, *maxmem;
    uint64_t slots = 0;

    if (!kv) {
        return false;
    }
    size = keyval_get(kv, "size");
    if (size && (!parse_size(size, 1 << 20, &cfg->ram_size) || !cfg->ram_size)) {
        error_setg(errp, "-m: invalid RAM size '%s'", size);
        return false;
    }
    maxmem = keyval_get(kv, "maxmem");
    if (maxmem && !parse_size(maxmem, 1 << 20, &cfg->maxmem)) {
        error_setg(errp, "-m: invalid maxmem '%s'", maxmem);
        return false;
    }
    if (!keyval_get_uint(kv, "slots", &slots, errp) ||
        !keyval_check_unused(kv, errp)) {
        return false;
    }
    if (cfg->maxmem && cfg->maxmem < cfg->ram_size) {
        error_setg(errp, "-m: maxmem (%" PRIu64 ") must be at least the RAM "
                   "size (%" PRIu64 ")", cfg->maxmem, cfg->ram_size);
        return false;
    }
    return true;
}

static bool get_count(Keyval *kv, const char *key, unsigned *out, Error **errp)
{
    uint64_t v = *out;

    if (!keyval_get_uint(kv, key, &v, errp)) {
        return false;
    }
    if (keyval_has(kv, key) && (v == 0 || v > 4096)) {
        error_setg(errp, "-smp: %s must be between 1 and 4096", key);
        return false;
    }
    *out = v;
    return true;
}

/*
 * Fill in what -smp left out, as QEMU does for current machine types:
 * threads default to 1, then cores are preferred over sockets.
 */
static bool smp_complete(SmpConfig *s, Error **errp)
{
    unsigned maxcpus = s->maxcpus ? s->maxcpus : s->cpus;

    s->threads = s->threads ? s->threads : 1;
    if (!maxcpus) {
        maxcpus = (s->sockets ? s->sockets : 1) * (s->cores ? s->cores : 1) *
                  s->threads;
    }
    if (!s->sockets && !s->cores) {
        s->sockets = 1;
        s->cores = MAX(maxcpus / s->threads, 1u);
    } else if (!s->sockets) {
        s->sockets = MAX(maxcpus / (s->cores * s->threads), 1u);
    } else if (!s->cores) {
        s->cores = MAX(maxcpus / (s->sockets * s->threads), 1u);
    }
    s->maxcpus = maxcpus;
    s->cpus = s->cpus ? s->cpus : s->maxcpus;
    if (s->sockets * s->cores * s->threads != s->maxcpus) {
        error_setg(errp, "-smp: topology sockets (%u) * cores (%u) * threads (%u) "
                   "!= maxcpus (%u)", s->sockets, s->cores, s->threads, s->maxcpus);
        return false;
    }
    if (s->cpus > s->maxcpus) {
        error_setg(errp, "-smp: cpus (%u) exceeds maxcpus (%u)", s->cpus, s->maxcpus);
        return false;
    }
    return true;
}

static bool opt_smp(KemuConfig *cfg, const char *arg, Error **errp)
{
    g_autoptr(Keyval) kv = parse_opts("-smp", arg, "cpus", errp);
    SmpConfig s = { 0 };

    if (!kv) {
        return false;
    }
    if (!get_count(kv, "cpus", &s.cpus, errp) ||
        !get_count(kv, "sockets", &s.sockets, errp) ||
        !get_count(kv, "cores", &s.cores, errp) ||
        !get_count(kv, "threads", &s.threads, errp) ||
        !get_count(kv, "maxcpus", &s.maxcpus, errp) ||
        !keyval_check_unused(kv, errp) ||
        !smp_complete(&s, errp)) {
        return false;
    }
    cfg->smp = s;
    return true;
}

static bool opt_cpu(KemuConfig *cfg, const char *arg, Error **errp)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        cfg->help = HELP_CPUS;
        return true;
    }
    set_string(&cfg->cpu_model, arg);
    return true;
}

static bool opt_accel(KemuConfig *cfg, const char *arg, Error **errp)
{
    g_autoptr(Keyval) kv = parse_opts("-accel", arg, "accel", errp);
    const char *name;

    if (!kv) {
        return false;
    }
    name = keyval_get(kv, "accel");
    if (!name) {
        error_setg(errp, "-accel: an accelerator name is required (kvm or tcg)");
        return false;
    }
    if (!strcmp(name, "help") || !strcmp(name, "?")) {
        cfg->help = HELP_ACCELS;
        return true;
    }
    if (!set_accel(cfg, name, "-accel", errp)) {
        return false;
    }
    for (size_t i = 0; i < keyval_count(kv); i++) {
        if (strcmp(keyval_key(kv, i), "accel")) {
            keyval_set(cfg->accel_opts, keyval_key(kv, i), keyval_value(kv, i));
        }
    }
    return true;
}

static bool opt_enable_kvm(KemuConfig *cfg, const char *arg, Error **errp)
{
    return set_accel(cfg, "kvm", "-enable-kvm", errp);
}

#define STRING_OPTION(fn, field)                                        \
    static bool fn(KemuConfig *cfg, const char *arg, Error **errp)      \
    {                                                                   \
        set_string(&cfg->field, arg);                                   \
        return true;                                                    \
    }

STRING_OPTION(opt_kernel, kernel)
STRING_OPTION(opt_initrd, initrd)
STRING_OPTION(opt_append, append)
STRING_OPTION(opt_dtb, dtb)
STRING_OPTION(opt_bios, bios)
STRING_OPTION(opt_gdb, gdb)
STRING_OPTION(opt_log_file, log_file)
STRING_OPTION(opt_name, name)
STRING_OPTION(opt_mem_path, mem_path)

#define LIST_OPTION(fn, field)                                          \
    static bool fn(KemuConfig *cfg, const char *arg, Error **errp)      \
    {                                                                   \
        g_ptr_array_add(cfg->field, g_strdup(arg));                     \
        return true;                                                    \
    }

LIST_OPTION(opt_drive, drives)
LIST_OPTION(opt_netdev, netdevs)
LIST_OPTION(opt_nic, nics)
LIST_OPTION(opt_net, nets)
LIST_OPTION(opt_chardev, chardevs)
LIST_OPTION(opt_serial, serials)
LIST_OPTION(opt_monitor, monitors)
LIST_OPTION(opt_qmp, qmps)

static bool opt_device(KemuConfig *cfg, const char *arg, Error **errp)
{
    g_autoptr(Keyval) kv = parse_opts("-device", arg, "driver", errp);
    const char *driver;

    if (!kv) {
        return false;
    }
    driver = keyval_get(kv, "driver");
    if (!driver) {
        error_setg(errp, "-device: a device name is required (try -device help)");
        return false;
    }
    if (!strcmp(driver, "help") || !strcmp(driver, "?")) {
        cfg->help = HELP_DEVICES;
        return true;
    }
    if (keyval_has(kv, "help") || keyval_has(kv, "?")) {
        cfg->help = HELP_DEVICE_PROPS;
        set_string(&cfg->help_arg, driver);
        return true;
    }
    g_ptr_array_add(cfg->devices, g_strdup(arg));
    return true;
}

static bool opt_display(KemuConfig *cfg, const char *arg, Error **errp)
{
    set_string(&cfg->display, arg);
    return true;
}

#define FLAG_OPTION(fn, field)                                          \
    static bool fn(KemuConfig *cfg, const char *arg, Error **errp)      \
    {                                                                   \
        cfg->field = true;                                              \
        return true;                                                    \
    }

FLAG_OPTION(opt_nographic, nographic)
FLAG_OPTION(opt_nodefaults, nodefaults)
FLAG_OPTION(opt_start_paused, start_paused)
FLAG_OPTION(opt_no_reboot, no_reboot)
FLAG_OPTION(opt_no_shutdown, no_shutdown)
FLAG_OPTION(opt_semihosting, semihosting)
FLAG_OPTION(opt_mem_prealloc, mem_prealloc)

static bool opt_gdb_default(KemuConfig *cfg, const char *arg, Error **errp)
{
    set_string(&cfg->gdb, "tcp::1234");
    return true;
}

static bool opt_log(KemuConfig *cfg, const char *arg, Error **errp)
{
    int mask;

    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        cfg->help = HELP_LOG_ITEMS;
        return true;
    }
    mask = kemu_log_parse_items(arg, errp);
    if (mask < 0) {
        return false;
    }
    cfg->log_mask = mask;
    return true;
}

static bool opt_version(KemuConfig *cfg, const char *arg, Error **errp)
{
    cfg->help = HELP_VERSION;
    return true;
}

static bool opt_help(KemuConfig *cfg, const char *arg, Error **errp)
{
    cfg->help = HELP_USAGE;
    return true;
}

static const CmdOption options[] = {
    { "machine", true, opt_machine, "[type=]name[,prop=value...]",
      "select the board (-M help lists them)" },
    { "M", true, opt_machine, NULL, NULL },
    { "m", true, opt_memory, "[size=]megs[,slots=n,maxmem=size]",
      "guest RAM size (suffixes K, M, G; default unit MiB)" },
    { "mem-path", true, opt_mem_path, "dir",
      "guest RAM from a file in dir (e.g. a hugetlbfs mount)" },
    { "mem-prealloc", false, opt_mem_prealloc, NULL,
      "allocate all guest RAM at start" },
    { "smp", true, opt_smp, "[cpus=]n[,maxcpus=,sockets=,cores=,threads=]",
      "number of virtual CPUs and their topology" },
    { "cpu", true, opt_cpu, "model", "select the CPU model (-cpu help lists them)" },
    { "accel", true, opt_accel, "kvm|tcg[,prop=value...]", "select the accelerator" },
    { "enable-kvm", false, opt_enable_kvm, NULL, "same as -accel kvm" },
    { "kernel", true, opt_kernel, "file", "Linux kernel or bare-metal image to boot" },
    { "initrd", true, opt_initrd, "file", "initial ram disk" },
    { "append", true, opt_append, "cmdline", "kernel command line" },
    { "dtb", true, opt_dtb, "file", "device tree blob passed to the kernel" },
    { "bios", true, opt_bios, "file", "firmware image" },
    { "drive", true, opt_drive, "[file=]file[,if=,format=,id=...]", "a disk" },
    { "device", true, opt_device, "driver[,prop=value...]",
      "add a device (-device help lists them)" },
    { "netdev", true, opt_netdev, "user|socket|tap,id=str[,...]",
      "a network backend" },
    { "nic", true, opt_nic, "[user|socket|tap|none][,model=,mac=,...]",
      "a NIC and its backend" },
    { "net", true, opt_net, "nic[,...]|user|socket|tap|none[,...]",
      "legacy: a NIC or a backend on hub 0" },
    { "chardev", true, opt_chardev, "backend,id=id[,...]", "a character device" },
    { "serial", true, opt_serial, "dev", "redirect the next serial port to dev" },
    { "monitor", true, opt_monitor, "dev", "the human monitor on dev" },
    { "qmp", true, opt_qmp, "dev", "the QMP monitor on dev" },
    { "display", true, opt_display, "sdl|none[,...]", "select the display" },
    { "nographic", false, opt_nographic, NULL,
      "no display; serial and monitor multiplexed on stdio (C-a h for help)" },
    { "nodefaults", false, opt_nodefaults, NULL, "create no default devices" },
    { "S", false, opt_start_paused, NULL, "do not start the CPUs (use 'cont')" },
    { "s", false, opt_gdb_default, NULL, "shorthand for -gdb tcp::1234" },
    { "gdb", true, opt_gdb, "dev", "wait for a gdb connection on dev" },
    { "d", true, opt_log, "item1[,...]", "enable logging of items (-d help)" },
    { "D", true, opt_log_file, "logfile", "write the log to logfile, not stderr" },
    { "no-reboot", false, opt_no_reboot, NULL, "exit instead of rebooting" },
    { "no-shutdown", false, opt_no_shutdown, NULL,
      "stop instead of exiting when the guest shuts down" },
    { "semihosting", false, opt_semihosting, NULL,
      "enable the guest's semihosting calls (Arm: exit, console output)" },
    { "name", true, opt_name, "string", "name of the guest" },
    { "version", false, opt_version, NULL, "print the version and exit" },
    { "h", false, opt_help, NULL, "print this help and exit" },
    { "help", false, opt_help, NULL, NULL },
};

static const CmdOption *find_option(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (!strcmp(options[i].name, name)) {
            return &options[i];
        }
    }
    return NULL;
}

void kemu_print_usage(FILE *out, const char *progname)
{
    fprintf(out, "Kemu %s, a full-system machine emulator\n"
            "usage: %s [options]\n\n", KEMU_VERSION, progname);
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        const CmdOption *o = &options[i];
        g_autofree char *lhs = NULL;

        if (!o->help) {
            continue;
        }
        lhs = g_strdup_printf("-%s%s%s", o->name, o->arg_help ? " " : "",
                              o->arg_help ? o->arg_help : "");
        fprintf(out, "%-44s %s\n", lhs, o->help);
    }
    fprintf(out, "\nOptions take one or two leading dashes; "
            "-M is short for -machine.\n");
}

void kemu_config_init(KemuConfig *cfg, const char *arch)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->arch = arch;
    cfg->machine_opts = keyval_parse("", NULL, NULL);
    keyval_set_option_name(cfg->machine_opts, "-machine");
    cfg->accel_opts = keyval_parse("", NULL, NULL);
    cfg->drives = g_ptr_array_new_with_free_func(g_free);
    cfg->devices = g_ptr_array_new_with_free_func(g_free);
    cfg->netdevs = g_ptr_array_new_with_free_func(g_free);
    cfg->nics = g_ptr_array_new_with_free_func(g_free);
    cfg->nets = g_ptr_array_new_with_free_func(g_free);
    cfg->chardevs = g_ptr_array_new_with_free_func(g_free);
    cfg->serials = g_ptr_array_new_with_free_func(g_free);
    cfg->monitors = g_ptr_array_new_with_free_func(g_free);
    cfg->qmps = g_ptr_array_new_with_free_func(g_free);
    cfg->smp = (SmpConfig){ .cpus = 1, .sockets = 1, .cores = 1,
                            .threads = 1, .maxcpus = 1 };
}

void kemu_config_free(KemuConfig *cfg)
{
    char **strings[] = {
        &cfg->machine_type, &cfg->cpu_model, &cfg->accel, &cfg->kernel,
        &cfg->initrd, &cfg->append, &cfg->dtb, &cfg->bios, &cfg->display,
        &cfg->gdb, &cfg->log_file, &cfg->name, &cfg->mem_path,
        &cfg->help_arg,
    };
    GPtrArray *lists[] = {
        cfg->drives, cfg->devices, cfg->netdevs, cfg->nics, cfg->nets,
        cfg->chardevs,
        cfg->serials, cfg->monitors, cfg->qmps,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++) {
        g_free(*strings[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
        g_ptr_array_unref(lists[i]);
    }
    keyval_free(cfg->machine_opts);
    keyval_free(cfg->accel_opts);
    memset(cfg, 0, sizeof(*cfg));
}

/* Checks between options, once every option has been read. */
static bool check_conflicts(const KemuConfig *cfg, Error **errp)
{
    if (cfg->nographic && cfg->display) {
        error_setg(errp, "-nographic cannot be used with -display");
        return false;
    }
    if (cfg->initrd && !cfg->kernel) {
        error_setg(errp, "-initrd cannot be used without -kernel");
        return false;
    }
    if (cfg->append && !cfg->kernel) {
        error_setg(errp, "-append cannot be used without -kernel");
        return false;
    }
    return true;
}

bool kemu_parse_args(KemuConfig *cfg, int argc, char **argv, Error **errp)
{
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        const char *name = word;
        const CmdOption *opt;

        if (name[0] != '-' || !name[1]) {
            error_setg(errp, "'%s': unexpected argument (disk images are given "
                       "with -drive file=...)", word);
            return false;
        }
        name += name[1] == '-' ? 2 : 1;
        opt = find_option(name);
        if (!opt) {
            error_setg(errp, "-%s: invalid option", name);
            return false;
        }
        if (opt->has_arg && i + 1 >= argc) {
            error_setg(errp, "-%s: requires an argument", name);
            return false;
        }
        if (!opt->handle(cfg, opt->has_arg ? argv[++i] : NULL, errp)) {
            return false;
        }
        if (cfg->help != HELP_NONE) {
            return true;        /* help wins over everything after it */
        }
    }
    return check_conflicts(cfg, errp);
}
