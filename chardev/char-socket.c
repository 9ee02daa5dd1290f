/*
 * socket backend: tcp (host=, port=) or unix (path=), as a server
 * (server=on: listen, one client at a time, the next one accepted after a
 * disconnect; wait=on, the default, holds start-up until the first client)
 * or a client (connects once at start-up; no reconnection).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "system/main-loop.h"
#include "util/keyval.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct SocketChardev {
    Chardev parent;
    char *host;         /* tcp; "" = any (server) or localhost (client) */
    char *port;
    char *path;         /* unix */
    bool server;
    bool wait;
    int listen_fd;
    GSource *listen_src;
    int fd;             /* the connected peer, or -1 */
} SocketChardev;

static SocketChardev *socket_of(Chardev *chr)
{
    return container_of(chr, SocketChardev, parent);
}

static bool socket_parse_port(Chardev *chr, const char *port, Error **errp)
{
    uint64_t n;

    if (!parse_uint(port, &n) || n > 65535) {
        error_setg(errp, "%s: socket: port: '%s' is not a port number "
                   "(0-65535)", chr->opt_name, port);
        return false;
    }
    return true;
}

static bool socket_parse(Chardev *chr, Keyval *kv, Error **errp)
{
    SocketChardev *s = socket_of(chr);
    const char *host = keyval_get(kv, "host");
    const char *port = keyval_get(kv, "port");
    const char *path = keyval_get(kv, "path");
    bool nowait = false;

    s->fd = s->listen_fd = -1;
    if (path ? (host || port) : !port) {
        error_setg(errp, "%s: socket: give either port= (tcp, with optional "
                   "host=) or path= (unix)", chr->opt_name);
        return false;
    }
    if (port && !socket_parse_port(chr, port, errp)) {
        return false;
    }
    if (!keyval_get_bool(kv, "server", &s->server, errp) ||
        !keyval_get_bool(kv, "nowait", &nowait, errp)) {
        return false;
    }
    s->wait = s->server && !nowait;
    if (!keyval_get_bool(kv, "wait", &s->wait, errp)) {
        return false;
    }
    s->host = g_strdup(host ? host : "");
    s->port = g_strdup(port);
    s->path = g_strdup(path);
    return true;
}

static void socket_finalize(Chardev *chr)
{
    SocketChardev *s = socket_of(chr);

    g_free(s->host);
    g_free(s->port);
    g_free(s->path);
}

static void socket_set_filename(Chardev *chr, const char *port)
{
    SocketChardev *s = socket_of(chr);
    const char *srv = s->server ? ",server=on" : "";

    g_free(chr->filename);
    if (s->path) {
        chr->filename = g_strdup_printf("unix:%s%s", s->path, srv);
    } else {
        chr->filename = g_strdup_printf("tcp:%s:%s%s", s->host, port, srv);
    }
}

static void socket_listen_watch(SocketChardev *s);

static void socket_connected(SocketChardev *s, int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    s->fd = fd;
    s->parent.out_stalled = false;
    chardev_input_start(&s->parent, fd);
    chardev_be_event(&s->parent, CHR_EVENT_OPENED);
}

static void socket_disconnect(SocketChardev *s)
{
    if (s->fd < 0) {
        return;
    }
    chardev_input_stop(&s->parent);
    close(s->fd);
    s->fd = -1;
    chardev_be_event(&s->parent, CHR_EVENT_CLOSED);
    if (s->server) {
        socket_listen_watch(s);
    }
}

static gboolean socket_accept_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    SocketChardev *s = opaque;
    int conn = accept(fd, NULL, NULL);

    if (conn < 0) {
        return G_SOURCE_CONTINUE;   /* EAGAIN, ECONNABORTED: try again */
    }
    /* One client at a time: stop accepting until it goes away. */
    g_source_destroy(s->listen_src);
    g_source_unref(s->listen_src);
    s->listen_src = NULL;
    socket_connected(s, conn);
    return G_SOURCE_REMOVE;
}

static void socket_listen_watch(SocketChardev *s)
{
    s->listen_src = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_src, G_SOURCE_FUNC(socket_accept_cb), s,
                          NULL);
    g_source_attach(s->listen_src, NULL);
}

/* tcp: getaddrinfo candidates for host/port (server: passive). */
static struct addrinfo *socket_resolve(Chardev *chr, Error **errp)
{
    SocketChardev *s = socket_of(chr);
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = s->server ? AI_PASSIVE : 0,
    };
    struct addrinfo *res;
    const char *host = *s->host ? s->host : (s->server ? NULL : "localhost");
    int rc = getaddrinfo(host, s->port, &hints, &res);

    if (rc) {
        error_setg(errp, "%s: socket: cannot resolve '%s': %s", chr->opt_name,
                   s->host, gai_strerror(rc));
        return NULL;
    }
    return res;
}

