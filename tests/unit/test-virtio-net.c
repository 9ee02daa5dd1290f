/*
 * virtio-net-device on a virtio-mmio transport, driven through its
 * registers and two split rings the way Linux drives it, against a fake
 * backend: config and features, the header on both queues, receive flow
 * control (no buffer: the frame waits), transmit flow control (a backend
 * that cannot take a frame holds the queue), a too small buffer, reset;
 * the transmit offloads: checksum completion, segmentation (whole for a
 * backend that takes large TCP frames), a request held until all its
 * segments went, offloads the driver did not negotiate; transmit runs
 * from the main loop, with the driver's kicks off until it ran (used
 * flags, or the avail event with EVENT_IDX).
 */
#include "kemu/osdep.h"
#include "hw/virtio/virtio-net.h"
#include "net/offload.h"
#include "net/queue.h"
#include "devtest.h"
#include "virtio-driver.h"

#define RX 0
#define TX 1
#define QSIZE 16
#define F_MAC (1ULL << VIRTIO_NET_F_MAC)
#define F_STATUS (1ULL << VIRTIO_NET_F_STATUS)
#define BUF(i) (VD_DATA + 0x1000 * (hwaddr)(i))

static MemoryRegion ram;

/* One queue's rings, 0x4000 bytes from base. */
typedef struct TQ {
    hwaddr desc, avail, used;
    uint16_t avail_idx, last_used;
    unsigned next_desc;
} TQ;

/* A backend that records frames and takes them only while accepting. */
typedef struct FakeBackend {
    NetClientState nc;
    bool accepting;
    GPtrArray *frames;          /* GBytes * */
} FakeBackend;

typedef struct Fx {
    DeviceState *transport;
    IrqProbe irq;
    VDriver d;
    TQ q[2];
    FakeBackend *be;
    int sent;                   /* backend's sent callbacks */
} Fx;

static Fx *cur;

static ssize_t be_receive(NetClientState *nc, const uint8_t *buf, size_t size)
{
    FakeBackend *b = container_of(nc, FakeBackend, nc);

    if (!b->accepting) {
        return 0;
    }
    g_ptr_array_add(b->frames, g_bytes_new(buf, size));
    return size;
}

static void be_cleanup(NetClientState *nc)
{
    g_ptr_array_unref(container_of(nc, FakeBackend, nc)->frames);
}

static const NetClientInfo be_info = {
    .type = NET_CLIENT_DRIVER_SOCKET, .kind = "fake",
    .size = sizeof(FakeBackend), .receive = be_receive,
    .cleanup = be_cleanup,
};

static const NetClientInfo be_large_info = {
    .type = NET_CLIENT_DRIVER_USER, .kind = "fake",
    .size = sizeof(FakeBackend), .receive = be_receive,
    .cleanup = be_cleanup, .takes_large_tcp = true,
};

static void be_sent(NetClientState *nc, ssize_t ret)
{
    cur->sent++;
}

static void *lookup_netdev(const char *id)
{
    return net_netdev_find(id);
}

static void tq_setup(Fx *f, unsigned n)
{
    TQ *t = &f->q[n];
    hwaddr base = VD_RAM_BASE + 0x4000 * (hwaddr)n;
    static const uint8_t zero[0x4000];

    address_space_write(&address_space_memory, base, zero, sizeof(zero));
    *t = (TQ){ .desc = base, .avail = base + 0x1000, .used = base + 0x2000 };
    vd_wr(&f->d, VM_QUEUE_SEL, n);
    vd_wr(&f->d, VM_QUEUE_NUM, QSIZE);
    vd_wr(&f->d, VM_DESC_LOW, t->desc);
    vd_wr(&f->d, VM_DESC_HIGH, 0);
    vd_wr(&f->d, VM_DRIVER_LOW, t->avail);
    vd_wr(&f->d, VM_DRIVER_HIGH, 0);
    vd_wr(&f->d, VM_DEVICE_LOW, t->used);
    vd_wr(&f->d, VM_DEVICE_HIGH, 0);
    vd_wr(&f->d, VM_QUEUE_READY, 1);
}

