/*
 * The human monitor's terminal side: line editing, echo, the prompt, and
 * dispatch through the shared command table.
 */
#include "kemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/commands.h"

#include <stdarg.h>

#define MONITOR_PROMPT "(kemu) "
#define MONITOR_LINE_MAX 4096

struct Monitor {
    MonitorWriteFn *write;
    void *opaque;
    GString *line;
    bool last_was_cr;       /* swallow the \n of a \r\n pair */
    bool greeted;           /* the banner is printed once */
    int escape_state;       /* skipping an ESC [ ... terminal sequence */
};

Monitor *monitor_new(MonitorWriteFn *write, void *opaque)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->write = write;
    mon->opaque = opaque;
    mon->line = g_string_new(NULL);
    return mon;
}

void monitor_free(Monitor *mon)
{
    g_string_free(mon->line, TRUE);
    g_free(mon);
}

void monitor_puts(Monitor *mon, const char *text)
{
    mon->write(mon->opaque, text, strlen(text));
}

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    monitor_puts(mon, text);
}

void monitor_start(Monitor *mon)
{
    if (!mon->greeted) {
        monitor_printf(mon, "Kemu %s monitor - type 'help' for more "
                       "information\n", KEMU_VERSION);
        mon->greeted = true;
    }
    monitor_puts(mon, MONITOR_PROMPT);
}

void monitor_execute(Monitor *mon, const char *line)
{
    g_autoptr(GString) out = g_string_new(NULL);

    monitor_run_hmp_line(line, out);
    monitor_puts(mon, out->str);
}

/* Terminal editing: returns true when the byte completed a line. */
static bool monitor_edit(Monitor *mon, uint8_t c)
{
    bool after_cr = mon->last_was_cr;

    mon->last_was_cr = false;
    if (mon->escape_state) {
        /* ESC [ parameters final-byte: arrows and the like are ignored. */
        if (mon->escape_state == 1) {
            mon->escape_state = c == '[' ? 2 : 0;
        } else if (c >= 0x40 && c <= 0x7e) {
            mon->escape_state = 0;
        }
        return false;
    }
    switch (c) {
    case 0x1b:
        mon->escape_state = 1;
        return false;
    case '\n':
        if (after_cr) {
            return false;
        }
        monitor_puts(mon, "\n");
        return true;
    case '\r':
        mon->last_was_cr = true;
        monitor_puts(mon, "\n");
        return true;
    case 0x7f:
    case '\b':
        if (mon->line->len) {
            g_string_truncate(mon->line, mon->line->len - 1);
            monitor_puts(mon, "\b \b");
        }
        return false;
    default:
        if (c >= 0x20 && c < 0x7f && mon->line->len < MONITOR_LINE_MAX) {
            char echo[2] = { (char)c, 0 };
            g_string_append_c(mon->line, (char)c);
            monitor_puts(mon, echo);
        }
        return false;
    }
}

void monitor_feed(Monitor *mon, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (monitor_edit(mon, buf[i])) {
            monitor_execute(mon, mon->line->str);
            g_string_truncate(mon->line, 0);
            monitor_puts(mon, MONITOR_PROMPT);
        }
    }
}
