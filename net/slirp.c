/*
 * -netdev user: a user-mode TCP/IP stack (libslirp) between the guest and
 * the host's sockets.  QEMU's defaults: network 10.0.2.0/24, the host (and
 * gateway) at .2, DNS at .3, DHCP from .15; IPv6 fec0::/64.
 *
 * libslirp's sockets are polled by a GSource on the main loop (prepare:
 * slirp_pollfds_fill, dispatch: slirp_pollfds_poll).  The source keeps one
 * GPollFD per socket from one iteration to the next, only updating its
 * events: adding or removing a GPollFD wakes the context, so doing that in
 * every prepare would keep the main loop from ever sleeping.  Its timers
 * are Kemu timers on the virtual clock, so a paused guest's connections
 * do not time out.  Everything runs under the big lock: frames from the guest
 * arrive on vCPU threads (which then wake the main loop, since slirp may
 * have opened a socket it must poll).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "system/main-loop.h"
#include "net/clients.h"

#include <libslirp.h>

typedef struct SlirpSource SlirpSource;

typedef struct NetUserState {
    NetClientState nc;
    Slirp *slirp;
    SlirpSource *source;
} NetUserState;

/* A socket's GPollFD, added to the source while slirp polls the socket. */
typedef struct SlirpPollFD {
    GPollFD pfd;
    bool wanted;                /* slirp asked for it in this prepare */
} SlirpPollFD;

struct SlirpSource {
    GSource source;
    NetUserState *s;
    GHashTable *fds;            /* fd -> SlirpPollFD * */
    GPtrArray *polled;          /* SlirpPollFD *, by slirp's index */
    gint64 deadline;            /* slirp's timeout, g_source_get_time µs */
};

typedef struct UserConfig {
    SlirpConfig cfg;
    char *hostname;
    char *tftp;
    char *bootfile;
} UserConfig;

/* ---- libslirp callbacks --------------------------------------------- */

static ssize_t user_send_packet(const void *buf, size_t len, void *opaque)
{
    NetUserState *s = opaque;

    net_send_packet(&s->nc, buf, len);
    return len;
}

static void user_guest_error(const char *msg, void *opaque)
{
    kemu_log_mask(LOG_GUEST_ERROR, "user network: %s\n", msg);
}

static int64_t user_clock_get_ns(void *opaque)
{
    return kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
}

typedef struct UserTimer {
    KemuTimer *timer;
    NetUserState *s;
    SlirpTimerId id;
    void *cb_opaque;
} UserTimer;

static void user_timer_fire(void *opaque)
{
    UserTimer *t = opaque;

    slirp_handle_timer(t->s->slirp, t->id, t->cb_opaque);
}

static void *user_timer_new_opaque(SlirpTimerId id, void *cb_opaque,
                                   void *opaque)
{
    UserTimer *t = g_new0(UserTimer, 1);

    t->s = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, user_timer_fire, t);
    return t;
}

static void user_timer_free(void *timer, void *opaque)
{
    UserTimer *t = timer;

    timer_free(t->timer);
    g_free(t);
}

static void user_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    UserTimer *t = timer;

    timer_mod(t->timer, expire_ms * SCALE_MS);
}

static void user_register_poll_fd(int fd, void *opaque)
{
    /* Polled through slirp_pollfds_fill on every loop iteration. */
}

static void user_notify(void *opaque)
{
    main_loop_wakeup();
}

static const SlirpCb user_callbacks = {
    .send_packet = user_send_packet,
    .guest_error = user_guest_error,
    .clock_get_ns = user_clock_get_ns,
    .timer_free = user_timer_free,
    .timer_mod = user_timer_mod,
    .register_poll_fd = user_register_poll_fd,
    .unregister_poll_fd = user_register_poll_fd,
    .notify = user_notify,
    .timer_new_opaque = user_timer_new_opaque,
};

/* ---- polling ------------------------------------------------------------ */

static const struct {
    int slirp;
    GIOCondition glib;
} poll_bits[] = {
    { SLIRP_POLL_IN, G_IO_IN }, { SLIRP_POLL_OUT, G_IO_OUT },
    { SLIRP_POLL_PRI, G_IO_PRI }, { SLIRP_POLL_ERR, G_IO_ERR },
    { SLIRP_POLL_HUP, G_IO_HUP },
};

