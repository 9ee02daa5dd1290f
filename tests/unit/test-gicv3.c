/*
 * GICv3 through its MMIO frames and CPU interface: identification and
 * control registers, the WAKER handshake, RAZ/WI of banked distributor
 * words, level and edge SPIs, priority masking and running priority,
 * EOImode, SGIs by target list and to all others, SPI routing by
 * IROUTER, and the errors of realize and of bad guest accesses.
 */
#include "kemu/osdep.h"
#include "hw/intc/arm_gicv3.h"
#include "../../target/arm/cpu.h"
#include "devtest.h"

#define DIST 0x08000000
#define REDIST 0x080a0000
#define RD(cpu) (REDIST + (cpu) * GICV3_REDIST_SIZE)
#define SGI(cpu) (RD(cpu) + 0x10000)
#define NCPU 2

typedef struct Fx {
    DeviceState *gic;
    ARMCPU *cpu[NCPU];
    IrqProbe irq[NCPU];
} Fx;

static uint32_t rd32(hwaddr a)
{
    return address_space_ldl_le(&address_space_memory, a, NULL);
}

static void wr32(hwaddr a, uint32_t v)
{
    address_space_stl_le(&address_space_memory, a, v, NULL);
}

static uint64_t rd64(hwaddr a)
{
    return address_space_ldq_le(&address_space_memory, a, NULL);
}

static uint64_t icc_read(Fx *f, int cpu, ARMGICReg reg)
{
    return f->cpu[cpu]->gic.read(f->cpu[cpu]->gic.opaque, reg);
}

static void icc_write(Fx *f, int cpu, ARMGICReg reg, uint64_t val)
{
    f->cpu[cpu]->gic.write(f->cpu[cpu]->gic.opaque, reg, val);
}

/* Two CPUs (MPIDR Aff0 0 and 1); their IRQ lines go to probes. */
static void fx_init(Fx *f)
{
    f->gic = gicv3_create(NCPU, 256, DIST, REDIST);
    for (int i = 0; i < NCPU; i++) {
        f->cpu[i] = ARM_CPU(object_new("cortex-a72-aarch64-cpu"));
        f->cpu[i]->mpidr = 0x80000000 | i;
        gicv3_connect_cpu(f->gic, i, CPU(f->cpu[i]));
        irq_probe_init(&f->irq[i]);
        qdev_connect_gpio_out(f->gic, i, f->irq[i].irq);
    }
}

/* What Linux does: distributor on, all group 1, CPU interfaces open. */
static void fx_enable(Fx *f)
{
    wr32(DIST, 0x12);
    for (int i = 0; i < NCPU; i++) {
        wr32(SGI(i) + 0x80, 0xffffffff);
        icc_write(f, i, ARM_ICC_PMR, 0xff);
        icc_write(f, i, ARM_ICC_IGRPEN1, 1);
    }
    for (int n = 1; n < 8; n++) {
        wr32(DIST + 0x80 + 4 * n, 0xffffffff);
    }
}

static void fx_destroy(Fx *f)
{
    for (int i = 0; i < NCPU; i++) {
        object_unref(OBJECT(f->cpu[i]));
        irq_probe_free(&f->irq[i]);
    }
    devtest_destroy(f->gic);
}

static void test_identification(void)
{
    Fx f;

    fx_init(&f);
    /* No1N, A3V, IDbits 15, CPUNumber 1, ITLinesNumber 7. */
    g_assert_cmphex(rd32(DIST + 0x4), ==, 0x03780027);
    g_assert_cmphex(rd32(DIST + 0x8), ==, 0x43b);
    g_assert_cmphex(rd32(DIST + 0xffe8), ==, 0x3b);
    g_assert_cmphex(rd32(RD(1) + 0xffe8), ==, 0x3b);
    g_assert_cmphex(rd32(DIST), ==, 0x50);          /* ARE, DS: RAO */
    wr32(DIST, 0xffffffff);
    g_assert_cmphex(rd32(DIST), ==, 0x53);
    /* GICR_TYPER: affinity in the top word, processor number, Last. */
    g_assert_cmphex(rd64(RD(0) + 0x8), ==, 0x0000000000000000ull);
    g_assert_cmphex(rd64(RD(1) + 0x8), ==, 0x0000000100000110ull);
    g_assert_cmphex(rd32(RD(1) + 0xc), ==, 1);
    fx_destroy(&f);
}

