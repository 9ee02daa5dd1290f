/*
 * i8042 PS/2 controller and AT keyboard.
 *
 * Bytes for the guest wait in three queues: controller replies, keyboard
 * bytes and aux bytes, served in that order into the one-byte output
 * buffer whenever it is empty.  Keyboard bytes pass the set 2 -> set 1
 * translation when command byte bit 6 is set.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/input/i8042.h"
#include "system/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(KBDState, I8042)

#define STAT_OBF        0x01
#define STAT_SYS        0x04
#define STAT_CMD        0x08    /* last write went to port 0x64 */
#define STAT_UNLOCKED   0x10
#define STAT_AUX_OBF    0x20

#define MODE_KBD_INT    0x01
#define MODE_AUX_INT    0x02
#define MODE_SYS        0x04
#define MODE_KBD_OFF    0x10
#define MODE_AUX_OFF    0x20
#define MODE_XLATE      0x40

#define OUT_RESET       0x01    /* active low */
#define OUT_A20         0x02
#define OUT_KBD_OBF     0x10
#define OUT_AUX_OBF     0x20

#define KBD_ACK         0xfa
#define KBD_RESEND      0xfe
#define QUEUE_SIZE      64
#define FROM_AUX        0x100   /* queue entry flag */

typedef struct ByteQueue {
    uint16_t data[QUEUE_SIZE];
    unsigned head, count;
} ByteQueue;

struct KBDState {
    SysBusDevice parent_obj;
    MemoryRegion data_io, cmd_io;
    qemu_irq kbd_irq, aux_irq, a20;
    uint8_t mode, outport, pending_cmd;
    bool cmd_flag, self_tested;
    bool obf, out_aux;
    uint8_t out_byte;
    ByteQueue ctrl, kbd, aux;
    bool xlate_break;
    /* The keyboard. */
    bool scanning;
    uint8_t scan_set, leds, kbd_pending;
};

/* Scan code set 1 (index) to set 2, for the keys of a 102-key board. */
static const uint8_t set1_to_set2[0x59] = {
    0x00, 0x76, 0x16, 0x1e, 0x26, 0x25, 0x2e, 0x36,
    0x3d, 0x3e, 0x46, 0x45, 0x4e, 0x55, 0x66, 0x0d,
    0x15, 0x1d, 0x24, 0x2d, 0x2c, 0x35, 0x3c, 0x43,
    0x44, 0x4d, 0x54, 0x5b, 0x5a, 0x14, 0x1c, 0x1b,
    0x23, 0x2b, 0x34, 0x33, 0x3b, 0x42, 0x4b, 0x4c,
    0x52, 0x0e, 0x12, 0x5d, 0x1a, 0x22, 0x21, 0x2a,
    0x32, 0x31, 0x3a, 0x41, 0x49, 0x4a, 0x59, 0x7c,
    0x11, 0x29, 0x58, 0x05, 0x06, 0x04, 0x0c, 0x03,
    0x0b, 0x83, 0x0a, 0x01, 0x09, 0x77, 0x7e, 0x6c,
    0x75, 0x7d, 0x7b, 0x6b, 0x73, 0x74, 0x79, 0x69,
    0x72, 0x7a, 0x70, 0x71, 0x84, 0x00, 0x61, 0x78,
    0x07,
};

/* The controller's translation: the inverse table, 0 where unmapped. */
static uint8_t set2_to_set1[256];

static void queue_push(KBDState *s, ByteQueue *q, uint16_t v)
{
    if (q->count == QUEUE_SIZE) {
        kemu_log_mask(LOG_GUEST_ERROR, "i8042: output queue full, byte "
                      "0x%02x dropped\n", v & 0xff);
        return;
    }
    q->data[(q->head + q->count++) % QUEUE_SIZE] = v;
}

static uint16_t queue_pop(ByteQueue *q)
{
    uint16_t v = q->data[q->head];

    q->head = (q->head + 1) % QUEUE_SIZE;
    q->count--;
    return v;
}

static void kbd_update_irq(KBDState *s)
{
    bool kbd = s->obf && !s->out_aux;
    bool aux = s->obf && s->out_aux;

    s->outport = (s->outport & ~(OUT_KBD_OBF | OUT_AUX_OBF)) |
                 (kbd ? OUT_KBD_OBF : 0) | (aux ? OUT_AUX_OBF : 0);
    qemu_set_irq(s->kbd_irq, kbd && (s->mode & MODE_KBD_INT));
    qemu_set_irq(s->aux_irq, aux && (s->mode & MODE_AUX_INT));
}

