/*
 * mux: one backend shared by up to MUX_MAX frontends (serial, monitor),
 * what -nographic and mon:stdio give.  Input goes to the frontend with the
 * focus (the first one at start); Ctrl-A escapes: C-a h help, C-a x quit,
 * C-a c next frontend, C-a b break, C-a C-a a literal Ctrl-A.
 *
 * Each frontend has a small buffer so escapes keep working while the
 * focused device is not reading; a full buffer pushes back on the backend.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "system/main-loop.h"

#define MUX_MAX 4
#define MUX_BUF 32
#define MUX_ESCAPE 0x01     /* Ctrl-A */

typedef struct MuxChardev {
    Chardev parent;
    CharFrontend base_fe;
    CharFrontend *fes[MUX_MAX];
    int count;              /* slots ever used */
    int focus;
    bool got_escape;
    uint8_t buf[MUX_MAX][MUX_BUF];
    int buf_len[MUX_MAX];
} MuxChardev;

static MuxChardev *mux_of(Chardev *chr)
{
    return container_of(chr, MuxChardev, parent);
}

static void mux_send_event(MuxChardev *d, int i, ChardevEvent ev)
{
    CharFrontend *fe = d->fes[i];

    if (fe && fe->event) {
        fe->event(fe->opaque, ev);
    }
}

/* Hand buffered bytes to frontend i as far as it can take them. */
static void mux_flush(MuxChardev *d, int i)
{
    CharFrontend *fe = d->fes[i];

    while (d->buf_len[i] > 0 && fe && fe->read && fe->can_read) {
        int n = MIN(fe->can_read(fe->opaque), d->buf_len[i]);
        if (n <= 0) {
            return;
        }
        fe->read(fe->opaque, d->buf[i], n);
        d->buf_len[i] -= n;
        memmove(d->buf[i], d->buf[i] + n, d->buf_len[i]);
    }
}

static void mux_write_str(MuxChardev *d, const char *s)
{
    chardev_fe_write_all(&d->base_fe, (const uint8_t *)s, strlen(s));
}

static void mux_print_help(MuxChardev *d)
{
    mux_write_str(d, "\r\n"
                  "C-a h    print this help\r\n"
                  "C-a x    exit emulator\r\n"
                  "C-a b    send break (magic sysrq)\r\n"
                  "C-a c    switch between console and monitor\r\n"
                  "C-a C-a  sends C-a\r\n");
}

static void mux_switch_focus(MuxChardev *d)
{
    int next = d->focus;

    do {
        next = (next + 1) % d->count;
    } while (!d->fes[next] && next != d->focus);
    mux_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    d->focus = next;
    mux_send_event(d, d->focus, CHR_EVENT_MUX_IN);
    mux_flush(d, d->focus);
}

/* Handle an escape command; the caller has consumed the C-a. */
static void mux_escape(MuxChardev *d, uint8_t ch)
{
    switch (ch) {
    case 'h':
    case '?':
        mux_print_help(d);
        break;
    case 'x':
        mux_write_str(d, "kemu: terminated\r\n");
        main_loop_quit(0);
        break;
    case 'b':
        mux_send_event(d, d->focus, CHR_EVENT_BREAK);
        break;
    case 'c':
        if (d->count > 0) {
            mux_switch_focus(d);
        }
        break;
    default:
        break;      /* unknown escapes are dropped, as in QEMU */
    }
}

/* True when ch is data for the focused frontend. */
static bool mux_proc_byte(MuxChardev *d, uint8_t ch)
{
    if (d->got_escape) {
        d->got_escape = false;
        if (ch == MUX_ESCAPE) {
            return true;
        }
        mux_escape(d, ch);
        return false;
    }
    if (ch == MUX_ESCAPE) {
        d->got_escape = true;
        return false;
    }
    return true;
}

static int mux_can_read(void *opaque)
{
    MuxChardev *d = opaque;

    return MUX_BUF - d->buf_len[d->focus];
}

static void mux_read(void *opaque, const uint8_t *buf, int len)
{
    MuxChardev *d = opaque;

    for (int i = 0; i < len; i++) {
        int f = d->focus;

        if (mux_proc_byte(d, buf[i])) {
            if (d->buf_len[f] == MUX_BUF) {
                mux_flush(d, f);
            }
            if (d->buf_len[f] < MUX_BUF) {
                d->buf[f][d->buf_len[f]++] = buf[i];
            }
        }
    }
    mux_flush(d, d->focus);
}

static void mux_event(void *opaque, ChardevEvent ev)
{
    MuxChardev *d = opaque;

    if (ev == CHR_EVENT_OPENED || ev == CHR_EVENT_CLOSED) {
        d->parent.be_open = ev == CHR_EVENT_OPENED;
        for (int i = 0; i < d->count; i++) {
            mux_send_event(d, i, ev);
        }
    } else {
        mux_send_event(d, d->focus, ev);
    }
}

bool chardev_mux_attach_base(Chardev *chr, Chardev *base, Error **errp)
{
    MuxChardev *d = mux_of(chr);

    if (!chardev_fe_init(&d->base_fe, base, errp)) {
        return false;
    }
    chr->be_open = base->be_open;
    chardev_fe_set_handlers(&d->base_fe, mux_can_read, mux_read, mux_event,
                            d);
    return true;
}

static int mux_write(Chardev *chr, const uint8_t *buf, int len)
{
    return chardev_fe_write_all(&mux_of(chr)->base_fe, buf, len);
}

static bool mux_fe_attach(Chardev *chr, CharFrontend *fe, Error **errp)
{
    MuxChardev *d = mux_of(chr);

    if (d->count == MUX_MAX) {
        error_setg(errp, "chardev '%s': a mux takes at most %d frontends",
                   chr->id, MUX_MAX);
        return false;
    }
    fe->mux_index = d->count;
    d->fes[d->count++] = fe;
    return true;
}

static void mux_fe_detach(Chardev *chr, CharFrontend *fe)
{
    MuxChardev *d = mux_of(chr);

    d->fes[fe->mux_index] = NULL;
    d->buf_len[fe->mux_index] = 0;
}

static void mux_fe_handlers_set(Chardev *chr, CharFrontend *fe)
{
    MuxChardev *d = mux_of(chr);

    if (fe->mux_index == d->focus) {
        mux_send_event(d, d->focus, CHR_EVENT_MUX_IN);
    }
}

static void mux_accept_input(Chardev *chr, CharFrontend *fe)
{
    MuxChardev *d = mux_of(chr);

    if (fe->mux_index == d->focus) {
        mux_flush(d, d->focus);
    }
}

static void mux_close(Chardev *chr)
{
    MuxChardev *d = mux_of(chr);

    for (int i = 0; i < d->count; i++) {
        if (d->fes[i]) {
            d->fes[i]->chr = NULL;
        }
    }
    chardev_fe_deinit(&d->base_fe);
}

const ChardevClass chardev_mux_class = {
    .name = "mux",
    .instance_size = sizeof(MuxChardev),
    .write = mux_write,
    .close = mux_close,
    .fe_attach = mux_fe_attach,
    .fe_detach = mux_fe_detach,
    .fe_handlers_set = mux_fe_handlers_set,
    .accept_input = mux_accept_input,
};