/* Run what the device left to the main loop (transmit). */
static void fx_settle(void)
{
    while (main_loop_wait_once(0)) {
    }
}

/* Post a chain of n buffers on queue q and kick it; the main loop waits. */
static void tq_post_kick(Fx *f, unsigned q, const VBuf *bufs, unsigned n)
{
    TQ *t = &f->q[q];
    uint16_t head = t->next_desc % QSIZE;

    for (unsigned i = 0; i < n; i++) {
        unsigned me = (t->next_desc + i) % QSIZE;

        vd_write_desc(t->desc, me, bufs[i].addr, bufs[i].len,
                      (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                      (i + 1 < n ? VRING_DESC_F_NEXT : 0), (me + 1) % QSIZE);
    }
    t->next_desc += n;
    address_space_stw_le(&address_space_memory,
                         t->avail + 4 + 2 * (t->avail_idx % QSIZE), head, NULL);
    t->avail_idx++;
    address_space_stw_le(&address_space_memory, t->avail + 2, t->avail_idx,
                         NULL);
    vd_wr(&f->d, VM_QUEUE_NOTIFY, q);
}

/* Post a chain of n buffers on queue q, kick it, run the main loop. */
static void tq_post(Fx *f, unsigned q, const VBuf *bufs, unsigned n)
{
    tq_post_kick(f, q, bufs, n);
    fx_settle();
}

/* The next used element's len, or -1 when the device used nothing new. */
static int64_t tq_used(Fx *f, unsigned q)
{
    TQ *t = &f->q[q];
    uint16_t idx = address_space_lduw_le(&address_space_memory, t->used + 2,
                                         NULL);
    hwaddr e = t->used + 4 + 8 * (t->last_used % QSIZE);

    if (idx == t->last_used) {
        return -1;
    }
    t->last_used++;
    return address_space_ldl_le(&address_space_memory, e + 4, NULL);
}

/* off: a bool property of the device to turn off, or NULL. */
static void fx_init_with(Fx *f, const char *mac, const NetClientInfo *info,
                         const char *off)
{
    static hwaddr next = 0x0a000000;
    DeviceState *dev = qdev_new(TYPE_VIRTIO_NET);

    memset(f, 0, sizeof(*f));
    cur = f;
    f->be = (FakeBackend *)net_client_new(info, NULL, "fake", "be0");
    f->be->nc.is_netdev = true;
    f->be->accepting = true;
    f->be->frames = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_bytes_unref);
    irq_probe_init(&f->irq);
    f->transport = virtio_mmio_create(next, f->irq.irq);
    f->d.base = next;
    next += VIRTIO_MMIO_SIZE;
    qdev_prop_set_string(dev, "netdev", "be0");
    if (mac) {
        qdev_prop_set_string(dev, "mac", mac);
    }
    if (off) {
        qdev_prop_set_bit(dev, off, false);
    }
    g_assert_true(qdev_realize_and_unref(
        dev, g_ptr_array_index(f->transport->child_buses, 0), &error_fatal));
}

static void fx_init(Fx *f, const char *mac)
{
    fx_init_with(f, mac, &be_info, NULL);
}

/* Linux's probe: negotiate (with extra features), both queues, DRIVER_OK. */
static void fx_driver_up_with(Fx *f, uint64_t extra)
{
    g_assert_true(vd_negotiate(&f->d, F_MAC | F_STATUS | extra |
                               (1ULL << VIRTIO_F_VERSION_1)));
    tq_setup(f, RX);
    tq_setup(f, TX);
    vd_set_status(&f->d, VIRTIO_CONFIG_S_DRIVER_OK);
}

static void fx_driver_up(Fx *f)
{
    fx_driver_up_with(f, 0);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->transport);
    net_client_delete(&f->be->nc);
    irq_probe_free(&f->irq);
    devtest_log_clear();
}

