/*
 * Devices, buses, static properties, realize/reset, -device and qtree.
 * The device types here exist only for these tests.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"

#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_BRIDGE "test-bridge"
#define TYPE_TEST_LEAF "test-leaf"
#define TYPE_TEST_NEEDY "test-needy"
#define TYPE_TEST_HIDDEN "test-hidden"
#define TYPE_TEST_CPU "test-cpu"

typedef enum { MODE_OFF, MODE_ON, MODE_AUTO } TestMode;
static const char *const mode_names[] = { "off", "on", "auto", NULL };

typedef struct TestLeaf {
    DeviceState parent_obj;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t mem;
    bool flag;
    char *label;
    TestMode mode;
    struct TestLeaf *peer;
    const char *chr;            /* what the test backends hand out */
    const char *drive;
    const char *net;
} TestLeaf;

typedef struct TestNeedy {
    SysBusDevice parent_obj;
    TestLeaf *target;
} TestNeedy;

#define TEST_LEAF(obj) OBJECT_CHECK(TestLeaf, (obj), TYPE_TEST_LEAF)

static GString *reset_log;

static void log_reset(const char *what)
{
    g_string_append_printf(reset_log, "%s ", what);
}

static void test_bus_reset(BusState *bus)
{
    g_autofree char *what = g_strdup_printf("bus:%s", bus->name);

    log_reset(what);
}

static void test_bus_class_init(ObjectClass *klass, const void *data)
{
    BUS_CLASS(klass)->reset = test_bus_reset;
}

static void dev_reset(DeviceState *dev)
{
    if (dev->id) {
        log_reset(dev->id);
    }
}

static bool bridge_realize(DeviceState *dev, Error **errp)
{
    qbus_new(TYPE_TEST_BUS, dev, NULL);
    return true;
}

static void bridge_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_BUS;
    dc->realize = bridge_realize;
    dc->reset = dev_reset;
    dc->user_creatable = true;
    dc->desc = "Test bridge";
    dc->category = DEVICE_CATEGORY_BRIDGE;
}

static const Property leaf_props[] = {
    DEFINE_PROP_UINT8("u8", TestLeaf, u8, 8),
    DEFINE_PROP_UINT16("u16", TestLeaf, u16, 0),
    DEFINE_PROP_UINT32("u32", TestLeaf, u32, 16),
    DEFINE_PROP_UINT64("u64", TestLeaf, u64, 0),
    DEFINE_PROP_INT32("i32", TestLeaf, i32, -1),
    DEFINE_PROP_INT64("i64", TestLeaf, i64, 0),
    DEFINE_PROP_SIZE("mem", TestLeaf, mem, 4096),
    DEFINE_PROP_BOOL("flag", TestLeaf, flag, true),
    DEFINE_PROP_STRING("label", TestLeaf, label),
    DEFINE_PROP_ENUM("mode", TestLeaf, mode, MODE_AUTO, "TestMode",
                     mode_names),
    DEFINE_PROP_LINK("peer", TestLeaf, peer, TYPE_TEST_LEAF, TestLeaf *),
    DEFINE_PROP_CHR("chardev", TestLeaf, chr),
    DEFINE_PROP_DRIVE("drive", TestLeaf, drive),
    DEFINE_PROP_NETDEV("netdev", TestLeaf, net),
    DEFINE_PROP_END_OF_LIST(),
};

static bool leaf_realize(DeviceState *dev, Error **errp)
{
    if (!g_strcmp0(TEST_LEAF(dev)->label, "fail")) {
        error_setg(errp, "test-leaf: refusing to realize");
        return false;
    }
    return true;
}

static int leaf_unrealized;

static void leaf_unrealize(DeviceState *dev)
{
    leaf_unrealized++;
}

static void leaf_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_TEST_BUS;
    dc->realize = leaf_realize;
    dc->unrealize = leaf_unrealize;
    dc->reset = dev_reset;
    dc->user_creatable = true;
    dc->desc = "Test leaf";
    dc->category = DEVICE_CATEGORY_STORAGE;
    device_class_set_props(dc, leaf_props);
}

