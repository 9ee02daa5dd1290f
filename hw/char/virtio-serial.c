/*
 * virtio-serial-device: the virtio console device with MULTIPORT, its
 * control queues and the bus its ports sit on (see
 * include/hw/char/virtio-serial.h).  Transport-neutral: it only talks to
 * the virtio core.
 *
 * The control protocol, as Linux's virtio_console drives it:
 *   guest: DEVICE_READY 1         device: PORT_ADD for every port
 *   guest: PORT_READY id 1        device: CONSOLE_PORT id 1 (consoles),
 *                                         PORT_NAME id + name (named ports),
 *                                         PORT_OPEN id 1 (backend connected)
 *   guest: PORT_OPEN id 0/1       (the guest closed/opened the port)
 * Control messages the guest gets wrong are logged (guest_errors) and
 * dropped; the device carries on.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/iov.h"
#include "hw/char/virtio-serial.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOSerial, VIRTIO_SERIAL)

#define VSER_QUEUE_SIZE 128
#define VSER_CTRL_LEN 8             /* le32 id, le16 event, le16 value */
G_STATIC_ASSERT(VSER_CTRL_LEN == sizeof(uint32_t) + 2 * sizeof(uint16_t));
/* Config: le16 cols, le16 rows, le32 max_nr_ports, le32 emerg_wr. */
#define VSER_CFG_MAX_PORTS 4
#define VSER_CFG_SIZE 12

struct VirtIOSerial {
    VirtIODevice parent_obj;
    uint32_t max_ports;
    BusState *bus;
    VirtQueue *c_ivq;               /* control, device -> guest */
    VirtQueue *c_ovq;               /* control, guest -> device */
    VirtQueue *ivqs[VIRTIO_SERIAL_MAX_PORTS];
    VirtQueue *ovqs[VIRTIO_SERIAL_MAX_PORTS];
    GQueue ctrl_out;                /* GByteArray *, waiting for buffers */
    bool driver_ready;              /* DEVICE_READY 1 received */
};

static VirtIOSerialPortClass *port_class(VirtIOSerialPort *port)
{
    return VIRTIO_SERIAL_PORT_GET_CLASS(port);
}

/* The realized (or realizing) port with this id, or NULL. */
static VirtIOSerialPort *find_port(VirtIOSerial *s, uint32_t id)
{
    for (guint i = 0; s->bus && i < s->bus->children->len; i++) {
        VirtIOSerialPort *port = g_ptr_array_index(s->bus->children, i);

        if (port->vser && port->id == id) {
            return port;
        }
    }
    return NULL;
}

static VirtIOSerialPort *find_port_by_vq(VirtIOSerial *s, VirtQueue *vq)
{
    for (guint i = 0; s->bus && i < s->bus->children->len; i++) {
        VirtIOSerialPort *port = g_ptr_array_index(s->bus->children, i);

        if (port->vser && (port->ivq == vq || port->ovq == vq)) {
            return port;
        }
    }
    return NULL;
}

static bool multiport(VirtIOSerial *s)
{
    return virtio_vdev_has_feature(VIRTIO_DEVICE(s),
                                   VIRTIO_CONSOLE_F_MULTIPORT);
}

static bool driver_ok(VirtIOSerial *s)
{
    return VIRTIO_DEVICE(s)->status & VIRTIO_CONFIG_S_DRIVER_OK;
}

/* ---- Control: device -> guest ---- */

/* Move queued control messages into the guest's control buffers. */
static void ctrl_flush(VirtIOSerial *s)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    bool pushed = false;

    while (!g_queue_is_empty(&s->ctrl_out)) {
        GByteArray *msg = g_queue_peek_head(&s->ctrl_out);
        VirtQueueElement *elem = virtqueue_pop(s->c_ivq, sizeof(*elem));
        size_t room;

        if (!elem) {
            break;
        }
        room = iov_size(elem->in_sg, elem->in_num);
        if (room < msg->len) {
            kemu_log_mask(LOG_GUEST_ERROR, "%s: control buffer of %zu "
                          "bytes is too small for a %u-byte message\n",
                          vdev->name, room, msg->len);
            virtqueue_push(s->c_ivq, elem, 0);
        } else {
            iov_from_buf(elem->in_sg, elem->in_num, 0, msg->data, msg->len);
            virtqueue_push(s->c_ivq, elem, msg->len);
        }
        g_free(elem);
        g_byte_array_unref(g_queue_pop_head(&s->ctrl_out));
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, s->c_ivq);
    }
}

