/*
 * PCI core and the i440FX host: config cycles through 0xcf8/0xcfc, host
 * bridge and ISA bridge IDs, BAR sizing and mapping that follows the
 * command register, 64-bit BARs, INTx level counting through PIIX3 PIRQ
 * routing, capabilities, addr=/bus= placement, `info pci`, reset control.
 */
#include "kemu/osdep.h"
#include "hw/pci-host/i440fx.h"
#include "system/runstate.h"
#include "devtest.h"

/* A test device: I/O BAR0 (32 bytes), memory BAR1 (4 KiB), 64-bit
 * prefetchable BAR2 (1 MiB); register 0 reads back what was written, and
 * writing 1/0 to register 4 raises/lowers INTA. */
#define TYPE_TEST_PCI "test-pci-dev"
OBJECT_DECLARE_SIMPLE_TYPE(TestPCIState, TEST_PCI)

struct TestPCIState {
    PCIDevice parent_obj;
    MemoryRegion io, mmio, mmio64;
    uint32_t reg;
};

static uint64_t tpci_read(void *opaque, hwaddr addr, unsigned size)
{
    TestPCIState *s = opaque;

    return addr == 0 ? s->reg : 0x5a5a5a5a;
}

static void tpci_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestPCIState *s = opaque;

    if (addr == 0) {
        s->reg = val;
    } else if (addr == 4) {
        pci_set_irq(PCI_DEVICE(s), val & 1);
    }
}

static const MemoryRegionOps tpci_ops = {
    .read = tpci_read,
    .write = tpci_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static bool tpci_realize(PCIDevice *d, Error **errp)
{
    TestPCIState *s = TEST_PCI(d);

    memory_region_init_io(&s->io, "test-pci", &tpci_ops, s, "tpci-io", 32);
    memory_region_init_io(&s->mmio, "test-pci", &tpci_ops, s, "tpci-mmio",
                          0x1000);
    memory_region_init_io(&s->mmio64, "test-pci", &tpci_ops, s,
                          "tpci-mmio64", 0x100000);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_IO, &s->io);
    pci_register_bar(d, 1, 0, &s->mmio);
    pci_register_bar(d, 2, PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->mmio64);
    d->config[PCI_INTERRUPT_PIN] = 1;
    return pci_add_capability(d, PCI_CAP_ID_MSIX, 0, 12, errp) &&
           pci_add_capability(d, PCI_CAP_ID_VNDR, 0x60, 8, errp);
}

static void tpci_exit(PCIDevice *d)
{
    TestPCIState *s = TEST_PCI(d);

    memory_region_finalize(&s->io);
    memory_region_finalize(&s->mmio);
    memory_region_finalize(&s->mmio64);
}

static void tpci_class_init(ObjectClass *klass, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    DEVICE_CLASS(klass)->user_creatable = true;
    pc->realize = tpci_realize;
    pc->exit = tpci_exit;
    pc->vendor_id = 0x1b36;
    pc->device_id = 0x0005;
    pc->subsystem_vendor_id = 0x1af4;
    pc->subsystem_id = 0x1100;
    pc->class_id = PCI_CLASS_OTHERS;
}

static const TypeInfo tpci_info = {
    .name = TYPE_TEST_PCI,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(TestPCIState),
    .class_init = tpci_class_init,
};

static void tpci_register(void)
{
    type_register_static(&tpci_info);
}
type_init(tpci_register)

typedef struct Fx {
    DeviceState *host;
    PCIBus *bus;
    IrqProbe isa[16];
    IrqProbe pirq[4];
} Fx;

static void fx_init(Fx *f)
{
    DeviceState *piix3;

    f->host = i440fx_create(get_system_io(), get_system_memory(),
                            get_system_io());
    f->bus = i440fx_get_bus(f->host);
    piix3 = i440fx_get_piix3(f->host);
    for (int i = 0; i < 16; i++) {
        irq_probe_init(&f->isa[i]);
        qdev_connect_gpio_out_named(piix3, "isa-irq", i, f->isa[i].irq);
    }
    for (int i = 0; i < 4; i++) {
        irq_probe_init(&f->pirq[i]);
        qdev_connect_gpio_out_named(piix3, "pirq", i, f->pirq[i].irq);
    }
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->host);
    for (int i = 0; i < 16; i++) {
        irq_probe_free(&f->isa[i]);
    }
    for (int i = 0; i < 4; i++) {
        irq_probe_free(&f->pirq[i]);
    }
}

static uint32_t cfg_addr(int devfn, int reg)
{
    return 0x80000000u | devfn << 8 | (reg & 0xfc);
}

