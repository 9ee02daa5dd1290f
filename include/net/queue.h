/*
 * A net client's incoming packet queue.  net_queue_send() delivers a packet
 * at once when the receiver can take it and nothing is waiting before it;
 * otherwise (or when delivery returns 0) the packet is copied in and waits
 * for net_queue_flush().  Packets without a sent callback are dropped when
 * the queue is full (nothing would stop their sender); packets with one are
 * always kept, since their sender stops until the callback runs.
 */
#ifndef NET_QUEUE_H
#define NET_QUEUE_H

#include "net/net.h"

/* Deliver to the queue's owner: the size taken, or 0 (keep it queued). */
typedef ssize_t NetQueueDeliverFunc(NetClientState *sender,
                                    const struct iovec *iov, int iovcnt,
                                    void *opaque);

#define NET_QUEUE_DEFAULT_MAXLEN 10000

NetQueue *net_queue_new(void *opaque, NetQueueDeliverFunc *deliver);
void net_queue_free(NetQueue *queue);
/*
 * can_deliver false: queue without trying.  Returns the size delivered or
 * 0 when queued (or dropped because the queue was full).
 */
ssize_t net_queue_send_iov(NetQueue *queue, NetClientState *sender,
                           const struct iovec *iov, int iovcnt,
                           bool can_deliver, NetPacketSent *sent_cb);
/* Deliver waiting packets in order until one is refused; true if empty. */
bool net_queue_flush(NetQueue *queue);
/* Drop what from sent (every packet when from is NULL); their sent
 * callbacks run with 0, so stalled senders go on. */
void net_queue_purge(NetQueue *queue, NetClientState *from);
unsigned net_queue_length(NetQueue *queue);
void net_queue_set_maxlen(NetQueue *queue, unsigned maxlen);

#endif
