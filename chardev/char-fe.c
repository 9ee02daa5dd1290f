/*
 * Frontends and the I/O paths between backends and frontends: input read
 * on the main loop under flow control, and output that never hangs.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "system/main-loop.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long one write waits for a full fd before the chardev is stalled. */
#define WRITE_STALL_MS 1000
#define INPUT_CHUNK 4096

bool chardev_fe_init(CharFrontend *fe, Chardev *chr, Error **errp)
{
    memset(fe, 0, sizeof(*fe));
    if (chr->klass->fe_attach) {
        if (!chr->klass->fe_attach(chr, fe, errp)) {
            return false;
        }
    } else if (chr->fe) {
        error_setg(errp, "chardev '%s' is already in use by another device",
                   chr->id);
        return false;
    } else {
        chr->fe = fe;
    }
    fe->chr = chr;
    return true;
}

void chardev_fe_deinit(CharFrontend *fe)
{
    Chardev *chr = fe->chr;

    if (!chr) {
        return;
    }
    if (chr->klass->fe_detach) {
        chr->klass->fe_detach(chr, fe);
    } else if (chr->fe == fe) {
        chr->fe = NULL;
    }
    memset(fe, 0, sizeof(*fe));
}

void chardev_fe_set_handlers(CharFrontend *fe, FeCanReadHandler *can_read,
                             FeReadHandler *read, FeEventHandler *event,
                             void *opaque)
{
    fe->can_read = can_read;
    fe->read = read;
    fe->event = event;
    fe->opaque = opaque;
    if (!fe->chr) {
        return;
    }
    if (fe->chr->be_open && event) {
        event(opaque, CHR_EVENT_OPENED);
    }
    if (fe->chr->klass->fe_handlers_set) {
        fe->chr->klass->fe_handlers_set(fe->chr, fe);
    }
    /* can_read may have changed: let the loop re-poll. */
    main_loop_wakeup();
}

int chardev_fe_write_all(CharFrontend *fe, const uint8_t *buf, int len)
{
    if (!fe->chr || len <= 0) {
        return 0;
    }
    return fe->chr->klass->write(fe->chr, buf, len);
}

int chardev_fe_printf(CharFrontend *fe, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return chardev_fe_write_all(fe, (const uint8_t *)text, strlen(text));
}

void chardev_fe_accept_input(CharFrontend *fe)
{
    if (fe->chr && fe->chr->klass->accept_input) {
        fe->chr->klass->accept_input(fe->chr, fe);
    }
    main_loop_wakeup();
}

bool chardev_fe_backend_open(CharFrontend *fe)
{
    return fe->chr && fe->chr->be_open;
}

int chardev_be_can_read(Chardev *chr)
{
    CharFrontend *fe = chr->fe;

    return fe && fe->can_read && fe->read ? fe->can_read(fe->opaque) : 0;
}

void chardev_be_write(Chardev *chr, const uint8_t *buf, int len)
{
    CharFrontend *fe = chr->fe;

    if (fe && fe->read && len > 0) {
        fe->read(fe->opaque, buf, len);
    }
}

void chardev_be_event(Chardev *chr, ChardevEvent ev)
{
    CharFrontend *fe = chr->fe;

    if (ev == CHR_EVENT_OPENED) {
        chr->be_open = true;
    } else if (ev == CHR_EVENT_CLOSED) {
        chr->be_open = false;
    }
    if (fe && fe->event) {
        fe->event(fe->opaque, ev);
    }
}

/*
 * The input source polls its fd only while the frontend can take bytes,
 * so a full device FIFO holds data back in the kernel (flow control).
 */
typedef struct InputSource {
    GSource source;
    Chardev *chr;
    int fd;
    gpointer tag;
} InputSource;

static gboolean input_prepare(GSource *source, gint *timeout)
{
    InputSource *in = (InputSource *)source;
    bool want = chardev_be_can_read(in->chr) > 0;

    *timeout = -1;
    if (want && !in->tag) {
        in->tag = g_source_add_unix_fd(source, in->fd,
                                       G_IO_IN | G_IO_HUP | G_IO_ERR);
    } else if (!want && in->tag) {
        g_source_remove_unix_fd(source, in->tag);
        in->tag = NULL;
    }
    return FALSE;
}

static gboolean input_check(GSource *source)
{
    InputSource *in = (InputSource *)source;

    return in->tag && g_source_query_unix_fd(source, in->tag) != 0;
}

static gboolean input_dispatch(GSource *source, GSourceFunc cb, gpointer d)
{
    InputSource *in = (InputSource *)source;
    Chardev *chr = in->chr;
    uint8_t buf[INPUT_CHUNK];
    int room = MIN(chardev_be_can_read(chr), INPUT_CHUNK);
    ssize_t n;

    if (room <= 0) {
        return G_SOURCE_CONTINUE;
    }
    n = read(in->fd, buf, room);
    if (n > 0) {
        chardev_be_write(chr, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        chardev_input_stop(chr);
        if (chr->klass->input_closed) {
            chr->klass->input_closed(chr);
        }
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs input_funcs = {
    .prepare = input_prepare,
    .check = input_check,
    .dispatch = input_dispatch,
};

void chardev_input_start(Chardev *chr, int fd)
{
    InputSource *in;

    chardev_input_stop(chr);
    in = (InputSource *)g_source_new(&input_funcs, sizeof(InputSource));
    in->chr = chr;
    in->fd = fd;
    g_source_set_name(&in->source, chr->id);
    g_source_attach(&in->source, NULL);
    chr->input = &in->source;
}

void chardev_input_stop(Chardev *chr)
{
    if (chr->input) {
        g_source_destroy(chr->input);
        g_source_unref(chr->input);
        chr->input = NULL;
    }
}

static ssize_t write_once(int fd, bool is_socket, const uint8_t *buf,
                          size_t len)
{
    return is_socket ? send(fd, buf, len, MSG_NOSIGNAL) : write(fd, buf, len);
}

/* Wait for fd to take more output; false once the chardev is stalled. */
static bool wait_writable(Chardev *chr, int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    int r;

    do {
        r = poll(&pfd, 1, chr->out_stalled ? 0 : WRITE_STALL_MS);
    } while (r < 0 && errno == EINTR);
    if (r <= 0) {
        if (!chr->out_stalled) {
            warn_report("chardev '%s': output stalled, dropping data",
                        chr->id);
        }
        chr->out_stalled = true;
        return false;
    }
    return true;
}

int chardev_write_fd(Chardev *chr, int fd, bool is_socket,
                     const uint8_t *buf, int len)
{
    int done = 0;

    while (done < len) {
        ssize_t n = write_once(fd, is_socket, buf + done, len - done);

        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            if (!wait_writable(chr, fd)) {
                return done;
            }
        } else {
            return -1;
        }
    }
    chr->out_stalled = false;
    return done;
}