/* fd's GPollFD, made and added to the source the first time. */
static int user_add_poll(int fd, int events, void *opaque)
{
    SlirpSource *src = opaque;
    SlirpPollFD *p = g_hash_table_lookup(src->fds, GINT_TO_POINTER(fd));

    if (!p) {
        p = g_new0(SlirpPollFD, 1);
        p->pfd.fd = fd;
        g_source_add_poll(&src->source, &p->pfd);
        g_hash_table_insert(src->fds, GINT_TO_POINTER(fd), p);
    }
    if (!p->wanted) {
        p->wanted = true;
        p->pfd.events = 0;
        p->pfd.revents = 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(poll_bits); i++) {
        if (events & poll_bits[i].slirp) {
            p->pfd.events |= poll_bits[i].glib;
        }
    }
    g_ptr_array_add(src->polled, p);
    return src->polled->len - 1;
}

static int user_get_revents(int idx, void *opaque)
{
    SlirpSource *src = opaque;
    SlirpPollFD *p = g_ptr_array_index(src->polled, idx);
    int events = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(poll_bits); i++) {
        if (p->pfd.revents & poll_bits[i].glib) {
            events |= poll_bits[i].slirp;
        }
    }
    return events;
}

/* Remove (and free) a GPollFD that slirp did not ask for this time. */
static gboolean slirp_source_drop_unwanted(gpointer key, gpointer value,
                                           gpointer opaque)
{
    SlirpSource *src = opaque;
    SlirpPollFD *p = value;

    if (p->wanted) {
        p->wanted = false;      /* for the next prepare */
        return FALSE;
    }
    g_source_remove_poll(&src->source, &p->pfd);
    g_free(p);
    return TRUE;
}

static void slirp_source_clear_fds(SlirpSource *src)
{
    GHashTableIter it;
    gpointer p;

    g_hash_table_iter_init(&it, src->fds);
    while (g_hash_table_iter_next(&it, NULL, &p)) {
        g_source_remove_poll(&src->source, &((SlirpPollFD *)p)->pfd);
        g_free(p);
        g_hash_table_iter_remove(&it);
    }
    g_ptr_array_set_size(src->polled, 0);
}

static gboolean slirp_source_prepare(GSource *source, gint *timeout)
{
    SlirpSource *src = (SlirpSource *)source;
    uint32_t t = UINT32_MAX;

    g_ptr_array_set_size(src->polled, 0);
    slirp_pollfds_fill(src->s->slirp, &t, user_add_poll, src);
    g_hash_table_foreach_remove(src->fds, slirp_source_drop_unwanted, src);
    src->deadline = t == UINT32_MAX ? G_MAXINT64
                                    : g_source_get_time(source) + t * 1000LL;
    *timeout = t == UINT32_MAX ? -1 : (gint)t;
    return FALSE;
}

/*
 * Dispatch when a socket is ready or slirp's timeout passed (its TCP
 * timers run from slirp_pollfds_poll); never always, which would starve
 * the lower-priority sources (idle requests of the run state).
 */
static gboolean slirp_source_check(GSource *source)
{
    SlirpSource *src = (SlirpSource *)source;

    for (guint i = 0; i < src->polled->len; i++) {
        if (((SlirpPollFD *)g_ptr_array_index(src->polled, i))->pfd.revents) {
            return TRUE;
        }
    }
    return g_source_get_time(source) >= src->deadline;
}

static gboolean slirp_source_dispatch(GSource *source, GSourceFunc cb,
                                      gpointer data)
{
    SlirpSource *src = (SlirpSource *)source;

    slirp_pollfds_poll(src->s->slirp, 0, user_get_revents, src);
    return G_SOURCE_CONTINUE;
}

static void slirp_source_finalize(GSource *source)
{
    SlirpSource *src = (SlirpSource *)source;

    g_hash_table_unref(src->fds);
    g_ptr_array_unref(src->polled);
}

static GSourceFuncs slirp_source_funcs = {
    .prepare = slirp_source_prepare,
    .check = slirp_source_check,
    .dispatch = slirp_source_dispatch,
    .finalize = slirp_source_finalize,
};

/* ---- the net client ----------------------------------------------------- */

static ssize_t user_receive(NetClientState *nc, const uint8_t *buf,
                            size_t size)
{
    NetUserState *s = container_of(nc, NetUserState, nc);

    slirp_input(s->slirp, buf, size);
    main_loop_wakeup();         /* it may have a new socket to poll */
    return size;
}