static uint32_t cfg_readl(int devfn, int reg)
{
    address_space_stl_le(&address_space_io, 0xcf8, cfg_addr(devfn, reg), NULL);
    return address_space_ldl_le(&address_space_io, 0xcfc, NULL);
}

static void cfg_writel(int devfn, int reg, uint32_t val)
{
    address_space_stl_le(&address_space_io, 0xcf8, cfg_addr(devfn, reg), NULL);
    address_space_stl_le(&address_space_io, 0xcfc, val, NULL);
}

static void cfg_writeb(int devfn, int reg, uint8_t val)
{
    address_space_stl_le(&address_space_io, 0xcf8, cfg_addr(devfn, reg), NULL);
    address_space_stb(&address_space_io, 0xcfc + (reg & 3), val, NULL);
}

static DeviceState *add_test_dev(Fx *f, const char *addr, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_TEST_PCI);

    if (addr) {
        qdev_prop_set_string(dev, "addr", addr);
    }
    return qdev_realize_and_unref(dev, &f->bus->qbus, errp) ? dev : NULL;
}

static void test_host_ids(void)
{
    Fx f;

    fx_init(&f);
    /* Linux's pci_check_type1(). */
    address_space_stb(&address_space_io, 0xcfb, 0x01, NULL);
    address_space_stl_le(&address_space_io, 0xcf8, 0x80000000, NULL);
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xcf8, NULL), ==,
                    0x80000000);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(0, 0), 0), ==, 0x12378086);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(0, 0), 8) >> 16, ==, 0x0600);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(1, 0), 0), ==, 0x70008086);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(1, 0), 8) >> 16, ==, 0x0601);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(1, 0), 0x0c) >> 16 & 0xff, ==, 0x80);
    /* Byte and word data accesses (the address still selects 0x0c). */
    g_assert_cmphex(address_space_lduw_le(&address_space_io, 0xcfe, NULL), ==,
                    0x0080);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(1, 0), 0), ==, 0x70008086);
    g_assert_cmphex(address_space_lduw_le(&address_space_io, 0xcfe, NULL), ==,
                    0x7000);
    g_assert_cmphex(address_space_ldub(&address_space_io, 0xcfd, NULL), ==,
                    0x80);
    /* Empty slot, bus 1, disabled mechanism: all ones. */
    g_assert_cmphex(cfg_readl(PCI_DEVFN(9, 0), 0), ==, 0xffffffff);
    address_space_stl_le(&address_space_io, 0xcf8, 0x80010000, NULL);
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xcfc, NULL), ==,
                    0xffffffff);
    address_space_stl_le(&address_space_io, 0xcf8, 0x00000000, NULL);
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xcfc, NULL), ==,
                    0xffffffff);
    /* Read-only IDs. */
    cfg_writel(PCI_DEVFN(0, 0), 0, 0);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(0, 0), 0), ==, 0x12378086);
    fx_cleanup(&f);
}

static void test_bar_sizing_and_mapping(void)
{
    const int d3 = PCI_DEVFN(3, 0);
    Fx f;

    fx_init(&f);
    g_assert_nonnull(add_test_dev(&f, "03.0", &error_fatal));
    g_assert_cmphex(cfg_readl(d3, 0x10), ==, 0x00000001);
    g_assert_cmphex(cfg_readl(d3, 0x18), ==, 0x0000000c);
    for (int reg = 0x10; reg <= 0x1c; reg += 4) {
        cfg_writel(d3, reg, 0xffffffff);
    }
    g_assert_cmphex(cfg_readl(d3, 0x10), ==, 0xffffffe1);
    g_assert_cmphex(cfg_readl(d3, 0x14), ==, 0xfffff000);
    g_assert_cmphex(cfg_readl(d3, 0x18), ==, 0xfff0000c);
    g_assert_cmphex(cfg_readl(d3, 0x1c), ==, 0xffffffff);

    cfg_writel(d3, 0x10, 0xc000);
    cfg_writel(d3, 0x14, 0xfebf0000);
    cfg_writel(d3, 0x18, 0x00000000);
    cfg_writel(d3, 0x1c, 0x00000001);           /* 4 GiB */
    /* Decoding off: nothing there. */
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xc000, NULL), ==,
                    0xffffffff);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebf0000,
                                         NULL), ==, 0);
    cfg_writel(d3, 0x04, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
    address_space_stl_le(&address_space_io, 0xc000, 0x11223344, NULL);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebf0000,
                                         NULL), ==, 0x11223344);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory,
                                         0x100000000ULL, NULL), ==,
                    0x11223344);
    g_assert_cmphex(pci_get_bar_addr(PCI_DEVICE(f.bus->devices[d3]), 2), ==,
                    0x100000000ULL);
    /* Memory decoding off: only the I/O BAR stays. */
    cfg_writel(d3, 0x04, PCI_COMMAND_IO);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebf0000,
                                         NULL), ==, 0);
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xc000, NULL), ==,
                    0x11223344);
    /* Moving a BAR while decoding moves the region. */
    cfg_writel(d3, 0x04, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
    cfg_writel(d3, 0x14, 0xfebe0000);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebf0000,
                                         NULL), ==, 0);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebe0000,
                                         NULL), ==, 0x11223344);
    /* A reset turns decoding off and clears the BARs. */
    device_cold_reset(DEVICE(f.bus->devices[d3]));
    g_assert_cmphex(cfg_readl(d3, 0x14), ==, 0);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xfebe0000,
                                         NULL), ==, 0);
    fx_cleanup(&f);
}