static void test_waker_and_banked(void)
{
    Fx f;

    fx_init(&f);
    g_assert_cmphex(rd32(RD(0) + 0x14), ==, 0x6);
    wr32(RD(0) + 0x14, 0);
    g_assert_cmphex(rd32(RD(0) + 0x14), ==, 0);
    g_assert_cmphex(rd32(RD(1) + 0x14), ==, 0x6);   /* per CPU */
    /* SGIs are edge and read-only so; PPIs configurable. */
    g_assert_cmphex(rd32(SGI(0) + 0xc00), ==, 0xaaaaaaaa);
    wr32(SGI(0) + 0xc00, 0);
    g_assert_cmphex(rd32(SGI(0) + 0xc00), ==, 0xaaaaaaaa);
    wr32(SGI(0) + 0xc04, 0x2);
    g_assert_cmphex(rd32(SGI(0) + 0xc04), ==, 0x2);
    g_assert_cmphex(rd32(SGI(1) + 0xc04), ==, 0);
    /* Distributor words of INTIDs 0-31 are RAZ/WI with ARE. */
    wr32(DIST + 0x100, 0xffffffff);
    g_assert_cmphex(rd32(DIST + 0x100), ==, 0);
    g_assert_cmphex(rd32(SGI(0) + 0x100), ==, 0);
    /* Byte-wide priorities, banked for PPIs. */
    address_space_stb(&address_space_memory, SGI(1) + 0x400 + 27, 0xa0, NULL);
    g_assert_cmphex(rd32(SGI(1) + 0x418), ==, 0xa0000000);
    g_assert_cmphex(rd32(SGI(0) + 0x418), ==, 0);
    fx_destroy(&f);
}

static void test_level_and_edge_spi(void)
{
    Fx f;
    qemu_irq spi1;

    fx_init(&f);
    fx_enable(&f);
    spi1 = qdev_get_gpio_in(f.gic, 1);          /* INTID 33 */
    wr32(DIST + 0x104, 1u << 1);
    qemu_set_irq(spi1, 1);
    g_assert_cmpint(f.irq[0].level, ==, 1);
    g_assert_cmphex(rd32(DIST + 0x204), ==, 0x2);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, 33);
    g_assert_cmpint(f.irq[0].level, ==, 0);     /* active: not again */
    g_assert_cmphex(rd32(DIST + 0x304), ==, 0x2);
    icc_write(&f, 0, ARM_ICC_EOIR1, 33);
    g_assert_cmpint(f.irq[0].level, ==, 1);     /* the level is still high */
    qemu_set_irq(spi1, 0);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, GICV3_INTID_SPURIOUS);

    /* Edge: latched on the rising edge, cleared by the acknowledge. */
    wr32(DIST + 0xc08, 0x8);
    qemu_irq_pulse(spi1);
    g_assert_cmpint(f.irq[0].level, ==, 1);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, 33);
    icc_write(&f, 0, ARM_ICC_EOIR1, 33);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmphex(rd32(DIST + 0x204), ==, 0);
    /* Disabled: pending but not signalled. */
    wr32(DIST + 0x184, 1u << 1);
    qemu_irq_pulse(spi1);
    g_assert_cmphex(rd32(DIST + 0x204), ==, 0x2);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    wr32(DIST + 0x284, 1u << 1);
    g_assert_cmphex(rd32(DIST + 0x204), ==, 0);
    fx_destroy(&f);
}

static void test_priority(void)
{
    Fx f;

    fx_init(&f);
    fx_enable(&f);
    wr32(SGI(0) + 0x400, 0x00004080);           /* SGI0 0x80, SGI1 0x40 */
    wr32(SGI(0) + 0x100, 0x3);
    icc_write(&f, 0, ARM_ICC_PMR, 0x40);
    wr32(SGI(0) + 0x200, 0x3);                  /* both pending */
    g_assert_cmpint(f.irq[0].level, ==, 0);     /* masked by PMR */
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_HPPIR1), ==, 1);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, GICV3_INTID_SPURIOUS);
    icc_write(&f, 0, ARM_ICC_PMR, 0xff);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_PMR), ==, 0xf8);   /* 5 bits */
    g_assert_cmpint(f.irq[0].level, ==, 1);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, 1);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_RPR), ==, 0x40);
    /* SGI 0 has a lower priority than the running one. */
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, GICV3_INTID_SPURIOUS);
    /* Split EOI: priority drop, then deactivation. */
    icc_write(&f, 0, ARM_ICC_CTLR, 2);
    icc_write(&f, 0, ARM_ICC_EOIR1, 1);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_RPR), ==, 0xff);
    g_assert_cmphex(rd32(SGI(0) + 0x300), ==, 0x2);
    icc_write(&f, 0, ARM_ICC_DIR, 1);
    g_assert_cmphex(rd32(SGI(0) + 0x300), ==, 0);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_IAR1), ==, 0);
    /* Group enable off: nothing is signalled. */
    icc_write(&f, 0, ARM_ICC_EOIR1, 0);
    icc_write(&f, 0, ARM_ICC_DIR, 0);
    wr32(SGI(0) + 0x200, 0x1);
    icc_write(&f, 0, ARM_ICC_IGRPEN1, 0);
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmphex(icc_read(&f, 0, ARM_ICC_CTLR), ==, 0x8402);
    g_assert_cmphex(icc_read(&f, 0, ARM_ICC_SRE), ==, 0x7);
    fx_destroy(&f);
}

