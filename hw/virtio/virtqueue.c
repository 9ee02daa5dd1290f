/*
 * Split virtqueues (virtio 1.x section 2.7): the descriptor table, the
 * available ring (driver area) and the used ring (device area), all in
 * guest RAM at addresses the driver gave.
 *
 * Every ring and descriptor access goes through address_space_map and must
 * land wholly in guest RAM; anything else (MMIO, a gap, a descriptor loop,
 * an index out of range) is the guest's fault and marks the device broken
 * through virtio_error().
 */
#include "kemu/osdep.h"
#include "virtio-internal.h"

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

#define VRING_DESC_SIZE 16
#define VRING_AVAIL_RING 4          /* offset of avail->ring[] */
#define VRING_USED_RING 4           /* offset of used->ring[] */
#define VRING_USED_ELEM_SIZE 8

/* Copy len bytes at addr to or from guest RAM; false (logged) otherwise. */
static bool vring_access(VirtQueue *vq, hwaddr addr, void *buf, hwaddr len,
                         bool is_write, const char *what)
{
    AddressSpace *as = vq->vdev->dma_as;
    hwaddr l = len;
    void *p = address_space_map(as, addr, &l, is_write);

    if (!p || l < len) {
        if (p) {
            address_space_unmap(as, p, l, is_write, 0);
        }
        virtio_error(vq->vdev, "%s at 0x%" HWADDR_PRIx " (%" PRIu64
                     " bytes) is not in guest RAM", what, addr, len);
        return false;
    }
    if (is_write) {
        memcpy(p, buf, len);
    } else {
        memcpy(buf, p, len);
    }
    address_space_unmap(as, p, l, is_write, is_write ? len : 0);
    return true;
}

static bool vring_read16(VirtQueue *vq, hwaddr addr, uint16_t *val,
                         const char *what)
{
    uint16_t le;

    if (!vring_access(vq, addr, &le, 2, false, what)) {
        return false;
    }
    *val = GUINT16_FROM_LE(le);
    return true;
}

static bool vring_write16(VirtQueue *vq, hwaddr addr, uint16_t val,
                          const char *what)
{
    uint16_t le = GUINT16_TO_LE(val);

    return vring_access(vq, addr, &le, 2, true, what);
}

static bool vring_read_desc(VirtQueue *vq, hwaddr table, unsigned i,
                            VRingDesc *d)
{
    G_STATIC_ASSERT(sizeof(VRingDesc) == VRING_DESC_SIZE);

    if (!vring_access(vq, table + (hwaddr)i * VRING_DESC_SIZE, d,
                      sizeof(*d), false, "descriptor")) {
        return false;
    }
    d->addr = GUINT64_FROM_LE(d->addr);
    d->len = GUINT32_FROM_LE(d->len);
    d->flags = GUINT16_FROM_LE(d->flags);
    d->next = GUINT16_FROM_LE(d->next);
    return true;
}

void virtqueue_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->ready = false;
    vq->desc = vq->avail = vq->used = 0;
    vq->last_avail_idx = 0;
    vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->inuse = 0;
    vq->notification = true;
}

/* The chain being collected by virtqueue_pop. */
typedef struct Chain {
    GArray *out;                /* struct iovec, device-readable */
    GArray *in;                 /* struct iovec, device-writable */
} Chain;

static void unmap_sg(AddressSpace *as, const struct iovec *sg, unsigned n,
                     bool is_write, size_t written)
{
    for (unsigned i = 0; i < n; i++) {
        size_t access = is_write ? MIN(written, sg[i].iov_len) : 0;

        address_space_unmap(as, sg[i].iov_base, sg[i].iov_len, is_write,
                            access);
        written -= access;
    }
}

static void chain_free(VirtQueue *vq, Chain *c)
{
    AddressSpace *as = vq->vdev->dma_as;

    unmap_sg(as, (struct iovec *)c->out->data, c->out->len, false, 0);
    unmap_sg(as, (struct iovec *)c->in->data, c->in->len, true, 0);
    g_array_free(c->out, TRUE);
    g_array_free(c->in, TRUE);
}

