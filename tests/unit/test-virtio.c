/*
 * virtio core, virtio-mmio, virtio-blk and virtio-rng, driven through the
 * transport registers and split rings in guest RAM as Linux drives them:
 * negotiation, block I/O against a raw image, indirect descriptors, event
 * index, interrupt status and the IRQ line, and hostile rings.
 */
#include "kemu/osdep.h"
#include "block/block-backend.h"
#include "devtest.h"
#include "virtio-driver.h"

#include <libfdt.h>

#define BLK_F_RO 5
#define BLK_F_BLK_SIZE 6
#define BLK_F_FLUSH 9
#define BLK_F_SEG_MAX 2
#define BLK_T_IN 0
#define BLK_T_OUT 1
#define BLK_T_FLUSH 4
#define BLK_T_GET_ID 8
#define BLK_T_DISCARD 11
#define BLK_F_DISCARD 13
#define BLK_T_BOGUS 99
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2

#define DISK_SIZE (64 * 1024)
#define F_VERSION_1 (1ULL << VIRTIO_F_VERSION_1)
#define F_INDIRECT (1ULL << VIRTIO_RING_F_INDIRECT_DESC)
#define F_EVENT_IDX (1ULL << VIRTIO_RING_F_EVENT_IDX)

/* Where a request's header, data and status live in guest RAM. */
#define REQ_HDR (VD_DATA)
#define REQ_BUF (VD_DATA + 0x1000)
#define REQ_STATUS (VD_DATA + 0x100)

static char *tmpdir;
static MemoryRegion ram;

typedef struct Fx {
    DeviceState *transport;
    DeviceState *vdev;
    BlockBackend *blk;
    IrqProbe irq;
    VDriver d;
    hwaddr base;
} Fx;

static void *lookup_drive(const char *id)
{
    return blk_by_name(id);
}

static void fx_transport(Fx *f)
{
    static hwaddr next = 0x0a000000;

    memset(f, 0, sizeof(*f));
    f->base = next;
    next += VIRTIO_MMIO_SIZE;
    irq_probe_init(&f->irq);
    f->transport = virtio_mmio_create(f->base, f->irq.irq);
}

static BusState *fx_bus(Fx *f)
{
    return g_ptr_array_index(f->transport->child_buses, 0);
}

static void fx_plug(Fx *f, DeviceState *dev)
{
    f->vdev = dev;
    g_assert_true(qdev_realize_and_unref(dev, fx_bus(f), &error_fatal));
}

/* A raw image whose byte i is (i * 7) & 0xff, as drive "diskN". */
static BlockBackend *make_drive(bool readonly)
{
    static int count;
    g_autofree char *id = g_strdup_printf("disk%d", count++);
    g_autofree char *path = g_build_filename(tmpdir, id, NULL);
    g_autofree uint8_t *data = g_malloc(DISK_SIZE);
    g_autofree char *opt = NULL;

    for (int i = 0; i < DISK_SIZE; i++) {
        data[i] = i * 7;
    }
    g_assert_true(g_file_set_contents(path, (char *)data, DISK_SIZE, NULL));
    opt = g_strdup_printf("file=%s,format=raw,if=none,id=%s%s", path, id,
                          readonly ? ",readonly=on" : "");
    return blockdev_drive_new(opt, &error_fatal);
}

static void fx_init_blk(Fx *f, bool readonly, const char *serial)
{
    DeviceState *dev = qdev_new("virtio-blk-device");

    fx_transport(f);
    f->blk = make_drive(readonly);
    qdev_prop_set_string(dev, "drive", blk_name(f->blk));
    if (serial) {
        qdev_prop_set_string(dev, "serial", serial);
    }
    fx_plug(f, dev);
}

static void fx_init_rng(Fx *f)
{
    fx_transport(f);
    fx_plug(f, qdev_new("virtio-rng-device"));
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->transport);
    if (f->blk) {
        g_autofree char *path = g_build_filename(tmpdir, blk_name(f->blk),
                                                 NULL);

        blk_unref(f->blk);
        unlink(path);
    }
    irq_probe_free(&f->irq);
    devtest_log_clear();
}

