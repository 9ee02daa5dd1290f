/*
 * The monitor command table and its handlers.  Handlers call into the
 * layers below (run state, memory, devices) and write text for the HMP.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "monitor/commands.h"
#include "system/runstate.h"
#include "system/accel.h"
#include "hw/boards.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "chardev/char.h"
#include "hw/core/cpu.h"
#include "hw/pci/pci.h"
#include "block/block-backend.h"
#include "block/block.h"
#include "net/net.h"
#include "monitor-internal.h"

static bool no_args(const char *args, const char *cmd, Error **errp)
{
    if (*args) {
        error_setg(errp, "'%s' takes no arguments", cmd);
        return false;
    }
    return true;
}

static bool cmd_help(const char *args, GString *out, Error **errp)
{
    bool found = false;

    for (const MonitorCommand *c = monitor_commands; MONITOR_COMMAND_VALID(c); c++) {
        if (!c->name || (*args && !g_str_has_prefix(c->name, args))) {
            continue;
        }
        found = true;
        g_string_append_printf(out, "%s%s%s -- %s\n", c->name,
                               *c->args_help ? " " : "", c->args_help, c->help);
    }
    if (!found) {
        error_setg(errp, "unknown command: '%s'", args);
    }
    return found;
}

static bool cmd_info(const char *args, GString *out, Error **errp)
{
    /* A bare "info" (or an unknown subcommand) lists what info knows. */
    for (const MonitorCommand *c = monitor_commands; MONITOR_COMMAND_VALID(c); c++) {
        if (c->name && g_str_has_prefix(c->name, "info ")) {
            g_string_append_printf(out, "%s -- %s\n", c->name, c->help);
        }
    }
    if (*args) {
        error_setg(errp, "unknown info subcommand '%s'", args);
        return false;
    }
    return true;
}

static bool cmd_info_status(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "info status", errp)) {
        return false;
    }
    g_string_append_printf(out, "VM status: %s\n", runstate_status_text());
    return true;
}

static bool cmd_info_version(const char *args, GString *out, Error **errp)
{
    g_string_append_printf(out, "%s\n", KEMU_VERSION);
    return true;
}

static bool cmd_info_name(const char *args, GString *out, Error **errp)
{
    MachineState *ms = current_machine();

    if (ms && ms->cfg->name) {
        g_string_append_printf(out, "%s\n", ms->cfg->name);
    }
    return true;
}

static bool cmd_info_jit(const char *args, GString *out, Error **errp)
{
    const AccelOps *accel = current_accel();

    if (!no_args(args, "info jit", errp)) {
        return false;
    }
    if (!accel || !accel->format_jit_stats) {
        error_setg(errp, "info jit: the accelerator (%s) does not translate "
                   "code", accel ? accel->name : "none");
        return false;
    }
    accel->format_jit_stats(out);
    return true;
}

static bool cmd_info_mtree(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "info mtree", errp)) {
        return false;
    }
    mtree_info(out);
    return true;
}

static bool cmd_info_qtree(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "info qtree", errp)) {
        return false;
    }
    qdev_print_tree(out);
    return true;
}

static bool cmd_info_chardev(const char *args, GString *out, Error **errp)
{
    g_autoptr(GPtrArray) list = chardev_list();

    if (!no_args(args, "info chardev", errp)) {
        return false;
    }
    for (guint i = 0; i < list->len; i++) {
        Chardev *chr = g_ptr_array_index(list, i);
        g_string_append_printf(out, "%s: filename=%s\n", chardev_id(chr),
                               chardev_filename(chr));
    }
    return true;
}

static bool cmd_info_pci(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "info pci", errp)) {
        return false;
    }
    pci_print_info(out);
    return true;
}

static bool cmd_info_network(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "info network", errp)) {
        return false;
    }
    net_print_info(out);
    return true;
}

static bool cmd_info_block(const char *args, GString *out, Error **errp)
{
    g_autoptr(GPtrArray) list = blk_list();

    if (!no_args(args, "info block", errp)) {
        return false;
    }
    for (guint i = 0; i < list->len; i++) {
        BlockBackend *blk = g_ptr_array_index(list, i);
        BlockDriverState *bs = blk_bs(blk);
        g_string_append_printf(out, "%s: %s (%s%s)\n", blk_name(blk),
                               bs->filename, bs->drv->format_name,
                               blk_is_read_only(blk) ? ", read-only" : "");
    }
    return true;
}