/* Map one descriptor's buffer, which may span several RAM ranges. */
static bool chain_add(VirtQueue *vq, Chain *c, const VRingDesc *d)
{
    bool is_write = d->flags & VRING_DESC_F_WRITE;
    GArray *sg = is_write ? c->in : c->out;
    hwaddr pa = d->addr;
    uint32_t len = d->len;

    if (!is_write && c->in->len) {
        virtio_error(vq->vdev, "device-readable descriptor after a "
                     "device-writable one");
        return false;
    }
    while (len) {
        hwaddr l = len;
        void *p = address_space_map(vq->vdev->dma_as, pa, &l, is_write);
        struct iovec iov = { .iov_base = p, .iov_len = l };

        if (!p) {
            virtio_error(vq->vdev, "descriptor buffer at 0x%" HWADDR_PRIx
                         " is not in guest RAM%s", pa,
                         is_write ? " (or not writable)" : "");
            return false;
        }
        g_array_append_val(sg, iov);
        if (c->out->len + c->in->len > VIRTQUEUE_MAX_SIZE) {
            virtio_error(vq->vdev, "descriptor chain maps more than %d "
                         "pieces", VIRTQUEUE_MAX_SIZE);
            return false;
        }
        pa += l;
        len -= l;
    }
    return true;
}

/* Switch to the indirect table that d points at; its first entry in *d. */
static bool chain_enter_indirect(VirtQueue *vq, VRingDesc *d, hwaddr *table,
                                 unsigned *max)
{
    VirtIODevice *vdev = vq->vdev;

    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
        virtio_error(vdev, "indirect descriptor without the feature");
        return false;
    }
    if (d->flags & VRING_DESC_F_NEXT) {
        virtio_error(vdev, "indirect descriptor with NEXT set");
        return false;
    }
    if (!d->len || d->len % VRING_DESC_SIZE ||
        d->len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
        virtio_error(vdev, "indirect table of %u bytes", d->len);
        return false;
    }
    *table = d->addr;
    *max = d->len / VRING_DESC_SIZE;
    return vring_read_desc(vq, *table, 0, d);
}

/* Walk the chain at head: at most max descriptors, no nesting. */
static bool chain_walk(VirtQueue *vq, unsigned head, Chain *c)
{
    hwaddr table = vq->desc;
    unsigned max = vq->num;
    unsigned count = 0;
    VRingDesc d;

    if (!vring_read_desc(vq, table, head, &d)) {
        return false;
    }
    if ((d.flags & VRING_DESC_F_INDIRECT) &&
        !chain_enter_indirect(vq, &d, &table, &max)) {
        return false;
    }
    for (;;) {
        if (++count > max) {
            virtio_error(vq->vdev, "descriptor chain longer than its table "
                         "(%u entries): a loop?", max);
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vq->vdev, "indirect descriptor inside a chain");
            return false;
        }
        if (!chain_add(vq, c, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        if (d.next >= max) {
            virtio_error(vq->vdev, "descriptor next %u out of range (%u)",
                         d.next, max);
            return false;
        }
        if (!vring_read_desc(vq, table, d.next, &d)) {
            return false;
        }
    }
}

static bool vring_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    return vring_read16(vq, vq->avail + 2, idx, "avail idx");
}

/* With EVENT_IDX, tell the driver the index we want a kick for. */
static void vring_set_avail_event(VirtQueue *vq, uint16_t idx)
{
    vring_write16(vq, vq->used + VRING_USED_RING +
                  (hwaddr)vq->num * VRING_USED_ELEM_SIZE, idx, "avail event");
}

/*
 * Off, the driver is asked not to kick: with EVENT_IDX the avail event is
 * left behind (pops stop moving it), else used->flags gets NO_NOTIFY.  On,
 * it kicks for the next buffer it makes available; a device that turns it
 * back on must look at the queue again afterwards, for buffers made
 * available in between.
 */
