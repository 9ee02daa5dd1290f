/*
 * MSI-X vector notifiers (hw/pci/msix.c) over an accelerator's MSI routes,
 * with a fake accelerator that logs its route calls and plays the kernel:
 * a set of an attached notifier is an injected interrupt.  virtio-rng-pci
 * and virtio-net-pci driven as a guest drives them: the route follows the
 * MSI-X table, masks detach it (the set becomes the pending bit, sent
 * through the route on unmask), vectors shared by queues share one route,
 * reset releases it, ioeventfd=off keeps msix_notify.  The same paths run
 * under KVM in tests/functional/test_kvm.py (virtio.c).
 */
#include "kemu/osdep.h"
#include "hw/pci-host/i440fx.h"
#include "system/accel.h"
#include "system/main-loop.h"
#include "devtest.h"
#include "virtio-pci-driver.h"

#define SLOT 3
#define DEVFN PCI_DEVFN(SLOT, 0)
#define BAR4_ADDR 0xfe000000ULL
#define BAR1_ADDR 0xfebf0000ULL
#define MSI_BASE 0xfee00000ULL
#define NO_VEC VIRTIO_MSI_NO_VECTOR
#define NR_FAKE_ROUTES 4

static MemoryRegion ram, msi_window;
static unsigned msi_writes;             /* sent from userspace */
static GString *calls;                  /* the fake's log */

/* The fake accelerator's routes: a notifier attached to each. */
static struct {
    bool used;
    EventNotifier *attached;
} routes[NR_FAKE_ROUTES];

static int fake_route_add(uint64_t addr, uint32_t data)
{
    for (int r = 0; r < NR_FAKE_ROUTES; r++) {
        if (!routes[r].used) {
            routes[r].used = true;
            g_string_append_printf(calls, "add %d 0x%" PRIx64 " 0x%x;", r,
                                   addr, data);
            return r;
        }
    }
    return -1;
}

static void fake_route_update(int r, uint64_t addr, uint32_t data)
{
    g_string_append_printf(calls, "update %d 0x%" PRIx64 " 0x%x;", r, addr,
                           data);
}

static void fake_route_release(int r)
{
    g_assert_null(routes[r].attached);
    routes[r].used = false;
    g_string_append_printf(calls, "release %d;", r);
}

static bool fake_route_attach(int r, EventNotifier *e, bool attach)
{
    g_assert_true(routes[r].used);
    g_assert_true(attach == !routes[r].attached);
    routes[r].attached = attach ? e : NULL;
    g_string_append_printf(calls, "%s %d;", attach ? "attach" : "detach", r);
    return attach;
}

static const AccelOps fake_accel = {
    .name = "fake-irqfd",
    .msi_route_add = fake_route_add,
    .msi_route_update = fake_route_update,
    .msi_route_release = fake_route_release,
    .msi_route_attach = fake_route_attach,
};

/* Interrupts the fake "kernel" injected through route r since last asked. */
static bool injected(int r)
{
    return routes[r].attached &&
           event_notifier_test_and_clear(routes[r].attached);
}

static char *take_calls(void)
{
    char *s = g_strdup(calls->str);

    g_string_truncate(calls, 0);
    return s;
}

#define assert_calls(expected) do {                 \
        g_autofree char *got_ = take_calls();       \
        g_assert_cmpstr(got_, ==, (expected));      \
    } while (0)

static uint64_t msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void msi_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    msi_writes++;
}