static void set_dev_irq(int port, int level)
{
    address_space_stl_le(&address_space_io, port + 4, level, NULL);
}

static void test_intx_level_counting(void)
{
    Fx f;

    fx_init(&f);
    /* Slots 3 and 7, pin A: both PIRQC. */
    add_test_dev(&f, "3", &error_fatal);
    add_test_dev(&f, "7.0", &error_fatal);
    cfg_writel(PCI_DEVFN(3, 0), 0x10, 0xc000);
    cfg_writel(PCI_DEVFN(7, 0), 0x10, 0xc100);
    cfg_writel(PCI_DEVFN(3, 0), 0x04, PCI_COMMAND_IO);
    cfg_writel(PCI_DEVFN(7, 0), 0x04, PCI_COMMAND_IO);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(3, 0), 0x3c) >> 8 & 0xff, ==, 1);
    cfg_writeb(PCI_DEVFN(1, 0), 0x62, 11);      /* PIRQC -> IRQ11 */
    set_dev_irq(0xc000, 1);
    g_assert_cmpint(f.pirq[2].level, ==, 1);
    g_assert_cmpint(f.isa[11].level, ==, 1);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(3, 0), 4) >> 16 & PCI_STATUS_INTERRUPT,
                    ==, PCI_STATUS_INTERRUPT);
    set_dev_irq(0xc100, 1);
    set_dev_irq(0xc000, 0);
    g_assert_cmpint(f.isa[11].level, ==, 1);    /* slot 7 still asserts */
    /* INTx disable takes slot 7's assertion away. */
    cfg_writel(PCI_DEVFN(7, 0), 0x04, PCI_COMMAND_IO |
               PCI_COMMAND_INTX_DISABLE);
    g_assert_cmpint(f.isa[11].level, ==, 0);
    g_assert_cmpint(f.pirq[2].level, ==, 0);
    cfg_writel(PCI_DEVFN(7, 0), 0x04, PCI_COMMAND_IO);
    g_assert_cmpint(f.isa[11].level, ==, 1);
    /* Rerouting moves the level; disabling the route drops it. */
    cfg_writeb(PCI_DEVFN(1, 0), 0x62, 10);
    g_assert_cmpint(f.isa[11].level, ==, 0);
    g_assert_cmpint(f.isa[10].level, ==, 1);
    cfg_writeb(PCI_DEVFN(1, 0), 0x62, 0x80);
    g_assert_cmpint(f.isa[10].level, ==, 0);
    g_assert_cmpint(f.pirq[2].level, ==, 1);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(1, 0), 0x60), ==, 0x80808080);
    set_dev_irq(0xc100, 0);
    g_assert_cmpint(f.pirq[2].level, ==, 0);
    for (int i = 0; i < 16; i++) {
        g_assert_cmpint(f.isa[i].level, ==, 0);
    }
    fx_cleanup(&f);
}

static void test_capabilities(void)
{
    PCIDevice *d;
    Error *err = NULL;
    Fx f;

    fx_init(&f);
    d = PCI_DEVICE(add_test_dev(&f, NULL, &error_fatal));
    g_assert_cmpint(d->devfn, ==, PCI_DEVFN(2, 0));     /* first free */
    g_assert_cmphex(cfg_readl(d->devfn, 4) >> 16 & PCI_STATUS_CAP_LIST, ==,
                    PCI_STATUS_CAP_LIST);
    g_assert_cmphex(cfg_readl(d->devfn, 0x34) & 0xff, ==, 0x60);
    g_assert_cmphex(cfg_readl(d->devfn, 0x60) & 0xffff, ==, 0x4009);
    g_assert_cmphex(cfg_readl(d->devfn, 0x40) & 0xffff, ==, 0x0011);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_MSIX), ==, 0x40);
    g_assert_cmpint(pci_find_capability(d, PCI_CAP_ID_MSI), ==, 0);
    g_assert_cmpint(pci_add_capability(d, PCI_CAP_ID_MSI, 0x44, 8, &err),
                    ==, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "overlaps"));
    error_free(err);
    err = NULL;
    g_assert_cmpint(pci_add_capability(d, PCI_CAP_ID_MSI, 0xfc, 8, &err),
                    ==, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "does not fit"));
    error_free(err);
    g_assert_cmpint(pci_add_capability(d, PCI_CAP_ID_MSI, 0, 8, &error_fatal),
                    ==, 0x68);
    fx_cleanup(&f);
}

