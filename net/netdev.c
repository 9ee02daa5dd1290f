/*
 * The network options: -netdev TYPE,id=..., -nic [TYPE][,model=,mac=,...]
 * and the legacy -net nic|TYPE|none (every -net on hub 0).  Backends are
 * created before the machine; the NIC devices -nic and -net nic ask for
 * are created once the board's transports exist (net_create_nics).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "net/clients.h"
#include "net/hub.h"
#include "net/netdev.h"

static const struct {
    const char *type;
    NetInitFunc *init;
} netdev_types[] = {
    { "user", net_init_user },
    { "socket", net_init_socket },
    { "tap", net_init_tap },
};

/* A NIC device to create once the machine exists. */
typedef struct PendingNic {
    char *option;               /* "-nic" or "-net nic", for messages */
    char *model;                /* NULL: the board's default */
    char *netdev;               /* the backend (or hub port) to use */
    char *mac;                  /* NULL: the default sequence */
} PendingNic;

static GPtrArray *pending_nics;
static unsigned nic_count;      /* for generated -nic/-net netdev names */

static void pending_nic_free(gpointer p)
{
    PendingNic *n = p;

    g_free(n->option);
    g_free(n->model);
    g_free(n->netdev);
    g_free(n->mac);
    g_free(n);
}

static NetInitFunc *find_type(const char *type)
{
    for (size_t i = 0; i < G_N_ELEMENTS(netdev_types); i++) {
        if (!strcmp(netdev_types[i].type, type)) {
            return netdev_types[i].init;
        }
    }
    return NULL;
}

static bool check_type(const char *opt, const char *type, NetInitFunc **init,
                       Error **errp)
{
    if (!type) {
        error_setg(errp, "%s: a backend type is required (user, socket, "
                   "tap)", opt);
        return false;
    }
    *init = find_type(type);
    if (!*init) {
        error_setg(errp, "%s: invalid backend type '%s' (available: user, "
                   "socket, tap)", opt, type);
        return false;
    }
    return true;
}

/* Parse "TYPE,..." with repeatable hostfwd= taken out first. */
static Keyval *parse_netdev_opts(const char *opt, const char *str,
                                 GPtrArray *hostfwds, Error **errp)
{
    g_autofree char *rest = keyval_take_repeated(str, "hostfwd", hostfwds);
    Keyval *kv = keyval_parse(rest, "type", errp);

    if (!kv) {
        error_prepend(errp, "%s: ", opt);
        return NULL;
    }
    keyval_set_option_name(kv, opt);
    return kv;
}

static NetClientState *create_backend(const char *opt, const char *type,
                                      Keyval *kv, GPtrArray *hostfwds,
                                      const char *name, NetClientState *peer,
                                      Error **errp)
{
    g_autofree char *what = g_strdup_printf("%s %s", opt, type);
    NetInitFunc *init;

    if (!check_type(opt, type, &init, errp)) {
        return NULL;
    }
    if (hostfwds->len && strcmp(type, "user")) {
        error_setg(errp, "%s: hostfwd is only for the user backend", what);
        return NULL;
    }
    keyval_set_option_name(kv, what);
    return init(kv, hostfwds, name, peer, errp);
}

static bool check_new_id(const char *opt, const char *id, Error **errp)
{
    if (!id_wellformed(id)) {
        error_setg(errp, "%s: id '%s' is not well-formed (a letter, then "
                   "letters, digits, '-', '.' or '_')", opt, id);
        return false;
    }
    if (net_client_find(id)) {
        error_setg(errp, "%s: duplicate id '%s'", opt, id);
        return false;
    }
    return true;
}

bool net_netdev_add(const char *str, Error **errp)
{
    g_autoptr(GPtrArray) hostfwds = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(Keyval) kv = parse_netdev_opts("-netdev", str, hostfwds, errp);
    const char *type, *id;
    NetClientState *nc;

    if (!kv) {
        return false;
    }
    type = keyval_get(kv, "type");
    id = keyval_get(kv, "id");
    if (type && !id) {
        error_setg(errp, "-netdev %s: an id is required (id=NAME)", type);
        return false;
    }
    if (id && !check_new_id("-netdev", id, errp)) {
        return false;
    }
    nc = create_backend("-netdev", type, kv, hostfwds, id, NULL, errp);
    if (nc) {
        nc->is_netdev = true;
    }
    return nc != NULL;
}

static bool check_mac(const char *opt, const char *mac, Error **errp)
{
    MACAddr m;

    if (mac && !net_parse_macaddr(mac, &m)) {
        error_setg(errp, "%s: invalid MAC address '%s' (want "
                   "xx:xx:xx:xx:xx:xx)", opt, mac);
        return false;
    }
    return true;
}

static void add_pending_nic(const char *opt, const char *model,
                            const char *netdev, const char *mac)
{
    PendingNic *n = g_new0(PendingNic, 1);

    if (!pending_nics) {
        pending_nics = g_ptr_array_new_with_free_func(pending_nic_free);
    }
    n->option = g_strdup(opt);
    n->model = g_strdup(model);
    n->netdev = g_strdup(netdev);
    n->mac = g_strdup(mac);
    g_ptr_array_add(pending_nics, n);
}