static void user_cleanup(NetClientState *nc)
{
    NetUserState *s = container_of(nc, NetUserState, nc);

    if (s->source) {
        slirp_source_clear_fds(s->source);
        g_source_destroy(&s->source->source);
        g_source_unref(&s->source->source);
    }
    if (s->slirp) {
        slirp_cleanup(s->slirp);
    }
}

static const NetClientInfo user_info = {
    .type = NET_CLIENT_DRIVER_USER,
    .kind = "user",
    .size = sizeof(NetUserState),
    .receive = user_receive,
    .cleanup = user_cleanup,
    /* libslirp's IP and TCP input take any length the IP header allows. */
    .takes_large_tcp = true,
};

/* ---- options ------------------------------------------------------------ */

static bool parse_addr(const char *opt, const char *key, const char *str,
                       struct in_addr *out, Error **errp)
{
    if (!inet_aton(str, out)) {
        error_setg(errp, "%s: %s: '%s' is not an IPv4 address", opt, key, str);
        return false;
    }
    return true;
}

/* net=ADDR[/PREFIX|/MASK] */
static bool parse_network(const char *opt, const char *str, SlirpConfig *cfg,
                          Error **errp)
{
    g_autofree char *addr = g_strdup(str);
    char *slash = strchr(addr, '/');
    uint64_t prefix = 24;

    if (slash) {
        *slash++ = '\0';
        if (strchr(slash, '.')) {
            if (!parse_addr(opt, "net", slash, &cfg->vnetmask, errp)) {
                return false;
            }
        } else if (!parse_uint(slash, &prefix) || prefix > 32) {
            error_setg(errp, "%s: net: invalid prefix length '%s'", opt, slash);
            return false;
        }
    }
    if (!slash || !strchr(slash, '.')) {
        cfg->vnetmask.s_addr = htonl(prefix ? ~0U << (32 - prefix) : 0);
    }
    if (!parse_addr(opt, "net", addr, &cfg->vnetwork, errp)) {
        return false;
    }
    if (cfg->vnetwork.s_addr & ~cfg->vnetmask.s_addr) {
        error_setg(errp, "%s: net: '%s' has host bits set", opt, str);
        return false;
    }
    return true;
}

/* An address in the guest network: the key's value, or net + offset. */
static bool net_addr(Keyval *kv, const char *key, uint32_t offset,
                     const SlirpConfig *cfg, struct in_addr *out,
                     Error **errp)
{
    const char *opt = keyval_option_name(kv);
    const char *str = keyval_get(kv, key);

    if (!str) {
        out->s_addr = htonl(ntohl(cfg->vnetwork.s_addr) + offset);
        return true;
    }
    if (!parse_addr(opt, key, str, out, errp)) {
        return false;
    }
    if ((out->s_addr & cfg->vnetmask.s_addr) != cfg->vnetwork.s_addr) {
        error_setg(errp, "%s: %s: %s is not in the guest network", opt, key,
                   str);
        return false;
    }
    return true;
}

static void set_ipv6_defaults(SlirpConfig *cfg)
{
    inet_pton(AF_INET6, "fec0::", &cfg->vprefix_addr6);
    cfg->vprefix_len = 64;
    inet_pton(AF_INET6, "fec0::2", &cfg->vhost6);
    inet_pton(AF_INET6, "fec0::3", &cfg->vnameserver6);
}

static bool parse_user_opts(Keyval *kv, UserConfig *u, Error **errp)
{
    const char *opt = keyval_option_name(kv);
    SlirpConfig *cfg = &u->cfg;
    const char *net = keyval_get(kv, "net");
    bool restrict_ = false, ipv4 = true, ipv6 = true;

    cfg->version = 4;
    if (!parse_network(opt, net ? net : "10.0.2.0/24", cfg, errp) ||
        !net_addr(kv, "host", 2, cfg, &cfg->vhost, errp) ||
        !net_addr(kv, "dhcpstart", 15, cfg, &cfg->vdhcp_start, errp) ||
        !net_addr(kv, "dns", 3, cfg, &cfg->vnameserver, errp) ||
        !keyval_get_bool(kv, "restrict", &restrict_, errp) ||
        !keyval_get_bool(kv, "ipv4", &ipv4, errp) ||
        !keyval_get_bool(kv, "ipv6", &ipv6, errp)) {
        return false;
    }
    if (!ipv4 && !ipv6) {
        error_setg(errp, "%s: ipv4=off and ipv6=off leave no network", opt);
        return false;
    }
    cfg->restricted = restrict_;
    cfg->in_enabled = ipv4;
    cfg->in6_enabled = ipv6;
    set_ipv6_defaults(cfg);
    u->hostname = g_strdup(keyval_get(kv, "hostname"));
    u->tftp = g_strdup(keyval_get(kv, "tftp"));
    u->bootfile = g_strdup(keyval_get(kv, "bootfile"));
    cfg->vhostname = u->hostname;
    cfg->tftp_path = u->tftp;
    cfg->bootfile = u->bootfile;
    return keyval_check_unused(kv, errp);
}

