/*
 * virtio-serial-device behind virtio-mmio, driven as Linux's virtio_console
 * drives it: config and features, the MULTIPORT control protocol
 * (DEVICE_READY, PORT_ADD, PORT_READY, CONSOLE_PORT, PORT_NAME, PORT_OPEN),
 * data both ways between port queues and ringbuf chardevs with the guest's
 * buffers pacing the input, port numbering rules, and a guest that sends
 * garbage on the control queue.
 */
#include "kemu/osdep.h"
#include "hw/char/virtio-serial.h"
#include "devtest.h"
#include "virtio-driver.h"

#define F_VERSION_1 (1ULL << VIRTIO_F_VERSION_1)
#define F_MULTIPORT (1ULL << VIRTIO_CONSOLE_F_MULTIPORT)
#define MAX_PORTS 4
#define NQUEUES (2 * (MAX_PORTS + 1))
#define QN 8                                /* ring size */
#define Q_CTRL_RX 2
#define Q_CTRL_TX 3
/* Rings (descriptors, avail at +0x200, used at +0x400) and buffers. */
#define RING(q) (VD_RAM_BASE + 0x20000 + (hwaddr)(q) * 0x1000)
#define BUF(q, i) (VD_RAM_BASE + 0x40000 + (hwaddr)(q) * 0x1000 + \
                   (hwaddr)(i) * 0x100)
#define BUF_SIZE 0x100

static MemoryRegion ram;

typedef struct Ring {
    uint16_t avail_idx;
    uint16_t last_used;
} Ring;

typedef struct Fx {
    DeviceState *transport;
    DeviceState *vser;
    IrqProbe irq;
    VDriver d;
    Ring rings[NQUEUES];
    Chardev *con_chr;           /* virtconsole, port 0 */
    Chardev *port_chr;          /* virtserialport "org.kemu.p", port 1 */
} Fx;

typedef struct Ctrl {
    uint32_t id;
    uint16_t event;
    uint16_t value;
    char extra[64];
} Ctrl;

static BusState *child_bus(DeviceState *dev)
{
    return g_ptr_array_index(dev->child_buses, 0);
}

/* A port of type on f's device; NULL (with *errp) if realize failed. */
static DeviceState *add_port(Fx *f, const char *type, const char *chr,
                             const char *props, Error **errp)
{
    g_autofree char *opt = g_strdup_printf("%s,bus=%s%s%s%s", type,
                                           child_bus(f->vser)->name,
                                           chr ? ",chardev=" : "",
                                           chr ? chr : "", props);

    return qdev_device_add_from_str(opt, errp);
}

/* Transport plus device (max_ports) with no ports yet. */
static void fx_device(Fx *f, uint32_t max_ports)
{
    static hwaddr next = 0x0a000000;

    memset(f, 0, sizeof(*f));
    irq_probe_init(&f->irq);
    f->transport = virtio_mmio_create(next, f->irq.irq);
    f->d.base = next;
    next += VIRTIO_MMIO_SIZE;
    f->vser = qdev_new(TYPE_VIRTIO_SERIAL);
    qdev_prop_set_uint32(f->vser, "max_ports", max_ports);
    g_assert_true(qdev_realize_and_unref(f->vser, child_bus(f->transport),
                                         &error_fatal));
}

/* The device with a virtconsole and a named virtserialport. */
static void fx_init(Fx *f)
{
    fx_device(f, MAX_PORTS);
    f->con_chr = devtest_ringbuf();
    f->port_chr = devtest_ringbuf();
    g_assert_nonnull(add_port(f, "virtconsole", chardev_id(f->con_chr), "",
                              &error_fatal));
    g_assert_nonnull(add_port(f, "virtserialport", chardev_id(f->port_chr),
                              ",name=org.kemu.p", &error_fatal));
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->transport);
    irq_probe_free(&f->irq);
    devtest_log_clear();
}