static uint8_t ram_byte(hwaddr a)
{
    return address_space_ldub(&address_space_memory, a, NULL);
}

/* Queue a block request (header, then bufs, then status) and kick. */
static void blk_submit(Fx *f, uint32_t type, uint64_t sector,
                       const VBuf *data, unsigned n, bool indirect)
{
    VBuf bufs[8] = { { REQ_HDR, 16, false } };
    uint16_t head;

    address_space_stl_le(&address_space_memory, REQ_HDR, type, NULL);
    address_space_stl_le(&address_space_memory, REQ_HDR + 4, 0, NULL);
    address_space_stq_le(&address_space_memory, REQ_HDR + 8, sector, NULL);
    address_space_stb(&address_space_memory, REQ_STATUS, 0xee, NULL);
    memcpy(bufs + 1, data, n * sizeof(VBuf));
    bufs[n + 1] = (VBuf){ REQ_STATUS, 1, true };
    head = indirect ? vd_add_indirect(&f->d, bufs, n + 2)
                    : vd_add_chain(&f->d, bufs, n + 2);
    vd_make_avail(&f->d, head);
    vd_wr(&f->d, VM_QUEUE_NOTIFY, 0);
}

/* Wait for the request to complete; its status byte and used len. */
static uint8_t blk_wait(Fx *f, uint32_t *used_len)
{
    uint32_t id, len;

    g_assert_true(vd_wait_used(&f->d));
    vd_take_used(&f->d, &id, &len);
    if (used_len) {
        *used_len = len;
    }
    return ram_byte(REQ_STATUS);
}

static uint8_t blk_rw(Fx *f, uint32_t type, uint64_t sector, hwaddr buf,
                      uint32_t len, uint32_t *used_len)
{
    VBuf b = { buf, len, type == BLK_T_IN || type == BLK_T_GET_ID };

    blk_submit(f, type, sector, &b, len ? 1 : 0, false);
    return blk_wait(f, used_len);
}

static void test_empty_transport(void)
{
    Fx f;

    fx_transport(&f);
    f.d.base = f.base;
    g_assert_cmphex(vd_rd(&f.d, VM_MAGIC), ==, 0x74726976);
    g_assert_cmpuint(vd_rd(&f.d, VM_VERSION), ==, 2);
    g_assert_cmphex(vd_rd(&f.d, VM_VENDOR_ID), ==, 0x554d4551);
    g_assert_cmpuint(vd_rd(&f.d, VM_DEVICE_ID), ==, 0);
    g_assert_cmpuint(vd_rd(&f.d, VM_QUEUE_NUM_MAX), ==, 0);
    fx_cleanup(&f);
}

