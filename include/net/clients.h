/*
 * The backends' constructors, for the option layer (net/netdev.c).  Each
 * reads its keys from opts (which it checks for unknown ones) and creates
 * a client named name, peered with peer (a hub port for -net, else NULL).
 * Messages start with the option at fault, e.g. "-netdev user: ...".
 */
#ifndef NET_CLIENTS_H
#define NET_CLIENTS_H

#include "net/net.h"
#include "util/keyval.h"

typedef NetClientState *NetInitFunc(Keyval *opts, GPtrArray *hostfwds,
                                    const char *name, NetClientState *peer,
                                    Error **errp);

NetInitFunc net_init_user;
NetInitFunc net_init_socket;
NetInitFunc net_init_tap;

#endif
