/*
 * A test virtio-pci driver, as Linux's virtio_pci_modern probes a device:
 * config cycles through the i440FX ports 0xcf8/0xcfc, BAR sizing and
 * mapping, the capability walk, then the common configuration structure
 * in BAR4 for negotiation and queue set-up.  The rings themselves are the
 * ones of virtio-driver.h (same guest RAM layout).
 */
#ifndef TESTS_UNIT_VIRTIO_PCI_DRIVER_H
#define TESTS_UNIT_VIRTIO_PCI_DRIVER_H

#include "hw/pci/msix.h"
#include "hw/virtio/virtio-pci.h"
#include "virtio-driver.h"

typedef struct VPDev {
    int devfn;
    hwaddr bar4, bar1;          /* where the driver mapped them */
    hwaddr common, isr, device, notify;
    uint32_t device_len;
    uint32_t notify_mult;
    uint8_t msix_cap;
    uint8_t cfg_cap;            /* PCI configuration access window */
    hwaddr msix_table, msix_pba;
    unsigned msix_vectors;
    unsigned ncaps;
    VDriver d;                  /* ring state */
} VPDev;

static inline uint32_t vp_cfg_rd(int devfn, int reg, int size)
{
    address_space_stl_le(&address_space_io, 0xcf8,
                         0x80000000u | devfn << 8 | (reg & 0xfc), NULL);
    switch (size) {
    case 1:
        return address_space_ldub(&address_space_io, 0xcfc + (reg & 3), NULL);
    case 2:
        return address_space_lduw_le(&address_space_io, 0xcfc + (reg & 2),
                                     NULL);
    default:
        return address_space_ldl_le(&address_space_io, 0xcfc, NULL);
    }
}

static inline void vp_cfg_wr(int devfn, int reg, uint32_t val, int size)
{
    address_space_stl_le(&address_space_io, 0xcf8,
                         0x80000000u | devfn << 8 | (reg & 0xfc), NULL);
    switch (size) {
    case 1:
        address_space_stb(&address_space_io, 0xcfc + (reg & 3), val, NULL);
        break;
    case 2:
        address_space_stw_le(&address_space_io, 0xcfc + (reg & 2), val,
                             NULL);
        break;
    default:
        address_space_stl_le(&address_space_io, 0xcfc, val, NULL);
    }
}

/* The first function on bus 0 with these IDs, or -1. */
static inline int vp_find(uint16_t vendor, uint16_t device)
{
    for (int devfn = 0; devfn < 256; devfn += 8) {
        if (vp_cfg_rd(devfn, PCI_VENDOR_ID, 4) ==
            ((uint32_t)device << 16 | vendor)) {
            return devfn;
        }
    }
    return -1;
}

/* Size a memory BAR the way firmware does (all ones, read back). */
static inline uint64_t vp_bar_size(int devfn, int bar)
{
    int reg = PCI_BASE_ADDRESS_0 + 4 * bar;
    uint32_t lo = vp_cfg_rd(devfn, reg, 4);
    bool is64 = lo & PCI_BASE_ADDRESS_MEM_TYPE_64;
    uint64_t mask;

    vp_cfg_wr(devfn, reg, 0xffffffff, 4);
    mask = vp_cfg_rd(devfn, reg, 4) & ~0xfu;
    vp_cfg_wr(devfn, reg, lo, 4);
    if (is64) {
        uint32_t hi = vp_cfg_rd(devfn, reg + 4, 4);

        vp_cfg_wr(devfn, reg + 4, 0xffffffff, 4);
        mask |= (uint64_t)vp_cfg_rd(devfn, reg + 4, 4) << 32;
        vp_cfg_wr(devfn, reg + 4, hi, 4);
    } else if (mask) {
        mask |= 0xffffffff00000000ULL;
    }
    return mask ? ~mask + 1 : 0;     /* 0: no BAR */
}

