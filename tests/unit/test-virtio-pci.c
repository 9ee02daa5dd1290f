/*
 * virtio-pci (modern) and MSI-X, driven as a guest drives them: the
 * i440FX config ports, BAR sizing and mapping, the capability list,
 * feature negotiation and queue set-up in BAR4, virtio-blk I/O against a
 * raw image, MSI-X messages landing in a test region at 0xfee00000 (where
 * the local APIC's MSI window will be), masking and pending bits, INTx
 * with ISR status, device reset, and hostile register values.
 */
#include "kemu/osdep.h"
#include "block/block-backend.h"
#include "hw/pci-host/i440fx.h"
#include "devtest.h"
#include "virtio-pci-driver.h"

#define DISK_SIZE (64 * 1024)
#define BLK_T_IN 0
#define BLK_T_OUT 1
#define BLK_S_OK 0
#define REQ_HDR (VD_DATA)
#define REQ_STATUS (VD_DATA + 0x100)
#define REQ_BUF (VD_DATA + 0x1000)

#define SLOT 3
#define DEVFN PCI_DEVFN(SLOT, 0)
#define PIRQ ((SLOT - 1) & 3)           /* INTA of slot 3 */
#define BAR4_ADDR 0xfe000000ULL
#define BAR1_ADDR 0xfebf0000ULL
#define MSI_BASE 0xfee00000ULL
#define NO_VEC VIRTIO_MSI_NO_VECTOR

static char *tmpdir;
static MemoryRegion ram, msi_window;

/* Every 32-bit write into the MSI window: (offset, data). */
typedef struct MsiWrite {
    hwaddr offset;
    uint32_t data;
} MsiWrite;
static GArray *msi_writes;

static uint64_t msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void msi_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    MsiWrite w = { addr, val };

    g_assert_cmpuint(size, ==, 4);
    g_array_append_val(msi_writes, w);
}

static const MemoryRegionOps msi_ops = {
    .read = msi_read,
    .write = msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void *lookup_drive(const char *id)
{
    return blk_by_name(id);
}

typedef struct Fx {
    DeviceState *host;
    IrqProbe pirq[4];
    BlockBackend *blk;
    PCIDevice *pdev;
    VPDev v;
} Fx;

static void fx_host(Fx *f)
{
    DeviceState *piix3;

    memset(f, 0, sizeof(*f));
    f->host = i440fx_create(get_system_io(), get_system_memory(),
                            get_system_io());
    piix3 = i440fx_get_piix3(f->host);
    for (int i = 0; i < 4; i++) {
        irq_probe_init(&f->pirq[i]);
        qdev_connect_gpio_out_named(piix3, "pirq", i, f->pirq[i].irq);
    }
    g_array_set_size(msi_writes, 0);
}

/* A raw image whose byte i is (i * 7) & 0xff, as drive "diskN". */
static BlockBackend *make_drive(void)
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
    opt = g_strdup_printf("file=%s,format=raw,if=none,id=%s", path, id);
    return blockdev_drive_new(opt, &error_fatal);
}

/* The host, a device added as -device does at 03.0, probed. */
static void fx_init(Fx *f, const char *type)
{
    g_autofree char *opt = NULL;

    fx_host(f);
    if (!strcmp(type, "virtio-blk-pci")) {
        f->blk = make_drive();
        opt = g_strdup_printf("%s,drive=%s,addr=%x", type, blk_name(f->blk),
                              SLOT);
    } else {
        opt = g_strdup_printf("%s,addr=%x", type, SLOT);
    }
    f->pdev = PCI_DEVICE(qdev_device_add_from_str(opt, &error_fatal));
    vp_probe(&f->v, DEVFN, BAR4_ADDR, BAR1_ADDR);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->host);
    if (f->blk) {
        g_autofree char *path = g_build_filename(tmpdir, blk_name(f->blk),
                                                 NULL);

        blk_unref(f->blk);
        unlink(path);
    }
    for (int i = 0; i < 4; i++) {
        irq_probe_free(&f->pirq[i]);
    }
    devtest_log_clear();
}

