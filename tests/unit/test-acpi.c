/*
 * ACPI: AML encodings (PkgLength sizes, integers, EISA IDs), the pc tables
 * parsed back (RSDP v2 checksums, RSDT/XSDT pointers, every table's
 * signature, length and checksum, FADT fields, DSDT \_S5 and PCI0, MADT
 * entries per CPU count), configuration errors, and the acpi-pm device
 * (S5 power-off through the run state and the main loop's exit status,
 * other sleep types, power button SCI, PM timer on the virtual clock).
 */
#include "kemu/osdep.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/acpi-pm.h"
#include "hw/i386/acpi-build.h"
#include "system/runstate.h"
#include "devtest.h"

#include <sys/wait.h>

#define BASE X86_ACPI_BASE
#define PM 0x600

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while (len--) {
        s += *p++;
    }
    return s;
}

static void test_aml_encodings(void)
{
    g_autoptr(GByteArray) b = g_byte_array_new();
    static const uint8_t ints[] = {
        0x00, 0x01, 0x0a, 0x05, 0x0b, 0x34, 0x12,
        0x0c, 0x78, 0x56, 0x34, 0x12, 0x0e, 1, 0, 0, 0, 1, 0, 0, 0,
    };

    aml_pkglength(b, 62);                   /* 63 with itself: one byte */
    aml_pkglength(b, 63);                   /* 64 needs two */
    aml_pkglength(b, 0xff0);
    g_assert_cmpuint(b->len, ==, 1 + 2 + 2);
    g_assert_cmphex(b->data[0], ==, 63);
    g_assert_cmphex(b->data[1], ==, 0x40 | (65 & 0xf));
    g_assert_cmphex(b->data[2], ==, 65 >> 4);
    g_assert_cmphex(b->data[3], ==, 0x40 | (0xff2 & 0xf));
    g_assert_cmphex(b->data[4], ==, 0xff2 >> 4);
    g_byte_array_set_size(b, 0);
    aml_pkglength(b, 0x10000);              /* three bytes */
    g_assert_cmpuint(b->len, ==, 3);
    g_assert_cmphex(b->data[0] >> 6, ==, 2);
    g_assert_cmphex((b->data[0] & 0xf) | b->data[1] << 4 | b->data[2] << 12,
                    ==, 0x10003);
    g_byte_array_set_size(b, 0);
    aml_integer(b, 0);
    aml_integer(b, 1);
    aml_integer(b, 5);
    aml_integer(b, 0x1234);
    aml_integer(b, 0x12345678);
    aml_integer(b, 0x100000001ull);
    g_assert_cmpmem(b->data, b->len, ints, sizeof(ints));
    g_assert_cmphex(aml_eisaid("PNP0A03"), ==, 0x030ad041);
    g_assert_cmphex(aml_eisaid("PNP0501"), ==, 0x0105d041);
}

/* A table at guest address addr inside the blob, checked. */
static const uint8_t *table(GByteArray *t, uint64_t addr, const char *sig)
{
    const uint8_t *p;
    uint32_t len;

    g_assert_cmphex(addr, >=, BASE);
    g_assert_cmphex(addr + 36, <=, BASE + t->len);
    p = t->data + (addr - BASE);
    len = le32(p + 4);
    g_assert_cmpmem(p, 4, sig, 4);
    g_assert_cmphex(addr + len, <=, BASE + t->len);
    g_assert_cmpuint(sum(p, len), ==, 0);
    g_assert_cmpmem(p + 10, 6, ACPI_OEM_ID, 6);
    return p;
}

static GByteArray *build(unsigned ncpus)
{
    X86AcpiConfig cfg = x86_acpi_default_config(ncpus, 0x10000000);
    uint64_t rsdp;
    GByteArray *t = x86_acpi_build(&cfg, BASE, &rsdp, &error_fatal);

    g_assert_cmphex(rsdp, ==, BASE);
    return t;
}

