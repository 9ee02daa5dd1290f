/*
 * The table of monitor commands, shared by the human monitor and (later)
 * QMP: each command has its HMP spelling, its QMP name, and one handler.
 */
#ifndef MONITOR_COMMANDS_H
#define MONITOR_COMMANDS_H

typedef struct Error Error;

typedef struct MonitorCommand {
    const char *name;           /* HMP: "stop", "info status" */
    const char *qmp_name;       /* QMP: "stop", "query-status"; NULL if none */
    const char *args_help;      /* "[command]"; "" when it takes none */
    const char *help;
    /* Output is text for the HMP; args is the rest of the line. */
    bool (*handler)(const char *args, GString *out, Error **errp);
} MonitorCommand;

/* NULL-name-terminated table. */
extern const MonitorCommand monitor_commands[];

/* Find "info status" style commands: words is the line split on spaces. */
const MonitorCommand *monitor_find_command(const char *line, const char **args);

#endif
