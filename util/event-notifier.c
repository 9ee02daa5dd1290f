/*
 * EventNotifier on Linux eventfd: set adds 1 to the counter, and
 * test_and_clear reads (and so zeroes) it.
 */
#include "kemu/osdep.h"
#include "kemu/event-notifier.h"
#include <glib-unix.h>
#include <sys/eventfd.h>

bool event_notifier_init(EventNotifier *e, Error **errp)
{
    e->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (e->fd < 0) {
        error_setg(errp, "eventfd: %s", g_strerror(errno));
        return false;
    }
    return true;
}

void event_notifier_cleanup(EventNotifier *e)
{
    if (e->fd >= 0) {
        close(e->fd);
    }
    e->fd = -1;
}

void event_notifier_set(EventNotifier *e)
{
    uint64_t one = 1;
    ssize_t r;

    do {
        r = write(e->fd, &one, sizeof(one));
    } while (r < 0 && errno == EINTR);
    /* EAGAIN: the counter is full, so the reader will see it set anyway. */
    assert(r == sizeof(one) || errno == EAGAIN);
}

bool event_notifier_test_and_clear(EventNotifier *e)
{
    uint64_t count;
    ssize_t r;

    do {
        r = read(e->fd, &count, sizeof(count));
    } while (r < 0 && errno == EINTR);
    return r == sizeof(count);
}

int event_notifier_get_fd(const EventNotifier *e)
{
    return e->fd;
}

static gboolean event_notifier_ready(gint fd, GIOCondition cond,
                                     gpointer opaque)
{
    EventNotifier *e = opaque;

    if (event_notifier_test_and_clear(e)) {
        e->handler(e);
    }
    return G_SOURCE_CONTINUE;
}

unsigned event_notifier_watch(EventNotifier *e, EventNotifierHandler *h)
{
    e->handler = h;
    return g_unix_fd_add(e->fd, G_IO_IN, event_notifier_ready, e);
}