static void test_config(void)
{
    uint64_t feat;
    Fx f;

    fx_init(&f, "52:54:00:ab:cd:ef");
    g_assert_cmpuint(vd_rd(&f.d, VM_DEVICE_ID), ==, VIRTIO_ID_NET);
    feat = vd_device_features(&f.d);
    g_assert_true(feat & F_MAC);
    g_assert_true(feat & F_STATUS);
    g_assert_true(feat & (1ULL << VIRTIO_F_VERSION_1));
    g_assert_cmphex(vd_rd(&f.d, VM_CONFIG), ==, 0xab005452);
    g_assert_cmphex(vd_rd(&f.d, VM_CONFIG + 4) & 0xffff, ==, 0xefcd);
    g_assert_cmphex(vd_rd(&f.d, VM_CONFIG + 4) >> 16, ==, 1);  /* link up */
    g_assert_cmpstr(f.be->nc.peer->info_str, ==,
                    "model=virtio-net-device,macaddr=52:54:00:ab:cd:ef");
    fx_cleanup(&f);
}

static void test_transmit(void)
{
    static const char frame[] = "0123456789abcdefghij";
    uint8_t hdr[12] = { 0 };
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up(&f);
    /* Header and frame split across descriptors unevenly. */
    address_space_write(&address_space_memory, BUF(0), hdr, 12);
    address_space_write(&address_space_memory, BUF(0) + 12, frame, 4);
    address_space_write(&address_space_memory, BUF(1), frame + 4, 16);
    tq_post(&f, TX, (VBuf[]){ { BUF(0), 16, false }, { BUF(1), 16, false } },
            2);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 1);
    g_assert_cmpmem(g_bytes_get_data(g_ptr_array_index(f.be->frames, 0),
                                     NULL),
                    g_bytes_get_size(g_ptr_array_index(f.be->frames, 0)),
                    frame, 20);
    g_assert_cmpint(f.irq.level, ==, 1);
    fx_cleanup(&f);
}

static void test_transmit_flow_control(void)
{
    uint8_t hdr[12] = { 0 };
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up(&f);
    f.be->accepting = false;
    for (int i = 0; i < 2; i++) {
        address_space_write(&address_space_memory, BUF(i), hdr, 12);
        address_space_stb(&address_space_memory, BUF(i) + 12, 'a' + i, NULL);
        tq_post(&f, TX, (VBuf[]){ { BUF(i), 13, false } }, 1);
    }
    /* The first waits in the backend's queue; the queue holds the rest. */
    g_assert_cmpint(tq_used(&f, TX), ==, -1);
    g_assert_cmpuint(net_queue_length(f.be->nc.incoming_queue), ==, 1);
    f.be->accepting = true;
    net_flush_queued_packets(&f.be->nc);
    fx_settle();
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 2);
    g_assert_cmpmem(g_bytes_get_data(g_ptr_array_index(f.be->frames, 1),
                                     NULL), 1, "b", 1);
    fx_cleanup(&f);
}

#define F_EVENT_IDX (1ULL << VIRTIO_RING_F_EVENT_IDX)

/* Used flags, and the avail event after the used ring (QSIZE entries). */
static uint16_t tq_used_flags(Fx *f, unsigned q)
{
    return address_space_lduw_le(&address_space_memory, f->q[q].used, NULL);
}

static uint16_t tq_avail_event(Fx *f, unsigned q)
{
    return address_space_lduw_le(&address_space_memory,
                                 f->q[q].used + 4 + 8 * QSIZE, NULL);
}