static void test_rsdp_and_roots(void)
{
    g_autoptr(GByteArray) t = build(1);
    const uint8_t *r = t->data, *rsdt, *xsdt;

    g_assert_cmpmem(r, 8, "RSD PTR ", 8);
    g_assert_cmpuint(sum(r, 20), ==, 0);
    g_assert_cmpuint(r[15], ==, 2);
    g_assert_cmpuint(le32(r + 20), ==, 36);
    g_assert_cmpuint(sum(r, 36), ==, 0);
    rsdt = table(t, le32(r + 16), "RSDT");
    xsdt = table(t, le64(r + 24), "XSDT");
    g_assert_cmpuint(le32(rsdt + 4), ==, 36 + 2 * 4);
    g_assert_cmpuint(le32(xsdt + 4), ==, 36 + 2 * 8);
    table(t, le64(xsdt + 36), "FACP");
    table(t, le64(xsdt + 44), "APIC");
    g_assert_cmphex(le32(rsdt + 36), ==, le64(xsdt + 36));
    g_assert_cmphex(le32(rsdt + 40), ==, le64(xsdt + 44));
    g_assert_cmpuint(t->len, <=, X86_ACPI_MAX_SIZE);
}

static const uint8_t *fadt_of(GByteArray *t)
{
    return table(t, le64(table(t, le64(t->data + 24), "XSDT") + 36), "FACP");
}

static void test_fadt(void)
{
    g_autoptr(GByteArray) t = build(2);
    const uint8_t *f = fadt_of(t);
    const uint8_t *facs;

    g_assert_cmpuint(le32(f + 4), ==, 244);
    g_assert_cmpuint(f[8], ==, 3);
    g_assert_cmpuint(f[46], ==, 9);                 /* SCI_INT */
    g_assert_cmpuint(le32(f + 48), ==, 0);          /* no SMI_CMD */
    g_assert_cmphex(le32(f + 56), ==, PM);          /* PM1a_EVT_BLK */
    g_assert_cmphex(le32(f + 64), ==, PM + 4);      /* PM1a_CNT_BLK */
    g_assert_cmphex(le32(f + 76), ==, PM + 8);      /* PM_TMR_BLK */
    g_assert_cmpuint(f[88], ==, 4);
    g_assert_cmpuint(f[89], ==, 2);
    g_assert_cmpuint(f[91], ==, 4);
    g_assert_true(f[109] & 2);                      /* 8042 */
    g_assert_true(le32(f + 112) & (1u << 10));      /* reset supported */
    g_assert_cmpuint(f[116], ==, 1);                /* reset reg: I/O */
    g_assert_cmphex(le64(f + 120), ==, 0xcf9);
    g_assert_cmphex(f[128], ==, 0x06);
    g_assert_cmphex(le64(f + 140), ==, le32(f + 40));   /* X_DSDT */
    g_assert_cmphex(le64(f + 132), ==, le32(f + 36));   /* X_FACS */
    g_assert_cmphex(le64(f + 172 + 4), ==, PM + 4);     /* X_PM1a_CNT */
    facs = t->data + (le32(f + 36) - BASE);
    g_assert_cmpmem(facs, 4, "FACS", 4);
    g_assert_cmpuint(le32(facs + 4), ==, 64);
    g_assert_cmpuint(le32(f + 36) % 64, ==, 0);
}

static bool contains(const uint8_t *p, size_t len, const void *needle,
                     size_t nlen)
{
    return memmem(p, len, needle, nlen) != NULL;
}

static void test_dsdt(void)
{
    g_autoptr(GByteArray) t = build(1);
    const uint8_t *f = fadt_of(t);
    const uint8_t *d = table(t, le32(f + 40), "DSDT");
    uint32_t len = le32(d + 4);
    /* Name(\_S5_, Package(4){5, 5, 0, 0}) */
    static const uint8_t s5[] = {
        0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04,
        0x0a, ACPI_SLP_TYP_S5, 0x0a, ACPI_SLP_TYP_S5, 0x00, 0x00,
    };
    /* Name(_HID, EisaId("PNP0A03")) */
    static const uint8_t hid[] = {
        0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03,
    };
    /* Slot 3 pin B -> PIRQ (3 + 1 - 1) & 3 = D -> GSI 19. */
    static const uint8_t prt[] = {
        0x12, 0x0b, 0x04, 0x0c, 0xff, 0xff, 0x03, 0x00, 0x01, 0x00,
        0x0a, 19,
    };

    g_assert_true(contains(d, len, s5, sizeof(s5)));
    g_assert_true(contains(d, len, hid, sizeof(hid)));
    g_assert_true(contains(d, len, "\\_SB_", 5));
    g_assert_true(contains(d, len, "PCI0", 4));
    g_assert_true(contains(d, len, prt, sizeof(prt)));
    g_assert_true(contains(d, len, "_CRS", 4));
}

