/*
 * Handlers shared between the command table (commands.c) and the QMP
 * side (qmp-cmds.c).
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "util/json.h"

bool qmp_query_status(JsonNode *args, JsonNode **ret, Error **errp);
bool qmp_query_version(JsonNode *args, JsonNode **ret, Error **errp);
bool qmp_query_name(JsonNode *args, JsonNode **ret, Error **errp);
bool qmp_query_chardev(JsonNode *args, JsonNode **ret, Error **errp);
bool qmp_query_commands(JsonNode *args, JsonNode **ret, Error **errp);
bool qmp_human_monitor_command(JsonNode *args, JsonNode **ret, Error **errp);

#endif
