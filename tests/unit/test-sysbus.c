/*
 * Memory-mapped devices on the main system bus: declare, map, access, and
 * show the mapping in `info qtree`.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/sysbus.h"

#define TYPE_TEST_MMIO "test-mmio"

typedef struct TestMmio {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    uint32_t reg;
} TestMmio;

static uint64_t test_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    TestMmio *t = opaque;

    return addr == 4 ? t->reg : 0x1234;
}

static void test_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    TestMmio *t = opaque;

    if (addr == 4) {
        t->reg = val;
    }
}

static const MemoryRegionOps test_mmio_ops = {
    .read = test_mmio_read,
    .write = test_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void test_mmio_init(Object *obj)
{
    TestMmio *t = OBJECT_CHECK(TestMmio, obj, TYPE_TEST_MMIO);

    memory_region_init_io(&t->iomem, "test-mmio", &test_mmio_ops, t,
                          "test-mmio", 0x100);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &t->iomem);
}

static const TypeInfo test_mmio_info = {
    .name = TYPE_TEST_MMIO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(TestMmio),
    .instance_init = test_mmio_init,
};

static void register_types(void)
{
    type_register_static(&test_mmio_info);
}
type_init(register_types)

static void test_map_access_and_qtree(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_MMIO);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    g_autoptr(GString) tree = g_string_new(NULL);
    MemTxResult r;

    g_assert_true(sysbus_realize_and_unref(sbd, NULL));
    sysbus_mmio_map(sbd, 0, 0x9000000);
    address_space_stl_le(&address_space_memory, 0x9000004, 0xcafe, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x9000004, &r),
                    ==, 0xcafe);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0x9000000, &r),
                    ==, 0x1234);
    qdev_print_tree(tree);
    g_assert_nonnull(strstr(tree->str,
                            "mmio 0000000009000000/0000000000000100\n"));

    /* Remapping moves it: the old address is a hole again. */
    sysbus_mmio_map(sbd, 0, 0xa000000);
    g_assert_cmphex(address_space_ldl_le(&address_space_memory, 0xa000004, &r),
                    ==, 0xcafe);
    address_space_ldl_le(&address_space_memory, 0x9000004, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);

    /* Unrealizing takes the device out of the memory map. */
    qdev_unrealize(dev);
    address_space_ldl_le(&address_space_memory, 0xa000004, &r);
    g_assert_cmpint(r, !=, MEMTX_OK);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sysbus/map-access-and-qtree", test_map_access_and_qtree);
    return g_test_run();
}
