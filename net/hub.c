/*
 * Hubs for the legacy -net form (see include/net/hub.h).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "net/hub.h"
#include "kemu/iov.h"
#include "net/queue.h"

typedef struct NetHub NetHub;

typedef struct NetHubPort {
    NetClientState nc;
    NetHub *hub;
    int id;
} NetHubPort;

struct NetHub {
    int id;
    int next_port_id;
    GPtrArray *ports;           /* NetHubPort * */
};

static GPtrArray *hubs;         /* NetHub * */

static NetHub *hub_find(int id, bool create)
{
    NetHub *hub;

    if (!hubs) {
        hubs = g_ptr_array_new();
    }
    for (guint i = 0; i < hubs->len; i++) {
        hub = g_ptr_array_index(hubs, i);
        if (hub->id == id) {
            return hub;
        }
    }
    if (!create) {
        return NULL;
    }
    hub = g_new0(NetHub, 1);
    hub->id = id;
    hub->ports = g_ptr_array_new();
    g_ptr_array_add(hubs, hub);
    return hub;
}

static ssize_t hub_port_receive_iov(NetClientState *nc,
                                    const struct iovec *iov, int iovcnt)
{
    NetHubPort *src = container_of(nc, NetHubPort, nc);
    GPtrArray *ports = src->hub->ports;

    for (guint i = 0; i < ports->len; i++) {
        NetHubPort *port = g_ptr_array_index(ports, i);

        if (port != src) {
            net_sendv_packet_async(&port->nc, iov, iovcnt, NULL);
        }
    }
    return iov_size(iov, iovcnt);
}

static ssize_t hub_port_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = size };

    return hub_port_receive_iov(nc, &iov, 1);
}

/* Take a packet while some other port's peer can take it. */
static bool hub_port_can_receive(NetClientState *nc)
{
    NetHubPort *src = container_of(nc, NetHubPort, nc);
    GPtrArray *ports = src->hub->ports;

    for (guint i = 0; i < ports->len; i++) {
        NetHubPort *port = g_ptr_array_index(ports, i);

        if (port != src && port->nc.peer &&
            net_can_send_packet(&port->nc)) {
            return true;
        }
    }
    return false;
}

static void hub_port_cleanup(NetClientState *nc)
{
    NetHubPort *port = container_of(nc, NetHubPort, nc);

    g_ptr_array_remove(port->hub->ports, port);
}

static const NetClientInfo hub_port_info = {
    .type = NET_CLIENT_DRIVER_HUBPORT,
    .kind = "hubport",
    .size = sizeof(NetHubPort),
    .receive = hub_port_receive,
    .receive_iov = hub_port_receive_iov,
    .can_receive = hub_port_can_receive,
    .cleanup = hub_port_cleanup,
};

NetClientState *net_hub_add_port(int hub_id, const char *name)
{
    NetHub *hub = hub_find(hub_id, true);
    g_autofree char *made = NULL;
    NetHubPort *port;

    if (!name) {
        made = g_strdup_printf("hub%dport%d", hub_id, hub->next_port_id);
        name = made;
    }
    port = (NetHubPort *)net_client_new(&hub_port_info, NULL, "hub", name);
    port->hub = hub;
    port->id = hub->next_port_id++;
    net_client_set_info(&port->nc, "hub=%d", hub_id);
    g_ptr_array_add(hub->ports, port);
    return &port->nc;
}

bool net_hub_flush(NetClientState *nc)
{
    NetHubPort *src = container_of(nc, NetHubPort, nc);
    GPtrArray *ports = src->hub->ports;
    bool all = true;

    for (guint i = 0; i < ports->len; i++) {
        NetHubPort *port = g_ptr_array_index(ports, i);

        if (port != src) {
            port->nc.receive_disabled = false;
            all &= net_queue_flush(port->nc.incoming_queue);
        }
    }
    return all;
}

void net_hub_check_clients(void)
{
    for (guint i = 0; hubs && i < hubs->len; i++) {
        NetHub *hub = g_ptr_array_index(hubs, i);
        unsigned nics = 0, backends = 0;

        for (guint j = 0; j < hub->ports->len; j++) {
            NetHubPort *port = g_ptr_array_index(hub->ports, j);

            if (!port->nc.peer) {
                warn_report("hub port %s has no peer", port->nc.name);
            } else if (port->nc.peer->info->type == NET_CLIENT_DRIVER_NIC) {
                nics++;
            } else {
                backends++;
            }
        }
        if (nics && !backends) {
            warn_report("hub %d is not connected to host network", hub->id);
        }
        if (backends && !nics) {
            warn_report("hub %d with no nics", hub->id);
        }
    }
}

void net_hub_print_info(GString *out)
{
    for (guint i = 0; hubs && i < hubs->len; i++) {
        NetHub *hub = g_ptr_array_index(hubs, i);

        g_string_append_printf(out, "hub %d\n", hub->id);
        for (guint j = 0; j < hub->ports->len; j++) {
            NetHubPort *port = g_ptr_array_index(hub->ports, j);

            g_string_append_printf(out, " \\ %s", port->nc.name);
            if (port->nc.peer) {
                net_print_client(out, port->nc.peer, ": ");
            } else {
                g_string_append_c(out, '\n');
            }
        }
    }
}

void net_hub_cleanup(void)
{
    for (guint i = 0; hubs && i < hubs->len; i++) {
        NetHub *hub = g_ptr_array_index(hubs, i);

        assert(!hub->ports->len);
        g_ptr_array_unref(hub->ports);
        g_free(hub);
    }
    g_clear_pointer(&hubs, g_ptr_array_unref);
}