static void kbd_output(KBDState *s, uint16_t v)
{
    s->out_byte = v;
    s->out_aux = v & FROM_AUX;
    s->obf = true;
}

/* A keyboard byte through the translation; false if it was a prefix. */
static bool kbd_translate(KBDState *s, uint8_t *b)
{
    if (!(s->mode & MODE_XLATE)) {
        return true;
    }
    if (*b == 0xf0) {
        s->xlate_break = true;
        return false;
    }
    if (set2_to_set1[*b]) {
        *b = set2_to_set1[*b] | (s->xlate_break ? 0x80 : 0);
    }
    s->xlate_break = false;
    return true;
}

/* Fill an empty output buffer from the queues. */
static void kbd_refill(KBDState *s)
{
    while (!s->obf) {
        if (s->ctrl.count) {
            kbd_output(s, queue_pop(&s->ctrl));
        } else if (!(s->mode & MODE_KBD_OFF) && s->kbd.count) {
            uint8_t b = queue_pop(&s->kbd);

            if (kbd_translate(s, &b)) {
                kbd_output(s, b);
            }
        } else if (!(s->mode & MODE_AUX_OFF) && s->aux.count) {
            kbd_output(s, queue_pop(&s->aux));
        } else {
            break;
        }
    }
    kbd_update_irq(s);
}

static void kbd_reply(KBDState *s, int n, const uint8_t *bytes)
{
    for (int i = 0; i < n; i++) {
        queue_push(s, &s->kbd, bytes[i]);
    }
}

static void kbd_set_defaults(KBDState *s)
{
    s->scan_set = 2;
    s->leds = 0;
}

/* A byte that completes a two-byte keyboard command. */
static void kbd_write_param(KBDState *s, uint8_t val)
{
    static const uint8_t ack = KBD_ACK;
    uint8_t reply[2] = { KBD_ACK, 0 };

    switch (s->kbd_pending) {
    case 0xed:
        s->leds = val & 7;
        break;
    case 0xf0:
        if (val == 0) {
            reply[1] = s->scan_set;
            kbd_reply(s, 2, reply);
            s->kbd_pending = 0;
            return;
        }
        if (val != 2) {
            kemu_log_mask(LOG_UNIMP, "i8042: scan code set %d; the keyboard "
                          "keeps set %s\n", val, val == 1 ? "1" : "2");
        }
        s->scan_set = val == 1 ? 1 : 2;
        break;
    default:                    /* 0xf3: typematic rate, not modelled */
        break;
    }
    s->kbd_pending = 0;
    kbd_reply(s, 1, &ack);
}

static void kbd_write_keyboard(KBDState *s, uint8_t val)
{
    static const uint8_t ack = KBD_ACK, resend = KBD_RESEND, echo = 0xee;
    static const uint8_t reset_ok[] = { KBD_ACK, 0xaa };
    static const uint8_t id[] = { KBD_ACK, 0xab, 0x83 };

    if (s->kbd_pending) {
        kbd_write_param(s, val);
        return;
    }
    switch (val) {
    case 0xff:
        s->kbd.count = 0;
        s->scanning = true;
        kbd_set_defaults(s);
        kbd_reply(s, 2, reset_ok);
        break;
    case 0xf2:
        kbd_reply(s, 3, id);
        break;
    case 0xed:
    case 0xf0:
    case 0xf3:
        s->kbd_pending = val;
        kbd_reply(s, 1, &ack);
        break;
    case 0xee:
        kbd_reply(s, 1, &echo);
        break;
    case 0xf4:
        s->scanning = true;
        kbd_reply(s, 1, &ack);
        break;
    case 0xf5:
        s->scanning = false;
        kbd_set_defaults(s);
        kbd_reply(s, 1, &ack);
        break;
    case 0xf6:
        kbd_set_defaults(s);
        kbd_reply(s, 1, &ack);
        break;
    case 0xf7 ... 0xfe:         /* set 3 key modes, resend */
        kbd_reply(s, 1, &ack);
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "i8042: unknown keyboard command "
                      "0x%02x\n", val);
        kbd_reply(s, 1, &resend);
        break;
    }
}