static uint8_t ram_byte(hwaddr a)
{
    return address_space_ldub(&address_space_memory, a, NULL);
}

/* Queue a block request (header, data, status) and kick queue 0. */
static void blk_submit(Fx *f, uint32_t type, uint64_t sector, hwaddr buf,
                       uint32_t len)
{
    VBuf bufs[3] = {
        { REQ_HDR, 16, false },
        { buf, len, type == BLK_T_IN },
        { REQ_STATUS, 1, true },
    };

    address_space_stl_le(&address_space_memory, REQ_HDR, type, NULL);
    address_space_stl_le(&address_space_memory, REQ_HDR + 4, 0, NULL);
    address_space_stq_le(&address_space_memory, REQ_HDR + 8, sector, NULL);
    address_space_stb(&address_space_memory, REQ_STATUS, 0xee, NULL);
    vd_make_avail(&f->v.d, vd_add_chain(&f->v.d, bufs, 3));
    vp_kick(&f->v, 0);
}

static uint8_t blk_wait(Fx *f)
{
    uint32_t id, len;

    g_assert_true(vd_wait_used(&f->v.d));
    vd_take_used(&f->v.d, &id, &len);
    return ram_byte(REQ_STATUS);
}

static uint8_t blk_rw(Fx *f, uint32_t type, uint64_t sector, hwaddr buf,
                      uint32_t len)
{
    blk_submit(f, type, sector, buf, len);
    return blk_wait(f);
}

static void assert_msi(guint index, hwaddr offset, uint32_t data)
{
    MsiWrite *w;

    g_assert_cmpuint(msi_writes->len, >, index);
    w = &g_array_index(msi_writes, MsiWrite, index);
    g_assert_cmphex(w->offset, ==, offset);
    g_assert_cmphex(w->data, ==, data);
}

static bool pba_bit(Fx *f, unsigned vector)
{
    return address_space_ldl_le(&address_space_memory, f->v.msix_pba, NULL) &
           (1u << vector);
}

static void assert_logged(const char *what)
{
    g_autofree char *log = devtest_log_take();

    if (!strstr(log, what)) {
        g_error("expected '%s' in the log:\n%s", what, log);
    }
}

