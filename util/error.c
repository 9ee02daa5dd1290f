/*
 * Error objects and one-line reports on stderr.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"

#include <stdarg.h>

struct Error {
    char *msg;
};

/* A distinct address: errp == &error_fatal means "report and exit". */
Error *error_fatal;

static const char *progname = "kemu";

void error_set_progname(const char *name)
{
    progname = name;
}

static void report_line(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", progname, kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void error_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("", fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("info: ", fmt, ap);
    va_end(ap);
}

static void error_handle(Error **errp, Error *err)
{
    if (errp == &error_fatal) {
        error_report("%s", err->msg);
        exit(1);
    }
    if (!errp) {
        error_free(err);
        return;
    }
    assert(*errp == NULL);
    *errp = err;
}

static void error_setv(Error **errp, const char *suffix,
                       const char *fmt, va_list ap)
{
    Error *err = g_new0(Error, 1);
    char *msg = g_strdup_vprintf(fmt, ap);

    if (suffix) {
        err->msg = g_strconcat(msg, ": ", suffix, NULL);
        g_free(msg);
    } else {
        err->msg = msg;
    }
    error_handle(errp, err);
}

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, NULL, fmt, ap);
    va_end(ap);
}

void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, g_strerror(os_errno), fmt, ap);
    va_end(ap);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    va_list ap;
    char *prefix, *msg;

    if (!errp || !*errp || errp == &error_fatal) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    msg = g_strconcat(prefix, (*errp)->msg, NULL);
    g_free(prefix);
    g_free((*errp)->msg);
    (*errp)->msg = msg;
}

void error_propagate(Error **dst, Error *src)
{
    if (src) {
        error_handle(dst, src);
    }
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        g_free(err);
    }
}

void error_report_err(Error *err)
{
    error_report("%s", err->msg);
    error_free(err);
}
