/*
 * Net clients: creation, peering, sending through the peer's queue, and
 * flow control (see include/net/net.h).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/iov.h"
#include "net/net.h"
#include "net/hub.h"
#include "net/queue.h"

#include <stdarg.h>

static GPtrArray *clients;      /* NetClientState *, creation order */

GPtrArray *net_client_list(void)
{
    if (!clients) {
        clients = g_ptr_array_new();
    }
    return clients;
}

NetClientState *net_client_find(const char *name)
{
    GPtrArray *all = net_client_list();

    for (guint i = 0; i < all->len; i++) {
        NetClientState *nc = g_ptr_array_index(all, i);

        if (!strcmp(nc->name, name)) {
            return nc;
        }
    }
    return NULL;
}

NetClientState *net_netdev_find(const char *id)
{
    NetClientState *nc = net_client_find(id);

    return nc && nc->is_netdev ? nc : NULL;
}

/* "model.N" with the first N that is free. */
static char *make_name(const char *model)
{
    for (unsigned i = 0;; i++) {
        g_autofree char *name = g_strdup_printf("%s.%u", model, i);

        if (!net_client_find(name)) {
            return g_steal_pointer(&name);
        }
    }
}

static ssize_t deliver_to_client(NetClientState *sender,
                                 const struct iovec *iov, int iovcnt,
                                 void *opaque)
{
    NetClientState *nc = opaque;
    ssize_t ret;

    if (nc->link_down) {
        return iov_size(iov, iovcnt);
    }
    if (nc->receive_disabled) {
        return 0;
    }
    if (nc->info->receive_iov) {
        ret = nc->info->receive_iov(nc, iov, iovcnt);
    } else if (iovcnt == 1) {
        ret = nc->info->receive(nc, iov->iov_base, iov->iov_len);
    } else {
        size_t size = iov_size(iov, iovcnt);
        g_autofree uint8_t *buf = g_malloc(size);

        iov_to_buf(iov, iovcnt, 0, buf, size);
        ret = nc->info->receive(nc, buf, size);
    }
    if (ret == 0) {
        nc->receive_disabled = true;
    }
    return ret;
}

void net_client_set_peer(NetClientState *a, NetClientState *b)
{
    assert(!a->peer && !b->peer && a != b);
    a->peer = b;
    b->peer = a;
}

NetClientState *net_client_new(const NetClientInfo *info, NetClientState *peer,
                               const char *model, const char *name)
{
    NetClientState *nc;

    assert(info->size >= sizeof(NetClientState));
    assert(!name || !net_client_find(name));
    nc = g_malloc0(info->size);
    nc->info = info;
    nc->model = g_strdup(model);
    nc->name = name ? g_strdup(name) : make_name(model);
    nc->incoming_queue = net_queue_new(nc, deliver_to_client);
    if (peer) {
        net_client_set_peer(nc, peer);
    }
    g_ptr_array_add(net_client_list(), nc);
    return nc;
}

void net_client_delete(NetClientState *nc)
{
    NetClientState *peer = nc->peer;

    /*
     * Unpeer first: the sent callbacks the purges run may send again, and
     * must not reach (or come from) a client that is going away.
     */
    if (peer) {
        peer->peer = NULL;
        nc->peer = NULL;
        net_queue_purge(peer->incoming_queue, nc);
    }
    net_queue_purge(nc->incoming_queue, NULL);
    if (nc->info->cleanup) {
        nc->info->cleanup(nc);
    }
    g_ptr_array_remove(net_client_list(), nc);
    net_queue_free(nc->incoming_queue);
    g_free(nc->model);
    g_free(nc->name);
    g_free(nc->info_str);
    g_free(nc);
}

void net_cleanup(void)
{
    GPtrArray *all = net_client_list();

    /* NICs go with their devices; backends and hub ports are ours. */
    for (guint i = all->len; i-- > 0;) {
        NetClientState *nc = g_ptr_array_index(all, i);

        if (nc->info->type != NET_CLIENT_DRIVER_NIC) {
            net_client_delete(nc);
        }
    }
    net_hub_cleanup();
}

bool net_can_receive_packet(NetClientState *nc)
{
    if (nc->receive_disabled) {
        return false;
    }
    return !nc->info->can_receive || nc->info->can_receive(nc);
}

