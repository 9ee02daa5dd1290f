/*
 * -netdev socket,listen=[host]:port | connect=host:port: frames over one
 * TCP stream, each preceded by its length as 4 bytes big-endian (QEMU's
 * framing, so a Kemu guest and a QEMU guest can share a link).
 *
 * The listening side takes one connection at a time and listens again
 * when it closes; frames sent while nobody is connected are dropped, as on
 * an unplugged cable.  Flow control both ways: a frame the NIC cannot take
 * stops reading from the stream until it is delivered; a stream that
 * cannot take a frame keeps it queued (partly written: send_index) until
 * the socket is writable again.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "net/clients.h"

#include <glib-unix.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct NetSocketState {
    NetClientState nc;
    int listen_fd;
    int fd;
    guint listen_watch, read_watch, write_watch;
    bool rx_stalled;            /* a frame waits for the NIC */
    GByteArray *rx;             /* stream bytes not yet framed */
    size_t send_index;          /* bytes of the current frame written */
} NetSocketState;

static gboolean socket_accept_cb(gint fd, GIOCondition cond, gpointer opaque);
static gboolean socket_read_cb(gint fd, GIOCondition cond, gpointer opaque);

static void socket_listen_again(NetSocketState *s)
{
    if (s->listen_fd >= 0 && !s->listen_watch) {
        s->listen_watch = g_unix_fd_add(s->listen_fd, G_IO_IN,
                                        socket_accept_cb, s);
    }
}

static void socket_disconnect(NetSocketState *s)
{
    g_clear_handle_id(&s->read_watch, g_source_remove);
    g_clear_handle_id(&s->write_watch, g_source_remove);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    g_byte_array_set_size(s->rx, 0);
    s->send_index = 0;
    socket_listen_again(s);
    /* Frames waiting for the dead stream are dropped (unless we are
     * delivering one right now: the queue goes on by itself then). */
    net_flush_queued_packets(&s->nc);
}

static void socket_read_frames(NetSocketState *s);

static void socket_sent(NetClientState *nc, ssize_t ret)
{
    NetSocketState *s = container_of(nc, NetSocketState, nc);

    s->rx_stalled = false;
    if (s->fd >= 0) {
        socket_read_frames(s);
    }
}

/* Hand every whole frame in rx to the NIC; stop when it cannot take one. */
static void socket_read_frames(NetSocketState *s)
{
    while (!s->rx_stalled && s->rx->len >= 4) {
        uint32_t len = (uint32_t)s->rx->data[0] << 24 |
                       (uint32_t)s->rx->data[1] << 16 |
                       (uint32_t)s->rx->data[2] << 8 | s->rx->data[3];

        if (len > NET_BUFSIZE) {
            warn_report("-netdev socket %s: the peer sent a frame of %u "
                        "bytes; closing the connection", s->nc.name, len);
            socket_disconnect(s);
            return;
        }
        if (s->rx->len < 4 + len) {
            break;
        }
        if (net_send_packet_async(&s->nc, s->rx->data + 4, len,
                                  socket_sent) == 0) {
            s->rx_stalled = true;       /* queued: socket_sent resumes */
        }
        g_byte_array_remove_range(s->rx, 0, 4 + len);
    }
    if (s->rx_stalled) {
        g_clear_handle_id(&s->read_watch, g_source_remove);
    } else if (!s->read_watch && s->fd >= 0) {
        s->read_watch = g_unix_fd_add(s->fd, G_IO_IN, socket_read_cb, s);
    }
}

static gboolean socket_read_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    NetSocketState *s = opaque;
    uint8_t buf[65536];
    ssize_t n = read(fd, buf, sizeof(buf));

    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        s->read_watch = 0;
        socket_disconnect(s);
        return G_SOURCE_REMOVE;
    }
    g_byte_array_append(s->rx, buf, n);
    socket_read_frames(s);
    return s->read_watch ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void socket_connected(NetSocketState *s, int fd)
{
    int one = 1;

    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    s->fd = fd;
    socket_read_frames(s);
}

static gboolean socket_accept_cb(gint lfd, GIOCondition cond, gpointer opaque)
{
    NetSocketState *s = opaque;
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    s->listen_watch = 0;
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;     /* one peer at a time */
}

static gboolean socket_writable_cb(gint fd, GIOCondition cond,
                                   gpointer opaque)
{
    NetSocketState *s = opaque;

    s->write_watch = 0;
    net_flush_queued_packets(&s->nc);
    return G_SOURCE_REMOVE;
}