/* A kick only schedules the send; no more kicks are wanted until it ran. */
static void test_transmit_from_main_loop(void)
{
    uint8_t hdr[12] = { 0 };
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up(&f);
    address_space_write(&address_space_memory, BUF(0), hdr, 12);
    tq_post_kick(&f, TX, (VBuf[]){ { BUF(0), 13, false } }, 1);
    g_assert_cmpuint(f.be->frames->len, ==, 0);
    g_assert_cmphex(tq_used_flags(&f, TX), ==, VRING_USED_F_NO_NOTIFY);
    /* A second request before the main loop ran goes with the first. */
    tq_post_kick(&f, TX, (VBuf[]){ { BUF(0), 14, false } }, 1);
    fx_settle();
    g_assert_cmpuint(f.be->frames->len, ==, 2);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmphex(tq_used_flags(&f, TX), ==, 0);
    fx_cleanup(&f);

    /* With EVENT_IDX the avail event stays behind meanwhile. */
    fx_init(&f, NULL);
    fx_driver_up_with(&f, F_EVENT_IDX);
    tq_post(&f, TX, (VBuf[]){ { BUF(0), 13, false } }, 1);
    g_assert_cmpuint(tq_avail_event(&f, TX), ==, 1);
    tq_post_kick(&f, TX, (VBuf[]){ { BUF(0), 13, false } }, 1);
    tq_post_kick(&f, TX, (VBuf[]){ { BUF(0), 13, false } }, 1);
    g_assert_cmpuint(tq_avail_event(&f, TX), ==, 1);
    g_assert_cmphex(tq_used_flags(&f, TX), ==, 0);
    fx_settle();
    g_assert_cmpuint(f.be->frames->len, ==, 3);
    g_assert_cmpuint(tq_avail_event(&f, TX), ==, 3);
    fx_cleanup(&f);
}

static void test_receive(void)
{
    static const uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t got[72];
    Fx f;

    fx_init(&f, NULL);
    /* Before DRIVER_OK frames are dropped. */
    g_assert_cmpint(net_send_packet(&f.be->nc, frame, 60), ==, 60);
    fx_driver_up(&f);
    /* No buffer yet: the frame waits, the backend hears later. */
    f.sent = 0;
    g_assert_cmpint(net_send_packet_async(&f.be->nc, frame, 60, be_sent), ==,
                    0);
    g_assert_cmpint(f.irq.level, ==, 0);
    tq_post(&f, RX, (VBuf[]){ { BUF(0), 1526, true } }, 1);
    g_assert_cmpint(f.sent, ==, 1);
    g_assert_cmpint(tq_used(&f, RX), ==, 72);
    address_space_read(&address_space_memory, BUF(0), got, sizeof(got));
    g_assert_cmpuint(got[10], ==, 1);           /* num_buffers */
    g_assert_cmpuint(got[0] | got[1] | got[11], ==, 0);
    g_assert_cmpmem(got + 12, 60, frame, 60);
    g_assert_cmpint(f.irq.level, ==, 1);
    /* A buffer too small for the frame is returned empty. */
    tq_post(&f, RX, (VBuf[]){ { BUF(1), 40, true } }, 1);
    net_send_packet(&f.be->nc, frame, 60);
    g_assert_cmpint(tq_used(&f, RX), ==, 0);
    fx_cleanup(&f);
}

static void test_reset_drops_waiting_frames(void)
{
    static const uint8_t frame[60];
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up(&f);
    f.sent = 0;
    net_send_packet_async(&f.be->nc, frame, 60, be_sent);
    g_assert_cmpuint(net_queue_length(f.be->nc.peer->incoming_queue), ==, 1);
    vd_wr(&f.d, VM_STATUS, 0);
    g_assert_cmpuint(net_queue_length(f.be->nc.peer->incoming_queue), ==, 0);
    g_assert_cmpint(f.sent, ==, 1);             /* the backend goes on */
    fx_driver_up(&f);
    tq_post(&f, RX, (VBuf[]){ { BUF(0), 1526, true } }, 1);
    g_assert_cmpint(tq_used(&f, RX), ==, -1);
    fx_cleanup(&f);
}

#define F_CSUM (1ULL << VIRTIO_NET_F_CSUM)
#define F_TSO4 (1ULL << VIRTIO_NET_F_HOST_TSO4)
#define F_TSO6 (1ULL << VIRTIO_NET_F_HOST_TSO6)
#define TCP_PAYLOAD 3000
#define TCP_HLEN (14 + 20 + 20)

