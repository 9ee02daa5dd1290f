/*
 * virtio-net-device (see include/hw/virtio/virtio-net.h).
 *
 * Receive: a frame from the backend takes the next receive buffer; with
 * none posted, receive returns 0 so the net layer queues the frame (and
 * stops a tap or socket backend) until the driver posts buffers and kicks
 * the queue.  Frames that arrive before the driver is up are dropped, as
 * a real NIC that is not enabled drops them.
 *
 * Transmit: a kick schedules a main-loop source (tx_source) and asks the
 * driver for no more kicks; the source sends up to TX_BURST requests, then
 * runs again if there were that many, else asks for kicks again.  The vCPU
 * goes back to the guest at once while the main loop sends, and a driver
 * that queues frames while the previous ones are sent does not exit to
 * kick.  Each request is sent to the backend (as several frames when the
 * driver asked for segmentation); a request with frames the backend had to
 * queue is held (tx_async) and the queue waits until they are delivered.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/iov.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-net.h"
#include "net/offload.h"
#include "net/queue.h"

/* Config space: mac[6], le16 status, le16 max_virtqueue_pairs. */
enum { CFG_MAC = 0, CFG_STATUS = 6, CFG_MAX_VQ_PAIRS = 8, CFG_SIZE = 10 };

/* Requests sent per run of tx_source, so receive and timers get a turn. */
#define TX_BURST 256

typedef struct TxSource {
    GSource source;
    VirtIONet *n;
} TxSource;

static bool virtio_net_rx_ready(VirtIONet *n)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);

    return (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) && !vdev->broken &&
           virtio_queue_get_ready(vdev, 0);
}

static ssize_t virtio_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    VirtIONet *n = nc->opaque;
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
    VirtQueueElement *elem;

    if (!virtio_net_rx_ready(n)) {
        return size;
    }
    elem = virtqueue_pop(n->rx_vq, sizeof(*elem));
    if (!elem) {
        return 0;               /* no buffer: queued until the driver kicks */
    }
    if (iov_size(elem->in_sg, elem->in_num) < sizeof(hdr) + size) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-net: receive buffer of %zu "
                      "bytes is too small for a %zu-byte frame: dropped\n",
                      iov_size(elem->in_sg, elem->in_num), size);
        virtqueue_push(n->rx_vq, elem, 0);
    } else {
        hdr[10] = 1;            /* num_buffers, little-endian */
        iov_from_buf(elem->in_sg, elem->in_num, 0, hdr, sizeof(hdr));
        iov_from_buf(elem->in_sg, elem->in_num, sizeof(hdr), buf, size);
        virtqueue_push(n->rx_vq, elem, sizeof(hdr) + size);
    }
    virtio_notify(VIRTIO_DEVICE(n), n->rx_vq);
    g_free(elem);
    return size;
}

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    net_flush_queued_packets(VIRTIO_NET(vdev)->nic);
}

/* The frame of a request: its device-readable part after the header. */
static unsigned tx_frame(const VirtQueueElement *elem, struct iovec *out)
{
    size_t skip = VIRTIO_NET_HDR_SIZE;
    unsigned cnt = 0;

    for (unsigned i = 0; i < elem->out_num; i++) {
        const struct iovec *sg = &elem->out_sg[i];

        if (skip >= sg->iov_len) {
            skip -= sg->iov_len;
            continue;
        }
        out[cnt++] = (struct iovec) {
            .iov_base = (uint8_t *)sg->iov_base + skip,
            .iov_len = sg->iov_len - skip,
        };
        skip = 0;
    }
    return cnt;
}

static void virtio_net_tx_done(NetClientState *nc, ssize_t ret);

/* A frame of the request in flight went to the backend, or was queued. */
static void tx_sent(VirtIONet *n, ssize_t ret)
{
    if (ret == 0) {
        n->tx_waiting++;        /* virtio_net_tx_done counts it down */
    }
}

