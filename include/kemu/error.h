/*
 * Error reporting: functions that can fail take "Error **errp" and return
 * bool (true on success).  The error carries one human-readable line that
 * names the option or file at fault.
 *
 *   if (!do_thing(arg, errp)) { return false; }
 *
 * errp may be NULL (ignore the error) or &error_fatal (print and exit 1).
 */
#ifndef KEMU_ERROR_H
#define KEMU_ERROR_H

typedef struct Error Error;

/* Pass &error_fatal as errp to exit(1) with the message on failure. */
extern Error *error_fatal;

void error_setg(Error **errp, const char *fmt, ...) KEMU_PRINTF(2, 3);
/* Like error_setg, with ": strerror(os_errno)" appended. */
void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
    KEMU_PRINTF(3, 4);
/* Put the formatted text in front of an existing error's message. */
void error_prepend(Error **errp, const char *fmt, ...) KEMU_PRINTF(2, 3);
/* Move src into *dst (or report it when dst is &error_fatal). */
void error_propagate(Error **dst, Error *src);
const char *error_get_pretty(const Error *err);
void error_free(Error *err);
/* Print "kemu: message" on stderr and free the error. */
void error_report_err(Error *err);

/* One line on stderr, prefixed with the program name. */
void error_report(const char *fmt, ...) KEMU_PRINTF(1, 2);
void warn_report(const char *fmt, ...) KEMU_PRINTF(1, 2);
void info_report(const char *fmt, ...) KEMU_PRINTF(1, 2);

/* Program name used as prefix ("kemu" or "kemu-system-x86_64"). */
void error_set_progname(const char *name);

#endif