/* An IPv4 TCP frame with TCP_PAYLOAD bytes, checksums left to the device. */
static size_t make_tcp_frame(uint8_t *f)
{
    static const uint8_t hdrs[TCP_HLEN] = {
        0x52, 0x54, 0, 0, 0, 2, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x08, 0,
        0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 2, 15, 10, 0, 2, 2,
        0x9c, 0x40, 0, 80, 0, 0, 0, 100, 0, 0, 0, 1, 5 << 4, 0x18, 0xff, 0xff,
    };

    memcpy(f, hdrs, TCP_HLEN);
    for (int i = 0; i < TCP_PAYLOAD; i++) {
        f[TCP_HLEN + i] = i * 7;
    }
    return TCP_HLEN + TCP_PAYLOAD;
}

/* Post one transmit request: the header (hdr) then the frame. */
static void post_tx(Fx *f, const uint8_t hdr[12], const uint8_t *frame,
                    size_t len)
{
    address_space_write(&address_space_memory, BUF(0), hdr, 12);
    address_space_write(&address_space_memory, BUF(1), frame, len);
    tq_post(f, TX, (VBuf[]){ { BUF(0), 12, false }, { BUF(1), len, false } },
            2);
}

/* Whether frame i at the backend carries a valid TCP/IPv4 checksum. */
static bool be_frame_tcp_ok(Fx *f, unsigned i, size_t *payload)
{
    size_t len;
    const uint8_t *p = g_bytes_get_data(g_ptr_array_index(f->be->frames, i),
                                        &len);
    uint32_t sum = net_checksum_add(0, p + 26, 8) + 6 + (len - 34);

    *payload = len - TCP_HLEN;
    return net_checksum_finish(net_checksum_add(sum, p + 34, len - 34)) == 0;
}

static void test_offload_features(void)
{
    Fx f;

    fx_init(&f, NULL);
    g_assert_cmphex(vd_device_features(&f.d) & (F_CSUM | F_TSO4 | F_TSO6),
                    ==, F_CSUM | F_TSO4 | F_TSO6);
    fx_cleanup(&f);
    /* Segmentation needs checksum offload: csum=off takes all three. */
    fx_init_with(&f, NULL, &be_info, "csum");
    g_assert_cmphex(vd_device_features(&f.d) & (F_CSUM | F_TSO4 | F_TSO6),
                    ==, 0);
    fx_cleanup(&f);
    fx_init_with(&f, NULL, &be_info, "host_tso6");
    g_assert_cmphex(vd_device_features(&f.d) & (F_CSUM | F_TSO4 | F_TSO6),
                    ==, F_CSUM | F_TSO4);
    fx_cleanup(&f);
}

static void test_transmit_csum(void)
{
    static uint8_t frame[TCP_HLEN + TCP_PAYLOAD];
    /* NEEDS_CSUM, csum_start 34, csum_offset 16. */
    static const uint8_t hdr[12] = { 1, 0, 0, 0, 0, 0, 34, 0, 16, 0 };
    size_t len = make_tcp_frame(frame), payload;
    g_autofree char *log = NULL;
    uint32_t pseudo = 0x0a00 + 0x020f + 0x0a00 + 0x0202 + 6 + len - 34;
    Fx f;

    frame[34 + 16] = pseudo >> 8;
    frame[34 + 17] = pseudo;
    fx_init(&f, NULL);
    fx_driver_up_with(&f, F_CSUM);
    post_tx(&f, hdr, frame, len);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 1);
    g_assert_true(be_frame_tcp_ok(&f, 0, &payload));
    g_assert_cmpuint(payload, ==, TCP_PAYLOAD);
    /* A checksum field past the end is the driver's error: dropped. */
    post_tx(&f, (uint8_t[12]){ 1, 0, 0, 0, 0, 0, 0x40, 0x1f, 16, 0 }, frame,
            len);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 1);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "outside the"));
    fx_cleanup(&f);
}

static const uint8_t gso_hdr[12] = {
    1, VIRTIO_NET_HDR_GSO_TCPV4, TCP_HLEN, 0, 1448 & 0xff, 1448 >> 8,
    34, 0, 16, 0,
};