static void tx_emit(void *opaque, const uint8_t *frame, size_t len)
{
    VirtIONet *n = opaque;

    tx_sent(n, net_send_packet_async(n->nic, frame, len,
                                     virtio_net_tx_done));
}

static bool tx_gso_allowed(VirtIONet *n, uint8_t gso_type)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);

    switch (gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
    case VIRTIO_NET_HDR_GSO_TCPV4:
        return virtio_vdev_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4);
    case VIRTIO_NET_HDR_GSO_TCPV6:
        return virtio_vdev_has_feature(vdev, VIRTIO_NET_F_HOST_TSO6);
    default:
        return false;
    }
}

/*
 * A frame that asks for an offload: flatten it, then complete its checksum
 * or cut it into MSS-sized frames.  A request the device cannot honour is
 * the driver's error: logged, and the frame is dropped.
 */
static void tx_offloaded(VirtIONet *n, const VirtIONetHdr *hdr,
                         const struct iovec *frame, unsigned cnt)
{
    size_t len = iov_size(frame, cnt);

    if (len > NET_BUFSIZE) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-net: transmit frame of %zu "
                      "bytes: dropped\n", len);
        return;
    }
    iov_to_buf(frame, cnt, 0, n->tx_buf, len);
    if (hdr->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        /* A peer with its own TCP stack takes the segment whole. */
        unsigned mss = net_peer_takes_large_tcp(n->nic) ? UINT16_MAX :
                       GUINT16_FROM_LE(hdr->gso_size);

        if (!tx_gso_allowed(n, hdr->gso_type) ||
            !net_tso_segment(n->tx_buf, len, mss, tx_emit, n)) {
            kemu_log_mask(LOG_GUEST_ERROR, "virtio-net: cannot segment a "
                          "frame with gso_type %u, gso_size %u: dropped\n",
                          hdr->gso_type, GUINT16_FROM_LE(hdr->gso_size));
        }
        return;
    }
    if (!net_checksum_complete(n->tx_buf, len,
                               GUINT16_FROM_LE(hdr->csum_start),
                               GUINT16_FROM_LE(hdr->csum_offset))) {
        kemu_log_mask(LOG_GUEST_ERROR, "virtio-net: checksum at %u+%u is "
                      "outside the %zu-byte frame: dropped\n",
                      GUINT16_FROM_LE(hdr->csum_start),
                      GUINT16_FROM_LE(hdr->csum_offset), len);
        return;
    }
    tx_emit(n, n->tx_buf, len);
}

/* Send one request's frame(s); true when all went (none left queued). */
static bool tx_request(VirtIONet *n, VirtQueueElement *elem)
{
    g_autofree struct iovec *frame = g_new(struct iovec,
                                           MAX(elem->out_num, 1));
    unsigned cnt = tx_frame(elem, frame);
    VirtIONetHdr hdr;

    G_STATIC_ASSERT(sizeof(hdr) == VIRTIO_NET_HDR_SIZE);
    iov_to_buf(elem->out_sg, elem->out_num, 0, &hdr, sizeof(hdr));
    n->tx_async = elem;
    n->tx_waiting = 1;          /* held while sending */
    if (!virtio_vdev_has_feature(VIRTIO_DEVICE(n), VIRTIO_NET_F_CSUM) ||
        (!(hdr.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
         hdr.gso_type == VIRTIO_NET_HDR_GSO_NONE)) {
        tx_sent(n, net_sendv_packet_async(n->nic, frame, cnt,
                                          virtio_net_tx_done));
    } else {
        tx_offloaded(n, &hdr, frame, cnt);
    }
    if (--n->tx_waiting) {
        return false;           /* virtio_net_tx_done goes on */
    }
    n->tx_async = NULL;
    return true;
}

/* Send up to TX_BURST requests; returns how many were taken. */
static unsigned virtio_net_flush_tx(VirtIONet *n)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    VirtQueueElement *elem;
    bool pushed = false;
    unsigned taken = 0;

    while (taken < TX_BURST && !n->tx_async &&
           (elem = virtqueue_pop(n->tx_vq, sizeof(*elem)))) {
        taken++;
        if (iov_size(elem->out_sg, elem->out_num) < VIRTIO_NET_HDR_SIZE) {
            virtio_error(vdev, "transmit request without a header");
            virtqueue_detach_element(n->tx_vq, elem);
            g_free(elem);
            break;
        }
        if (!tx_request(n, elem)) {
            break;
        }
        virtqueue_push(n->tx_vq, elem, 0);
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, n->tx_vq);
    }
    return taken;
}

