/*
 * QMP-only views of monitor commands: structured return values.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "hw/boards.h"
#include "monitor/commands.h"
#include "system/runstate.h"
#include "monitor-internal.h"

bool qmp_query_status(JsonNode *args, JsonNode **ret, Error **errp)
{
    *ret = json_new_object();
    json_object_set(*ret, "status", json_new_string(runstate_name(runstate_get())));
    json_object_set(*ret, "singlestep", json_new_bool(false));
    json_object_set(*ret, "running", json_new_bool(runstate_is_running()));
    return true;
}

bool qmp_query_version(JsonNode *args, JsonNode **ret, Error **errp)
{
    JsonNode *qemu = json_new_object();
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(KEMU_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_object_set(qemu, "major", json_new_int(major));
    json_object_set(qemu, "minor", json_new_int(minor));
    json_object_set(qemu, "micro", json_new_int(micro));
    *ret = json_new_object();
    json_object_set(*ret, "qemu", qemu);
    json_object_set(*ret, "package", json_new_string("Kemu"));
    return true;
}

bool qmp_query_name(JsonNode *args, JsonNode **ret, Error **errp)
{
    MachineState *ms = current_machine();

    *ret = json_new_object();
    if (ms && ms->cfg->name) {
        json_object_set(*ret, "name", json_new_string(ms->cfg->name));
    }
    return true;
}

bool qmp_query_chardev(JsonNode *args, JsonNode **ret, Error **errp)
{
    g_autoptr(GPtrArray) list = chardev_list();

    *ret = json_new_array();
    for (guint i = 0; i < list->len; i++) {
        Chardev *chr = g_ptr_array_index(list, i);
        JsonNode *info = json_new_object();

        json_object_set(info, "label", json_new_string(chardev_id(chr)));
        json_object_set(info, "filename", json_new_string(chardev_filename(chr)));
        json_array_append(*ret, info);
    }
    return true;
}

bool qmp_query_commands(JsonNode *args, JsonNode **ret, Error **errp)
{
    *ret = json_new_array();
    for (const MonitorCommand *c = monitor_commands; MONITOR_COMMAND_VALID(c); c++) {
        if (c->qmp_name) {
            JsonNode *info = json_new_object();
            json_object_set(info, "name", json_new_string(c->qmp_name));
            json_array_append(*ret, info);
        }
    }
    return true;
}

bool qmp_human_monitor_command(JsonNode *args, JsonNode **ret, Error **errp)
{
    JsonNode *arg = json_object_get(args, "command-line");
    const char *line = arg ? json_string(arg) : NULL;
    g_autoptr(GString) out = g_string_new(NULL);

    if (!line) {
        error_setg(errp, "Parameter 'command-line' is missing");
        return false;
    }
    monitor_run_hmp_line(line, out);
    *ret = json_new_string(out->str);
    return true;
}
