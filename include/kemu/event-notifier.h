/*
 * EventNotifier: a counter in the host kernel (an eventfd) that one side
 * sets and the other side polls.  The memory core sets one when a guest
 * write matches an ioeventfd (memory_region_add_eventfd); under KVM the
 * kernel sets it itself, and the vCPU never leaves KVM_RUN for that write.
 * The main loop watches the fd and runs the handler.
 */
#ifndef KEMU_EVENT_NOTIFIER_H
#define KEMU_EVENT_NOTIFIER_H

#include "kemu/error.h"

typedef struct EventNotifier EventNotifier;
typedef void EventNotifierHandler(EventNotifier *e);

struct EventNotifier {
    int fd;                     /* -1 when not initialised */
    EventNotifierHandler *handler;      /* of event_notifier_watch */
};

/* A fresh non-blocking notifier, not set.  One line why not. */
bool event_notifier_init(EventNotifier *e, Error **errp);
void event_notifier_cleanup(EventNotifier *e);
/* Any thread; several sets before a test_and_clear count as one. */
void event_notifier_set(EventNotifier *e);
/* Whether it was set since the last call; clears it. */
bool event_notifier_test_and_clear(EventNotifier *e);
int event_notifier_get_fd(const EventNotifier *e);
/*
 * Watch e in the main loop: h(e) runs each time e was set (and is clear
 * again).  Returns the GSource id, for g_source_remove.
 */
unsigned event_notifier_watch(EventNotifier *e, EventNotifierHandler *h);

#endif
