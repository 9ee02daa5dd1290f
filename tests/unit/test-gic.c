/*
 * GICv2 through its distributor and CPU interface frames: the CPU
 * interface and INTIDs 0-31 banked by current_cpu (set here as a vCPU
 * thread would), level SPIs to their ITARGETSR CPUs, SGIs with their
 * source in GICC_IAR and the per-source SPENDSGIR bytes, priority masking
 * and preemption by binary point, EOImode with GICC_DIR, FIQ for group 0,
 * and the errors of realize and of bad guest accesses.
 */
#include "kemu/osdep.h"
#include "hw/intc/arm_gic.h"
#include "../../target/arm/cpu.h"
#include "devtest.h"

#define DIST 0x08000000
#define CPUIF 0x08010000
#define NCPU 2

typedef struct Fx {
    DeviceState *gic;
    ARMCPU *cpu[NCPU];
    IrqProbe irq[NCPU], fiq[NCPU];
} Fx;

static uint32_t rd32(hwaddr a)
{
    return devtest_rd32(a);
}

static void wr32(hwaddr a, uint32_t v)
{
    address_space_stl_le(&address_space_memory, a, v, NULL);
}

/* Accesses as if made by CPU cpu's vCPU thread. */
static void as_cpu(Fx *f, int cpu)
{
    current_cpu = CPU(f->cpu[cpu]);
}

static void fx_init(Fx *f)
{
    f->gic = gic_create(NCPU, 256, DIST, CPUIF);
    for (int i = 0; i < NCPU; i++) {
        f->cpu[i] = ARM_CPU(object_new("cortex-a72-aarch64-cpu"));
        gic_connect_cpu(f->gic, i, CPU(f->cpu[i]));
        irq_probe_init(&f->irq[i]);
        irq_probe_init(&f->fiq[i]);
        qdev_connect_gpio_out(f->gic, i, f->irq[i].irq);
        qdev_connect_gpio_out(f->gic, NCPU + i, f->fiq[i].irq);
    }
}

/* Distributor on, both CPU interfaces open, SGIs enabled on both. */
static void fx_enable(Fx *f)
{
    wr32(DIST, 1);
    for (int i = 0; i < NCPU; i++) {
        as_cpu(f, i);
        wr32(CPUIF + 0x4, 0xff);
        wr32(CPUIF, 1);
        wr32(DIST + 0x100, 0xffff);
    }
    current_cpu = NULL;
}

static void fx_destroy(Fx *f)
{
    current_cpu = NULL;
    for (int i = 0; i < NCPU; i++) {
        object_unref(OBJECT(f->cpu[i]));
        irq_probe_free(&f->irq[i]);
        irq_probe_free(&f->fiq[i]);
    }
    devtest_destroy(f->gic);
}

static void test_identification_and_banking(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmphex(rd32(DIST + 0x4), ==, 0x27);    /* 2 CPUs, 256 INTIDs */
    g_assert_cmphex(rd32(DIST + 0x8), ==, 0x43b);
    g_assert_cmphex(rd32(DIST + 0xfe8), ==, 0x2b);
    g_assert_cmphex(rd32(CPUIF + 0xfc), ==, 0x2043b);
    wr32(DIST, 0xffffffff);
    g_assert_cmphex(rd32(DIST), ==, 0x3);
    /* Off a vCPU thread: CPU 0's view. */
    g_assert_cmphex(rd32(DIST + 0x800), ==, 0x01010101);
    as_cpu(&f, 1);
    g_assert_cmphex(rd32(DIST + 0x81c), ==, 0x02020202);
    wr32(CPUIF + 0x4, 0xa0);
    address_space_stb(&address_space_memory, DIST + 0x400 + 27, 0x30, NULL);
    g_assert_cmphex(rd32(DIST + 0x418), ==, 0x30000000);
    as_cpu(&f, 0);
    g_assert_cmphex(rd32(CPUIF + 0x4), ==, 0);
    g_assert_cmphex(rd32(DIST + 0x418), ==, 0);
    /* SPI targets are bytes; SGIs are edge-triggered, read-only. */
    address_space_stb(&address_space_memory, DIST + 0x800 + 41, 0x2, NULL);
    g_assert_cmphex(rd32(DIST + 0x828), ==, 0x0200);
    wr32(DIST + 0xc00, 0);
    g_assert_cmphex(rd32(DIST + 0xc00), ==, 0xaaaaaaaa);
    fx_destroy(&f);
}