bool net_peer_takes_large_tcp(NetClientState *nc)
{
    return nc->peer && nc->peer->info->takes_large_tcp;
}

bool net_can_send_packet(NetClientState *nc)
{
    return !nc->peer || net_can_receive_packet(nc->peer);
}

ssize_t net_sendv_packet_async(NetClientState *nc, const struct iovec *iov,
                               int iovcnt, NetPacketSent *sent_cb)
{
    if (nc->link_down || !nc->peer) {
        return iov_size(iov, iovcnt);
    }
    return net_queue_send_iov(nc->peer->incoming_queue, nc, iov, iovcnt,
                              net_can_receive_packet(nc->peer), sent_cb);
}

ssize_t net_send_packet_async(NetClientState *nc, const uint8_t *buf,
                              size_t size, NetPacketSent *sent_cb)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = size };

    return net_sendv_packet_async(nc, &iov, 1, sent_cb);
}

ssize_t net_send_packet(NetClientState *nc, const uint8_t *buf, size_t size)
{
    return net_send_packet_async(nc, buf, size, NULL);
}

void net_flush_queued_packets(NetClientState *nc)
{
    nc->receive_disabled = false;
    /* Behind a hub, what waits for us may wait at the other ports. */
    if (nc->peer && nc->peer->info->type == NET_CLIENT_DRIVER_HUBPORT) {
        net_hub_flush(nc->peer);
    }
    net_queue_flush(nc->incoming_queue);
}

void net_purge_queued_packets(NetClientState *nc)
{
    if (nc->peer) {
        net_queue_purge(nc->peer->incoming_queue, nc);
    }
}

bool net_parse_macaddr(const char *str, MACAddr *mac)
{
    for (int i = 0; i < 6; i++) {
        char *end;
        unsigned long v;

        if (!g_ascii_isxdigit(str[0])) {
            return false;
        }
        v = strtoul(str, &end, 16);
        if (v > 0xff || end - str > 2 || *end != (i < 5 ? ':' : '\0')) {
            return false;
        }
        mac->a[i] = v;
        str = end + (i < 5);
    }
    return true;
}

char *net_format_macaddr(const MACAddr *mac)
{
    return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", mac->a[0],
                           mac->a[1], mac->a[2], mac->a[3], mac->a[4],
                           mac->a[5]);
}

void net_default_macaddr(MACAddr *mac)
{
    static unsigned index;

    *mac = (MACAddr){ { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 } };
    mac->a[5] += index++;
}

void net_check_clients(void)
{
    GPtrArray *all = net_client_list();

    net_hub_check_clients();
    for (guint i = 0; i < all->len; i++) {
        NetClientState *nc = g_ptr_array_index(all, i);

        if (!nc->peer && nc->info->type == NET_CLIENT_DRIVER_NIC) {
            warn_report("nic %s has no peer", nc->name);
        } else if (!nc->peer && nc->info->type != NET_CLIENT_DRIVER_HUBPORT) {
            warn_report("netdev %s has no peer", nc->name);
        }
    }
}

void net_client_set_info(NetClientState *nc, const char *fmt, ...)
{
    va_list ap;

    g_free(nc->info_str);
    va_start(ap, fmt);
    nc->info_str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

void net_print_client(GString *out, NetClientState *nc, const char *prefix)
{
    g_string_append_printf(out, "%s%s: type=%s%s%s\n", prefix, nc->name,
                           nc->info->kind, nc->info_str ? "," : "",
                           nc->info_str ? nc->info_str : "");
}

void net_print_info(GString *out)
{
    GPtrArray *all = net_client_list();

    net_hub_print_info(out);
    for (guint i = 0; i < all->len; i++) {
        NetClientState *nc = g_ptr_array_index(all, i);
        NetClientState *peer = nc->peer;

        /* Hub ports and their peers are listed under the hub; a NIC
         * with a backend under that backend. */
        if (nc->info->type == NET_CLIENT_DRIVER_HUBPORT ||
            (peer && peer->info->type == NET_CLIENT_DRIVER_HUBPORT) ||
            (nc->info->type == NET_CLIENT_DRIVER_NIC && peer)) {
            continue;
        }
        net_print_client(out, nc, "");
        if (peer) {
            net_print_client(out, peer, " \\ ");
        }
    }
}
