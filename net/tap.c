/*
 * -netdev tap,id=N[,ifname=NAME][,script=no][,downscript=no]: a Linux tap
 * device (/dev/net/tun, IFF_TAP | IFF_NO_PI), one frame per read/write.
 * Opening it needs CAP_NET_ADMIN, or a persistent tap owned by the user
 * (ip tuntap add NAME mode tap user USER).  Configuring the host side
 * (ip link set NAME up, a bridge) is left to the user: script= and
 * downscript= other than "no" are not supported yet.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "net/clients.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef struct NetTapState {
    NetClientState nc;
    int fd;
    guint read_watch, write_watch;
    uint8_t buf[NET_BUFSIZE];
} NetTapState;

static gboolean tap_read_cb(gint fd, GIOCondition cond, gpointer opaque);

static void tap_read_resume(NetTapState *s)
{
    if (!s->read_watch) {
        s->read_watch = g_unix_fd_add(s->fd, G_IO_IN, tap_read_cb, s);
    }
}

static void tap_sent(NetClientState *nc, ssize_t ret)
{
    tap_read_resume(container_of(nc, NetTapState, nc));
}

static gboolean tap_read_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    NetTapState *s = opaque;

    for (int i = 0; i < 64; i++) {     /* a batch, then let others run */
        ssize_t n = read(fd, s->buf, sizeof(s->buf));

        if (n <= 0) {
            break;              /* EAGAIN: drained; errors: try later */
        }
        if (net_send_packet_async(&s->nc, s->buf, n, tap_sent) == 0) {
            s->read_watch = 0;  /* queued: tap_sent resumes reading */
            return G_SOURCE_REMOVE;
        }
    }
    return G_SOURCE_CONTINUE;
}

static gboolean tap_writable_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    NetTapState *s = opaque;

    s->write_watch = 0;
    net_flush_queued_packets(&s->nc);
    return G_SOURCE_REMOVE;
}

static ssize_t tap_receive(NetClientState *nc, const uint8_t *buf,
                           size_t size)
{
    NetTapState *s = container_of(nc, NetTapState, nc);
    ssize_t n;

    do {
        n = write(s->fd, buf, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN) {
        if (!s->write_watch) {
            s->write_watch = g_unix_fd_add(s->fd, G_IO_OUT, tap_writable_cb,
                                           s);
        }
        return 0;
    }
    return size;                /* written, or lost like on a bad wire */
}

static void tap_cleanup(NetClientState *nc)
{
    NetTapState *s = container_of(nc, NetTapState, nc);

    g_clear_handle_id(&s->read_watch, g_source_remove);
    g_clear_handle_id(&s->write_watch, g_source_remove);
    if (s->fd >= 0) {
        close(s->fd);
    }
}

static const NetClientInfo tap_info = {
    .type = NET_CLIENT_DRIVER_TAP,
    .kind = "tap",
    .size = sizeof(NetTapState),
    .receive = tap_receive,
    .cleanup = tap_cleanup,
};

static bool check_script(Keyval *opts, const char *key, Error **errp)
{
    const char *val = keyval_get(opts, key);

    if (val && strcmp(val, "no")) {
        error_setg(errp, "%s: %s=%s: running scripts is not supported yet "
                   "(use %s=no and set the interface up yourself)",
                   keyval_option_name(opts), key, val, key);
        return false;
    }
    return true;
}

/* The opened tap's fd, its name in ifr; -1 with errp set. */
static int tap_open(const char *opt, const char *ifname, struct ifreq *ifr,
                    Error **errp)
{
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        error_setg_errno(errp, errno, "%s: cannot open /dev/net/tun", opt);
        return -1;
    }
    memset(ifr, 0, sizeof(*ifr));
    ifr->ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ifname) {
        g_strlcpy(ifr->ifr_name, ifname, IFNAMSIZ);
    }
    if (ioctl(fd, TUNSETIFF, ifr) < 0) {
        int err = errno;

        close(fd);
        error_setg_errno(errp, err, "%s: cannot create tap device '%s'%s",
                         opt, ifname ? ifname : "tap%d",
                         err == EPERM ? " (needs CAP_NET_ADMIN, or a tap "
                         "device owned by this user)" : "");
        return -1;
    }
    return fd;
}

NetClientState *net_init_tap(Keyval *opts, GPtrArray *hostfwds,
                             const char *name, NetClientState *peer,
                             Error **errp)
{
    const char *opt = keyval_option_name(opts);
    const char *ifname = keyval_get(opts, "ifname");
    bool vnet_hdr = false;
    NetTapState *s;
    struct ifreq ifr;
    int fd;

    if (!check_script(opts, "script", errp) ||
        !check_script(opts, "downscript", errp) ||
        !keyval_get_bool(opts, "vnet_hdr", &vnet_hdr, errp) ||
        !keyval_check_unused(opts, errp)) {
        return NULL;
    }
    if (vnet_hdr) {
        error_setg(errp, "%s: vnet_hdr=on is not supported yet", opt);
        return NULL;
    }
    if (ifname && (!*ifname || strlen(ifname) >= IFNAMSIZ)) {
        error_setg(errp, "%s: ifname '%s' must be 1 to %d characters", opt,
                   ifname, IFNAMSIZ - 1);
        return NULL;
    }
    fd = tap_open(opt, ifname, &ifr, errp);
    if (fd < 0) {
        return NULL;
    }
    s = (NetTapState *)net_client_new(&tap_info, peer, "tap", name);
    s->fd = fd;
    net_client_set_info(&s->nc, "ifname=%s", ifr.ifr_name);
    tap_read_resume(s);
    return &s->nc;
}
