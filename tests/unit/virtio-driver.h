/*
 * A test virtio driver: brings a virtio-mmio transport up through
 * address_space_memory the way Linux's virtio_mmio driver does (reset,
 * ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue set-up, DRIVER_OK) and
 * lays out one split virtqueue in a guest RAM region.
 */
#ifndef TESTS_UNIT_VIRTIO_DRIVER_H
#define TESTS_UNIT_VIRTIO_DRIVER_H

#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-mmio.h"

#define VD_RAM_BASE 0x40000000ULL
#define VD_RAM_SIZE 0x100000ULL
/* Ring areas and data buffers inside that RAM. */
#define VD_DESC (VD_RAM_BASE + 0x0000)
#define VD_AVAIL (VD_RAM_BASE + 0x2000)
#define VD_USED (VD_RAM_BASE + 0x3000)
#define VD_INDIRECT (VD_RAM_BASE + 0x5000)
#define VD_DATA (VD_RAM_BASE + 0x10000)

enum {
    VM_MAGIC = 0x000, VM_VERSION = 0x004, VM_DEVICE_ID = 0x008,
    VM_VENDOR_ID = 0x00c, VM_DEV_FEATURES = 0x010, VM_DEV_FEATURES_SEL = 0x014,
    VM_DRV_FEATURES = 0x020, VM_DRV_FEATURES_SEL = 0x024, VM_QUEUE_SEL = 0x030,
    VM_QUEUE_NUM_MAX = 0x034, VM_QUEUE_NUM = 0x038, VM_QUEUE_READY = 0x044,
    VM_QUEUE_NOTIFY = 0x050, VM_INT_STATUS = 0x060, VM_INT_ACK = 0x064,
    VM_STATUS = 0x070, VM_DESC_LOW = 0x080, VM_DESC_HIGH = 0x084,
    VM_DRIVER_LOW = 0x090, VM_DRIVER_HIGH = 0x094, VM_DEVICE_LOW = 0x0a0,
    VM_DEVICE_HIGH = 0x0a4, VM_CONFIG_GEN = 0x0fc, VM_CONFIG = 0x100,
};

typedef struct VDriver {
    hwaddr base;                /* transport registers */
    unsigned num;               /* queue size */
    uint16_t avail_idx;         /* driver's shadow of avail->idx */
    uint16_t last_used;
    unsigned next_desc;         /* descriptors are handed out in turn */
    uint64_t features;          /* negotiated */
} VDriver;

typedef struct VBuf {
    hwaddr addr;
    uint32_t len;
    bool write;                 /* device-writable */
} VBuf;

static inline uint32_t vd_rd(VDriver *d, hwaddr off)
{
    return address_space_ldl_le(&address_space_memory, d->base + off, NULL);
}

static inline void vd_wr(VDriver *d, hwaddr off, uint32_t val)
{
    address_space_stl_le(&address_space_memory, d->base + off, val, NULL);
}

static inline void vd_set_status(VDriver *d, uint32_t bits)
{
    vd_wr(d, VM_STATUS, vd_rd(d, VM_STATUS) | bits);
}

static inline uint64_t vd_device_features(VDriver *d)
{
    uint64_t f;

    vd_wr(d, VM_DEV_FEATURES_SEL, 1);
    f = (uint64_t)vd_rd(d, VM_DEV_FEATURES) << 32;
    vd_wr(d, VM_DEV_FEATURES_SEL, 0);
    return f | vd_rd(d, VM_DEV_FEATURES);
}

static inline void vd_write_features(VDriver *d, uint64_t f)
{
    vd_wr(d, VM_DRV_FEATURES_SEL, 1);
    vd_wr(d, VM_DRV_FEATURES, f >> 32);
    vd_wr(d, VM_DRV_FEATURES_SEL, 0);
    vd_wr(d, VM_DRV_FEATURES, f);
}

