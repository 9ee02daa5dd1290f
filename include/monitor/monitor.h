/*
 * The human monitor (HMP): a line-oriented command interpreter.  The core
 * knows nothing about where bytes come from: monitor_feed() takes input,
 * and output goes to the sink given at creation (a chardev frontend, or a
 * GString in tests).
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

typedef struct Error Error;
typedef struct Monitor Monitor;
typedef void MonitorWriteFn(void *opaque, const char *text, size_t len);

Monitor *monitor_new(MonitorWriteFn *write, void *opaque);
void monitor_free(Monitor *mon);
/* Print the banner (the first time only) and a prompt. */
void monitor_start(Monitor *mon);
/* Terminal input: echoes, edits the line, runs it on Enter. */
void monitor_feed(Monitor *mon, const uint8_t *buf, size_t len);
/* Run one command line and print its output (no prompt). */
void monitor_execute(Monitor *mon, const char *line);
void monitor_printf(Monitor *mon, const char *fmt, ...) KEMU_PRINTF(2, 3);
void monitor_puts(Monitor *mon, const char *text);

typedef struct Chardev Chardev;
/* Run a human monitor on chr (monitor-chardev.c). */
bool monitor_init_hmp(Chardev *chr, Error **errp);
/* Serve QMP on chr (qmp.c). */
bool monitor_init_qmp(Chardev *chr, Error **errp);

#endif