/* Without a PCI bus, -device names the bus it needs, as QEMU does. */
static void test_no_pci_bus(void)
{
    Error *err = NULL;

    g_assert_null(qdev_device_add_from_str("virtio-rng-pci", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "No 'PCI' bus found for device 'virtio-rng-pci'");
    error_free(err);
}

/* The device's own properties are checked through the PCI type. */
static void test_device_add_errors(void)
{
    Error *err = NULL;
    Fx f;

    fx_host(&f);
    g_assert_null(qdev_device_add_from_str("virtio-blk-pci", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "virtio-blk-pci: Property "
                    "'virtio-blk-device.drive' must be set");
    error_free(err);
    err = NULL;
    g_assert_null(qdev_device_add_from_str("virtio-blk-pci,drive=nope",
                                           &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "nope"));
    error_free(err);
    err = NULL;
    g_assert_null(qdev_device_add_from_str("virtio-rng-pci,event_idx=maybe",
                                           &err));
    g_assert_nonnull(err);
    error_free(err);
    /* Nothing was left behind: slot 2 is still free. */
    g_assert_nonnull(qdev_device_add_from_str("virtio-rng-pci,event_idx=off",
                                              &error_fatal));
    g_assert_cmpint(vp_find(0x1af4, 0x1044), ==, PCI_DEVFN(2, 0));
    fx_cleanup(&f);
}

/* virtio-net-pci: the NIC behind the PCI function, mac= forwarded. */
static void test_enumerate_net(void)
{
    g_autofree char *opt = g_strdup_printf(
        "virtio-net-pci,mac=52:54:00:01:02:03,addr=%x", SLOT);
    uint8_t mac[6];
    Fx f;

    fx_host(&f);
    f.pdev = PCI_DEVICE(qdev_device_add_from_str(opt, &error_fatal));
    vp_probe(&f.v, DEVFN, BAR4_ADDR, BAR1_ADDR);
    g_assert_cmpint(vp_find(0x1af4, 0x1041), ==, DEVFN);
    g_assert_cmphex(vp_cfg_rd(DEVFN, PCI_CLASS_DEVICE, 2), ==, 0x0200);
    g_assert_cmpuint(f.v.device_len, ==, 10);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 2);
    address_space_read(&address_space_memory, f.v.device, mac, 6);
    g_assert_cmpmem(mac, 6, ((uint8_t[]){ 0x52, 0x54, 0, 1, 2, 3 }), 6);
    g_assert_true(object_dynamic_cast(OBJECT(virtio_pci_get_vdev(f.pdev)),
                                      "virtio-net-device"));
    fx_cleanup(&f);
}

static void test_enumerate_blk(void)
{
    g_autoptr(GString) qtree = NULL;
    const int d = DEVFN;
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    g_assert_cmpint(vp_find(0x1af4, 0x1042), ==, d);
    g_assert_cmphex(vp_cfg_rd(d, PCI_REVISION_ID, 1), ==, 1);
    g_assert_cmphex(vp_cfg_rd(d, PCI_CLASS_DEVICE, 2), ==, 0x0100);
    g_assert_cmphex(vp_cfg_rd(d, PCI_SUBSYSTEM_VENDOR_ID, 2), ==, 0x1af4);
    g_assert_cmphex(vp_cfg_rd(d, PCI_SUBSYSTEM_ID, 2), ==, 0x1100);
    g_assert_cmphex(vp_cfg_rd(d, PCI_INTERRUPT_PIN, 1), ==, 1);
    /* BAR4: 64-bit prefetchable 16 KiB; BAR1: 32-bit, the MSI-X page. */
    g_assert_cmphex(vp_cfg_rd(d, PCI_BASE_ADDRESS_0 + 16, 4) & 0xf, ==, 0xc);
    g_assert_cmphex(vp_bar_size(d, 4), ==, 0x4000);
    g_assert_cmphex(vp_cfg_rd(d, PCI_BASE_ADDRESS_0 + 4, 4) & 0xf, ==, 0);
    g_assert_cmphex(vp_bar_size(d, 1), ==, 0x1000);
    g_assert_cmphex(vp_bar_size(d, 0), ==, 0);
    /* Common, ISR, device, notify, config window, MSI-X. */
    g_assert_cmpuint(f.v.ncaps, ==, 6);
    g_assert_cmpuint(f.v.cfg_cap, !=, 0);
    g_assert_cmphex(f.v.common, ==, BAR4_ADDR);
    g_assert_cmphex(f.v.isr, ==, BAR4_ADDR + 0x1000);
    g_assert_cmphex(f.v.device, ==, BAR4_ADDR + 0x2000);
    g_assert_cmpuint(f.v.device_len, ==, 60);
    g_assert_cmphex(f.v.notify, ==, BAR4_ADDR + 0x3000);
    g_assert_cmpuint(f.v.notify_mult, ==, 4);
    g_assert_cmpuint(f.v.msix_vectors, ==, 2);
    g_assert_cmphex(f.v.msix_table, ==, BAR1_ADDR);
    g_assert_cmphex(f.v.msix_pba, ==, BAR1_ADDR + 0x800);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 1);
    /* Capacity in the device-specific structure. */
    g_assert_cmpuint(address_space_ldl_le(&address_space_memory, f.v.device,
                                          NULL), ==, DISK_SIZE / 512);
    /* Memory decoding off: BAR4 is gone. */
    vp_cfg_wr(d, PCI_COMMAND, 0, 2);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 0);
    g_assert_true(object_dynamic_cast(OBJECT(virtio_pci_get_vdev(f.pdev)),
                                      "virtio-blk-device"));
    /* info qtree: the device on the function's own virtio bus. */
    qtree = g_string_new("");
    qdev_print_tree(qtree);
    g_assert_nonnull(strstr(qtree->str, "dev: virtio-blk-pci"));
    g_assert_nonnull(strstr(qtree->str, "bus: virtio-pci-bus."));
    g_assert_nonnull(strstr(qtree->str, "dev: virtio-blk-device"));
    g_assert_nonnull(strstr(qtree->str, "pci id 1af4:1042 (class 0100)"));
    fx_cleanup(&f);
}