/* Reset, ACKNOWLEDGE, DRIVER, features: whether FEATURES_OK stuck. */
static inline bool vd_negotiate(VDriver *d, uint64_t want)
{
    vd_wr(d, VM_STATUS, 0);
    g_assert_cmphex(vd_rd(d, VM_STATUS), ==, 0);
    vd_set_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    vd_set_status(d, VIRTIO_CONFIG_S_DRIVER);
    d->features = vd_device_features(d) & want;
    vd_write_features(d, d->features);
    vd_set_status(d, VIRTIO_CONFIG_S_FEATURES_OK);
    return vd_rd(d, VM_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK;
}

static inline void vd_clear_rings(void)
{
    static const uint8_t zero[0x6000];

    address_space_write(&address_space_memory, VD_RAM_BASE, zero,
                        sizeof(zero));
}

static inline void vd_setup_queue(VDriver *d, unsigned q, unsigned num)
{
    vd_clear_rings();
    d->num = num;
    d->avail_idx = d->last_used = 0;
    d->next_desc = 0;
    vd_wr(d, VM_QUEUE_SEL, q);
    g_assert_cmpuint(vd_rd(d, VM_QUEUE_READY), ==, 0);
    g_assert_cmpuint(vd_rd(d, VM_QUEUE_NUM_MAX), >=, num);
    vd_wr(d, VM_QUEUE_NUM, num);
    vd_wr(d, VM_DESC_LOW, (uint32_t)VD_DESC);
    vd_wr(d, VM_DESC_HIGH, VD_DESC >> 32);
    vd_wr(d, VM_DRIVER_LOW, (uint32_t)VD_AVAIL);
    vd_wr(d, VM_DRIVER_HIGH, VD_AVAIL >> 32);
    vd_wr(d, VM_DEVICE_LOW, (uint32_t)VD_USED);
    vd_wr(d, VM_DEVICE_HIGH, VD_USED >> 32);
    vd_wr(d, VM_QUEUE_READY, 1);
    g_assert_cmpuint(vd_rd(d, VM_QUEUE_READY), ==, 1);
}

/* The whole Linux probe sequence with queue 0 of size num. */
static inline void vd_init(VDriver *d, hwaddr base, uint64_t want,
                           unsigned num)
{
    *d = (VDriver){ .base = base };
    g_assert_cmphex(vd_rd(d, VM_MAGIC), ==, 0x74726976);
    g_assert_cmpuint(vd_rd(d, VM_VERSION), ==, 2);
    g_assert_cmpuint(vd_rd(d, VM_DEVICE_ID), !=, 0);
    g_assert_true(vd_negotiate(d, want | (1ULL << VIRTIO_F_VERSION_1)));
    vd_setup_queue(d, 0, num);
    vd_set_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
}

static inline void vd_write_desc(hwaddr table, unsigned i, uint64_t addr,
                                 uint32_t len, uint16_t flags, uint16_t next)
{
    hwaddr p = table + 16 * (hwaddr)i;

    address_space_stq_le(&address_space_memory, p, addr, NULL);
    address_space_stl_le(&address_space_memory, p + 8, len, NULL);
    address_space_stw_le(&address_space_memory, p + 12, flags, NULL);
    address_space_stw_le(&address_space_memory, p + 14, next, NULL);
}

/* Make head available (ring entry, then idx) without notifying. */
static inline void vd_make_avail(VDriver *d, uint16_t head)
{
    address_space_stw_le(&address_space_memory,
                         VD_AVAIL + 4 + 2 * (d->avail_idx % d->num), head,
                         NULL);
    d->avail_idx++;
    address_space_stw_le(&address_space_memory, VD_AVAIL + 2, d->avail_idx,
                         NULL);
}

/* A chain of n buffers in the descriptor table; returns the head. */
static inline uint16_t vd_add_chain(VDriver *d, const VBuf *bufs, unsigned n)
{
    uint16_t head = d->next_desc % d->num;

    for (unsigned i = 0; i < n; i++) {
        unsigned me = (d->next_desc + i) % d->num;
        uint16_t flags = (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                         (i + 1 < n ? VRING_DESC_F_NEXT : 0);

        vd_write_desc(VD_DESC, me, bufs[i].addr, bufs[i].len, flags,
                      (me + 1) % d->num);
    }
    d->next_desc += n;
    return head;
}

/* The same chain through one indirect descriptor. */
static inline uint16_t vd_add_indirect(VDriver *d, const VBuf *bufs,
                                       unsigned n)
{
    uint16_t head = d->next_desc++ % d->num;

    for (unsigned i = 0; i < n; i++) {
        uint16_t flags = (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                         (i + 1 < n ? VRING_DESC_F_NEXT : 0);

        vd_write_desc(VD_INDIRECT, i, bufs[i].addr, bufs[i].len, flags,
                      i + 1);
    }
    vd_write_desc(VD_DESC, head, VD_INDIRECT, 16 * n, VRING_DESC_F_INDIRECT,
                  0);
    return head;
}

static inline uint16_t vd_used_idx(void)
{
    return address_space_lduw_le(&address_space_memory, VD_USED + 2, NULL);
}

/* Run the main loop until the used ring moves past last_used. */
static inline bool vd_wait_used(VDriver *d)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + 5000;

    while (vd_used_idx() == d->last_used &&
           kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(10);
    }
    return vd_used_idx() != d->last_used;
}

/* The next used element: its id and len. */
static inline void vd_take_used(VDriver *d, uint32_t *id, uint32_t *len)
{
    hwaddr e = VD_USED + 4 + 8 * (d->last_used % d->num);

    g_assert_cmpuint(vd_used_idx(), !=, d->last_used);
    *id = address_space_ldl_le(&address_space_memory, e, NULL);
    *len = address_space_ldl_le(&address_space_memory, e + 4, NULL);
    d->last_used++;
}

#endif