static const Property needy_props[] = {
    DEFINE_PROP_LINK("target", TestNeedy, target, TYPE_TEST_LEAF, TestLeaf *,
                     .required = true),
    DEFINE_PROP_END_OF_LIST(),
};

static void needy_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->user_creatable = true;
    dc->category = DEVICE_CATEGORY_MISC;
    device_class_set_props(dc, needy_props);
}

static void cpu_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->user_creatable = true;
    dc->desc = "Test CPU";
    dc->reset = dev_reset;
}

static const TypeInfo test_types[] = {
    { .name = TYPE_TEST_BUS, .parent = TYPE_BUS,
      .class_init = test_bus_class_init },
    { .name = TYPE_TEST_BRIDGE, .parent = TYPE_SYS_BUS_DEVICE,
      .class_init = bridge_class_init },
    { .name = TYPE_TEST_LEAF, .parent = TYPE_DEVICE,
      .instance_size = sizeof(TestLeaf), .class_init = leaf_class_init },
    { .name = TYPE_TEST_NEEDY, .parent = TYPE_SYS_BUS_DEVICE,
      .instance_size = sizeof(TestNeedy), .class_init = needy_class_init },
    { .name = TYPE_TEST_HIDDEN, .parent = TYPE_SYS_BUS_DEVICE },
    { .name = TYPE_TEST_CPU, .parent = TYPE_DEVICE,
      .class_init = cpu_class_init },
};

static void register_test_types(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(test_types); i++) {
        type_register_static(&test_types[i]);
    }
}

type_init(register_test_types)

/* Test backends: ids that start with the kind's letter exist. */
static void *lookup_chardev(const char *id)
{
    return id[0] == 's' ? "the-chardev" : NULL;
}

static void *lookup_drive(const char *id)
{
    return id[0] == 'd' ? "the-drive" : NULL;
}

/* A bridge on the main system bus, realized, and its bus. */
static BusState *new_bridge(const char *id, DeviceState **bridge)
{
    DeviceState *dev = qdev_new(TYPE_TEST_BRIDGE);

    dev->id = g_strdup(id);
    qdev_realize_and_unref(dev, sysbus_get_default(), &error_fatal);
    if (bridge) {
        *bridge = dev;
    }
    return g_ptr_array_index(dev->child_buses, 0);
}

static void expect_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void expect_set_error(Object *obj, const char *prop,
                             const char *value, const char *msg)
{
    Error *err = NULL;

    g_assert_false(object_property_set_str(obj, prop, value, &err));
    expect_error(err, msg);
}

static void test_defaults(void)
{
    TestLeaf *leaf = TEST_LEAF(qdev_new(TYPE_TEST_LEAF));

    g_assert_cmpuint(leaf->u8, ==, 8);
    g_assert_cmpuint(leaf->u32, ==, 16);
    g_assert_cmpint(leaf->i32, ==, -1);
    g_assert_cmpuint(leaf->mem, ==, 4096);
    g_assert_true(leaf->flag);
    g_assert_cmpint(leaf->mode, ==, MODE_AUTO);
    g_assert_null(leaf->label);
    g_assert_null(leaf->peer);

    /* Board helpers. */
    qdev_prop_set_uint32(DEVICE(leaf), "u32", 5);
    g_assert_cmpuint(leaf->u32, ==, 5);
    qdev_prop_set_uint64(DEVICE(leaf), "u64", 1ULL << 40);
    g_assert_cmpuint(leaf->u64, ==, 1ULL << 40);
    qdev_prop_set_bit(DEVICE(leaf), "flag", false);
    g_assert_false(leaf->flag);
    qdev_prop_set_string(DEVICE(leaf), "label", "board");
    g_assert_cmpstr(leaf->label, ==, "board");
    object_unref(leaf);
}