/* Queue a control message (with extra bytes after it) and send it. */
static void ctrl_send(VirtIOSerial *s, uint32_t id, uint16_t event,
                      uint16_t value, const char *extra)
{
    uint32_t le_id = GUINT32_TO_LE(id);
    uint16_t le_ev = GUINT16_TO_LE(event), le_val = GUINT16_TO_LE(value);
    GByteArray *msg;

    if (!driver_ok(s) || !multiport(s)) {
        return;
    }
    msg = g_byte_array_new();
    g_byte_array_append(msg, (uint8_t *)&le_id, 4);
    g_byte_array_append(msg, (uint8_t *)&le_ev, 2);
    g_byte_array_append(msg, (uint8_t *)&le_val, 2);
    if (extra) {
        g_byte_array_append(msg, (const uint8_t *)extra, strlen(extra));
    }
    g_queue_push_tail(&s->ctrl_out, msg);
    ctrl_flush(s);
}

static void handle_ctrl_in(VirtIODevice *vdev, VirtQueue *vq)
{
    ctrl_flush(VIRTIO_SERIAL(vdev));
}

/* ---- Control: guest -> device ---- */

static void port_set_guest_open(VirtIOSerialPort *port, bool open)
{
    VirtIOSerialPortClass *pc = port_class(port);

    port->guest_connected = open;
    if (pc->guest_open) {
        pc->guest_open(port, open);
    }
    if (open && pc->guest_writable) {
        pc->guest_writable(port);
    }
}

/* The guest set the port up: tell it what the port is. */
static void port_guest_ready(VirtIOSerial *s, VirtIOSerialPort *port)
{
    port->guest_ready = true;
    if (port_class(port)->is_console) {
        ctrl_send(s, port->id, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
    }
    if (port->name) {
        ctrl_send(s, port->id, VIRTIO_CONSOLE_PORT_NAME, 1, port->name);
    }
    if (port->host_connected) {
        ctrl_send(s, port->id, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
    }
}

static void device_ready(VirtIOSerial *s, uint16_t value)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);

    if (!value) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: the driver failed to set the "
                      "device up (DEVICE_READY 0)\n", vdev->name);
        return;
    }
    s->driver_ready = true;
    for (guint i = 0; i < s->bus->children->len; i++) {
        VirtIOSerialPort *port = g_ptr_array_index(s->bus->children, i);

        if (port->vser) {
            ctrl_send(s, port->id, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
        }
    }
}

static void handle_ctrl_msg(VirtIOSerial *s, uint32_t id, uint16_t event,
                            uint16_t value)
{
    const char *name = VIRTIO_DEVICE(s)->name;
    VirtIOSerialPort *port;

    if (event == VIRTIO_CONSOLE_DEVICE_READY) {
        device_ready(s, value);
        return;
    }
    if (event != VIRTIO_CONSOLE_PORT_READY &&
        event != VIRTIO_CONSOLE_PORT_OPEN) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: unknown control event %u "
                      "(port %u)\n", name, event, id);
        return;
    }
    port = find_port(s, id);
    if (!port) {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: control event %u for port %u, "
                      "which does not exist (max_ports %u)\n", name, event,
                      id, s->max_ports);
        return;
    }
    if (event == VIRTIO_CONSOLE_PORT_OPEN) {
        port_set_guest_open(port, value);
    } else if (value) {
        port_guest_ready(s, port);
    } else {
        kemu_log_mask(LOG_GUEST_ERROR, "%s: the driver failed to add port "
                      "%u (PORT_READY 0)\n", name, id);
    }
}