bool net_nic_add(const char *str, Error **errp)
{
    g_autoptr(GPtrArray) hostfwds = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(Keyval) kv = parse_netdev_opts("-nic", str, hostfwds, errp);
    g_autofree char *made_id = NULL;
    const char *type, *id, *model, *mac;
    NetClientState *nc;

    if (!kv) {
        return false;
    }
    type = keyval_get(kv, "type");
    if (type && !strcmp(type, "none")) {
        return keyval_check_unused(kv, errp);
    }
    id = keyval_get(kv, "id");
    model = keyval_get(kv, "model");
    mac = keyval_get(kv, "mac");
    if (!check_mac("-nic", mac, errp) ||
        (id && !check_new_id("-nic", id, errp))) {
        return false;
    }
    if (!id) {
        made_id = g_strdup_printf("__kemu.nic%u", nic_count++);
        id = made_id;
    }
    nc = create_backend("-nic", type ? type : "user", kv, hostfwds, id, NULL,
                        errp);
    if (!nc) {
        return false;
    }
    nc->is_netdev = true;
    add_pending_nic("-nic", model, id, mac);
    return true;
}

/* -net nic[,model=,macaddr=,netdev=]: on hub 0 unless netdev=. */
static bool legacy_nic(Keyval *kv, Error **errp)
{
    const char *model = keyval_get(kv, "model");
    const char *mac = keyval_get(kv, "macaddr");
    const char *netdev = keyval_get(kv, "netdev");

    if (!keyval_check_unused(kv, errp) || !check_mac("-net nic", mac, errp)) {
        return false;
    }
    if (netdev && !net_netdev_find(netdev)) {
        error_setg(errp, "-net nic: netdev '%s' not found", netdev);
        return false;
    }
    if (!netdev) {
        netdev = net_hub_add_port(0, NULL)->name;
    }
    add_pending_nic("-net nic", model, netdev, mac);
    return true;
}

bool net_legacy_add(const char *str, Error **errp)
{
    g_autoptr(GPtrArray) hostfwds = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(Keyval) kv = parse_netdev_opts("-net", str, hostfwds, errp);
    const char *type, *name;
    NetClientState *port;

    if (!kv) {
        return false;
    }
    type = keyval_get(kv, "type");
    if (type && !strcmp(type, "none")) {
        return keyval_check_unused(kv, errp);
    }
    if (type && !strcmp(type, "nic")) {
        return legacy_nic(kv, errp);
    }
    name = keyval_get(kv, "name");
    if (name && !check_new_id("-net", name, errp)) {
        return false;
    }
    if (!type || !find_type(type)) {
        NetInitFunc *init;

        return check_type("-net", type, &init, errp);
    }
    port = net_hub_add_port(0, NULL);
    if (!create_backend("-net", type, kv, hostfwds, name, port, errp)) {
        net_client_delete(port);
        return false;
    }
    return true;
}

/* The device model of n; model=virtio (QEMU's spelling) names the board's
 * own virtio-net transport (virtio-net-pci on pc, -device on virt). */
static const char *nic_model(const PendingNic *n, const char *default_model)
{
    if (n->model && !strcmp(n->model, "virtio") && default_model &&
        g_str_has_prefix(default_model, "virtio-net-")) {
        return default_model;
    }
    return n->model ? n->model : default_model;
}

static bool create_nic(const PendingNic *n, const char *default_model,
                       const char *machine, Error **errp)
{
    g_autoptr(GString) opts = g_string_new(NULL);
    const char *model = nic_model(n, default_model);

    if (!model) {
        error_setg(errp, "%s: machine '%s' has no default NIC model; give "
                   "one with model=", n->option, machine);
        return false;
    }
    g_string_append_printf(opts, "%s,netdev=%s", model, n->netdev);
    if (n->mac) {
        g_string_append_printf(opts, ",mac=%s", n->mac);
    }
    if (!qdev_device_add_from_str(opts->str, errp)) {
        error_prepend(errp, "%s model=%s: ", n->option, model);
        return false;
    }
    return true;
}

bool net_create_nics(const char *default_model, const char *machine,
                     Error **errp)
{
    for (guint i = 0; pending_nics && i < pending_nics->len; i++) {
        if (!create_nic(g_ptr_array_index(pending_nics, i), default_model,
                        machine, errp)) {
            return false;
        }
    }
    g_clear_pointer(&pending_nics, g_ptr_array_unref);
    return true;
}

static void *lookup_netdev(const char *id)
{
    NetClientState *nc = net_client_find(id);

    /* -device ...,netdev= takes backends and hub ports (for -net nic). */
    return nc && (nc->is_netdev ||
                  nc->info->type == NET_CLIENT_DRIVER_HUBPORT) ? nc : NULL;
}

bool net_init_clients(GPtrArray *netdevs, GPtrArray *nics, GPtrArray *nets,
                      Error **errp)
{
    qdev_prop_register_backend("netdev", lookup_netdev);
    for (guint i = 0; i < netdevs->len; i++) {
        if (!net_netdev_add(g_ptr_array_index(netdevs, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < nics->len; i++) {
        if (!net_nic_add(g_ptr_array_index(nics, i), errp)) {
            return false;
        }
    }
    for (guint i = 0; i < nets->len; i++) {
        if (!net_legacy_add(g_ptr_array_index(nets, i), errp)) {
            return false;
        }
    }
    return true;
}
