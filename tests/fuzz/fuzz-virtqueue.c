/*
 * libFuzzer target for the split virtqueue walker: the input is a small
 * header and then the bytes of a 64 KiB guest RAM region holding the
 * descriptor table, rings, indirect tables and buffers.  A driver brings a
 * virtio-mmio transport up with the chosen features and ring addresses
 * (which may point outside RAM), kicks the queue and resets the device; a
 * fuzz-only device pops every chain, fills its writable buffers and
 * pushes it.  Build with `make fuzz CC=clang`; run with a scratch
 * directory first so new inputs do not land in the seed corpus:
 *   build/fuzz/fuzz-virtqueue -max_total_time=20 \
 *       build/fuzz-virtqueue-corpus tests/fuzz/corpus-virtqueue
 *
 * Header (16 bytes, little-endian): u8 flags (bit 0 INDIRECT_DESC, bit 1
 * EVENT_IDX), u8 log2 of the queue size (mod 9), u8 kicks (mod 4, plus 1),
 * u8 pad, u32 offsets from the RAM base of the descriptor table, the
 * avail ring and the used ring.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-mmio.h"

#define FUZZ_RAM_BASE 0x40000000ULL
#define FUZZ_RAM_SIZE 0x10000
#define FUZZ_MMIO_BASE 0x0a000000ULL
#define FUZZ_HEADER 16
#define FUZZ_QUEUE_MAX 256

#define TYPE_FUZZ_VIRTIO "fuzz-virtio-device"

static void fuzz_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(*elem)))) {
        size_t len = 0;

        for (unsigned i = 0; i < elem->in_num; i++) {
            memset(elem->in_sg[i].iov_base, 0xa5, elem->in_sg[i].iov_len);
            len += elem->in_sg[i].iov_len;
        }
        for (unsigned i = 0; i < elem->out_num; i++) {
            volatile const uint8_t *p = elem->out_sg[i].iov_base;

            if (elem->out_sg[i].iov_len) {
                (void)p[elem->out_sg[i].iov_len - 1];
            }
        }
        virtqueue_push(vq, elem, len);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

static bool fuzz_dev_realize(DeviceState *dev, Error **errp)
{
    virtio_init(VIRTIO_DEVICE(dev), TYPE_FUZZ_VIRTIO, VIRTIO_ID_RNG, 0);
    virtio_add_queue(VIRTIO_DEVICE(dev), FUZZ_QUEUE_MAX, fuzz_handle);
    return true;
}

static void fuzz_dev_class_init(ObjectClass *klass, const void *data)
{
    DEVICE_CLASS(klass)->realize = fuzz_dev_realize;
}

static const TypeInfo fuzz_dev_info = {
    .name = TYPE_FUZZ_VIRTIO,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .class_init = fuzz_dev_class_init,
};

static void fuzz_register_types(void)
{
    type_register_static(&fuzz_dev_info);
}
type_init(fuzz_register_types)

static MemoryRegion ram;

static void fuzz_setup(void)
{
    DeviceState *transport;

    if (memory_region_size(&ram)) {
        return;
    }
    assert(memory_region_init_ram(&ram, "fuzz", "ram", FUZZ_RAM_SIZE,
                                  &error_fatal));
    memory_region_add_subregion(get_system_memory(), FUZZ_RAM_BASE, &ram);
    transport = virtio_mmio_create(FUZZ_MMIO_BASE, NULL);
    qdev_realize_and_unref(qdev_new(TYPE_FUZZ_VIRTIO),
                           g_ptr_array_index(transport->child_buses, 0),
                           &error_fatal);
}

static uint32_t rd(hwaddr off)
{
    return address_space_ldl_le(&address_space_memory, FUZZ_MMIO_BASE + off,
                                NULL);
}

static void wr(hwaddr off, uint32_t val)
{
    address_space_stl_le(&address_space_memory, FUZZ_MMIO_BASE + off, val,
                         NULL);
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Linux's order: reset, ACK, DRIVER, features, FEATURES_OK, queue, OK. */
static void fuzz_driver_init(const uint8_t *hdr)
{
    uint32_t features = 0;
    const hwaddr ring[3] = {
        FUZZ_RAM_BASE + get_le32(hdr + 4),
        FUZZ_RAM_BASE + get_le32(hdr + 8),
        FUZZ_RAM_BASE + get_le32(hdr + 12),
    };

    wr(0x070, 0);
    wr(0x070, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    features |= hdr[0] & 1 ? 1U << VIRTIO_RING_F_INDIRECT_DESC : 0;
    features |= hdr[0] & 2 ? 1U << VIRTIO_RING_F_EVENT_IDX : 0;
    wr(0x024, 1);
    wr(0x020, 1);                               /* VERSION_1 */
    wr(0x024, 0);
    wr(0x020, features);
    wr(0x070, rd(0x070) | VIRTIO_CONFIG_S_FEATURES_OK);
    wr(0x030, 0);
    wr(0x038, 1U << (hdr[1] % 9));
    for (int i = 0; i < 3; i++) {
        wr(0x080 + 0x10 * i, (uint32_t)ring[i]);
        wr(0x084 + 0x10 * i, ring[i] >> 32);
    }
    wr(0x044, 1);
    wr(0x070, rd(0x070) | VIRTIO_CONFIG_S_DRIVER_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t zero[FUZZ_RAM_SIZE];

    if (size < FUZZ_HEADER) {
        return 0;
    }
    fuzz_setup();
    address_space_write(&address_space_memory, FUZZ_RAM_BASE, zero,
                        FUZZ_RAM_SIZE);
    address_space_write(&address_space_memory, FUZZ_RAM_BASE,
                        data + FUZZ_HEADER,
                        MIN(size - FUZZ_HEADER, FUZZ_RAM_SIZE));
    fuzz_driver_init(data);
    for (int i = 0; i < data[2] % 4 + 1; i++) {
        wr(0x050, 0);
        wr(0x064, rd(0x060));
    }
    wr(0x070, 0);
    assert(rd(0x070) == 0 && rd(0x060) == 0);
    return 0;
}