static void test_rng(void)
{
    uint8_t buf[64] = { 0 }, zero[64] = { 0 };
    VBuf b = { VD_DATA, sizeof(buf), true };
    uint32_t id, len;
    Fx f;

    fx_init(&f, "virtio-rng-pci");
    g_assert_cmpint(vp_find(0x1af4, 0x1044), ==, DEVFN);
    g_assert_cmphex(vp_cfg_rd(DEVFN, PCI_CLASS_DEVICE, 2), ==, 0x00ff);
    g_assert_cmpuint(f.v.ncaps, ==, 5);     /* no device-specific config */
    g_assert_cmphex(f.v.device, ==, 0);
    address_space_write(&address_space_memory, VD_DATA, zero, sizeof(zero));
    vp_msix_entry(&f.v, 1, MSI_BASE + 0x4, 0x31, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    vd_make_avail(&f.v.d, vd_add_chain(&f.v.d, &b, 1));
    vp_kick(&f.v, 0);
    g_assert_true(vd_wait_used(&f.v.d));
    vd_take_used(&f.v.d, &id, &len);
    g_assert_cmpuint(len, ==, sizeof(buf));
    address_space_read(&address_space_memory, VD_DATA, buf, sizeof(buf));
    g_assert_true(memcmp(buf, zero, sizeof(buf)));
    assert_msi(0, 0x4, 0x31);
    fx_cleanup(&f);
}

/*
 * virtio-serial-pci: its identity, a virtconsole on its bus "ID.0", and
 * guest output on the port's transmit queue reaching the chardev with an
 * MSI-X message.
 */
static void test_serial(void)
{
    g_autofree char *opt = g_strdup_printf(
        "virtio-serial-pci,id=vser0,max_ports=1,addr=%x", SLOT);
    g_autofree char *port = NULL;
    g_autofree char *out = NULL;
    VBuf b = { VD_DATA, 5, false };
    Chardev *chr = devtest_ringbuf();
    uint32_t id, len;
    Fx f;

    fx_host(&f);
    f.pdev = PCI_DEVICE(qdev_device_add_from_str(opt, &error_fatal));
    port = g_strdup_printf("virtconsole,bus=vser0.0,chardev=%s",
                           chardev_id(chr));
    g_assert_nonnull(qdev_device_add_from_str(port, &error_fatal));
    vp_probe(&f.v, DEVFN, BAR4_ADDR, BAR1_ADDR);
    g_assert_cmpint(vp_find(0x1af4, 0x1043), ==, DEVFN);
    g_assert_cmphex(vp_cfg_rd(DEVFN, PCI_CLASS_DEVICE, 2), ==, 0x0780);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 2);
    g_assert_true(object_dynamic_cast(OBJECT(virtio_pci_get_vdev(f.pdev)),
                                      "virtio-serial-device"));
    vp_msix_entry(&f.v, 1, MSI_BASE + 0x8, 0x42, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_assert_true(vp_negotiate(&f.v, 1ULL << VIRTIO_F_VERSION_1));
    vp_setup_queue(&f.v, 1, 8, 1);          /* port 0, guest -> host */
    vp_set_status(&f.v, VIRTIO_CONFIG_S_DRIVER_OK);
    address_space_write(&address_space_memory, VD_DATA, "hello", 5);
    vd_make_avail(&f.v.d, vd_add_chain(&f.v.d, &b, 1));
    vp_kick(&f.v, 1);
    g_assert_true(vd_wait_used(&f.v.d));
    vd_take_used(&f.v.d, &id, &len);
    out = devtest_ringbuf_take(chr);
    g_assert_cmpstr(out, ==, "hello");
    assert_msi(0, 0x8, 0x42);
    fx_cleanup(&f);
}

static void test_blk_io_msix(void)
{
    uint8_t pattern[512], back[512];
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    vp_msix_entry(&f.v, 0, MSI_BASE + 0x1000, 0x4021, false);
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x4041, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 16, 0, 1);
    /* Read sector 5: the image's bytes 2560.. and one message. */
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 5, REQ_BUF, 512), ==, BLK_S_OK);
    for (int i = 0; i < 512; i++) {
        g_assert_cmpuint(ram_byte(REQ_BUF + i), ==, ((2560 + i) * 7) & 0xff);
    }
    g_assert_cmpuint(msi_writes->len, ==, 1);
    assert_msi(0, 0, 0x4041);
    /* Write sector 2 and read it back. */
    for (int i = 0; i < 512; i++) {
        pattern[i] = i ^ 0xa5;
    }
    address_space_write(&address_space_memory, REQ_BUF, pattern, 512);
    g_assert_cmpuint(blk_rw(&f, BLK_T_OUT, 2, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 2, REQ_BUF + 0x1000, 512), ==,
                     BLK_S_OK);
    address_space_read(&address_space_memory, REQ_BUF + 0x1000, back, 512);
    g_assert_cmpmem(back, 512, pattern, 512);
    g_assert_cmpuint(msi_writes->len, ==, 3);
    assert_msi(2, 0, 0x4041);
    /* MSI-X on: INTx stays low even though ISR status is set. */
    g_assert_cmpint(f.pirq[PIRQ].level, ==, 0);
    g_assert_cmpint(f.pirq[PIRQ].raises, ==, 0);
    /* A config change goes to the config vector. */
    virtio_notify_config(virtio_pci_get_vdev(f.pdev));
    g_assert_cmpuint(msi_writes->len, ==, 4);
    assert_msi(3, 0x1000, 0x4021);
    fx_cleanup(&f);
}