/* -device fills the first free transport; a full bus takes no more. */
static void test_device_add_first_free(void)
{
    g_autofree char *opt = NULL;
    Error *err = NULL;
    Fx a, b;

    fx_transport(&a);
    fx_transport(&b);
    g_assert_nonnull(qdev_device_add_from_str("virtio-rng-device", &err));
    g_assert_nonnull(qdev_device_add_from_str("virtio-rng-device", &err));
    g_assert_cmpuint(fx_bus(&a)->children->len, ==, 1);
    g_assert_cmpuint(fx_bus(&b)->children->len, ==, 1);
    a.d.base = a.base;
    b.d.base = b.base;
    g_assert_cmpuint(vd_rd(&a.d, VM_DEVICE_ID), ==, VIRTIO_ID_RNG);
    g_assert_cmpuint(vd_rd(&b.d, VM_DEVICE_ID), ==, VIRTIO_ID_RNG);
    g_assert_null(qdev_device_add_from_str("virtio-rng-device", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    opt = g_strdup_printf("virtio-rng-device,bus=%s", fx_bus(&a)->name);
    g_assert_null(qdev_device_add_from_str(opt, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "is full"));
    error_free(err);
    fx_cleanup(&a);
    fx_cleanup(&b);
}

static void test_features(void)
{
    g_autofree char *log = NULL;
    uint64_t f;
    Fx x;

    fx_init_blk(&x, false, NULL);
    x.d.base = x.base;
    f = vd_device_features(&x.d);
    g_assert_true(f & F_VERSION_1);
    g_assert_true(f & F_INDIRECT);
    g_assert_true(f & F_EVENT_IDX);
    g_assert_true(f & (1ULL << BLK_F_FLUSH));
    g_assert_true(f & (1ULL << BLK_F_SEG_MAX));
    g_assert_true(f & (1ULL << BLK_F_BLK_SIZE));
    g_assert_false(f & (1ULL << BLK_F_RO));
    /* A legacy driver (no VERSION_1) does not get FEATURES_OK. */
    g_assert_false(vd_negotiate(&x.d, F_INDIRECT));
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "VERSION_1"));
    /* Nor does one that accepts bits that were not offered. */
    vd_wr(&x.d, VM_STATUS, 0);
    vd_set_status(&x.d, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    vd_write_features(&x.d, F_VERSION_1 | (1ULL << 40));
    vd_set_status(&x.d, VIRTIO_CONFIG_S_FEATURES_OK);
    g_assert_false(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    /* DRIVER_OK without FEATURES_OK is refused too. */
    vd_set_status(&x.d, VIRTIO_CONFIG_S_DRIVER_OK);
    g_assert_false(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_DRIVER_OK);
    g_assert_true(vd_negotiate(&x.d, F_VERSION_1 | F_INDIRECT));
    /* A queue size that is not a power of two does not become ready. */
    vd_wr(&x.d, VM_QUEUE_SEL, 0);
    vd_wr(&x.d, VM_QUEUE_NUM, 3);
    vd_wr(&x.d, VM_QUEUE_READY, 1);
    g_assert_cmpuint(vd_rd(&x.d, VM_QUEUE_READY), ==, 0);
    /* Queue 1 does not exist. */
    vd_wr(&x.d, VM_QUEUE_SEL, 1);
    g_assert_cmpuint(vd_rd(&x.d, VM_QUEUE_NUM_MAX), ==, 0);
    fx_cleanup(&x);
}

static void test_blk_config(void)
{
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    g_assert_cmpuint(vd_rd(&x.d, VM_CONFIG), ==, DISK_SIZE / 512);
    g_assert_cmpuint(vd_rd(&x.d, VM_CONFIG + 4), ==, 0);
    g_assert_cmpuint(vd_rd(&x.d, VM_CONFIG + 12), ==, 254);     /* seg_max */
    g_assert_cmpuint(vd_rd(&x.d, VM_CONFIG + 20), ==, 512);     /* blk_size */
    g_assert_cmpuint(address_space_ldub(&address_space_memory,
                                        x.base + VM_CONFIG, NULL),
                     ==, DISK_SIZE / 512);
    g_assert_cmpuint(address_space_lduw_le(&address_space_memory,
                                           x.base + VM_CONFIG + 20, NULL),
                     ==, 512);
    /* Beyond the config space: all-ones and logged. */
    g_assert_cmphex(vd_rd(&x.d, VM_CONFIG + 60), ==, 0xffffffff);
    fx_cleanup(&x);
}

static void test_blk_read_write_flush(void)
{
    g_autofree char *path = NULL;
    g_autofree char *contents = NULL;
    uint8_t pattern[1024], back[1024];
    uint32_t used_len;
    VBuf two[2];
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    /* Reading sector 5 gives the image's bytes 2560.. */
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 5, REQ_BUF, 512, &used_len), ==,
                     BLK_S_OK);
    g_assert_cmpuint(used_len, ==, 513);
    for (int i = 0; i < 512; i++) {
        g_assert_cmpuint(ram_byte(REQ_BUF + i), ==, ((2560 + i) * 7) & 0xff);
    }
    /* Write two sectors at sector 3 from two descriptors. */
    for (int i = 0; i < 1024; i++) {
        pattern[i] = i ^ 0x5a;
    }
    address_space_write(&address_space_memory, REQ_BUF, pattern, 512);
    address_space_write(&address_space_memory, REQ_BUF + 0x2000,
                        pattern + 512, 512);
    two[0] = (VBuf){ REQ_BUF, 512, false };
    two[1] = (VBuf){ REQ_BUF + 0x2000, 512, false };
    blk_submit(&x, BLK_T_OUT, 3, two, 2, false);
    g_assert_cmpuint(blk_wait(&x, &used_len), ==, BLK_S_OK);
    g_assert_cmpuint(used_len, ==, 1);
    g_assert_cmpuint(blk_rw(&x, BLK_T_FLUSH, 0, 0, 0, NULL), ==, BLK_S_OK);
    /* On disk after the flush. */
    path = g_build_filename(tmpdir, blk_name(x.blk), NULL);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpmem(contents + 3 * 512, 1024, pattern, 1024);
    g_assert_cmpuint((uint8_t)contents[3 * 512 - 1], ==,
                     ((3 * 512 - 1) * 7) & 0xff);
    /* And through the device again, into one buffer. */
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 3, REQ_BUF + 0x4000, 1024, NULL),
                     ==, BLK_S_OK);
    address_space_read(&address_space_memory, REQ_BUF + 0x4000, back, 1024);
    g_assert_cmpmem(back, 1024, pattern, 1024);
    fx_cleanup(&x);
}

