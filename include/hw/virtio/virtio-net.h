/*
 * virtio-net-device (virtio 1.x section 5.1): a NIC on a virtio bus, with
 * one receive and one transmit queue and the 12-byte virtio_net_hdr in
 * front of every frame.  Properties: mac= (default 52:54:00:12:34:56, then
 * :57, ... per NIC), netdev= (the backend), csum=, host_tso4=, host_tso6=
 * (on|off, default on).  Features: MAC, STATUS (link always up), VERSION_1
 * and the transmit offloads CSUM, HOST_TSO4, HOST_TSO6, which the device
 * does in software (net/offload.h) since no backend takes vnet headers:
 * the guest hands over up to 64 KiB TCP segments without checksums, and
 * the backend gets ordinary frames.  No receive offloads, no mergeable
 * buffers.
 *
 * The device knows nothing of its transport: virtio-mmio holds it directly
 * (-device virtio-net-device); a PCI transport would create one
 * TYPE_VIRTIO_NET child on its virtio bus and pass mac= and netdev= on
 * (virtio-net-pci).
 */
#ifndef HW_VIRTIO_VIRTIO_NET_H
#define HW_VIRTIO_VIRTIO_NET_H

#include "hw/virtio/virtio.h"
#include "net/net.h"

#define TYPE_VIRTIO_NET "virtio-net-device"

/* Feature bits. */
#define VIRTIO_NET_F_CSUM           0
#define VIRTIO_NET_F_MAC            5
#define VIRTIO_NET_F_HOST_TSO4      11
#define VIRTIO_NET_F_HOST_TSO6      12
#define VIRTIO_NET_F_STATUS         16
#define VIRTIO_NET_S_LINK_UP        1

/* The header of every frame (VERSION_1: num_buffers is always there). */
typedef struct VirtIONetHdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
    uint16_t num_buffers;
} VirtIONetHdr;

#define VIRTIO_NET_HDR_SIZE 12
/* flags */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
/* gso_type */
#define VIRTIO_NET_HDR_GSO_NONE     0
#define VIRTIO_NET_HDR_GSO_TCPV4    1
#define VIRTIO_NET_HDR_GSO_TCPV6    4
#define VIRTIO_NET_HDR_GSO_ECN      0x80
#define VIRTIO_NET_QUEUE_SIZE 256

OBJECT_DECLARE_SIMPLE_TYPE(VirtIONet, VIRTIO_NET)

struct VirtIONet {
    VirtIODevice parent_obj;
    NetClientState *peer;       /* netdev= */
    char *mac_str;              /* mac= (set to the default if not given) */
    MACAddr mac;
    NetClientState *nic;
    VirtQueue *rx_vq;
    VirtQueue *tx_vq;
    bool csum;                  /* csum= */
    bool host_tso4;             /* host_tso4= */
    bool host_tso6;             /* host_tso6= */
    VirtQueueElement *tx_async; /* sent, waiting in the backend's queue */
    unsigned tx_waiting;        /* its frames still queued (+1 while sending) */
    uint8_t *tx_buf;            /* an offloaded frame, flattened */
    GSource *tx_source;         /* sends from the tx queue on the main loop */
    bool tx_scheduled;          /* tx_source is due; kicks are off */
};

#endif