static void test_sgi_and_routing(void)
{
    Fx f;

    fx_init(&f);
    fx_enable(&f);
    wr32(SGI(0) + 0x100, 0xffff);
    wr32(SGI(1) + 0x100, 0xffff);
    icc_write(&f, 0, ARM_ICC_SGI1R, (5ull << 24) | 0x2);    /* to CPU 1 */
    g_assert_cmpint(f.irq[0].level, ==, 0);
    g_assert_cmpint(f.irq[1].level, ==, 1);
    g_assert_cmpuint(icc_read(&f, 1, ARM_ICC_IAR1), ==, 5);
    icc_write(&f, 1, ARM_ICC_EOIR1, 5);
    /* Other Aff1: nobody; IRM: everyone but the sender. */
    icc_write(&f, 0, ARM_ICC_SGI1R, (6ull << 24) | (1ull << 16) | 0x3);
    g_assert_cmphex(rd32(SGI(0) + 0x200) | rd32(SGI(1) + 0x200), ==, 0);
    icc_write(&f, 1, ARM_ICC_SGI1R, (7ull << 24) | (1ull << 40));
    g_assert_cmphex(rd32(SGI(0) + 0x200), ==, 0x80);
    g_assert_cmphex(rd32(SGI(1) + 0x200), ==, 0);

    /* SPI 40 (input 8) routed to CPU 1 by IROUTER. */
    address_space_stq_le(&address_space_memory, DIST + 0x6000 + 8 * 40, 1,
                         NULL);
    g_assert_cmphex(rd64(DIST + 0x6000 + 8 * 40), ==, 1);
    wr32(DIST + 0x104, 1u << 8);
    qemu_set_irq(qdev_get_gpio_in(f.gic, 8), 1);
    g_assert_cmpuint(icc_read(&f, 1, ARM_ICC_HPPIR1), ==, 40);
    g_assert_cmpuint(icc_read(&f, 0, ARM_ICC_HPPIR1), ==, 7);
    qemu_set_irq(qdev_get_gpio_in(f.gic, 8), 0);
    /* PPI inputs are per CPU. */
    wr32(SGI(1) + 0x100, 1u << 27);
    qemu_set_irq(gicv3_get_ppi(f.gic, 1, 27), 1);
    g_assert_cmphex(rd32(SGI(1) + 0x200), ==, 1u << 27);
    g_assert_cmphex(rd32(SGI(0) + 0x200), ==, 0x80);
    fx_destroy(&f);
}

static void test_errors(void)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GICV3);
    Error *err = NULL;
    g_autofree char *log = NULL;
    Fx f;

    object_property_set_uint(OBJECT(dev), "num-irq", 100, &error_fatal);
    g_assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "num-irq must be a "
                            "multiple of 32"));
    error_free(err);
    object_unref(OBJECT(dev));

    fx_init(&f);
    devtest_log_clear();
    wr32(DIST + 0x20, 1);
    address_space_stw_le(&address_space_memory, DIST + 0x100, 1, NULL);
    wr32(RD(1) + 0x40, 1);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "gicv3: write 0x1 to GICD offset 0x20"));
    g_assert_nonnull(strstr(log, "2-byte write to GICD offset 0x100"));
    g_assert_nonnull(strstr(log, "write 0x1 to GICR1 offset 0x40"));
    fx_destroy(&f);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/gicv3/identification", test_identification);
    g_test_add_func("/gicv3/waker-and-banked", test_waker_and_banked);
    g_test_add_func("/gicv3/level-and-edge-spi", test_level_and_edge_spi);
    g_test_add_func("/gicv3/priority", test_priority);
    g_test_add_func("/gicv3/sgi-and-routing", test_sgi_and_routing);
    g_test_add_func("/gicv3/errors", test_errors);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