static void test_blk_errors(void)
{
    uint32_t used_len;
    Fx x;

    fx_init_blk(&x, false, "SERIAL-123");
    vd_init(&x.d, x.base, ~0ULL, 16);
    /* Past the end, and not whole sectors. */
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, DISK_SIZE / 512 - 1, REQ_BUF, 1024,
                            &used_len), ==, BLK_S_IOERR);
    g_assert_cmpuint(used_len, ==, 1);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 100, NULL), ==,
                     BLK_S_IOERR);
    g_assert_cmpuint(blk_rw(&x, BLK_T_OUT, ~0ULL, REQ_BUF, 512, NULL), ==,
                     BLK_S_IOERR);
    g_assert_cmpuint(blk_rw(&x, BLK_T_BOGUS, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_UNSUPP);
    g_assert_cmpuint(blk_rw(&x, BLK_T_GET_ID, 0, REQ_BUF, 20, &used_len), ==,
                     BLK_S_OK);
    g_assert_cmpuint(used_len, ==, 21);
    for (int i = 0; i < 10; i++) {
        g_assert_cmpuint(ram_byte(REQ_BUF + i), ==, "SERIAL-123"[i]);
    }
    g_assert_cmpuint(ram_byte(REQ_BUF + 10), ==, 0);
    fx_cleanup(&x);
}

/* One discard segment {sector, num_sectors, flags} at REQ_BUF. */
static uint8_t req_discard(Fx *f, uint64_t sector, uint32_t num)
{
    address_space_stq_le(&address_space_memory, REQ_BUF, sector, NULL);
    address_space_stl_le(&address_space_memory, REQ_BUF + 8, num, NULL);
    address_space_stl_le(&address_space_memory, REQ_BUF + 12, 0, NULL);
    return blk_rw(f, BLK_T_DISCARD, 0, REQ_BUF, 16, NULL);
}

static void test_blk_discard(void)
{
    Fx x, ro;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    g_assert_true(x.d.features & (1ULL << BLK_F_DISCARD));
    g_assert_cmpuint(req_discard(&x, 2, 4), ==, BLK_S_OK);
    g_assert_cmpuint(req_discard(&x, DISK_SIZE / 512 - 1, 2), ==,
                     BLK_S_IOERR);
    fx_cleanup(&x);
    fx_init_blk(&ro, true, NULL);
    vd_init(&ro.d, ro.base, ~0ULL, 16);
    g_assert_false(ro.d.features & (1ULL << BLK_F_DISCARD));
    g_assert_cmpuint(req_discard(&ro, 2, 4), ==, BLK_S_IOERR);
    fx_cleanup(&ro);
}

