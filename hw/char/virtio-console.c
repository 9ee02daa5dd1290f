/*
 * The chardev ports of virtio-serial, as QEMU names them:
 *   virtserialport,chardev=ID,name=NAME     a named port (/dev/vportNpM)
 *   virtconsole,chardev=ID[,name=NAME]      a console port (/dev/hvcN)
 *
 * Guest output goes to the chardev; chardev input goes to the guest only
 * as fast as the guest queues receive buffers (can_read is the room in
 * them), so nothing is dropped on the way in.  The backend connecting or
 * going away (a socket client) opens or closes the port for the guest.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "hw/char/virtio-serial.h"
#include "hw/qdev-properties.h"

#define TYPE_VIRTSERIALPORT "virtserialport"
#define TYPE_VIRTCONSOLE "virtconsole"

OBJECT_DECLARE_SIMPLE_TYPE(VirtConsole, VIRTSERIALPORT)

struct VirtConsole {
    VirtIOSerialPort parent_obj;
    Chardev *chr;
    CharFrontend fe;
};

static int vcon_can_read(void *opaque)
{
    return MIN(virtio_serial_guest_room(opaque), INT_MAX);
}

static void vcon_read(void *opaque, const uint8_t *buf, int len)
{
    /* can_read promised the room: every byte fits. */
    virtio_serial_write(opaque, buf, len);
}

static void vcon_event(void *opaque, ChardevEvent ev)
{
    if (ev == CHR_EVENT_OPENED || ev == CHR_EVENT_CLOSED) {
        virtio_serial_host_connected(opaque, ev == CHR_EVENT_OPENED);
    }
}

static void vcon_have_data(VirtIOSerialPort *port, const uint8_t *buf,
                           size_t len)
{
    VirtConsole *vc = VIRTSERIALPORT(port);

    while (len) {
        int n = MIN(len, INT_MAX);

        chardev_fe_write_all(&vc->fe, buf, n);
        buf += n;
        len -= n;
    }
}

static void vcon_guest_writable(VirtIOSerialPort *port)
{
    chardev_fe_accept_input(&VIRTSERIALPORT(port)->fe);
}

static bool vcon_realize(VirtIOSerialPort *port, Error **errp)
{
    VirtConsole *vc = VIRTSERIALPORT(port);

    if (!vc->chr) {
        return true;            /* output is dropped, no input */
    }
    if (!chardev_fe_init(&vc->fe, vc->chr, errp)) {
        return false;
    }
    chardev_fe_set_handlers(&vc->fe, vcon_can_read, vcon_read, vcon_event,
                            port);
    return true;
}

static void vcon_unrealize(VirtIOSerialPort *port)
{
    chardev_fe_deinit(&VIRTSERIALPORT(port)->fe);
}

static const Property vcon_props[] = {
    DEFINE_PROP_CHR("chardev", VirtConsole, chr),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtserialport_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtIOSerialPortClass *pc = VIRTIO_SERIAL_PORT_CLASS(klass);

    dc->desc = "virtio-serial port";
    dc->category = DEVICE_CATEGORY_INPUT;
    dc->user_creatable = true;
    device_class_set_props(dc, vcon_props);
    pc->realize = vcon_realize;
    pc->unrealize = vcon_unrealize;
    pc->have_data = vcon_have_data;
    pc->guest_writable = vcon_guest_writable;
}

static void virtconsole_class_init(ObjectClass *klass, const void *data)
{
    DEVICE_CLASS(klass)->desc = "virtio console (hvc)";
    VIRTIO_SERIAL_PORT_CLASS(klass)->is_console = true;
}

static const TypeInfo virtserialport_info = {
    .name = TYPE_VIRTSERIALPORT,
    .parent = TYPE_VIRTIO_SERIAL_PORT,
    .instance_size = sizeof(VirtConsole),
    .class_init = virtserialport_class_init,
};

static const TypeInfo virtconsole_info = {
    .name = TYPE_VIRTCONSOLE,
    .parent = TYPE_VIRTSERIALPORT,
    .class_init = virtconsole_class_init,
};

static void virtio_console_register_types(void)
{
    type_register_static(&virtserialport_info);
    type_register_static(&virtconsole_info);
}
type_init(virtio_console_register_types)