static void test_msix_mask_pending(void)
{
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x51, true);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 16, NO_VEC, 1);
    /* Vector masked: no message, the pending bit instead. */
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(msi_writes->len, ==, 0);
    g_assert_true(pba_bit(&f, 1));
    g_assert_false(pba_bit(&f, 0));
    /* Unmasking delivers it once. */
    address_space_stl_le(&address_space_memory,
                         f.v.msix_table + 16 + PCI_MSIX_ENTRY_CTRL, 0, NULL);
    g_assert_cmpuint(msi_writes->len, ==, 1);
    assert_msi(0, 0, 0x51);
    g_assert_false(pba_bit(&f, 1));
    /* The function mask holds it back as well, until cleared. */
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(msi_writes->len, ==, 1);
    g_assert_true(pba_bit(&f, 1));
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_assert_cmpuint(msi_writes->len, ==, 2);
    g_assert_false(pba_bit(&f, 1));
    /* Without bus mastering a device sends nothing either. */
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(msi_writes->len, ==, 2);
    g_assert_true(pba_bit(&f, 1));
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    g_assert_cmpuint(msi_writes->len, ==, 3);
    /* The PBA is read-only. */
    address_space_stl_le(&address_space_memory, f.v.msix_pba, 0xff, NULL);
    g_assert_false(pba_bit(&f, 0));
    assert_logged("read-only MSI-X PBA");
    fx_cleanup(&f);
}