static void test_blk_read_only(void)
{
    g_autofree char *path = NULL;
    g_autofree char *contents = NULL;
    Fx x;

    fx_init_blk(&x, true, NULL);
    x.d.base = x.base;
    g_assert_true(vd_device_features(&x.d) & (1ULL << BLK_F_RO));
    vd_init(&x.d, x.base, ~0ULL, 16);
    g_assert_true(x.d.features & (1ULL << BLK_F_RO));
    address_space_stb(&address_space_memory, REQ_BUF, 0xab, NULL);
    g_assert_cmpuint(blk_rw(&x, BLK_T_OUT, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_IOERR);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 1, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpuint(ram_byte(REQ_BUF + 1), ==, (513 * 7) & 0xff);
    path = g_build_filename(tmpdir, blk_name(x.blk), NULL);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpuint((uint8_t)contents[0], ==, 0);
    fx_cleanup(&x);
}

static void test_blk_indirect(void)
{
    VBuf two[2] = { { REQ_BUF, 256, true }, { REQ_BUF + 0x3000, 256, true } };
    g_autofree char *log = NULL;
    uint32_t used_len;
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    g_assert_true(x.d.features & F_INDIRECT);
    blk_submit(&x, BLK_T_IN, 2, two, 2, true);
    g_assert_cmpuint(blk_wait(&x, &used_len), ==, BLK_S_OK);
    g_assert_cmpuint(used_len, ==, 513);
    g_assert_cmpuint(ram_byte(REQ_BUF + 255), ==, ((1024 + 255) * 7) & 0xff);
    g_assert_cmpuint(ram_byte(REQ_BUF + 0x3000), ==, ((1024 + 256) * 7) & 0xff);
    /* Without the feature, an indirect descriptor breaks the device. */
    vd_init(&x.d, x.base, ~F_INDIRECT, 16);
    blk_submit(&x, BLK_T_IN, 2, two, 2, true);
    g_assert_true(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "indirect"));
    fx_cleanup(&x);
}

/* Interrupt status, the IRQ line and VRING_AVAIL_F_NO_INTERRUPT. */
static void test_interrupts(void)
{
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~F_EVENT_IDX, 16);
    g_assert_cmpint(x.irq.level, ==, 0);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpuint(vd_rd(&x.d, VM_INT_STATUS), ==, VIRTIO_ISR_QUEUE);
    g_assert_cmpint(x.irq.level, ==, 1);
    vd_wr(&x.d, VM_INT_ACK, VIRTIO_ISR_QUEUE);
    g_assert_cmpuint(vd_rd(&x.d, VM_INT_STATUS), ==, 0);
    g_assert_cmpint(x.irq.level, ==, 0);
    /* The driver asks for no interrupts. */
    address_space_stw_le(&address_space_memory, VD_AVAIL,
                         VRING_AVAIL_F_NO_INTERRUPT, NULL);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpuint(vd_rd(&x.d, VM_INT_STATUS), ==, 0);
    g_assert_cmpint(x.irq.level, ==, 0);
    /* Reset lowers a pending interrupt. */
    address_space_stw_le(&address_space_memory, VD_AVAIL, 0, NULL);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpint(x.irq.level, ==, 1);
    vd_wr(&x.d, VM_STATUS, 0);
    g_assert_cmpint(x.irq.level, ==, 0);
    fx_cleanup(&x);
}

