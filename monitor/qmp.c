/*
 * QMP, the JSON machine protocol, on a chardev: greeting, capabilities
 * negotiation, commands from the shared table, and events.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "monitor/commands.h"
#include "monitor/monitor.h"
#include "system/runstate.h"
#include "util/json.h"
#include "monitor-internal.h"

#define QMP_MAX_MESSAGE (1 << 20)

typedef struct QmpSession {
    CharFrontend fe;
    JsonStreamer streamer;
    bool negotiated;            /* qmp_capabilities done: commands allowed */
} QmpSession;

static GPtrArray *sessions;     /* QmpSession *, for events */

static void qmp_send(QmpSession *s, JsonNode *msg)
{
    g_autoptr(GString) text = g_string_new(NULL);

    json_to_gstring(msg, text);
    g_string_append(text, "\r\n");
    chardev_fe_write_all(&s->fe, (const uint8_t *)text->str, text->len);
    json_free(msg);
}

static JsonNode *qmp_error(const char *klass, const char *desc)
{
    JsonNode *err = json_new_object();
    JsonNode *msg = json_new_object();

    json_object_set(err, "class", json_new_string(klass));
    json_object_set(err, "desc", json_new_string(desc));
    json_object_set(msg, "error", err);
    return msg;
}

static void qmp_greet(QmpSession *s)
{
    JsonNode *qmp = json_new_object();
    JsonNode *msg = json_new_object();
    JsonNode *version = NULL;

    qmp_query_version(NULL, &version, NULL);
    json_object_set(qmp, "version", version);
    json_object_set(qmp, "capabilities", json_new_array());
    json_object_set(msg, "QMP", qmp);
    s->negotiated = false;
    qmp_send(s, msg);
}

/* Run one command; returns the reply ("return" or "error"). */
static JsonNode *qmp_dispatch(QmpSession *s, JsonNode *req)
{
    JsonNode *execute = json_object_get(req, "execute");
    const char *name = execute ? json_string(execute) : NULL;
    JsonNode *args = json_object_get(req, "arguments");
    const MonitorCommand *cmd;
    JsonNode *ret = NULL, *reply;
    Error *err = NULL;
    bool ok;

    if (!name) {
        return qmp_error("GenericError", "QMP input must be a JSON object "
                         "with an \"execute\" member");
    }
    if (args && json_type(args) != JSON_OBJECT) {
        return qmp_error("GenericError", "QMP input member 'arguments' must "
                         "be an object");
    }
    if (!strcmp(name, "qmp_capabilities")) {
        s->negotiated = true;
        ret = json_new_object();
    } else if (!s->negotiated) {
        return qmp_error("CommandNotFound", "Expecting capabilities "
                         "negotiation with 'qmp_capabilities'");
    } else if (!(cmd = monitor_find_qmp_command(name))) {
        g_autofree char *desc = g_strdup_printf("The command %s has not been "
                                                "found", name);
        return qmp_error("CommandNotFound", desc);
    } else if (cmd->qmp_handler) {
        ok = cmd->qmp_handler(args, &ret, &err);
        if (!ok) {
            reply = qmp_error("GenericError", error_get_pretty(err));
            error_free(err);
            return reply;
        }
    } else {
        g_autoptr(GString) ignored = g_string_new(NULL);
        if (args && json_length(args)) {
            return qmp_error("GenericError", "Parameter 'arguments' is "
                             "unexpected for this command");
        }
        if (!cmd->handler("", ignored, &err)) {
            reply = qmp_error("GenericError", error_get_pretty(err));
            error_free(err);
            return reply;
        }
        ret = json_new_object();
    }
    reply = json_new_object();
    json_object_set(reply, "return", ret);
    return reply;
}

