kemu-obj += util/error.o
kemu-obj += util/log.o
kemu-obj += util/keyval.o
kemu-obj += util/bitmap.o
kemu-obj += util/timer.o
kemu-obj += util/json.o
kemu-obj += util/iov.o
kemu-obj += util/event-notifier.o