/* Run tx_source soon, with the driver's kicks off meanwhile. */
static void virtio_net_schedule_tx(VirtIONet *n)
{
    if (!n->tx_scheduled) {
        n->tx_scheduled = true;
        virtqueue_set_notification(n->tx_vq, false);
        g_source_set_ready_time(n->tx_source, 0);
    }
}

static gboolean tx_source_dispatch(GSource *source, GSourceFunc cb,
                                   gpointer data)
{
    VirtIONet *n = ((TxSource *)source)->n;

    g_source_set_ready_time(source, -1);
    n->tx_scheduled = false;
    if (virtio_net_flush_tx(n) == TX_BURST) {
        virtio_net_schedule_tx(n);      /* more may wait: another turn */
    } else if (!n->tx_async) {
        /* Kicks on, then look again for what came in between. */
        virtqueue_set_notification(n->tx_vq, true);
        if (virtio_net_flush_tx(n)) {
            virtio_net_schedule_tx(n);
        }
    }
    /* else virtio_net_tx_done schedules it when the backend took all. */
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs tx_source_funcs = {
    .dispatch = tx_source_dispatch,
};

static void virtio_net_tx_done(NetClientState *nc, ssize_t ret)
{
    VirtIONet *n = nc->opaque;
    VirtQueueElement *elem = n->tx_async;

    if (!elem || --n->tx_waiting) {
        return;                 /* dropped by a reset, or more to go */
    }
    n->tx_async = NULL;
    virtqueue_push(n->tx_vq, elem, 0);
    virtio_notify(VIRTIO_DEVICE(n), n->tx_vq);
    g_free(elem);
    virtio_net_schedule_tx(n);
}

static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    virtio_net_schedule_tx(VIRTIO_NET(vdev));
}

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    uint16_t status = GUINT16_TO_LE(VIRTIO_NET_S_LINK_UP);
    uint16_t pairs = GUINT16_TO_LE(1);

    memcpy(config + CFG_MAC, n->mac.a, 6);
    memcpy(config + CFG_STATUS, &status, 2);
    memcpy(config + CFG_MAX_VQ_PAIRS, &pairs, 2);
}

static uint64_t virtio_net_get_features(VirtIODevice *vdev)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    uint64_t f = (1ULL << VIRTIO_NET_F_MAC) | (1ULL << VIRTIO_NET_F_STATUS);

    /* Segmentation needs checksum offload (virtio 1.x 5.1.3.1). */
    if (n->csum) {
        f |= 1ULL << VIRTIO_NET_F_CSUM;
        f |= (uint64_t)n->host_tso4 << VIRTIO_NET_F_HOST_TSO4;
        f |= (uint64_t)n->host_tso6 << VIRTIO_NET_F_HOST_TSO6;
    }
    return f;
}

/* Forget what is in flight both ways; stalled backends go on. */
static void virtio_net_reset(VirtIODevice *vdev)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    if (n->tx_async) {
        virtqueue_detach_element(n->tx_vq, n->tx_async);
        g_clear_pointer(&n->tx_async, g_free);
        n->tx_waiting = 0;
    }
    if (n->tx_scheduled) {
        n->tx_scheduled = false;
        g_source_set_ready_time(n->tx_source, -1);
    }
    net_purge_queued_packets(n->nic);
    net_queue_purge(n->nic->incoming_queue, NULL);
    n->nic->receive_disabled = false;
}