static void qmp_handle_message(void *opaque, const char *text, size_t len)
{
    QmpSession *s = opaque;
    g_autoptr(JsonNode) req = NULL;
    JsonNode *reply, *id;
    Error *err = NULL;

    if (!text) {
        qmp_send(s, qmp_error("GenericError", "QMP message too long"));
        return;
    }
    req = json_parse(text, len, &err);
    if (!req) {
        reply = qmp_error("GenericError", error_get_pretty(err));
        error_free(err);
        qmp_send(s, reply);
        return;
    }
    reply = qmp_dispatch(s, req);
    id = json_object_get(req, "id");
    if (id) {
        json_object_set(reply, "id", json_copy(id));
    }
    qmp_send(s, reply);
}

static void qmp_broadcast(const char *event, JsonNode *data)
{
    gint64 now = g_get_real_time();

    for (guint i = 0; sessions && i < sessions->len; i++) {
        QmpSession *s = g_ptr_array_index(sessions, i);
        JsonNode *msg, *ts;

        if (!s->negotiated) {
            continue;
        }
        msg = json_new_object();
        ts = json_new_object();
        json_object_set(ts, "seconds", json_new_int(now / G_USEC_PER_SEC));
        json_object_set(ts, "microseconds", json_new_int(now % G_USEC_PER_SEC));
        json_object_set(msg, "timestamp", ts);
        json_object_set(msg, "event", json_new_string(event));
        if (data) {
            json_object_set(msg, "data", json_copy(data));
        }
        qmp_send(s, msg);
    }
    json_free(data);
}

static void qmp_vm_state_change(void *opaque, bool running)
{
    qmp_broadcast(running ? "RESUME" : "STOP", NULL);
}

/* SHUTDOWN and RESET carry who asked and why, in QEMU's words. */
static void qmp_system_event(void *opaque, const char *event, ShutdownCause cause)
{
    static const char *const reasons[SHUTDOWN_CAUSE_GUEST_EXIT + 1] = {
        [SHUTDOWN_CAUSE_NONE] = "none",
        [SHUTDOWN_CAUSE_HOST_QUIT] = "host-qmp-quit",
        [SHUTDOWN_CAUSE_GUEST_POWEROFF] = "guest-shutdown",
        [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
        [SHUTDOWN_CAUSE_HOST_RESET] = "host-qmp-system-reset",
        [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
        [SHUTDOWN_CAUSE_GUEST_EXIT] = "guest-shutdown",
    };
    JsonNode *data = json_new_object();
    bool guest = cause == SHUTDOWN_CAUSE_GUEST_POWEROFF ||
                 cause == SHUTDOWN_CAUSE_GUEST_RESET ||
                 cause == SHUTDOWN_CAUSE_GUEST_PANIC ||
                 cause == SHUTDOWN_CAUSE_GUEST_EXIT;

    json_object_set(data, "guest", json_new_bool(guest));
    json_object_set(data, "reason", json_new_string(reasons[cause]));
    qmp_broadcast(event, data);
}

static int qmp_can_read(void *opaque)
{
    return 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int len)
{
    QmpSession *s = opaque;

    json_streamer_feed(&s->streamer, (const char *)buf, len);
}

static void qmp_event(void *opaque, ChardevEvent ev)
{
    QmpSession *s = opaque;

    if (ev == CHR_EVENT_OPENED || ev == CHR_EVENT_MUX_IN) {
        json_streamer_destroy(&s->streamer);
        json_streamer_init(&s->streamer, QMP_MAX_MESSAGE, qmp_handle_message, s);
        qmp_greet(s);
    }
}

bool monitor_init_qmp(Chardev *chr, Error **errp)
{
    QmpSession *s = g_new0(QmpSession, 1);

    if (!chardev_fe_init(&s->fe, chr, errp)) {
        g_free(s);
        return false;
    }
    if (!sessions) {
        sessions = g_ptr_array_new();
        vm_state_add_handler(qmp_vm_state_change, NULL);
        system_event_add_handler(qmp_system_event, NULL);
    }
    g_ptr_array_add(sessions, s);
    json_streamer_init(&s->streamer, QMP_MAX_MESSAGE, qmp_handle_message, s);
    chardev_fe_set_handlers(&s->fe, qmp_can_read, qmp_read, qmp_event, s);
    return true;
}