static void handle_ctrl_out(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *s = VIRTIO_SERIAL(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        size_t len = iov_size(elem->out_sg, elem->out_num);
        struct {
            uint32_t id;
            uint16_t event, value;
        } msg;

        if (len < VSER_CTRL_LEN) {
            kemu_log_mask(LOG_GUEST_ERROR, "%s: control message of %zu "
                          "bytes (want %d)\n", vdev->name, len,
                          VSER_CTRL_LEN);
        } else {
            iov_to_buf(elem->out_sg, elem->out_num, 0, &msg, sizeof(msg));
            handle_ctrl_msg(s, GUINT32_FROM_LE(msg.id),
                            GUINT16_FROM_LE(msg.event),
                            GUINT16_FROM_LE(msg.value));
        }
        virtqueue_push(vq, elem, 0);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

/* ---- Port data ---- */

/* Guest -> device: hand every buffer to the port (dropped without one). */
static void handle_port_out(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *port = find_port_by_vq(VIRTIO_SERIAL(vdev), vq);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        for (unsigned i = 0; port && i < elem->out_num; i++) {
            if (elem->out_sg[i].iov_len && port_class(port)->have_data) {
                port_class(port)->have_data(port, elem->out_sg[i].iov_base,
                                            elem->out_sg[i].iov_len);
            }
        }
        virtqueue_push(vq, elem, 0);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

/* The guest queued receive buffers: the backend may send again. */
static void handle_port_in(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *port = find_port_by_vq(VIRTIO_SERIAL(vdev), vq);

    if (port && port_class(port)->guest_writable) {
        port_class(port)->guest_writable(port);
    }
}

static bool port_rx_open(VirtIOSerialPort *port)
{
    return port->vser && port->guest_connected && driver_ok(port->vser);
}

size_t virtio_serial_guest_room(VirtIOSerialPort *port)
{
    while (port_rx_open(port)) {
        size_t room;

        if (!port->rx_elem) {
            port->rx_elem = virtqueue_pop(port->ivq, sizeof(VirtQueueElement));
            port->rx_off = 0;
            if (!port->rx_elem) {
                return 0;
            }
        }
        room = iov_size(port->rx_elem->in_sg, port->rx_elem->in_num);
        if (room > port->rx_off) {
            return room - port->rx_off;
        }
        /* A full (or empty, zero-length) buffer goes back to the guest. */
        virtqueue_push(port->ivq, port->rx_elem, port->rx_off);
        g_clear_pointer(&port->rx_elem, g_free);
        virtio_notify(VIRTIO_DEVICE(port->vser), port->ivq);
    }
    return 0;
}

size_t virtio_serial_write(VirtIOSerialPort *port, const uint8_t *buf,
                           size_t len)
{
    size_t done = 0;

    while (done < len) {
        size_t n = MIN(virtio_serial_guest_room(port), len - done);
        VirtQueueElement *elem = port->rx_elem;

        if (!n) {
            break;
        }
        iov_from_buf(elem->in_sg, elem->in_num, port->rx_off, buf + done, n);
        port->rx_off += n;
        done += n;
        /* Hand each write over at once rather than waiting to fill it. */
        virtqueue_push(port->ivq, elem, port->rx_off);
        g_clear_pointer(&port->rx_elem, g_free);
    }
    if (done) {
        virtio_notify(VIRTIO_DEVICE(port->vser), port->ivq);
    }
    return done;
}

void virtio_serial_host_connected(VirtIOSerialPort *port, bool connected)
{
    if (port->host_connected == connected) {
        return;
    }
    port->host_connected = connected;
    if (port->vser && port->guest_ready) {
        ctrl_send(port->vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, connected,
                  NULL);
    }
}

/* Give a half-filled receive buffer back unused (reset, unplug). */
static void port_drop_rx(VirtIOSerialPort *port)
{
    if (port->rx_elem) {
        virtqueue_detach_element(port->ivq, port->rx_elem);
        g_clear_pointer(&port->rx_elem, g_free);
    }
}

/* ---- The device ---- */

static void virtio_serial_get_config(VirtIODevice *vdev, uint8_t *config)
{
    uint32_t max_ports = GUINT32_TO_LE(VIRTIO_SERIAL(vdev)->max_ports);

    memset(config, 0, VSER_CFG_SIZE);
    memcpy(config + VSER_CFG_MAX_PORTS, &max_ports, 4);
}

static uint64_t virtio_serial_get_features(VirtIODevice *vdev)
{
    return VIRTIO_SERIAL(vdev)->max_ports > 1 ?
           1ULL << VIRTIO_CONSOLE_F_MULTIPORT : 0;
}

/* Without MULTIPORT, port 0 is a console that is open once DRIVER_OK. */
static void virtio_serial_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIOSerial *s = VIRTIO_SERIAL(vdev);
    VirtIOSerialPort *port0 = find_port(s, 0);

    if ((status & VIRTIO_CONFIG_S_DRIVER_OK) && !multiport(s) && port0 &&
        !port0->guest_connected) {
        port_set_guest_open(port0, true);
    }
}

static void virtio_serial_reset(VirtIODevice *vdev)
{
    VirtIOSerial *s = VIRTIO_SERIAL(vdev);

    g_queue_clear_full(&s->ctrl_out, (GDestroyNotify)g_byte_array_unref);
    s->driver_ready = false;
    for (guint i = 0; s->bus && i < s->bus->children->len; i++) {
        VirtIOSerialPort *port = g_ptr_array_index(s->bus->children, i);

        port_drop_rx(port);
        port->guest_ready = false;
        if (port->guest_connected) {
            port_set_guest_open(port, false);
        }
    }
}

/*
 * The port bus is "ID.0" after the device's id or, when it has none,
 * its transport's: the inner device of -device virtio-serial-pci,id=vser0
 * has bus vser0.0, as in QEMU.
 */
static char *virtio_serial_bus_name(DeviceState *dev)
{
    DeviceState *proxy = dev->parent_bus ? dev->parent_bus->parent : NULL;

    if (!dev->id && proxy && proxy->id) {
        return g_strdup_printf("%s.0", proxy->id);
    }
    return NULL;
}

static bool virtio_serial_realize(DeviceState *dev, Error **errp)
{
    VirtIOSerial *s = VIRTIO_SERIAL(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    g_autofree char *bus_name = virtio_serial_bus_name(dev);

    if (s->max_ports < 1 || s->max_ports > VIRTIO_SERIAL_MAX_PORTS) {
        error_setg(errp, "%s: max_ports: %u is not 1 to %d",
                   TYPE_VIRTIO_SERIAL, s->max_ports, VIRTIO_SERIAL_MAX_PORTS);
        return false;
    }
    virtio_init(vdev, TYPE_VIRTIO_SERIAL, VIRTIO_ID_CONSOLE, VSER_CFG_SIZE);
    for (uint32_t i = 0; i < s->max_ports; i++) {
        s->ivqs[i] = virtio_add_queue(vdev, VSER_QUEUE_SIZE, handle_port_in);
        s->ovqs[i] = virtio_add_queue(vdev, VSER_QUEUE_SIZE, handle_port_out);
        /* Control queues exist only with MULTIPORT (offered then). */
        if (i == 0 && s->max_ports > 1) {
            s->c_ivq = virtio_add_queue(vdev, VSER_QUEUE_SIZE,
                                        handle_ctrl_in);
            s->c_ovq = virtio_add_queue(vdev, VSER_QUEUE_SIZE,
                                        handle_ctrl_out);
        }
    }
    g_queue_init(&s->ctrl_out);
    s->bus = qbus_new(TYPE_VIRTIO_SERIAL_BUS, dev, bus_name);
    return true;
}

/* The ports on the bus were unrealized first. */
static void virtio_serial_unrealize(DeviceState *dev)
{
    VirtIOSerial *s = VIRTIO_SERIAL(dev);

    g_queue_clear_full(&s->ctrl_out, (GDestroyNotify)g_byte_array_unref);
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static const Property virtio_serial_props[] = {
    DEFINE_PROP_UINT32("max_ports", VirtIOSerial, max_ports,
                       VIRTIO_SERIAL_MAX_PORTS),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_serial_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio serial ports and consoles";
    dc->category = DEVICE_CATEGORY_INPUT;
    dc->user_creatable = true;
    dc->realize = virtio_serial_realize;
    dc->unrealize = virtio_serial_unrealize;
    device_class_set_props(dc, virtio_serial_props);
    vdc->get_features = virtio_serial_get_features;
    vdc->get_config = virtio_serial_get_config;
    vdc->set_status = virtio_serial_set_status;
    vdc->reset = virtio_serial_reset;
}

/* ---- Ports (the base type of virtconsole and virtserialport) ---- */

static bool port_id_free(VirtIOSerial *s, uint32_t id)
{
    return !find_port(s, id);
}

/* nr=N, or the first free number (0 is kept for a virtconsole). */
static bool port_assign_id(VirtIOSerial *s, VirtIOSerialPort *port,
                           Error **errp)
{
    const char *type = object_get_typename(OBJECT(port));
    bool console = port_class(port)->is_console;
    uint32_t id;

    if (port->id != UINT32_MAX) {
        if (port->id >= s->max_ports) {
            error_setg(errp, "%s: nr: port %u is out of range (max_ports "
                       "is %u)", type, port->id, s->max_ports);
            return false;
        }
        if (port->id == 0 && !console) {
            error_setg(errp, "%s: nr: port 0 is reserved for virtconsole",
                       type);
            return false;
        }
        if (!port_id_free(s, port->id)) {
            error_setg(errp, "%s: nr: port %u is already in use", type,
                       port->id);
            return false;
        }
        return true;
    }
    id = console && port_id_free(s, 0) ? 0 : 1;
    while (id < s->max_ports && !port_id_free(s, id)) {
        id++;
    }
    if (id >= s->max_ports) {
        error_setg(errp, "%s: all %u ports of the device are in use "
                   "(max_ports)", type, s->max_ports);
        return false;
    }
    port->id = id;
    return true;
}

static bool port_name_free(VirtIOSerial *s, const char *name)
{
    for (guint i = 0; i < s->bus->children->len; i++) {
        VirtIOSerialPort *other = g_ptr_array_index(s->bus->children, i);

        if (other->vser && other->name && !strcmp(other->name, name)) {
            return false;
        }
    }
    return true;
}

static bool port_realize(DeviceState *dev, Error **errp)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);
    VirtIOSerialPortClass *pc = port_class(port);
    VirtIOSerial *s = VIRTIO_SERIAL(dev->parent_bus->parent);

    if (!port_assign_id(s, port, errp)) {
        return false;
    }
    if (port->name && !port_name_free(s, port->name)) {
        error_setg(errp, "%s: name: a port named '%s' already exists",
                   object_get_typename(OBJECT(dev)), port->name);
        return false;
    }
    port->ivq = s->ivqs[port->id];
    port->ovq = s->ovqs[port->id];
    port->vser = s;
    if (pc->realize && !pc->realize(port, errp)) {
        port->vser = NULL;
        return false;
    }
    if (s->driver_ready) {
        ctrl_send(s, port->id, VIRTIO_CONSOLE_PORT_ADD, 1, NULL);
    }
    return true;
}

static void port_unrealize(DeviceState *dev)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);
    VirtIOSerial *s = port->vser;

    if (port_class(port)->unrealize) {
        port_class(port)->unrealize(port);
    }
    port_drop_rx(port);
    if (s && s->driver_ready) {
        ctrl_send(s, port->id, VIRTIO_CONSOLE_PORT_REMOVE, 1, NULL);
    }
    port->vser = NULL;
}

