/*
 * Kemu entry point: parse the command line into a KemuConfig, answer help
 * requests, build the machine, then run the main loop.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "system/cmdline.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "block/block-backend.h"
#include "chardev/char.h"
#include "system/backends.h"
#include "system/main-loop.h"
#include "system/runstate.h"
#include "system/accel.h"
#include "hw/core/cpu.h"
#include "gdbstub/gdbstub.h"
#include "net/netdev.h"

/* Print what -h, -M help, ... asked for.  Returns the exit status. */
static int answer_help(const KemuConfig *cfg, const char *progname)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Error *err = NULL;

    switch (cfg->help) {
    case HELP_USAGE:
        kemu_print_usage(stdout, progname);
        return 0;
    case HELP_VERSION:
        printf("Kemu emulator version %s\n", KEMU_VERSION);
        return 0;
    case HELP_MACHINES:
        machine_print_list(out, cfg->arch);
        break;
    case HELP_LOG_ITEMS:
        kemu_log_print_items();
        return 0;
    case HELP_ACCELS:
        accel_print_list(out);
        break;
    case HELP_DEVICES:
        qdev_print_device_list(out);
        break;
    case HELP_DEVICE_PROPS:
        if (!qdev_print_device_help(cfg->help_arg, out, &err)) {
            error_prepend(&err, "-device: ");
            error_report_err(err);
            return 1;
        }
        break;
    case HELP_CPUS:
        if (!cpu_print_models(out, cfg->arch)) {
            error_report("-cpu help: no CPU models for %s in this build yet",
                         cfg->arch ? cfg->arch : "any architecture");
            return 1;
        }
        break;
    case HELP_NONE:
        g_assert_not_reached();
    }
    fputs(out->str, stdout);
    return 0;
}

/*
 * Options that parse but whose feature has not landed yet: one clear line
 * instead of silently ignoring them.
 */
static bool reject_unsupported(const KemuConfig *cfg, const MachineClass *mc,
                               Error **errp)
{
    const struct {
        bool given;
        const char *option;
    } pending[] = {
        { cfg->bios, "-bios" },
        { !mc->boots_kernel && (cfg->kernel || cfg->dtb),
          cfg->dtb ? "-dtb" : "-kernel" },
        { cfg->display && strcmp(cfg->display, "none"), "-display" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(pending); i++) {
        if (pending[i].given) {
            error_setg(errp, "%s: not supported yet", pending[i].option);
            return false;
        }
    }
    return true;
}

static const MachineClass *select_machine(const KemuConfig *cfg, Error **errp)
{
    const MachineClass *mc;

    if (!cfg->machine_type) {
        mc = machine_default_for(cfg->arch);
        if (!mc) {
            error_setg(errp, "No machine specified, and there is no default; "
                       "use -machine help to list supported machines");
        }
        return mc;
    }
    mc = machine_find(cfg->machine_type, cfg->arch);
    if (!mc) {
        error_setg(errp, "-machine: unsupported machine type '%s' "
                   "(use -machine help to list supported machines)",
                   cfg->machine_type);
    }
    return mc;
}

static void reset_devices(void *opaque)
{
    qdev_reset_all_devices();
}

static bool create_devices(const KemuConfig *cfg, Error **errp)
{
    for (guint i = 0; i < cfg->devices->len; i++) {
        if (!qdev_device_add_from_str(g_ptr_array_index(cfg->devices, i), errp)) {
            error_prepend(errp, "-device: ");
            return false;
        }
    }
    return true;
}

/* Build everything the configuration asks for, then start (unless -S). */
static bool start_vm(const KemuConfig *cfg, Error **errp)
{
    const MachineClass *mc;

    if ((cfg->log_file && !kemu_log_set_file(cfg->log_file, errp)) ||
        !(mc = select_machine(cfg, errp)) ||
        !reject_unsupported(cfg, mc, errp)) {
        return false;
    }
    kemu_loglevel = cfg->log_mask;
    runstate_set_policy(cfg->no_reboot, cfg->no_shutdown);
    if (!backends_create(cfg, errp) ||
        !machine_create(mc, cfg, errp) ||
        !drives_attach_virtio(mc->virtio_blk_device, mc->name, errp) ||
        !net_create_nics(mc->default_nic, mc->name, errp) ||
        !create_devices(cfg, errp) ||
        !monitors_create(cfg, errp) ||
        (cfg->gdb && !gdbserver_start(cfg->gdb, errp))) {
        return false;
    }
    net_check_clients();
    kemu_register_reset(reset_devices, NULL);
    kemu_system_reset();
    if (!cfg->start_paused) {
        vm_start();
    }
    return true;
}

int main(int argc, char **argv)
{
    g_autofree char *progname = g_path_get_basename(argv[0]);
    Error *err = NULL;
    KemuConfig cfg;
    int status;

    error_set_progname(progname);
    kemu_config_init(&cfg, kemu_arch_from_progname(progname));
    if (!kemu_parse_args(&cfg, argc, argv, &err)) {
        error_report_err(err);
        return 1;
    }
    if (cfg.help != HELP_NONE) {
        return answer_help(&cfg, progname);
    }
    main_loop_init();
    main_loop_install_signal_handlers();
    if (!start_vm(&cfg, &err)) {
        error_report_err(err);
        status = 1;
    } else {
        status = main_loop_run();
    }
    gdb_exit(status);
    net_cleanup();
    blockdev_close_all();
    chardev_cleanup_all();
    return status;
}
