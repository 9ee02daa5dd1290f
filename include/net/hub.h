/*
 * Hubs: the legacy `-net` form puts every -net nic and -net BACKEND on
 * hub 0 (QEMU's "vlan").  A hub has ports, each a net client peered with
 * one NIC or backend; what a port receives goes out of every other port.
 */
#ifndef NET_HUB_H
#define NET_HUB_H

#include "net/net.h"

/* A new port on hub hub_id (created on first use), named name or
 * "hubNportM". */
NetClientState *net_hub_add_port(int hub_id, const char *name);
/* Deliver what waits at the ports of port's hub other than port. */
bool net_hub_flush(NetClientState *port);
/* Warn (QEMU's words) about hubs with NICs but no backend, or the
 * reverse: the guest would see a dead link. */
void net_hub_check_clients(void);
void net_hub_print_info(GString *out);
/* Forget the (port-less) hubs; net_cleanup() deletes the ports first. */
void net_hub_cleanup(void);

#endif