static void test_board_helper_aborts(void)
{
    if (g_test_subprocess()) {
        qdev_prop_set_uint32(qdev_new(TYPE_TEST_LEAF), "u8", 1000);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*test-leaf.u8' doesn't take value 1000*");
}

static void test_int_props(void)
{
    TestLeaf *leaf = TEST_LEAF(qdev_new(TYPE_TEST_LEAF));
    Object *obj = OBJECT(leaf);
    int64_t v;

    g_assert_true(object_property_set_str(obj, "u8", "255", &error_fatal));
    g_assert_cmpuint(leaf->u8, ==, 255);
    expect_set_error(obj, "u8", "256", "Property 'test-leaf.u8' doesn't take "
                     "value 256 (minimum: 0, maximum: 255)");
    g_assert_true(object_property_set_str(obj, "u16", "0x10", &error_fatal));
    g_assert_cmpuint(leaf->u16, ==, 16);
    expect_set_error(obj, "u16", "65536", "Property 'test-leaf.u16' doesn't "
                     "take value 65536 (minimum: 0, maximum: 65535)");
    g_assert_true(object_property_set_int(obj, "u32", 4294967295LL,
                                          &error_fatal));
    g_assert_cmpuint(leaf->u32, ==, UINT32_MAX);
    expect_set_error(obj, "u32", "-1", "Property 'test-leaf.u32' expects an "
                     "integer, not '-1'");
    expect_set_error(obj, "u32", "12abc", "Property 'test-leaf.u32' expects "
                     "an integer, not '12abc'");
    g_assert_true(object_property_set_uint(obj, "u64", UINT64_MAX,
                                           &error_fatal));
    g_assert_cmpuint(leaf->u64, ==, UINT64_MAX);
    g_assert_true(object_property_set_str(obj, "i32", "-2147483648",
                                          &error_fatal));
    g_assert_cmpint(leaf->i32, ==, INT32_MIN);
    expect_set_error(obj, "i32", "-2147483649", "Property 'test-leaf.i32' "
                     "doesn't take value -2147483649 (minimum: -2147483648, "
                     "maximum: 2147483647)");
    expect_set_error(obj, "i32", "2147483648", "Property 'test-leaf.i32' "
                     "doesn't take value 2147483648 (minimum: -2147483648, "
                     "maximum: 2147483647)");
    g_assert_true(object_property_set_str(obj, "i64", "-9223372036854775808",
                                          &error_fatal));
    g_assert_cmpint(leaf->i64, ==, INT64_MIN);
    g_assert_true(object_property_get_int(obj, "i64", &v, &error_fatal));
    g_assert_cmpint(v, ==, INT64_MIN);
    expect_set_error(obj, "i64", "9223372036854775808", "Property "
                     "'test-leaf.i64' doesn't take value 9223372036854775808 "
                     "(minimum: -9223372036854775808, "
                     "maximum: 9223372036854775807)");
    object_unref(leaf);
}

static void test_size_bool_string_enum(void)
{
    TestLeaf *leaf = TEST_LEAF(qdev_new(TYPE_TEST_LEAF));
    Object *obj = OBJECT(leaf);
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    char *s;

    g_assert_true(object_property_set_str(obj, "mem", "1G", &error_fatal));
    g_assert_cmpuint(leaf->mem, ==, 1ULL << 30);
    g_assert_true(object_property_set_str(obj, "mem", "512M", &error_fatal));
    g_assert_cmpuint(leaf->mem, ==, 512ULL << 20);
    g_assert_true(object_property_set_str(obj, "mem", "1000", &error_fatal));
    g_assert_cmpuint(leaf->mem, ==, 1000);
    expect_set_error(obj, "mem", "12Q", "Property 'test-leaf.mem' expects a "
                     "size (like 512M or 1G), not '12Q'");

    for (int i = 0; i < 3; i++) {
        g_assert_true(object_property_set_str(obj, "flag", no[i],
                                              &error_fatal));
        g_assert_false(leaf->flag);
        g_assert_true(object_property_set_str(obj, "flag", yes[i],
                                              &error_fatal));
        g_assert_true(leaf->flag);
    }
    expect_set_error(obj, "flag", "maybe", "Property 'test-leaf.flag' "
                     "expects on or off, not 'maybe'");

    g_assert_true(object_property_set_str(obj, "label", "hello",
                                          &error_fatal));
    g_assert_cmpstr(leaf->label, ==, "hello");
    s = object_property_get_str(obj, "label", &error_fatal);
    g_assert_cmpstr(s, ==, "hello");
    g_free(s);

    g_assert_true(object_property_set_str(obj, "mode", "on", &error_fatal));
    g_assert_cmpint(leaf->mode, ==, MODE_ON);
    s = object_property_get_str(obj, "mode", &error_fatal);
    g_assert_cmpstr(s, ==, "on");
    g_free(s);
    expect_set_error(obj, "mode", "bogus", "Property 'test-leaf.mode' doesn't "
                     "take value 'bogus' (valid values: off, on, auto)");
    g_assert_cmpint(leaf->mode, ==, MODE_ON);
    object_unref(leaf);
}

static void test_backend_props(void)
{
    TestLeaf *leaf = TEST_LEAF(qdev_new(TYPE_TEST_LEAF));
    Object *obj = OBJECT(leaf);
    char *s;

    /* No lookup registered for netdev in this program. */
    expect_set_error(obj, "netdev", "net0", "Property 'test-leaf.netdev' "
                     "can't find value 'net0'");
    expect_set_error(obj, "chardev", "xyz", "Property 'test-leaf.chardev' "
                     "can't find value 'xyz'");
    g_assert_null(leaf->chr);
    g_assert_true(object_property_set_str(obj, "chardev", "serial0",
                                          &error_fatal));
    g_assert_cmpstr(leaf->chr, ==, "the-chardev");
    s = object_property_get_str(obj, "chardev", &error_fatal);
    g_assert_cmpstr(s, ==, "serial0");
    g_free(s);
    g_assert_true(object_property_set_str(obj, "drive", "disk0",
                                          &error_fatal));
    g_assert_cmpstr(leaf->drive, ==, "the-drive");
    expect_set_error(obj, "drive", "serial0", "Property 'test-leaf.drive' "
                     "can't find value 'serial0'");
    g_assert_true(object_property_set_str(obj, "chardev", "", &error_fatal));
    g_assert_null(leaf->chr);
    object_unref(leaf);
}

static void test_link_prop(void)
{
    BusState *bus = new_bridge("lbr", NULL);
    DeviceState *target = qdev_new(TYPE_TEST_LEAF);
    DeviceState *leaf = qdev_new(TYPE_TEST_LEAF);
    DeviceState *needy = qdev_new(TYPE_TEST_NEEDY);
    char *path, *expect;

    qdev_realize(target, bus, &error_fatal);
    path = object_get_canonical_path(OBJECT(target));
    g_assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    g_assert_true(object_property_set_str(OBJECT(leaf), "peer", path,
                                          &error_fatal));
    g_assert_true(TEST_LEAF(leaf)->peer == TEST_LEAF(target));
    expect = object_property_get_str(OBJECT(leaf), "peer", &error_fatal);
    g_assert_cmpstr(expect, ==, path);
    g_free(expect);
    g_free(path);
    expect_set_error(OBJECT(leaf), "peer", "/machine/nothing",
                     "Property 'test-leaf.peer' can't find value "
                     "'/machine/nothing'");
    expect_set_error(OBJECT(leaf), "peer", "/machine/unattached/sysbus",
                     "Property 'test-leaf.peer': object of type 'System' is "
                     "not a 'test-leaf'");
    g_assert_true(object_property_set_link(OBJECT(needy), "target",
                                           OBJECT(target), &error_fatal));
    g_assert_cmpstr(object_property_find(OBJECT(needy), "target")->type, ==,
                    "link<test-leaf>");
    object_unref(needy);
    object_unref(leaf);
    object_unref(target);
}

static void test_set_after_realize(void)
{
    BusState *bus = new_bridge("sbr", NULL);
    DeviceState *leaf = qdev_new(TYPE_TEST_LEAF);
    DeviceState *needy = qdev_new(TYPE_TEST_NEEDY);
    Error *err = NULL;

    leaf->id = g_strdup("late");
    qdev_realize_and_unref(leaf, bus, &error_fatal);
    g_assert_true(leaf->realized);
    expect_set_error(OBJECT(leaf), "u32", "1", "Attempt to set property "
                     "'u32' on device 'late' (type 'test-leaf') after it was "
                     "realized");
    g_assert_cmpuint(TEST_LEAF(leaf)->u32, ==, 16);
    object_property_set_link(OBJECT(needy), "target", OBJECT(leaf),
                             &error_fatal);
    qdev_realize(needy, sysbus_get_default(), &error_fatal);
    g_assert_false(object_property_set_link(OBJECT(needy), "target", NULL,
                                            &err));
    expect_error(err, "Attempt to set property 'target' on device "
                 "'<anonymous>' (type 'test-needy') after it was realized");
    object_unref(needy);
}

static void test_realize_failures(void)
{
    BusState *bus = new_bridge("fbr", NULL);
    DeviceState *leaf = qdev_new(TYPE_TEST_LEAF);
    DeviceState *needy = qdev_new(TYPE_TEST_NEEDY);
    Error *err = NULL;

    object_property_set_str(OBJECT(leaf), "label", "fail", &error_fatal);
    g_assert_false(qdev_realize(leaf, bus, &err));
    expect_error(err, "test-leaf: refusing to realize");
    g_assert_false(leaf->realized);
    g_assert_null(leaf->parent_bus);
    g_assert_cmpuint(bus->children->len, ==, 0);
    g_assert_null(OBJECT(leaf)->parent);    /* not left in the tree */

    err = NULL;
    g_assert_false(qdev_realize(leaf, sysbus_get_default(), &err));
    expect_error(err, "Device 'test-leaf' can't go on System bus");
    err = NULL;
    g_assert_false(qdev_realize(leaf, NULL, &err));
    expect_error(err, "Device 'test-leaf' needs a bus of type test-bus");
    err = NULL;
    g_assert_false(qdev_realize(needy, sysbus_get_default(), &err));
    expect_error(err, "Property 'test-needy.target' must be set");
    g_assert_false(needy->realized);

    /* Fixed, the same device realizes. */
    object_property_set_str(OBJECT(leaf), "label", "ok", &error_fatal);
    g_assert_true(qdev_realize_and_unref(leaf, bus, &error_fatal));
    g_assert_true(leaf->parent_bus == bus);
    object_unref(needy);
}

/*
 * sysbus: rbr1 [ leafA, rbr2 [ leafB ] ], plus a bus-less cpu0: children
 * before parents, a bus after its devices, bus-less devices last.
 */
static void test_reset_order(void)
{
    static const char *const order =
        "leafA leafB bus:rbr2.0 rbr2 bus:rbr1.0 rbr1 ";
    DeviceState *br1, *br2, *leaf_a, *leaf_b, *cpu;
    BusState *bus1 = new_bridge("rbr1", &br1);

    leaf_a = qdev_new(TYPE_TEST_LEAF);
    leaf_a->id = g_strdup("leafA");
    qdev_realize_and_unref(leaf_a, bus1, &error_fatal);
    br2 = qdev_new(TYPE_TEST_BRIDGE);
    br2->id = g_strdup("rbr2");
    qdev_realize_and_unref(br2, bus1, &error_fatal);
    leaf_b = qdev_new(TYPE_TEST_LEAF);
    leaf_b->id = g_strdup("leafB");
    qdev_realize_and_unref(leaf_b, qdev_get_child_bus(br2, "rbr2.0"),
                           &error_fatal);
    cpu = qdev_new(TYPE_TEST_CPU);
    cpu->id = g_strdup("cpu0");
    qdev_realize_and_unref(cpu, NULL, &error_fatal);

    g_string_truncate(reset_log, 0);
    device_cold_reset(br1);
    g_assert_cmpstr(reset_log->str, ==, order);

    g_string_truncate(reset_log, 0);
    qdev_reset_all_devices();
    g_assert_nonnull(strstr(reset_log->str, order));
    g_assert_true(g_str_has_suffix(reset_log->str, "cpu0 "));

    /* Unrealized devices are off their bus and skip reset. */
    qdev_unrealize(br2);
    g_assert_false(leaf_b->realized);
    g_string_truncate(reset_log, 0);
    device_cold_reset(br1);
    g_assert_cmpstr(reset_log->str, ==, "leafA bus:rbr1.0 rbr1 ");
}

static void test_unparent_takes_children(void)
{
    DeviceState *br, *leaf;
    BusState *bus = new_bridge("ubr", &br);
    int before = leaf_unrealized;

    leaf = qdev_device_add_from_str("test-leaf,id=uleaf,bus=ubr.0",
                                    &error_fatal);
    g_assert_true(leaf->parent_bus == bus);
    g_assert_nonnull(object_resolve_path("/machine/peripheral/uleaf", NULL));
    object_unparent(OBJECT(br));
    g_assert_cmpint(leaf_unrealized, ==, before + 1);
    g_assert_null(object_resolve_path("/machine/peripheral/uleaf", NULL));
    g_assert_null(object_resolve_path("ubr.0", NULL));
}

static void expect_add_error(const char *optstr, const char *msg)
{
    Error *err = NULL;

    g_assert_null(qdev_device_add_from_str(optstr, &err));
    expect_error(err, msg);
}

static void test_device_add(void)
{
    DeviceState *dev;
    char *path;

    dev = qdev_device_add_from_str("test-bridge,id=abr", &error_fatal);
    g_assert_true(dev->parent_bus == sysbus_get_default());
    g_assert_nonnull(qdev_get_child_bus(dev, "abr.0"));
    dev = qdev_device_add_from_str("test-leaf,id=d1,bus=abr.0,u32=7,"
                                   "label=a,,b,chardev=serial1",
                                   &error_fatal);
    g_assert_true(dev->realized);
    g_assert_cmpstr(dev->parent_bus->name, ==, "abr.0");
    g_assert_cmpuint(TEST_LEAF(dev)->u32, ==, 7);
    g_assert_cmpstr(TEST_LEAF(dev)->label, ==, "a,b");
    path = object_get_canonical_path(OBJECT(dev));
    g_assert_cmpstr(path, ==, "/machine/peripheral/d1");
    g_free(path);

    /* Default bus: the first one of the device's bus type. */
    dev = qdev_device_add_from_str("test-leaf,peer=d1", &error_fatal);
    g_assert_true(object_dynamic_cast(OBJECT(dev->parent_bus),
                                      TYPE_TEST_BUS));
    g_assert_true(OBJECT(TEST_LEAF(dev)->peer) ==
                  object_resolve_path("/machine/peripheral/d1", NULL));
    g_assert_true(OBJECT(dev)->parent ==
                  object_resolve_path("/machine/peripheral-anon", NULL));

    dev = qdev_device_add_from_str("test-needy,id=n1,target=d1",
                                   &error_fatal);
    g_assert_true(dev->realized);
    dev = qdev_device_add_from_str("test-cpu,id=c1", &error_fatal);
    g_assert_null(dev->parent_bus);
}

static void test_device_add_errors(void)
{
    qdev_device_add_from_str("test-bridge,id=ebr", &error_fatal);
    qdev_device_add_from_str("test-leaf,id=e1", &error_fatal);

    expect_add_error("foo", "'foo' is not a valid device model name");
    expect_add_error("container", "'container' is not a valid device model "
                     "name");
    expect_add_error("id=x", "Parameter 'driver' is missing");
    expect_add_error("test-hidden", "Parameter 'driver' expects a pluggable "
                     "device type");
    expect_add_error("sys-bus-device", "Parameter 'driver' expects a "
                     "non-abstract device type");
    expect_add_error("test-leaf,id=e2,bogus=1",
                     "Property 'test-leaf.bogus' not found");
    expect_add_error("test-leaf,id=e1", "Duplicate ID 'e1' for device");
    expect_add_error("test-leaf,id=1x", "Parameter 'id' expects an "
                     "identifier, not '1x'");
    expect_add_error("test-leaf,id=e3,bus=nowhere", "Bus 'nowhere' not found");
    expect_add_error("test-leaf,id=e4,bus=main-system-bus",
                     "Device 'test-leaf' can't go on System bus");
    expect_add_error("test-leaf,id=e5,u8=300", "Property 'test-leaf.u8' "
                     "doesn't take value 300 (minimum: 0, maximum: 255)");
    expect_add_error("test-leaf,id=e6,label=fail",
                     "test-leaf: refusing to realize");
    expect_add_error("test-needy,id=e7", "Property 'test-needy.target' must "
                     "be set");
    expect_add_error("test-needy,id=e8,target=ebr", "Property "
                     "'test-needy.target': object of type 'test-bridge' is "
                     "not a 'test-leaf'");
    /* Failed devices leave nothing behind. */
    for (int i = 2; i <= 8; i++) {
        g_autofree char *path = g_strdup_printf("/machine/peripheral/e%d", i);
        g_assert_null(object_resolve_path(path, NULL));
    }
}

static void test_device_add_needs_bus(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;

        g_assert_null(qdev_device_add_from_str("test-leaf", &err));
        expect_error(err, "No 'test-bus' bus found for device 'test-leaf'");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
}

static void test_device_list_help(void)
{
    g_autoptr(GString) out = g_string_new("");

    qdev_print_device_list(out);
    g_assert_cmpstr(out->str, ==,
        "Controller/Bridge/Hub devices:\n"
        "name \"test-bridge\", bus bus, desc \"Test bridge\"\n"
        "\n"
        "Storage devices:\n"
        "name \"test-leaf\", bus test-bus, desc \"Test leaf\"\n"
        "name \"virtio-blk-device\", bus virtio-bus, "
        "desc \"virtio block device\"\n"
        "name \"virtio-blk-pci\", bus PCI, desc \"virtio block device\"\n"
        "\n"
        "Network devices:\n"
        "name \"virtio-net-device\", bus virtio-bus, "
        "desc \"virtio network device\"\n"
        "name \"virtio-net-pci\", bus PCI, desc \"virtio network device\"\n"
        "\n"
        "Input devices:\n"
        "name \"virtconsole\", bus virtio-serial-bus, "
        "desc \"virtio console (hvc)\"\n"
        "name \"virtio-serial-device\", bus virtio-bus, "
        "desc \"virtio serial ports and consoles\"\n"
        "name \"virtio-serial-pci\", bus PCI, "
        "desc \"virtio serial ports and consoles\"\n"
        "name \"virtserialport\", bus virtio-serial-bus, "
        "desc \"virtio-serial port\"\n"
        "\n"
        "Misc devices:\n"
        "name \"isa-debug-exit\", bus System, desc \"exit the emulator "
        "with status (value << 1) | 1\"\n"
        "name \"test-needy\", bus System\n"
        "name \"virtio-rng-device\", bus virtio-bus, "
        "desc \"virtio entropy source\"\n"
        "name \"virtio-rng-pci\", bus PCI, desc \"virtio entropy source\"\n"
        "\n"
        "Uncategorized devices:\n"
        "name \"test-cpu\", desc \"Test CPU\"\n");
}

static void test_device_props_help(void)
{
    g_autoptr(GString) out = g_string_new("");
    Error *err = NULL;

    g_assert_true(qdev_print_device_help("test-leaf", out, &error_fatal));
    g_assert_cmpstr(out->str, ==,
        "test-leaf options:\n"
        "  chardev=<str>          - ID of a chardev to use as a backend\n"
        "  drive=<str>            - ID of a drive to use as a backend\n"
        "  flag=<bool>            - (default: true)\n"
        "  i32=<int32>            - (default: -1)\n"
        "  i64=<int64>            - (default: 0)\n"
        "  label=<str>\n"
        "  mem=<size>             - (default: 4096)\n"
        "  mode=<TestMode>        - off/on/auto (default: auto)\n"
        "  netdev=<str>           - ID of a netdev to use as a backend\n"
        "  peer=<link<test-leaf>>\n"
        "  u16=<uint16>           - (default: 0)\n"
        "  u32=<uint32>           - (default: 16)\n"
        "  u64=<uint64>           - (default: 0)\n"
        "  u8=<uint8>             - (default: 8)\n");
    g_string_truncate(out, 0);
    g_assert_true(qdev_print_device_help("test-cpu", out, &error_fatal));
    g_assert_cmpstr(out->str, ==, "There are no options for test-cpu.\n");
    g_assert_false(qdev_print_device_help("nope", out, &err));
    expect_error(err, "'nope' is not a valid device model name");
}

/* Needs a clean machine: runs in a child process. */
static void test_qtree(void)
{
    if (g_test_subprocess()) {
        g_autoptr(GString) out = g_string_new("");

        qdev_device_add_from_str("test-bridge,id=br", &error_fatal);
        qdev_device_add_from_str("test-leaf,id=l1,label=x,chardev=serial0,"
                                 "mode=off,mem=1M", &error_fatal);
        qdev_device_add_from_str("test-leaf,peer=l1", &error_fatal);
        qdev_print_tree(out);
        g_assert_cmpstr(out->str, ==,
            "bus: main-system-bus\n"
            "  type System\n"
            "  dev: test-bridge, id \"br\"\n"
            "    bus: br.0\n"
            "      type test-bus\n"
            "      dev: test-leaf, id \"l1\"\n"
            "        u8 = 8\n        u16 = 0\n        u32 = 16\n"
            "        u64 = 0\n        i32 = -1\n        i64 = 0\n"
            "        mem = 1048576\n        flag = true\n"
            "        label = \"x\"\n        mode = \"off\"\n"
            "        peer = \"\"\n        chardev = \"serial0\"\n"
            "        drive = \"\"\n        netdev = \"\"\n"
            "      dev: test-leaf, id \"\"\n"
            "        u8 = 8\n        u16 = 0\n        u32 = 16\n"
            "        u64 = 0\n        i32 = -1\n        i64 = 0\n"
            "        mem = 4096\n        flag = true\n"
            "        label = \"\"\n        mode = \"auto\"\n"
            "        peer = \"/machine/peripheral/l1\"\n"
            "        chardev = \"\"\n"
            "        drive = \"\"\n        netdev = \"\"\n");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    reset_log = g_string_new("");
    qdev_prop_register_backend("chardev", lookup_chardev);
    qdev_prop_register_backend("drive", lookup_drive);
    g_test_add_func("/qdev/props/defaults", test_defaults);
    g_test_add_func("/qdev/props/board-helper-aborts",
                    test_board_helper_aborts);
    g_test_add_func("/qdev/props/int", test_int_props);
    g_test_add_func("/qdev/props/size-bool-string-enum",
                    test_size_bool_string_enum);
    g_test_add_func("/qdev/props/backends", test_backend_props);
    g_test_add_func("/qdev/props/link", test_link_prop);
    g_test_add_func("/qdev/props/set-after-realize", test_set_after_realize);
    g_test_add_func("/qdev/realize-failures", test_realize_failures);
    g_test_add_func("/qdev/reset-order", test_reset_order);
    g_test_add_func("/qdev/unparent-takes-children",
                    test_unparent_takes_children);
    g_test_add_func("/qdev/device-add/ok", test_device_add);
    g_test_add_func("/qdev/device-add/errors", test_device_add_errors);
    g_test_add_func("/qdev/device-add/needs-bus", test_device_add_needs_bus);
    g_test_add_func("/qdev/help/device-list", test_device_list_help);
    g_test_add_func("/qdev/help/device-props", test_device_props_help);
    g_test_add_func("/qdev/qtree", test_qtree);
    return g_test_run();
}
