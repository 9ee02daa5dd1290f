/*
 * Incoming packet queues (see net/queue.h).
 */
#include "kemu/osdep.h"
#include "kemu/iov.h"
#include "net/queue.h"

typedef struct NetPacket {
    NetClientState *sender;
    NetPacketSent *sent_cb;
    size_t size;
    uint8_t data[];
} NetPacket;

struct NetQueue {
    void *opaque;
    NetQueueDeliverFunc *deliver;
    GQueue packets;             /* NetPacket *, oldest first */
    unsigned maxlen;
    bool delivering;            /* re-entered from a delivery: queue */
};

NetQueue *net_queue_new(void *opaque, NetQueueDeliverFunc *deliver)
{
    NetQueue *q = g_new0(NetQueue, 1);

    q->opaque = opaque;
    q->deliver = deliver;
    q->maxlen = NET_QUEUE_DEFAULT_MAXLEN;
    g_queue_init(&q->packets);
    return q;
}

void net_queue_free(NetQueue *queue)
{
    if (queue) {
        g_queue_clear_full(&queue->packets, g_free);
        g_free(queue);
    }
}

unsigned net_queue_length(NetQueue *queue)
{
    return g_queue_get_length(&queue->packets);
}

void net_queue_set_maxlen(NetQueue *queue, unsigned maxlen)
{
    queue->maxlen = maxlen;
}

static void queue_append(NetQueue *q, NetClientState *sender,
                         const struct iovec *iov, int iovcnt,
                         NetPacketSent *sent_cb)
{
    size_t size = iov_size(iov, iovcnt);
    NetPacket *p;

    if (!sent_cb && net_queue_length(q) >= q->maxlen) {
        return;                 /* full: drop, as a busy wire would */
    }
    p = g_malloc(sizeof(*p) + size);
    p->sender = sender;
    p->sent_cb = sent_cb;
    p->size = size;
    iov_to_buf(iov, iovcnt, 0, p->data, size);
    g_queue_push_tail(&q->packets, p);
}

static ssize_t queue_deliver(NetQueue *q, NetClientState *sender,
                             const struct iovec *iov, int iovcnt)
{
    ssize_t ret;

    q->delivering = true;
    ret = q->deliver(sender, iov, iovcnt, q->opaque);
    q->delivering = false;
    return ret;
}

ssize_t net_queue_send_iov(NetQueue *queue, NetClientState *sender,
                           const struct iovec *iov, int iovcnt,
                           bool can_deliver, NetPacketSent *sent_cb)
{
    ssize_t ret;

    /* Keep order: nothing overtakes packets that already wait. */
    if (queue->delivering || !can_deliver ||
        !g_queue_is_empty(&queue->packets)) {
        queue_append(queue, sender, iov, iovcnt, sent_cb);
        return 0;
    }
    ret = queue_deliver(queue, sender, iov, iovcnt);
    if (ret == 0) {
        queue_append(queue, sender, iov, iovcnt, sent_cb);
    }
    return ret;
}

bool net_queue_flush(NetQueue *queue)
{
    NetPacket *p;

    if (queue->delivering) {
        return false;
    }
    while ((p = g_queue_peek_head(&queue->packets))) {
        struct iovec iov = { .iov_base = p->data, .iov_len = p->size };
        ssize_t ret = queue_deliver(queue, p->sender, &iov, 1);

        if (ret == 0) {
            return false;       /* refused again: it stays first */
        }
        g_queue_pop_head(&queue->packets);
        if (p->sent_cb) {
            p->sent_cb(p->sender, ret);
        }
        g_free(p);
    }
    return true;
}

void net_queue_purge(NetQueue *queue, NetClientState *from)
{
    GList *l = queue->packets.head;

    while (l) {
        GList *next = l->next;
        NetPacket *p = l->data;

        if (!from || p->sender == from) {
            g_queue_delete_link(&queue->packets, l);
            if (p->sent_cb) {
                p->sent_cb(p->sender, 0);   /* the sender may go on */
            }
            g_free(p);
        }
        l = next;
    }
}
