/*
 * The command-line network options (net/netdev.c):
 *
 *   -netdev user|socket|tap,id=ID[,...]    a backend for -device ...,netdev=ID
 *   -nic [user|socket|tap|none][,model=M][,mac=MAC][,backend options]
 *                                          a backend and its NIC in one
 *   -net nic[,model=M][,macaddr=MAC][,netdev=ID] / -net user|socket|tap /
 *   -net none                              the legacy form, on hub 0
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "net/net.h"

/* Each takes one option string and creates its backend now. */
bool net_netdev_add(const char *str, Error **errp);
bool net_nic_add(const char *str, Error **errp);
bool net_legacy_add(const char *str, Error **errp);
/* All of -netdev, then -nic, then -net (before the machine), and the
 * "netdev" property lookup for -device. */
bool net_init_clients(GPtrArray *netdevs, GPtrArray *nics, GPtrArray *nets,
                      Error **errp);
/* The NIC devices -nic and -net nic asked for, once the machine exists;
 * default_model is the board's (NULL: model= is required). */
bool net_create_nics(const char *default_model, const char *machine,
                     Error **errp);

#endif