static void check_madt(unsigned ncpus)
{
    g_autoptr(GByteArray) t = build(ncpus);
    const uint8_t *x = table(t, le64(t->data + 24), "XSDT");
    const uint8_t *m = table(t, le64(x + 44), "APIC");
    uint32_t len = le32(m + 4);
    unsigned lapics = 0, ioapics = 0, isos = 0, nmis = 0;

    g_assert_cmphex(le32(m + 36), ==, 0xfee00000);
    g_assert_cmpuint(le32(m + 40), ==, 1);          /* PCAT_COMPAT */
    for (uint32_t off = 44; off < len; off += m[off + 1]) {
        const uint8_t *e = m + off;

        g_assert_cmpuint(e[1], >=, 2);
        switch (e[0]) {
        case 0:
            g_assert_cmpuint(e[1], ==, 8);
            g_assert_cmpuint(e[2], ==, lapics);     /* UID */
            g_assert_cmpuint(e[3], ==, lapics);     /* APIC ID */
            g_assert_cmpuint(le32(e + 4), ==, 1);
            lapics++;
            break;
        case 1:
            g_assert_cmpuint(e[1], ==, 12);
            g_assert_cmphex(le32(e + 4), ==, 0xfec00000);
            g_assert_cmpuint(le32(e + 8), ==, 0);
            ioapics++;
            break;
        case 2:
            g_assert_cmpuint(e[1], ==, 10);
            if (e[3] == 0) {
                g_assert_cmpuint(le32(e + 4), ==, 2);
                g_assert_cmpuint(e[8], ==, 0);
            } else {
                g_assert_cmpuint(e[3], ==, 9);
                g_assert_cmpuint(le32(e + 4), ==, 9);
                g_assert_cmphex(e[8], ==, 0x0f);    /* level, active low */
            }
            isos++;
            break;
        case 4:
            g_assert_cmpuint(e[5], ==, 1);          /* LINT1 */
            nmis++;
            break;
        default:
            g_assert_not_reached();
        }
    }
    g_assert_cmpuint(lapics, ==, ncpus);
    g_assert_cmpuint(ioapics, ==, 1);
    g_assert_cmpuint(isos, ==, 2);
    g_assert_cmpuint(nmis, ==, 1);
}

static void test_madt(void)
{
    check_madt(1);
    check_madt(4);
    check_madt(X86_ACPI_MAX_CPUS);
}

static void test_config_errors(void)
{
    X86AcpiConfig cfg = x86_acpi_default_config(0, 0x10000000);
    uint64_t rsdp;
    Error *err = NULL;

    g_assert_null(x86_acpi_build(&cfg, BASE, &rsdp, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "0 CPUs"));
    g_clear_pointer(&err, error_free);
    cfg.ncpus = 256;
    g_assert_null(x86_acpi_build(&cfg, BASE, &rsdp, &err));
    g_clear_pointer(&err, error_free);
    cfg.ncpus = 1;
    g_assert_null(x86_acpi_build(&cfg, BASE + 16, &rsdp, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "bad base address"));
    g_clear_pointer(&err, error_free);
}