static const NetClientInfo virtio_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .kind = "nic",
    .size = sizeof(NetClientState),
    .receive = virtio_net_receive,
};

static bool virtio_net_set_mac(VirtIONet *n, Error **errp)
{
    if (!n->mac_str) {
        net_default_macaddr(&n->mac);
        n->mac_str = net_format_macaddr(&n->mac);
        return true;
    }
    if (!net_parse_macaddr(n->mac_str, &n->mac)) {
        error_setg(errp, "Property '%s.mac': invalid MAC address '%s' (want "
                   "xx:xx:xx:xx:xx:xx)", TYPE_VIRTIO_NET, n->mac_str);
        return false;
    }
    return true;
}

static bool virtio_net_realize(DeviceState *dev, Error **errp)
{
    VirtIONet *n = VIRTIO_NET(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);

    if (n->peer && n->peer->peer) {
        error_setg(errp, "Property '%s.netdev': netdev '%s' is already in "
                   "use", TYPE_VIRTIO_NET, n->peer->name);
        return false;
    }
    if (!virtio_net_set_mac(n, errp)) {
        return false;
    }
    n->nic = net_client_new(&virtio_net_info, n->peer, TYPE_VIRTIO_NET,
                            dev->id && !net_client_find(dev->id) ? dev->id
                                                                  : NULL);
    n->nic->opaque = n;
    net_client_set_info(n->nic, "model=%s,macaddr=%s", TYPE_VIRTIO_NET,
                        n->mac_str);
    n->tx_buf = g_malloc(NET_BUFSIZE);
    n->tx_source = g_source_new(&tx_source_funcs, sizeof(TxSource));
    ((TxSource *)n->tx_source)->n = n;
    g_source_set_name(n->tx_source, "virtio-net-tx");
    g_source_attach(n->tx_source, g_main_context_default());
    virtio_init(vdev, TYPE_VIRTIO_NET, VIRTIO_ID_NET, CFG_SIZE);
    n->rx_vq = virtio_add_queue(vdev, VIRTIO_NET_QUEUE_SIZE,
                                virtio_net_handle_rx);
    n->tx_vq = virtio_add_queue(vdev, VIRTIO_NET_QUEUE_SIZE,
                                virtio_net_handle_tx);
    return true;
}

static void virtio_net_unrealize(DeviceState *dev)
{
    VirtIONet *n = VIRTIO_NET(dev);

    virtio_net_reset(VIRTIO_DEVICE(dev));
    g_clear_pointer(&n->nic, net_client_delete);
    g_clear_pointer(&n->tx_buf, g_free);
    g_source_destroy(n->tx_source);
    g_clear_pointer(&n->tx_source, g_source_unref);
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static const Property virtio_net_props[] = {
    DEFINE_PROP_STRING("mac", VirtIONet, mac_str),
    DEFINE_PROP_NETDEV("netdev", VirtIONet, peer),
    DEFINE_PROP_BOOL("csum", VirtIONet, csum, true),
    DEFINE_PROP_BOOL("host_tso4", VirtIONet, host_tso4, true),
    DEFINE_PROP_BOOL("host_tso6", VirtIONet, host_tso6, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_net_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio network device";
    dc->category = DEVICE_CATEGORY_NETWORK;
    dc->user_creatable = true;
    dc->realize = virtio_net_realize;
    dc->unrealize = virtio_net_unrealize;
    device_class_set_props(dc, virtio_net_props);
    vdc->get_features = virtio_net_get_features;
    vdc->get_config = virtio_net_get_config;
    vdc->reset = virtio_net_reset;
}

static const TypeInfo virtio_net_type_info = {
    .name = TYPE_VIRTIO_NET,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIONet),
    .class_init = virtio_net_class_init,
};

static void virtio_net_register_types(void)
{
    type_register_static(&virtio_net_type_info);
}
type_init(virtio_net_register_types)