static void test_spi_targets(void)
{
    Fx f;
    qemu_irq spi9;

    fx_init(&f);
    fx_enable(&f);
    spi9 = qdev_get_gpio_in(f.gic, 9);          /* INTID 41 */
    address_space_stb(&address_space_memory, DIST + 0x800 + 41, 0x2, NULL);
    wr32(DIST + 0x104, 1u << 9);
    qemu_set_irq(spi9, 1);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpint(f.irq[1].level, ==, 1);
    as_cpu(&f, 0);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 1023);
    as_cpu(&f, 1);
    g_assert_cmpuint(rd32(CPUIF + 0x18), ==, 41);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 41);
    g_assert_cmpint(f.irq[1].level, ==, 0);     /* active */
    wr32(CPUIF + 0x10, 41);
    g_assert_cmpint(f.irq[1].level, ==, 1);     /* the line is still high */
    qemu_set_irq(spi9, 0);
    g_assert_cmpint(f.irq[1].level, ==, 0);
    /* Group 0 with FIQEn goes to FIQ. */
    wr32(CPUIF, 1 | (1u << 3));
    qemu_set_irq(spi9, 1);
    g_assert_cmpint(f.irq[1].level, ==, 0);
    g_assert_cmpint(f.fiq[1].level, ==, 1);
    /* Group 1 without AckCtl: 1022 from the acknowledge. */
    wr32(DIST, 3);
    wr32(DIST + 0x84, 1u << 9);
    wr32(CPUIF, 3);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 1022);
    wr32(CPUIF, 7);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 41);
    fx_destroy(&f);
}

static void test_sgis(void)
{
    Fx f;

    fx_init(&f);
    fx_enable(&f);
    as_cpu(&f, 0);
    wr32(DIST + 0xf00, (0x2u << 16) | 3);       /* SGI 3 to CPU 1 */
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpint(f.irq[1].level, ==, 1);
    as_cpu(&f, 1);
    g_assert_cmphex(rd32(DIST + 0xf20), ==, 0x01000000);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 3);
    wr32(CPUIF + 0x10, 3);
    wr32(DIST + 0xf00, (1u << 24) | 5);         /* to all others */
    wr32(DIST + 0xf00, (2u << 24) | 6);         /* to itself */
    g_assert_cmphex(rd32(DIST + 0x200) & 0xffff, ==, 1u << 6);
    as_cpu(&f, 0);
    g_assert_cmphex(rd32(DIST + 0x200) & 0xffff, ==, 1u << 5);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 0x405);
    wr32(CPUIF + 0x10, 0x405);
    /* Two sources of one SGI: acknowledged one by one. */
    address_space_stb(&address_space_memory, DIST + 0xf20 + 7, 0x3, NULL);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 0x007);
    wr32(CPUIF + 0x10, 0x007);
    g_assert_cmphex(rd32(DIST + 0xf24), ==, 0x02000000);
    wr32(DIST + 0x280, 1u << 7);                /* ICPENDR: WI for SGIs */
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 0x407);
    wr32(CPUIF + 0x10, 0x407);
    fx_destroy(&f);
}