/* used_event suppresses interrupts; avail_event tracks the device. */
static void test_event_idx(void)
{
    hwaddr used_event;
    hwaddr avail_event;
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    g_assert_true(x.d.features & F_EVENT_IDX);
    used_event = VD_AVAIL + 4 + 2 * 16;
    avail_event = VD_USED + 4 + 8 * 16;
    /* The first used buffer after set-up always interrupts. */
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpint(x.irq.level, ==, 1);
    vd_wr(&x.d, VM_INT_ACK, VIRTIO_ISR_QUEUE);
    /* Then only when used idx passes 3 (the fourth request). */
    address_space_stw_le(&address_space_memory, used_event, 3, NULL);
    for (int i = 1; i < 4; i++) {
        g_assert_cmpuint(blk_rw(&x, BLK_T_IN, i, REQ_BUF, 512, NULL), ==,
                         BLK_S_OK);
        g_assert_cmpint(x.irq.level, ==, i == 3);
        g_assert_cmpuint(address_space_lduw_le(&address_space_memory,
                                               avail_event, NULL), ==, i + 1);
    }
    g_assert_cmpint(x.irq.raises, ==, 2);
    vd_wr(&x.d, VM_INT_ACK, VIRTIO_ISR_QUEUE);
    /* used_event already behind: no further interrupt. */
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    g_assert_cmpint(x.irq.level, ==, 0);
    fx_cleanup(&x);
}

/* A request still in flight at reset never reaches the new rings. */
static void test_blk_reset_in_flight(void)
{
    VBuf b = { REQ_BUF, 4096, true };
    Fx x;

    fx_init_blk(&x, false, NULL);
    vd_init(&x.d, x.base, ~0ULL, 16);
    blk_submit(&x, BLK_T_IN, 0, &b, 1, false);
    vd_init(&x.d, x.base, ~0ULL, 16);
    blk_drain(x.blk);
    g_assert_cmpuint(vd_used_idx(), ==, 0);
    g_assert_cmpuint(blk_rw(&x, BLK_T_IN, 0, REQ_BUF, 512, NULL), ==,
                     BLK_S_OK);
    fx_cleanup(&x);
}

static void test_rng(void)
{
    VBuf b[2] = { { REQ_BUF, 64, true }, { REQ_BUF + 64, 64, true } };
    uint8_t buf[128] = { 0 };
    uint8_t zero[128] = { 0 };
    uint32_t id, len;
    Fx x;

    fx_init_rng(&x);
    vd_init(&x.d, x.base, ~0ULL, 8);
    address_space_write(&address_space_memory, REQ_BUF, zero, sizeof(zero));
    vd_make_avail(&x.d, vd_add_chain(&x.d, b, 2));
    vd_wr(&x.d, VM_QUEUE_NOTIFY, 0);
    g_assert_true(vd_wait_used(&x.d));
    vd_take_used(&x.d, &id, &len);
    g_assert_cmpuint(id, ==, 0);
    g_assert_cmpuint(len, ==, 128);
    address_space_read(&address_space_memory, REQ_BUF, buf, sizeof(buf));
    g_assert_true(memcmp(buf, zero, 64) != 0);
    g_assert_true(memcmp(buf + 64, zero, 64) != 0);
    g_assert_cmpint(x.irq.level, ==, 1);
    fx_cleanup(&x);
}

/*
 * Hostile rings: each marks the device broken (NEEDS_RESET, config
 * interrupt, logged) and does not crash; a reset brings it back.
 */
typedef void HostileSetup(Fx *f);

static void hostile_loop(Fx *f)
{
    vd_write_desc(VD_DESC, 0, REQ_HDR, 16, VRING_DESC_F_NEXT, 1);
    vd_write_desc(VD_DESC, 1, REQ_HDR, 16, VRING_DESC_F_NEXT, 0);
    vd_make_avail(&f->d, 0);
}

static void hostile_indirect_loop(Fx *f)
{
    vd_write_desc(VD_INDIRECT, 0, REQ_HDR, 16, VRING_DESC_F_NEXT, 1);
    vd_write_desc(VD_INDIRECT, 1, REQ_HDR, 16, VRING_DESC_F_NEXT, 0);
    vd_write_desc(VD_DESC, 0, VD_INDIRECT, 32, VRING_DESC_F_INDIRECT, 0);
    vd_make_avail(&f->d, 0);
}

static void hostile_long_chain(Fx *f)
{
    /* Every one of the 4 entries chains to the next, wrapping around. */
    for (int i = 0; i < 4; i++) {
        vd_write_desc(VD_DESC, i, REQ_HDR, 16, VRING_DESC_F_NEXT, (i + 1) % 4);
    }
    vd_make_avail(&f->d, 2);
}

