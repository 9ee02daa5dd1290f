/*
 * Character devices (QEMU's -chardev): a backend (stdio, file, socket, pty,
 * null, ringbuf) that a device reaches through a CharFrontend, and the mux
 * that lets several frontends (serial, monitor) share one backend.
 *
 * Threads: everything here runs under the big lock.  Input is read on the
 * main loop and handed to the frontend only as far as its can_read allows.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

typedef struct Error Error;
typedef struct Keyval Keyval;
typedef struct Chardev Chardev;
typedef struct CharFrontend CharFrontend;

typedef enum ChardevEvent {
    CHR_EVENT_OPENED,   /* backend connected (socket client, startup) */
    CHR_EVENT_CLOSED,   /* peer went away */
    CHR_EVENT_MUX_IN,   /* this frontend got the mux focus */
    CHR_EVENT_MUX_OUT,  /* this frontend lost the mux focus */
    CHR_EVENT_BREAK,    /* serial break (mux: C-a b) */
} ChardevEvent;

typedef int FeCanReadHandler(void *opaque);
typedef void FeReadHandler(void *opaque, const uint8_t *buf, int len);
typedef void FeEventHandler(void *opaque, ChardevEvent ev);

/* A device's handle on a chardev; embed it in the device state. */
struct CharFrontend {
    Chardev *chr;
    FeCanReadHandler *can_read;
    FeReadHandler *read;
    FeEventHandler *event;
    void *opaque;
    int mux_index;
};

/*
 * -chardev BACKEND,id=ID[,mux=on][,backend options].  With mux=on the
 * backend gets id "ID-base" and ID names the mux over it (as in QEMU).
 */
Chardev *chardev_new_from_str(const char *optstr, Error **errp);
/*
 * -serial/-monitor/-qmp specs: stdio, null, pty, file:PATH,
 * tcp:[HOST]:PORT[,server[=on]][,wait=off|nowait], unix:PATH[,...],
 * mon:SPEC (SPEC with mux=on, for sharing with the monitor), chardev:ID
 * (an existing chardev; id is ignored), vc[:...] (no display here: null).
 * "none" returns NULL without an error: the caller creates no device.
 * Error messages start with the spec; the caller prepends its option.
 */
Chardev *chardev_new_from_legacy(const char *spec, const char *id,
                                 Error **errp);
Chardev *chardev_find(const char *id);
/* New array of every chardev in creation order (entries are borrowed). */
GPtrArray *chardev_list(void);
/* Close every chardev (frontends see their chr become NULL); at exit. */
void chardev_cleanup_all(void);

const char *chardev_id(const Chardev *chr);
/* What `info chardev` shows: "stdio", "file:out.txt", "pty:/dev/pts/3",
 * "tcp:127.0.0.1:4444,server=on", "unix:/tmp/s,server=on", "mux". */
const char *chardev_filename(const Chardev *chr);
bool chardev_is_mux(const Chardev *chr);

/* Frontend side.  One frontend per chardev, except a mux (up to 4). */
bool chardev_fe_init(CharFrontend *fe, Chardev *chr, Error **errp);
void chardev_fe_deinit(CharFrontend *fe);
/*
 * Install the handlers; an open backend sends OPENED at once, and a mux
 * sends MUX_IN to the frontend that has the focus.
 */
void chardev_fe_set_handlers(CharFrontend *fe, FeCanReadHandler *can_read,
                             FeReadHandler *read, FeEventHandler *event,
                             void *opaque);
/*
 * Write everything, or as much as a live peer takes: a disconnected or
 * stuck peer makes the rest be dropped after a bounded wait, never a hang.
 * Returns the bytes written.
 */
int chardev_fe_write_all(CharFrontend *fe, const uint8_t *buf, int len);
int chardev_fe_printf(CharFrontend *fe, const char *fmt, ...)
    KEMU_PRINTF(2, 3);
/* The device can take input again (after can_read returned 0). */
void chardev_fe_accept_input(CharFrontend *fe);
bool chardev_fe_backend_open(CharFrontend *fe);

/* Terminal raw mode (stdio); exposed for tests.  enter_raw returns false
 * and changes nothing when fd is not a terminal.  restore is idempotent
 * and also runs at exit. */
bool chardev_term_enter_raw(int fd, bool allow_signals);
void chardev_term_restore(void);

/* ringbuf backend: take up to max bytes of what the frontend wrote. */
GByteArray *chardev_ringbuf_read(Chardev *chr, size_t max);

/* ---- For backends (chardev/) ---- */

typedef struct ChardevClass {
    const char *name;
    size_t instance_size;
    /* Read this backend's keys from kv; no side effects yet. */
    bool (*parse)(Chardev *chr, Keyval *kv, Error **errp);
    bool (*open)(Chardev *chr, Error **errp);   /* NULL for the mux */
    /* Returns bytes written (dropped output counts as written). */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /* The input fd reached end of file or failed; input is stopped. */
    void (*input_closed)(Chardev *chr);
    void (*close)(Chardev *chr);
    /* Free what parse allocated; runs whether or not open succeeded. */
    void (*finalize)(Chardev *chr);
    /* Frontend bookkeeping, overridden by the mux. */
    bool (*fe_attach)(Chardev *chr, CharFrontend *fe, Error **errp);
    void (*fe_detach)(Chardev *chr, CharFrontend *fe);
    void (*fe_handlers_set)(Chardev *chr, CharFrontend *fe);
    void (*accept_input)(Chardev *chr, CharFrontend *fe);
} ChardevClass;

struct Chardev {
    const ChardevClass *klass;
    char *id;
    char *filename;
    char *opt_name;     /* prefix for error messages */
    CharFrontend *fe;
    bool be_open;
    GSource *input;
    bool out_stalled;
};

/* Deliver input / an event to the frontend. */
int chardev_be_can_read(Chardev *chr);
void chardev_be_write(Chardev *chr, const uint8_t *buf, int len);
void chardev_be_event(Chardev *chr, ChardevEvent ev);
/* Read fd on the main loop whenever the frontend can take bytes. */
void chardev_input_start(Chardev *chr, int fd);
void chardev_input_stop(Chardev *chr);
/*
 * Write to fd.  A non-blocking fd that stays full for a while makes the
 * chardev "stalled": the rest, and later writes, are dropped until it
 * drains.  Returns bytes written, or -1 with errno when the peer is gone.
 */
int chardev_write_fd(Chardev *chr, int fd, bool is_socket,
                     const uint8_t *buf, int len);
/* Wrap base in a mux chardev named id (mux=on, mon:). */
Chardev *chardev_mux_new(const char *id, Chardev *base, Error **errp);
/* char-mux.c: make the mux base's one frontend. */
bool chardev_mux_attach_base(Chardev *mux, Chardev *base, Error **errp);

extern const ChardevClass chardev_null_class, chardev_stdio_class,
    chardev_file_class, chardev_socket_class, chardev_pty_class,
    chardev_ringbuf_class, chardev_mux_class;

#endif