static const Property port_props[] = {
    DEFINE_PROP_UINT32("nr", VirtIOSerialPort, id, UINT32_MAX),
    DEFINE_PROP_STRING("name", VirtIOSerialPort, name),
    DEFINE_PROP_END_OF_LIST(),
};

static void port_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_VIRTIO_SERIAL_BUS;
    dc->realize = port_realize;
    dc->unrealize = port_unrealize;
    device_class_set_props(dc, port_props);
}

static const TypeInfo virtio_serial_info = {
    .name = TYPE_VIRTIO_SERIAL,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOSerial),
    .class_init = virtio_serial_class_init,
};

static const TypeInfo virtio_serial_bus_info = {
    .name = TYPE_VIRTIO_SERIAL_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(BusState),
    .class_size = sizeof(BusClass),
};

static const TypeInfo virtio_serial_port_info = {
    .name = TYPE_VIRTIO_SERIAL_PORT,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIOSerialPort),
    .class_size = sizeof(VirtIOSerialPortClass),
    .class_init = port_class_init,
    .abstract = true,
};

static void virtio_serial_register_types(void)
{
    type_register_static(&virtio_serial_info);
    type_register_static(&virtio_serial_bus_info);
    type_register_static(&virtio_serial_port_info);
}
type_init(virtio_serial_register_types)
