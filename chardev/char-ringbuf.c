/*
 * ringbuf backend (QEMU's ringbuf/memory): keeps the last size= bytes the
 * frontend wrote, for the monitor's ringbuf_read and for tests.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "util/keyval.h"

typedef struct RingbufChardev {
    Chardev parent;
    uint8_t *buf;
    size_t size;        /* a power of two */
    size_t head;        /* total bytes ever written */
    size_t tail;        /* total bytes ever read (or overwritten) */
} RingbufChardev;

static bool ringbuf_parse(Chardev *chr, Keyval *kv, Error **errp)
{
    RingbufChardev *rb = container_of(chr, RingbufChardev, parent);
    uint64_t size = 65536;

    if (!keyval_get_size(kv, "size", &size, errp)) {
        return false;
    }
    if (size == 0 || (size & (size - 1)) || size > (1u << 30)) {
        error_setg(errp, "%s: ringbuf: size must be a power of two up to 1G",
                   chr->opt_name);
        return false;
    }
    rb->size = size;
    return true;
}

static bool ringbuf_open(Chardev *chr, Error **errp)
{
    RingbufChardev *rb = container_of(chr, RingbufChardev, parent);

    rb->buf = g_malloc0(rb->size);
    chr->be_open = true;
    return true;
}

static int ringbuf_write(Chardev *chr, const uint8_t *buf, int len)
{
    RingbufChardev *rb = container_of(chr, RingbufChardev, parent);

    for (int i = 0; i < len; i++) {
        rb->buf[rb->head++ & (rb->size - 1)] = buf[i];
        if (rb->head - rb->tail > rb->size) {
            rb->tail = rb->head - rb->size;
        }
    }
    return len;
}

GByteArray *chardev_ringbuf_read(Chardev *chr, size_t max)
{
    RingbufChardev *rb = container_of(chr, RingbufChardev, parent);
    GByteArray *out = g_byte_array_new();

    g_assert(chr->klass == &chardev_ringbuf_class);
    while (rb->tail < rb->head && out->len < max) {
        uint8_t c = rb->buf[rb->tail++ & (rb->size - 1)];
        g_byte_array_append(out, &c, 1);
    }
    return out;
}

static void ringbuf_close(Chardev *chr)
{
    g_free(container_of(chr, RingbufChardev, parent)->buf);
}

const ChardevClass chardev_ringbuf_class = {
    .name = "ringbuf",
    .instance_size = sizeof(RingbufChardev),
    .parse = ringbuf_parse,
    .open = ringbuf_open,
    .write = ringbuf_write,
    .close = ringbuf_close,
};
