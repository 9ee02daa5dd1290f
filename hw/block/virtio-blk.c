/*
 * virtio-blk-device (virtio 1.x section 5.2) over a BlockBackend: one
 * request queue; IN, OUT, FLUSH, GET_ID and DISCARD requests.  Data moves
 * through blk_aio_*, so a vCPU that kicks the queue never waits for the
 * disk; completions (main loop, big lock held) write the status byte, put
 * the request in the used ring and interrupt the driver.  A FLUSH is
 * acknowledged only once blk_aio_flush completed.
 *
 * Requests still in flight when the driver resets the device complete
 * into the void: their buffers are unmapped, the (new) rings untouched.
 */
#include "kemu/osdep.h"
#include "block/block-backend.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_BLK "virtio-blk-device"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlock, VIRTIO_BLK)

/* Feature bits. */
#define VIRTIO_BLK_F_SEG_MAX        2
#define VIRTIO_BLK_F_RO             5
#define VIRTIO_BLK_F_BLK_SIZE       6
#define VIRTIO_BLK_F_FLUSH          9
#define VIRTIO_BLK_F_DISCARD        13

/* Request types and status. */
#define VIRTIO_BLK_T_IN             0
#define VIRTIO_BLK_T_OUT            1
#define VIRTIO_BLK_T_FLUSH          4
#define VIRTIO_BLK_T_GET_ID         8
#define VIRTIO_BLK_T_DISCARD        11
#define VIRTIO_BLK_S_OK             0
#define VIRTIO_BLK_S_IOERR          1
#define VIRTIO_BLK_S_UNSUPP         2

#define VIRTIO_BLK_ID_BYTES         20
#define VIRTIO_BLK_QUEUE_SIZE       256
#define VIRTIO_BLK_DISCARD_MAX      (1U << 22)  /* sectors: 2 GiB */

/* Config space offsets (struct virtio_blk_config). */
enum {
    CFG_CAPACITY = 0, CFG_SEG_MAX = 12, CFG_BLK_SIZE = 20,
    CFG_MAX_DISCARD_SECTORS = 36, CFG_MAX_DISCARD_SEG = 40,
    CFG_DISCARD_ALIGN = 44, CFG_SIZE = 60,
};

struct VirtIOBlock {
    VirtIODevice parent_obj;
    BlockBackend *blk;
    char *serial;
    VirtQueue *vq;
    uint32_t gen;               /* bumped by reset: older requests are void */
};

typedef struct VirtIOBlockReq {
    VirtQueueElement elem;      /* first: virtqueue_pop allocates the req */
    VirtIOBlock *s;
    uint32_t gen;
    struct iovec *data;         /* the payload, without header and status */
    unsigned data_cnt;
    size_t in_len;              /* bytes the device writes, status included */
} VirtIOBlockReq;

typedef struct VirtIOBlkHeader {
    uint32_t type;
    uint32_t ioprio;
    uint64_t sector;
} VirtIOBlkHeader;

/* len bytes of sg from offset, as a new iovec array. */
static struct iovec *blk_req_slice(const struct iovec *sg, unsigned n,
                                   size_t offset, size_t len, unsigned *cnt)
{
    struct iovec *out = g_new(struct iovec, MAX(n, 1));

    *cnt = iov_slice(sg, n, offset, len, out, MAX(n, 1));
    return out;
}

static void blk_req_free(VirtIOBlockReq *req)
{
    g_free(req->data);
    g_free(req);
}

static void blk_req_complete(VirtIOBlockReq *req, uint8_t status)
{
    VirtIOBlock *s = req->s;
    VirtQueueElement *elem = &req->elem;

    if (req->gen != s->gen) {
        virtqueue_detach_element(s->vq, elem);
        blk_req_free(req);
        return;
    }
    iov_from_buf(elem->in_sg, elem->in_num,
                 iov_size(elem->in_sg, elem->in_num) - 1, &status, 1);
    virtqueue_push(s->vq, elem, status == VIRTIO_BLK_S_OK ? req->in_len : 1);
    virtio_notify(VIRTIO_DEVICE(s), s->vq);
    blk_req_free(req);
}

