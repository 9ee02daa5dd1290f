/*
 * The table of monitor commands, shared by the human monitor and (later)
 * QMP: each command has its HMP spelling, its QMP name, and one handler.
 */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H

typedef struct Error Error;
typedef struct JsonNode JsonNode;

typedef struct MonitorCommand {
    const char *name;           /* HMP: "stop", "info status"; NULL: QMP only */
    const char *qmp_name;       /* QMP: "stop", "query-status"; NULL if none */
    const char *args_help;      /* "[command]"; "" when it takes none */
    const char *help;
    /* Output is text for the HMP; args is the rest of the line. */
    bool (*handler)(const char *args, GString *out, Error **errp);
    /*
     * QMP: the "arguments" object (may be NULL) in, the "return" value
     * out.  NULL for commands that take no arguments and return {}: QMP
     * then runs the HMP handler and drops its text.
     */
    bool (*qmp_handler)(JsonNode *args, JsonNode **ret, Error **errp);
} MonitorCommand;

/* The table ends with an entry that has neither name. */
extern const MonitorCommand monitor_commands[];
#define MONITOR_COMMAND_VALID(c) ((c)->name || (c)->qmp_name)

/* Find "info status" style commands: words is the line split on spaces. */
const MonitorCommand *monitor_find_command(const char *line, const char **args);
/* Find a command by its QMP name. */
const MonitorCommand *monitor_find_qmp_command(const char *name);

/* Run one HMP command line, its output (or "Error: ...") appended to out. */
void monitor_run_hmp_line(const char *line, GString *out);

#endif