static void test_placement_and_info(void)
{
    g_autoptr(GString) info = g_string_new("");
    DeviceState *dev;
    Error *err = NULL;
    Fx f;

    fx_init(&f);
    g_assert_null(add_test_dev(&f, "01.0", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "PCI: slot 1 function 0 "
                            "not available for test-pci-dev, in use by "
                            "PIIX3"));
    error_free(err);
    err = NULL;
    dev = qdev_new(TYPE_TEST_PCI);
    g_assert_false(object_property_set_str(OBJECT(dev), "addr", "zz", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "expects a PCI address"));
    error_free(err);
    object_unref(dev);
    dev = qdev_device_add_from_str("test-pci-dev,id=t5,bus=pci.0,addr=05.0",
                                   &error_fatal);
    g_assert_cmpint(PCI_DEVICE(dev)->devfn, ==, PCI_DEVFN(5, 0));
    cfg_writel(PCI_DEVFN(5, 0), 0x10, 0xc040);
    cfg_writeb(PCI_DEVFN(5, 0), 0x3c, 11);
    cfg_writel(PCI_DEVFN(5, 0), 0x04, PCI_COMMAND_IO);
    pci_print_info(info);
    g_assert_nonnull(strstr(info->str,
                            "  Bus  0, device   0, function 0:\n"
                            "    Host bridge: PCI device 8086:1237\n"));
    g_assert_nonnull(strstr(info->str, "    ISA bridge: PCI device "
                            "8086:7000\n"));
    g_assert_nonnull(strstr(info->str,
                            "  Bus  0, device   5, function 0:\n"
                            "    Class ff00: PCI device 1b36:0005\n"
                            "      PCI subsystem 1af4:1100\n"
                            "      IRQ 11, pin A\n"
                            "      BAR0: I/O at 0xc040 [0xc05f].\n"
                            "      BAR1: 32 bit memory at 0xffffffffffffffff"
                            " [0x00000fff].\n"
                            "      BAR2: 64 bit prefetchable memory at "
                            "0xffffffffffffffff [0x000fffff].\n"
                            "      id \"t5\"\n"));
    devtest_destroy(dev);
    g_assert_cmphex(cfg_readl(PCI_DEVFN(5, 0), 0), ==, 0xffffffff);
    g_assert_cmphex(address_space_ldl_le(&address_space_io, 0xc040, NULL), ==,
                    0xffffffff);
    fx_cleanup(&f);
}

static int resets;

static void count_reset(void *opaque)
{
    resets++;
}

static void test_reset_control_and_bad_accesses(void)
{
    g_autofree char *log = NULL;
    int status;
    Fx f;

    fx_init(&f);
    kemu_register_reset(count_reset, NULL);
    address_space_stb(&address_space_io, 0xcf9, 0x02, NULL);
    g_assert_cmphex(address_space_ldub(&address_space_io, 0xcf9, NULL), ==,
                    0x02);
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 0);
    address_space_stb(&address_space_io, 0xcf9, 0x06, NULL);
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmpint(resets, ==, 1);
    devtest_log_clear();
    g_assert_cmphex(pci_bus_config_read(f.bus, 0, 0xfe, 4), ==, 0xffffffff);
    pci_bus_config_write(f.bus, 0, 0x3, 0, 2);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "pci: bad config read of 4 bytes at 0xfe"));
    g_assert_nonnull(strstr(log, "pci: bad config write of 2 bytes at 0x3"));
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    address_space_set_unassigned_ones(&address_space_io, true);
    g_test_add_func("/pci/host-ids", test_host_ids);
    g_test_add_func("/pci/bar-sizing-and-mapping",
                    test_bar_sizing_and_mapping);
    g_test_add_func("/pci/intx-level-counting", test_intx_level_counting);
    g_test_add_func("/pci/capabilities", test_capabilities);
    g_test_add_func("/pci/placement-and-info", test_placement_and_info);
    g_test_add_func("/pci/reset-control-and-bad-accesses",
                    test_reset_control_and_bad_accesses);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