static void hostile_outside_ram(Fx *f)
{
    VBuf b[2] = { { 0x7000000000ULL, 16, false }, { REQ_STATUS, 1, true } };

    vd_make_avail(&f->d, vd_add_chain(&f->d, b, 2));
}

static void hostile_mmio_buffer(Fx *f)
{
    VBuf b[2] = { { REQ_HDR, 16, false }, { f->base, 4, true } };

    vd_make_avail(&f->d, vd_add_chain(&f->d, b, 2));
}

static void hostile_ram_edge(Fx *f)
{
    VBuf b[2] = { { REQ_HDR, 16, false },
                  { VD_RAM_BASE + VD_RAM_SIZE - 8, 16, true } };

    vd_make_avail(&f->d, vd_add_chain(&f->d, b, 2));
}

static void hostile_avail_jump(Fx *f)
{
    address_space_stw_le(&address_space_memory, VD_AVAIL + 2, 5, NULL);
}

static void hostile_bad_head(Fx *f)
{
    vd_make_avail(&f->d, 4);
}

static void hostile_bad_next(Fx *f)
{
    vd_write_desc(VD_DESC, 0, REQ_HDR, 16, VRING_DESC_F_NEXT, 9);
    vd_make_avail(&f->d, 0);
}

static void hostile_ring_outside_ram(Fx *f)
{
    vd_wr(&f->d, VM_QUEUE_READY, 0);
    vd_wr(&f->d, VM_QUEUE_NUM, 4);
    vd_wr(&f->d, VM_DESC_LOW, (uint32_t)VD_DESC);
    vd_wr(&f->d, VM_DRIVER_LOW, 0x1000);         /* nothing there */
    vd_wr(&f->d, VM_DEVICE_LOW, (uint32_t)VD_USED);
    vd_wr(&f->d, VM_QUEUE_READY, 1);
}