/* "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport" */
static bool parse_hostfwd(const char *str, bool *udp, struct in_addr *haddr,
                          int *hport, struct in_addr *gaddr, int *gport)
{
    g_auto(GStrv) sides = NULL;
    const char *rest = strchr(str, ':');
    g_autofree char *proto = NULL;

    if (!rest) {
        return false;
    }
    proto = g_strndup(str, rest - str);
    if (strcmp(proto, "") && strcmp(proto, "tcp") && strcmp(proto, "udp")) {
        return false;
    }
    *udp = !strcmp(proto, "udp");
    sides = g_strsplit(rest + 1, "-", -1);
    if (g_strv_length(sides) != 2) {
        return false;
    }
    for (int i = 0; i < 2; i++) {
        char *colon = strrchr(sides[i], ':');
        struct in_addr *addr = i ? gaddr : haddr;
        int *port = i ? gport : hport;
        uint64_t p;

        if (!colon) {
            return false;
        }
        *colon = '\0';
        addr->s_addr = INADDR_ANY;
        if ((*sides[i] && !inet_aton(sides[i], addr)) ||
            !parse_uint(colon + 1, &p) || p > 65535 || (i && !p)) {
            return false;
        }
        *port = p;
    }
    return true;
}

static bool add_hostfwds(NetUserState *s, const char *opt, GPtrArray *rules,
                         Error **errp)
{
    for (guint i = 0; i < rules->len; i++) {
        const char *rule = g_ptr_array_index(rules, i);
        struct in_addr haddr, gaddr;
        int hport, gport;
        bool udp;

        if (!parse_hostfwd(rule, &udp, &haddr, &hport, &gaddr, &gport)) {
            error_setg(errp, "%s: invalid hostfwd '%s' (want [tcp|udp]:"
                       "[hostaddr]:hostport-[guestaddr]:guestport)", opt, rule);
            return false;
        }
        if (slirp_add_hostfwd(s->slirp, udp, haddr, hport, gaddr, gport) < 0) {
            error_setg_errno(errp, errno, "%s: could not set up host "
                             "forwarding rule '%s'", opt, rule);
            return false;
        }
    }
    return true;
}

static void user_set_info(NetUserState *s, const SlirpConfig *cfg)
{
    char net[INET_ADDRSTRLEN];
    int prefix = __builtin_popcount(cfg->vnetmask.s_addr);

    inet_ntop(AF_INET, &cfg->vnetwork, net, sizeof(net));
    net_client_set_info(&s->nc, "net=%s/%d,restrict=%s", net, prefix,
                        cfg->restricted ? "on" : "off");
}

NetClientState *net_init_user(Keyval *opts, GPtrArray *hostfwds,
                              const char *name, NetClientState *peer,
                              Error **errp)
{
    const char *opt = keyval_option_name(opts);
    UserConfig u = { 0 };
    NetUserState *s = NULL;
    SlirpSource *src;

    if (!parse_user_opts(opts, &u, errp)) {
        goto out;
    }
    s = (NetUserState *)net_client_new(&user_info, peer, "user", name);
    s->slirp = slirp_new(&u.cfg, &user_callbacks, s);
    if (!s->slirp) {
        error_setg(errp, "%s: libslirp refused the configuration", opt);
        goto fail;
    }
    src = (SlirpSource *)g_source_new(&slirp_source_funcs,
                                      sizeof(SlirpSource));
    src->s = s;
    src->fds = g_hash_table_new(NULL, NULL);
    src->polled = g_ptr_array_new();
    s->source = src;
    g_source_attach(&src->source, g_main_context_default());
    user_set_info(s, &u.cfg);
    if (!add_hostfwds(s, opt, hostfwds, errp)) {
        goto fail;
    }
    goto out;
fail:
    net_client_delete(&s->nc);
    s = NULL;
out:
    g_free(u.hostname);
    g_free(u.tftp);
    g_free(u.bootfile);
    return s ? &s->nc : NULL;
}
