/*
 * virtio-serial (virtio 1.x section 5.3, "console device"): one virtio
 * device with up to max_ports ports, each a pair of queues, and with the
 * MULTIPORT feature a control queue pair over which the device announces
 * its ports and both sides open and close them.
 *
 * The device ("virtio-serial-device") knows nothing of its transport; a
 * PCI wrapper only has to put one on its virtio bus.  Ports are devices on
 * the device's own bus ("virtio-serial-bus", named "<id>.0"):
 *
 *   -device virtio-serial-device,id=vser0[,max_ports=31]
 *   -device virtconsole,chardev=c0[,name=...][,nr=N]       (hvc in Linux)
 *   -device virtserialport,chardev=c1,name=org.example.0   (/dev/vportNpM)
 *
 * Queues: port 0 rx/tx are queues 0/1, control rx/tx 2/3, port n >= 1
 * rx/tx 2n+2/2n+3 (rx carries device -> guest data).
 *
 * A port type (hw/char/virtio-console.c) connects a port to its backend
 * through VirtIOSerialPortClass and the functions below.
 */
#ifndef HW_CHAR_VIRTIO_SERIAL_H
#define HW_CHAR_VIRTIO_SERIAL_H

#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_SERIAL "virtio-serial-device"
#define TYPE_VIRTIO_SERIAL_BUS "virtio-serial-bus"
#define TYPE_VIRTIO_SERIAL_PORT "virtio-serial-port"

/* Ports per device at most (queues: 2 * (ports + 1)). */
#define VIRTIO_SERIAL_MAX_PORTS 31

/* Control events (struct virtio_console_control.event). */
enum {
    VIRTIO_CONSOLE_DEVICE_READY = 0,
    VIRTIO_CONSOLE_PORT_ADD = 1,        /* also "DEVICE_ADD" */
    VIRTIO_CONSOLE_PORT_REMOVE = 2,
    VIRTIO_CONSOLE_PORT_READY = 3,
    VIRTIO_CONSOLE_CONSOLE_PORT = 4,
    VIRTIO_CONSOLE_RESIZE = 5,
    VIRTIO_CONSOLE_PORT_OPEN = 6,
    VIRTIO_CONSOLE_PORT_NAME = 7,
};

#define VIRTIO_CONSOLE_F_SIZE           0
#define VIRTIO_CONSOLE_F_MULTIPORT      1

typedef struct VirtIOSerial VirtIOSerial;
typedef struct VirtIOSerialPort VirtIOSerialPort;

struct VirtIOSerialPort {
    DeviceState parent_obj;
    VirtIOSerial *vser;
    uint32_t id;                /* "nr"; UINT32_MAX: pick a free one */
    char *name;
    VirtQueue *ivq;             /* device -> guest */
    VirtQueue *ovq;             /* guest -> device */
    VirtQueueElement *rx_elem;  /* guest buffer being filled, if any */
    size_t rx_off;              /* bytes already in rx_elem */
    bool guest_ready;           /* the guest sent PORT_READY for it */
    bool guest_connected;       /* the guest has the port open */
    bool host_connected;        /* the backend is connected */
};

typedef struct VirtIOSerialPortClass {
    DeviceClass parent_class;
    bool is_console;            /* announced with CONSOLE_PORT */
    /* Port type's realize, after the port got its id and queues. */
    bool (*realize)(VirtIOSerialPort *port, Error **errp);
    void (*unrealize)(VirtIOSerialPort *port);
    /* The guest sent len bytes (all are consumed). */
    void (*have_data)(VirtIOSerialPort *port, const uint8_t *buf, size_t len);
    /* The guest can take more data (buffers added, or port opened). */
    void (*guest_writable)(VirtIOSerialPort *port);
    /* The guest opened or closed the port. */
    void (*guest_open)(VirtIOSerialPort *port, bool open);
} VirtIOSerialPortClass;

#define VIRTIO_SERIAL_PORT(obj) \
    OBJECT_CHECK(VirtIOSerialPort, (obj), TYPE_VIRTIO_SERIAL_PORT)
#define VIRTIO_SERIAL_PORT_CLASS(klass) \
    OBJECT_CLASS_CHECK(VirtIOSerialPortClass, (klass), \
                       TYPE_VIRTIO_SERIAL_PORT)
#define VIRTIO_SERIAL_PORT_GET_CLASS(obj) \
    OBJECT_GET_CLASS(VirtIOSerialPortClass, (obj), TYPE_VIRTIO_SERIAL_PORT)

/*
 * Bytes the guest can take right now (0 when it has not opened the port
 * or has no buffer queued): what a chardev's can_read should say.
 */
size_t virtio_serial_guest_room(VirtIOSerialPort *port);
/* Copy up to len bytes into the guest's buffers; returns bytes taken. */
size_t virtio_serial_write(VirtIOSerialPort *port, const uint8_t *buf,
                           size_t len);
/* The backend connected or went away: PORT_OPEN 1/0 to the guest. */
void virtio_serial_host_connected(VirtIOSerialPort *port, bool connected);

#endif