static const MemoryRegionOps msi_ops = {
    .read = msi_read,
    .write = msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

typedef struct Fx {
    DeviceState *host;
    PCIDevice *pdev;
    VPDev v;
} Fx;

static void fx_init(Fx *f, const char *opts)
{
    g_autofree char *opt = g_strdup_printf("%s,addr=%x", opts, SLOT);

    memset(f, 0, sizeof(*f));
    f->host = i440fx_create(get_system_io(), get_system_memory(),
                            get_system_io());
    f->pdev = PCI_DEVICE(qdev_device_add_from_str(opt, &error_fatal));
    vp_probe(&f->v, DEVFN, BAR4_ADDR, BAR1_ADDR);
    msi_writes = 0;
    g_string_truncate(calls, 0);
}

static void fx_cleanup(Fx *f)
{
    devtest_destroy(f->host);
    for (int r = 0; r < NR_FAKE_ROUTES; r++) {
        g_assert_false(routes[r].used);
    }
    devtest_log_clear();
}

static bool pba_bit(Fx *f, unsigned vector)
{
    return address_space_ldl_le(&address_space_memory, f->v.msix_pba, NULL) &
           (1u << vector);
}

static void set_ctrl(Fx *f, unsigned vector, bool masked)
{
    address_space_stl_le(&address_space_memory, f->v.msix_table +
                         vector * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_CTRL,
                         masked, NULL);
}

/* One 16-byte request on queue 0, answered. */
static void rng_request(Fx *f)
{
    VBuf b = { VD_DATA, 16, true };
    uint32_t id, len;

    vd_make_avail(&f->v.d, vd_add_chain(&f->v.d, &b, 1));
    vp_kick(&f->v, 0);
    g_assert_true(vd_wait_used(&f->v.d));
    vd_take_used(&f->v.d, &id, &len);
}

/* Let the main loop's notifier watches run. */
static void run_main_loop(void)
{
    for (int i = 0; i < 10; i++) {
        main_loop_wait_once(0);
    }
}

/* Queue 0 on vector 1: through route 0, never a userspace message. */
static void test_route_follows_vector(void)
{
    Fx f;

    fx_init(&f, "virtio-rng-pci");
    vp_msix_entry(&f.v, 1, MSI_BASE + 0x4, 0x31, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    assert_calls("add 0 0xfee00004 0x31;attach 0;");
    rng_request(&f);
    g_assert_true(injected(0));
    g_assert_cmpuint(msi_writes, ==, 0);

    /* A rewritten entry updates the route, once per change. */
    vp_msix_entry(&f.v, 1, MSI_BASE + 0x8, 0x32, false);
    assert_calls("update 0 0xfee00008 0x31;update 0 0xfee00008 0x32;");
    rng_request(&f);
    g_assert_true(injected(0));

    /* Masked: detached, and a set becomes the pending bit. */
    set_ctrl(&f, 1, true);
    assert_calls("detach 0;");
    rng_request(&f);
    run_main_loop();
    g_assert_true(pba_bit(&f, 1));
    g_assert_cmpuint(msi_writes, ==, 0);
    /* Unmasked: attached again, the pending vector through the route. */
    set_ctrl(&f, 1, false);
    assert_calls("attach 0;");
    g_assert_false(pba_bit(&f, 1));
    g_assert_true(injected(0));
    g_assert_false(injected(0));

    /* The function mask and bus mastering hold it back the same way. */
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    rng_request(&f);
    run_main_loop();
    g_assert_true(pba_bit(&f, 1));
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    g_assert_true(injected(0));
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    vp_cfg_wr(DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    assert_calls("detach 0;attach 0;detach 0;attach 0;");
    g_assert_cmpuint(msi_writes, ==, 0);

    /* A device reset (status 0) releases it. */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_STATUS, 0, 1);
    assert_calls("detach 0;release 0;");
    fx_cleanup(&f);
}

/* Masked when the queue is enabled: detached from the start. */
static void test_route_masked_at_start(void)
{
    Fx f;

    fx_init(&f, "virtio-rng-pci");
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x41, true);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    assert_calls("add 0 0xfee00000 0x41;");
    rng_request(&f);
    run_main_loop();
    g_assert_true(pba_bit(&f, 1));
    /* Linux's way: rewrite while masked (no update yet), then unmask. */
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x42, true);
    assert_calls("");
    set_ctrl(&f, 1, false);
    assert_calls("update 0 0xfee00000 0x42;attach 0;");
    g_assert_true(injected(0));
    g_assert_cmpuint(msi_writes, ==, 0);
    fx_cleanup(&f);             /* unrealize releases it */
    assert_calls("detach 0;release 0;");
}

/* A new queue vector moves the route; NO_VECTOR has none. */
static void test_route_queue_vector(void)
{
    Fx f;

    fx_init(&f, "virtio-rng-pci");
    vp_msix_entry(&f.v, 0, MSI_BASE, 0x51, false);
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x52, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    assert_calls("add 0 0xfee00000 0x52;attach 0;");
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, 0, 2);
    assert_calls("detach 0;release 0;add 0 0xfee00000 0x51;attach 0;");
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, NO_VEC, 2);
    assert_calls("detach 0;release 0;");
    rng_request(&f);
    g_assert_cmpuint(msi_writes, ==, 0);
    fx_cleanup(&f);
}

/* virtio-net's two queues on one vector: one route, two users. */
static void test_route_shared_vector(void)
{
    Fx f;

    fx_init(&f, "virtio-net-pci");
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x71, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    vp_setup_queue(&f.v, 1, 8, 1);
    assert_calls("add 0 0xfee00000 0x71;attach 0;");
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    vp_wr(&f.v, VIRTIO_PCI_COMMON_Q_MSIX, NO_VEC, 2);
    assert_calls("");                   /* queue 1 still uses it */
    vp_wr(&f.v, VIRTIO_PCI_COMMON_STATUS, 0, 1);
    assert_calls("detach 0;release 0;");
    fx_cleanup(&f);
}

/* ioeventfd=off: no routes, the message is sent from userspace. */
static void test_route_off(void)
{
    Fx f;

    fx_init(&f, "virtio-rng-pci,ioeventfd=off");
    vp_msix_entry(&f.v, 1, MSI_BASE, 0x61, false);
    vp_msix_ctrl(&f.v, PCI_MSIX_FLAGS_ENABLE);
    vp_init(&f.v, 0, 8, NO_VEC, 1);
    rng_request(&f);
    assert_calls("");
    g_assert_cmpuint(msi_writes, ==, 1);
    fx_cleanup(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_assert_true(accel_init_machine(&fake_accel, NULL, NULL, &error_fatal));
    calls = g_string_new(NULL);
    g_assert_true(memory_region_init_ram(&ram, "test", "ram", VD_RAM_SIZE,
                                         &error_fatal));
    memory_region_add_subregion(get_system_memory(), VD_RAM_BASE, &ram);
    memory_region_init_io(&msi_window, "test", &msi_ops, NULL, "msi",
                          0x100000);
    memory_region_add_subregion(get_system_memory(), MSI_BASE, &msi_window);

    g_test_add_func("/msix-route/follows-vector", test_route_follows_vector);
    g_test_add_func("/msix-route/masked-at-start",
                    test_route_masked_at_start);
    g_test_add_func("/msix-route/queue-vector", test_route_queue_vector);
    g_test_add_func("/msix-route/shared-vector", test_route_shared_vector);
    g_test_add_func("/msix-route/off", test_route_off);
    ret = g_test_run();
    memory_region_del_subregion(get_system_memory(), &msi_window);
    memory_region_finalize(&msi_window);
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_finalize(&ram);
    g_string_free(calls, TRUE);
    devtest_cleanup();
    return ret;
}