static void blk_req_aio_done(void *opaque, int ret)
{
    blk_req_complete(opaque, ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

/* Whether [sector, +bytes) is whole sectors inside the disk. */
static bool blk_range_ok(VirtIOBlock *s, uint64_t sector, size_t bytes)
{
    uint64_t cap = blk_getlength(s->blk) / 512;

    return !(bytes % 512) && sector <= cap && bytes / 512 <= cap - sector;
}

static uint8_t blk_req_rw(VirtIOBlockReq *req, const VirtIOBlkHeader *h,
                          bool is_write)
{
    VirtIOBlock *s = req->s;
    VirtQueueElement *elem = &req->elem;
    size_t out_size = iov_size(elem->out_sg, elem->out_num);
    size_t in_size = iov_size(elem->in_sg, elem->in_num);
    size_t bytes = is_write ? out_size - sizeof(*h) : in_size - 1;

    if (is_write && blk_is_read_only(s->blk)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (!blk_range_ok(s, h->sector, bytes)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (is_write) {
        req->data = blk_req_slice(elem->out_sg, elem->out_num, sizeof(*h),
                                  bytes, &req->data_cnt);
        blk_aio_pwritev(s->blk, h->sector * 512, req->data, req->data_cnt,
                        blk_req_aio_done, req);
    } else {
        req->data = blk_req_slice(elem->in_sg, elem->in_num, 0, bytes,
                                  &req->data_cnt);
        req->in_len = bytes + 1;
        blk_aio_preadv(s->blk, h->sector * 512, req->data, req->data_cnt,
                       blk_req_aio_done, req);
    }
    return VIRTIO_BLK_S_OK;
}

static uint8_t blk_req_get_id(VirtIOBlockReq *req)
{
    VirtQueueElement *elem = &req->elem;
    uint8_t id[VIRTIO_BLK_ID_BYTES] = { 0 };
    size_t room = iov_size(elem->in_sg, elem->in_num) - 1;
    size_t n = MIN(room, sizeof(id));

    if (req->s->serial) {
        memcpy(id, req->s->serial,
               MIN(strlen(req->s->serial), sizeof(id)));
    }
    iov_from_buf(elem->in_sg, elem->in_num, 0, id, n);
    req->in_len = n + 1;
    return VIRTIO_BLK_S_OK;
}

/* One segment {le64 sector; le32 num_sectors; le32 flags}. */
static uint8_t blk_req_discard(VirtIOBlockReq *req)
{
    VirtIOBlock *s = req->s;
    VirtQueueElement *elem = &req->elem;
    struct {
        uint64_t sector;
        uint32_t num;
        uint32_t flags;
    } seg;
    uint64_t sector;
    uint32_t num;

    if (blk_is_read_only(s->blk) ||
        iov_size(elem->out_sg, elem->out_num) !=
        sizeof(VirtIOBlkHeader) + sizeof(seg)) {
        return VIRTIO_BLK_S_IOERR;
    }
    iov_to_buf(elem->out_sg, elem->out_num, sizeof(VirtIOBlkHeader), &seg,
               sizeof(seg));
    sector = GUINT64_FROM_LE(seg.sector);
    num = GUINT32_FROM_LE(seg.num);
    if (num > VIRTIO_BLK_DISCARD_MAX ||
        !blk_range_ok(s, sector, (size_t)num * 512)) {
        return VIRTIO_BLK_S_IOERR;
    }
    blk_aio_discard(s->blk, sector * 512, (uint64_t)num * 512,
                    blk_req_aio_done, req);
    return VIRTIO_BLK_S_OK;
}

/* Start req: it completes now, or from its blk_aio_* callback. */
static void blk_req_start(VirtIOBlockReq *req)
{
    VirtQueueElement *elem = &req->elem;
    VirtIOBlkHeader h;
    uint8_t status;

    iov_to_buf(elem->out_sg, elem->out_num, 0, &h, sizeof(h));
    h.type = GUINT32_FROM_LE(h.type);
    h.sector = GUINT64_FROM_LE(h.sector);
    req->in_len = 1;
    switch (h.type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        status = blk_req_rw(req, &h, h.type == VIRTIO_BLK_T_OUT);
        if (status == VIRTIO_BLK_S_OK) {
            return;             /* blk_req_aio_done completes it */
        }
        break;
    case VIRTIO_BLK_T_FLUSH:
        blk_aio_flush(req->s->blk, blk_req_aio_done, req);
        return;
    case VIRTIO_BLK_T_DISCARD:
        status = blk_req_discard(req);
        if (status == VIRTIO_BLK_S_OK) {
            return;
        }
        break;
    case VIRTIO_BLK_T_GET_ID:
        status = blk_req_get_id(req);
        break;
    default:
        status = VIRTIO_BLK_S_UNSUPP;
    }
    blk_req_complete(req, status);
}

static void virtio_blk_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    VirtIOBlockReq *req;

    while ((req = virtqueue_pop(vq, sizeof(*req)))) {
        VirtQueueElement *elem = &req->elem;

        req->s = s;
        req->gen = s->gen;
        if (iov_size(elem->out_sg, elem->out_num) < sizeof(VirtIOBlkHeader) ||
            iov_size(elem->in_sg, elem->in_num) < 1) {
            virtio_error(vdev, "request without header or status byte");
            virtqueue_detach_element(vq, elem);
            blk_req_free(req);
            return;
        }
        blk_req_start(req);
    }
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    uint64_t capacity = GUINT64_TO_LE(blk_getlength(s->blk) / 512);
    uint32_t words[][2] = {
        { CFG_SEG_MAX, VIRTIO_BLK_QUEUE_SIZE - 2 },
        { CFG_BLK_SIZE, 512 },
        { CFG_MAX_DISCARD_SECTORS, VIRTIO_BLK_DISCARD_MAX },
        { CFG_MAX_DISCARD_SEG, 1 },
        { CFG_DISCARD_ALIGN, 1 },
    };

    memset(config, 0, CFG_SIZE);
    memcpy(config + CFG_CAPACITY, &capacity, 8);
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        uint32_t le = GUINT32_TO_LE(words[i][1]);

        memcpy(config + words[i][0], &le, 4);
    }
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    uint64_t f = (1ULL << VIRTIO_BLK_F_SEG_MAX) |
                 (1ULL << VIRTIO_BLK_F_BLK_SIZE) |
                 (1ULL << VIRTIO_BLK_F_FLUSH);

    if (blk_is_read_only(s->blk)) {
        f |= 1ULL << VIRTIO_BLK_F_RO;
    } else {
        f |= 1ULL << VIRTIO_BLK_F_DISCARD;
    }
    return f;
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VIRTIO_BLK(vdev)->gen++;
}

static bool virtio_blk_realize(DeviceState *dev, Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK(dev);

    virtio_init(VIRTIO_DEVICE(dev), TYPE_VIRTIO_BLK, VIRTIO_ID_BLOCK,
                CFG_SIZE);
    s->vq = virtio_add_queue(VIRTIO_DEVICE(dev), VIRTIO_BLK_QUEUE_SIZE,
                             virtio_blk_handle);
    return true;
}

/* Requests in flight complete first (into the void: gen moves on). */
static void virtio_blk_unrealize(DeviceState *dev)
{
    VirtIOBlock *s = VIRTIO_BLK(dev);

    s->gen++;
    blk_drain(s->blk);
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static const Property virtio_blk_props[] = {
    DEFINE_PROP_DRIVE("drive", VirtIOBlock, blk, .required = true),
    DEFINE_PROP_STRING("serial", VirtIOBlock, serial),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_blk_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio block device";
    dc->category = DEVICE_CATEGORY_STORAGE;
    dc->user_creatable = true;
    dc->realize = virtio_blk_realize;
    dc->unrealize = virtio_blk_unrealize;
    device_class_set_props(dc, virtio_blk_props);
    vdc->get_features = virtio_blk_get_features;
    vdc->get_config = virtio_blk_get_config;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_info = {
    .name = TYPE_VIRTIO_BLK,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_info);
}
type_init(virtio_blk_register_types)