static void test_intx_isr(void)
{
    IrqProbe *line;
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    line = &f.pirq[PIRQ];
    vp_init(&f.v, 0, 16, NO_VEC, NO_VEC);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 1, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpint(line->level, ==, 1);
    g_assert_true(vp_cfg_rd(DEVFN, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    /* Reading ISR status returns the queue bit and acknowledges it. */
    g_assert_cmphex(address_space_ldub(&address_space_memory, f.v.isr, NULL),
                    ==, VIRTIO_ISR_QUEUE);
    g_assert_cmpint(line->level, ==, 0);
    g_assert_cmphex(address_space_ldub(&address_space_memory, f.v.isr, NULL),
                    ==, 0);
    /* A config change: bit 1. */
    virtio_notify_config(virtio_pci_get_vdev(f.pdev));
    g_assert_cmpint(line->level, ==, 1);
    g_assert_cmphex(address_space_ldub(&address_space_memory, f.v.isr, NULL),
                    ==, VIRTIO_ISR_CONFIG);
    g_assert_cmpint(line->level, ==, 0);
    /* INTx disabled in the command register: the line stays low. */
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
              PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 1, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpint(line->level, ==, 0);
    g_assert_cmpint(line->raises, ==, 2);
    /* Asserted INTx drops when the driver switches to MSI-X. */
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    g_assert_cmpint(line->level, ==, 1);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_assert_cmpint(line->level, ==, 0);
    vp_msix_ctrl(&f.v, 0);
    g_assert_cmpint(line->level, ==, 1);
    g_assert_cmpuint(msi_writes->len, ==, 0);
    fx_cleanup(&f);
}

static void test_reset(void)
{
    VirtIODevice *vdev;
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    vdev = virtio_pci_get_vdev(f.pdev);
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x61, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 16, 0, 1);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_DFSELECT, 1, 4);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_STATUS, 0, 1);
    g_assert_cmphex(vp_status(&f.v), ==, 0);
    g_assert_cmpuint(vdev->guest_features, ==, 0);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_DFSELECT, 4), ==, 0);
    g_assert_cmphex(vp_rd(&f.v, VIRTIO_PCI_COMMON_MSIX, 2), ==, NO_VEC);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 2), ==, 0);
    g_assert_cmphex(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, 2), ==, NO_VEC);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_SIZE, 2), ==, 256);
    g_assert_cmphex(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_DESCLO, 4), ==, 0);
    /* The driver starts over and the device works again. */
    vp_init(&f.v, 0, 8, 0, 1);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(msi_writes->len, ==, 2);
    /* A system reset disables MSI-X and masks every vector. */
    device_cold_reset(DEVICE(f.pdev));
    g_assert_cmphex(vp_cfg_rd(DEVFN, f.v.msix_cap + PCI_MSIX_FLAGS, 2), ==,
                    1);
    g_assert_cmphex(vp_cfg_rd(DEVFN, PCI_COMMAND, 2), ==, 0);
    vp_probe(&f.v, DEVFN, BAR4_ADDR, BAR1_ADDR);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory,
                                         f.v.msix_table + 16 + 12, NULL),
                    ==, 1);
    g_assert_cmphex(vp_status(&f.v), ==, 0);
    fx_cleanup(&f);
}

static void test_hostile(void)
{
    VirtIODevice *vdev;
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    vdev = virtio_pci_get_vdev(f.pdev);
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x71, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_assert_true(vp_negotiate(&f.v, 1ULL << VIRTIO_F_VERSION_1));
    devtest_log_clear();
    /* Queue size 3: the queue does not become enabled. */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SIZE, 3, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 2), ==, 0);
    assert_logged("not a power of two");
    /* Kicking the disabled queue does nothing. */
    vp_set_status(&f.v, VIRTIO_CONFIG_S_DRIVER_OK);
    vp_kick(&f.v, 0);
    assert_logged("for no enabled queue");
    g_assert_false(vdev->broken);
    g_assert_cmpuint(msi_writes->len, ==, 0);
    /* queue_select out of range: size 0, writes ignored. */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SELECT, 9, 2);
    assert_logged("queue_select 9 of 1");
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_SIZE, 2), ==, 0);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 2), ==, 0);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SIZE, 16, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, 1, 2);
    g_assert_cmphex(vp_rd(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, 2), ==, NO_VEC);
    vp_wr64(&f.v, VIRTIO_PCI_COMMON_Q_DESCLO, VD_DESC);
    assert_logged("which does not exist");
    /* Notify past the last queue, or between slots. */
    address_space_stw_le(&address_space_memory, f.v.notify + 4 * 7, 7, NULL);
    address_space_stw_le(&address_space_memory, f.v.notify + 2, 0, NULL);
    assert_logged("notification at 0x2");
    /* A vector beyond the table reads back as NO_VECTOR. */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_MSIX, 7, 2);
    g_assert_cmphex(vp_rd(&f.v, VIRTIO_PCI_COMMON_MSIX, 2), ==, NO_VEC);
    assert_logged("MSI-X vector 7 of 2");
    /* Wrong widths and read-only fields. */
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 1), ==, 0);
    assert_logged("1-byte read of common config at 0x12");
    vp_wr(&f.v, VIRTIO_PCI_COMMON_NUMQ, 5, 2);
    g_assert_cmpuint(vp_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 1);
    assert_logged("write to read-only common config 0x12");
    vp_wr(&f.v, 0x40, 1, 4);
    assert_logged("4-byte write of common config at 0x40");
    /* Disabling a queue by writing 0 is not allowed. */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_ENABLE, 0, 2);
    assert_logged("write of 0x0 to common config 0x1c");
    /* Beyond the MSI-X table. */
    address_space_stl_le(&address_space_memory, f.v.msix_table + 0x7f0, 0,
                         NULL);
    assert_logged("beyond 2 vectors");
    /* All harmless: a proper set-up still works. */
    vp_init(&f.v, 0, 16, NO_VEC, 1);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 0, REQ_BUF, 512), ==, BLK_S_OK);
    assert_msi(0, 0, 0x71);
    fx_cleanup(&f);
}