void virtqueue_set_notification(VirtQueue *vq, bool enable)
{
    uint16_t idx;

    vq->notification = enable;
    if (!vq->ready || vq->vdev->broken) {
        return;
    }
    if (virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (enable && vring_avail_idx(vq, &idx)) {
            vring_set_avail_event(vq, idx);
        }
    } else {
        vring_write16(vq, vq->used, enable ? 0 : VRING_USED_F_NO_NOTIFY,
                      "used flags");
    }
    /* The driver must see the change before we read the ring again. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* The head of the next available chain; false when none or broken. */
static bool vring_next_head(VirtQueue *vq, uint16_t *head)
{
    uint16_t avail_idx;
    uint16_t pending;

    if (!vring_avail_idx(vq, &avail_idx)) {
        return false;
    }
    pending = avail_idx - vq->last_avail_idx;
    if (pending > vq->num) {
        virtio_error(vq->vdev, "avail idx %u is %u ahead of %u (queue size "
                     "%u)", avail_idx, pending, vq->last_avail_idx, vq->num);
        return false;
    }
    if (!pending) {
        return false;
    }
    /* Read the ring entry only after seeing the index that covers it. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!vring_read16(vq, vq->avail + VRING_AVAIL_RING +
                      2 * (hwaddr)(vq->last_avail_idx % vq->num), head,
                      "avail ring")) {
        return false;
    }
    if (*head >= vq->num) {
        virtio_error(vq->vdev, "avail ring head %u out of range (%u)",
                     *head, vq->num);
        return false;
    }
    return true;
}

void *virtqueue_pop(VirtQueue *vq, size_t sz)
{
    VirtQueueElement *elem;
    uint16_t head;
    Chain c;

    assert(sz >= sizeof(VirtQueueElement));
    if (vq->vdev->broken || !vq->ready || !vring_next_head(vq, &head)) {
        return NULL;
    }
    c.out = g_array_new(FALSE, FALSE, sizeof(struct iovec));
    c.in = g_array_new(FALSE, FALSE, sizeof(struct iovec));
    if (!chain_walk(vq, head, &c)) {
        chain_free(vq, &c);
        return NULL;
    }
    elem = g_malloc0(sz);
    elem->index = head;
    elem->out_num = c.out->len;
    elem->in_num = c.in->len;
    elem->out_sg = (struct iovec *)g_array_free(c.out, FALSE);
    elem->in_sg = (struct iovec *)g_array_free(c.in, FALSE);
    vq->last_avail_idx++;
    vq->inuse++;
    if (vq->notification &&
        virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        vring_set_avail_event(vq, vq->last_avail_idx);
    }
    return elem;
}

static void element_unmap(VirtQueue *vq, VirtQueueElement *elem,
                          unsigned len)
{
    AddressSpace *as = vq->vdev->dma_as;

    unmap_sg(as, elem->out_sg, elem->out_num, false, 0);
    unmap_sg(as, elem->in_sg, elem->in_num, true, len);
    g_free(elem->out_sg);
    g_free(elem->in_sg);
    elem->out_sg = elem->in_sg = NULL;
    elem->out_num = elem->in_num = 0;
}

void virtqueue_detach_element(VirtQueue *vq, VirtQueueElement *elem)
{
    element_unmap(vq, elem, 0);
    if (vq->inuse) {
        vq->inuse--;
    }
}

void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, unsigned len)
{
    hwaddr slot = vq->used + VRING_USED_RING +
                  (hwaddr)(vq->used_idx % MAX(vq->num, 1)) *
                  VRING_USED_ELEM_SIZE;
    uint32_t used_elem[2] = { GUINT32_TO_LE(elem->index), GUINT32_TO_LE(len) };
    uint16_t old = vq->used_idx;

    element_unmap(vq, elem, len);
    if (!vq->inuse || vq->vdev->broken || !vq->ready) {
        return;                 /* popped before a reset: drop it */
    }
    vq->inuse--;
    if (!vring_access(vq, slot, used_elem, sizeof(used_elem), true,
                      "used ring")) {
        return;
    }
    /* The element must be visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vq->used_idx++;
    if (!vring_write16(vq, vq->used + 2, vq->used_idx, "used idx")) {
        return;
    }
    /* Interrupts for indexes we skipped past are no longer pending. */
    if ((int16_t)(vq->used_idx - vq->signalled_used) <
        (uint16_t)(vq->used_idx - old)) {
        vq->signalled_used_valid = false;
    }
}

/* virtio 1.x 2.7.10: whether new_idx passed event since old. */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

bool virtqueue_should_notify(VirtQueue *vq)
{
    uint16_t old = vq->signalled_used;
    bool valid = vq->signalled_used_valid;
    uint16_t val;

    /* Our used idx store must be visible before we read the driver's. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        return vring_read16(vq, vq->avail, &val, "avail flags") &&
               !(val & VRING_AVAIL_F_NO_INTERRUPT);
    }
    vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;
    if (!vring_read16(vq, vq->avail + VRING_AVAIL_RING + 2 * (hwaddr)vq->num,
                      &val, "used event")) {
        return false;
    }
    return !valid || vring_need_event(val, vq->used_idx, old);
}