static void kbd_write_outport(KBDState *s, uint8_t val)
{
    if ((val ^ s->outport) & OUT_A20) {
        qemu_set_irq(s->a20, (val & OUT_A20) != 0);
    }
    s->outport = val;
    if (!(val & OUT_RESET)) {
        /* The reset line is a pulse: it goes back high by itself. */
        s->outport |= OUT_RESET;
        kemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static void kbd_ctrl_reply(KBDState *s, uint8_t v)
{
    queue_push(s, &s->ctrl, v);
}

static void kbd_write_command(KBDState *s, uint8_t cmd)
{
    switch (cmd) {
    case 0x20:
        kbd_ctrl_reply(s, s->mode);
        break;
    case 0x60:
    case 0xd1 ... 0xd4:
        s->pending_cmd = cmd;
        break;
    case 0xa7:
        s->mode |= MODE_AUX_OFF;
        break;
    case 0xa8:
        s->mode &= ~MODE_AUX_OFF;
        break;
    case 0xa9:                  /* aux interface test: OK */
    case 0xab:                  /* keyboard interface test: OK */
    case 0xe0:                  /* test inputs */
        kbd_ctrl_reply(s, 0x00);
        break;
    case 0xaa:
        s->self_tested = true;
        kbd_ctrl_reply(s, 0x55);
        break;
    case 0xad:
        s->mode |= MODE_KBD_OFF;
        break;
    case 0xae:
        s->mode &= ~MODE_KBD_OFF;
        break;
    case 0xc0:                  /* input port: keyboard not inhibited */
        kbd_ctrl_reply(s, 0x80);
        break;
    case 0xd0:
        kbd_ctrl_reply(s, s->outport);
        break;
    case 0xdd:
    case 0xdf:
        kbd_write_outport(s, (s->outport & ~OUT_A20) |
                             (cmd == 0xdf ? OUT_A20 : 0));
        break;
    case 0xf0 ... 0xff:         /* pulse the output port bits that are 0 */
        if (!(cmd & OUT_RESET)) {
            kbd_write_outport(s, s->outport & ~OUT_RESET);
        }
        break;
    default:
        kemu_log_mask(LOG_GUEST_ERROR, "i8042: unknown command 0x%02x\n",
                      cmd);
        break;
    }
}

static void kbd_write_data(KBDState *s, uint8_t val)
{
    uint8_t cmd = s->pending_cmd;

    s->pending_cmd = 0;
    switch (cmd) {
    case 0:
        /* Talking to the keyboard re-enables its interface. */
        s->mode &= ~MODE_KBD_OFF;
        kbd_write_keyboard(s, val);
        break;
    case 0x60:
        s->mode = val;
        break;
    case 0xd1:
        kbd_write_outport(s, val);
        break;
    case 0xd2:
        kbd_ctrl_reply(s, val);
        break;
    case 0xd3:
        queue_push(s, &s->ctrl, FROM_AUX | val);
        break;
    default:                    /* 0xd4: no mouse answers */
        queue_push(s, &s->aux, FROM_AUX | KBD_RESEND);
        break;
    }
}

static uint64_t kbd_status_read(void *opaque, hwaddr addr, unsigned size)
{
    KBDState *s = opaque;

    return (s->obf ? STAT_OBF : 0) | (s->out_aux ? STAT_AUX_OBF : 0) |
           ((s->self_tested || (s->mode & MODE_SYS)) ? STAT_SYS : 0) |
           (s->cmd_flag ? STAT_CMD : 0) | STAT_UNLOCKED;
}

static void kbd_command_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    KBDState *s = opaque;

    s->cmd_flag = true;
    kbd_write_command(s, val);
    kbd_refill(s);
}

static uint64_t kbd_data_read(void *opaque, hwaddr addr, unsigned size)
{
    KBDState *s = opaque;
    uint8_t v = s->out_byte;

    /* Drop the line before the next byte: IRQ1 and IRQ12 are edges. */
    s->obf = false;
    kbd_update_irq(s);
    kbd_refill(s);
    return v;
}

static void kbd_data_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    KBDState *s = opaque;

    s->cmd_flag = false;
    kbd_write_data(s, val);
    kbd_refill(s);
}