static void outw(uint16_t port, uint16_t val)
{
    MemTxResult r;

    address_space_stw_le(&address_space_io, port, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

static uint32_t inl(uint16_t port)
{
    MemTxResult r;
    uint32_t v = address_space_ldl_le(&address_space_io, port, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static uint16_t inw(uint16_t port)
{
    MemTxResult r;
    uint16_t v = address_space_lduw_le(&address_space_io, port, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static void test_pm_poweroff(void)
{
    IrqProbe sci;
    DeviceState *dev;
    int status = -1;
    char *log;

    irq_probe_init(&sci);
    dev = acpi_pm_create(get_system_io(), PM, sci.irq);
    g_assert_cmphex(inw(PM + 4), ==, ACPI_PM1_CNT_SCI_EN);
    g_assert_false(runstate_process_requests(&status));
    /* S3 (anything but S5) is not supported: logged, nothing happens. */
    devtest_log_clear();
    outw(PM + 4, 3 << 10 | ACPI_PM1_CNT_SLP_EN | 1);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "sleep type 3"));
    g_free(log);
    g_assert_false(runstate_process_requests(&status));
    /* SLP_TYP without SLP_EN: nothing either. */
    outw(PM + 4, ACPI_SLP_TYP_S5 << 10 | 1);
    g_assert_false(runstate_process_requests(&status));
    g_assert_cmphex(inw(PM + 4), ==, ACPI_SLP_TYP_S5 << 10 | 1);
    outw(PM + 4, ACPI_SLP_TYP_S5 << 10 | ACPI_PM1_CNT_SLP_EN | 1);
    g_assert_true(runstate_process_requests(&status));
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpint(sci.raises, ==, 0);
    devtest_destroy(dev);
    irq_probe_free(&sci);
}

/* `poweroff -f` in a guest: the main loop ends and the process exits 0. */
static void test_pm_poweroff_exit_status(void)
{
    int wstatus;
    pid_t pid = fork();

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        acpi_pm_create(get_system_io(), PM, NULL);
        address_space_stw_le(&address_space_io, PM + 4,
                             ACPI_SLP_TYP_S5 << 10 | ACPI_PM1_CNT_SLP_EN,
                             NULL);
        _exit(main_loop_run());
    }
    g_assert_cmpint(waitpid(pid, &wstatus, 0), ==, pid);
    g_assert_true(WIFEXITED(wstatus));
    g_assert_cmpint(WEXITSTATUS(wstatus), ==, 0);
}

static void test_pm_power_button(void)
{
    IrqProbe sci;
    DeviceState *dev;

    irq_probe_init(&sci);
    dev = acpi_pm_create(get_system_io(), PM, sci.irq);
    acpi_pm_power_button(dev);
    g_assert_cmphex(inw(PM), ==, ACPI_PM1_STS_PWRBTN);
    g_assert_cmpint(sci.level, ==, 0);              /* not enabled */
    outw(PM + 2, ACPI_PM1_STS_PWRBTN);
    g_assert_cmpint(sci.level, ==, 1);
    g_assert_cmphex(inl(PM), ==, ACPI_PM1_STS_PWRBTN << 16 |
                                 ACPI_PM1_STS_PWRBTN);
    outw(PM, 0x0001);                               /* other bits: kept */
    g_assert_cmpint(sci.level, ==, 1);
    outw(PM, ACPI_PM1_STS_PWRBTN);                  /* write 1 to clear */
    g_assert_cmpint(sci.level, ==, 0);
    g_assert_cmphex(inw(PM), ==, 0);
    /* GBL_EN and RTC_EN read back (Linux checks); other bits do not. */
    outw(PM + 2, 0xffff);
    g_assert_cmphex(inw(PM + 2), ==, ACPI_PM1_STS_PWRBTN | ACPI_PM1_EN_GBL |
                                     ACPI_PM1_EN_RTC | 1);
    g_assert_cmpint(sci.level, ==, 0);
    devtest_destroy(dev);
    irq_probe_free(&sci);
}

static void test_pm_timer(void)
{
    DeviceState *dev = acpi_pm_create(get_system_io(), PM, NULL);
    int64_t t0, t1;
    uint32_t v0, v1;
    char *log;

    vm_clock_stop();
    t0 = kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
    v0 = inl(PM + 8);
    g_assert_cmpuint(v0, ==, inl(PM + 8));          /* stopped clock */
    vm_clock_start();
    g_usleep(20000);
    vm_clock_stop();
    t1 = kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL);
    v1 = inl(PM + 8);
    g_assert_cmpuint(v1 - v0, ==,
                     (uint32_t)((unsigned __int128)t1 * ACPI_PM_TIMER_HZ /
                                NANOSECONDS_PER_SECOND -
                                (unsigned __int128)t0 * ACPI_PM_TIMER_HZ /
                                NANOSECONDS_PER_SECOND));
    g_assert_cmpuint(v1 - v0, >=, ACPI_PM_TIMER_HZ / 50 - 1);
    devtest_log_clear();
    outw(PM + 8, 0);
    log = devtest_log_take();
    g_assert_nonnull(strstr(log, "read-only"));
    g_free(log);
    devtest_destroy(dev);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    devtest_init();
    g_test_add_func("/acpi/aml-encodings", test_aml_encodings);
    g_test_add_func("/acpi/rsdp-and-roots", test_rsdp_and_roots);
    g_test_add_func("/acpi/fadt", test_fadt);
    g_test_add_func("/acpi/dsdt", test_dsdt);
    g_test_add_func("/acpi/madt", test_madt);
    g_test_add_func("/acpi/config-errors", test_config_errors);
    g_test_add_func("/acpi/pm-poweroff", test_pm_poweroff);
    g_test_add_func("/acpi/pm-poweroff-exit-status",
                    test_pm_poweroff_exit_status);
    g_test_add_func("/acpi/pm-power-button", test_pm_power_button);
    g_test_add_func("/acpi/pm-timer", test_pm_timer);
    ret = g_test_run();
    devtest_cleanup();
    return ret;
}
