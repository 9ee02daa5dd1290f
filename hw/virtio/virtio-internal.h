/*
 * What virtio.c (device core) and virtqueue.c (split rings) share.
 */
#ifndef HW_VIRTIO_VIRTIO_INTERNAL_H
#define HW_VIRTIO_VIRTIO_INTERNAL_H

#include "hw/virtio/virtio.h"

struct VirtQueue {
    VirtIODevice *vdev;
    unsigned num_max;           /* 0: the queue does not exist */
    unsigned num;
    bool ready;
    hwaddr desc;
    hwaddr avail;
    hwaddr used;
    uint16_t last_avail_idx;
    uint16_t used_idx;
    uint16_t signalled_used;    /* used idx at the last interrupt */
    bool signalled_used_valid;
    bool notification;          /* the driver should kick for new buffers */
    unsigned inuse;
    VirtIOHandleOutput *handle;
};

void virtqueue_reset(VirtQueue *vq);
/* Whether the driver wants an interrupt for what was pushed so far. */
bool virtqueue_should_notify(VirtQueue *vq);

#endif