/* Fill a unix address; false when the path does not fit. */
static bool socket_unix_addr(Chardev *chr, struct sockaddr_un *sun,
                             Error **errp)
{
    const char *path = socket_of(chr)->path;

    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "%s: socket: path '%s' is too long", chr->opt_name,
                   path);
        return false;
    }
    strcpy(sun->sun_path, path);
    return true;
}

/* Server: a bound, listening socket; -1 with errno on failure. */
static int socket_listen_on(int family, const struct sockaddr *addr,
                            socklen_t len)
{
    int one = 1, err;
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    if (fd < 0) {
        return -1;
    }
    if (family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (bind(fd, addr, len) == 0 && listen(fd, 1) == 0) {
        return fd;
    }
    err = errno;
    close(fd);
    errno = err;
    return -1;
}

/* Client: a connected socket; -1 with errno on failure. */
static int socket_connect_to(int family, const struct sockaddr *addr,
                             socklen_t len)
{
    int err, fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return -1;
    }
    if (connect(fd, addr, len) == 0) {
        return fd;
    }
    err = errno;
    close(fd);
    errno = err;
    return -1;
}

typedef int SocketOpenFn(int family, const struct sockaddr *, socklen_t);

/* Listen or connect; returns the fd or -1 with errp set. */
static int socket_open_fd(Chardev *chr, SocketOpenFn *fn, Error **errp)
{
    SocketChardev *s = socket_of(chr);
    struct addrinfo *res;
    int fd = -1, err = 0;

    if (s->path) {
        struct sockaddr_un sun;
        if (!socket_unix_addr(chr, &sun, errp)) {
            return -1;
        }
        if (s->server) {
            unlink(s->path);    /* a stale socket from an earlier run */
        }
        fd = fn(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun));
        err = errno;
    } else {
        res = socket_resolve(chr, errp);
        if (!res) {
            return -1;
        }
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
            fd = fn(ai->ai_family, ai->ai_addr, ai->ai_addrlen);
            err = errno;
        }
        freeaddrinfo(res);
    }
    if (fd < 0) {
        socket_set_filename(chr, s->port);
        error_setg_errno(errp, err, "%s: cannot %s '%s'", chr->opt_name,
                         s->server ? "listen on" : "connect to",
                         chr->filename);
    }
    return fd;
}

/* The port actually bound (port=0 picks a free one). */
static char *socket_bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char port[NI_MAXSERV];

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0 ||
        getnameinfo((struct sockaddr *)&ss, len, NULL, 0, port, sizeof(port),
                    NI_NUMERICSERV)) {
        return g_strdup("?");
    }
    return g_strdup(port);
}

/* wait=on: run the loop (so signals still work) until a client comes. */
static bool socket_wait_for_client(Chardev *chr, Error **errp)
{
    SocketChardev *s = socket_of(chr);

    info_report("waiting for connection on: %s", chr->filename);
    while (s->fd < 0) {
        if (main_loop_quit_requested()) {
            error_setg(errp, "%s: interrupted while waiting for a connection "
                       "on '%s'", chr->opt_name, chr->filename);
            return false;
        }
        main_loop_wait_once(-1);
    }
    return true;
}

static bool socket_open(Chardev *chr, Error **errp)
{
    SocketChardev *s = socket_of(chr);
    g_autofree char *port = NULL;

    if (!s->server) {
        int fd = socket_open_fd(chr, socket_connect_to, errp);
        if (fd < 0) {
            return false;
        }
        socket_set_filename(chr, s->port);
        socket_connected(s, fd);
        return true;
    }
    s->listen_fd = socket_open_fd(chr, socket_listen_on, errp);
    if (s->listen_fd < 0) {
        return false;
    }
    port = s->path ? NULL : socket_bound_port(s->listen_fd);
    socket_set_filename(chr, port);
    socket_listen_watch(s);
    if (s->wait && !socket_wait_for_client(chr, errp)) {
        chr->klass->close(chr);
        return false;
    }
    return true;
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = socket_of(chr);
    int n;

    if (s->fd < 0) {
        return len;     /* nobody connected: output is dropped */
    }
    n = chardev_write_fd(chr, s->fd, true, buf, len);
    if (n < 0) {
        socket_disconnect(s);
        return len;
    }
    return n;
}

static void socket_input_closed(Chardev *chr)
{
    socket_disconnect(socket_of(chr));
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = socket_of(chr);

    chardev_input_stop(chr);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    if (s->listen_src) {
        g_source_destroy(s->listen_src);
        g_source_unref(s->listen_src);
        s->listen_src = NULL;
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
        if (s->path) {
            unlink(s->path);
        }
    }
}

const ChardevClass chardev_socket_class = {
    .name = "socket",
    .instance_size = sizeof(SocketChardev),
    .parse = socket_parse,
    .open = socket_open,
    .write = socket_write,
    .input_closed = socket_input_closed,
    .close = socket_close,
    .finalize = socket_finalize,
};