/* Firmware without access to BAR4 uses the config window instead. */
static void test_pci_cfg_window(void)
{
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    vp_cfg_wr(DEVFN, PCI_COMMAND, 0, 2);            /* BAR4 unmapped */
    g_assert_cmpuint(vp_window_rd(&f.v, VIRTIO_PCI_COMMON_NUMQ, 2), ==, 1);
    vp_window_wr(&f.v, VIRTIO_PCI_COMMON_DFSELECT, 1, 4);
    g_assert_cmphex(vp_window_rd(&f.v, VIRTIO_PCI_COMMON_DF, 4), ==, 1);
    vp_window_wr(&f.v, VIRTIO_PCI_COMMON_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE,
                 1);
    g_assert_cmphex(virtio_pci_get_vdev(f.pdev)->status, ==,
                    VIRTIO_CONFIG_S_ACKNOWLEDGE);
    g_assert_cmpuint(vp_window_rd(&f.v, VIRTIO_PCI_DEVICE_OFFSET, 4), ==,
                     DISK_SIZE / 512);
    /* Another BAR, a bad length or a misaligned offset: logged, no-op. */
    vp_window(&f.v, 2, 0, 4);
    g_assert_cmphex(vp_cfg_rd(DEVFN, f.v.cfg_cap + VIRTIO_PCI_CFG_DATA, 4),
                    ==, DISK_SIZE / 512);
    assert_logged("PCI config window of 4 bytes at BAR2");
    vp_window(&f.v, 4, VIRTIO_PCI_COMMON_STATUS, 3);
    vp_cfg_wr(DEVFN, f.v.cfg_cap + VIRTIO_PCI_CFG_DATA, 0, 4);
    vp_window(&f.v, 4, VIRTIO_PCI_COMMON_NUMQ + 1, 2);
    vp_cfg_wr(DEVFN, f.v.cfg_cap + VIRTIO_PCI_CFG_DATA, 0, 4);
    assert_logged("PCI config window of 2 bytes at BAR4 offset 0x13");
    g_assert_cmphex(virtio_pci_get_vdev(f.pdev)->status, ==,
                    VIRTIO_CONFIG_S_ACKNOWLEDGE);
    /* A system reset closes the window. */
    device_cold_reset(DEVICE(f.pdev));
    g_assert_cmphex(vp_cfg_rd(DEVFN, f.v.cfg_cap + VIRTIO_PCI_CAP_BAR, 1), ==,
                    0);
    g_assert_cmphex(vp_cfg_rd(DEVFN, f.v.cfg_cap + VIRTIO_PCI_CAP_LENGTH, 4),
                    ==, 0);
    g_assert_cmphex(virtio_pci_get_vdev(f.pdev)->status, ==, 0);
    fx_cleanup(&f);
}

