/*
 * virtio-rng-device (virtio 1.x section 5.4): one request queue whose
 * device-writable buffers are filled with host randomness (getrandom).
 */
#include "kemu/osdep.h"
#include "hw/virtio/virtio.h"

#include <sys/random.h>

#define TYPE_VIRTIO_RNG "virtio-rng-device"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIORNG, VIRTIO_RNG)

/* Bytes handed out per request at most, as QEMU's default chunk. */
#define VIRTIO_RNG_MAX_CHUNK 4096

struct VirtIORNG {
    VirtIODevice parent_obj;
    VirtQueue *vq;
};

static size_t rng_fill(const struct iovec *sg, unsigned n)
{
    size_t total = 0;

    for (unsigned i = 0; i < n && total < VIRTIO_RNG_MAX_CHUNK; i++) {
        size_t want = MIN(sg[i].iov_len, VIRTIO_RNG_MAX_CHUNK - total);
        size_t got = 0;

        while (got < want) {
            ssize_t r = getrandom((uint8_t *)sg[i].iov_base + got,
                                  want - got, 0);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r <= 0) {
                return total + got;
            }
            got += r;
        }
        total += got;
    }
    return total;
}

static void virtio_rng_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;
    bool pushed = false;

    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        virtqueue_push(vq, elem, rng_fill(elem->in_sg, elem->in_num));
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static bool virtio_rng_realize(DeviceState *dev, Error **errp)
{
    VirtIORNG *s = VIRTIO_RNG(dev);

    virtio_init(VIRTIO_DEVICE(dev), TYPE_VIRTIO_RNG, VIRTIO_ID_RNG, 0);
    s->vq = virtio_add_queue(VIRTIO_DEVICE(dev), 8, virtio_rng_handle);
    return true;
}

static void virtio_rng_unrealize(DeviceState *dev)
{
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static void virtio_rng_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "virtio entropy source";
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
    dc->realize = virtio_rng_realize;
    dc->unrealize = virtio_rng_unrealize;
}

static const TypeInfo virtio_rng_info = {
    .name = TYPE_VIRTIO_RNG,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIORNG),
    .class_init = virtio_rng_class_init,
};

static void virtio_rng_register_types(void)
{
    type_register_static(&virtio_rng_info);
}
type_init(virtio_rng_register_types)