static void ring_setup(Fx *f, unsigned q)
{
    static const uint8_t zero[0x1000];

    address_space_write(&address_space_memory, RING(q), zero, sizeof(zero));
    f->rings[q] = (Ring){ 0 };
    vd_wr(&f->d, VM_QUEUE_SEL, q);
    g_assert_cmpuint(vd_rd(&f->d, VM_QUEUE_NUM_MAX), >=, QN);
    vd_wr(&f->d, VM_QUEUE_NUM, QN);
    vd_wr(&f->d, VM_DESC_LOW, (uint32_t)RING(q));
    vd_wr(&f->d, VM_DESC_HIGH, RING(q) >> 32);
    vd_wr(&f->d, VM_DRIVER_LOW, (uint32_t)(RING(q) + 0x200));
    vd_wr(&f->d, VM_DRIVER_HIGH, (RING(q) + 0x200) >> 32);
    vd_wr(&f->d, VM_DEVICE_LOW, (uint32_t)(RING(q) + 0x400));
    vd_wr(&f->d, VM_DEVICE_HIGH, (RING(q) + 0x400) >> 32);
    vd_wr(&f->d, VM_QUEUE_READY, 1);
}

/* Negotiate (want), set up every queue, DRIVER_OK. */
static void fx_driver(Fx *f, uint64_t want, unsigned nqueues)
{
    g_assert_true(vd_negotiate(&f->d, want | F_VERSION_1));
    for (unsigned q = 0; q < nqueues; q++) {
        ring_setup(f, q);
    }
    vd_set_status(&f->d, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* Offer descriptor i of queue q (buffer BUF(q, i), len bytes); kick. */
static void ring_post(Fx *f, unsigned q, unsigned i, const void *data,
                      uint32_t len, bool device_writes)
{
    Ring *r = &f->rings[q];

    if (data) {
        address_space_write(&address_space_memory, BUF(q, i), data, len);
    }
    vd_write_desc(RING(q), i, BUF(q, i), len,
                  device_writes ? VRING_DESC_F_WRITE : 0, 0);
    address_space_stw_le(&address_space_memory,
                         RING(q) + 0x200 + 4 + 2 * (r->avail_idx % QN), i,
                         NULL);
    r->avail_idx++;
    address_space_stw_le(&address_space_memory, RING(q) + 0x200 + 2,
                         r->avail_idx, NULL);
    vd_wr(&f->d, VM_QUEUE_NOTIFY, q);
}

/* The next used element of queue q, if any. */
static bool ring_used(Fx *f, unsigned q, uint32_t *id, uint32_t *len)
{
    Ring *r = &f->rings[q];
    hwaddr used = RING(q) + 0x400;
    hwaddr e = used + 4 + 8 * (r->last_used % QN);

    if (address_space_lduw_le(&address_space_memory, used + 2, NULL) ==
        r->last_used) {
        return false;
    }
    *id = address_space_ldl_le(&address_space_memory, e, NULL);
    *len = address_space_ldl_le(&address_space_memory, e + 4, NULL);
    r->last_used++;
    return true;
}

/* Guest -> device control message; the device uses the buffer at once. */
static void ctrl_send(Fx *f, uint32_t id, uint16_t event, uint16_t value)
{
    uint8_t msg[8];
    uint32_t used_id, len;
    unsigned i = f->rings[Q_CTRL_TX].avail_idx % QN;

    memcpy(msg, &(uint32_t){ GUINT32_TO_LE(id) }, 4);
    memcpy(msg + 4, &(uint16_t){ GUINT16_TO_LE(event) }, 2);
    memcpy(msg + 6, &(uint16_t){ GUINT16_TO_LE(value) }, 2);
    ring_post(f, Q_CTRL_TX, i, msg, sizeof(msg), false);
    g_assert_true(ring_used(f, Q_CTRL_TX, &used_id, &len));
    g_assert_cmpuint(used_id, ==, i);
}

/* Give the device all QN control receive buffers. */
static void ctrl_post_rx(Fx *f)
{
    for (unsigned i = 0; i < QN; i++) {
        ring_post(f, Q_CTRL_RX, i, NULL, 64, true);
    }
}

/* The next device -> guest control message (its buffer is offered again). */
static bool ctrl_recv(Fx *f, Ctrl *c)
{
    uint32_t id, len;
    uint8_t buf[72] = { 0 };

    if (!ring_used(f, Q_CTRL_RX, &id, &len)) {
        return false;
    }
    g_assert_cmpuint(id, <, QN);
    g_assert_cmpuint(len, >=, 8);
    g_assert_cmpuint(len, <=, 64);
    address_space_read(&address_space_memory, BUF(Q_CTRL_RX, id), buf, len);
    c->id = GUINT32_FROM_LE(*(uint32_t *)buf);
    c->event = GUINT16_FROM_LE(*(uint16_t *)(buf + 4));
    c->value = GUINT16_FROM_LE(*(uint16_t *)(buf + 6));
    memset(c->extra, 0, sizeof(c->extra));
    memcpy(c->extra, buf + 8, len - 8);
    ring_post(f, Q_CTRL_RX, id, NULL, 64, true);
    return true;
}

static void expect_ctrl(Fx *f, uint32_t id, uint16_t event, uint16_t value,
                        const char *extra)
{
    Ctrl c;

    g_assert_true(ctrl_recv(f, &c));
    g_assert_cmpuint(c.event, ==, event);
    g_assert_cmpuint(c.id, ==, id);
    g_assert_cmpuint(c.value, ==, value);
    g_assert_cmpstr(c.extra, ==, extra ? extra : "");
}

static void expect_no_ctrl(Fx *f)
{
    Ctrl c;

    g_assert_false(ctrl_recv(f, &c));
}

/* Linux's probe: DEVICE_READY, then PORT_READY for each port added. */
static void handshake(Fx *f)
{
    fx_driver(f, F_MULTIPORT, NQUEUES);
    ctrl_post_rx(f);
    ctrl_send(f, 0, VIRTIO_CONSOLE_DEVICE_READY, 1);
    expect_ctrl(f, 0, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
    expect_ctrl(f, 1, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
    expect_no_ctrl(f);
    ctrl_send(f, 0, VIRTIO_CONSOLE_PORT_READY, 1);
    expect_ctrl(f, 0, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
    expect_ctrl(f, 0, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);   /* ringbuf */
    ctrl_send(f, 1, VIRTIO_CONSOLE_PORT_READY, 1);
    expect_ctrl(f, 1, VIRTIO_CONSOLE_PORT_NAME, 1, "org.kemu.p");
    expect_ctrl(f, 1, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
    expect_no_ctrl(f);
}

static void test_config(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmpuint(vd_rd(&f.d, VM_DEVICE_ID), ==, VIRTIO_ID_CONSOLE);
    g_assert_true(vd_device_features(&f.d) & F_MULTIPORT);
    g_assert_cmpuint(vd_rd(&f.d, VM_CONFIG + 4), ==, MAX_PORTS);
    /* Two queues per port, two for control: 10, no more. */
    vd_wr(&f.d, VM_QUEUE_SEL, NQUEUES - 1);
    g_assert_cmpuint(vd_rd(&f.d, VM_QUEUE_NUM_MAX), >, 0);
    vd_wr(&f.d, VM_QUEUE_SEL, NQUEUES);
    g_assert_cmpuint(vd_rd(&f.d, VM_QUEUE_NUM_MAX), ==, 0);
    fx_cleanup(&f);
    /* One port: no MULTIPORT, no control queues. */
    fx_device(&f, 1);
    g_assert_false(vd_device_features(&f.d) & F_MULTIPORT);
    vd_wr(&f.d, VM_QUEUE_SEL, 2);
    g_assert_cmpuint(vd_rd(&f.d, VM_QUEUE_NUM_MAX), ==, 0);
    fx_cleanup(&f);
}

static void test_handshake(void)
{
    g_autofree char *log = NULL;
    DeviceState *dev;
    Fx f;

    fx_init(&f);
    handshake(&f);
    log = devtest_log_take();
    g_assert_cmpstr(log, ==, "");
    /* The guest opens the named port: no reply, no error. */
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    expect_no_ctrl(&f);
    /* A port plugged later is announced at once; unplugged, removed. */
    dev = add_port(&f, "virtserialport", NULL, ",name=late", &error_fatal);
    expect_ctrl(&f, 2, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
    ctrl_send(&f, 2, VIRTIO_CONSOLE_PORT_READY, 1);
    expect_ctrl(&f, 2, VIRTIO_CONSOLE_PORT_NAME, 1, "late");
    expect_no_ctrl(&f);             /* no chardev: the host is not there */
    qdev_unrealize(dev);
    expect_ctrl(&f, 2, VIRTIO_CONSOLE_PORT_REMOVE, 1, NULL);
    fx_cleanup(&f);
}

static void test_guest_to_host(void)
{
    uint32_t id, len;
    g_autofree char *out = NULL;
    Fx f;

    fx_init(&f);
    handshake(&f);
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    /* Port 1 transmits on queue 5, port 0 on queue 1. */
    ring_post(&f, 5, 0, "hello ", 6, false);
    ring_post(&f, 5, 1, "port", 4, false);
    ring_post(&f, 1, 0, "console", 7, false);
    g_assert_true(ring_used(&f, 5, &id, &len));
    g_assert_cmpuint(id, ==, 0);
    g_assert_true(ring_used(&f, 5, &id, &len));
    g_assert_cmpuint(id, ==, 1);
    out = devtest_ringbuf_take(f.port_chr);
    g_assert_cmpstr(out, ==, "hello port");
    g_free(out);
    out = devtest_ringbuf_take(f.con_chr);
    g_assert_cmpstr(out, ==, "console");
    fx_cleanup(&f);
}

static void test_host_to_guest_paced(void)
{
    char buf[16] = { 0 };
    uint32_t id, len;
    Fx f;

    fx_init(&f);
    handshake(&f);
    /* Not open by the guest yet: no input taken, even with buffers. */
    ring_post(&f, 4, 0, NULL, 8, true);
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 0);
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    /* Open, one 8-byte buffer: exactly 8 bytes are taken. */
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 8);
    g_assert_cmpint(devtest_inject(f.port_chr, "0123456789"), ==, 8);
    g_assert_true(ring_used(&f, 4, &id, &len));
    g_assert_cmpuint(id, ==, 0);
    g_assert_cmpuint(len, ==, 8);
    address_space_read(&address_space_memory, BUF(4, 0), buf, 8);
    g_assert_cmpstr(buf, ==, "01234567");
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 0);
    /* A new buffer takes the rest, in a buffer of its own. */
    ring_post(&f, 4, 1, NULL, 8, true);
    g_assert_cmpint(devtest_inject(f.port_chr, "89"), ==, 2);
    g_assert_true(ring_used(&f, 4, &id, &len));
    g_assert_cmpuint(id, ==, 1);
    g_assert_cmpuint(len, ==, 2);
    /* The interrupt reached the transport's line. */
    g_assert_cmpint(f.irq.level, ==, 1);
    /* Closed by the guest: input stops again. */
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_OPEN, 0);
    ring_post(&f, 4, 2, NULL, 8, true);
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 0);
    fx_cleanup(&f);
}

/* Without MULTIPORT, port 0 is a console that is open at DRIVER_OK. */
static void test_single_port(void)
{
    char buf[8] = { 0 };
    uint32_t id, len;
    Chardev *chr = devtest_ringbuf();
    Fx f;

    fx_device(&f, MAX_PORTS);
    g_assert_nonnull(add_port(&f, "virtconsole", chardev_id(chr), "",
                              &error_fatal));
    fx_driver(&f, 0, 2);
    ring_post(&f, 0, 0, NULL, 4, true);
    g_assert_cmpint(devtest_inject(chr, "abcdef"), ==, 4);
    g_assert_true(ring_used(&f, 0, &id, &len));
    g_assert_cmpuint(len, ==, 4);
    address_space_read(&address_space_memory, BUF(0, 0), buf, 4);
    g_assert_cmpstr(buf, ==, "abcd");
    fx_cleanup(&f);
}

static void expect_port_error(Fx *f, const char *type, const char *props,
                              const char *msg)
{
    Error *err = NULL;

    g_assert_null(add_port(f, type, NULL, props, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), msg));
    error_free(err);
}

static uint32_t port_nr(DeviceState *dev)
{
    return VIRTIO_SERIAL_PORT(dev)->id;
}

static void test_port_numbers(void)
{
    Error *err = NULL;
    DeviceState *dev;
    Fx f;

    fx_device(&f, MAX_PORTS);
    expect_port_error(&f, "virtserialport", ",nr=0", "reserved");
    expect_port_error(&f, "virtserialport", ",nr=4", "out of range");
    /* A serial port skips 0; the first console takes it. */
    dev = add_port(&f, "virtserialport", NULL, ",name=a", &error_fatal);
    g_assert_cmpuint(port_nr(dev), ==, 1);
    dev = add_port(&f, "virtconsole", NULL, "", &error_fatal);
    g_assert_cmpuint(port_nr(dev), ==, 0);
    dev = add_port(&f, "virtconsole", NULL, "", &error_fatal);
    g_assert_cmpuint(port_nr(dev), ==, 2);
    expect_port_error(&f, "virtserialport", ",nr=2", "already in use");
    expect_port_error(&f, "virtserialport", ",name=a", "already exists");
    dev = add_port(&f, "virtserialport", NULL, "", &error_fatal);
    g_assert_cmpuint(port_nr(dev), ==, 3);
    expect_port_error(&f, "virtserialport", "", "are in use");
    fx_cleanup(&f);
    /* max_ports beyond what the queues allow is refused. */
    f.vser = qdev_new(TYPE_VIRTIO_SERIAL);
    irq_probe_init(&f.irq);
    f.transport = virtio_mmio_create(0x0b000000, f.irq.irq);
    qdev_prop_set_uint32(f.vser, "max_ports", 32);
    g_assert_false(qdev_realize_and_unref(f.vser, child_bus(f.transport),
                                          &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "max_ports"));
    error_free(err);
    fx_cleanup(&f);
}

static void expect_log(const char *what)
{
    g_autofree char *log = devtest_log_take();

    g_assert_nonnull(strstr(log, what));
}

static void test_bad_control(void)
{
    uint32_t id, len;
    Fx f;

    fx_init(&f);
    handshake(&f);
    devtest_log_clear();
    ctrl_send(&f, 0, 99, 1);
    expect_log("unknown control event 99");
    ctrl_send(&f, 40, VIRTIO_CONSOLE_PORT_OPEN, 1);
    expect_log("port 40, which does not exist");
    ctrl_send(&f, 3, VIRTIO_CONSOLE_PORT_READY, 1);     /* no port 3 */
    expect_log("port 3, which does not exist");
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_READY, 0);
    expect_log("failed to add port 1");
    ctrl_send(&f, 0, VIRTIO_CONSOLE_DEVICE_READY, 0);
    expect_log("DEVICE_READY 0");
    ring_post(&f, Q_CTRL_TX, 5, "shrt", 4, false);
    g_assert_true(ring_used(&f, Q_CTRL_TX, &id, &len));
    expect_log("control message of 4 bytes");
    expect_no_ctrl(&f);
    /* Nothing broke: the device still answers. */
    g_assert_false(vd_rd(&f.d, VM_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    ctrl_send(&f, 0, VIRTIO_CONSOLE_PORT_READY, 1);
    expect_ctrl(&f, 0, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
    fx_cleanup(&f);
}

/* A driver reset forgets the guest's state; a new probe works again. */
static void test_reset(void)
{
    Fx f;

    fx_init(&f);
    handshake(&f);
    ctrl_send(&f, 1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    ring_post(&f, 4, 0, NULL, 8, true);
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 8);
    vd_wr(&f.d, VM_STATUS, 0);
    g_assert_cmpint(chardev_be_can_read(f.port_chr), ==, 0);
    handshake(&f);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", VD_RAM_SIZE,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), VD_RAM_BASE, &ram);
    g_test_add_func("/virtio-serial/config", test_config);
    g_test_add_func("/virtio-serial/handshake", test_handshake);
    g_test_add_func("/virtio-serial/guest-to-host", test_guest_to_host);
    g_test_add_func("/virtio-serial/host-to-guest-paced",
                    test_host_to_guest_paced);
    g_test_add_func("/virtio-serial/single-port", test_single_port);
    g_test_add_func("/virtio-serial/port-numbers", test_port_numbers);
    g_test_add_func("/virtio-serial/bad-control", test_bad_control);
    g_test_add_func("/virtio-serial/reset", test_reset);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