static ssize_t socket_receive(NetClientState *nc, const uint8_t *buf,
                              size_t size)
{
    NetSocketState *s = container_of(nc, NetSocketState, nc);
    uint32_t be = GUINT32_TO_BE(size);
    size_t total = 4 + size;

    if (s->fd < 0) {
        return size;            /* nobody connected: the frame is lost */
    }
    while (s->send_index < total) {
        struct iovec iov[2] = {
            { (uint8_t *)&be, 4 }, { (uint8_t *)buf, size },
        };
        size_t skip = s->send_index;
        int first = skip >= 4;
        ssize_t n;

        iov[first].iov_base = (uint8_t *)iov[first].iov_base +
                              (first ? skip - 4 : skip);
        iov[first].iov_len -= first ? skip - 4 : skip;
        n = writev(s->fd, iov + first, 2 - first);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            if (!s->write_watch) {
                s->write_watch = g_unix_fd_add(s->fd, G_IO_OUT,
                                               socket_writable_cb, s);
            }
            return 0;           /* stays queued; sent from send_index on */
        }
        if (n < 0) {
            socket_disconnect(s);
            return size;
        }
        s->send_index += n;
    }
    s->send_index = 0;
    return size;
}

static void socket_cleanup(NetClientState *nc)
{
    NetSocketState *s = container_of(nc, NetSocketState, nc);

    g_clear_handle_id(&s->listen_watch, g_source_remove);
    g_clear_handle_id(&s->read_watch, g_source_remove);
    g_clear_handle_id(&s->write_watch, g_source_remove);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    g_byte_array_unref(s->rx);
}

static const NetClientInfo socket_info = {
    .type = NET_CLIENT_DRIVER_SOCKET,
    .kind = "socket",
    .size = sizeof(NetSocketState),
    .receive = socket_receive,
    .cleanup = socket_cleanup,
};

/* "host:port" (host may be empty when listening) -> addrinfo list. */
static struct addrinfo *socket_resolve(const char *opt, const char *key,
                                       const char *str, bool listen,
                                       Error **errp)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
        .ai_flags = listen ? AI_PASSIVE : 0,
    };
    g_autofree char *host = g_strdup(str);
    char *colon = strrchr(host, ':');
    struct addrinfo *res;
    int rc;

    if (!colon || !colon[1] || (!listen && colon == host)) {
        error_setg(errp, "%s: %s: '%s' is not %shost:port", opt, key, str,
                   listen ? "[host]:port or " : "");
        return NULL;
    }
    *colon = '\0';
    rc = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res);
    if (rc) {
        error_setg(errp, "%s: %s: cannot resolve '%s': %s", opt, key, str,
                   gai_strerror(rc));
        return NULL;
    }
    return res;
}

/* A listening (listen) or connected socket for str; -1 with errp set. */
static int socket_open(const char *opt, const char *key, const char *str,
                       bool listen_, Error **errp)
{
    struct addrinfo *res = socket_resolve(opt, key, str, listen_, errp);
    int fd = -1, err = 0, one = 1;

    if (!res) {
        return -1;
    }
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (listen_ ? bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                      listen(fd, 1) == 0
                    : connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "%s: %s=%s", opt, key, str);
        return -1;
    }
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    return fd;
}

NetClientState *net_init_socket(Keyval *opts, GPtrArray *hostfwds,
                                const char *name, NetClientState *peer,
                                Error **errp)
{
    const char *opt = keyval_option_name(opts);
    const char *listen_ = keyval_get(opts, "listen");
    const char *connect_ = keyval_get(opts, "connect");
    NetSocketState *s;
    int fd;

    if (!keyval_check_unused(opts, errp)) {
        return NULL;
    }
    if (!listen_ == !connect_) {
        error_setg(errp, "%s: exactly one of listen= and connect= is needed "
                   "(mcast= and udp= are not supported yet)", opt);
        return NULL;
    }
    fd = socket_open(opt, listen_ ? "listen" : "connect",
                     listen_ ? listen_ : connect_, listen_, errp);
    if (fd < 0) {
        return NULL;
    }
    s = (NetSocketState *)net_client_new(&socket_info, peer, "socket", name);
    s->rx = g_byte_array_new();
    s->fd = s->listen_fd = -1;
    if (listen_) {
        s->listen_fd = fd;
        socket_listen_again(s);
        net_client_set_info(&s->nc, "listen=%s", listen_);
    } else {
        socket_connected(s, fd);
        net_client_set_info(&s->nc, "connect=%s", connect_);
    }
    return &s->nc;
}
