/*
 * Net clients: the two ends of every guest network link.
 *
 * A NetClientState is one end: a NIC (a device model such as
 * virtio-net-device) or a backend (user, socket, tap) or a port of a hub.
 * Two clients are peers; what one sends, the other receives.  Each client
 * kind has a static NetClientInfo (its receive/can_receive/cleanup); a
 * kind's state embeds NetClientState first and info->size says how big it
 * is.
 *
 * Flow control: net_send*() hands the packet to the peer's incoming queue.
 * When the peer cannot take it (can_receive false, or receive returned 0,
 * which also disables the peer until net_flush_queued_packets()), the
 * packet waits in that queue and the send returns 0; with a sent_cb the
 * sender hears when it finally went, and should send no more until then
 * (a tap or socket backend stops reading its fd).  A receiver that can
 * take packets again (a NIC whose driver posted rx buffers) calls
 * net_flush_queued_packets().  Deleting a client purges the packets it
 * sent from its peer's queue.
 *
 * Everything runs under the big lock.
 */
#ifndef NET_NET_H
#define NET_NET_H

#include <sys/uio.h>

typedef struct Error Error;
typedef struct NetClientState NetClientState;
typedef struct NetQueue NetQueue;

typedef enum NetClientDriver {
    NET_CLIENT_DRIVER_NIC,
    NET_CLIENT_DRIVER_USER,
    NET_CLIENT_DRIVER_SOCKET,
    NET_CLIENT_DRIVER_TAP,
    NET_CLIENT_DRIVER_HUBPORT,
} NetClientDriver;

/* The sender's packet was delivered (after a send that returned 0). */
typedef void NetPacketSent(NetClientState *sender, ssize_t ret);

typedef struct NetClientInfo {
    NetClientDriver type;
    const char *kind;           /* "nic", "user", ... as info network shows */
    size_t size;                /* of the state that embeds NetClientState */
    /* Take one frame; return its size, or 0 to have it queued. */
    ssize_t (*receive)(NetClientState *nc, const uint8_t *buf, size_t size);
    /* May be NULL: the frame is flattened for receive. */
    ssize_t (*receive_iov)(NetClientState *nc, const struct iovec *iov,
                           int iovcnt);
    /* May be NULL: always true. */
    bool (*can_receive)(NetClientState *nc);
    /* Before the client is freed; may be NULL. */
    void (*cleanup)(NetClientState *nc);
    /*
     * receive takes TCP/IP frames of up to 64 KiB, beyond any MTU (a TCP
     * stack in user space, not a wire): a NIC with segmentation offload
     * hands such a client each large segment whole instead of cutting it.
     */
    bool takes_large_tcp;
} NetClientInfo;

struct NetClientState {
    const NetClientInfo *info;
    NetClientState *peer;
    NetQueue *incoming_queue;   /* packets sent to us, waiting */
    char *model;                /* the kind, or the NIC's device type */
    char *name;                 /* netdev id, or a generated name */
    char *info_str;             /* its settings, for info network */
    bool receive_disabled;      /* receive returned 0: until a flush */
    bool link_down;
    bool is_netdev;             /* created by -netdev (may be a -device's) */
    void *opaque;               /* NICs: the device */
};

typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

#define NET_BUFSIZE (4096 + 65536)  /* the largest frame a backend reads */

/*
 * A new client of info->kind named name (unique among clients; NULL: one
 * is made up from model), peered with peer when that is not NULL.
 */
NetClientState *net_client_new(const NetClientInfo *info, NetClientState *peer,
                               const char *model, const char *name);
/* Unpeer; drop what it sent that waits at the peer and what waits for it
 * (running the senders' callbacks); cleanup and free. */
void net_client_delete(NetClientState *nc);
/* Peer a and b (both must be free). */
void net_client_set_peer(NetClientState *a, NetClientState *b);
NetClientState *net_client_find(const char *name);
/* A -netdev backend by id (not a NIC, not a hub port). */
NetClientState *net_netdev_find(const char *id);
/* Every client, in creation order (for info network and tests). */
GPtrArray *net_client_list(void);
/* Warn, in QEMU's words, about NICs and backends left without a peer
 * and hubs with only one side: the guest would see a dead link. */
void net_check_clients(void);
/* Delete every client (at exit, and between unit tests). */
void net_cleanup(void);

/* Whether nc's peer would take a packet now. */
bool net_can_send_packet(NetClientState *nc);
/* Whether nc's peer takes large TCP frames (NetClientInfo). */
bool net_peer_takes_large_tcp(NetClientState *nc);
/* Whether nc takes packets now (not disabled, can_receive). */
bool net_can_receive_packet(NetClientState *nc);
/*
 * Send to nc's peer.  Returns the size sent, or 0 when it was queued
 * (then sent_cb, if given, runs once it is delivered).  Without a peer,
 * or with the link down, the packet is dropped and counts as sent.
 */
ssize_t net_send_packet(NetClientState *nc, const uint8_t *buf, size_t size);
ssize_t net_send_packet_async(NetClientState *nc, const uint8_t *buf,
                              size_t size, NetPacketSent *sent_cb);
ssize_t net_sendv_packet_async(NetClientState *nc, const struct iovec *iov,
                               int iovcnt, NetPacketSent *sent_cb);
/* nc can receive again: deliver what waits in its queue. */
void net_flush_queued_packets(NetClientState *nc);
/* Drop every packet nc sent that still waits at its peer. */
void net_purge_queued_packets(NetClientState *nc);

/* "52:54:00:12:34:56" -> mac. */
bool net_parse_macaddr(const char *str, MACAddr *mac);
char *net_format_macaddr(const MACAddr *mac);
/* QEMU's default for NICs without mac=: 52:54:00:12:34:56, then :57, ... */
void net_default_macaddr(MACAddr *mac);

/* Settings shown by info network ("net=10.0.2.0/24,restrict=off"). */
void net_client_set_info(NetClientState *nc, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* One line "PREFIXname: type=KIND,SETTINGS". */
void net_print_client(GString *out, NetClientState *nc, const char *prefix);
/* The `info network` listing. */
void net_print_info(GString *out);

#endif