static void test_priority(void)
{
    Fx f;

    fx_init(&f);
    fx_enable(&f);
    as_cpu(&f, 0);
    wr32(DIST + 0x400, 0x00008090);             /* SGI0 0x90, SGI1 0x80 */
    wr32(CPUIF + 0x4, 0x90);
    address_space_stb(&address_space_memory, DIST + 0xf20, 0x1, NULL);
    g_assert_cmpint(f.irq[0].level, ==, 0);     /* masked by PMR */
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 1023);
    wr32(CPUIF + 0x4, 0xff);
    g_assert_cmpint(f.irq[0].level, ==, 1);
    /* BPR 2: 0x80 preempts 0x90. */
    wr32(CPUIF + 0x8, 2);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 0);
    g_assert_cmpuint(rd32(CPUIF + 0x14), ==, 0x90);
    address_space_stb(&address_space_memory, DIST + 0xf20 + 1, 0x1, NULL);
    g_assert_cmpint(f.irq[0].level, ==, 1);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 1);
    g_assert_cmpuint(rd32(CPUIF + 0x14), ==, 0x80);
    g_assert_cmphex(rd32(CPUIF + 0xd8), ==, 0x101);
    wr32(CPUIF + 0x10, 1);
    wr32(CPUIF + 0x10, 0);
    g_assert_cmpuint(rd32(CPUIF + 0x14), ==, 0xff);
    /* BPR 5: one group priority, no preemption. */
    wr32(CPUIF + 0x8, 5);
    address_space_stb(&address_space_memory, DIST + 0xf20, 0x1, NULL);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 0);
    g_assert_cmpuint(rd32(CPUIF + 0x14), ==, 0x80);
    address_space_stb(&address_space_memory, DIST + 0xf20 + 1, 0x1, NULL);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpuint(rd32(CPUIF + 0x18), ==, 1);
    g_assert_cmpuint(rd32(CPUIF + 0xc), ==, 1023);
    /* EOImode: the drop lets SGI 1 in, SGI 0 stays active until DIR. */
    wr32(CPUIF, 1 | (1u << 9));
    wr32(CPUIF + 0x10, 0);
    g_assert_cmpint(f.irq[0].level, ==, 1);
    g_assert_cmphex(rd32(DIST + 0x300), ==, 0x1);
    wr32(CPUIF + 0x1000, 0);
    g_assert_cmphex(rd32(DIST + 0x300), ==, 0);
    fx_destroy(&f);
}

static void test_errors(void)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GIC);
    Error *err = NULL;
    g_autofree char *log = NULL;
    Fx f;

    object_property_set_uint(OBJECT(dev), "num-cpu", 9, &error_fatal);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "num-cpu must be 1-8"));
    error_free(err);
    object_unref(OBJECT(dev));

    fx_init(&f);
    fx_enable(&f);
    devtest_log_clear();
    wr32(DIST + 0x4, 0);
    g_assert_cmphex(rd32(DIST + 0x4), ==, 0x27);
    address_space_stw_le(&address_space_memory, DIST + 0x100, 1, NULL);
    g_assert_cmphex(rd32(DIST + 0x100), ==, 0xffff);
    g_assert_cmphex(address_space_ldub(&address_space_memory, CPUIF + 0xc,
                                       NULL), ==, 0);
    wr32(DIST + 0xf00, 3u << 24);
    wr32(CPUIF + 0x1000, 5);
    g_assert_cmphex(rd32(CPUIF + 0x800), ==, 0);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "write 0x0 to read-only GICD offset 0x4"));
    g_assert_nonnull(strstr(log, "2-byte write at GICD offset 0x100"));
    g_assert_nonnull(strstr(log, "1-byte read at GICC offset 0xc"));
    g_assert_nonnull(strstr(log, "reserved target list filter"));
    g_assert_nonnull(strstr(log, "GICC_DIR written with GICC_CTLR.EOImode "
                            "clear"));
    g_assert_nonnull(strstr(log, "read of reserved GICC offset 0x800"));
    fx_destroy(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/gic/identification-and-banking",
                    test_identification_and_banking);
    g_test_add_func("/gic/spi-targets", test_spi_targets);
    g_test_add_func("/gic/sgis", test_sgis);
    g_test_add_func("/gic/priority", test_priority);
    g_test_add_func("/gic/errors", test_errors);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