static bool cmd_info_registers(const char *args, GString *out, Error **errp)
{
    CPUState *cpu;

    if (!no_args(args, "info registers", errp)) {
        return false;
    }
    if (!first_cpu()) {
        MachineState *ms = current_machine();
        error_setg(errp, "no CPU: machine '%s' has none",
                   ms ? ms->mc->name : "(none)");
        return false;
    }
    CPU_FOREACH(cpu) {
        g_string_append_printf(out, "CPU#%d\n", cpu->cpu_index);
        cpu_dump_state(cpu, out);
    }
    return true;
}

static bool cmd_stop(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "stop", errp)) {
        return false;
    }
    if (runstate_is_running()) {
        vm_stop(RUN_STATE_PAUSED);
    }
    return true;
}

static bool cmd_cont(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "cont", errp)) {
        return false;
    }
    vm_start();
    return true;
}

static bool cmd_system_reset(const char *args, GString *out, Error **errp)
{
    if (!no_args(args, "system_reset", errp)) {
        return false;
    }
    kemu_system_reset_request(SHUTDOWN_CAUSE_HOST_RESET);
    return true;
}

static bool cmd_quit(const char *args, GString *out, Error **errp)
{
    kemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QUIT);
    return true;
}

const MonitorCommand monitor_commands[] = {
    { "help", NULL, "[command]", "show the help for all or some commands", cmd_help },
    { "info", NULL, "[subcommand]", "show information about the system", cmd_info },
    { "info block", NULL, "", "show the drives", cmd_info_block },
    { "info chardev", "query-chardev", "", "show the character devices",
      cmd_info_chardev, qmp_query_chardev },
    { "info jit", NULL, "", "show the translator's statistics", cmd_info_jit },
    { "info mtree", NULL, "", "show the memory tree", cmd_info_mtree },
    { "info name", "query-name", "", "show the name of the guest", cmd_info_name,
      qmp_query_name },
    { "info network", NULL, "", "show the network clients",
      cmd_info_network },
    { "info pci", NULL, "", "show the PCI devices", cmd_info_pci },
    { "info qtree", NULL, "", "show the device tree", cmd_info_qtree },
    { "info registers", NULL, "", "show the CPU registers", cmd_info_registers },
    { "info status", "query-status", "", "show the VM run state", cmd_info_status,
      qmp_query_status },
    { "info version", "query-version", "", "show the Kemu version", cmd_info_version,
      qmp_query_version },
    { "stop", "stop", "", "stop the guest CPUs", cmd_stop },
    { "cont", "cont", "", "resume the guest CPUs", cmd_cont },
    { "c", NULL, "", "same as cont", cmd_cont },
    { "system_reset", "system_reset", "", "reset the machine", cmd_system_reset },
    { "quit", "quit", "", "quit Kemu", cmd_quit },
    { "q", NULL, "", "same as quit", cmd_quit },
    /* QMP only: no HMP spelling is offered for these. */
    { NULL, "query-commands", "", "list the QMP commands", NULL,
      qmp_query_commands },
    { NULL, "human-monitor-command", "", "run an HMP command line", NULL,
      qmp_human_monitor_command },
    { NULL, NULL }
};

void monitor_run_hmp_line(const char *line, GString *out)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(line));
    const MonitorCommand *cmd;
    const char *args;
    Error *err = NULL;

    if (!*trimmed) {
        return;
    }
    cmd = monitor_find_command(trimmed, &args);
    if (!cmd) {
        g_auto(GStrv) words = g_strsplit(trimmed, " ", 3);
        bool is_info = !strcmp(words[0], "info") && words[1];
        g_string_append_printf(out, "unknown command: '%s%s%s'\n", words[0],
                               is_info ? " " : "", is_info ? words[1] : "");
        return;
    }
    if (!cmd->handler(args, out, &err)) {
        g_string_append_printf(out, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

const MonitorCommand *monitor_find_qmp_command(const char *name)
{
    for (const MonitorCommand *c = monitor_commands; MONITOR_COMMAND_VALID(c); c++) {
        if (c->qmp_name && !strcmp(c->qmp_name, name)) {
            return c;
        }
    }
    return NULL;
}

/* The longest command name that is the line's leading words wins. */
const MonitorCommand *monitor_find_command(const char *line, const char **args)
{
    const MonitorCommand *best = NULL;
    size_t best_len = 0;

    for (const MonitorCommand *c = monitor_commands; MONITOR_COMMAND_VALID(c); c++) {
        size_t n = c->name ? strlen(c->name) : 0;
        if (n > best_len && !strncmp(line, c->name, n) &&
            (line[n] == '\0' || line[n] == ' ')) {
            best = c;
            best_len = n;
        }
    }
    if (best) {
        *args = line + best_len;
        while (**args == ' ') {
            (*args)++;
        }
    }
    return best;
}