static const MemoryRegionOps kbd_data_ops = {
    .read = kbd_data_read,
    .write = kbd_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps kbd_cmd_ops = {
    .read = kbd_status_read,
    .write = kbd_command_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

void kbd_put_keycode(DeviceState *dev, int keycode)
{
    KBDState *s = I8042(dev);
    uint8_t code = keycode & 0x7f;

    if (!s->scanning) {
        return;
    }
    if (s->scan_set == 1 || keycode == 0xe0 || keycode == 0xe1) {
        queue_push(s, &s->kbd, keycode & 0xff);
    } else if (code < sizeof(set1_to_set2) && set1_to_set2[code]) {
        if (keycode & 0x80) {
            queue_push(s, &s->kbd, 0xf0);
        }
        queue_push(s, &s->kbd, set1_to_set2[code]);
    } else {
        kemu_log_mask(LOG_UNIMP, "i8042: no set 2 code for key 0x%02x\n",
                      keycode);
        return;
    }
    kbd_refill(s);
}

/* As a BIOS leaves it: translation on, keyboard interrupt on. */
static void i8042_reset(DeviceState *dev)
{
    KBDState *s = I8042(dev);

    s->mode = MODE_KBD_INT | MODE_SYS | MODE_XLATE;
    s->outport = OUT_RESET | OUT_A20;
    qemu_set_irq(s->a20, 1);
    s->pending_cmd = 0;
    s->cmd_flag = false;
    s->self_tested = false;
    s->obf = false;
    s->out_aux = false;
    s->ctrl.count = s->kbd.count = s->aux.count = 0;
    s->xlate_break = false;
    s->scanning = true;
    s->kbd_pending = 0;
    kbd_set_defaults(s);
    kbd_update_irq(s);
}

static bool i8042_realize(DeviceState *dev, Error **errp)
{
    i8042_reset(dev);
    return true;
}

static void i8042_unrealize(DeviceState *dev)
{
    KBDState *s = I8042(dev);

    if (s->data_io.container) {
        memory_region_del_subregion(s->data_io.container, &s->data_io);
        memory_region_del_subregion(s->cmd_io.container, &s->cmd_io);
    }
}

static void i8042_init(Object *obj)
{
    KBDState *s = I8042(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->data_io, "i8042", &kbd_data_ops, s,
                          "i8042-data", 1);
    memory_region_init_io(&s->cmd_io, "i8042", &kbd_cmd_ops, s,
                          "i8042-cmd", 1);
    qdev_init_gpio_out_named(dev, &s->kbd_irq, "kbd-irq", 1);
    qdev_init_gpio_out_named(dev, &s->aux_irq, "aux-irq", 1);
    qdev_init_gpio_out_named(dev, &s->a20, "a20", 1);
}

static void i8042_finalize(Object *obj)
{
    KBDState *s = I8042(obj);

    memory_region_finalize(&s->data_io);
    memory_region_finalize(&s->cmd_io);
}

static void i8042_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "PS/2 keyboard controller with AT keyboard";
    dc->category = DEVICE_CATEGORY_INPUT;
    dc->realize = i8042_realize;
    dc->unrealize = i8042_unrealize;
    dc->reset = i8042_reset;
    for (size_t i = 1; i < sizeof(set1_to_set2); i++) {
        if (set1_to_set2[i]) {
            set2_to_set1[set1_to_set2[i]] = i;
        }
    }
}

static const TypeInfo i8042_info = {
    .name = TYPE_I8042,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(KBDState),
    .instance_init = i8042_init,
    .instance_finalize = i8042_finalize,
    .class_init = i8042_class_init,
};

static void i8042_register_types(void)
{
    type_register_static(&i8042_info);
}
type_init(i8042_register_types)

void i8042_connect(DeviceState *dev, MemoryRegion *io)
{
    KBDState *s = I8042(dev);

    g_assert(dev->realized);
    memory_region_add_subregion(io, 0x60, &s->data_io);
    memory_region_add_subregion(io, 0x64, &s->cmd_io);
}

DeviceState *i8042_create(MemoryRegion *io, qemu_irq kbd_irq,
                          qemu_irq aux_irq)
{
    DeviceState *dev = qdev_new(TYPE_I8042);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    qdev_connect_gpio_out_named(dev, "kbd-irq", 0, kbd_irq);
    qdev_connect_gpio_out_named(dev, "aux-irq", 0, aux_irq);
    i8042_connect(dev, io);
    return dev;
}