static void run_hostile(const void *data)
{
    HostileSetup *setup = (HostileSetup *)data;
    g_autofree char *log = NULL;
    Fx x;

    fx_init_rng(&x);
    vd_init(&x.d, x.base, ~0ULL, 4);
    setup(&x);
    vd_wr(&x.d, VM_QUEUE_NOTIFY, 0);
    g_assert_true(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    g_assert_cmpuint(vd_rd(&x.d, VM_INT_STATUS), ==, VIRTIO_ISR_CONFIG);
    g_assert_cmpuint(vd_rd(&x.d, VM_CONFIG_GEN), ==, 1);
    g_assert_cmpint(x.irq.level, ==, 1);
    g_assert_cmpuint(vd_used_idx(), ==, 0);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "virtio-rng-device: "));
    /* Stays broken until reset, then works again. */
    vd_wr(&x.d, VM_QUEUE_NOTIFY, 0);
    g_assert_true(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    vd_init(&x.d, x.base, ~0ULL, 4);
    g_assert_false(vd_rd(&x.d, VM_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    {
        VBuf b = { REQ_BUF, 16, true };
        uint32_t id, len;

        vd_make_avail(&x.d, vd_add_chain(&x.d, &b, 1));
        vd_wr(&x.d, VM_QUEUE_NOTIFY, 0);
        g_assert_true(vd_wait_used(&x.d));
        vd_take_used(&x.d, &id, &len);
        g_assert_cmpuint(len, ==, 16);
    }
    fx_cleanup(&x);
}

static void test_fdt_nodes(void)
{
    g_autoptr(KemuFdt) fdt = kemu_fdt_new(4096);
    const void *blob;
    const uint32_t *irq;
    const uint64_t *reg;
    int node, len, count = 0;

    kemu_fdt_setprop_u32(fdt, "/", "#address-cells", 2, &error_fatal);
    kemu_fdt_setprop_u32(fdt, "/", "#size-cells", 2, &error_fatal);
    g_assert_true(virtio_mmio_fdt_add_nodes(fdt, 0x0a000000, 32, 16,
                                            &error_fatal));
    blob = kemu_fdt_blob(fdt);
    fdt_for_each_subnode(node, blob, 0) {
        hwaddr want = 0x0a000000 + count * 0x200;
        g_autofree char *name = g_strdup_printf("virtio_mmio@%" PRIx64, want);

        g_assert_cmpstr(fdt_get_name(blob, node, NULL), ==, name);
        g_assert_cmpstr(fdt_getprop(blob, node, "compatible", NULL), ==,
                        "virtio,mmio");
        reg = fdt_getprop(blob, node, "reg", &len);
        g_assert_cmpint(len, ==, 16);
        g_assert_cmphex(GUINT64_FROM_BE(reg[0]), ==, want);
        g_assert_cmphex(GUINT64_FROM_BE(reg[1]), ==, 0x200);
        irq = fdt_getprop(blob, node, "interrupts", &len);
        g_assert_cmpint(len, ==, 12);
        g_assert_cmpuint(GUINT32_FROM_BE(irq[0]), ==, 0);
        g_assert_cmpuint(GUINT32_FROM_BE(irq[1]), ==, 16 + count);
        g_assert_cmpuint(GUINT32_FROM_BE(irq[2]), ==, 1);
        g_assert_nonnull(fdt_getprop(blob, node, "dma-coherent", &len));
        g_assert_cmpint(len, ==, 0);
        count++;
    }
    g_assert_cmpint(count, ==, 32);
}

int main(int argc, char **argv)
{
    static const struct { const char *name; HostileSetup *fn; } hostile[] = {
        { "descriptor-loop", hostile_loop },
        { "indirect-loop", hostile_indirect_loop },
        { "chain-longer-than-queue", hostile_long_chain },
        { "buffer-outside-ram", hostile_outside_ram },
        { "buffer-in-mmio", hostile_mmio_buffer },
        { "buffer-past-ram-end", hostile_ram_edge },
        { "avail-idx-jump", hostile_avail_jump },
        { "head-out-of-range", hostile_bad_head },
        { "next-out-of-range", hostile_bad_next },
        { "ring-outside-ram", hostile_ring_outside_ram },
    };
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    qdev_prop_register_backend("drive", lookup_drive);
    tmpdir = g_dir_make_tmp("kemu-virtio-XXXXXX", NULL);
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", VD_RAM_SIZE,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), VD_RAM_BASE, &ram);

    g_test_add_func("/virtio/mmio/empty-transport", test_empty_transport);
    g_test_add_func("/virtio/mmio/device-add-first-free",
                    test_device_add_first_free);
    g_test_add_func("/virtio/mmio/features", test_features);
    g_test_add_func("/virtio/mmio/interrupts", test_interrupts);
    g_test_add_func("/virtio/mmio/fdt-nodes", test_fdt_nodes);
    g_test_add_func("/virtio/ring/event-idx", test_event_idx);
    g_test_add_func("/virtio/blk/config", test_blk_config);
    g_test_add_func("/virtio/blk/read-write-flush", test_blk_read_write_flush);
    g_test_add_func("/virtio/blk/errors", test_blk_errors);
    g_test_add_func("/virtio/blk/read-only", test_blk_read_only);
    g_test_add_func("/virtio/blk/discard", test_blk_discard);
    g_test_add_func("/virtio/blk/indirect", test_blk_indirect);
    g_test_add_func("/virtio/blk/reset-in-flight", test_blk_reset_in_flight);
    g_test_add_func("/virtio/rng/bytes", test_rng);
    for (size_t i = 0; i < G_N_ELEMENTS(hostile); i++) {
        g_autofree char *path = g_strdup_printf("/virtio/hostile/%s",
                                                hostile[i].name);

        g_test_add_data_func(path, hostile[i].fn, run_hostile);
    }
    ret = g_test_run();
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    rmdir(tmpdir);
    devtest_cleanup();
    return ret;
}