/* A virtio vendor capability: where its structure is now. */
static inline void vp_vendor_cap(VPDev *v, int cap)
{
    uint8_t type = vp_cfg_rd(v->devfn, cap + VIRTIO_PCI_CAP_CFG_TYPE, 1);
    uint8_t bar = vp_cfg_rd(v->devfn, cap + VIRTIO_PCI_CAP_BAR, 1);
    uint32_t off = vp_cfg_rd(v->devfn, cap + VIRTIO_PCI_CAP_OFFSET, 4);
    uint32_t len = vp_cfg_rd(v->devfn, cap + VIRTIO_PCI_CAP_LENGTH, 4);
    hwaddr where = v->bar4 + off;

    if (type == VIRTIO_PCI_CAP_PCI_CFG) {
        v->cfg_cap = cap;
        return;
    }
    g_assert_cmpuint(bar, ==, 4);
    switch (type) {
    case VIRTIO_PCI_CAP_COMMON_CFG:
        g_assert_cmpuint(len, >=, VIRTIO_PCI_COMMON_CFG_SIZE);
        v->common = where;
        break;
    case VIRTIO_PCI_CAP_NOTIFY_CFG:
        g_assert_cmpuint(vp_cfg_rd(v->devfn, cap + VIRTIO_PCI_CAP_LEN, 1),
                         ==, VIRTIO_PCI_NOTIFY_CAP_SIZE);
        v->notify_mult = vp_cfg_rd(v->devfn,
                                   cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
        v->notify = where;
        break;
    case VIRTIO_PCI_CAP_ISR_CFG:
        v->isr = where;
        break;
    case VIRTIO_PCI_CAP_DEVICE_CFG:
        v->device = where;
        v->device_len = len;
        break;
    }
}

static inline void vp_msix_cap(VPDev *v, int cap)
{
    uint32_t table = vp_cfg_rd(v->devfn, cap + PCI_MSIX_TABLE, 4);
    uint32_t pba = vp_cfg_rd(v->devfn, cap + PCI_MSIX_PBA, 4);

    g_assert_cmpuint(table & PCI_MSIX_BIR_MASK, ==, 1);
    g_assert_cmpuint(pba & PCI_MSIX_BIR_MASK, ==, 1);
    v->msix_cap = cap;
    v->msix_vectors = (vp_cfg_rd(v->devfn, cap + PCI_MSIX_FLAGS, 2) &
                       PCI_MSIX_FLAGS_QSIZE) + 1;
    v->msix_table = v->bar1 + (table & ~7u);
    v->msix_pba = v->bar1 + (pba & ~7u);
}

/* Map BAR4 and BAR1, enable decoding and mastering, walk the caps. */
static inline void vp_probe(VPDev *v, int devfn, hwaddr bar4, hwaddr bar1)
{
    int hops = 0;

    *v = (VPDev){ .devfn = devfn, .bar4 = bar4, .bar1 = bar1 };
    vp_cfg_wr(devfn, PCI_BASE_ADDRESS_0 + 16, (uint32_t)bar4, 4);
    vp_cfg_wr(devfn, PCI_BASE_ADDRESS_0 + 20, bar4 >> 32, 4);
    vp_cfg_wr(devfn, PCI_BASE_ADDRESS_0 + 4, (uint32_t)bar1, 4);
    vp_cfg_wr(devfn, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER,
              2);
    g_assert_true(vp_cfg_rd(devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
    for (int cap = vp_cfg_rd(devfn, PCI_CAPABILITY_LIST, 1) & ~3; cap;
         cap = vp_cfg_rd(devfn, cap + 1, 1) & ~3) {
        uint8_t id = vp_cfg_rd(devfn, cap, 1);

        g_assert_cmpint(++hops, <, 48);
        if (id == PCI_CAP_ID_VNDR) {
            vp_vendor_cap(v, cap);
        } else if (id == PCI_CAP_ID_MSIX) {
            vp_msix_cap(v, cap);
        }
        v->ncaps++;
    }
    g_assert_cmphex(v->common, !=, 0);
    g_assert_cmphex(v->notify, !=, 0);
    g_assert_cmphex(v->isr, !=, 0);
}

/* Common configuration accesses of the field's own width. */
static inline uint32_t vp_rd(VPDev *v, hwaddr off, int size)
{
    hwaddr a = v->common + off;

    return size == 1 ? address_space_ldub(&address_space_memory, a, NULL)
         : size == 2 ? address_space_lduw_le(&address_space_memory, a, NULL)
         : address_space_ldl_le(&address_space_memory, a, NULL);
}

static inline void vp_wr(VPDev *v, hwaddr off, uint32_t val, int size)
{
    hwaddr a = v->common + off;

    if (size == 1) {
        address_space_stb(&address_space_memory, a, val, NULL);
    } else if (size == 2) {
        address_space_stw_le(&address_space_memory, a, val, NULL);
    } else {
        address_space_stl_le(&address_space_memory, a, val, NULL);
    }
}

static inline uint8_t vp_status(VPDev *v)
{
    return vp_rd(v, VIRTIO_PCI_COMMON_STATUS, 1);
}

static inline void vp_set_status(VPDev *v, uint8_t bits)
{
    vp_wr(v, VIRTIO_PCI_COMMON_STATUS, vp_status(v) | bits, 1);
}

static inline uint64_t vp_device_features(VPDev *v)
{
    uint64_t f;

    vp_wr(v, VIRTIO_PCI_COMMON_DFSELECT, 1, 4);
    f = (uint64_t)vp_rd(v, VIRTIO_PCI_COMMON_DF, 4) << 32;
    vp_wr(v, VIRTIO_PCI_COMMON_DFSELECT, 0, 4);
    return f | vp_rd(v, VIRTIO_PCI_COMMON_DF, 4);
}

/* Reset, ACKNOWLEDGE, DRIVER, features: whether FEATURES_OK stuck. */
static inline bool vp_negotiate(VPDev *v, uint64_t want)
{
    vp_wr(v, VIRTIO_PCI_COMMON_STATUS, 0, 1);
    g_assert_cmphex(vp_status(v), ==, 0);
    vp_set_status(v, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    vp_set_status(v, VIRTIO_CONFIG_S_DRIVER);
    v->d.features = vp_device_features(v) & want;
    vp_wr(v, VIRTIO_PCI_COMMON_GFSELECT, 1, 4);
    vp_wr(v, VIRTIO_PCI_COMMON_GF, v->d.features >> 32, 4);
    vp_wr(v, VIRTIO_PCI_COMMON_GFSELECT, 0, 4);
    vp_wr(v, VIRTIO_PCI_COMMON_GF, v->d.features, 4);
    vp_set_status(v, VIRTIO_CONFIG_S_FEATURES_OK);
    return vp_status(v) & VIRTIO_CONFIG_S_FEATURES_OK;
}

static inline void vp_wr64(VPDev *v, hwaddr off, uint64_t val)
{
    vp_wr(v, off, (uint32_t)val, 4);
    vp_wr(v, off + 4, val >> 32, 4);
}

static inline void vp_setup_queue(VPDev *v, unsigned q, unsigned num,
                                  uint16_t vector)
{
    vd_clear_rings();
    v->d.num = num;
    v->d.avail_idx = v->d.last_used = 0;
    v->d.next_desc = 0;
    vp_wr(v, VIRTIO_PCI_COMMON_Q_SELECT, q, 2);
    g_assert_cmpuint(vp_rd(v, VIRTIO_PCI_COMMON_Q_ENABLE, 2), ==, 0);
    g_assert_cmpuint(vp_rd(v, VIRTIO_PCI_COMMON_Q_SIZE, 2), >=, num);
    vp_wr(v, VIRTIO_PCI_COMMON_Q_SIZE, num, 2);
    vp_wr(v, VIRTIO_PCI_COMMON_Q_MSIX, vector, 2);
    g_assert_cmphex(vp_rd(v, VIRTIO_PCI_COMMON_Q_MSIX, 2), ==, vector);
    vp_wr64(v, VIRTIO_PCI_COMMON_Q_DESCLO, VD_DESC);
    vp_wr64(v, VIRTIO_PCI_COMMON_Q_AVAILLO, VD_AVAIL);
    vp_wr64(v, VIRTIO_PCI_COMMON_Q_USEDLO, VD_USED);
    vp_wr(v, VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    g_assert_cmpuint(vp_rd(v, VIRTIO_PCI_COMMON_Q_ENABLE, 2), ==, 1);
}

/* Kick queue q where its queue_notify_off says. */
static inline void vp_kick(VPDev *v, unsigned q)
{
    unsigned off;

    vp_wr(v, VIRTIO_PCI_COMMON_Q_SELECT, q, 2);
    off = vp_rd(v, VIRTIO_PCI_COMMON_Q_NOFF, 2);
    address_space_stw_le(&address_space_memory,
                         v->notify + off * v->notify_mult, q, NULL);
}

/*
 * The whole probe with queue 0 of size num: config vector cfg_vector,
 * queue vector q_vector (VIRTIO_MSI_NO_VECTOR for INTx).
 */
static inline void vp_init(VPDev *v, uint64_t want, unsigned num,
                           uint16_t cfg_vector, uint16_t q_vector)
{
    g_assert_true(vp_negotiate(v, want | (1ULL << VIRTIO_F_VERSION_1)));
    vp_wr(v, VIRTIO_PCI_COMMON_MSIX, cfg_vector, 2);
    g_assert_cmphex(vp_rd(v, VIRTIO_PCI_COMMON_MSIX, 2), ==, cfg_vector);
    vp_setup_queue(v, 0, num, q_vector);
    vp_set_status(v, VIRTIO_CONFIG_S_DRIVER_OK);
}

/* MSI-X table entry and control, through BAR1 and config space. */
static inline void vp_msix_entry(VPDev *v, unsigned vector, uint64_t addr,
                                 uint32_t data, bool masked)
{
    hwaddr e = v->msix_table + vector * PCI_MSIX_ENTRY_SIZE;

    address_space_stl_le(&address_space_memory, e + PCI_MSIX_ENTRY_ADDR_LO,
                         addr, NULL);
    address_space_stl_le(&address_space_memory, e + PCI_MSIX_ENTRY_ADDR_HI,
                         addr >> 32, NULL);
    address_space_stl_le(&address_space_memory, e + PCI_MSIX_ENTRY_DATA,
                         data, NULL);
    address_space_stl_le(&address_space_memory, e + PCI_MSIX_ENTRY_CTRL,
                         masked, NULL);
}

/* BAR4 through the PCI configuration access capability. */
static inline void vp_window(VPDev *v, uint8_t bar, uint32_t off, int len)
{
    vp_cfg_wr(v->devfn, v->cfg_cap + VIRTIO_PCI_CAP_BAR, bar, 1);
    vp_cfg_wr(v->devfn, v->cfg_cap + VIRTIO_PCI_CAP_OFFSET, off, 4);
    vp_cfg_wr(v->devfn, v->cfg_cap + VIRTIO_PCI_CAP_LENGTH, len, 4);
}

static inline uint32_t vp_window_rd(VPDev *v, uint32_t off, int len)
{
    vp_window(v, 4, off, len);
    return vp_cfg_rd(v->devfn, v->cfg_cap + VIRTIO_PCI_CFG_DATA, 4) &
           (UINT32_MAX >> (32 - 8 * len));
}

static inline void vp_window_wr(VPDev *v, uint32_t off, uint32_t val, int len)
{
    vp_window(v, 4, off, len);
    vp_cfg_wr(v->devfn, v->cfg_cap + VIRTIO_PCI_CFG_DATA, val, 4);
}

static inline void vp_msix_ctrl(VPDev *v, uint16_t bits)
{
    vp_cfg_wr(v->devfn, v->msix_cap + PCI_MSIX_FLAGS, bits, 2);
}

#endif