/* A random offset near the start of a structure: where the fields are. */
static hwaddr random_target(GRand *r)
{
    static const hwaddr bases[] = {
        BAR4_ADDR + VIRTIO_PCI_COMMON_OFFSET,
        BAR4_ADDR + VIRTIO_PCI_COMMON_OFFSET,   /* twice: most fields */
        BAR4_ADDR + VIRTIO_PCI_ISR_OFFSET,
        BAR4_ADDR + VIRTIO_PCI_DEVICE_OFFSET,
        BAR4_ADDR + VIRTIO_PCI_NOTIFY_OFFSET,
        BAR1_ADDR, BAR1_ADDR + 0x800,
    };

    return bases[g_rand_int_range(r, 0, G_N_ELEMENTS(bases))] +
           g_rand_int_range(r, 0, 0x44);
}

/* One random access: config space (past the BARs), BAR4 or BAR1. */
static void random_access(GRand *r)
{
    static const int sizes[] = { 1, 2, 4 };
    int size = sizes[g_rand_int_range(r, 0, 3)];
    uint32_t val = g_rand_boolean(r) ? (uint32_t)g_rand_int_range(r, 0, 32)
                                     : g_rand_int(r);
    hwaddr a;

    if (g_rand_int_range(r, 0, 4) == 0) {
        a = g_rand_int_range(r, PCI_CAPABILITY_LIST, 256) & ~(size - 1);
        vp_cfg_wr(DEVFN, a, val, size);
        return;
    }
    a = random_target(r) & ~(hwaddr)(size - 1);
    if (g_rand_boolean(r)) {
        address_space_write(&address_space_memory, a, &val, size);
    } else {
        address_space_read(&address_space_memory, a, &val, size);
    }
}

/* Random register traffic is harmless; a proper set-up works after it. */
static void test_random_registers(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(0x5eed);
    Fx f;

    fx_init(&f, "virtio-blk-pci");
    for (int i = 0; i < 20000; i++) {
        random_access(r);
        if (i % 1000 == 0) {
            main_loop_wait_once(0);
        }
    }
    vp_probe(&f.v, DEVFN, BAR4_ADDR, BAR1_ADDR);
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x81, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_array_set_size(msi_writes, 0);
    vp_init(&f.v, 0, 16, NO_VEC, 1);
    g_assert_cmpuint(blk_rw(&f, BLK_T_IN, 5, REQ_BUF, 512), ==, BLK_S_OK);
    g_assert_cmpuint(ram_byte(REQ_BUF), ==, (2560 * 7) & 0xff);
    assert_msi(0, 0, 0x81);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    qdev_prop_register_backend("drive", lookup_drive);
    tmpdir = g_dir_make_tmp("kemu-virtio-pci-XXXXXX", NULL);
    msi_writes = g_array_new(FALSE, FALSE, sizeof(MsiWrite));
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", VD_RAM_SIZE,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), VD_RAM_BASE, &ram);
    memory_region_init_io(&msi_window, "test", &msi_ops, NULL, "msi",
                          0x100000);
    memory_region_add_subregion(get_system_memory(), MSI_BASE, &msi_window);

    g_test_add_func("/virtio-pci/no-pci-bus", test_no_pci_bus);
    g_test_add_func("/virtio-pci/device-add-errors", test_device_add_errors);
    g_test_add_func("/virtio-pci/enumerate-blk", test_enumerate_blk);
    g_test_add_func("/virtio-pci/enumerate-net", test_enumerate_net);
    g_test_add_func("/virtio-pci/rng", test_rng);
    g_test_add_func("/virtio-pci/serial", test_serial);
    g_test_add_func("/virtio-pci/blk-io-msix", test_blk_io_msix);
    g_test_add_func("/virtio-pci/msix-mask-pending", test_msix_mask_pending);
    g_test_add_func("/virtio-pci/intx-isr", test_intx_isr);
    g_test_add_func("/virtio-pci/reset", test_reset);
    g_test_add_func("/virtio-pci/hostile", test_hostile);
    g_test_add_func("/virtio-pci/pci-cfg-window", test_pci_cfg_window);
    g_test_add_func("/virtio-pci/random-registers", test_random_registers);
    ret = g_test_run();
    memory_region_del_subregion(get_system_memory(), &msi_window);
    memory_region_finalize(&msi_window);
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    g_array_free(msi_writes, TRUE);
    rmdir(tmpdir);
    devtest_cleanup();
    return ret;
}