/* A 3000-byte segment with MSS 1448: three frames, or one whole. */
static void test_transmit_tso(void)
{
    static uint8_t frame[TCP_HLEN + TCP_PAYLOAD];
    size_t len = make_tcp_frame(frame), payload, total = 0;
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up_with(&f, F_CSUM | F_TSO4);
    post_tx(&f, gso_hdr, frame, len);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_true(be_frame_tcp_ok(&f, i, &payload));
        g_assert_cmpuint(payload, ==, i < 2 ? 1448 : TCP_PAYLOAD - 2 * 1448);
        total += payload;
    }
    g_assert_cmpuint(total, ==, TCP_PAYLOAD);
    fx_cleanup(&f);

    fx_init_with(&f, NULL, &be_large_info, NULL);
    fx_driver_up_with(&f, F_CSUM | F_TSO4);
    post_tx(&f, gso_hdr, frame, len);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 1);
    g_assert_true(be_frame_tcp_ok(&f, 0, &payload));
    g_assert_cmpuint(payload, ==, TCP_PAYLOAD);
    fx_cleanup(&f);
}

/* The request is used only once every one of its segments went. */
static void test_transmit_tso_flow_control(void)
{
    static uint8_t frame[TCP_HLEN + TCP_PAYLOAD];
    size_t len = make_tcp_frame(frame);
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up_with(&f, F_CSUM | F_TSO4);
    f.be->accepting = false;
    post_tx(&f, gso_hdr, frame, len);
    g_assert_cmpint(tq_used(&f, TX), ==, -1);
    g_assert_cmpuint(net_queue_length(f.be->nc.incoming_queue), ==, 3);
    f.be->accepting = true;
    net_flush_queued_packets(&f.be->nc);
    fx_settle();
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 3);
    fx_cleanup(&f);
}

/* Segmentation the driver did not negotiate is refused. */
static void test_transmit_gso_not_negotiated(void)
{
    static uint8_t frame[TCP_HLEN + TCP_PAYLOAD];
    size_t len = make_tcp_frame(frame);
    g_autofree char *log = NULL;
    Fx f;

    fx_init(&f, NULL);
    fx_driver_up_with(&f, F_CSUM);
    post_tx(&f, gso_hdr, frame, len);
    g_assert_cmpint(tq_used(&f, TX), ==, 0);
    g_assert_cmpuint(f.be->frames->len, ==, 0);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "cannot segment a frame with gso_type 1"));
    fx_cleanup(&f);
}

static void test_netdev_in_use(void)
{
    Error *err = NULL;
    DeviceState *spare;
    Fx f;

    fx_init(&f, NULL);
    spare = virtio_mmio_create(0x0b000000, f.irq.irq);
    g_assert_null(qdev_device_add_from_str("virtio-net-device,netdev=be0",
                                           &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Property 'virtio-net-device."
                    "netdev': netdev 'be0' is already in use");
    error_free(err);
    devtest_destroy(spare);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    qdev_prop_register_backend("netdev", lookup_netdev);
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", VD_RAM_SIZE,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), VD_RAM_BASE, &ram);
    g_test_add_func("/virtio-net/config", test_config);
    g_test_add_func("/virtio-net/transmit", test_transmit);
    g_test_add_func("/virtio-net/transmit-flow-control",
                    test_transmit_flow_control);
    g_test_add_func("/virtio-net/transmit-from-main-loop",
                    test_transmit_from_main_loop);
    g_test_add_func("/virtio-net/receive", test_receive);
    g_test_add_func("/virtio-net/reset-drops-waiting-frames",
                    test_reset_drops_waiting_frames);
    g_test_add_func("/virtio-net/netdev-in-use", test_netdev_in_use);
    g_test_add_func("/virtio-net/offload-features", test_offload_features);
    g_test_add_func("/virtio-net/transmit-csum", test_transmit_csum);
    g_test_add_func("/virtio-net/transmit-tso", test_transmit_tso);
    g_test_add_func("/virtio-net/transmit-tso-flow-control",
                    test_transmit_tso_flow_control);
    g_test_add_func("/virtio-net/transmit-gso-not-negotiated",
                    test_transmit_gso_not_negotiated);
    ret = g_test_run();
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    devtest_cleanup();
    return ret;
}
